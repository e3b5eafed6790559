package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestVersionStamped builds the binary with the linker flags the release build sets
// (.goreleaser.yaml) and checks that `version` and the JSON report's tool field carry them.
func TestVersionStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const ver, rev, at = "9.8.7-test", "0123456789abcdef", "2026-12-08T01:02:03Z"
	ldflags := "-X main.version=" + ver + " -X main.commit=" + rev + " -X main.date=" + at
	bin := buildBinary(t, "-trimpath", "-ldflags", ldflags)
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	want := "crmready " + ver + "\ncommit " + rev + ", built " + at + ", "
	if !strings.HasPrefix(string(out), want) {
		t.Errorf("version printed %q; want it to start %q", out, want)
	}

	files := append([]string{"audit", "--as-of", "2026-11-25", "-f", "json"}, sampleFiles(t)...)
	out, err = exec.Command(bin, files...).Output()
	if code := processExit(err); code > 1 {
		t.Fatalf("audit: exit %d: %v", code, err)
	}
	var r struct {
		Tool string `json:"tool"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("report: %v", err)
	}
	if r.Tool != "crmready "+ver {
		t.Errorf("report tool = %q; want %q", r.Tool, "crmready "+ver)
	}
}

// processExit is a finished command's exit code: 0 for no error, -1 when it did not run.
func processExit(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
