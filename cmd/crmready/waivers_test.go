package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/crmready/crmready/readiness"
	"github.com/crmready/crmready/reports"
)

// TestWaiverTurnsNoGoIntoGo: a waiver turns the one failing threshold into a recorded exception
// (GO, exit 0), the JSON lists every waiver with its status, and --no-waivers is NO-GO again.
func TestWaiverTurnsNoGoIntoGo(t *testing.T) {
	cfg := repo(t, "testdata/cli/waived.yaml")
	code, out, stderr := cli(t, "audit", "--config", cfg, "--format", "json")
	if code != 0 || stderr != "" {
		t.Fatalf("with the waiver: exit %d, stderr %q", code, stderr)
	}
	var r reports.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	uc := r.UseCases[0]
	if uc.Status != readiness.Go || len(uc.Misses) != 0 || len(uc.Waived) != 1 || uc.Waived[0].Waiver.ApprovedBy != "Head of RevOps" {
		t.Fatalf("verdict %s, misses %+v, waived %+v: want GO with the owner miss waived by Head of RevOps", uc.Status, uc.Misses, uc.Waived)
	}
	want := []struct {
		metric  string
		status  readiness.WaiverStatus
		covered int
	}{{"completeness.owner", readiness.WaiverApplied, 1}, {"duplicates", readiness.WaiverExpired, 0}, {"volume.records", readiness.WaiverUnused, 0}}
	if len(r.Waivers) != len(want) {
		t.Fatalf("%d waivers in the report, want %d", len(r.Waivers), len(want))
	}
	for i, w := range want {
		got := r.Waivers[i]
		if got.Metric != w.metric || got.Status != w.status || len(got.Covered) != w.covered {
			t.Errorf("waiver %d: %s %s covering %d, want %s %s covering %d", i, got.Metric, got.Status, len(got.Covered), w.metric, w.status, w.covered)
		}
	}
	if c := r.Waivers[0].Covered; len(c) == 1 && (c[0].UseCase != "lead_routing" || c[0].Dataset != "leads" || c[0].Level != readiness.LevelFail) {
		t.Errorf("covered = %+v", c)
	}
	for _, s := range []string{`"status": "applied"`, `"approved_by": "Head of RevOps"`, `"reason": "owner backfill runs nightly`, `"expires": "2027-01-31T23:59:59.999Z"`} {
		if !strings.Contains(out, s) {
			t.Errorf("JSON lacks %s", s)
		}
	}

	_, console, _ := cli(t, "audit", "--config", cfg)
	for _, s := range []string{"Waivers:", "applied: lead_routing completeness.owner (leads), approved by Head of RevOps until 2027-01-31", "expired: lead_routing duplicates (every dataset)", "unused: lead_scoring volume.records"} {
		if !strings.Contains(console, s) {
			t.Errorf("console lacks %q:\n%s", s, console)
		}
	}

	code, out, stderr = cli(t, "audit", "--config", cfg, "--format", "json", "--no-waivers")
	if code != 1 || stderr != "" {
		t.Fatalf("--no-waivers: exit %d, stderr %q; want 1 (NO-GO)", code, stderr)
	}
	r = reports.Report{}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.UseCases[0].Status != readiness.NoGo || len(r.Waivers) != 0 || !strings.Contains(strings.Join(r.Notes, "\n"), "--no-waivers: the 3 waivers of the config were not applied") {
		t.Errorf("--no-waivers: %s, waivers %+v, notes %q", r.UseCases[0].Status, r.Waivers, r.Notes)
	}
}
