package main

import (
	"strings"
	"testing"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
)

// TestHelpNamesTheRegistries: the help text lists what the registries hold, so that a new check
// or file format cannot be left out of it.
func TestHelpNamesTheRegistries(t *testing.T) {
	tests := []struct {
		args  []string
		names []string
		what  string
	}{
		{[]string{"--help"}, checks.IDs(), "check"},
		{[]string{"audit", "--help"}, extract.Extensions(), "file extension"},
	}
	for _, tt := range tests {
		code, out, _ := cli(t, tt.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", tt.args, code)
		}
		long, _, _ := strings.Cut(out, "Usage:")
		for _, name := range tt.names {
			if !strings.Contains(long, name) {
				t.Errorf("crmready %s does not name the %s %s:\n%s", strings.Join(tt.args, " "), tt.what, name, long)
			}
		}
	}
}
