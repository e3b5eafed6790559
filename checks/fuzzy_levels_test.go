package checks

import (
	"fmt"
	"math"
	"testing"

	"github.com/crmready/crmready/extract"
)

// TestLevels: each field kind's comparison gives the level its doc names.
func TestLevels(t *testing.T) {
	for _, tt := range []struct {
		kind string
		x, y string
		want uint8
	}{
		{"name", "smith", "smith", 1},
		{"name", "jonathan", "jonathon", 2},
		{"given", "robert", "bob", 3},
		{"name", "j", "john", 4},
		{"name", "smith", "jones", 5},
		{"email", "ann.lee@x.com", "ann.lee@x.com", 1},
		{"email", "ann.lee@x.com", "ann.le@x.com", 2},
		{"email", "bob.smith@x.com", "robert.smith@x.com", 2},
		{"email", "evied56@harris-bailey.net", "evihd56@earris-bailey.net", 3},
		{"email", "ann.lee@x.com", "ann.lee@y.org", 4},
		{"email", "jsmith1@x.com", "jsmith2@x.com", 5},
		{"birth", "19710624", "19710624", 1},
		{"birth", "19710605", "19710506", 2},
		{"birth", "19710624", "19710524", 3},
		{"birth", "19711224", "19720301", 4},
		{"birth", "19711224", "19801224", 3}, // one field (the year) off
		{"birth", "19710101", "19750909", 5},
	} {
		var got uint8
		switch tt.kind {
		case "name", "given":
			got, _ = nameLevel([]byte(tt.x), []byte(tt.y), tt.kind == "given")
		case "email":
			got, _ = emailLevel([]byte(tt.x), []byte(tt.y))
		case "birth":
			got, _ = birthLevel([]byte(tt.x), []byte(tt.y))
		}
		if got != tt.want {
			t.Errorf("%s %q %q: level %d, want %d", tt.kind, tt.x, tt.y, got, tt.want)
		}
	}
}

// TestNamesSwapped: first and last name entered the other way round compare as equal, and say so.
func TestNamesSwapped(t *testing.T) {
	var a, b fuzzyValues
	a[fFirst], a[fLast] = []byte("caleb"), []byte("rowe")
	b[fFirst], b[fLast] = []byte("rowe"), []byte("caleb")
	var p levels
	compareNames(&a, &b, &p)
	if p.lv[fFirst] != 1 || p.lv[fLast] != 1 || !p.swapped {
		t.Errorf("levels %v, swapped %v", p.lv, p.swapped)
	}
	b[fFirst] = nil // a missing first name is no evidence
	p = levels{}
	compareNames(&a, &b, &p)
	if p.lv[fFirst] != 0 || p.swapped {
		t.Errorf("first name missing: levels %v, swapped %v", p.lv, p.swapped)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b  string
		limit int
		want  int
	}{{"kitten", "sitting", 3, 3}, {"kitten", "sitting", 2, 3}, {"abc", "abc", 2, 0}, {"", "ab", 2, 2}, {"abcdef", "a", 2, 3}} {
		if got := editDistance([]byte(tt.a), []byte(tt.b), tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// TestOrdered: shares that grow as levels loosen are pooled, their sum kept.
func TestOrdered(t *testing.T) {
	m := []float64{0.1, 0.5, 0.2, 0.3}
	ordered(m)
	want := []float64{0.3, 0.3, 0.25, 0.25}
	for i := range m {
		if math.Abs(m[i]-want[i]) > 1e-12 {
			t.Fatalf("ordered = %v, want %v", m, want)
		}
	}
}

func TestDropSpacedForm(t *testing.T) {
	for in, want := range map[string]string{"canon europa n v": "canon europa", "acme b v": "acme", "studio x y": "studio x y", "x": "x"} {
		if got := string(dropSpacedForm([]byte(in))); got != want {
			t.Errorf("dropSpacedForm(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEstimateFromData: the weight of an equal postcode follows the data. Among records whose
// postcodes are spread over a thousand values, two equal ones say more than the default 7 bits;
// over five values, less. Every record has a copy with a misspelt surname and the same postcode.
func TestEstimateFromData(t *testing.T) {
	weight := func(postcodes int) float64 {
		var first, last, pc, city []string
		for i := range 1500 {
			f, l := fmt.Sprintf("Given%c%c", 'a'+i%26, 'a'+i/26%26), fmt.Sprintf("Family%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26)
			p, c := fmt.Sprintf("%04d", i*7919%postcodes), fmt.Sprintf("City%c", 'a'+i%20)
			first, last, pc, city = append(first, f), append(last, l), append(pc, p), append(city, c)
			if i%3 == 0 {
				first, last, pc, city = append(first, f), append(last, l+"x"), append(pc, p), append(city, c)
			}
		}
		ds, bs := dataset(t, extract.Contact, 0,
			col{"First", extract.RoleFirstName, extract.String, first}, col{"Last", extract.RoleLastName, extract.String, last},
			col{"Postcode", extract.RolePostcode, extract.String, pc}, col{"City", extract.RoleCity, extract.String, city})
		tier, cands := foldedTier(t, ds, bs[0])
		return estimate(&tier.store, cands, true, 1).w[fPostcode][1]
	}
	def := defaultBits[fPostcode][0]
	rare, common := weight(1000), weight(5)
	t.Logf("equal postcode: %.2f bits among 1,000 postcodes, %.2f among 5 (default %.1f)", rare, common, def)
	if rare <= def+1 || common >= def-1 {
		t.Errorf("equal postcode: %.1f bits among 1,000 postcodes, %.1f among 5; want above and below the default %.1f", rare, common, def)
	}
}
