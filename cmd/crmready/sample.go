package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/sample"
)

func newSampleCmd(e *env) *cobra.Command {
	var (
		rows    int
		seed    uint64
		out     string
		asOf    string
		formats []string
	)
	cmd := &cobra.Command{
		Use:   "sample --out DIR",
		Short: "Write synthetic CRM extracts with known, injected defects",
		Long: `Write leads, contacts and opportunities (CSV, Parquet and/or XLSX) with defects injected at known rates
(missing and placeholder values, exact duplicates, same-id records, stale records, future dates),
and truth.json: every injection, row by row, and the metric values that follow from it.`,
		Example: "  crmready sample --rows 2000 --seed 1 --as-of 2026-11-25 --out testdata/sample",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if out == "" {
				return usageError{fmt.Errorf("sample: --out DIR is required")}
			}
			t, err := config.ParseAsOf(asOf, nowFunc())
			if err != nil {
				return usageError{err}
			}
			tr, err := sample.Generate(out, sample.Options{Rows: rows, Seed: seed, AsOf: t, Rates: sample.DefaultRates, Formats: formats})
			if err != nil {
				return fmt.Errorf("sample: %w", err)
			}
			for _, d := range tr.Datasets {
				for _, f := range d.Files {
					fmt.Fprintf(e.stdout, "%s: %d records, %d injected defects\n", filepath.Join(out, f), d.Records, len(d.Injections))
				}
			}
			fmt.Fprintf(e.stdout, "%s: what was injected, and the metrics it implies (as_of %s)\n", filepath.Join(out, "truth.json"), tr.AsOf)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&rows, "rows", 1000, "records per object, before duplicates are added")
	fl.Uint64Var(&seed, "seed", 1, "random seed: the same seed writes the same files")
	fl.StringVar(&out, "out", "", "directory to write into (created if missing)")
	fl.StringVar(&asOf, "as-of", "now", "instant the dates are generated around")
	fl.StringSliceVar(&formats, "format", []string{"csv"}, "file formats to write: csv, parquet, xlsx (repeatable or comma-separated)")
	completeFlag(cmd, "format", func() []string { return []string{"csv", "parquet", "xlsx"} })
	return cmd
}
