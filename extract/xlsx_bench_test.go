package extract

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// benchRows is the size of the benchmark workbook: 200,000 records of 15 CRM columns, as in
// shared/libraries.md.
const benchRows = 200_000

// BenchmarkXLSX reads a generated 200,000 x 15 workbook (written once per run with excelize's
// StreamWriter into a temporary folder, about 15 MB zipped, 162 MB of sheet XML):
//
//	go test -run XXX -bench BenchmarkXLSX -benchmem -benchtime 3x ./extract/
//
// "reader" is Parts, Open and every batch; "excelize_rows" is excelize's raw row iterator alone,
// which the reader used before its own row scanner (xlsx_rows.go), measured on the same file.
func BenchmarkXLSX(b *testing.B) {
	path := filepath.Join(b.TempDir(), "leads.xlsx")
	start := time.Now()
	writeBenchWorkbook(b, path, benchRows)
	b.Logf("wrote %s in %v", path, time.Since(start))

	b.Run("reader", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if n := readBench(b, path); n != benchRows {
				b.Fatalf("read %d records, want %d", n, benchRows)
			}
		}
		b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("excelize_rows", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true, UnzipXMLSizeLimit: DefaultUnzipXMLSize})
			if err != nil {
				b.Fatal(err)
			}
			rows, err := f.Rows("Sheet1")
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				if _, err := rows.Columns(); err != nil {
					b.Fatal(err)
				}
				n++
			}
			rows.Close()
			f.Close()
			if n != benchRows+1 {
				b.Fatalf("read %d rows", n)
			}
		}
		b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

// readBench reads every part of the workbook at path and returns the records read.
func readBench(b *testing.B, path string) int64 {
	parts, err := Parts(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, p := range parts {
		r, err := Open(p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			batch, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += int64(batch.Len)
		}
		r.Close()
	}
	return n
}

// writeBenchWorkbook writes a lead export: identifiers, names, emails, phones, picklists, two
// timestamps (serials with number format 22), an amount and a count.
func writeBenchWorkbook(b testing.TB, path string, n int) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Lead ID", "First Name", "Last Name", "Email", "Phone", "Company", "Title",
		"Lead Source", "Status", "Industry", "Country", "Created Date", "Last Activity", "Annual Revenue", "Employees"})
	sources := []string{"Web", "Referral", "Trade Show", "Partner", ""}
	statuses := []string{"Open", "Working", "Qualified", "Unqualified"}
	base := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		err := sw.SetRow(cell, []any{fmt.Sprintf("00Q%012d", i), "Ann", fmt.Sprintf("Smith%d", i%977),
			fmt.Sprintf("ann%d@example%d.com", i, i%31), "+1 415 555 0100", fmt.Sprintf("Acme %d Inc", i%5000),
			"VP Sales", sources[i%len(sources)], statuses[i%len(statuses)], "Software", "US",
			base.Add(time.Duration(i) * time.Minute), base.Add(time.Duration(2*i) * time.Minute), float64(i) * 1.5, i % 500})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
}
