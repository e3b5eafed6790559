// Command dedup measures crmready's duplicate detection: against the labelled sets (the shared
// FEBRL, restaurant and patstat, and the sets under the repository's testdata/dedup) and
// against a `crmready sample` directory whose truth.json says which records are copies of
// which, with the work and speed of the fuzzy tier (records/s,
// candidate pairs/s) and the process's peak RSS.
//
//	dedup -data ../shared/data [-testdata DIR]   the labelled sets, Markdown table
//	dedup -sample DIR -dataset contacts          a generated sample, scored against its truth
//
// Options: -threshold P (the check's default when 0), -fuzzy=false (exact and normalized only),
// -format parquet|xlsx (the sample's file to read), -show N (with -sample: the errors).
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/internal/dedupeval"
)

func main() {
	data := flag.String("data", "", "shared data folder: score the labelled sets")
	testdata := flag.String("testdata", "../testdata", "the repository's testdata folder (the labelled sets added there)")
	sampleDir := flag.String("sample", "", "a crmready sample directory: score a dataset against truth.json")
	dataset := flag.String("dataset", "contacts", "the sample dataset to score")
	format := flag.String("format", "csv", "the sample file format to read (csv, parquet, xlsx)")
	threshold := flag.Float64("threshold", 0, "fuzzy match threshold (the check's default when 0)")
	fuzzy := flag.Bool("fuzzy", true, "run the fuzzy tier")
	show := flag.Int("show", 0, "with -sample: print this many wrongly joined clusters and missed fuzzy copies")
	flag.Parse()
	var err error
	switch {
	case *data != "":
		err = labelled(dedupeval.Dirs{Shared: *data, Testdata: *testdata}, *fuzzy, *threshold)
	case *sampleDir != "":
		err = sample(*sampleDir, *dataset, *format, *fuzzy, *threshold, *show)
	default:
		err = fmt.Errorf("give -data DIR or -sample DIR")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dedup:", err)
		os.Exit(1)
	}
}

func labelled(dirs dedupeval.Dirs, fuzzy bool, threshold float64) error {
	fmt.Println("| set | records | pairwise P | R | F1 | B-cubed P | R | F1 | pair completeness | reduction ratio | candidates | largest (truth) | s |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range dedupeval.Sets {
		o, err := dedupeval.Run(dirs, s, fuzzy, threshold)
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

// sample scores one dataset of a generated sample against its truth; show > 0 prints that many
// wrongly joined clusters and fuzzy copies not joined to their source.
func sample(dir, name, format string, fuzzy bool, threshold float64, show int) error {
	g, err := dedupeval.ReadGenerated(dir, name, format)
	if err != nil {
		return err
	}
	o, err := dedupeval.RunGenerated(g, fuzzy, threshold)
	if err != nil {
		return err
	}
	r := o.Result
	fmt.Printf("%s (%s): %d records; injected copies: %v\n", g.File, name, o.Scores.Records, g.Copies)
	for _, m := range r.Metrics {
		if strings.HasPrefix(m.ID, "duplicates.") && (m.Unit == checks.Ratio || strings.HasSuffix(m.ID, "clusters")) {
			fmt.Printf("  %s = %.4f (%d)\n", m.ID, m.Value, m.Count)
		}
	}
	fmt.Println("  " + o.Scores.String())
	var pairs [][2]int64
	if r.Fuzzy != nil {
		pairs = r.Fuzzy.Pairs
	}
	fmt.Println("  " + g.ScoreCopies(r.Clusters, pairs).String())
	fmt.Println("  nicknamed only: " + (&dedupeval.Generated{Fuzzy: g.Nicknamed}).ScoreCopies(r.Clusters, pairs).String())
	if f := r.Fuzzy; f != nil {
		s := o.Elapsed.Seconds()
		fmt.Printf("  fuzzy tier: %d records compared, %d keys, %d blocks (%d by sorted neighbourhood), %d pairs proposed, %d distinct, %d scored, %d matched\n",
			f.Records, f.Keys, f.Blocks, f.Large, f.Proposed, f.Candidates, f.Compared, f.Matched)
		fmt.Printf("  speed: %.1f s for the read and every duplicate tier; %.0f records/s, %.0f candidate pairs/s\n",
			s, float64(o.Scores.Records)/s, float64(f.Candidates)/s)
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Printf("  peak RSS %d MiB (this process: truth and scoring included)\n", ru.Maxrss/1024)
	}
	if show > 0 {
		return errors(g, r.Clusters, show)
	}
	return nil
}

// errors prints up to n clusters joining records of several entities, with their evidence, and
// up to n fuzzy copies not joined to their source, with both records.
func errors(g *dedupeval.Generated, clusters []checks.Cluster, n int) error {
	cluster := map[int64]int64{}
	shown := 0
	for _, c := range clusters {
		labels := map[string]bool{}
		for _, m := range c.Members {
			labels[g.Labels[m.Record-1]] = true
			cluster[m.Record] = c.ID
		}
		if len(labels) < 2 || shown >= n {
			continue
		}
		shown++
		fmt.Printf("wrongly joined, %s cluster %d (score %.3f): %v\n", c.Tier, c.ID, c.Score, c.Columns)
		for _, m := range c.Members {
			fmt.Printf("    %d (entity %s): %v\n", m.Record, g.Labels[m.Record-1], m.Values)
		}
		for _, e := range c.Evidence {
			fmt.Printf("    %s\n", e)
		}
	}
	var missed []int64
	for _, p := range g.Fuzzy {
		if c, ok := cluster[p[0]]; (!ok || cluster[p[1]] != c) && len(missed) < 2*n {
			missed = append(missed, p[0], p[1])
		}
	}
	rows, err := csvRows(g.File, missed)
	if err != nil {
		return err
	}
	for i := 0; i < len(missed); i += 2 {
		fmt.Printf("missed: %d %v\n        %d %v\n", missed[i], rows[missed[i]], missed[i+1], rows[missed[i+1]])
	}
	return nil
}

// csvRows reads the given records (1-based data rows) of a CSV file.
func csvRows(path string, recs []int64) (map[int64][]string, error) {
	want := map[int64]bool{}
	for _, r := range recs {
		want[r] = true
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	out := map[int64][]string{}
	for k := int64(0); len(out) < len(want); k++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if want[k] {
			out[k] = rec
		}
	}
	return out, nil
}
