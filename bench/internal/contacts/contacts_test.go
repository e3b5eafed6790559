package contacts

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/crmready/crmready/checks"
)

// The same seed and index give the same row, whatever was generated before.
func TestRowDeterministic(t *testing.T) {
	g := Gen{Seed: 7}
	a := g.Row(12345)
	for i := range int64(100) {
		g.Row(i)
	}
	if b := g.Row(12345); !reflect.DeepEqual(a, b) {
		t.Fatalf("row 12345 differs between calls:\n%+v\n%+v", a, b)
	}
	if c := (Gen{Seed: 8}).Row(12345); reflect.DeepEqual(a, c) {
		t.Fatal("seeds 7 and 8 give the same row")
	}
}

// The data must count alike under crmready's definitions and SQL's: no dates at or after AsOf,
// no placeholders, blanks made of ASCII spaces only, duplicate emails equal once normalized.
func TestRowsMatchBothDefinitions(t *testing.T) {
	g := Gen{Seed: 1}
	ph := checks.NewPlaceholders(checks.BuiltinPlaceholders)
	own := map[string]bool{}
	var dups, variants int
	for i := range int64(20000) {
		c := g.Row(i)
		for _, d := range []*time.Time{&c.CreatedAt, c.UpdatedAt, c.LastActivityAt} {
			if d != nil && !d.Before(AsOf) {
				t.Fatalf("row %d: date %s not before as_of", i, d)
			}
		}
		for k, s := range c.Text(nil) {
			if strings.TrimSpace(s) != "" && ph.Match(s) {
				t.Fatalf("row %d column %s: placeholder %q", i, Columns[k], s)
			}
			if strings.TrimSpace(s) == "" && strings.Trim(s, " ") != "" {
				t.Fatalf("row %d column %s: blank %q holds more than spaces", i, Columns[k], s)
			}
		}
		own[g.baseEmail(i)] = true
		if c.Email == nil || strings.TrimSpace(*c.Email) == "" {
			continue
		}
		norm := checks.NormalizeEmail(*c.Email)
		if norm != strings.ToLower(strings.Trim(*c.Email, " ")) {
			t.Fatalf("row %d: email %q normalizes differently in crmready and SQL", i, *c.Email)
		}
		if *c.Email != g.baseEmail(i) {
			dups++
			if !own[norm] {
				t.Fatalf("row %d: duplicate %q copies no earlier row", i, *c.Email)
			}
			if *c.Email != norm {
				variants++
			}
		}
	}
	if dups < 500 || variants < 200 {
		t.Errorf("%d duplicate emails, %d differing in case or spaces: want about 800 and 400", dups, variants)
	}
}
