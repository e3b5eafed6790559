package sample

import (
	"encoding/csv"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

// matcherGroups reads the duplicates check's nickname table, nicknameGroups in
// checks/nicknames.go, from its source: the table is unexported and this test must not share
// a copy of it.
func matcherGroups(t *testing.T) [][]string {
	t.Helper()
	path := filepath.Join(testkit.Root(t), "checks", "nicknames.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var groups [][]string
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || len(spec.Names) != 1 || spec.Names[0].Name != "nicknameGroups" {
			return true
		}
		for _, g := range spec.Values[0].(*ast.CompositeLit).Elts {
			var names []string
			for _, e := range g.(*ast.CompositeLit).Elts {
				s, err := strconv.Unquote(e.(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				names = append(names, s)
			}
			groups = append(groups, names)
		}
		return false
	})
	if len(groups) < 50 {
		t.Fatalf("read %d nickname groups from %s; has the table moved?", len(groups), path)
	}
	return groups
}

// TestNicknamesDisjoint: the generator's nicknames are exactly the source's pairs for the
// generated first names that the matcher's table does not join, so no generated nickname copy
// is found by a table lookup of the pair itself.
func TestNicknamesDisjoint(t *testing.T) {
	groups := matcherGroups(t)
	joined := func(a, b string) bool {
		return slices.ContainsFunc(groups, func(g []string) bool { return slices.Contains(g, a) && slices.Contains(g, b) })
	}
	f, err := os.Open("testdata/nicknames/names.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, r := range rows[1:] {
		name := strings.ToUpper(r[0][:1]) + r[0][1:]
		if r[1] == "has_nickname" && slices.Contains(firstNames, name) && !joined(r[0], r[2]) {
			want[name] = append(want[name], strings.ToUpper(r[2][:1])+r[2][1:])
		}
	}
	if !reflect.DeepEqual(nicknames, want) {
		t.Errorf("nicknames differ from names.csv less the matcher's pairs:\n got %v\nwant %v", nicknames, want)
	}
	pairs := 0
	for name, nicks := range nicknames {
		for _, n := range nicks {
			pairs++
			if joined(strings.ToLower(name), strings.ToLower(n)) {
				t.Errorf("%s -> %s is in the matcher's table", name, n)
			}
		}
	}
	if pairs < 100 {
		t.Errorf("%d nickname pairs; the list is meant to hold the source's 180", pairs)
	}
}
