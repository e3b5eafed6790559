package extract

import (
	"encoding/csv"
	"os"
	"testing"
)

// TestAliasesJustified holds the header dictionary to what real exports write: every header it
// knows is labelled with its role in the corpus (whole, after an entity word, or as a Pipedrive
// field) or is in a vendor's documented field list (testdata/corpus/headers/documented.csv). A header only
// one fixture uses belongs in that test's config.
func TestAliasesJustified(t *testing.T) {
	seen := map[string]bool{} // header + "=" + role, as the corpus labels it
	for _, r := range corpusRows(t, "headers.csv") {
		role := "=" + r[2]
		h := vendorKey(r[1])
		seen[h+role] = true
		if _, rest, ok := headerEntity(h); ok {
			seen[rest+role] = true
		}
		if _, field, ok := splitPipedrive(r[1]); ok {
			seen[vendorKey(field)+role] = true
		}
	}
	documented := map[string]bool{}
	for _, r := range corpusRows(t, "documented.csv") {
		if r[1] == "" || r[3] == "" {
			t.Errorf("documented.csv: %q names no vendor or source", r[0])
		}

		documented[r[0]] = true
	}
	known := map[string]bool{}
	for _, d := range roleDefs {
		for _, h := range d.headers {
			known[h] = true
			if !seen[h+"="+string(d.role)] && !documented[h] {
				t.Errorf("%s: header %q holds it in no corpus export and no documented field list", d.role, h)
			}
		}
	}
	for h := range documented {
		if !known[h] {
			t.Errorf("documented.csv: %q is no header of the dictionary", h)
		}
	}
}

func corpusRows(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open("../testdata/corpus/headers/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows[1:]
}
