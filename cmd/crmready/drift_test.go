package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmready/crmready/reports"
)

// readCSV returns a CSV file's header and records.

func writeCSV(t *testing.T, path string, header []string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(append([][]string{header}, rows...))
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// handPSI computes the population stability index of one category column of two small CSV
// files whose baseline has under 20 values: a bucket per baseline value, one for the others and
// one for blanks; an empty bucket's share is 0.0001.
func handPSI(base, now [][]string, col int) float64 {
	counts := func(rows [][]string) map[string]float64 {
		m := map[string]float64{}
		for _, r := range rows {
			m[r[col]]++
		}
		return m
	}
	b, n := counts(base), counts(now)
	var other float64
	for v, c := range n {
		if _, ok := b[v]; !ok && v != "" {
			other += c
		}
	}
	share := func(c, of float64) float64 { return math.Max(c/of, 0.0001) }
	psi := 0.0
	add := func(e, a float64) { psi += (a - e) * math.Log(a/e) }
	for v, c := range b {
		add(share(c, float64(len(base))), share(n[v], float64(len(now))))
	}
	if _, blank := b[""]; !blank {
		add(0.0001, share(n[""], float64(len(now))))
	}
	add(0.0001, share(other, float64(len(now))))
	return psi
}

// TestDriftBaseline: drift against a saved profile and against the extract itself agree, match
// a PSI computed by hand from the files, gate the use case that sets a threshold on it, and are
// skipped without a baseline.
func TestDriftBaseline(t *testing.T) {
	dir := t.TempDir()
	base := repo(t, "testdata/cli/clean_leads.csv")
	all := readCSV(t, base)
	header, rows := all[0], all[1:]
	src, region := 3, 4 // LeadSource, Region
	if header[src] != "LeadSource" || header[region] != "Region" {
		t.Fatalf("header %q", header)
	}
	var shifted [][]string
	webs := 0
	for i, r := range rows {
		r = append([]string{}, r...)
		if r[src] == "Web" && webs < 5 {
			r[src], webs = "Webinar", webs+1
		}
		if i < 10 {
			r[region] = ""
		}
		shifted = append(shifted, r)
	}
	now := filepath.Join(dir, "leads.csv")
	writeCSV(t, now, header, shifted)
	cfg := filepath.Join(dir, "crmready.yaml")
	if err := os.WriteFile(cfg, []byte("as_of: 2026-11-25\nuse_cases:\n  - name: scoring_refresh\n    objects: [lead]\n    success_metric: MQL-to-SQL from 12% to 15%\n    owner: RevOps\n    override: reps re-rank by hand\n    review_every: 90d\n    thresholds:\n      - {metric: drift.psi_max, warn: 0.1, fail: 0.25, when_absent: skip}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(dir, "baseline.json")
	if code, _, stderr := cli(t, "profile", "--save", saved, base); code != 0 || !strings.Contains(stderr, "wrote baseline profile "+saved+" (1 datasets)") {
		t.Fatalf("profile --save: exit %d, %q", code, stderr)
	}
	b, _ := os.ReadFile(saved)
	for _, personal := range []string{"person1@acme1.com", "00Q00001", "Company 1"} {
		if strings.Contains(string(b), personal) {
			t.Errorf("the saved profile holds the raw value %q", personal)
		}
	}

	if code, _, stderr := cli(t, "audit", "--config", cfg, now); code != 0 {
		t.Errorf("without a baseline the drift threshold is skipped: exit %d, %s", code, stderr)
	}
	var drifts []string
	for _, baseline := range []string{saved, base} {
		code, out, stderr := cli(t, "audit", "--config", cfg, "--format", "json", "--baseline", baseline, now)
		if code != 1 || stderr != "" {
			t.Fatalf("--baseline %s: exit %d, %q", baseline, code, stderr)
		}
		var r reports.Report
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if r.Baseline != baseline {
			t.Errorf("report baseline %q, want %q", r.Baseline, baseline)
		}
		d := dataset(t, &r, "leads")
		for id, want := range map[string]float64{
			"drift.psi.lead_source": handPSI(rows, shifted, src),
			"drift.psi.region":      handPSI(rows, shifted, region),
			"drift.new_categories":  1,
			"drift.missing_shift":   0.25,
			"drift.rows_change":     0,
		} {
			if got := metricOf(t, d, id, "").Value; math.Abs(got-want) > 1e-9 {
				t.Errorf("%s = %.9f, want %.9f", id, got, want)
			}
		}
		uc := verdict(t, &r, "scoring_refresh")
		if uc.Status != "NO-GO" || len(uc.Misses) != 1 || uc.Misses[0].Metric != "drift.psi_max" {
			t.Errorf("scoring_refresh %s, misses %+v", uc.Status, uc.Misses)
		}
		var how []string
		for _, f := range findings(d, "drift.field_shift") {
			how = append(how, f.Column+": "+f.Message)
		}
		if len(how) != 2 || !strings.HasPrefix(how[0], "LeadSource: PSI ") || !strings.Contains(how[0], "other values 0.0% → 12.5%") || !strings.HasPrefix(how[1], "Region: PSI ") {
			t.Errorf("field shifts %q", how)
		}
		if f := findings(d, "drift.new_category"); len(f) != 1 || f[0].Value != "Webinar" {
			t.Errorf("new categories %+v", f)
		}
		j, _ := json.Marshal(d.Metrics)
		drifts = append(drifts, string(j))
	}
	if drifts[0] != drifts[1] {
		t.Errorf("a saved profile and the extract give different metrics:\n%s\n%s", drifts[0], drifts[1])
	}

	code, _, stderr := cli(t, "audit", "--as-of", "2026-11-25", "--baseline", filepath.Join(dir, "nope.json"), now)
	if code != 2 || stderr != "crmready: "+filepath.Join(dir, "nope.json")+": no such file\n" {
		t.Errorf("missing baseline: exit %d, %q", code, stderr)
	}
	if err := os.WriteFile(saved, []byte(`{"schema": "crmready.report/v1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = cli(t, "audit", "--as-of", "2026-11-25", "--baseline", saved, now)
	if code != 2 || !strings.Contains(stderr, `not a crmready baseline profile (schema "crmready.report/v1", want "crmready.baseline/v1"`) {
		t.Errorf("a report as a baseline: exit %d, %q", code, stderr)
	}
}
