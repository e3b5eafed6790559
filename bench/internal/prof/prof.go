// Package prof writes the profiles of the benchmark's programs.
package prof

import (
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// PeakHeap samples the live heap every 200 ms and writes a heap profile each time it passes
// its previous maximum by 5%, so the file left holds the allocations live near the peak (as of
// the GC before it: that is what a heap profile records).
type PeakHeap struct {
	path string
	max  uint64
	err  error
	quit chan struct{}
	done chan struct{}
}

// WatchHeap starts watching the heap; Stop ends it and returns the first error writing the
// profile.
func WatchHeap(path string) *PeakHeap {
	p := &PeakHeap{path: path, quit: make(chan struct{}), done: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	go func() {
		defer close(p.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > p.max+p.max/20 {
				p.max = live
				if err := p.write(); p.err == nil {
					p.err = err
				}
			}
		}
	}()
	return p
}

func (p *PeakHeap) write() error {
	f, err := os.Create(p.path)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (p *PeakHeap) Stop() error {
	close(p.quit)
	<-p.done
	if p.max == 0 { // a run shorter than one sample
		runtime.GC()
		return p.write()
	}
	return p.err
}

// Max returns the largest live heap seen, in bytes.
func (p *PeakHeap) Max() uint64 { return p.max }
