// Package testkit holds what tests across packages share: whether the run is CI, what a test
// does when something outside the repository is missing (the data written by others in
// ../shared/data beside the repository, a program, a server), and golden files refreshed with
// `go test ./... -update`. Every package with tests imports it, so that the -update flag is
// defined in every test binary.
package testkit

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// Update is set by -update: golden files are rewritten instead of compared.
var Update = flag.Bool("update", false, "rewrite golden files under testdata/ instead of comparing")

// CI reports whether the tests run in CI: the CI variable holds a true value as strconv.ParseBool
// reads it (CI=true, as GitHub Actions and GitLab set it, or CI=1). Unset, empty or CI=false is a
// developer's machine. It is the one place that reads CI.
func CI() bool {
	ok, err := strconv.ParseBool(os.Getenv("CI"))
	return err == nil && ok
}

// Need stops a test that needs something outside the repository when err says it is missing:
// what names it (a path, a program, a server). Outside CI the test is skipped; in CI, which
// provides all of them, it fails, since a skip there would hide a broken test. A nil err is a
// no-op.
func Need(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if CI() {
		t.Fatalf("missing in CI: %s (%v)", what, err)
		return
	}
	t.Skipf("skipped: needs %s (%v); CI=true makes this a failure", what, err)
}

// NeedFile returns path when it exists, and otherwise stops the test as Need does, naming the
// path.
func NeedFile(t testing.TB, path string) string {
	t.Helper()
	_, err := os.Stat(path)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is named once, by Need
	}
	Need(t, path, err)
	return path
}

// NeedProgram returns the path of the program name on PATH, and otherwise stops the test as
// Need does, naming the program and the Debian package that installs it.
func NeedProgram(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	Need(t, fmt.Sprintf("program %s (Debian package %s)", name, debianPackage), err)
	return p
}

// Data returns the path of rel under the shared data folder (../shared/data beside the
// repository), stopping the test as NeedFile does when it is absent.
func Data(t testing.TB, rel string) string {
	t.Helper()
	return NeedFile(t, filepath.Join(Root(t), "..", "shared", "data", rel))
}

// Root returns the repository root: the directory holding go.mod, upwards from the test's
// working directory.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Golden compares got with the golden file at path (relative to the repository root), or
// rewrites the file with -update.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	p := filepath.Join(Root(t), path)
	if *Update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./... -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test ./... -update rewrites it after review):\n%s", path, firstDiff(want, got))
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, w, g)
		}
	}
	return "(same lines, different bytes)"
}
