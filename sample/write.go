package sample

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Generate writes leads.csv, contacts.csv, opportunities.csv and truth.json into dir, creating
// it if needed, and returns the truth.
func Generate(dir string, o Options) (*Truth, error) {
	if o.Rows <= 0 {
		return nil, fmt.Errorf("rows must be positive, got %d", o.Rows)
	}
	if o.AsOf.IsZero() {
		return nil, fmt.Errorf("as_of is required")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tr := &Truth{Generator: "crmready sample", Seed: o.Seed, Rows: o.Rows, AsOf: o.AsOf.UTC().Format(time.RFC3339), Rates: o.Rates}
	for _, t := range []*table{leads(o), contacts(o), opportunities(o)} {
		if err := writeCSV(filepath.Join(dir, t.file), t); err != nil {
			return nil, err
		}
		tr.Datasets = append(tr.Datasets, t.truth(o.AsOf.UTC()))
	}
	b, err := json.MarshalIndent(tr, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "truth.json"), append(b, '\n'), 0o644); err != nil {
		return nil, err
	}
	return tr, nil
}

func writeCSV(path string, t *table) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
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
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
