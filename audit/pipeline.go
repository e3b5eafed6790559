package audit

import (
	"log/slog"
	"sync"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
)

// pipeline folds batches through the analyzers of every check. Checks that ask for it see the
// batches in record order on one goroutine; the others are folded by several workers, each with
// its own state, and the states are merged at the end. It times each check (for the log, never
// the report) and counts the records the sequential checks have folded (for progress).
type pipeline struct {
	checks []*checks.Check
	seq    map[int]checks.Analyzer // check index -> its single analyzer
	par    [][]checks.Analyzer     // worker -> check index -> analyzer (nil for sequential)
	seqCh  chan *extract.Batch
	parCh  chan *extract.Batch
	wg     sync.WaitGroup
	// fold is the time each goroutine spent in each check's Fold: [goroutine][check], the
	// sequential goroutine last.
	fold    [][]time.Duration
	seqDone Counter
	dataset string
	log     *slog.Logger
}

// newPipeline starts the goroutines that fold batches; total is the number of records expected
// (0 when unknown), for progress.
func newPipeline(cs []*checks.Check, ds *checks.Dataset, p *checks.Params, opt Options, total int64) (*pipeline, error) {
	workers := workers(opt)
	pl := &pipeline{checks: cs, seq: map[int]checks.Analyzer{}, par: make([][]checks.Analyzer, workers),
		fold: make([][]time.Duration, workers+1), dataset: ds.Name, log: loggerOf(opt), seqDone: noCounter{}}
	for w := range pl.fold {
		pl.fold[w] = make([]time.Duration, len(cs))
	}
	for w := range pl.par {
		pl.par[w] = make([]checks.Analyzer, len(cs))
	}
	if opt.Progress != nil {
		withMeter := *p // p is shared by the datasets
		withMeter.Meter = func(step string, total int64) checks.Meter { return opt.Progress.Phase(ds.Name, step, total) }
		p = &withMeter
	}
	for k, c := range cs {
		if c.Sequential {
			a, err := c.New(ds, p)
			if err != nil {
				return nil, err
			}
			pl.seq[k] = a
			continue
		}
		for w := range pl.par {
			a, err := c.New(ds, p)
			if err != nil {
				return nil, err
			}
			pl.par[w][k] = a
		}
	}
	if name := sequentialPhase(cs); name != "" {
		pl.seqDone = progressOf(opt).Phase(ds.Name, name, total)
	}
	pl.seqCh = make(chan *extract.Batch, 2)
	pl.parCh = make(chan *extract.Batch, workers)
	pl.wg.Add(1)
	go func(spent []time.Duration) {
		defer pl.wg.Done()
		for b := range pl.seqCh {
			for k, a := range pl.seq {
				start := time.Now()
				a.Fold(b)
				spent[k] += time.Since(start)
			}
			pl.seqDone.Add(int64(b.Len))
		}
	}(pl.fold[workers])
	for w := range pl.par {
		pl.wg.Add(1)
		go func(as []checks.Analyzer, spent []time.Duration) {
			defer pl.wg.Done()
			for b := range pl.parCh {
				for k, a := range as {
					if a != nil {
						start := time.Now()
						a.Fold(b)
						spent[k] += time.Since(start)
					}
				}
			}
		}(pl.par[w], pl.fold[w])
	}
	return pl, nil
}

// push hands a batch to every analyzer.
func (pl *pipeline) push(b *extract.Batch) {
	if len(pl.seq) > 0 {
		pl.seqCh <- b
	}
	pl.parCh <- b
}

// finish waits for the last batch to be folded, merges the workers' states and returns the
// result of each check, keyed by the check; exports receives what the analyzers offer to the
// checks that span datasets. Each check's time is logged at Debug level.
func (pl *pipeline) finish(exports *checks.Exports) results {
	close(pl.seqCh)
	close(pl.parCh)
	pl.wg.Wait()
	out := make(results, len(pl.checks))
	for k, c := range pl.checks {
		start := time.Now()
		a := pl.seq[k]
		if a == nil {
			a = pl.par[0][k]
			for _, w := range pl.par[1:] {
				a.Merge(w[k])
			}
		}
		out[c] = a.Result()
		if e, ok := a.(checks.Exporter); ok {
			e.Export(exports)
		}
		var fold time.Duration
		for _, spent := range pl.fold {
			fold += spent[k]
		}
		pl.log.Debug("check timing", "dataset", pl.dataset, "check", c.ID, "fold", fold.Round(time.Microsecond),
			"merge_and_result", time.Since(start).Round(time.Microsecond))
	}
	pl.seqDone.Done()
	return out
}

// results holds what each check measured on a dataset, keyed by the check (as go/analysis keys
// results by *Analyzer), never by its position in a list.
type results map[*checks.Check]checks.Result
