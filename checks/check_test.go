package checks

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestRegistryValid(t *testing.T) {
	if err := Validate(All); err != nil {
		t.Fatal(err)
	}
	bad := []*Check{{ID: "x"}, {ID: "x", Doc: "d", New: newVolume}, {Doc: "no id"},
		{ID: "y", Doc: "d", New: newVolume, Metrics: []MetricDef{{ID: "y.m", Unit: Count, Doc: "d"}}}}
	err := Validate(bad)
	for _, want := range []string{"check x needs a Doc and a New", "check x registered twice", "check without ID",
		"check y: metric y.m needs a Doc, a Plain and a Unit"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate(bad) = %v, want it to say %q", err, want)
		}
	}
}

func TestLookupMetric(t *testing.T) {
	for _, id := range []string{"completeness.email", "completeness.overall", "staleness.dated_by.created_at", "volume.win_rate"} {
		if _, err := LookupMetric(id); err != nil {
			t.Errorf("LookupMetric(%q) = %v", id, err)
		}
	}
	for _, id := range []string{"completeness.emial", "completeness.", "duplicates.rate", ""} {
		if _, err := LookupMetric(id); err == nil || !strings.Contains(err.Error(), "valid: completeness.<role>") {
			t.Errorf("LookupMetric(%q) = %v, want an error listing the valid IDs", id, err)
		}
	}
}

// TestMergeEqualsSingleFold is the analyzers' contract: folding batches into several states and
// merging them gives the metrics of folding them all into one, whatever the split.
func TestMergeEqualsSingleFold(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 500
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	cols := []col{
		{"Id", extract.RoleID, extract.String, nil},
		{"Email", extract.RoleEmail, extract.String, nil},
		{"Source", extract.RoleLeadSource, extract.String, nil},
		{"LastActivityDate", extract.RoleLastActivityAt, extract.Time, nil},
		{"CreatedDate", extract.RoleCreatedAt, extract.Time, nil},
		{"IsConverted", extract.RoleLabel, extract.Bool, nil},
	}
	for i := 0; i < n; i++ {
		cols[0].values = append(cols[0].values, pick("1", "2", "3", "4")+pick("", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")+pick("a", "b", "c"))
		cols[1].values = append(cols[1].values, pick("a@x", "b@x", "c@x", "", "N/A", "d@x")+pick("", "1", "2"))
		cols[2].values = append(cols[2].values, pick("Web", "Select", "", "Referral"))
		cols[3].values = append(cols[3].values, pick("2026-11-01", "2025-01-01", "2027-02-01", "", "2026-06-01"))
		cols[4].values = append(cols[4].values, pick("2024-01-01", "2026-10-01", "", "2026-05-01"))
		cols[5].values = append(cols[5].values, pick("true", "false", ""))
	}
	ds, bs := dataset(t, extract.Lead, 37, cols...)
	p := testParams()
	for _, c := range All {
		want := metricsJSON(t, run(t, c, ds, p, bs), !c.Sequential)
		for split := 2; split <= 5; split++ {
			parts := make([]Analyzer, split)
			for k := range parts {
				parts[k], _ = c.New(ds, p)
			}
			for i, b := range bs {
				parts[(i*7)%split].Fold(b) // out of order, uneven
			}
			for _, a := range parts[1:] {
				parts[0].Merge(a)
			}
			if got := metricsJSON(t, parts[0].Result(), !c.Sequential); got != want {
				t.Errorf("%s split %d ways:\n got %s\nwant %s", c.ID, split, got, want)
			}
		}
	}
}

// metricsJSON renders a result for comparison: metrics, columns and finding totals, and the
// finding samples too when samples is set (a sequential check's samples may differ after a
// merge: the first occurrence of a repeat seen in another state has no location).
func metricsJSON(t *testing.T, r Result, samples bool) string {
	var fs []FindingGroup
	if samples {
		fs = r.Findings
	}
	b, err := json.Marshal(struct {
		M []Metric
		C []ColumnStats
		T map[string]int64
		F []FindingGroup
	}{r.Metrics, r.Columns, totals(r), fs})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func totals(r Result) map[string]int64 {
	m := map[string]int64{}
	for _, g := range r.Findings {
		m[g.Kind] = g.Total
	}
	return m
}

// TestDuplicatesShardsAgree: the duplicates check splits its keys over as many shards as the
// machine has cores; its metrics and findings must not depend on how many that is.
func TestDuplicatesShardsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	cols := []col{
		{"Id", extract.RoleID, extract.String, nil},
		{"Email", extract.RoleEmail, extract.String, nil},
		{"Phone", extract.RolePhone, extract.String, nil},
		{"Company", extract.RoleCompany, extract.String, nil},
		{"LastName", extract.RoleLastName, extract.String, nil},
		{"IsConverted", extract.RoleLabel, extract.Bool, nil},
	}
	for i := 0; i < 2000; i++ {
		cols[0].values = append(cols[0].values, fmt.Sprint(r.IntN(1800)))
		cols[1].values = append(cols[1].values, pick("a", "B", "c", "", "N/A", "d")+fmt.Sprint(r.IntN(300))+pick("@x.com", "@X.com "))
		cols[2].values = append(cols[2].values, pick("(415) 555-0", "+1 415 555 0", "")+fmt.Sprintf("%03d", r.IntN(400)))
		cols[3].values = append(cols[3].values, pick("Acme Inc", "ACME", "Globex", ""))
		cols[4].values = append(cols[4].values, pick("Doe", "Roe", "Poe"))
		cols[5].values = append(cols[5].values, pick("true", "false"))
	}
	ds, bs := dataset(t, extract.Lead, 333, cols...)
	var want string
	for _, procs := range []int{1, 2, 3, 8} {
		old := runtime.GOMAXPROCS(procs)
		got := metricsJSON(t, run(t, Duplicates, ds, testParams(), bs), true)
		runtime.GOMAXPROCS(old)
		if want == "" {
			want = got
		} else if got != want {
			t.Errorf("%d shards:\n got %s\nwant %s", procs, got, want)
		}
	}
}

// TestFindingKindSentences walks checks.All: every finding kind says what to do in a sentence
// that does not hold its ID, and reports find its declaration by the name they give the kind.
func TestFindingKindSentences(t *testing.T) {
	for _, c := range All {
		if len(c.Findings) == 0 {
			t.Errorf("check %s declares no finding kind", c.ID)
		}
		for _, k := range c.Findings {
			id := strings.ReplaceAll(k.ID, "<name>", "won_has_amount")
			switch {
			case k.Action == "":
				t.Errorf("%s.%s: no Action", c.ID, k.ID)
			case strings.Contains(k.Action, "_") || strings.Contains(k.Action, c.ID+"."+id): // "baseline" is a word too
				t.Errorf("%s.%s: the Action holds a raw ID: %s", c.ID, k.ID, k.Action)
			}
			if got, _, err := LookupFinding(c.ID + "." + id); err != nil || got != c {
				t.Errorf("LookupFinding(%s.%s) = %v, %v", c.ID, id, got, err)
			}
		}
	}
	if _, _, err := LookupFinding("staleness.no_such_kind"); err == nil {
		t.Error("LookupFinding found a kind no check declares")
	}
}
