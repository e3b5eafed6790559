package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/readiness"
)

func newExplainCmd(e *env) *cobra.Command {
	var configPath string
	var thresholds []string
	cmd := &cobra.Command{
		Use:   "explain NAME",
		Short: "Explain a check, a metric or a use case: what it measures, its thresholds and where they come from",
		Example: `  crmready explain staleness
  crmready explain completeness.email
  crmready explain --config crmready.yaml lead_scoring`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, src, err := config.Load(configPath, cmd.Flags())
			if err != nil {
				return err
			}
			plan, err := config.Resolve(c, src, configPath, config.Request{Thresholds: thresholds, Now: nowFunc()})
			if err != nil {
				return err
			}
			return explain(e.stdout, args[0], plan.UseCases)
		},
	}
	cmd.Flags().StringVarP(&configPath, "config", "c", "", "config file whose overrides to show")
	cmd.Flags().StringArrayVar(&thresholds, "threshold", nil, "override a threshold, as for audit")
	return cmd
}

// explain writes what name is: a use case, a check, or a metric.
func explain(w io.Writer, name string, ucs []readiness.UseCase) error {
	for _, u := range ucs {
		if u.Name == name {
			return explainUseCase(w, u)
		}
	}
	if c, err := checks.Lookup(name); err == nil {
		return explainCheck(w, c)
	}
	if def, err := checks.LookupMetric(name); err == nil {
		return explainMetric(w, name, def, ucs)
	}
	var names []string
	for _, u := range ucs {
		names = append(names, u.Name)
	}
	for _, c := range checks.All {
		names = append(names, c.ID)
	}
	return fmt.Errorf("explain: %q is not a use case, a check or a metric (use cases and checks: %s; metrics: crmready explain CHECK lists them)",
		name, strings.Join(names, ", "))
}

func explainUseCase(w io.Writer, u readiness.UseCase) error {
	p := &printer{w: w}
	p.f("%s: %s\n", u.Name, u.Doc)
	p.f("  judges datasets of type %s; records are stale after %s; volume counts the last %s\n", joinObjects(u), u.MaxAge, u.Window)
	p.f("  defined by: %s\n  thresholds (a value worse than fail is NO-GO, worse than warn is WARN):\n", u.Source)
	for _, t := range u.Thresholds {
		def, _ := checks.LookupMetric(t.Metric)
		p.f("    %s %s: warn %s, fail %s; when unmeasured: %s\n", t.Metric, direction(def), levelFrom(t.Warn, t.WarnSource, def), levelFrom(t.Fail, t.FailSource, def), t.WhenAbsent)
		if t.Why != "" {
			p.f("      why: %s\n", t.Why)
		}
	}
	return p.err
}

func explainCheck(w io.Writer, c *checks.Check) error {
	p := &printer{w: w}
	p.f("%s: %s\n  metrics:\n", c.ID, c.Doc)
	for _, m := range c.Metrics {
		p.f("    %s (%s, %s): %s\n", m.ID, m.Unit, direction(m), m.Doc)
	}
	return p.err
}

func explainMetric(w io.Writer, id string, def checks.MetricDef, ucs []readiness.UseCase) error {
	p := &printer{w: w}
	doc := def.Doc
	for _, part := range []string{"<role>", "<name>"} {
		if prefix, ok := strings.CutSuffix(def.ID, part); ok && def.ID != id {
			doc = strings.ReplaceAll(doc, part, strings.TrimPrefix(id, prefix))
		}
	}
	p.f("%s (%s, %s): %s\n", id, def.Unit, direction(def), doc)
	if def.Window != "" {
		p.f("  computed over each use case's %s\n", def.Window)
	}
	var uses []string
	for _, u := range ucs {
		for _, t := range u.Thresholds {
			if t.Metric == id || def.ID != id && t.Metric == def.ID {
				uses = append(uses, fmt.Sprintf("    %s: warn %s, fail %s", u.Name, levelFrom(t.Warn, t.WarnSource, def), levelFrom(t.Fail, t.FailSource, def)))
			}
		}
	}
	if len(uses) == 0 {
		p.f("  no use case has a threshold on it\n")
		return p.err
	}
	slices.Sort(uses)
	p.f("  thresholds:\n%s\n", strings.Join(uses, "\n"))
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func direction(def checks.MetricDef) string {
	if def.HigherIsBetter {
		return "higher is better"
	}
	return "lower is better"
}

func levelFrom(v *float64, source string, def checks.MetricDef) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%s (%s)", readiness.FormatValue(*v, def.Unit), source)
}

func joinObjects(u readiness.UseCase) string {
	s := make([]string, len(u.Objects))
	for i, o := range u.Objects {
		s[i] = string(o)
	}
	return strings.Join(s, " or ")
}
