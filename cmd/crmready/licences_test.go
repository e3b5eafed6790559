package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

// licenceKinds tells a licence by words its text always holds.
// Each is compatible with distributing crmready under Apache-2.0.
var licenceKinds = []struct {
	name  string
	words []string
}{
	{"Apache-2.0", []string{"Apache License", "Version 2.0"}},
	{"MIT", []string{"Permission is hereby granted, free of charge"}},
	{"BSD-3-Clause", []string{"Redistribution and use in source and binary forms", "Neither the name"}},
	{"BSD-3-Clause", []string{"Redistribution and use in source and binary forms", "names of its"}},
	{"BSD-2-Clause", []string{"Redistribution and use in source and binary forms"}},
	{"ISC", []string{"Permission to use, copy, modify, and/or distribute"}},
	{"Unlicense", []string{"This is free and unencumbered software released into the public domain"}},
}

func isBSD(name string) bool { return strings.HasPrefix(name, "BSD") }

var licenceFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|unlicense)(\.md|\.txt)?$`)

// TestDependencyLicences reads the licence file of every module compiled into the binary and
// fails for one it cannot tell or that is not compatible with Apache-2.0, and when the README's
// table differs from the build (-update rewrites it).
func TestDependencyLicences(t *testing.T) {
	gobin := testkit.NeedProgram(t, "go", "golang-go")
	out, err := exec.Command(gobin, "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}}\t{{.Version}}\t{{.Dir}}{{end}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	var rows []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "" || seen[line] {
			continue
		}
		seen[line] = true
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("go list line %q", line)
		}
		name, err := licenceOf(f[2])
		if err != nil {
			t.Errorf("%s %s: %v", f[0], f[1], err)
			continue
		}
		rows = append(rows, fmt.Sprintf("| `%s` | %s | %s |", f[0], f[1], name))
	}
	table := "| module | version | licence |\n|---|---|---|\n" + strings.Join(slices.Sorted(slices.Values(rows)), "\n") + "\n"

	readme := filepath.Join(testkit.Root(t), "README.md")
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(b, []byte("rewrites this table -->\n"))
	end := bytes.Index(b, []byte("<!-- /licences -->"))
	if start < 0 || end < start {
		t.Fatal("README.md: no licences table between its markers")
	}
	start += len("rewrites this table -->\n")
	if *testkit.Update {
		nb := append(append(append([]byte{}, b[:start]...), table...), b[end:]...)
		if err := os.WriteFile(readme, nb, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := string(b[start:end]); got != table {
		t.Errorf("README.md's licences table differs from the build's modules (go test ./cmd/crmready -run TestDependencyLicences -update):\nREADME:\n%s\nbuild:\n%s", got, table)
	}
}

func licenceOf(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if !licenceFile.MatchString(e.Name()) {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return "", err
		}
		// A file may hold two licences (go.yaml.in/yaml: MIT and Apache-2.0); a BSD text is
		// one kind, the first that matches.
		var names []string
	kinds:
		for _, k := range licenceKinds {
			for _, w := range k.words {
				if !bytes.Contains(text, []byte(w)) {
					continue kinds
				}
			}
			if !slices.Contains(names, k.name) && !(isBSD(k.name) && slices.ContainsFunc(names, isBSD)) {
				names = append(names, k.name)
			}
		}
		if len(names) == 0 {
			return "", fmt.Errorf("%s: a licence crmready does not know to be compatible", e.Name())
		}
		return strings.Join(names, " and "), nil
	}
	return "", fmt.Errorf("no licence file in %s", dir)
}
