package checks

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

// phoneCorpus generates n phone values (fixed seed) in the shapes real CRM extracts hold: the
// benchmark's five shapes with area codes 000-999, the shapes of ../shared/data/crm and
// ../shared/data/dedup ("310/246-1501", `"212/ 319-1660"`, "213/651-2030.", "310/788-",
// "770/441--0291", hashed values), blanks and placeholders; and adversarial variants of them:
// extensions in several spellings and cases, stray letters, too few or too many digits,
// leading 0 or 1, other countries' numbers. realistic reports whether value i is one of the
// plain shapes the fast path must decide (all but those whose area code is 011).
func phoneCorpus(n int) (values []string, realistic []bool) {
	r := rand.New(rand.NewPCG(16, 2))
	d := func(k int) string { // k random digits
		var b strings.Builder
		for range k {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
	exts := []string{" x%s", "x%s", " X%s", " x %s", " ext. %s", " ext.%s", " Ext %s", " EXT: %s", " extn %s",
		" extension %s", " Extension %s", " #%s", "#%s", " ext%s", ", ext. %s", " xt %s", " x-%s", " ext %s#",
		" ;ext=%s", ",,%s", " (ext %s)", " ex %s", " e%s", " ext.", " x"}
	shapes := []func(a, b, c string) string{
		func(a, b, c string) string { return fmt.Sprintf("+1 (%s) %s-%s", a, b, c) },
		func(a, b, c string) string { return fmt.Sprintf("%s.%s.%s", a, b, c) },
		func(a, b, c string) string { return fmt.Sprintf("+1%s%s%s", a, b, c) },
		func(a, b, c string) string { return fmt.Sprintf("+44 20 %s %s", d(4), d(4)) },
		func(a, b, c string) string { return fmt.Sprintf("(%s) %s-%s x%s", a, b, c, d(1+r.IntN(4))) },
		func(a, b, c string) string { return fmt.Sprintf("%s-%s-%s", a, b, c) },
		func(a, b, c string) string { return fmt.Sprintf("%s/%s-%s", a, b, c) },
		func(a, b, c string) string { return fmt.Sprintf(` "%s/ %s-%s"`, a, b, c) },
		func(a, b, c string) string { return fmt.Sprintf("%s/%s-%s.", a, b, c) },
		func(a, b, c string) string { return fmt.Sprintf("1-%s-%s-%s", a, b, c) },
		func(a, b, c string) string { return fmt.Sprintf("%s%s%s", a, b, c) },
		func(a, b, c string) string { return fmt.Sprintf("+44 (0)20 %s %s", d(4), d(4)) },
	}
	odd := []func() string{
		func() string { return "" },
		func() string { return "   " },
		func() string {
			return []string{"N/A", "n/a", "-", "--", "?", "none", "unknown", "tbd", "000-000-0000", "0", "0000000000", "1234567890", "123-456-7890", "000-0000", "(555) 555-5555"}[r.IntN(15)]
		},
		func() string { return fmt.Sprintf("%s/%s-", d(3), d(3)) },
		func() string { return fmt.Sprintf("%s/%s--%s", d(3), d(3), d(4)) },
		func() string {
			return []string{"WIDCNIeVb5iHBWziEBitQw==", "zYXs9P+yNjgg8uwZvFV8PQ==", "GiIWsKPHcUq7qMJlqOKAWQ=="}[r.IntN(3)]
		},
		func() string { return d(r.IntN(20)) },                     // too few or too many digits
		func() string { return fmt.Sprintf("+%s", d(r.IntN(18))) }, // any country, any length
		func() string {
			return fmt.Sprintf("+%d %s", []int{1, 44, 49, 33, 39, 61, 81, 86, 91, 52, 7, 0}[r.IntN(12)], d(4+r.IntN(10)))
		},
		func() string { return fmt.Sprintf("+44 (0)%s %s", d(2), d(8)) },
		func() string { return fmt.Sprintf("+49 %s %s", d(2), d(3+r.IntN(9))) }, // crmready's benchmark file: "+49 30 2001234"
		func() string { return fmt.Sprintf("+49 (0)%s %s", d(2), d(3+r.IntN(9))) },
		func() string { return fmt.Sprintf("+1 %s %s", d(3), d(r.IntN(10))) },
		func() string { return fmt.Sprintf("+44 %s %s", d(2), d(r.IntN(12))) },
		func() string { return fmt.Sprintf("+1 (0)%s %s", d(3), d(7)) },
		func() string { return fmt.Sprintf("1 %s %s", d(3), d(7+r.IntN(3)-1)) },
		func() string { return fmt.Sprintf("11%s", d(9)) },
		func() string { return fmt.Sprintf("0%s", d(9+r.IntN(3))) },
		func() string { return fmt.Sprintf("00%s %s", []string{"1", "44", "49"}[r.IntN(3)], d(10)) },
		func() string { return fmt.Sprintf("1-800-%s", []string{"FLOWERS", "CALL-NOW", "GOT-JUNK"}[r.IntN(3)]) },
		func() string { return fmt.Sprintf("call %s %s", d(3), d(7)) },
		func() string { return fmt.Sprintf("tel: %s-%s-%s", d(3), d(3), d(4)) },
		func() string { return fmt.Sprintf("%s-%sa-%s", d(3), d(3), d(4)) },
		func() string { return fmt.Sprintf("%s %s %s / %s %s %s", d(3), d(3), d(4), d(3), d(3), d(4)) },
		func() string { return fmt.Sprintf("%s-%s-%s; %s", d(3), d(3), d(4), d(3)) },
		func() string { return fmt.Sprintf("++1 %s", d(10)) },
		func() string { return fmt.Sprintf("%s+%s", d(3), d(7)) },
		func() string { return fmt.Sprintf("(%s)%s-%s\"", d(3), d(3), d(4)) },
		func() string { return fmt.Sprintf("%s x%s", d(r.IntN(12)), d(r.IntN(12))) },
		func() string { return fmt.Sprintf("x%s", d(10)) },
		func() string { return fmt.Sprintf("ext 555 %s", d(7)) },
		func() string { return fmt.Sprintf("+1 %s\u00a0%s", d(3), d(7)) },
		func() string { return fmt.Sprintf("%s.%s.%s ", d(3), d(3), d(4)) + "\t" },
	}
	for range n {
		a, b, c := d(3), d(3), d(4)
		switch k := r.IntN(20); {
		case k < 12: // a plain shape; with area code 011, the North American international prefix, for the library
			values, realistic = append(values, shapes[r.IntN(len(shapes))](a, b, c)), append(realistic, a != "011")
		case k < 15: // a plain shape with an extension in any spelling
			s := shapes[r.IntN(len(shapes))](a, b, c) + fmt.Sprintf(exts[r.IntN(len(exts))], d(1+r.IntN(11)))
			values, realistic = append(values, s), append(realistic, false)
		default:
			values, realistic = append(values, odd[r.IntN(len(odd))]()), append(realistic, false)
		}
	}
	return values, realistic
}

// TestFastPhoneCorpus: on every value of the corpus, in North American and other regions,
// NormalizePhone (fast path and cache) gives exactly libphonenumber's E.164 form and
// possibility; the fast path decides every plain shape in a US region, and the documented
// extensions.
func TestFastPhoneCorpus(t *testing.T) {
	const n = 200_000
	values, realistic := phoneCorpus(n)
	caches := map[string]*phoneCache{}
	decided, mismatches := 0, 0
	for i, s := range values {
		region := []string{"US", "US", "US", "CA", "GB", "DE"}[i%6]
		if caches[region] == nil {
			caches[region] = newPhoneCache(region)
		}
		wantE, wantOK := libPhone(s, region)
		for _, f := range []func() (string, bool){
			func() (string, bool) { return NormalizePhone(s, region) },
			func() (string, bool) { return caches[region].Normalize(s) },
		} {
			if gotE, gotOK := f(); (gotE != wantE || gotOK != wantOK) && mismatches < 20 {
				mismatches++
				t.Errorf("%q in %s: got %q, %v; libphonenumber %q, %v", s, region, gotE, gotOK, wantE, wantOK)
			}
		}
		_, _, dec := fastPhone(s, region)
		if dec {
			decided++
		}
		if realistic[i] && region == "US" && !dec {
			t.Errorf("%q in US: plain shape left to the library", s)
		}
	}
	t.Logf("%d values, %d decided by the fast path", n, decided)
}

// TestFastPhoneExtensions: the extension spellings CRM data holds are decided by the fast path.
func TestFastPhoneExtensions(t *testing.T) {
	for _, s := range []string{"(415) 555-0142 x123", "(015) 555-0142 ext. 45", "+1 115 555 0142 #9", "415.555.0142 Ext 7",
		"1-415-555-0142 EXTENSION 12", "415-555-0142x3", "+1 (415) 555-0142 ext: 400"} {
		e, ok, decided := fastPhone(s, "US")
		if !decided {
			t.Errorf("%q: left to the library", s)
			continue
		}
		if wantE, wantOK := libPhone(s, "US"); e != wantE || ok != wantOK {
			t.Errorf("%q: fast %q, %v; libphonenumber %q, %v", s, e, ok, wantE, wantOK)
		}
	}
}

// TestPhoneCacheBounded: the cache forgets everything when full and stays below its bound, and
// goroutines can share it (run with -race).
func TestPhoneCacheBounded(t *testing.T) {
	c := newPhoneCache("US")
	c.limit = 100
	done := make(chan bool)
	for g := range 2 {
		go func() {
			for i := range 3 * c.limit {
				s := fmt.Sprintf("tel %d %07d", g, i) // letters: left to the library, so cached
				if _, ok := c.Normalize(s); ok {
					t.Errorf("%q: possible", s)
				}
			}
			done <- true
		}()
	}
	<-done
	<-done
	if n := len(c.m); n == 0 || n > c.limit {
		t.Errorf("%d values cached, want 1..%d", n, c.limit)
	}
	if e, ok := c.Normalize("tel 415 555 0142"); e != "+14155550142" || !ok {
		t.Errorf("after refills: %q, %v", e, ok)
	}
}

// BenchmarkPhoneShapes parses the benchmark file's five phone shapes with area codes 000-999
// (a fifth each; 20,000 distinct values, each seen 5 times) with libphonenumber alone, with the
// fast path, and with the fast path and the cache that the checks use.
func BenchmarkPhoneShapes(b *testing.B) {
	r := rand.New(rand.NewPCG(16, 3))
	values := make([]string, 20_000)
	for i := range values {
		a, x, c := r.IntN(1000), r.IntN(1000), r.IntN(10000)
		values[i] = []string{
			fmt.Sprintf("+1 (%03d) %03d-%04d", a, x, c), fmt.Sprintf("%03d.%03d.%04d", a, x, c),
			fmt.Sprintf("+1%03d%03d%04d", a, x, c), fmt.Sprintf("+44 20 %04d %04d", r.IntN(10000), c),
			fmt.Sprintf("(%03d) %03d-%04d x%d", a, x, c, r.IntN(1000)),
		}[i%5]
	}
	for _, bb := range []struct {
		name  string
		parse func() func(string) (string, bool)
	}{
		{"before", func() func(string) (string, bool) {
			return func(s string) (string, bool) { return phoneBefore(s, "US") }
		}},
		{"library", func() func(string) (string, bool) { return func(s string) (string, bool) { return libPhone(s, "US") } }},
		{"fast", func() func(string) (string, bool) {
			return func(s string) (string, bool) { return NormalizePhone(s, "US") }
		}},
		{"cached", func() func(string) (string, bool) { return newPhoneCache("US").Normalize }},
	} {
		b.Run(bb.name, func(b *testing.B) {
			parse := bb.parse()
			b.ReportAllocs()
			for i := range b.N {
				for k := range 5 {
					parse(values[(i*5+k)%len(values)])
				}
			}
		})
	}
}

// phoneBefore is NormalizePhone as it was before extensions and area codes 0xx-1xx took the
// fast path, for BenchmarkPhoneShapes' before-and-after ratio.
func phoneBefore(s, region string) (string, bool) {
	s = strings.TrimSpace(s)
	var digits [20]byte
	n, plus := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if n == len(digits) {
				return libPhone(s, region)
			}
			digits[n] = c
			n++
		case c == '+' && n == 0 && !plus:
			plus = true
		case c == '(' && plus && strings.HasPrefix(s[i:], "(0)"):
			i += 2
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/':
		default:
			return libPhone(s, region)
		}
	}
	d := string(digits[:n])
	switch {
	case plus && n >= 8 && n <= 15 && d[0] != '0':
		return "+" + d, true
	case !plus && (region == "US" || region == "CA"):
		if n == 11 && d[0] == '1' {
			d, n = d[1:], 10
		}
		if n == 10 && d[0] >= '2' && d[3] >= '2' {
			return "+1" + d, true
		}
	}
	return libPhone(s, region)
}

// TestFastPhoneSharedData: on every value of the phone, mobile and fax columns of the public
// CRM and record-linkage extracts in ../shared/data, NormalizePhone gives libphonenumber's answer
// in a US region, and the fast path decides nearly all of them (6,031 of 6,037 here: the six
// left to the library are hashed values in the Salesforce seeds).
func TestFastPhoneSharedData(t *testing.T) {
	var files []string
	for _, dir := range []string{"crm", "dedup"} {
		root := testkit.Data(t, dir)
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(path, ".csv") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	values, decided := 0, 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.LazyQuotes, r.FieldsPerRecord = true, -1
		rows, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for j, h := range rows[0] {
			h = strings.ToLower(h)
			if !strings.Contains(h, "phone") && !strings.Contains(h, "mobile") && !strings.Contains(h, "fax") {
				continue
			}
			for _, row := range rows[1:] {
				if j >= len(row) || row[j] == "" {
					continue
				}
				s := row[j]
				values++
				if _, _, dec := fastPhone(s, "US"); dec {
					decided++
				}
				e, ok := NormalizePhone(s, "US")
				if we, wok := libPhone(s, "US"); e != we || ok != wok {
					t.Errorf("%s: %q: got %q, %v; libphonenumber %q, %v", filepath.Base(path), s, e, ok, we, wok)
				}
			}
		}
	}
	t.Logf("%d phone values in %d files, %d decided by the fast path", values, len(files), decided)
	if values < 5000 || decided < values*99/100 {
		t.Errorf("%d phone values, %d decided by the fast path: want at least 5,000 and 99%%", values, decided)
	}
}
