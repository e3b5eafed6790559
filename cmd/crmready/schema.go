package main

import (
	"github.com/spf13/cobra"

	"github.com/crmready/crmready/internal/schema"
)

func newSchemaCmd(e *env) *cobra.Command {
	var report bool
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the config file (--report: of the JSON report)",
		Long: `Print a JSON Schema (draft-07) generated from crmready's Go types: by default that of the
YAML config file, for editors' completion and validation; with --report that of the JSON report
(crmready.report/v1), for the programs that read it.`,
		Example: `  crmready schema > crmready.schema.json
  crmready schema --report > crmready.report.schema.json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			b := schema.Config
			if report {
				b = schema.Report
			}
			_, err := e.stdout.Write(b)
			return err
		},
	}
	cmd.Flags().BoolVar(&report, "report", false, "the schema of the JSON report instead of the config")
	return cmd
}
