package audit

import (
	"sync"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
)

// pipeline folds batches through the analyzers of every check. Checks that ask for it see the
// batches in record order on one goroutine; the others are folded by several workers, each with
// its own state, and the states are merged at the end.
type pipeline struct {
	checks []*checks.Check
	seq    map[int]checks.Analyzer // check index -> its single analyzer
	par    [][]checks.Analyzer     // worker -> check index -> analyzer (nil for sequential)
	seqCh  chan *extract.Batch
	parCh  chan *extract.Batch
	wg     sync.WaitGroup
}

func newPipeline(cs []*checks.Check, ds *checks.Dataset, p *checks.Params, workers int) (*pipeline, error) {
	pl := &pipeline{checks: cs, seq: map[int]checks.Analyzer{}, par: make([][]checks.Analyzer, workers)}
	for w := range pl.par {
		pl.par[w] = make([]checks.Analyzer, len(cs))
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
	pl.seqCh = make(chan *extract.Batch, 2)
	pl.parCh = make(chan *extract.Batch, workers)
	pl.wg.Add(1)
	go func() {
		defer pl.wg.Done()
		for b := range pl.seqCh {
			for _, a := range pl.seq {
				a.Fold(b)
			}
		}
	}()
	for w := range pl.par {
		pl.wg.Add(1)
		go func(as []checks.Analyzer) {
			defer pl.wg.Done()
			for b := range pl.parCh {
				for _, a := range as {
					if a != nil {
						a.Fold(b)
					}
				}
			}
		}(pl.par[w])
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

// finish waits for the last batch to be folded, merges the workers' states and returns one
// result per check, in the checks' order; exports receives what the analyzers offer to the
// checks that span datasets.
func (pl *pipeline) finish(exports *checks.Exports) []checks.Result {
	close(pl.seqCh)
	close(pl.parCh)
	pl.wg.Wait()
	out := make([]checks.Result, len(pl.checks))
	for k := range pl.checks {
		a := pl.seq[k]
		if a == nil {
			a = pl.par[0][k]
			for _, w := range pl.par[1:] {
				a.Merge(w[k])
			}
		}
		out[k] = a.Result()
		if e, ok := a.(checks.Exporter); ok {
			e.Export(exports)
		}
	}
	return out
}
