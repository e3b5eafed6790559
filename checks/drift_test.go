package checks

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestDeciles(t *testing.T) {
	seq := func(from, to int) []float64 {
		var xs []float64
		for i := from; i <= to; i++ {
			xs = append(xs, float64(i))
		}
		return xs
	}
	tests := []struct {
		sorted []float64
		edges  []float64
		bins   []int64
	}{
		{seq(1, 100), []float64{10, 20, 30, 40, 50, 60, 70, 80, 90}, []int64{10, 10, 10, 10, 10, 10, 10, 10, 10, 10}},
		// Nearest rank ceil(q·5/10): 1 1 2 2 3 3 4 4 5, repeats removed.
		{seq(1, 5), []float64{1, 2, 3, 4, 5}, []int64{1, 1, 1, 1, 1, 0}},
		{[]float64{7, 7, 7}, []float64{7}, []int64{3, 0}},
		{[]float64{0, 0, 0, 0, 0, 0, 0, 0, 1, 2}, []float64{0, 1}, []int64{8, 1, 1}},
		{nil, nil, []int64{0}},
	}
	for _, tt := range tests {
		edges := Deciles(tt.sorted)
		bins := make([]int64, len(edges)+1)
		for _, x := range tt.sorted {
			bins[Bin(edges, x)]++
		}
		if !slices.Equal(edges, tt.edges) || !slices.Equal(bins, tt.bins) {
			t.Errorf("Deciles(%v) = %v, bins %v; want %v, %v", tt.sorted, edges, bins, tt.edges, tt.bins)
		}
	}
}

func TestStabilityIndex(t *testing.T) {
	tests := []struct {
		name             string
		expected, actual []int64
		want             float64
	}{
		{"same shares", []int64{10, 20, 70, 0}, []int64{100, 200, 700, 0}, 0},
		// Ten deciles of 1..100 against 51..150: five bins empty now (0.0001 in place of 0),
		// four unchanged at 10%, the top bin 10% -> 60%; no missing value in either:
		// 5 × (0.0001 − 0.1) × ln(0.0001 / 0.1) + (0.6 − 0.1) × ln(0.6 / 0.1)
		// = 5 × 0.0999 × 6.907755 + 0.5 × 1.791759 = 3.450424 + 0.895880 = 4.346303
		{"shifted numbers", []int64{10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0}, []int64{0, 0, 0, 0, 0, 10, 10, 10, 10, 60, 0}, 4.346303496},
		// Web 50% -> 30%, Partner and Event unchanged, other 0 -> 20% (a new value):
		// (0.3 − 0.5) × ln(0.3 / 0.5) + (0.2 − 0.0001) × ln(0.2 / 0.0001)
		// = 0.2 × 0.510826 + 0.1999 × 7.600902 = 0.102165 + 1.519420 = 1.621585
		{"a new category", []int64{50, 30, 20, 0, 0}, []int64{30, 30, 20, 20, 0}, 1.621585526},
		{"an empty side", []int64{0, 0}, []int64{1, 2}, 0},
	}
	for _, tt := range tests {
		if got := StabilityIndex(tt.expected, tt.actual); math.Abs(got-tt.want) > 1e-8 {
			t.Errorf("%s: PSI = %.9f, want %.9f", tt.name, got, tt.want)
		}
	}
}

// deals builds an opportunity dataset: amounts, sources and industries given by function of
// the record number, creation dates spread over 2025.
func deals(t *testing.T, n, chunk int, amount func(i int) string, source func(i int) string, industry func(i int) string) (*Dataset, []*extract.Batch) {
	cols := []col{
		{"Amount", extract.RoleAmount, extract.Float, nil},
		{"LeadSource", extract.RoleLeadSource, extract.String, nil},
		{"Industry", extract.RoleIndustry, extract.String, nil},
		{"Email", extract.RoleEmail, extract.String, nil},
		{"CreatedDate", extract.RoleCreatedAt, extract.Time, nil},
	}
	for i := range n {
		cols[0].values = append(cols[0].values, amount(i))
		cols[1].values = append(cols[1].values, source(i))
		cols[2].values = append(cols[2].values, industry(i))
		cols[3].values = append(cols[3].values, fmt.Sprintf("p%d@acme.example", i))
		cols[4].values = append(cols[4].values, fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28))
	}
	return dataset(t, extract.Opportunity, chunk, cols...)
}

// baselineOf builds the baseline of a dataset, folding its batches into three states.
func baselineOf(t *testing.T, ds *Dataset, bs []*extract.Batch) *DatasetBaseline {
	t.Helper()
	b := splitRun(t, Baseline, ds, testParams(), bs, 3).Baseline
	if b == nil {
		t.Fatal("no baseline")
	}
	return b
}

func driftOf(t *testing.T, base *DatasetBaseline, ds *Dataset, bs []*extract.Batch) Result {
	t.Helper()
	p := testParams()
	p.Baseline = base
	return run(t, Drift, ds, p, bs)
}

func value(t *testing.T, r Result, id string) float64 {
	t.Helper()
	return metric(t, r, id, "").Value
}

func TestDriftKnownShift(t *testing.T) {
	num := func(from int) func(int) string { return func(i int) string { return fmt.Sprint(from + i) } }
	src := func(shares ...int) func(int) string {
		names := []string{"Web", "Partner", "Event", "TikTok"}
		return func(i int) string {
			for k, n := range shares {
				if i < n {
					return names[k]
				}
				i -= n
			}
			return ""
		}
	}
	industry := func(missing int) func(int) string {
		return func(i int) string {
			if i < missing {
				return ""
			}
			return "Tech"
		}
	}
	bds, bbs := deals(t, 100, 7, num(1), src(50, 30, 20), industry(10))
	base := baselineOf(t, bds, bbs)
	ds, bs := deals(t, 100, 9, num(51), src(30, 30, 20, 20), industry(40))
	r := driftOf(t, base, ds, bs)
	for id, want := range map[string]float64{
		"drift.psi.amount":      4.346303496, // TestStabilityIndex works it out by hand
		"drift.psi.lead_source": 1.621585526,
		// Tech 90% -> 60%, missing 10% -> 40%: −0.3 × ln(0.6/0.9) + 0.3 × ln(0.4/0.1) = 0.537528
		"drift.psi.industry":        0.537527841,
		"drift.psi_max":             4.346303496,
		"drift.fields_shifted":      3,
		"drift.new_categories":      1, // TikTok
		"drift.vanished_categories": 0,
		"drift.missing_shift":       0.3,
		"drift.rows_change":         0,
		"drift.psi.created_at":      0, // the same dates
	} {
		if got := value(t, r, id); math.Abs(got-want) > 1e-8 {
			t.Errorf("%s = %.9f, want %.9f", id, got, want)
		}
	}
	if hasMetric(r, "drift.psi.email") {
		t.Error("an email column was compared by value")
	}
	if g := group(r, "new_category"); g.Total != 1 || g.Sample[0].Value != "TikTok" || g.Sample[0].Message != `new value "TikTok": 20 records (20.0%) hold a value the baseline did not have` {
		t.Errorf("new categories: %+v", g)
	}
	shifts := group(r, "field_shift")
	var got []string
	for _, f := range shifts.Sample {
		got = append(got, f.Column+": "+f.Message)
	}
	want := []string{
		"Amount: PSI 4.346 (shifted): > 90 10.0% → 60.0%, ≤ 10 10.0% → 0.0%",
		`Industry: PSI 0.538 (shifted): missing 10.0% → 40.0%, "Tech" 90.0% → 60.0%`,
		`LeadSource: PSI 1.622 (shifted): other values 0.0% → 20.0%, "Web" 50.0% → 30.0%`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("field shifts:\n got %q\nwant %q", got, want)
	}
	if g := group(r, "missing_shift"); g.Total != 1 || g.Sample[0].Message != "missing 10.0% → 40.0%" {
		t.Errorf("missing shift findings %+v", g)
	}
}

func TestDriftNoShift(t *testing.T) {
	rnd := func(seed uint64) (func(int) string, func(int) string, func(int) string) {
		r := rand.New(rand.NewPCG(seed, 1))
		amounts, sources, inds := map[int]string{}, map[int]string{}, map[int]string{}
		return func(i int) string {
				if _, ok := amounts[i]; !ok {
					amounts[i] = fmt.Sprintf("%.2f", math.Exp(8+r.NormFloat64()))
				}
				return amounts[i]
			}, func(i int) string {
				if _, ok := sources[i]; !ok {
					sources[i] = []string{"Web", "Web", "Web", "Partner", "Event", "", "Referral"}[r.IntN(7)]
				}
				return sources[i]
			}, func(i int) string {
				if _, ok := inds[i]; !ok {
					inds[i] = fmt.Sprintf("Industry %d", r.IntN(30))
				}
				return inds[i]
			}
	}
	a, s, ind := rnd(1)
	bds, bbs := deals(t, 20000, 1000, a, s, ind)
	base := baselineOf(t, bds, bbs)
	same := driftOf(t, base, bds, bbs)
	for _, id := range []string{"drift.psi_max", "drift.fields_shifted", "drift.new_categories", "drift.vanished_categories", "drift.missing_shift", "drift.rows_change"} {
		if v := value(t, same, id); v != 0 {
			t.Errorf("the baseline's own data: %s = %v, want 0", id, v)
		}
	}
	// Another draw of the same distributions: PSI near 0 (sampling noise is about
	// buckets/records = 0.0015 here).
	a, s, ind = rnd(2)
	ds, bs := deals(t, 20000, 1000, a, s, ind)
	r := driftOf(t, base, ds, bs)
	if v := value(t, r, "drift.psi_max"); v <= 0 || v > 0.01 {
		t.Errorf("psi_max between two draws = %v, want near 0", v)
	}
	if g := group(r, "field_shift"); g.Total != 0 {
		t.Errorf("field shifts between two draws: %+v", g)
	}
}

// TestDriftCategories: beyond the top 20, a baseline keeps hashes, so a rare old value is not
// new and a vanished one is counted; a text field of over 100 values is not compared by value.
func TestDriftCategories(t *testing.T) {
	cat := func(values ...string) func(int) string {
		return func(i int) string { return values[i%len(values)] }
	}
	var old []string
	for k := range 25 {
		old = append(old, fmt.Sprintf("S%02d", k))
	}
	var many []string
	for k := range 101 {
		many = append(many, fmt.Sprintf("I%03d", k))
	}
	bds, bbs := deals(t, 202, 10, cat("1"), cat(append(old, old[:20]...)...), cat(many...))
	base := baselineOf(t, bds, bbs)
	src := base.Columns[1]
	if src.Kind != KindCategory || len(src.Top) != 20 || src.Top[0].Value != "S00" || src.Other != 202-20*9 || len(src.Tail) != 5 || src.Distinct != 25 {
		t.Fatalf("source distribution %+v", src)
	}
	if k := base.Columns[2].Kind; k != KindText {
		t.Errorf("101 distinct industries: kind %s, want text", k)
	}
	// Now: S00..S19 as before, S20 and S21 (old, beyond the top), S99 new; S22..S24 gone.
	ds, bs := deals(t, 100, 10, cat("1"), cat(append(slices.Clone(old[:22]), "S99")...), cat(many...))
	r := driftOf(t, base, ds, bs)
	if n := value(t, r, "drift.new_categories"); n != 1 {
		t.Errorf("new categories %v, want 1 (S99)", n)
	}
	if n := value(t, r, "drift.vanished_categories"); n != 3 {
		t.Errorf("vanished categories %v, want 3", n)
	}
	if g := group(r, "vanished_category"); g.Total != 1 || !strings.HasPrefix(g.Sample[0].Message, "3 rarer values of the baseline (beyond its top 20)") {
		t.Errorf("vanished findings %+v", g)
	}
	for _, f := range group(r, "new_category").Sample {
		if strings.HasPrefix(f.Value, "I") {
			t.Errorf("a text column's values reported as categories: %+v", f)
		}
	}
	// The hashes are the only trace of the tail in the baseline.
	for _, s := range old[20:] {
		if slices.ContainsFunc(src.Top, func(v ValueCount) bool { return v.Value == s }) || !slices.Contains(src.Tail, CategoryHash(s)) {
			t.Errorf("%s: not kept as a hash only", s)
		}
	}
}

func TestDriftColumns(t *testing.T) {
	bds, bbs := dataset(t, extract.Lead, 0,
		col{"Score", "", extract.Int, []string{"1", "2", "3"}},
		col{"Old", "", extract.String, []string{"a", "b", "a"}},
		col{"Lead Source", extract.RoleLeadSource, extract.String, []string{"Web", "Web", "Ads"}},
	)
	base := baselineOf(t, bds, bbs)
	ds, bs := dataset(t, extract.Lead, 0,
		col{"Score", "", extract.String, []string{"high", "low", "x"}},
		col{"Source", extract.RoleLeadSource, extract.String, []string{"Web", "Web", "Ads"}}, // renamed: matched by role
		col{"New", "", extract.String, []string{"x", "y", "z"}},
	)
	r := driftOf(t, base, ds, bs)
	if v := value(t, r, "drift.psi.lead_source"); v != 0 {
		t.Errorf("lead source matched by role: PSI %v, want 0", v)
	}
	for kind, msg := range map[string]string{
		"type_changed":    "numeric in the baseline, string now: only its missing share is compared",
		"column_vanished": "in the baseline (category), not in this extract",
		"column_new":      "not in the baseline: a model trained on it does not know this column",
	} {
		if g := group(r, kind); g.Total != 1 || g.Sample[0].Message != msg {
			t.Errorf("%s: %+v", kind, g)
		}
	}
	if p := testParams(); len(run(t, Drift, ds, p, bs).Metrics) != 0 {
		t.Error("drift measured without a baseline")
	}
}

// TestDriftMerge: drift states merge like every check's.
func TestDriftMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pick := func(xs ...string) func(int) string { return func(int) string { return xs[r.IntN(len(xs))] } }
	bds, bbs := deals(t, 300, 11, pick("1", "5", "10", "", "x"), pick("Web", "Ads", "N/A"), pick("A", "B"))
	base := baselineOf(t, bds, bbs)
	ds, bs := deals(t, 400, 13, pick("1", "50", "7", ""), pick("Web", "New", "Other", ""), pick("A", "C"))
	p := testParams()
	p.Baseline = base
	want := metricsJSON(t, run(t, Drift, ds, p, bs), true)
	for n := 2; n <= 4; n++ {
		if got := metricsJSON(t, splitRun(t, Drift, ds, p, bs, n), true); got != want {
			t.Errorf("split %d ways:\n got %s\nwant %s", n, got, want)
		}
	}
	one := run(t, Baseline, bds, testParams(), bbs).Baseline
	if fmt.Sprint(*one) != fmt.Sprint(*base) {
		t.Errorf("baseline folded in one state:\n%+v\nmerged from three:\n%+v", *one, *base)
	}
}
