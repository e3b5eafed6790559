package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// fill writes files into d's new folder.
func fill(t *testing.T, d *Dir, files ...string) {
	t.Helper()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(d.Path(), f), []byte("new "+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func oldFolder(t *testing.T, dir string, perm fs.FileMode, files ...string) {
	t.Helper()
	if err := os.Mkdir(dir, perm); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, perm)
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("old "+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDirReplacedWhole: the new folder takes the old one's place as a whole (a file only the
// old one had is gone), keeps its permissions, and nothing is left beside it; with the
// exchange of names and with the rename aside that other systems use.
func TestDirReplacedWhole(t *testing.T) {
	for _, aside := range []bool{false, true} {
		parent := t.TempDir()
		dest := filepath.Join(parent, "fixes")
		oldFolder(t, dest, 0o750, "index.csv", "gone.csv")
		d, err := CreateDir(dest)
		if err != nil {
			t.Fatal(err)
		}
		fill(t, d, "index.csv", "leads.csv")
		if got := names(t, dest); !slices.Equal(got, []string{"gone.csv", "index.csv"}) {
			t.Errorf("before Commit the folder is %v", got)
		}
		if aside {
			if err := syncDir(d.tmp); err != nil {
				t.Fatal(err)
			}
			old, err := swapAside(d.tmp, d.target)
			if err != nil {
				t.Fatal(err)
			}
			d.done = true
			os.RemoveAll(old)
		} else if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := names(t, dest); !slices.Equal(got, []string{"index.csv", "leads.csv"}) {
			t.Errorf("aside %v: the folder is %v", aside, got)
		}
		if got := string(mustRead(t, filepath.Join(dest, "index.csv"))); got != "new index.csv" {
			t.Errorf("aside %v: index.csv holds %q", aside, got)
		}
		if fi, _ := os.Stat(dest); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o750 {
			t.Errorf("aside %v: permissions %v, want 0750", aside, fi.Mode().Perm())
		}
		if got := names(t, parent); !slices.Equal(got, []string{"fixes"}) {
			t.Errorf("aside %v: beside it: %v", aside, got)
		}
	}
}

// TestDirCases: a new folder is created, a symlinked one written through, an aborted one
// leaves the old, and a folder in a missing folder is an error.
func TestDirCases(t *testing.T) {
	t.Run("new folder", func(t *testing.T) {
		dest := filepath.Join(t.TempDir(), "fixes")
		d, err := CreateDir(dest)
		if err != nil {
			t.Fatal(err)
		}
		fill(t, d, "index.csv")
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := names(t, dest); !slices.Equal(got, []string{"index.csv"}) {
			t.Errorf("folder %v", got)
		}
	})
	t.Run("symlink written through", func(t *testing.T) {
		parent := t.TempDir()
		oldFolder(t, filepath.Join(parent, "real"), 0o755, "a.csv")
		dest := filepath.Join(parent, "fixes")
		mustLink(t, "real", dest)
		d, err := CreateDir(dest)
		if err != nil {
			t.Fatal(err)
		}
		fill(t, d, "b.csv")
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		li, _ := os.Lstat(dest)
		if li.Mode()&fs.ModeSymlink == 0 || !slices.Equal(names(t, filepath.Join(parent, "real")), []string{"b.csv"}) {
			t.Errorf("link %v, real holds %v", li.Mode(), names(t, filepath.Join(parent, "real")))
		}
	})
	t.Run("aborted", func(t *testing.T) {
		parent := t.TempDir()
		dest := filepath.Join(parent, "fixes")
		oldFolder(t, dest, 0o755, "a.csv")
		d, err := CreateDir(dest)
		if err != nil {
			t.Fatal(err)
		}
		fill(t, d, "b.csv")
		d.Abort()
		if !slices.Equal(names(t, parent), []string{"fixes"}) || !slices.Equal(names(t, dest), []string{"a.csv"}) {
			t.Errorf("after Abort: %v, %v", names(t, parent), names(t, dest))
		}
		if err := d.Commit(); err == nil {
			t.Error("an aborted folder committed")
		}
	})
	t.Run("errors", func(t *testing.T) {
		parent := t.TempDir()
		os.WriteFile(filepath.Join(parent, "file"), nil, 0o644)
		for dest, want := range map[string]string{
			"nope/fixes": "nope/fixes: folder " + filepath.Join(parent, "nope") + " does not exist",
			"file":       "file: not a folder",
		} {
			_, err := CreateDir(filepath.Join(parent, dest))
			if err == nil || err.Error() != filepath.Join(parent, want) {
				t.Errorf("%s: %v, want %s", dest, err, filepath.Join(parent, want))
			}
		}
		for _, n := range names(t, parent) {
			if strings.Contains(n, ".crmready-") {
				t.Errorf("left %s", n)
			}
		}
	})
}

// TestExchange: where the system can exchange two names in one step, it does (the folder swap
// then never leaves a moment without the folder).
func TestExchange(t *testing.T) {
	parent := t.TempDir()
	a, b := filepath.Join(parent, "a"), filepath.Join(parent, "b")
	oldFolder(t, a, 0o755, "from-a.csv")
	oldFolder(t, b, 0o755, "from-b.csv")
	err := exchange(a, b)
	if errors.Is(err, errNoExchange) {
		t.Skipf("no exchange of names on %s/%s here", runtime.GOOS, parent)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names(t, a), []string{"from-b.csv"}) || !slices.Equal(names(t, b), []string{"from-a.csv"}) {
		t.Errorf("after the exchange a holds %v, b %v", names(t, a), names(t, b))
	}
}
