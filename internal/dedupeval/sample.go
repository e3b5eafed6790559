package dedupeval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/sample"
)

// Generated is one dataset of a `crmready sample` directory with the truth its generator logged:
// every copy (exact, near, fuzzy, reusing an id) is one entity with the record it copies.
type Generated struct {
	File   string // the dataset's file in the requested format
	Labels Labels
	// Fuzzy are the fuzzy copies and their sources (lower record first): records of one person
	// written differently, that no exact or normalized key joins.
	Fuzzy [][2]int64
	// Nicknamed are the fuzzy copies whose first name is a nickname of their source's, a subset
	// of Fuzzy (the others have a misspelt name).
	Nicknamed [][2]int64
	// Copies counts the injected copies by kind (duplicate, near_duplicate, fuzzy_duplicate,
	// same_id).
	Copies map[string]int
}

// ReadGenerated reads dataset name of the sample in dir, its file in format (csv, parquet,
// xlsx), and its labels from truth.json.
func ReadGenerated(dir, name, format string) (*Generated, error) {
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return nil, err
	}
	var truth sample.Truth
	if err := json.Unmarshal(b, &truth); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "truth.json"), err)
	}
	i := slices.IndexFunc(truth.Datasets, func(d sample.TruthTable) bool { return d.Name == name })
	if i < 0 {
		return nil, fmt.Errorf("no dataset %q in %s", name, filepath.Join(dir, "truth.json"))
	}
	return generated(dir, &truth.Datasets[i], format)
}

func generated(dir string, d *sample.TruthTable, format string) (*Generated, error) {
	g := &Generated{Copies: map[string]int{}}
	for _, f := range d.Files {
		if filepath.Ext(f) == "."+format {
			g.File = filepath.Join(dir, f)
		}
	}
	if g.File == "" {
		return nil, fmt.Errorf("no %s file for %s (files: %v)", format, d.Name, d.Files)
	}
	parent := make([]int, d.Records+1)
	for k := range parent {
		parent[k] = k
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, in := range d.Injections {
		switch in.Defect {
		case "duplicate", "near_duplicate", "fuzzy_duplicate", "same_id":
			if in.Record < 1 || in.Record > d.Records || in.Of < 1 || in.Of > d.Records {
				return nil, fmt.Errorf("%s: %s of record %d: record %d outside the %d records", d.Name, in.Defect, in.Of, in.Record, d.Records)
			}
			a, b := find(in.Record), find(in.Of)
			parent[max(a, b)] = min(a, b)
			g.Copies[in.Defect]++
			if in.Defect == "fuzzy_duplicate" {
				p := [2]int64{int64(min(in.Record, in.Of)), int64(max(in.Record, in.Of))}
				g.Fuzzy = append(g.Fuzzy, p)
				if strings.HasPrefix(in.Value, "nickname ") {
					g.Nicknamed = append(g.Nicknamed, p)
				}
			}
		}
	}
	g.Labels = make(Labels, d.Records)
	for k := range g.Labels {
		g.Labels[k] = fmt.Sprint(find(k + 1))
	}
	return g, nil
}

// CopyScores say how many of a sample's fuzzy copies blocking proposed with their source
// (Blocked) and the clusters joined to it (Found).
type CopyScores struct {
	Injected, Blocked, Found int
	Recall                   float64 // Found / Injected
}

// ScoreCopies scores the fuzzy copies against clusters (every member listed) and candidate pairs.
func (g *Generated) ScoreCopies(clusters []checks.Cluster, candidates [][2]int64) CopyScores {
	s := CopyScores{Injected: len(g.Fuzzy)}
	cluster := map[int64]int64{}
	for _, c := range clusters {
		for _, m := range c.Members {
			cluster[m.Record] = c.ID
		}
	}
	proposed := make(map[[2]int64]bool, len(candidates))
	for _, p := range candidates {
		proposed[p] = true
	}
	for _, p := range g.Fuzzy {
		if proposed[p] {
			s.Blocked++
		}
		if c, ok := cluster[p[0]]; ok && cluster[p[1]] == c {
			s.Found++
		}
	}
	s.Recall = ratio(int64(s.Found), int64(s.Injected), 1)
	return s
}

// String writes the scores on one line.
func (s CopyScores) String() string {
	return fmt.Sprintf("fuzzy copies: %d injected, %d proposed by blocking with their source, %d joined to it (recall %.4f)",
		s.Injected, s.Blocked, s.Found, s.Recall)
}
