package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
	"github.com/crmready/crmready/readiness"
	"github.com/crmready/crmready/reports"
)

// realExports are the public CRM extracts in ../shared/data/crm (SOURCES.md), each with an as_of
// just after its newest records.
var realExports = []struct {
	dir, asOf string
}{
	{"crm/zoho_crm_sample", "2021-04-16"},
	{"crm/maven_crm_sales_opportunities", "2018-01-01"},
	{"crm/salesforce_fivetran_seeds", "2024-01-01"},
	{"crm/xeducation_leads", "2016-01-01"},
}

// exportFiles lists every CSV of a real export.
func exportFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testkit.Data(t, dir), "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no CSV files (%v)", dir, err)
	}
	return files
}

// TestRealExportReasons audits every real export with the config init writes and checks what a
// consultant reads out: each use case judged only on datasets of its objects; its reasons the
// measured misses first, fail before warn, the farthest past its threshold first, then one line
// per dataset for what it could not measure, naming roles with the config line that maps them;
// and a console summary of one screen that --detail expands to every metric.
func TestRealExportReasons(t *testing.T) {
	for _, x := range realExports {
		t.Run(filepath.Base(x.dir), func(t *testing.T) {
			files := exportFiles(t, x.dir)
			_, r := initAndAudit(t, files, "--as-of", x.asOf)
			objects := map[string]string{}
			for _, d := range r.Datasets {
				objects[d.Name] = d.Object
			}
			for i := range r.UseCases {
				u := &r.UseCases[i]
				for _, d := range u.Datasets {
					if !slices.Contains(u.Objects, objects[d]) {
						t.Errorf("%s judged %s, a %s dataset; it is for %v", u.UseCase, d, objects[d], u.Objects)
					}
				}
				checkReasonOrder(t, r, u)
			}

			code, summary, stderr := cli(t, append([]string{"audit", "--as-of", x.asOf}, files...)...)
			if code == 2 {
				t.Fatalf("audit: %s", stderr)
			}
			if n := strings.Count(summary, "\n"); n >= 80 {
				t.Errorf("console summary of %d files is %d lines, want under 80:\n%s", len(files), n, summary)
			}
			_, detail, _ := cli(t, append([]string{"audit", "--detail", "--as-of", x.asOf}, files...)...)
			for _, d := range r.Datasets {
				if !strings.Contains(summary, "\n"+d.Name+": "+d.Object+" (from ") {
					t.Errorf("summary lacks the line of dataset %s (%s)", d.Name, d.Object)
				}
				if !strings.Contains(detail, "\n"+d.Name+": "+d.Object+" (object from ") || !strings.Contains(detail, "  metrics:\n") {
					t.Errorf("--detail lacks what was measured of %s", d.Name)
				}
			}
			if len(detail) <= len(summary) {
				t.Errorf("--detail (%d bytes) is no longer than the summary (%d)", len(detail), len(summary))
			}
		})
	}
}

// checkReasonOrder checks the order of one use case's misses and the reasons read from them.
func checkReasonOrder(t *testing.T, r *reports.Report, u *reports.UseCase) {
	t.Helper()
	rank := map[readiness.Level]int{readiness.LevelFail: 0, readiness.LevelWarn: 1}
	group := func(m readiness.Miss) int {
		switch {
		case m.Process():
			return 2
		case m.Unmeasured():
			return 1
		}
		return 0
	}
	for i := 1; i < len(u.Misses); i++ {
		a, b := u.Misses[i-1], u.Misses[i]
		switch {
		case group(a) > group(b):
			t.Errorf("%s: %s (%s) before %s (%s): measured, then unmeasured, then process", u.UseCase, a.Metric, a.Dataset, b.Metric, b.Dataset)
		case group(a) < group(b):
		case rank[a.Level] > rank[b.Level]:
			t.Errorf("%s: %s %s before %s %s", u.UseCase, a.Level, a.Metric, b.Level, b.Metric)
		case a.Level == b.Level && group(a) == 0 && a.Distance() < b.Distance():
			t.Errorf("%s: %s (%.3g past its threshold) before %s (%.3g)", u.UseCase, a.Message, a.Distance(), b.Message, b.Distance())
		}
	}
	seen := map[string]bool{}
	absent := false
	process := false
	for _, x := range reports.Reasons(r, u) {
		if x.Miss != nil && x.Miss.Process() {
			process = true
			continue
		}
		if process {
			t.Errorf("%s: reason %q after a process finding", u.UseCase, x.Text())
		}
		if x.Miss != nil {
			if absent {
				t.Errorf("%s: measured reason %q after a line of what could not be measured", u.UseCase, x.Text())
			}
			continue
		}
		absent = true
		if seen[x.Dataset] {
			t.Errorf("%s: two lines of what %s could not measure", u.UseCase, x.Dataset)
		}
		seen[x.Dataset] = true
		if len(x.Roles) > 0 && strings.Count(x.Text(), "{column: ") != len(x.Roles) {
			t.Errorf("%s: %q does not give a config line for each of %v", u.UseCase, x.Text(), x.Roles)
		}
		if len(x.Roles) == 0 && len(x.Other) == 0 {
			t.Errorf("%s: %q says nothing about what is missing", u.UseCase, x.Text())
		}
	}
}

// TestZohoLabelBalance: nine in ten of the Zoho sample's leads created in the 200 days before
// as_of converted; lead scoring fails on the label's balance and says what probably happened.
func TestZohoLabelBalance(t *testing.T) {
	files := exportFiles(t, "crm/zoho_crm_sample")
	_, r := initAndAudit(t, files, "--as-of", "2021-04-16")
	leads := dataset(t, r, "Leads")
	if m := metricOf(t, leads, "volume.win_rate", "200d"); m.Count != 968 || m.Of != 1069 {
		t.Errorf("converted %d of %d leads created in the window, want 968 of 1,069 (90.6%%)", m.Count, m.Of)
	}
	var miss *readiness.Miss
	for _, m := range verdict(t, r, "lead_scoring").Misses {
		if m.Metric == "volume.win_rate" && m.Dataset == "Leads" {
			miss = &m
		}
	}
	if miss == nil || miss.Level != readiness.LevelFail || !strings.Contains(miss.Hint, "lost its unconverted leads") {
		t.Fatalf("lead_scoring on Leads: win rate miss %+v, want a fail saying the unconverted leads were lost", miss)
	}
	_, detail, _ := cli(t, append([]string{"audit", "--detail", "--as-of", "2021-04-16"}, files...)...)
	if !strings.Contains(detail, "volume.win_rate[200d] = 90.55% > fail 70% (Leads)\n        probably: nearly every lead converted") {
		t.Errorf("the console does not read the hint out under the miss:\n%s", detail)
	}
}

// TestZohoConsoleGolden: the console summary of the whole Zoho export (21 files) is a golden
// file; review its diff when detection or reasons change.
func TestZohoConsoleGolden(t *testing.T) {
	files := exportFiles(t, "crm/zoho_crm_sample")
	code, out, stderr := cli(t, append([]string{"audit", "--as-of", "2021-04-16"}, files...)...)
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if dir := filepath.Dir(files[0]); strings.Contains(out, dir) {
		t.Fatalf("the summary names the folder %s: the golden file would depend on the checkout", dir)
	}
	testkit.Golden(t, "testdata/golden/zoho.console.txt", []byte(out))
}

// TestReportDetail: crmready report renders a saved report as the audit did, summary by default
// and everything with --detail.
func TestReportDetail(t *testing.T) {
	saved := repo(t, "testdata/golden/sample.report.json")
	_, summary, stderr := cli(t, "report", saved)
	_, detail, _ := cli(t, "report", "--detail", saved)
	if stderr != "" || !strings.Contains(summary, "--detail prints every reason") || strings.Contains(summary, "  metrics:\n") {
		t.Errorf("report without --detail is not the summary (stderr %q):\n%s", stderr, summary)
	}
	if !strings.Contains(detail, "  metrics:\n") || !strings.Contains(detail, "  read testdata/sample/leads.csv: ") {
		t.Errorf("report --detail lacks what was read and measured:\n%s", detail)
	}
}
