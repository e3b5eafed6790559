package audit

import (
	"log/slog"
	"strings"

	"github.com/crmready/crmready/checks"
)

// Progress receives how far an audit has got, for a display such as a progress bar on a
// terminal; the audit draws nothing itself. Phase is called from the audit's goroutines, so an
// implementation must be safe for concurrent use; each Counter is used by one goroutine.
type Progress interface {
	// Phase starts a phase of work on a dataset over about total records (0 when unknown) and
	// returns the counter that the records done are added to.
	Phase(dataset, phase string, total int64) Counter
}

// Counter counts the records one phase has done.
type Counter interface {
	Add(records int64)
	// Done ends the phase; the counter is not used after.
	Done()
}

// PhaseRead is the phase of reading a dataset's files: records read, soft-deleted ones
// included. Checks that fold batches in record order on one goroutine (duplicate detection)
// have a phase of their own, named after them ("duplicates"), that ends when their result is
// computed.
const PhaseRead = "reading"

// noProgress is the Progress of a run that reports none.
type noProgress struct{}

func (noProgress) Phase(string, string, int64) Counter { return noCounter{} }

type noCounter struct{}

func (noCounter) Add(int64) {}
func (noCounter) Done()     {}

// progressOf returns opt's Progress, or one that does nothing.
func progressOf(opt Options) Progress {
	if opt.Progress == nil {
		return noProgress{}
	}
	return opt.Progress
}

// loggerOf returns opt's Logger, or one that discards everything.
func loggerOf(opt Options) *slog.Logger {
	if opt.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return opt.Logger
}

// sequentialPhase names the phase of the checks that fold in record order ("duplicates"), or
// "" when there are none.
func sequentialPhase(cs []*checks.Check) string {
	var ids []string
	for _, c := range cs {
		if c.Sequential {
			ids = append(ids, c.ID)
		}
	}
	return strings.Join(ids, "+")
}
