package checks

import (
	"fmt"
	"testing"
	"time"

	"github.com/crmready/crmready/extract"
)

// col is a test column: its name, role, type and values as text ("" is null).
type col struct {
	name   string
	role   extract.Role
	typ    extract.Type
	values []string
}

var testAsOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// dataset builds a dataset and one batch per chunk of rows (all rows in one batch when chunk is
// 0), with line positions starting at 2 as a CSV with a header would have.
func dataset(t testing.TB, obj extract.Object, chunk int, cols ...col) (*Dataset, []*extract.Batch) {
	t.Helper()
	s := &extract.Schema{}
	n := -1
	for _, c := range cols {
		s.Columns = append(s.Columns, extract.Column{Name: c.name, Role: c.role, Type: c.typ})
		if n >= 0 && len(c.values) != n {
			t.Fatalf("column %s has %d values, want %d", c.name, len(c.values), n)
		}
		n = len(c.values)
	}
	if chunk <= 0 {
		chunk = max(n, 1)
	}
	var bs []*extract.Batch
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		b := &extract.Batch{File: "test.csv", Record: int64(start), Len: end - start, PosKind: extract.PosLine}
		for i := start; i < end; i++ {
			b.Pos = append(b.Pos, int64(i+2))
		}
		for _, c := range cols {
			b.Cols = append(b.Cols, vector(t, c.typ, c.values[start:end]))
		}
		bs = append(bs, b)
	}
	return &Dataset{Name: "test", Object: obj, Schema: s}, bs
}

// vector parses text values into a vector of type typ, keeping the text as a text reader does.
func vector(t testing.TB, typ extract.Type, values []string) *extract.Vector {
	t.Helper()
	v := extract.NewVector(typ, len(values), true)
	for i, s := range values {
		v.Str[i] = s
		if extract.IsBlank(s) {
			v.Null[i] = true
			continue
		}
		ok := true
		switch typ {
		case extract.Int:
			var x int64
			_, err := fmt.Sscan(s, &x)
			v.Int[i], ok = x, err == nil
		case extract.Float:
			var x float64
			_, err := fmt.Sscan(s, &x)
			v.Float[i], ok = x, err == nil
		case extract.Bool:
			v.Bool[i] = s == "true"
		case extract.Time:
			v.Time[i], ok = extract.ParseTime(s, extract.MDY)
		}
		v.Bad[i] = !ok
	}
	return v
}

func testParams() *Params {
	return &Params{AsOf: testAsOf, MaxFindings: 100, Placeholders: NewPlaceholders(BuiltinPlaceholders),
		MaxAges: []Period{MustPeriod("180d"), MustPeriod("365d")}, Windows: []Period{MustPeriod("200d")}, Stages: DefaultStages,
		Duplicates: DuplicatesSettings{PhoneRegion: DefaultPhoneRegion}} // the fuzzy tier off
}

// run folds the batches into one analyzer of check c.
func run(t testing.TB, c *Check, ds *Dataset, p *Params, bs []*extract.Batch) Result {
	t.Helper()
	a, err := c.New(ds, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		a.Fold(b)
	}
	r := a.Result()
	declared(t, c, r)
	return r
}

// declared fails for a finding group of r whose kind check c does not declare.
func declared(t testing.TB, c *Check, r Result) {
	t.Helper()
	for _, g := range r.Findings {
		if _, ok := c.Finding(g.Kind); !ok {
			t.Errorf("check %s reports finding kind %q, which it does not declare (Check.Findings)", c.ID, g.Kind)
		}
	}
}

// metric returns the metric with the id (and window), failing the test when it is absent.
func metric(t testing.TB, r Result, id, window string) Metric {
	t.Helper()
	for _, m := range r.Metrics {
		if m.ID == id && m.Window == window {
			return m
		}
	}
	t.Fatalf("metric %s[%s] absent; have %v", id, window, metricIDs(r))
	return Metric{}
}

func hasMetric(r Result, id string) bool {
	for _, m := range r.Metrics {
		if m.ID == id {
			return true
		}
	}
	return false
}

func metricIDs(r Result) []string {
	var ids []string
	for _, m := range r.Metrics {
		id := m.ID
		if m.Window != "" {
			id += "[" + m.Window + "]"
		}
		ids = append(ids, id)
	}
	return ids
}

func group(r Result, kind string) FindingGroup {
	for _, g := range r.Findings {
		if g.Kind == kind {
			return g
		}
	}
	return FindingGroup{Kind: kind}
}
