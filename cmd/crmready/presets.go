package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/readiness"
)

func newPresetsCmd(e *env) *cobra.Command {
	var asYAML bool
	cmd := &cobra.Command{
		Use:   "presets",
		Short: "List the built-in use cases and their thresholds",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if asYAML {
				_, err := e.stdout.Write(config.PresetsYAML())
				return err
			}
			plan, err := config.Resolve(nil, config.Sources{}, "", config.Request{})
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			for _, u := range plan.UseCases {
				fmt.Fprintf(tw, "%s\t(objects: %v; max_age %s; window %s)\n  %s\n", u.Name, u.Objects, u.MaxAge, u.Window, u.Doc)
				for _, t := range u.Thresholds {
					def, _ := checks.LookupMetric(t.Metric)
					fmt.Fprintf(tw, "    %s\twarn %s\tfail %s\t%s\n", t.Metric, level(t.Warn, def), level(t.Fail, def), dirWord(def))
				}
				fmt.Fprintln(tw)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asYAML, "yaml", false, "print the presets file itself, with the reasoning behind each number")
	return cmd
}

func level(v *float64, def checks.MetricDef) string {
	if v == nil {
		return "-"
	}
	return readiness.FormatValue(*v, def.Unit)
}

func dirWord(def checks.MetricDef) string {
	if def.HigherIsBetter {
		return "(at least)"
	}
	return "(at most)"
}
