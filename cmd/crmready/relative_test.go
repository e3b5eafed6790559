package main

import (
	"path/filepath"
	"testing"
)

func TestRelativeTo(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		dir, path, want string
	}{
		{dir, filepath.Join(dir, "leads.csv"), "leads.csv"},
		{dir, filepath.Join(dir, "exports", "leads.csv"), "exports/leads.csv"},
		{filepath.Join(dir, "cfg"), filepath.Join(dir, "leads.csv"), filepath.ToSlash(filepath.Join(dir, "leads.csv"))},
		{".", "testdata/sample/leads.csv", "testdata/sample/leads.csv"},
		{"configs", "testdata/sample/leads.csv", "../testdata/sample/leads.csv"},
	} {
		if got := relativeTo(c.dir, c.path); got != c.want {
			t.Errorf("relativeTo(%q, %q) = %q, want %q", c.dir, c.path, got, c.want)
		}
	}
}
