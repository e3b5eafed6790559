package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// auditSample audits the shipped sample into a JSON report and returns its path.
func auditSample(t *testing.T, dir string, extra ...string) string {
	t.Helper()
	out := filepath.Join(dir, "run.json")
	args := append([]string{"audit", "--as-of", "2026-11-25", "-q", "--out", out}, extra...)
	if code, _, stderr := cli(t, append(args, sampleFiles(t)...)...); code != 1 {
		t.Fatalf("audit: exit %d, %s", code, stderr)
	}
	return out
}

// TestSeveralOuts: one audit writes every format, each chosen by its file's extension, and the
// saved JSON renders the same files again.
func TestSeveralOuts(t *testing.T) {
	dir := t.TempDir()
	names := []string{"r.txt", "r.md", "junit.xml", "r.html", "r.xlsx"}
	var args []string
	for _, n := range names {
		args = append(args, "--out", filepath.Join(dir, "audit-"+n))
	}
	run := auditSample(t, dir, args...)
	args = []string{"report", run, "-q"}
	for _, n := range names {
		args = append(args, "--out", filepath.Join(dir, "report-"+n))
	}
	if code, stdout, stderr := cli(t, args...); code != 1 || stdout != "" || stderr != "" {
		t.Fatalf("report: exit %d, %q %q", code, stdout, stderr)
	}
	starts := map[string]string{"r.txt": "crmready", "r.md": "## crmready: 🔴 NO-GO", "junit.xml": "<?xml", "r.html": "<!DOCTYPE html>", "r.xlsx": "PK"}
	for _, n := range names {
		a, errA := os.ReadFile(filepath.Join(dir, "audit-"+n))
		b, errB := os.ReadFile(filepath.Join(dir, "report-"+n))
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if !bytes.HasPrefix(a, []byte(starts[n])) {
			t.Errorf("%s starts %q", n, a[:min(20, len(a))])
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s rendered from the saved JSON differs from the audit's", n)
		}
	}
}

// TestReportCommand: the saved report's verdict decides the exit code, whatever the format;
// --compare adds the trend to every format.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	run := auditSample(t, dir)
	for _, format := range []string{"console", "json", "md", "junit", "html"} {
		code, stdout, stderr := cli(t, "report", run, "--format", format, "--compare", run)
		if code != 1 || stderr != "" {
			t.Errorf("%s: exit %d, %q", format, code, stderr)
		}
		if !strings.Contains(stdout, "2026-11-25") || !strings.Contains(strings.ToLower(stdout), "trend") {
			t.Errorf("%s: no trend in\n%.300s", format, stdout)
		}
	}
	clean := filepath.Join(dir, "clean.json")
	if code, _, stderr := cli(t, "audit", "--as-of", "2026-11-25", "-u", "lead_routing", "-q", "--out", clean, repo(t, "testdata/cli/clean_leads.csv")); code != 0 {
		t.Fatalf("clean audit: exit %d %s", code, stderr)
	}
	if code, _, _ := cli(t, "report", clean, "-q"); code != 0 {
		t.Errorf("a GO report exits %d", code)
	}
	code, stdout, _ := cli(t, "report", clean, "--compare", run, "--format", "json")
	var r struct {
		Trend struct {
			Then     string                                `json:"then"`
			UseCases []struct{ UseCase, Then, Now string } `json:"use_cases"`
		} `json:"trend"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil || code != 0 || r.Trend.Then != "2026-11-25" || len(r.Trend.UseCases) == 0 {
		t.Errorf("trend in JSON: exit %d, %v, %+v", code, err, r.Trend)
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	run := auditSample(t, dir)
	md := filepath.Join(dir, "r.md")
	os.WriteFile(md, []byte("# not json"), 0o644)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"report", filepath.Join(dir, "nope.json")}, "crmready: " + filepath.Join(dir, "nope.json") + ": no such file"},
		{[]string{"report", md}, "crmready: " + md + ": not a crmready report: invalid JSON at byte 1"},
		{[]string{"report", run, "--compare", md}, "crmready: " + md + ": not a crmready report"},
		{[]string{"report", run, "--out", "r.pdf"}, `crmready: r.pdf: cannot tell the format from extension ".pdf" (valid: .txt, .json, .md, .markdown, .xml, .html, .htm, .xlsx)`},
		{[]string{"audit", "--out", "r.docx", sampleFiles(t)[0]}, `crmready: r.docx: cannot tell the format from extension ".docx" (valid: `},
		{[]string{"report", run, "--format", "xlsx"}, "crmready: --format xlsx: a workbook is written to a file: use --out report.xlsx"},
		{[]string{"report", run, "--format", "pdf"}, `crmready: unknown format "pdf" (valid: console, json, md, junit, html, xlsx)`},
	} {
		code, stdout, stderr := cli(t, tt.args...)
		if code != 2 || !strings.HasPrefix(stderr, tt.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, want %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestShowValuesAndRedact: Markdown and JUnit show no record value unless --show-values; with
// --redact, what they show is masked.
func TestShowValuesAndRedact(t *testing.T) {
	run := auditSample(t, t.TempDir())
	email := "melissa.fairer.312@acme-corp.com" // leads record 1002, a copy of record 312: the first duplicate email
	for _, format := range []string{"md", "junit"} {
		_, plain, _ := cli(t, "report", run, "--format", format)
		_, shown, _ := cli(t, "report", run, "--format", format, "--show-values")
		_, masked, _ := cli(t, "report", run, "--format", format, "--show-values", "--redact")
		if strings.Contains(plain, email) || !strings.Contains(shown, email) || strings.Contains(masked, email) ||
			!strings.Contains(strings.ReplaceAll(masked, `\*`, "*"), "m***@acme-corp.com") {
			t.Errorf("%s: the email shows plain %v, with --show-values %v, redacted %v", format,
				strings.Contains(plain, email), strings.Contains(shown, email), strings.Contains(masked, email))
		}
	}
}

// TestFindingsDir: --findings writes every stale record, not the report's sample, and the
// report is unchanged.
func TestFindingsDir(t *testing.T) {
	dir := t.TempDir()
	fixes := filepath.Join(dir, "fixes")
	run := auditSample(t, dir, "--findings", fixes, "--max-findings", "10")
	index := readCSV(t, filepath.Join(fixes, "index.csv"))
	found := false
	for _, row := range index[1:] {
		if row[0] == "leads" && row[1] == "staleness.stale_record" {
			found = true
			rows := readCSV(t, filepath.Join(fixes, row[4]))
			if row[2] != row[3] || len(rows)-1 != atoi(t, row[2]) || len(rows)-1 <= 10 {
				t.Errorf("stale leads: index %v, %d rows in the file", row, len(rows)-1)
			}
		}
	}
	if !found {
		t.Fatalf("no stale leads list in %v", index)
	}
	b, _ := os.ReadFile(run)
	if bytes.Count(b, []byte(`"kind": "stale_record"`)) != 30 {
		t.Error("--findings changed the report's samples")
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
