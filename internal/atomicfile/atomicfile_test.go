package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

// failAfter accepts n bytes, then fails the way a full disk does (a short write, then ENOSPC).
type failAfter struct {
	w io.Writer
	n int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return f.w.Write(p)
	}
	k, _ := f.w.Write(p[:f.n])
	f.n = 0
	return k, &fs.PathError{Op: "write", Path: "tmp", Err: syscall.ENOSPC}
}

// inject makes every file written fail after n bytes, and buffers size bytes.
func inject(t *testing.T, n, size int) {
	t.Helper()
	wrap, buf := wrapWriter, bufSize
	wrapWriter = func(w io.Writer) io.Writer { return &failAfter{w: w, n: n} }
	bufSize = size
	t.Cleanup(func() { wrapWriter, bufSize = wrap, buf })
}

// names lists dir's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// renderChunks writes b as a renderer does: in pieces of uneven size.
func renderChunks(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		for i, step := 0, 1; i < len(b); i, step = i+step, step%97+13 {
			if _, err := w.Write(b[i:min(i+step, len(b))]); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestFailureAtEveryOffset: a small report whose write fails at every byte offset, with the
// buffer of the real path (the failure shows at the flush) and with a small one (it shows in
// the middle of rendering), leaves the old report byte for byte and no temporary file.
func TestFailureAtEveryOffset(t *testing.T) {
	report := mustRead(t, filepath.Join(testkit.Root(t), "internal/atomicfile/testdata/report.json"))
	old := []byte(`{"schema": "crmready.report/v1", "verdict": "NO-GO"}` + "\n")
	for _, size := range []int{bufSize, 256} {
		dir := t.TempDir()
		dest := filepath.Join(dir, "r.json")
		if err := os.WriteFile(dest, old, 0o640); err != nil {
			t.Fatal(err)
		}
		failures := 0
		for n := 0; n < len(report); n++ {
			inject(t, n, size)
			err := Write(dest, renderChunks(report))
			if err == nil || !errors.Is(err, syscall.ENOSPC) || !strings.HasPrefix(err.Error(), dest+": ") {
				t.Fatalf("buffer %d, failing at byte %d: error %v, want %s: no space left on device", size, n, err, dest)
			}
			if got := mustRead(t, dest); !bytes.Equal(got, old) {
				t.Fatalf("buffer %d, failing at byte %d: the old report became %d bytes", size, n, len(got))
			}
			if ns := names(t, dir); !slices.Equal(ns, []string{"r.json"}) {
				t.Fatalf("buffer %d, failing at byte %d: left %v", size, n, ns)
			}
			failures++
		}
		inject(t, len(report), size)
		if err := Write(dest, renderChunks(report)); err != nil {
			t.Fatalf("buffer %d, room for every byte: %v", size, err)
		}
		if got := mustRead(t, dest); !bytes.Equal(got, report) || failures != len(report) {
			t.Errorf("buffer %d: after %d failures the new report is %d bytes, want %d", size, failures, len(got), len(report))
		}
	}
}

// TestWriteKeeps: what a replaced file keeps and where a write lands.
func TestWriteKeeps(t *testing.T) {
	dir := t.TempDir()
	probe := filepath.Join(dir, "probe")
	f, err := os.OpenFile(probe, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(probe)
	umasked := fi.Mode().Perm() // 0644 less this process's umask, as the kernel applies it

	tests := []struct {
		name   string
		setup  func(dest string) // prepares dest
		target string            // the file that must hold the new content, relative to dir
		perm   fs.FileMode
		link   bool // dest must still be a symlink
	}{
		{"new file", func(string) {}, "r.json", umasked, false},
		{"replaced file keeps its permissions", func(d string) { writeMode(t, d, 0o600) }, "r.json", 0o600, false},
		{"replaced file keeps wider permissions than the umask allows", func(d string) { writeMode(t, d, 0o666) }, "r.json", 0o666, false},
		{"symlink is written through", func(d string) {
			writeMode(t, filepath.Join(dir, "real.json"), 0o604)
			mustLink(t, "real.json", d)
		}, "real.json", 0o604, true},
		{"dangling symlink creates its target", func(d string) { mustLink(t, "made.json", d) }, "made.json", umasked, true},
		{"symlink into another folder, relative", func(d string) {
			os.Mkdir(filepath.Join(dir, "sub"), 0o755)
			writeMode(t, filepath.Join(dir, "sub", "deep.json"), 0o644)
			mustLink(t, "sub/deep.json", d)
		}, "sub/deep.json", 0o644, true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(dir, "r.json")
			os.Remove(dest)
			tt.setup(dest)
			content := []byte("new " + tt.name + "\n")
			if err := WriteBytes(dest, content); err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(dir, tt.target)
			if got := mustRead(t, target); !bytes.Equal(got, content) {
				t.Errorf("%s holds %q", tt.target, got)
			}
			fi, err := os.Stat(target)
			if err != nil {
				t.Fatal(err)
			}
			if runtime.GOOS != "windows" && fi.Mode().Perm() != tt.perm {
				t.Errorf("permissions %v, want %v", fi.Mode().Perm(), tt.perm)
			}
			li, _ := os.Lstat(dest)
			if got := li.Mode()&fs.ModeSymlink != 0; got != tt.link {
				t.Errorf("dest is a symlink: %v, want %v", got, tt.link)
			}
			for _, n := range names(t, dir) {
				if strings.Contains(n, ".crmready-") {
					t.Errorf("case %d left %s", i, n)
				}
			}
		})
	}
}

func writeMode(t *testing.T, path string, perm fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte("old\n"), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}

func mustLink(t *testing.T, old, new string) {
	t.Helper()
	if err := os.Symlink(old, new); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
}

// TestWriteErrors: a destination that cannot be written is one error naming it and the
// cause, and nothing is created.
func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "folder"), 0o755)
	os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644)
	tests := []struct {
		name, dest, want string
	}{
		{"folder missing", "nope/r.json", "nope/r.json: folder " + filepath.Join(dir, "nope") + " does not exist"},
		{"destination is a folder", "folder", "folder: is a folder"},
		{"folder is a file", "file/r.json", "file/r.json: " + filepath.Join(dir, "file") + " is not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := names(t, dir)
			err := WriteBytes(filepath.Join(dir, tt.dest), []byte("new"))
			if err == nil || err.Error() != filepath.Join(dir, tt.want) {
				t.Errorf("error %v, want %s", err, filepath.Join(dir, tt.want))
			}
			if after := names(t, dir); !slices.Equal(before, after) {
				t.Errorf("folder was %v, is %v", before, after)
			}
		})
	}
}

// TestRendererErrors: a renderer's own error, or a write error it swallowed, leaves the old
// file and names the destination.
func TestRendererErrors(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "r.xlsx")
	writeMode(t, dest, 0o644)
	err := Write(dest, func(w io.Writer) error {
		w.Write([]byte("half"))
		return errors.New("xlsx: sheet too large")
	})
	if err == nil || err.Error() != dest+": xlsx: sheet too large" {
		t.Errorf("renderer error: %v", err)
	}
	inject(t, 3, 1)
	err = Write(dest, func(w io.Writer) error {
		w.Write([]byte("a write whose error is ignored"))
		w.Write([]byte(" and one more"))
		return nil
	})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("swallowed write error: %v", err)
	}
	if got := mustRead(t, dest); string(got) != "old\n" || !slices.Equal(names(t, dir), []string{"r.xlsx"}) {
		t.Errorf("after the errors: %q, folder %v", got, names(t, dir))
	}
}

// TestBatch: outputs are all written before the first is replaced, so a failure in the last
// leaves the first as it was.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xlsx")
	writeMode(t, a, 0o644)
	writeMode(t, b, 0o644)
	var batch Batch
	defer batch.Abort()
	fa, err := Create(a)
	if err != nil {
		t.Fatal(err)
	}
	batch = append(batch, fa)
	fa.Write([]byte("new json"))
	if err := fa.Close(); err != nil {
		t.Fatal(err)
	}
	inject(t, 2, 1)
	fb, err := Create(b)
	if err != nil {
		t.Fatal(err)
	}
	batch = append(batch, fb)
	fb.Write([]byte("new workbook"))
	if err := fb.Close(); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("second output: %v", err)
	}
	batch.Abort()
	if string(mustRead(t, a)) != "old\n" || string(mustRead(t, b)) != "old\n" || len(names(t, dir)) != 2 {
		t.Errorf("a failure in the second output touched the first: %q, folder %v", mustRead(t, a), names(t, dir))
	}
	if err := fa.Commit(); err == nil {
		t.Error("an aborted file committed")
	}
}

// TestDevice: a device is written into, not replaced by a file.
func TestDevice(t *testing.T) {
	if _, err := os.Stat("/dev/null"); err != nil {
		t.Skip("no /dev/null")
	}
	if err := WriteBytes("/dev/null", []byte("gone")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&fs.ModeDevice == 0 {
		t.Errorf("/dev/null is now %v (%v)", fi.Mode(), err)
	}
}
