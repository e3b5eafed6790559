package extract_test

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmready/crmready/extract"
)

// FuzzCSV reads arbitrary bytes as a .csv file. Whatever the bytes, the reader must not panic or
// hang; it either fails with one line that names the file, or returns records whose numbers,
// positions and counts agree with its Stats, and which read back the same once written out again
// (every field quoted, with the delimiter detected). Run it with
//
//	go test -run XXX -fuzz FuzzCSV -fuzztime 5m ./extract/
//
// and keep what it finds under testdata/fuzz/FuzzCSV.
func FuzzCSV(f *testing.F) {
	seeds := []string{
		"id,name\n1,Ann\n2,Bob\n",
		"a,b\n\"x,\"\"y\"\"\",2\n\"multi\nline\",3\n",
		"\xef\xbb\xbfa;b\r\n1;2\r\n",
		utf16With("a\tb\r\n1\t2\r\n", true),
		"\xfe\xff\x00a\x00,\x00b\x00\n\x00",
		"a,b\r1,2\r3,4\r",
		"a,b\n\"never closed\n1,2\n",
		"a,b\n1,\"x\"y\"z\",2\n",
		"a,b\n1,\x00\n\x00,\x00\n",
		"a,b\n\xff\xfe\x80\x81,\xc3\n\xe9,\x93q\x94\n",
		// Fields longer than the 4 KiB buffers of encoding/csv and x/text (the 64 KiB the
		// delimiter is sniffed from are crossed in TestCSVBeyondTheSniffedHead: inputs that large
		// make fuzzing crawl).
		"a\n" + strings.Repeat("x", 5000) + "\n",
		"a,b\n\"" + strings.Repeat("y\n", 3000) + "\",1\n",
		"",
		"\n\n\n",
		"1,2,3\n4,5,6\n",
		"a,a,,a\n1,2\n1,2,3,4,5\n\n,,,\n",
		"d,e\n25/12/2026,1/2/26\n12/25/2026,15 Apr, 2021\n01.02.2026,2026-02-30T10:00:00+01:00\n",
		"a|b\tc;d,e\n\"c;d\",e|f\n",
		"\r\n\r\n\"",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := writeTemp(t, "fuzz.csv", data)
		// A hang is a crash: the fuzzer keeps the input that caused it.
		watchdog := time.AfterFunc(20*time.Second, func() {
			panic(fmt.Sprintf("reading %d bytes took more than 20s", len(data)))
		})
		defer watchdog.Stop()
		names, records, delim := checkCSV(t, path)
		if names == nil {
			return
		}
		// A ragged record whose values beyond the header were cut off may hold only blanks: it
		// was not a blank row, but written out it is one, and blank rows are skipped.
		records = slices.DeleteFunc(records, func(rec []string) bool {
			return !slices.ContainsFunc(rec, func(v string) bool { return !extract.IsBlank(v) })
		})
		again := writeTemp(t, "again.csv", []byte(quoteAll(names, records, delim)))
		names2, records2, _ := checkCSV(t, again)
		if !reflect.DeepEqual(names2, names) || len(records2) != len(records) || len(records) > 0 && !reflect.DeepEqual(records2, records) {
			t.Fatalf("written out and read again:\n%q %q\nbecame\n%q %q", names, records, names2, records2)
		}
	})
}

// quoteAll writes a header and records with every field quoted.
func quoteAll(names []string, records [][]string, delim string) string {
	var b strings.Builder
	for _, rec := range append([][]string{names}, records...) {
		for j, v := range rec {
			if j > 0 {
				b.WriteString(delim)
			}
			b.WriteString(`"` + strings.ReplaceAll(v, `"`, `""`) + `"`)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// checkCSV reads a file in small batches and checks what must hold for any input. It returns the
// column names, the text of every record and the delimiter; nil names when the file is refused.
func checkCSV(t *testing.T, path string) (names []string, records [][]string, delim string) {
	o := extract.Options{BatchSize: 4, SampleSize: 3}
	fail := func(err error) {
		msg := err.Error()
		if !strings.HasPrefix(msg, path+": ") || strings.ContainsAny(msg, "\n\r") {
			t.Errorf("error is not one line naming the file: %q", msg)
		}
	}
	r, err := extract.Open(extract.Part{File: path}, o)
	if err != nil {
		fail(err)
		return nil, nil, ""
	}
	defer r.Close()
	cols := len(r.Schema().Columns)
	if cols == 0 {
		t.Fatal("opened with no columns")
	}
	seen := map[string]bool{}
	for _, c := range r.Schema().Columns {
		if seen[c.Name] || c.Name == "" {
			t.Errorf("column name %q is empty or repeated", c.Name)
		}
		seen[c.Name] = true
		names = append(names, c.Name)
	}
	var n, lastPos int64
	bad := make([]int64, cols)
	for {
		b, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(err)
			return nil, nil, ""
		}
		if b.Record != n || b.Len < 1 || b.Len > o.BatchSize || len(b.Pos) != b.Len || len(b.Cols) != cols {
			t.Fatalf("batch at record %d: Record %d, Len %d, %d positions, %d columns", n, b.Record, b.Len, len(b.Pos), len(b.Cols))
		}
		for _, p := range b.Pos {
			if p <= lastPos || p < 2 {
				t.Fatalf("position %d after %d: records start on increasing lines after the header", p, lastPos)
			}
			lastPos = p
		}
		for j, v := range b.Cols {
			for i := 0; i < b.Len; i++ {
				if v.Null[i] && v.Bad[i] {
					t.Fatalf("row %d column %d is both null and unparsed", i, j)
				}
				if v.Bad[i] {
					bad[j]++
				}
				if v.Null[i] != extract.IsBlank(v.Str[i]) {
					t.Fatalf("row %d column %d: null %v for text %q", i, j, v.Null[i], v.Str[i])
				}
			}
		}
		for i := 0; i < b.Len; i++ {
			rec := make([]string, cols)
			for j, v := range b.Cols {
				rec[j] = v.Str[i]
			}
			records = append(records, rec)
		}
		n += int64(b.Len)
	}
	st := r.Stats()
	if st.Records != n {
		t.Errorf("Stats.Records = %d, read %d", st.Records, n)
	}
	if len(st.Bad) != cols {
		t.Fatalf("Stats.Bad has %d counts for %d columns", len(st.Bad), cols)
	}
	for j := range bad {
		if st.Bad[j] != bad[j] {
			t.Errorf("Stats.Bad[%d] = %d, counted %d", j, st.Bad[j], bad[j])
		}
	}
	if st.Ragged > n || int64(len(st.RaggedSample)) > min(st.Ragged, 10) || st.BlankRows < 0 || st.Replaced < 0 || st.Decoded == "" || st.Delimiter == "" {
		t.Errorf("inconsistent stats %+v after %d records", st, n)
	}
	return names, records, st.Delimiter
}
