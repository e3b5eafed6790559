package audit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	_ "github.com/crmready/crmready/internal/testkit" // defines -update
	"github.com/crmready/crmready/reports"
	"github.com/crmready/crmready/sample"
)

var asOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// plan resolves a plan for files with the given config (nil for none), as_of pinned.
func plan(t testing.TB, c *config.Config, files ...string) *config.Plan {
	t.Helper()
	if c == nil {
		c = &config.Config{}
	}
	c.AsOf = asOf.Format(time.DateOnly)
	if err := config.Validate(c); err != nil {
		t.Fatal(err)
	}
	p, err := config.Resolve(c, config.Sources{"as_of": "test"}, "", config.Request{Files: files, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// audit runs p with small batches, so that several workers share every dataset.
func audit(t testing.TB, p *config.Plan, workers int) *reports.Report {
	t.Helper()
	r, err := Run(p, Options{Version: "test", Workers: workers, BatchSize: 97})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func jsonOf(t testing.TB, r *reports.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := (reports.JSON{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// truthConfig judges a use case with a 180-day max age on every generated object, beside the
// presets whose windows the truth reports volume for.
func truthConfig() *config.Config {
	one := 1.0
	return &config.Config{UseCases: []config.UseCase{
		{Name: "truth", Objects: []string{"lead", "contact", "opportunity"}, MaxAge: "180d",
			Thresholds: []config.Threshold{{Metric: "volume.rows", Fail: &one}}},
		{Name: "lead_scoring"}, {Name: "opportunity_scoring"}, {Name: "follow_up_timing"},
	}}
}

// declaredKinds fails for a finding group of r whose kind its check does not declare.
func declaredKinds(t *testing.T, r *reports.Report) {
	t.Helper()
	for _, d := range r.Datasets {
		for _, g := range d.Findings {
			if _, _, err := checks.LookupFinding(g.Kind); err != nil {
				t.Errorf("dataset %s: %v", d.Name, err)
			}
		}
	}
}

// TestSampleTruth audits generated samples, in every format the generator writes, and asserts
// that every metric the generator's injection log implies is what crmready measures.
func TestSampleTruth(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		dir := t.TempDir()
		tr, err := sample.Generate(dir, sample.Options{Rows: 1500, Seed: seed, AsOf: asOf, Rates: sample.DefaultRates, Formats: sample.Formats})
		if err != nil {
			t.Fatal(err)
		}
		for k, format := range sample.Formats {
			var files []string
			for _, d := range tr.Datasets {
				files = append(files, filepath.Join(dir, d.Files[k]))
			}
			r := audit(t, plan(t, truthConfig(), files...), 0)
			declaredKinds(t, r)
			for _, want := range tr.Datasets {
				compareTruth(t, fmt.Sprintf("seed %d %s %s", seed, format, want.Name), datasetNamed(t, r, want.Name), want)
			}
		}
	}
}

func compareTruth(t *testing.T, name string, got reports.Dataset, want sample.TruthTable) {
	t.Helper()
	if got.Object != want.Object || got.Rows != int64(want.Records) {
		t.Errorf("%s: object %s, %d rows; want %s, %d", name, got.Object, got.Rows, want.Object, want.Records)
	}
	for _, c := range got.Columns {
		if c.Role != want.Roles[c.Name] {
			t.Errorf("%s: column %s has role %q, want %q", name, c.Name, c.Role, want.Roles[c.Name])
		}
	}
	for _, m := range want.Metrics {
		found := false
		for _, g := range got.Metrics {
			if g.ID != m.ID || g.Window != m.Window {
				continue
			}
			found = true
			if g.Count != m.Count || (m.Of != 0 && g.Of != m.Of) {
				t.Errorf("%s: %s[%s] = %d of %d, truth %d of %d", name, m.ID, m.Window, g.Count, g.Of, m.Count, m.Of)
			}
		}
		if !found {
			t.Errorf("%s: %s[%s] not measured", name, m.ID, m.Window)
		}
	}
}

func datasetNamed(t testing.TB, r *reports.Report, name string) reports.Dataset {
	t.Helper()
	for _, d := range r.Datasets {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no dataset %q", name)
	return reports.Dataset{}
}

// TestReportDeterministic: the same inputs, config and as_of give byte-identical JSON, whatever
// the number of workers folding batches.
func TestReportDeterministic(t *testing.T) {
	dir := t.TempDir()
	if _, err := sample.Generate(dir, sample.Options{Rows: 3000, Seed: 7, AsOf: asOf, Rates: sample.DefaultRates}); err != nil {
		t.Fatal(err)
	}
	files := []string{dir + "/leads.csv", dir + "/contacts.csv", dir + "/opportunities.csv"} // CSV: the default format
	p := plan(t, nil, files...)
	want := jsonOf(t, audit(t, p, 1))
	for _, workers := range []int{1, 2, 5} {
		if got := jsonOf(t, audit(t, p, workers)); !bytes.Equal(got, want) {
			t.Fatalf("%d workers: JSON differs from 1 worker's", workers)
		}
	}
}

// TestFullLists: with full lists the report is the same as without, and every finding of a kind
// (but duplicate repeats, whose fix list is the clusters) is in its list, in record order, the
// report's sample first, whatever the number of workers. Closing the lists removes their files.
func TestFullLists(t *testing.T) {
	dir := t.TempDir()
	if _, err := sample.Generate(dir, sample.Options{Rows: 3000, Seed: 5, AsOf: asOf, Rates: sample.DefaultRates}); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	files := []string{dir + "/leads.csv", dir + "/contacts.csv", dir + "/opportunities.csv"}
	p := plan(t, nil, files...)
	p.MaxFindings = 5
	want := jsonOf(t, audit(t, p, 2))
	var first map[string][]checks.Finding
	for _, workers := range []int{1, 3} {
		r, lists, err := RunWithLists(p, Options{Version: "test", Workers: workers, BatchSize: 97})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(jsonOf(t, r), want) {
			t.Fatalf("%d workers: the report with full lists differs from the one without", workers)
		}
		got := map[string][]checks.Finding{}
		for _, d := range r.Datasets {
			for _, g := range d.Findings {
				l := lists.Dataset(d.Name).Findings[g.Kind]
				key := d.Name + " " + g.Kind
				if err := l.Each(func(f checks.Finding) error { got[key] = append(got[key], f); return nil }); err != nil {
					t.Fatal(err)
				}
				if strings.HasPrefix(g.Kind, "duplicates.") {
					continue
				}
				if int64(len(got[key])) != g.Total {
					t.Errorf("%s: %d in the full list, %d in all", key, len(got[key]), g.Total)
				}
				for i, f := range g.Sample {
					if f.Record != got[key][i].Record || f.Message != got[key][i].Message {
						t.Errorf("%s: sample %d is %+v, list has %+v", key, i, f, got[key][i])
					}
				}
			}
		}
		if len(got["leads staleness.stale_record"]) <= 100 {
			t.Errorf("only %d stale leads: the test does not exercise long lists", len(got["leads staleness.stale_record"]))
		}
		if first == nil {
			first = got
		} else if !reflect.DeepEqual(first, got) {
			t.Errorf("%d workers: full lists differ from 1 worker's", workers)
		}
		if err := lists.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
