package extract

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"

	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/crmready/crmready/internal/testkit"
	"github.com/crmready/crmready/sample"
)

// TestXLSXDigests proves a change to the reader keeps every value: for each sheet of the shared
// workbooks, of this package's testdata, of generated samples and of a small benchmark workbook
// it records the schema, every cell's typed value, null and bad marks, the row positions and the
// stats, as a digest per sheet in testdata/xlsx_digests.golden (go test -update rewrites it).
func TestXLSXDigests(t *testing.T) {
	var files []string
	shared, _ := filepath.Glob(filepath.Join(sharedXLSX(t), "*.xlsx"))
	local, _ := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	dir := t.TempDir()
	if _, err := sample.Generate(dir, sample.Options{Rows: 1500, Seed: 16, AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Rates: sample.DefaultRates, Formats: []string{"xlsx"}}); err != nil {
		t.Fatal(err)
	}
	generated, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	bench := filepath.Join(dir, "bench.xlsx")
	writeBenchWorkbook(t, bench, 3000)
	files = append(append(append(files, shared...), local...), generated...)
	files = append(files, bench)
	if len(shared) == 0 || len(generated) == 0 {
		t.Fatalf("no workbooks found (shared %d, generated %d)", len(shared), len(generated))
	}
	var out strings.Builder
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasPrefix(f, dir) {
			name = "generated/" + name
		}
		out.WriteString(digestWorkbook(f, name))
	}
	testkit.Golden(t, "extract/testdata/xlsx_digests.golden", []byte(out.String()))
}

// digestWorkbook returns one line per sheet of the workbook at path: its name, its record count
// and the digest of everything read, or the error it gives.
func digestWorkbook(path, name string) string {
	parts, err := Parts(path, Options{})
	if err != nil {
		return fmt.Sprintf("%s: error %s\n", name, strings.ReplaceAll(err.Error(), path, name))
	}
	var b strings.Builder
	for _, p := range parts {
		n, sum, err := digestPart(p)
		if err != nil {
			fmt.Fprintf(&b, "%s [%s]: error %s\n", name, p.Sheet, strings.ReplaceAll(err.Error(), path, name))
			continue
		}
		fmt.Fprintf(&b, "%s [%s]: %d records %x\n", name, p.Sheet, n, sum)
	}
	return b.String()
}

func digestPart(p Part) (int64, []byte, error) {
	r, err := Open(p, Options{})
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	h := sha256.New()
	for _, c := range r.Schema().Columns {
		fmt.Fprintf(h, "col %q %v\n", c.Name, c.Type)
	}
	for {
		b, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, nil, err
		}
		digestBatch(h, b)
	}
	s := r.Stats()
	sort.Strings(s.Notes)
	fmt.Fprintf(h, "stats %+v\n", s)
	return s.Records, h.Sum(nil), nil
}

func digestBatch(h hash.Hash, b *Batch) {
	fmt.Fprintf(h, "batch %d %d %v\n", b.Record, b.Len, b.Pos)
	for j, v := range b.Cols {
		for i := 0; i < b.Len; i++ {
			fmt.Fprintf(h, "%d %d %v %v %q", j, i, v.Null[i], v.Bad[i], v.Str[i])
			switch {
			case v.Int != nil:
				fmt.Fprintf(h, " i%d", v.Int[i])
			case v.Float != nil:
				fmt.Fprintf(h, " f%v", v.Float[i])
			case v.Bool != nil:
				fmt.Fprintf(h, " b%v", v.Bool[i])
			case v.Time != nil:
				fmt.Fprintf(h, " t%d", v.Time[i])
			}
			h.Write([]byte{'\n'})
		}
	}
}
