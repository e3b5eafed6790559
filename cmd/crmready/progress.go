package main

import (
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/crmready/crmready/audit"
	"github.com/crmready/crmready/checks"
)

// observe sets up what an audit reports on stderr, which never carries the report: logs through
// log/slog (timings per dataset, and per check with verbose) and, when stderr is a terminal and
// not quiet, a progress bar per phase (reading a dataset, duplicate detection) with records and
// records a second. The returned function ends the bars and logs the audit's duration; call it
// once the run returns, before anything is written to stdout.
func (e *env) observe(opts *audit.Options, verbose, quiet bool) (stop func()) {
	start := time.Now()
	sink := &switchWriter{w: e.stderr}
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	log := newLogger(sink, level)
	opts.Logger = log
	var bars *terminalProgress
	if !quiet && isInteractive(e.stderr) {
		bars = newTerminalProgress(e.stderr)
		opts.Progress = bars
		sink.set(bars.p) // log lines print above the bars while they run
	}
	return func() {
		if bars != nil {
			bars.stop()
			sink.set(e.stderr)
		}
		log.Info("audit done", "duration", time.Since(start).Round(time.Millisecond))
	}
}

// newLogger writes records as text lines without a time stamp (the lines are for a person or a
// CI log, which stamps them itself).
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}}))
}

// switchWriter is a writer whose destination can change while others write to it.
type switchWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *switchWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

func (s *switchWriter) set(w io.Writer) {
	s.mu.Lock()
	s.w = w
	s.mu.Unlock()
}

// isInteractive reports whether w is a terminal a progress bar can redraw (not a file, a pipe,
// or a character device such as /dev/null).
func isInteractive(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// terminalProgress draws one bar per phase with mpb (phases overlap: duplicate detection runs
// while the file is read), removing each bar when its phase ends.
type terminalProgress struct {
	p    *mpb.Progress
	mu   sync.Mutex
	bars []*mpb.Bar
}

func newTerminalProgress(w io.Writer) *terminalProgress {
	return &terminalProgress{p: mpb.New(mpb.WithOutput(w), mpb.WithWidth(30), mpb.WithRefreshRate(150*time.Millisecond))}
}

// Phase implements audit.Progress.
func (t *terminalProgress) Phase(dataset, phase string, total int64) audit.Counter {
	// A bar made with a total completes when the count reaches it; made without one, it
	// completes only when told, and the total set after is shown but triggers nothing.
	unit := "records"
	if phase == checks.StepFuzzyPairs {
		unit = "pairs"
	}
	bar := t.p.AddBar(0, mpb.BarRemoveOnComplete(),
		mpb.PrependDecorators(decor.Name(dataset+" "+phase, decor.WCSyncSpaceR)),
		mpb.AppendDecorators(decor.CurrentNoUnit("%d "+unit, decor.WCSyncSpace), decor.AverageSpeed(0, "%.0f "+unit+"/s", decor.WCSyncSpace)))
	if total > 0 {
		bar.SetTotal(total, false)
	}
	t.mu.Lock()
	t.bars = append(t.bars, bar)
	t.mu.Unlock()
	return &barCounter{bar: bar, total: total}
}

// stop ends the bars of phases an error left open and waits for the last redraw.
func (t *terminalProgress) stop() {
	t.mu.Lock()
	for _, b := range t.bars {
		if !b.Completed() {
			b.Abort(true)
		}
	}
	t.mu.Unlock()
	t.p.Wait()
}

// barCounter counts a phase's records on its bar; the bar completes when the phase is done. A
// total that is an estimate (CSV) moves ahead of the count when the count passes it.
type barCounter struct {
	bar   *mpb.Bar
	total int64
	done  int64
}

func (c *barCounter) Add(n int64) {
	c.done += n
	if c.total > 0 && c.done >= c.total {
		c.total = c.done + c.done/10 + 1
		c.bar.SetTotal(c.total, false)
	}
	c.bar.IncrInt64(n)
}

func (c *barCounter) Done() { c.bar.SetTotal(-1, true) }
