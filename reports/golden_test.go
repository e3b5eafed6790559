package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

// readReport reads a JSON report under the repository root.
func readReport(t testing.TB, rel string) *Report {
	t.Helper()
	f, err := os.Open(filepath.Join(testkit.Root(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Read(f)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return r
}

// fixture is the report every writer renders: a hand-made report with waivers applied, expired
// and unused, duplicate clusters, hostile values, a use case without data, and a trend.
func fixture(t testing.TB) *Report {
	r := readReport(t, "testdata/reports/fixture.report.json")
	r.Trend = Compare(readReport(t, "testdata/reports/fixture.old.report.json"), r)
	return r
}

// render writes r in format f; a workbook is read back as text.
func render(t testing.TB, f Format, r *Report, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.New(o).Write(&buf, r); err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	return buf.Bytes()
}

// TestGolden renders the fixture in every format and compares it with its golden file; a
// workbook is compared as the text of its cells, styles, panes, filters and charts.
func TestGolden(t *testing.T) {
	r := fixture(t)
	for _, f := range Formats {
		t.Run(f.Name, func(t *testing.T) {
			out, ext := render(t, f, r, Options{}), f.Exts[0]
			if f.Binary {
				out, ext = []byte(dumpWorkbook(t, out)), ext+".txt"
			}
			testkit.Golden(t, "testdata/golden/fixture"+ext, out)
		})
	}
	t.Run("console --detail", func(t *testing.T) {
		f, err := ByName("console")
		if err != nil {
			t.Fatal(err)
		}
		testkit.Golden(t, "testdata/golden/fixture.detail.txt", render(t, f, r, Options{Detail: true}))
	})
}
