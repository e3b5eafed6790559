package extract

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
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

var (
	benchFirst     = []string{"Ana", "Ben", "Chloé", "David", "Emma", "Farid", "Grace", "Hugo", "Inès", "Jack"}
	benchLast      = []string{"Martin", "Bernard", "Smith", "Dubois", "Garcia", "Müller", "Rossi", "Nguyen"}
	benchStatuses  = []string{"Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"}
	benchSources   = []string{"Web", "Phone Inquiry", "Partner Referral", "Purchased List", ""}
	benchCountries = []string{"US", "FR", "DE", "GB", "ES", "IT", ""}
	benchBase      = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
)

// benchLeadAt is lead i of the benchmark's extract.
func benchLeadAt(i int) benchLead {
	l := benchLead{
		ID:         fmt.Sprintf("00Q5e00000%08d", i),
		FirstName:  benchFirst[i%len(benchFirst)],
		LastName:   benchLast[i/7%len(benchLast)],
		Company:    fmt.Sprintf("Company %d", i%2000),
		Country:    benchCountries[i%len(benchCountries)],
		Status:     benchStatuses[i%len(benchStatuses)],
		LeadSource: benchSources[i/3%len(benchSources)],
		OwnerID:    fmt.Sprintf("0055e00000%02dkZQAAE", i%40),
		Converted:  i%9 == 0,
		CreatedAt:  benchBase.Add(time.Duration(i) * time.Minute).UnixMicro(),
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
	return l
}

// writeBenchFile writes n leads, snappy-compressed, in row groups of 50,000 rows.
func writeBenchFile(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewGenericWriter[benchLead](f, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(50000))
	rows := make([]benchLead, 0, 10000)
	for i := range n {
		if rows = append(rows, benchLeadAt(i)); len(rows) == cap(rows) {
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

// writeBenchCSV writes the same n leads as a CSV export would: a header, ISO dates, blanks for
// missing values.
func writeBenchCSV(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write([]string{"Id", "FirstName", "LastName", "Email", "Phone", "Company", "Country", "Status", "LeadSource", "OwnerId",
		"AnnualRevenue", "NumberOfEmployees", "IsConverted", "CreatedDate", "LastActivityDate"})
	day := func(us int64) string {
		if us == 0 {
			return ""
		}
		return time.UnixMicro(us).UTC().Format(time.RFC3339)
	}
	for i := range n {
		l := benchLeadAt(i)
		w.Write([]string{l.ID, l.FirstName, l.LastName, l.Email, l.Phone, l.Company, l.Country, l.Status, l.LeadSource, l.OwnerID,
			strconv.FormatFloat(l.Amount, 'f', -1, 64), strconv.Itoa(int(l.Employees)), strconv.FormatBool(l.Converted),
			day(l.CreatedAt), day(l.LastActivity)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		b.Fatal(err)
	}
}

// benchReadAll reads a file from open to io.EOF and checks its record count.
func benchReadAll(b *testing.B, path string, rows int) {
	r, err := Open(Part{File: path}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
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
	if n != rows {
		b.Fatalf("%d rows", n)
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
		benchReadAll(b, path, rows)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rows, "ns/row")
}

// BenchmarkCSVRead reads the same extract written as CSV.
func BenchmarkCSVRead(b *testing.B) {
	const rows = 200000
	path := filepath.Join(b.TempDir(), "leads.csv")
	writeBenchCSV(b, path, rows)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		benchReadAll(b, path, rows)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rows, "ns/row")
}
