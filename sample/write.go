package sample

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/crmready/crmready/internal/atomicfile"
)

// Generate writes leads, contacts and opportunities in each of o.Formats (CSV when none) and
// truth.json into dir, creating it if needed, and returns the truth. Every format holds the same
// records.
func Generate(dir string, o Options) (*Truth, error) {
	if o.Rows <= 0 {
		return nil, fmt.Errorf("rows must be positive, got %d", o.Rows)
	}
	if len(o.Formats) == 0 {
		o.Formats = []string{"csv"}
	}
	for _, f := range o.Formats {
		if writers[f] == nil {
			return nil, fmt.Errorf("unknown format %q (valid: %s)", f, strings.Join(Formats, ", "))
		}
	}
	if o.AsOf.IsZero() {
		return nil, fmt.Errorf("as_of is required")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tr := &Truth{Generator: "crmready sample", Seed: o.Seed, Rows: o.Rows, AsOf: o.AsOf.UTC().Format(time.RFC3339), Rates: o.Rates}
	for _, t := range []*table{leads(o), contacts(o), opportunities(o)} {
		tt := t.truth(o.AsOf.UTC())
		for _, f := range o.Formats {
			name := t.name + "." + f
			write := writers[f]
			if err := atomicfile.Write(filepath.Join(dir, name), func(w io.Writer) error { return write(w, t) }); err != nil {
				return nil, err
			}
			tt.Files = append(tt.Files, name)
		}
		tr.Datasets = append(tr.Datasets, tt)
	}
	b, err := json.MarshalIndent(tr, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, "truth.json"), append(b, '\n')); err != nil {
		return nil, err
	}
	return tr, nil
}

func writeCSV(out io.Writer, t *table) error {
	w := csv.NewWriter(out)
	header := make([]string, len(t.fields))
	for i, fd := range t.fields {
		header[i] = fd.name
	}
	w.Write(header)
	rec := make([]string, len(t.fields))
	for _, r := range t.rows {
		for i, fd := range t.fields {
			rec[i] = r.v[i].text(fd.kind)
		}
		w.Write(rec)
	}
	w.Flush()
	return w.Error()
}
