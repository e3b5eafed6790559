package extract

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crmready/crmready/internal/testkit"
)

// fuzzOptions keep each fuzz input cheap: small batches and a low unpacking limit.
var fuzzOptions = Options{BatchSize: 64, SampleSize: 64, Password: "pw", Limits: Limits{UnzipSize: 32 << 20, UnzipXMLSize: 1 << 20}}

// FuzzXLSX writes its input to a .xlsx file and reads every part of it: no input may panic, hang
// or give an error that is not one line naming the file.
func FuzzXLSX(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.xlsx")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)*2/3]) // truncated: the central directory is gone
		f.Add(b[:len(b)-22])  // the end of central directory record is gone
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "fuzz.xlsx")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		readFuzzed(t, p)
	})
}

// FuzzSheetXML wraps its input in a valid package as a sheet's <sheetData>, so that mutations
// reach the cell scanners and excelize's row iterator rather than breaking the zip.
func FuzzSheetXML(f *testing.F) {
	for _, s := range []string{
		row(1, str("A1", "Email"), str("B1", "Created")) + row(2, str("A2", "a@x.com"), num("B2", "45140.5", 1)),
		row(3, str("C3", "Title")) + row(5, typed("A5", "s", "0"), typed("B5", "b", "1"), typed("C5", "e", "#N/A"), typed("D5", "d", "2024-01-02")),
		row(0, str("", "a"), num("", "1")) + row(0, formula("", "str", "A1", "x")) + row(maxSheetRows, styledEmpty("XFD1048576")),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		b := oneSheet(data)
		b.xfs, b.strings = []int{22}, []string{"shared"}
		b.sheets[0].merges = []string{"A1:B1", "A2:A4"}
		readFuzzed(t, b.write(t, "sheet.xlsx"))
	})
}

// readFuzzed reads every part of the workbook at p and checks the batches' invariants. While
// fuzzing, Go's worker fails any input that runs past 10 seconds, which catches hangs.
func readFuzzed(t *testing.T, p string) {
	parts, err := Parts(p, fuzzOptions)
	if err != nil {
		checkFuzzError(t, p, err)
		return
	}
	for _, part := range parts {
		r, err := Open(part, fuzzOptions)
		if err != nil {
			checkFuzzError(t, p, err)
			continue
		}
		width := len(r.Schema().Columns)
		var last int64
		for {
			b, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				checkFuzzError(t, p, err)
				break
			}
			if len(b.Cols) != width || len(b.Pos) != b.Len {
				t.Fatalf("batch of %d rows has %d columns (schema %d) and %d positions", b.Len, len(b.Cols), width, len(b.Pos))
			}
			for i, pos := range b.Pos {
				if pos <= last {
					t.Fatalf("row %d follows row %d", pos, last)
				}
				last = b.Pos[i]
			}
			for _, v := range b.Cols {
				if len(v.Null) != b.Len || len(v.Bad) != b.Len || len(v.Str) != b.Len {
					t.Fatalf("vector of %d values in a batch of %d", len(v.Null), b.Len)
				}
			}
		}
		r.Stats()
		if err := r.Close(); err != nil {
			checkFuzzError(t, p, err)
		}
	}
}

func checkFuzzError(t *testing.T, p string, err error) {
	t.Helper()
	if msg := err.Error(); !strings.HasPrefix(msg, p) || strings.ContainsAny(msg, "\n\r") {
		t.Errorf("error is not one line naming the file: %q", msg)
	}
}

// TestXLSXFuzzSeeds writes the seed corpus of FuzzXLSX under testdata/ when run with -update:
// small workbooks that take the reader's main paths.
func TestXLSXFuzzSeeds(t *testing.T) {
	if !*testkit.Update {
		t.Skip("run with -update to rewrite testdata/*.xlsx")
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	write("dates.xlsx", dateBook(false).bytes())
	write("dates1904.xlsx", dateBook(true).bytes())
	report := &testBook{strings: []string{"Account", "Contact"}, sheets: []testSheet{
		{name: "Report", merges: []string{"A1:C1", "A4:A5"}, data: row(1, str("A1", "Pipeline report")) +
			row(3, typed("A3", "s", "0"), typed("B3", "s", "1"), str("C3", "Amount"), str("D3", "Won")) +
			row(4, str("A4", "Acme"), str("B4", "Ann"), formula("C4", "", "1+1", "2"), formula("D4", "b", "C4>1", "1")) +
			row(5, str("B5", "Bob"), formula("C5", "e", "1/0", "#DIV/0!"), typed("D5", "b", "0")) +
			row(6, styledEmpty("A6")) + row(7, str("A7", "Beta"), num("C7", "3.5"), str("E7", "stray"))},
		{name: "Lookup", state: "hidden", data: row(1, str("A1", "Code")) + row(2, str("A2", "X"))},
	}}
	write("report.xlsx", report.bytes())
	enc, legacy := encryptedBytes(t)
	write("encrypted.xlsx", enc)
	write("legacy.xlsx", legacy)

	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"Id", "Email", "Created", "Converted", "Revenue", "Employees"})
	at := time.Date(2024, 2, 29, 13, 45, 30, 0, time.UTC)
	for i := 2; i <= 12; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{i, "lead" + formatFloat(float64(i)) + "@x.com", at.AddDate(0, 0, i), i%2 == 0, float64(i) * 1.5, i * 10})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	write("stream.xlsx", buf.Bytes())
}
