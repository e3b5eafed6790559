// Command profile runs crmready's audit on files through audit.Run, as `crmready audit` does,
// under a CPU profile, optionally with a heap profile taken near the peak of the heap, and can
// write the JSON report:
//
//	profile -config bench/audit.yaml -as-of 2026-11-25 -cpuprofile cpu.prof data/contacts_1000000.parquet
//	go tool pprof -top -nodecount 25 profile cpu.prof
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/crmready/crmready/audit"
	"github.com/crmready/crmready/bench/internal/prof"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/reports"
)

func main() {
	cfg := flag.String("config", "", "crmready config file (YAML)")
	asOf := flag.String("as-of", "", "as_of, overriding the config's")
	cpu := flag.String("cpuprofile", "cpu.prof", "write the CPU profile here")
	mem := flag.String("memprofile", "", "write a heap profile here, taken when the heap was largest")
	out := flag.String("out", "", "write the JSON report here")
	workers := flag.Int("workers", 0, "audit workers (GOMAXPROCS when 0)")
	flag.Parse()
	if flag.NArg() == 0 {
		fail(fmt.Errorf("usage: profile [flags] FILE..."))
	}
	if err := run(*cfg, *asOf, *cpu, *mem, *out, *workers, flag.Args()); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "profile: %s\n", strings.Join(strings.Fields(err.Error()), " "))
	os.Exit(1)
}

func run(cfg, asOf, cpu, mem, out string, workers int, files []string) error {
	c, src, err := config.Load(cfg, nil)
	if err != nil {
		return err
	}
	if asOf != "" {
		c.AsOf, src["as_of"] = asOf, "flag --as-of"
	}
	plan, err := config.Resolve(c, src, cfg, config.Request{Files: files, Now: time.Now()})
	if err != nil {
		return err
	}
	f, err := os.Create(cpu)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	var peak *prof.PeakHeap
	if mem != "" {
		peak = prof.WatchHeap(mem)
	}
	start := time.Now()
	r, err := audit.Run(plan, audit.Options{Version: "bench-profile", Workers: workers})
	elapsed := time.Since(start)
	pprof.StopCPUProfile()
	if peak != nil {
		if perr := peak.Stop(); err == nil {
			err = perr
		}
	}
	if err != nil {
		return err
	}
	var rows int64
	for _, d := range r.Datasets {
		rows += d.Rows
	}
	fmt.Printf("profile: %d records in %.2fs, verdict %s", rows, elapsed.Seconds(), r.Verdict)
	if peak != nil {
		fmt.Printf(", heap profile at %.0f MiB of live heap", float64(peak.Max())/(1<<20))
	}
	fmt.Println()
	if out == "" {
		return nil
	}
	format, err := reports.ByPath(out)
	if err != nil {
		return err
	}
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := format.New(reports.Options{}).Write(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
