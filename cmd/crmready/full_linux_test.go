package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

// mountTmpfs mounts a tmpfs of size bytes on a new folder and unmounts it when the test ends.
// It skips unless the test runs as root (mounting needs it), and under CI=true, where the
// test runs as root, a refused mount fails it.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size))
	testkit.Need(t, "a tmpfs mounted on "+dir+" as root", err)
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// fill writes into dir until the filesystem is full.
func fill(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
}

// TestFullDisk: on a real full filesystem, an audit, a profile --save and an init --force exit
// 2 with "no space left on device" naming the file, and the previous report, workbook,
// findings folder, baseline and config are byte for byte as they were, with nothing left
// beside them.
func TestFullDisk(t *testing.T) {
	dir := mountTmpfs(t, 384<<10)
	clean := repo(t, "testdata/cli/clean_leads.csv")
	report, book, fixes := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xlsx"), filepath.Join(dir, "fixes")
	baseline, cfg := filepath.Join(dir, "base.json"), filepath.Join(dir, "crmready.yaml")
	previous := [][]string{
		{"audit", "--as-of", "2026-11-25", "-q", "-u", "lead_routing", "--out", report, "--out", book, "--findings", fixes, clean},
		{"profile", "--save", baseline, clean},
		{"init", "--out", cfg, clean},
	}
	for _, args := range previous {
		if code, _, stderr := cli(t, args...); code != 0 {
			t.Fatalf("%s on the empty tmpfs: exit %d, %s", args[0], code, stderr)
		}
	}
	fill(t, dir)
	before := snapshot(t, dir)
	// The new outputs are larger than the old ones (as of October, more records are recent):
	// writing over the old file would run out of room half way.
	runs := []struct {
		args []string
		dest string
	}{
		{[]string{"audit", "--as-of", "2026-10-01", "-q", "-u", "lead_routing", "--out", report, "--out", book, "--findings", fixes, clean}, "--findings " + fixes},
		{[]string{"audit", "--as-of", "2026-10-01", "-q", "-u", "lead_routing", "--out", report, "--out", book, clean}, report},
		{[]string{"audit", "--as-of", "2026-10-01", "-q", "-u", "lead_routing", "--out", book, clean}, book},
		{[]string{"profile", "--save", baseline, repo(t, "testdata/cli/warn_leads.csv")}, baseline},
		{[]string{"init", "--force", "--out", cfg, repo(t, "testdata/cli/warn_leads.csv")}, cfg},
	}
	for _, r := range runs {
		code, _, stderr := cli(t, r.args...)
		if code != 2 || !strings.HasPrefix(stderr, "crmready: "+r.dest) || !strings.Contains(stderr, "no space left on device") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and crmready: %s: ... no space left on device", r.args[:3], code, stderr, r.dest)
		}
		sameFiles(t, strings.Join(r.args[:3], " "), before, snapshot(t, dir))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 6 {
		t.Errorf("the full disk holds %d entries, want the 5 outputs and the filler: %v", len(entries), entries)
	}
}
