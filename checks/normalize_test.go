package checks

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestNormalizeCompany(t *testing.T) {
	for in, want := range map[string]string{
		"Acme, Inc.":               "acme",
		"The Acme Corp.":           "acme",
		"ACME inc":                 "acme",
		"Société Générale S.A.":    "societe generale",
		"Philips Electronics N.V.": "philips electronics",
		"Shell B.V.":               "shell",
		"Siemens AG":               "siemens",
		"Müller GmbH & Co. KG":     "muller",
		"Barclays PLC":             "barclays",
		"Company":                  "company",
		"AT&T":                     "at&t",
		"  Hooli   Holdings  LLC ": "hooli holdings",
		"Ｆｕｌｌｗｉｄｔｈ Ｌｔｄ":            "fullwidth",
	} {
		if got := NormalizeCompany(in); got != want {
			t.Errorf("NormalizeCompany(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDomains(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Acme.com/about": "acme.com", "acme.com": "acme.com", "http://shop.acme.co.uk:8080?x": "shop.acme.co.uk", "WWW.ACME.COM.": "acme.com",
	} {
		if got := DomainOfWebsite(in); got != want {
			t.Errorf("DomainOfWebsite(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Jane@Acme.com": "acme.com", "jane@gmail.com": "", "nobody": "", "x@": ""} {
		if got := DomainOfEmail(in); got != want {
			t.Errorf("DomainOfEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFastPhoneAgreesWithLibphonenumber: the fast path gives exactly what nyaruka/phonenumbers
// gives, for every shape it accepts.
func TestFastPhoneAgreesWithLibphonenumber(t *testing.T) {
	var inputs []string
	for _, n := range []string{"4155550142", "2125550199", "3102461501", "6175550000"} {
		inputs = append(inputs, n, "1"+n, "+1"+n,
			fmt.Sprintf("(%s) %s-%s", n[:3], n[3:6], n[6:]), fmt.Sprintf("%s.%s.%s", n[:3], n[3:6], n[6:]),
			fmt.Sprintf("1-%s-%s-%s", n[:3], n[3:6], n[6:]), fmt.Sprintf("+1 (%s) %s-%s", n[:3], n[3:6], n[6:]),
			fmt.Sprintf("%s/%s-%s", n[:3], n[3:6], n[6:]))
	}
	inputs = append(inputs, "+44 (0)20 7946 0000", "+44 20 7946 0000", "+49 (0) 30 123456", "+39 06 1234 5678",
		"+33 1 23 45 67 89", "+31 20 123 4567", "+61 2 9374 4000", "+81 3-1234-5678")
	decidedCount := 0
	for _, region := range []string{"US", "CA", "GB", "DE"} {
		for _, in := range inputs {
			fast, ok, decided := fastPhone(in, region)
			if !decided {
				continue
			}
			decidedCount++
			n, err := phonenumbers.Parse(in, region)
			if err != nil {
				t.Errorf("%q in %s: fast path accepted %q, library says %v", in, region, fast, err)
				continue
			}
			want := phonenumbers.Format(n, phonenumbers.E164)
			if fast != want || ok != phonenumbers.IsPossibleNumber(n) {
				t.Errorf("%q in %s: fast %q (possible %v), library %q (possible %v)", in, region, fast, ok, want, phonenumbers.IsPossibleNumber(n))
			}
		}
	}
	if decidedCount < 40 {
		t.Errorf("fast path decided only %d inputs", decidedCount)
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, tt := range []struct {
		in, region, want string
		ok               bool
	}{
		{"(415) 555-0142", "US", "+14155550142", true},
		{"310/246-1501", "US", "+13102461501", true},
		{"020 7946 0000", "GB", "+442079460000", true},
		{"0044 20 7946 0000", "GB", "+442079460000", true},
		{"+1 415 555 0142 ext. 12", "US", "+14155550142", true},
		{"call me", "US", "", false},
		{"12", "US", "", false},
	} {
		got, ok := NormalizePhone(tt.in, tt.region)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizePhone(%q, %s) = %q, %v; want %q, %v", tt.in, tt.region, got, ok, tt.want, tt.ok)
		}
	}
}

func BenchmarkNormalizePhone(b *testing.B) {
	phones := []string{"(415) 555-0142", "+44 20 7946 0000", "020 7946 0000"}
	for _, p := range phones {
		b.Run(p, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				NormalizePhone(p, "US")
			}
		})
	}
}

// TestAppendNormalizedMatchesNormalize: the allocation-free forms give what NormalizeName and
// NormalizeCompany give, on names with every kind of punctuation.
func TestAppendNormalizedMatchesNormalize(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	parts := []string{"Acme", "acme", "ACME", "The", "the", "Inc", "Inc.", "S.A.", "N.V.", "&", "Co.", "GmbH", "KG", "O'Brien",
		"Mary-Jane", "Smith,", "Jr.", "3M", "...", "-", " ", "  ", "LLC", "holding", "A.T.&T.", "x", "ltd", "(UK)", "/", "_"}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.IntN(6); k >= 0; k-- {
			b.WriteString(parts[r.IntN(len(parts))])
			b.WriteString([]string{" ", "", ",", " ", "  "}[r.IntN(5)])
		}
		s := b.String()
		if got, want := string(appendName(nil, s)), NormalizeName(s); got != want {
			t.Fatalf("appendName(%q) = %q, NormalizeName = %q", s, got, want)
		}
		if got, want := string(appendCompany(nil, s)), NormalizeCompany(s); got != want {
			t.Fatalf("appendCompany(%q) = %q, NormalizeCompany = %q", s, got, want)
		}
	}
}

func BenchmarkAppendCompany(b *testing.B) {
	var buf [128]byte
	b.ReportAllocs()
	for range b.N {
		appendCompany(buf[:0], "Müller Holdings GmbH & Co. KG"[8:]) // ASCII part
		appendCompany(buf[:0], "The Acme Corporation, Inc.")
	}
}

func TestAddCapped(t *testing.T) {
	m := map[string]int64{}
	for _, c := range []struct {
		s    string
		n    int64
		ok   bool
		want int64
	}{
		{"a", 1, true, 1},
		{"b", 2, true, 2},
		{"c", 1, false, 0}, // full: a new value is not counted
		{"a", 3, true, 4},  // full: a known value still is
	} {
		if ok := addCapped(m, c.s, c.n, 2); ok != c.ok || m[c.s] != c.want {
			t.Errorf("addCapped(%q, %d) = %v, count %d; want %v, %d", c.s, c.n, ok, m[c.s], c.ok, c.want)
		}
	}
	if len(m) != 2 {
		t.Errorf("%d values kept, want the limit 2", len(m))
	}
}
