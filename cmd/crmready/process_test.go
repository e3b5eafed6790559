package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmready/crmready/reports"
)

// routingConfig writes a config that gates lead routing on the clean leads, with the given
// process lines under the use case.
func routingConfig(t *testing.T, process string) string {
	t.Helper()
	src, err := os.ReadFile(repo(t, "testdata/cli/clean_leads.csv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "leads.csv"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := "as_of: 2026-11-25\ndatasets:\n  - {name: leads, object: lead, files: [leads.csv], columns: [{column: Region, role: region}]}\n" +
		"use_cases:\n  - name: lead_routing\n" + process
	path := filepath.Join(dir, "crmready.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestProcessReadiness: process items decide the verdict of a use case declared in a config
// file, are listed as to define in a config-less look without changing it, and appear in the
// console and JSON reports.
func TestProcessReadiness(t *testing.T) {
	const full = "    success_metric: \"first response within an hour\"\n    owner: Dana\n    override: \"reassign from the queue\"\n    review_every: 90d\n"
	tests := []struct {
		name     string
		args     []string
		code     int
		status   string
		misses   []string
		statuses map[string]string // process item -> status
		console  string
	}{
		{
			name: "config-less: to define, the data decides", code: 0, status: "GO",
			args:     []string{"-u", "lead_routing", "--as-of", "2026-11-25", repo(t, "testdata/cli/clean_leads.csv")},
			statuses: map[string]string{"process.success_metric": "to_define", "process.owner": "to_define", "process.last_reviewed": "not_recorded"},
			console:  "Process: to define for every use case (no config file declares them): success_metric, owner, override, review_every.",
		},
		{
			name: "declared without success metric and owner: NO-GO", code: 1, status: "NO-GO",
			args:     []string{"--config", routingConfig(t, "    override: \"reassign\"\n    review_every: 90d\n")},
			misses:   []string{"process.owner", "process.success_metric"},
			statuses: map[string]string{"process.success_metric": "missing", "process.owner": "missing", "process.override": "defined"},
			console:  "lead_routing  missing: success_metric (NO-GO), owner (NO-GO)",
		},
		{
			name: "declared and written down: GO", code: 0, status: "GO",
			args:     []string{"--config", routingConfig(t, full)},
			statuses: map[string]string{"process.success_metric": "defined", "process.owner": "defined", "process.override": "defined", "process.review_every": "defined"},
			console:  "lead_routing  written down",
		},
		{
			name: "review overdue: WARN", code: 0, status: "WARN",
			args:     []string{"--config", routingConfig(t, full+"    last_reviewed: 2026-05-01\n")},
			misses:   []string{"process.last_reviewed"},
			statuses: map[string]string{"process.last_reviewed": "overdue"},
			console:  "review overdue: last reviewed 2026-05-01, every 90d, so due 2026-07-30 (as_of 2026-11-25)",
		},
		{
			name: "review overdue fails with --fail-on warn", code: 1, status: "WARN",
			args:   []string{"--fail-on", "warn", "--config", routingConfig(t, full+"    last_reviewed: 2026-05-01\n")},
			misses: []string{"process.last_reviewed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := cli(t, append([]string{"audit", "--format", "json"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			var r reports.Report
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			u := verdict(t, &r, "lead_routing")
			if string(u.Status) != tt.status {
				t.Errorf("status %s, want %s (misses %+v)", u.Status, tt.status, u.Misses)
			}
			var got []string
			for _, m := range u.Misses {
				got = append(got, m.Metric)
			}
			if strings.Join(got, ",") != strings.Join(tt.misses, ",") {
				t.Errorf("misses %v, want %v", got, tt.misses)
			}
			for _, it := range u.Process.Items {
				if want, ok := tt.statuses[it.ID]; ok && string(it.Status) != want {
					t.Errorf("%s: %s, want %s (%s)", it.ID, it.Status, want, it.Message)
				}
			}
			if tt.console == "" {
				return
			}
			_, text, _ := cli(t, append([]string{"audit"}, tt.args...)...)
			if !strings.Contains(text, tt.console) {
				t.Errorf("console lacks %q:\n%s", tt.console, text)
			}
		})
	}
}

// TestInitWritesProcessPlaceholders: every use case of a starter config lists the process
// items, commented, so the config loads as written and fails until they are filled in.
func TestInitWritesProcessPlaceholders(t *testing.T) {
	code, out, stderr := cli(t, "init", repo(t, "testdata/cli/clean_leads.csv"))
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	_, ucs, _ := strings.Cut(out, "\nuse_cases:\n")
	uses := strings.Count(ucs, "  - name: ")
	for _, line := range []string{"    # success_metric: TBD\n", "    # owner: TBD\n", "    # override: TBD\n", "    # review_every: 90d\n", "    # last_reviewed: YYYY-MM-DD\n"} {
		if n := strings.Count(out, line); n != uses || n == 0 {
			t.Errorf("%q appears %d times for %d use cases", line, n, uses)
		}
	}
	if !strings.Contains(out, "#   owner           who answers for the model") {
		t.Errorf("starter does not explain the items:\n%s", out)
	}
}

// TestProcessAndMissingData: a declared use case with no dataset and no process says both in
// its reasons, the missing data first.
func TestProcessAndMissingData(t *testing.T) {
	cfg := routingConfig(t, "    success_metric: x\n    owner: Dana\n  - name: opportunity_scoring\n")
	code, out, stderr := cli(t, "audit", "--config", cfg)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "opportunity_scoring: NO-GO, no opportunity dataset, 3 of 4 reasons (--detail lists every one)\n  fail  no owner (who answers for the model)\n  fail  no success_metric (what better means)\n"
	if !strings.Contains(out, want) {
		t.Errorf("console lacks %q:\n%s", want, out)
	}
}
