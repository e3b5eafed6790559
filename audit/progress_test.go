package audit

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/internal/testkit"
)

// phaseLog records the phases a run reports.
type phaseLog struct {
	mu     sync.Mutex
	phases []*phaseRec
}

type phaseRec struct {
	dataset, phase string
	total, done    int64
	ended          int
}

func (l *phaseLog) Phase(dataset, phase string, total int64) Counter {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := &phaseRec{dataset: dataset, phase: phase, total: total}
	l.phases = append(l.phases, r)
	return r
}

func (r *phaseRec) Add(n int64) { r.done += n }
func (r *phaseRec) Done()       { r.ended++ }

// recordLog keeps the messages of log records with their dataset and check.
type recordLog struct {
	mu   sync.Mutex
	msgs []string
}

func (h *recordLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *recordLog) WithGroup(string) slog.Handler            { return h }
func (h *recordLog) Handle(_ context.Context, r slog.Record) error {
	s := r.Level.String() + " " + r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "dataset" || a.Key == "check" {
			s += " " + a.Value.String()
		}
		return true
	})
	h.mu.Lock()
	h.msgs = append(h.msgs, s)
	h.mu.Unlock()
	return nil
}

// TestProgressAndLog: a run reports, per dataset, the records read (soft-deleted ones included)
// and the records duplicate detection folded, each phase ended once; it logs each dataset and
// each check's timing; and none of it changes the report.
func TestProgressAndLog(t *testing.T) {
	root := testkit.Root(t)
	files := []string{root + "/testdata/sample/leads.csv", root + "/testdata/crm/salesforce_leads_deleted.csv"}
	p := plan(t, nil, files...)
	plain := jsonOf(t, audit(t, p, 0))

	var phases phaseLog
	var logs recordLog
	r, err := Run(p, Options{Version: "test", BatchSize: 97, Progress: &phases, Logger: slog.New(&logs)})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(jsonOf(t, r), plain) {
		t.Error("progress and logging changed the report")
	}
	var fuzzy []*phaseRec
	for _, ph := range phases.phases {
		if ph.phase == checks.StepFuzzyPairs {
			fuzzy = append(fuzzy, ph)
		}
	}
	if len(phases.phases)-len(fuzzy) != 2*len(r.Datasets) {
		t.Fatalf("%d phases for %d datasets", len(phases.phases), len(r.Datasets))
	}
	// The fuzzy tier's scoring is a step of its own, counted in candidate pairs.
	if len(fuzzy) != len(r.Datasets) {
		t.Errorf("%d fuzzy scoring steps for %d datasets of people", len(fuzzy), len(r.Datasets))
	}
	for _, ph := range fuzzy {
		if ph.total < 0 || ph.done > ph.total || ph.ended != 1 || ph.dataset == "leads" && ph.total == 0 {
			t.Errorf("%s %s: %d of %d pairs, ended %d times; want no more than the total (the sample's leads have candidates), ended once",
				ph.dataset, ph.phase, ph.done, ph.total, ph.ended)
		}
	}
	for _, d := range r.Datasets {
		want := map[string]int64{PhaseRead: d.Rows + d.Deleted, "duplicates": d.Rows}
		for _, ph := range phases.phases {
			if ph.dataset != d.Name || ph.phase == checks.StepFuzzyPairs {
				continue
			}
			if ph.done != want[ph.phase] || ph.ended != 1 || ph.total <= 0 {
				t.Errorf("%s %s: %d records (total %d), ended %d times; want %d records, ended once, a total estimated",
					d.Name, ph.phase, ph.done, ph.total, ph.ended, want[ph.phase])
			}
			delete(want, ph.phase)
		}
		if len(want) > 0 {
			t.Errorf("%s: phases %v not reported", d.Name, want)
		}
		if d.Deleted == 0 && d.Name == "salesforce_leads_deleted" {
			t.Error("no soft-deleted record: the test does not tell records read from records folded")
		}
	}
	got := map[string]bool{}
	for _, m := range logs.msgs {
		got[m] = true
	}
	for _, d := range r.Datasets {
		if !got["INFO dataset audited "+d.Name] {
			t.Errorf("no dataset log for %s in %q", d.Name, logs.msgs)
		}
		for _, c := range []string{"completeness", "duplicates", "staleness", "validity", "consistency", "volume"} {
			if !got["DEBUG check timing "+d.Name+" "+c] {
				t.Errorf("no timing for %s %s", d.Name, c)
			}
		}
	}
}
