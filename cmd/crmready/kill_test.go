package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crmready/crmready/internal/testkit"
	"github.com/crmready/crmready/reports"
)

// buildBinary builds crmready into a temporary folder, with the extra go build flags given.
func buildBinary(t *testing.T, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "crmready")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	gobin := testkit.NeedProgram(t, "go", "golang-go")
	args := append(append([]string{"build"}, flags...), "-o", bin, ".")
	out, err := exec.Command(gobin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestKilledAuditTearsNothing: an audit writing a 2.5 MB JSON report and a workbook is killed
// (SIGKILL) at moments spread over its run and while it writes; every time, each file is the
// previous run's or the new one, whole, never torn. (Killed, a run may leave its hidden
// temporary files: nothing can remove them.)
func TestKilledAuditTearsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a dozen audits")
	}
	bin := buildBinary(t)
	data, out := t.TempDir(), t.TempDir()
	if b, err := exec.Command(bin, "sample", "--rows", "2000", "--seed", "3", "--as-of", "2026-11-25", "--out", data).CombinedOutput(); err != nil {
		t.Fatalf("sample: %v\n%s", err, b)
	}
	files := []string{filepath.Join(out, "r.json"), filepath.Join(out, "r.xlsx")}
	audit := func(asOf string) *exec.Cmd {
		args := []string{"audit", "--as-of", asOf, "-q", "--max-findings", "100000"}
		for _, f := range files {
			args = append(args, "--out", f)
		}
		for _, f := range []string{"leads.csv", "contacts.csv", "opportunities.csv"} {
			args = append(args, filepath.Join(data, f))
		}
		return exec.Command(bin, args...)
	}
	read := func() [][]byte {
		var bs [][]byte
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			bs = append(bs, b)
		}
		return bs
	}
	if err := audit("2026-10-01").Run(); exitOf(err) != 1 {
		t.Fatalf("previous audit: %v", err)
	}
	old := read()
	start := time.Now()
	if err := audit("2026-11-25").Run(); exitOf(err) != 1 {
		t.Fatalf("new audit: %v", err)
	}
	whole := time.Since(start)
	nu := read()
	for i, f := range files {
		parses(t, f, old[i])
		parses(t, f, nu[i])
		if bytes.Equal(old[i], nu[i]) {
			t.Fatalf("%s: the two audits wrote the same bytes; the test could not tell them apart", f)
		}
	}

	// Half the kills are spread over the run, from a third of it to its end; the others come
	// at offsets after the first change in the output folder, when writing has begun.
	var moments []func()
	for k := range 6 {
		moments = append(moments, func() { time.Sleep(whole/3 + whole*time.Duration(k)*2/(3*5)) })
	}
	for _, d := range []time.Duration{0, 5, 20, 50, 150, 400} {
		moments = append(moments, func() { waitChange(t, out, whole); time.Sleep(d * time.Millisecond) })
	}
	states := map[string]int{}
	for k, wait := range moments {
		for i, f := range files {
			if err := os.WriteFile(f, old[i], 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := audit("2026-11-25")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wait()
		cmd.Process.Kill()
		cmd.Wait()
		var state []string
		for i, b := range read() {
			switch {
			case bytes.Equal(b, old[i]):
				state = append(state, "old")
			case bytes.Equal(b, nu[i]):
				state = append(state, "new")
			default:
				state = append(state, "torn")
				parses(t, files[i], b)
				t.Errorf("kill %d: %s is neither the old nor the new file (%d bytes)", k, files[i], len(b))
			}
		}
		states[strings.Join(state, "+")]++
		leftovers, _ := filepath.Glob(filepath.Join(out, ".*.crmready-*.tmp"))
		for _, l := range leftovers {
			os.Remove(l)
		}
	}
	t.Logf("after %d kills (the whole run takes %v): json+xlsx %v", len(moments), whole.Round(time.Millisecond), states)
}

// waitChange returns once an entry of dir appears, goes or changes size or time, or after
// limit.
func waitChange(t *testing.T, dir string, limit time.Duration) {
	t.Helper()
	look := func() string {
		entries, _ := os.ReadDir(dir)
		var b strings.Builder
		for _, e := range entries {
			if fi, err := e.Info(); err == nil {
				fmt.Fprintf(&b, "%s %d %d\n", e.Name(), fi.Size(), fi.ModTime().UnixNano())
			}
		}
		return b.String()
	}
	before := look()
	for end := time.Now().Add(limit); time.Now().Before(end) && look() == before; {
		time.Sleep(time.Millisecond)
	}
}

// parses fails unless b reads as what path's extension says.
func parses(t *testing.T, path string, b []byte) {
	t.Helper()
	var err error
	if strings.HasSuffix(path, ".json") {
		_, err = reports.Read(bytes.NewReader(b))
	} else {
		var book *excelize.File
		if book, err = excelize.OpenReader(bytes.NewReader(b)); err == nil {
			_, err = book.GetRows("Summary")
			book.Close()
		}
	}
	if err != nil {
		t.Errorf("%s (%d bytes) does not parse: %v", path, len(b), err)
	}
}

func exitOf(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}
