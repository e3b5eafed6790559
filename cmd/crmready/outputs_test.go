package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot reads every file under dir, by path relative to it.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for name, b := range before {
		if a, ok := after[name]; !ok || a != b {
			t.Errorf("%s: %s changed (%d bytes, now %d, present %v)", what, name, len(b), len(a), ok)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s: %s appeared", what, name)
		}
	}
}

// TestOutputFailuresLeaveOldFiles: when one output of an audit cannot be written, the run
// exits 2 with one line naming it and the cause, and every old output is as it was: the
// outputs are all written in full before the first replaces its old one.
func TestOutputFailuresLeaveOldFiles(t *testing.T) {
	clean := repo(t, "testdata/cli/clean_leads.csv")
	tests := []struct {
		name string
		args func(dir string) []string
		want func(dir string) string
	}{
		{"the second --out is a folder", func(d string) []string {
			os.Mkdir(filepath.Join(d, "r.xlsx"), 0o755)
			return []string{"--out", filepath.Join(d, "r.json"), "--out", filepath.Join(d, "r.xlsx")}
		}, func(d string) string { return filepath.Join(d, "r.xlsx") + ": is a folder" }},
		{"an --out folder that does not exist", func(d string) []string {
			return []string{"--out", filepath.Join(d, "r.json"), "--out", filepath.Join(d, "new", "r.md")}
		}, func(d string) string {
			return filepath.Join(d, "new", "r.md") + ": folder " + filepath.Join(d, "new") + " does not exist"
		}},
		{"a --findings folder in a folder that does not exist", func(d string) []string {
			return []string{"--out", filepath.Join(d, "r.json"), "--findings", filepath.Join(d, "new", "fixes")}
		}, func(d string) string {
			return "--findings " + filepath.Join(d, "new", "fixes") + ": folder " + filepath.Join(d, "new") + " does not exist"
		}},
		{"a --findings folder holding other files", func(d string) []string {
			os.WriteFile(filepath.Join(d, "fixes", "notes.txt"), []byte("mine"), 0o644)
			return []string{"--out", filepath.Join(d, "r.json"), "--findings", filepath.Join(d, "fixes")}
		}, func(d string) string {
			return "--findings " + filepath.Join(d, "fixes") + ": holds notes.txt, which its index.csv does not list"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			// The previous audit's outputs, of another as_of.
			code, _, stderr := cli(t, "audit", "--as-of", "2026-10-01", "-q", "-u", "lead_routing", "--out", filepath.Join(dir, "r.json"),
				"--findings", filepath.Join(dir, "fixes"), clean)
			if code != 0 {
				t.Fatalf("previous audit: exit %d, %s", code, stderr)
			}
			args := tt.args(dir)
			before := snapshot(t, dir)
			code, stdout, stderr := cli(t, append(append([]string{"audit", "--as-of", "2026-11-25", "-u", "lead_routing"}, args...), clean)...)
			if want := "crmready: " + tt.want(dir); code != 2 || !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
				t.Errorf("exit %d, stdout %d bytes, stderr %q\nwant exit 2 and %s", code, len(stdout), stderr, want)
			}
			sameFiles(t, tt.name, before, snapshot(t, dir))
		})
	}
}

// TestReplacedOutputsKeep: --out, --findings, profile --save and init --force all keep a
// replaced file's permissions and write through a symlink, which stays a link.
func TestReplacedOutputsKeep(t *testing.T) {
	clean := repo(t, "testdata/cli/clean_leads.csv")
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	os.Mkdir(real, 0o755)
	prepare := func(name string) string {
		target := filepath.Join(real, name)
		if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chmod(target, 0o640)
		link := filepath.Join(dir, name)
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("no symlinks: %v", err)
		}
		return link
	}
	report, baseline, cfg := prepare("r.json"), prepare("base.json"), prepare("crmready.yaml")
	runs := [][]string{
		{"audit", "--as-of", "2026-11-25", "-q", "-u", "lead_routing", "--out", report, clean},
		{"profile", "--save", baseline, clean},
		{"init", "--force", "--out", cfg, clean},
	}
	for _, args := range runs {
		if code, _, stderr := cli(t, args...); code != 0 {
			t.Fatalf("%s: exit %d, %s", args[0], code, stderr)
		}
	}
	for _, link := range []string{report, baseline, cfg} {
		li, err := os.Lstat(link)
		if err != nil || li.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symlink: %v", link, err)
			continue
		}
		b, _ := os.ReadFile(link)
		fi, _ := os.Stat(link)
		if bytes.Equal(b, []byte("old")) || fi.Mode().Perm() != 0o640 {
			t.Errorf("%s: %d bytes, permissions %v (want the new content, 0640)", link, len(b), fi.Mode().Perm())
		}
	}
	if entries, _ := os.ReadDir(real); len(entries) != 3 {
		t.Errorf("left beside the files: %v", entries)
	}
}
