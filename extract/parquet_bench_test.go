package extract

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// benchLead is one row of the benchmark's CRM extract: 15 columns, picklists dictionary-encoded,
// optional columns null where their value is zero.
type benchLead struct {
	ID           string  `parquet:"id"`
	FirstName    string  `parquet:"first_name,dict"`
	LastName     string  `parquet:"last_name,dict"`
	Email        string  `parquet:"email,optional"`
	Phone        string  `parquet:"phone,optional"`
	Company      string  `parquet:"company,dict"`
	Country      string  `parquet:"country,optional,dict"`
	Status       string  `parquet:"status,dict"`
	LeadSource   string  `parquet:"lead_source,optional,dict"`
	OwnerID      string  `parquet:"owner_id,dict"`
	Amount       float64 `parquet:"amount,optional"`
	Employees    int32   `parquet:"employees,optional"`
	Converted    bool    `parquet:"converted"`
	CreatedAt    int64   `parquet:"created_at,timestamp(microsecond)"`
	LastActivity int64   `parquet:"last_activity_at,optional,timestamp(microsecond)"`
}

// writeBenchFile writes n leads, snappy-compressed, in row groups of 50,000 rows.
func writeBenchFile(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewGenericWriter[benchLead](f, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(50000))
	first := []string{"Ana", "Ben", "Chloé", "David", "Emma", "Farid", "Grace", "Hugo", "Inès", "Jack"}
	last := []string{"Martin", "Bernard", "Smith", "Dubois", "Garcia", "Müller", "Rossi", "Nguyen"}
	statuses := []string{"Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"}
	sources := []string{"Web", "Phone Inquiry", "Partner Referral", "Purchased List", ""}
	countries := []string{"US", "FR", "DE", "GB", "ES", "IT", ""}
	base := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]benchLead, 0, 10000)
	for i := range n {
		l := benchLead{
			ID:         fmt.Sprintf("00Q5e00000%08d", i),
			FirstName:  first[i%len(first)],
			LastName:   last[i/7%len(last)],
			Company:    fmt.Sprintf("Company %d", i%2000),
			Country:    countries[i%len(countries)],
			Status:     statuses[i%len(statuses)],
			LeadSource: sources[i/3%len(sources)],
			OwnerID:    fmt.Sprintf("0055e00000%02dkZQAAE", i%40),
			Converted:  i%9 == 0,
			CreatedAt:  base.Add(time.Duration(i) * time.Minute).UnixMicro(),
		}
		if i%10 != 0 {
			l.Email = fmt.Sprintf("%s.%s%d@example.com", l.FirstName, l.LastName, i%150000)
		}
		if i%4 != 0 {
			l.Phone = fmt.Sprintf("+1 415 555 %04d", i%10000)
			l.Amount = float64(i%100000) * 1.5
			l.LastActivity = l.CreatedAt + int64(i%1000)*3600e6
		}
		if i%3 != 0 {
			l.Employees = int32(i % 5000)
		}
		if rows = append(rows, l); len(rows) == cap(rows) {
			if _, err := w.Write(rows); err != nil {
				b.Fatal(err)
			}
			rows = rows[:0]
		}
	}
	if _, err := w.Write(rows); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkParquetRead reads a 200,000-row, 15-column CRM extract from open to io.EOF.
func BenchmarkParquetRead(b *testing.B) {
	const rows = 200000
	path := filepath.Join(b.TempDir(), "leads.parquet")
	writeBenchFile(b, path, rows)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := Open(Part{File: path}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			batch, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += batch.Len
		}
		r.Close()
		if n != rows {
			b.Fatalf("%d rows", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rows, "ns/row")
}
