package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/readiness"
)

func newExplainCmd(e *env) *cobra.Command {
	var configPath string
	var thresholds []string
	cmd := &cobra.Command{
		Use:   "explain NAME",
		Short: "Explain a check, a metric, a use case or a process item: what it measures, its thresholds and where they come from",
		Long: `Explain NAME in plain words, as a consultant would read it to a client:

  a use case (lead_scoring): what it judges, every threshold in force with where each level
      comes from (preset, config file, environment variable, flag), and its process items;
  a check (staleness): what it measures, its metrics, and its finding kinds with what to do
      about each;
  a metric (completeness.email): its formula, unit and direction, and the thresholds every use
      case sets on it, with their origin;
  process, or a process item (process.owner): what a team must write down and what happens
      when it does not.

The thresholds shown are those an audit with the same --config, CRMREADY_* environment and
--threshold flags would apply.`,
		Example: `  crmready explain staleness
  crmready explain completeness.email
  crmready explain --config crmready.yaml lead_scoring
  crmready explain process.owner`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if configPath == "" {
				configPath = os.Getenv(config.EnvPrefix + "_CONFIG")
			}
			c, src, err := config.Load(configPath, cmd.Flags())
			if err != nil {
				return err
			}
			plan, err := config.Resolve(c, src, configPath, config.Request{Thresholds: thresholds, Now: nowFunc()})
			if err != nil {
				return err
			}
			return explain(e.stdout, args[0], plan.UseCases, plan.AsOf)
		},
	}
	cmd.Flags().StringVarP(&configPath, "config", "c", "", "config file whose overrides to show; CRMREADY_CONFIG when not given")
	cmd.Flags().StringArrayVar(&thresholds, "threshold", nil, "override a threshold, as for audit")
	return cmd
}

// explain writes what name is: a use case, a check, a metric, or a process item.
func explain(w io.Writer, name string, ucs []readiness.UseCase, asOf time.Time) error {
	for _, u := range ucs {
		if u.Name == name {
			return explainUseCase(w, u, asOf)
		}
	}
	if name == "process" {
		return explainProcess(w)
	}
	if def, ok := readiness.LookupProcess(name); ok {
		return explainProcessItem(w, def, ucs, asOf)
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
	names = append(names, "process")
	return fmt.Errorf("explain: %q is not a use case, a check, a metric or a process item (use cases and checks: %s; metrics: crmready explain CHECK lists them; process items: crmready explain process)",
		name, strings.Join(names, ", "))
}

func explainUseCase(w io.Writer, u readiness.UseCase, asOf time.Time) error {
	p := &printer{w: w}
	p.f("%s: %s\n", u.Name, u.Doc)
	p.f("  Defined by: %s.\n", origin(u.Source))
	p.f("  It judges datasets of type %s. A record is stale after %s without activity; volume counts the last %s before as_of.\n",
		joinObjects(u), u.MaxAge, u.Window)
	p.f("  The verdict is NO-GO when a value is worse than a fail level, WARN when it is worse than a warn level, GO otherwise.\n")
	p.f("\n  Thresholds in force:\n")
	for _, t := range u.Thresholds {
		def, _ := checks.LookupMetric(t.Metric)
		p.f("    %s (%s, %s)\n", t.Metric, unitWords(def.Unit), direction(def))
		p.f("      %s\n", levels(t, def))
		if t.Why != "" {
			p.f("      Why: %s\n", t.Why)
		}
	}
	p.f("\n  Process (%s):\n", processContext(u.Process))
	for i, it := range readiness.JudgeProcess(u.Process, asOf).Items { // in ProcessItems order
		p.f("    %s\n", processLine(readiness.ProcessItems[i], it))
	}
	return p.err
}

func explainCheck(w io.Writer, c *checks.Check) error {
	p := &printer{w: w}
	p.f("%s: %s\n  Metrics (crmready explain METRIC for its thresholds):\n", c.ID, c.Doc)
	for _, m := range c.Metrics {
		p.f("    %s (%s, %s): %s\n", m.ID, unitWords(m.Unit), direction(m), m.Doc)
	}
	p.f("  Findings (what to do about each):\n")
	for _, k := range c.Findings {
		p.f("    %s.%s (%s): %s\n", c.ID, k.ID, severityWords(k), k.Action)
	}
	return p.err
}

// severityWords says what a finding of kind k is and where the workbook lists it.
func severityWords(k checks.FindingKind) string {
	s := "a note on the measurement"
	if k.Severity == checks.Defect {
		s = "a record to fix"
	}
	switch k.List {
	case checks.ListStale:
		s += ", on the workbook's stale records sheet"
	case checks.ListInvalid:
		s += ", on the workbook's invalid values sheet"
	}
	return s
}

func explainMetric(w io.Writer, id string, def checks.MetricDef, ucs []readiness.UseCase) error {
	p := &printer{w: w}
	p.f("%s: %s, %s.\n", id, unitWords(def.Unit), direction(def))
	formula := def.Doc
	for part, kind := range map[string]string{"<role>": "role", "<name>": "rule"} {
		prefix, ok := strings.CutSuffix(def.ID, part)
		if !ok || def.ID == id {
			continue
		}
		if name := strings.TrimPrefix(id, prefix); strings.Contains(formula, part) {
			formula = strings.ReplaceAll(formula, part, name)
		} else {
			formula += fmt.Sprintf(" (%s %s)", kind, name)
		}
	}
	p.f("  Formula: %s.\n", formula)
	check, _, _ := strings.Cut(def.ID, ".")
	if c, err := checks.Lookup(check); err == nil {
		p.f("  Measured by the %s check: %s.\n", c.ID, c.Doc)
	}
	if def.Window != "" {
		p.f("  Computed over each use case's %s before as_of.\n", def.Window)
	}
	p.f("  Not measured when: %s.\n", def.Absent(id))
	explainHints(p, def)
	var uses []string
	for _, u := range ucs {
		for _, t := range u.Thresholds {
			if t.Metric == id || def.ID != id && t.Metric == def.ID {
				uses = append(uses, fmt.Sprintf("    %s: %s", u.Name, levels(t, def)))
			}
		}
	}
	if len(uses) == 0 {
		p.f("  No use case has a threshold on it.\n")
		return p.err
	}
	slices.Sort(uses)
	p.f("  Thresholds in force:\n%s\n", strings.Join(uses, "\n"))
	return p.err
}

// explainHints writes what a missed threshold on the metric probably means, per object type
// (every other object type last).
func explainHints(p *printer, def checks.MetricDef) {
	if len(def.Hints) == 0 {
		return
	}
	p.f("  A miss probably means:\n")
	for _, o := range append(slices.Clone(extract.Objects), "") {
		h, ok := def.Hints[o]
		if !ok {
			continue
		}
		name := string(o)
		if o == "" {
			name = "other objects"
		}
		p.f("    %s: %s.\n", name, h)
	}
}

// levels writes a threshold's levels in plain words: "NO-GO below 80% (from config file
// c.yaml); WARN below 95% (from preset lead_scoring); if not measured: NO-GO".
func levels(t readiness.Threshold, def checks.MetricDef) string {
	word := "above"
	if def.HigherIsBetter {
		word = "below"
	}
	var parts []string
	if t.Fail != nil {
		parts = append(parts, fmt.Sprintf("NO-GO %s %s (from %s)", word, readiness.FormatValue(*t.Fail, def.Unit), origin(t.FailSource)))
	}
	if t.Warn != nil {
		parts = append(parts, fmt.Sprintf("WARN %s %s (from %s)", word, readiness.FormatValue(*t.Warn, def.Unit), origin(t.WarnSource)))
	}
	switch t.WhenAbsent {
	case readiness.LevelSkip:
		parts = append(parts, "if not measured: not judged")
	case readiness.LevelWarn:
		parts = append(parts, "if not measured: WARN")
	default:
		parts = append(parts, "if not measured: NO-GO")
	}
	return strings.Join(parts, "; ")
}

// origin writes where a value came from in plain words.
func origin(source string) string {
	for _, r := range []struct{ from, to string }{
		{"preset, overridden by config ", "a preset, overridden by config file "},
		{"config ", "config file "},
		{"env ", "environment variable "},
		{"flag ", "flag "},
		{"preset ", "preset "},
	} {
		if rest, ok := strings.CutPrefix(source, r.from); ok {
			return r.to + rest
		}
	}
	if source == "preset" {
		return "a built-in preset"
	}
	return source
}

func explainProcess(w io.Writer) error {
	p := &printer{w: w}
	p.f("process: what a team writes down beside the data, per use case, before a model is switched on.\n")
	p.f("  For a use case declared in a config file, each item missing is a finding; in a first look without a\n")
	p.f("  config the items are listed as to define and do not change the verdict. Process items are not\n")
	p.f("  metrics: they take no threshold and no waiver. TBD, n/a and blanks count as not written down.\n")
	for _, def := range readiness.ProcessItems {
		p.f("    %s (%s): %s; %s. Example: %s\n", def.ID, def.Key, def.Doc, missingRule(def), def.Example)
	}
	return p.err
}

func explainProcessItem(w io.Writer, def readiness.ProcessDef, ucs []readiness.UseCase, asOf time.Time) error {
	p := &printer{w: w}
	p.f("%s: %s.\n", def.ID, def.Doc)
	p.f("  Written as use_cases[].%s in a config file, e.g. %s: %s\n", def.Key, def.Key, def.Example)
	p.f("  Rule: %s; in a first look without a config it does not change the verdict.\n", missingRule(def))
	p.f("  It is not a metric: it takes no threshold and no waiver.\n  In force:\n")
	k := slices.IndexFunc(readiness.ProcessItems, func(d readiness.ProcessDef) bool { return d.ID == def.ID })
	for _, u := range ucs {
		it := readiness.JudgeProcess(u.Process, asOf).Items[k]
		p.f("    %s: %s\n", u.Name, strings.TrimPrefix(processLine(def, it), def.Key+": "))
	}
	return p.err
}

// missingRule says what a missing (or overdue) item does to a declared use case.
func missingRule(def readiness.ProcessDef) string {
	verdict := levelVerdict(def.Level)
	if def.Key == "last_reviewed" {
		return "an overdue review is " + verdict + " for a use case declared in a config file"
	}
	return "missing is " + verdict + " for a use case declared in a config file"
}

func levelVerdict(l readiness.Level) string {
	if l == readiness.LevelFail {
		return "NO-GO"
	}
	return "WARN"
}

func processContext(pp readiness.ProcessPlan) string {
	if pp.Declared {
		return "declared in " + origin(pp.Source) + ", so missing items count"
	}
	return "no config file declares this use case, so missing items are to define and do not count"
}

// processLine writes one process item of a use case, as judged: its value and origin, or what
// its absence means there.
func processLine(def readiness.ProcessDef, it readiness.ProcessItem) string {
	switch it.Status {
	case readiness.ProcessDefined:
		if def.Key == "last_reviewed" {
			return fmt.Sprintf("%s: %s (from %s)", def.Key, it.Message, origin(it.Source))
		}
		return fmt.Sprintf("%s: %q (from %s)", def.Key, it.Value, origin(it.Source))
	case readiness.ProcessMissing:
		return fmt.Sprintf("%s: not written down, so %s (the use case is declared in a config file)", def.Key, levelVerdict(def.Level))
	case readiness.ProcessNotRecorded:
		return fmt.Sprintf("%s: not recorded; an overdue review cannot be judged", def.Key)
	case readiness.ProcessOverdue:
		return fmt.Sprintf("%s: %s (from %s), so %s", def.Key, it.Message, origin(it.Source), levelVerdict(def.Level))
	}
	return fmt.Sprintf("%s: to define", def.Key)
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

// unitWords says what a unit is, in plain words.
func unitWords(u checks.Unit) string {
	switch u {
	case checks.Ratio:
		return "a share, 0 to 100%"
	case checks.Count:
		return "a count"
	case checks.Days:
		return "a number of days"
	case checks.PSI:
		return "a population stability index"
	}
	return string(u)
}

func joinObjects(u readiness.UseCase) string {
	s := make([]string, len(u.Objects))
	for i, o := range u.Objects {
		s[i] = string(o)
	}
	return strings.Join(s, " or ")
}
