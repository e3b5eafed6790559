package reports

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

// FuzzReport: a saved report is user input to `crmready report`. Whatever the bytes, Read
// returns a report or an error, and a report it returns renders in every format, redacted or
// not and compared with itself, without a panic.
func FuzzReport(f *testing.F) {
	root := testkit.Root(f)
	for _, name := range []string{"testdata/reports/fixture.report.json", "testdata/reports/fixture.old.report.json", "testdata/golden/sample.report.json"} {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"schema":"` + SchemaVersion + `","use_cases":[{"use_case":"x","status":"NO-GO","misses":[{"metric":"process.owner","level":"fail"}]}],"datasets":[{"name":"d","metrics":[{"id":"duplicates.exact.rate","value":1}],"clusters":[{"members":[]}]}]}`))
	f.Add([]byte(`{"schema":"` + SchemaVersion + `","as_of":"not a date","waivers":[{"status":"applied"}],"trend":{"metrics":[{"then":null}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		r.Trend = Compare(r, r)
		for _, rep := range []*Report{r, Redacted(r)} {
			for _, format := range Formats {
				if err := format.New(Options{ShowValues: true}).Write(io.Discard, rep); err != nil {
					t.Logf("%s: %v", format.Name, err) // an error is an answer; a panic is not
				}
			}
		}
	})
}
