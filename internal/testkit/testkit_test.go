package testkit

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestCI(t *testing.T) {
	for value, want := range map[string]bool{"true": true, "1": true, "TRUE": true, "": false, "false": false, "0": false, "yes": false} {
		t.Setenv("CI", value)
		if got := CI(); got != want {
			t.Errorf("CI=%q: CI() = %v, want %v", value, got, want)
		}
	}
}

// recorder is a testing.TB that records how Need stopped it instead of stopping.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                          {}
func (r *recorder) Skipf(format string, args ...any) { r.skipped = fmt.Sprintf(format, args...) }
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
}

// TestNeed: a missing file skips outside CI and fails in CI, and both messages name it; a
// present one does neither.
func TestNeed(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent", "data.csv")
	tests := []struct {
		ci, path     string
		skip, failed bool
	}{
		{ci: "", path: missing, skip: true},
		{ci: "false", path: missing, skip: true},
		{ci: "true", path: missing, failed: true},
		{ci: "true", path: t.TempDir()},
		{ci: "", path: t.TempDir()},
	}
	for _, tt := range tests {
		t.Setenv("CI", tt.ci)
		r := &recorder{TB: t}
		if got := NeedFile(r, tt.path); got != tt.path {
			t.Errorf("NeedFile returned %q, want %q", got, tt.path)
		}
		if (r.skipped != "") != tt.skip || (r.failed != "") != tt.failed {
			t.Errorf("CI=%q, %s: skipped %q, failed %q; want skip %v, fail %v", tt.ci, tt.path, r.skipped, r.failed, tt.skip, tt.failed)
		}
		if msg := r.skipped + r.failed; msg != "" && (!strings.Contains(msg, tt.path) || strings.Count(msg, tt.path) != 1) {
			t.Errorf("message %q does not name %s once", msg, tt.path)
		}
	}
	t.Setenv("CI", "true")
	r := &recorder{TB: t}
	NeedProgram(r, "crmready-no-such-program", "no-such-package")
	if !strings.Contains(r.failed, "crmready-no-such-program") || !strings.Contains(r.failed, "no-such-package") {
		t.Errorf("missing program in CI: failed %q, want the program and its package named", r.failed)
	}
}
