package dedupeval

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/internal/testkit"
	"github.com/crmready/crmready/sample"
)

// TestLabelledSets scores the duplicates check against every labelled set and holds each to the
// scores recorded in testdata/dedup/scores.json (README, "Duplicate detection measured"): a set
// that drops below its recorded precision, recall, F1, B-cubed F1 or candidate recall fails, and
// a set without a record fails too. The defaults are the check's, the same for every set.
func TestLabelledSets(t *testing.T) {
	dir := filepath.Dir(filepath.Dir(filepath.Dir(testkit.Data(t, "dedup/febrl/dataset1.csv"))))
	dirs := Dirs{Shared: dir, Testdata: filepath.Join(testkit.Root(t), "testdata")}
	recorded, err := ReadRecorded(filepath.Join(dirs.Testdata, "dedup", "scores.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Sets {
		want, ok := recorded[s.Name]
		if !ok {
			t.Errorf("%s: no recorded scores in testdata/dedup/scores.json", s.Name)
			continue
		}
		base, err := Run(dirs, s, false, 0)
		if err != nil {
			t.Fatal(err)
		}
		o, err := Run(dirs, s, true, 0)
		if err != nil {
			t.Fatal(err)
		}
		sc := o.Scores
		t.Logf("%s: exact+normalized: %s", s.Name, base.Scores)
		t.Logf("%s: with fuzzy: %s", s.Name, sc)
		if below := want.Below(sc); len(below) > 0 {
			t.Errorf("%s: below its recorded %v: %s", s.Name, below, sc)
		}
		if sc.Recall <= base.Scores.Recall {
			t.Errorf("%s: the fuzzy tier adds no recall (%.3f, %.3f without)", s.Name, sc.Recall, base.Scores.Recall)
		}
		if o.Fuzzy == nil || o.Fuzzy.Candidates == 0 || base.Fuzzy != nil {
			t.Errorf("%s: fuzzy stats %+v with the tier on, %+v off", s.Name, o.Fuzzy, base.Fuzzy)
		}
	}
}

// TestRecordedBelow: each measure under its recorded floor is named.
func TestRecordedBelow(t *testing.T) {
	r := Recorded{Precision: 0.9, Recall: 0.5, F1: 0.6, BF1: 0.7, PairCompleteness: 0.8}
	got := r.Below(Scores{Precision: 0.95, Recall: 0.4, F1: 0.6, BF1: 0.69, PairCompleteness: 0.9})
	if strings.Join(got, ",") != "recall 0.500,b_cubed_f1 0.700" {
		t.Errorf("below = %v", got)
	}
}

// TestScore checks the measures on a hand-made case.
func TestScore(t *testing.T) {
	labels := Labels{"a", "a", "a", "b", "b", "c"}
	clusters := []checks.Cluster{
		{ID: 1, Size: 2, Members: []checks.ClusterMember{{Record: 1}, {Record: 2}}},
		{ID: 2, Size: 3, Members: []checks.ClusterMember{{Record: 3}, {Record: 4}, {Record: 5}}},
	}
	s, err := Score(labels, clusters, [][2]int64{{1, 2}, {1, 3}, {4, 5}, {5, 6}})
	if err != nil {
		t.Fatal(err)
	}
	// true pairs: a 3, b 1 = 4; predicted: 1 + 3 = 4; correct: (1,2) and (4,5) = 2
	if s.TruePairs != 4 || s.PredictedPairs != 4 || s.CorrectPairs != 2 || !near(s.F1, 0.5) {
		t.Errorf("pairwise: %s", s)
	}
	// B-cubed precision: 1,1,1/3,2/3,2/3,1 -> 14/3/6; recall: 2/3,2/3,1/3,1,1,1 -> 14/3/6
	if !near(s.BPrecision, 14.0/18) || !near(s.BRecall, 14.0/18) {
		t.Errorf("b-cubed: %s", s)
	}
	if s.Candidates != 4 || !near(s.PairCompleteness, 0.75) || !near(s.Reduction, 1-4.0/15) || s.LargestCluster != 3 || s.LargestTruth != 3 {
		t.Errorf("blocking: %s", s)
	}
	if _, err := Score(labels, []checks.Cluster{{ID: 1, Size: 3, Members: []checks.ClusterMember{{Record: 1}, {Record: 2}}}}, nil); err == nil {
		t.Error("a capped cluster was scored")
	}
}

func TestFEBRLLabels(t *testing.T) {
	l, err := FEBRL(testkit.Data(t, "dedup/febrl/dataset1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l) != 1000 || l[0] != "223" {
		t.Errorf("labels: %d, first %q", len(l), l[0])
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestGenerated audits a `crmready sample` extract and holds the fuzzy tier to floors a little
// below what it reaches on the generator's fuzzy copies (misspelt or nicknamed names, the email
// rebuilt to match, no phone, a company without its legal form), which no exact or normalized
// key joins: their recall, and the pairwise precision of every cluster. Numbers: README,
// "Duplicate detection measured".
func TestGenerated(t *testing.T) {
	dir := t.TempDir()
	if _, err := sample.Generate(dir, sample.Options{Rows: 20000, Seed: 1, AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC),
		Rates: sample.DefaultRates}); err != nil {
		t.Fatal(err)
	}
	// The recall floors are set a little below what the fuzzy tier measured on this sample
	// (seed 1) once the generator's nicknames stopped coming from the matcher's own table
	// (sample/nicknames.go): leads 0.8793, contacts 0.9289 (bench/results/*-generated-recall.txt).
	// They were 0.98 while every generated nickname pair was in the table, which measured the
	// table against its own source (leads 0.9971, contacts 1.0000 then). The weights estimated
	// from each dataset (fuzzy_em.go) weigh a first name that disagrees (a nickname the table
	// lacks) more against than the hand-set weights did, so fewer nicknamed copies join: leads
	// 0.7615 (nicknamed 11 of 94), contacts 0.7947 (28 of 106), misspelt copies all joined, at
	// pairwise precision 1.0000. The floors sit just below those: a drop fails loudly.
	floor := map[string]float64{"leads": 0.75, "contacts": 0.78}
	for _, name := range []string{"leads", "contacts"} {
		g, err := ReadGenerated(dir, name, "csv")
		if err != nil {
			t.Fatal(err)
		}
		o, err := RunGenerated(g, true, 0)
		if err != nil {
			t.Fatal(err)
		}
		base, err := RunGenerated(g, false, 0)
		if err != nil {
			t.Fatal(err)
		}
		cs, off := g.ScoreCopies(o.Result.Clusters, o.Result.Fuzzy.Pairs), g.ScoreCopies(base.Result.Clusters, nil)
		nick := (&Generated{Fuzzy: g.Nicknamed}).ScoreCopies(o.Result.Clusters, o.Result.Fuzzy.Pairs)
		misspelt := (&Generated{Fuzzy: slices.DeleteFunc(slices.Clone(g.Fuzzy), func(p [2]int64) bool { return slices.Contains(g.Nicknamed, p) })}).
			ScoreCopies(o.Result.Clusters, o.Result.Fuzzy.Pairs)
		t.Logf("%s: %s; %s", name, o.Scores, cs)
		t.Logf("%s, nicknamed copies only: %s", name, nick)
		t.Logf("%s, misspelt copies only: %s", name, misspelt)
		t.Logf("%s without the fuzzy tier: %s", name, off)
		if cs.Injected < 300 || nick.Injected < 80 || cs.Recall < floor[name] || o.Scores.Precision < 0.995 || off.Found > 0 {
			t.Errorf("%s: %s (floor %.2f), %d nicknamed, pairwise precision %.4f; without the fuzzy tier %d found", name, cs, floor[name], nick.Injected, o.Scores.Precision, off.Found)
		}
	}
}

// TestScoreCopies checks the copy measures on a hand-made case.
func TestScoreCopies(t *testing.T) {
	g := &Generated{Fuzzy: [][2]int64{{1, 4}, {2, 5}, {3, 6}}}
	clusters := []checks.Cluster{{ID: 1, Members: []checks.ClusterMember{{Record: 1}, {Record: 4}}},
		{ID: 2, Members: []checks.ClusterMember{{Record: 2}, {Record: 3}}}, {ID: 3, Members: []checks.ClusterMember{{Record: 5}, {Record: 6}}}}
	s := g.ScoreCopies(clusters, [][2]int64{{1, 4}, {3, 6}, {4, 5}})
	if s.Injected != 3 || s.Blocked != 2 || s.Found != 1 || !near(s.Recall, 1.0/3) {
		t.Errorf("copies: %s", s)
	}
}
