// Command dedup measures crmready's duplicate detection: against the shared labelled sets
// (FEBRL, restaurant, patstat) and against a `crmready sample` directory whose truth.json says
// which records are copies of which, with the work and speed of the fuzzy tier (records/s,
// candidate pairs/s) and the process's peak RSS.
//
//	dedup -data ../shared/data                  the labelled sets, Markdown table
//	dedup -sample DIR -dataset contacts          a generated sample, scored against its truth
//
// Options: -threshold P (the check's default when 0), -fuzzy=false (exact and normalized only).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/crmready/crmready/audit"
	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/internal/dedupeval"
)

func main() {
	data := flag.String("data", "", "shared data folder: score the labelled sets")
	sampleDir := flag.String("sample", "", "a crmready sample directory: score a dataset against truth.json")
	dataset := flag.String("dataset", "contacts", "the sample dataset to score")
	format := flag.String("format", "csv", "the sample file format to read (csv, parquet, xlsx)")
	threshold := flag.Float64("threshold", 0, "fuzzy match threshold (the check's default when 0)")
	fuzzy := flag.Bool("fuzzy", true, "run the fuzzy tier")
	flag.Parse()
	var err error
	switch {
	case *data != "":
		err = labelled(*data, *fuzzy, *threshold)
	case *sampleDir != "":
		err = sample(*sampleDir, *dataset, *format, *fuzzy, *threshold)
	default:
		err = fmt.Errorf("give -data DIR or -sample DIR")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dedup:", err)
		os.Exit(1)
	}
}

func labelled(dir string, fuzzy bool, threshold float64) error {
	fmt.Println("| set | records | pairwise P | R | F1 | B-cubed P | R | F1 | pair completeness | reduction ratio | candidates | largest (truth) | s |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range dedupeval.Sets {
		o, err := dedupeval.Run(dir, s, fuzzy, threshold)
		if err != nil {
			return err
		}
		row(s.Name, o.Scores, o.Elapsed)
	}
	return nil
}

func row(name string, sc dedupeval.Scores, elapsed time.Duration) {
	fmt.Printf("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.4f | %.4f | %d | %d (%d) | %.2f |\n", name, sc.Records,
		sc.Precision, sc.Recall, sc.F1, sc.BPrecision, sc.BRecall, sc.BF1, sc.PairCompleteness, sc.Reduction, sc.Candidates,
		sc.LargestCluster, sc.LargestTruth, elapsed.Seconds())
}

// truthDataset is what the scoring reads of a dataset in truth.json.
type truthDataset struct {
	Name       string   `json:"name"`
	Files      []string `json:"files"`
	Records    int      `json:"records"`
	Injections []struct {
		Record int    `json:"record"`
		Defect string `json:"defect"`
		Of     int    `json:"of"`
	} `json:"injections"`
}

// sample scores one dataset of a generated sample against its truth.
func sample(dir, name, format string, fuzzy bool, threshold float64) error {
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return err
	}
	var truth struct {
		Datasets []truthDataset `json:"datasets"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return fmt.Errorf("truth.json: %w", err)
	}
	i := slices.IndexFunc(truth.Datasets, func(d truthDataset) bool { return d.Name == name })
	if i < 0 {
		return fmt.Errorf("no dataset %q in truth.json", name)
	}
	d := truth.Datasets[i]
	file := ""
	for _, f := range d.Files {
		if filepath.Ext(f) == "."+format {
			file = filepath.Join(dir, f)
		}
	}
	if file == "" {
		return fmt.Errorf("no %s file for %s (files: %v)", format, name, d.Files)
	}
	// Entities: every copy (exact, near, fuzzy, same id) belongs with the record it copies.
	parent := make([]int, d.Records+1)
	for k := range parent {
		parent[k] = k
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	kinds := map[string]int{}
	for _, in := range d.Injections {
		switch in.Defect {
		case "duplicate", "near_duplicate", "fuzzy_duplicate", "same_id":
			a, b := find(in.Record), find(in.Of)
			parent[max(a, b)] = min(a, b)
			kinds[in.Defect]++
		}
	}
	labels := make(dedupeval.Labels, d.Records)
	for k := range labels {
		labels[k] = fmt.Sprint(find(k + 1))
	}
	enabled := fuzzy
	c := &config.Config{AsOf: "now", Datasets: []config.Dataset{{Name: name, Files: []string{file}}}}
	c.Checks.Duplicates.Fuzzy = config.FuzzyDuplicates{Enabled: &enabled, Threshold: threshold}
	if err := config.Validate(c); err != nil {
		return err
	}
	plan, err := config.Resolve(c, config.Sources{}, "", config.Request{Now: time.Now()})
	if err != nil {
		return err
	}
	start := time.Now()
	runs, err := audit.Duplicates(plan, audit.Options{Version: "bench"})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	r := runs[0].Result
	var pairs [][2]int64
	if r.Fuzzy != nil {
		pairs = r.Fuzzy.Pairs
	}
	sc, err := dedupeval.Score(labels, r.Clusters, pairs)
	if err != nil {
		return err
	}
	fmt.Printf("%s (%s): %d records; injected copies: %v\n", file, name, runs[0].Rows, kinds)
	for _, m := range r.Metrics {
		if len(m.ID) > 11 && m.ID[:11] == "duplicates." && (m.Unit == checks.Ratio || m.ID[len(m.ID)-8:] == "clusters") {
			fmt.Printf("  %s = %.4f (%d)\n", m.ID, m.Value, m.Count)
		}
	}
	fmt.Println("  " + sc.String())
	if f := r.Fuzzy; f != nil {
		s := elapsed.Seconds()
		fmt.Printf("  fuzzy tier: %d records compared, %d keys, %d blocks (%d by sorted neighbourhood), %d pairs proposed, %d distinct, %d scored, %d matched\n",
			f.Records, f.Keys, f.Blocks, f.Large, f.Proposed, f.Candidates, f.Compared, f.Matched)
		fmt.Printf("  speed: %.1f s for the read and every duplicate tier; %.0f records/s, %.0f candidate pairs/s\n",
			s, float64(runs[0].Rows)/s, float64(f.Candidates)/s)
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Printf("  peak RSS %d MiB (this process, scoring included)\n", ru.Maxrss/1024)
	}
	return nil
}
