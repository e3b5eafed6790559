package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStdoutCarriesOnlyTheReport: on a stderr that is not a terminal (a file, as in CI) there is
// no progress output; without --verbose stderr stays empty, with it every stderr line is a log
// record, and stdout is the same report either way.
func TestStdoutCarriesOnlyTheReport(t *testing.T) {
	args := append([]string{"audit", "--as-of", "2026-11-25", "--format", "json"}, sampleFiles(t)...)
	run := func(extra ...string) (string, string) {
		t.Helper()
		dir := t.TempDir()
		stdout, err := os.Create(filepath.Join(dir, "stdout"))
		if err != nil {
			t.Fatal(err)
		}
		stderr, err := os.Create(filepath.Join(dir, "stderr"))
		if err != nil {
			t.Fatal(err)
		}
		code := run(append(args, extra...), stdout, stderr)
		stdout.Close()
		stderr.Close()
		if code != 1 {
			t.Fatalf("exit %d", code)
		}
		out, _ := os.ReadFile(stdout.Name())
		errOut, _ := os.ReadFile(stderr.Name())
		return string(out), string(errOut)
	}
	plain, plainErr := run()
	if plainErr != "" {
		t.Errorf("stderr without --verbose: %q", plainErr)
	}
	if !json.Valid([]byte(plain)) {
		t.Fatalf("stdout is not the JSON report:\n%.300s", plain)
	}
	verbose, logs := run("--verbose")
	if verbose != plain {
		t.Error("--verbose changed stdout")
	}
	if strings.ContainsAny(logs, "\r\x1b") {
		t.Errorf("progress or terminal codes on a stderr that is a file: %q", logs)
	}
	for _, line := range strings.Split(strings.TrimSuffix(logs, "\n"), "\n") {
		if !strings.HasPrefix(line, "level=") {
			t.Errorf("stderr line is not a log record: %q", line)
		}
	}
	for _, want := range []string{`msg="check timing" dataset=leads check=duplicates fold=`, `msg="dataset audited" dataset=opportunities records=`, `msg="audit done" duration=`} {
		if !strings.Contains(logs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, logs)
		}
	}
	if quiet, quietErr := run("--quiet"); quiet != "" || quietErr != "" {
		t.Errorf("--quiet wrote stdout %q, stderr %q", quiet, quietErr)
	}
}

func TestIsInteractive(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for name, w := range map[string]any{"a buffer": &bytes.Buffer{}, "a file": f, "/dev/null (a character device)": null} {
		if isInteractive(w.(interface{ Write([]byte) (int, error) })) {
			t.Errorf("%s is taken for a terminal", name)
		}
	}
}

// TestTerminalProgress draws bars into a buffer: a phase whose estimate the count passes stays
// open until it is done, and stop ends a phase an error left open instead of waiting forever.
func TestTerminalProgress(t *testing.T) {
	var buf bytes.Buffer
	tp := newTerminalProgress(&buf)
	read := tp.Phase("leads", "reading", 100)
	read.Add(60)
	read.Add(60)
	if tp.bars[0].Completed() {
		t.Error("the bar completed when the count passed the estimate, before the phase was done")
	}
	read.Done()
	open := tp.Phase("leads", "duplicates", 0)
	open.Add(10)
	tp.stop()
	if !tp.bars[0].Completed() || !tp.bars[1].Aborted() {
		t.Errorf("after stop: reading completed %v, duplicates aborted %v", tp.bars[0].Completed(), tp.bars[1].Aborted())
	}
}
