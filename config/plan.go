package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/readiness"
)

// Plan is a resolved configuration: what to read, which use cases to judge, and with what
// settings, each value's origin remembered.
type Plan struct {
	ConfigFile  string
	AsOf        time.Time
	AsOfSource  string
	FailOnWarn  bool
	MaxFindings int
	Datasets    []DatasetPlan
	UseCases    []readiness.UseCase
	Waivers     []readiness.Waiver
	// WaiversIgnored counts the config's waivers left out by Request.NoWaivers.
	WaiversIgnored int
	Placeholders   []string
	// RolePlaceholders is false when the config replaced the built-in placeholders.
	RolePlaceholders bool
	Stages           checks.StageMap
	// Duplicates are the duplicates check's settings, defaulted.
	Duplicates checks.DuplicatesSettings
	// Rules are the config's consistency rules, compiled per dataset when it is opened.
	Rules []checks.RuleSpec
	// Users says where the ownership check's user list comes from.
	Users UsersPlan
	// Baseline is the extract or saved profile drift compares with; "" for none.
	Baseline string
}

// DatasetPlan says how to read one dataset.
type DatasetPlan struct {
	// Name is empty for a file given on the command line: the audit names it after the file.
	Name string
	// Object is empty when it is to be detected.
	Object       extract.Object
	Files        []string
	Sheet        string
	Columns      []Column
	Placeholders []string
}

// Request is what the command line adds to a config.
type Request struct {
	// Files are extracts given as arguments: each becomes a dataset (each non-empty sheet of a
	// workbook does), unless a configured dataset lists it.
	Files []string
	// UseCases selects use cases by name (--use-case); CRMREADY_USE_CASE when empty.
	UseCases []string
	// Thresholds override levels (--threshold use_case:metric:level=value); CRMREADY_THRESHOLD
	// adds more, separated by spaces or semicolons.
	Thresholds []string
	// Sheet selects a workbook sheet for files given as arguments.
	Sheet string
	// Now is the current time, used when as_of is not pinned.
	Now time.Time
	// NoWaivers evaluates as if the config had no waivers (--no-waivers).
	NoWaivers bool
	// Baseline is the extract or saved profile drift compares with (--baseline).
	Baseline string
}

// AsOfNotPinned is Plan.AsOfSource when as_of is the time of the run, not a pinned instant.
const AsOfNotPinned = "now (not pinned)"

// Resolve turns a loaded config (nil for none) and a request into a plan.
func Resolve(c *Config, src Sources, path string, req Request) (*Plan, error) {
	if c == nil {
		c = &Config{}
	}
	p := &Plan{ConfigFile: path, MaxFindings: checks.DefaultMaxFindings}
	var err error
	if p.AsOf, err = ParseAsOf(c.AsOf, req.Now); err != nil {
		return nil, err
	}
	p.AsOfSource = src["as_of"]
	if p.AsOfSource == "" || strings.EqualFold(strings.TrimSpace(c.AsOf), "now") {
		p.AsOfSource = AsOfNotPinned
	}
	p.FailOnWarn = c.FailOn == "warn"
	if _, set := src["max_findings"]; set {
		p.MaxFindings = c.MaxFindings
	}
	p.Placeholders = placeholders(c)
	p.RolePlaceholders = !c.Checks.Completeness.ReplacePlaceholders
	p.Stages = c.Checks.Volume.WithDefaults()
	p.Duplicates = c.Checks.Duplicates.WithDefaults()
	p.Datasets = datasets(c, path, req)
	p.Rules = ruleSpecs(c)
	p.Users = usersPlan(c, path)
	p.Baseline = req.Baseline
	if p.UseCases, err = useCases(c, path, req); err != nil {
		return nil, err
	}
	if req.NoWaivers {
		p.WaiversIgnored = len(c.Waivers)
		return p, nil
	}
	for _, w := range c.Waivers {
		exp, _ := parseDate(w.Expires)
		p.Waivers = append(p.Waivers, readiness.Waiver{UseCase: w.UseCase, Metric: w.Metric, Dataset: w.Dataset,
			ApprovedBy: w.ApprovedBy, Reason: w.Reason, Expires: exp.Add(24*time.Hour - time.Millisecond)})
	}
	return p, nil
}

func placeholders(c *Config) []string {
	if c.Checks.Completeness.ReplacePlaceholders {
		return c.Checks.Completeness.Placeholders
	}
	return append(slices.Clone(checks.BuiltinPlaceholders), c.Checks.Completeness.Placeholders...)
}

func datasets(c *Config, path string, req Request) []DatasetPlan {
	var out []DatasetPlan
	listed := map[string]bool{}
	dir := filepath.Dir(path)
	for _, d := range c.Datasets {
		dp := DatasetPlan{Name: d.Name, Object: extract.Object(d.Object), Sheet: d.Sheet, Columns: d.Columns, Placeholders: d.Placeholders}
		for _, f := range d.Files {
			if !filepath.IsAbs(f) && path != "" {
				f = filepath.Join(dir, f)
			}
			dp.Files = append(dp.Files, f)
			listed[filepath.Clean(f)] = true
		}
		out = append(out, dp)
	}
	for _, f := range req.Files {
		if !listed[filepath.Clean(f)] {
			out = append(out, DatasetPlan{Files: []string{f}, Sheet: req.Sheet})
		}
	}
	return out
}

// useCases builds the use cases to evaluate: presets, overridden and extended by the config, then
// by --threshold, then selected by --use-case (or the config's declarations).
func useCases(c *Config, path string, req Request) ([]readiness.UseCase, error) {
	ps, err := Presets()
	if err != nil {
		return nil, err
	}
	var all []readiness.UseCase
	for _, u := range ps {
		all = append(all, toUseCase(readiness.UseCase{Source: "preset"}, u, "preset "+u.Name))
	}
	var declared []string
	for _, u := range c.UseCases {
		declared = append(declared, u.Name)
		i := slices.IndexFunc(all, func(x readiness.UseCase) bool { return x.Name == u.Name })
		if i < 0 {
			all = append(all, toUseCase(readiness.UseCase{Source: "config " + path}, u, "config "+path))
			i = len(all) - 1
		} else {
			all[i] = toUseCase(all[i], u, "config "+path)
			all[i].Source = "preset, overridden by config " + path
		}
		all[i].Process = processPlan(u, "config "+path)
	}
	if err := applyThresholdFlags(all, req.Thresholds, "flag --threshold"); err != nil {
		return nil, err
	}
	if env := os.Getenv(EnvPrefix + "_THRESHOLD"); env != "" && len(req.Thresholds) == 0 {
		fields := strings.FieldsFunc(env, func(r rune) bool { return r == ';' || r == ' ' || r == '\n' })
		if err := applyThresholdFlags(all, fields, "env "+EnvPrefix+"_THRESHOLD"); err != nil {
			return nil, err
		}
	}
	selected := req.UseCases
	if len(selected) == 0 {
		if env := os.Getenv(EnvPrefix + "_USE_CASE"); env != "" {
			selected = strings.FieldsFunc(env, func(r rune) bool { return r == ',' || r == ' ' })
		}
	}
	if len(selected) == 0 {
		selected = declared
	}
	if len(selected) == 0 {
		return all, nil
	}
	var out []readiness.UseCase
	for _, name := range selected {
		i := slices.IndexFunc(all, func(x readiness.UseCase) bool { return x.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("unknown use case %q (valid: %s)", name, strings.Join(names(all), ", "))
		}
		u := all[i]
		u.Requested = true
		if !slices.ContainsFunc(out, func(x readiness.UseCase) bool { return x.Name == name }) {
			out = append(out, u)
		}
	}
	return out, nil
}

// processPlan reads the process items of a use case declared in a config file (validated).
func processPlan(u UseCase, source string) readiness.ProcessPlan {
	p := readiness.ProcessPlan{SuccessMetric: u.SuccessMetric, Owner: u.Owner, Override: u.Override, Declared: true, Source: source}
	if u.ReviewEvery != "" {
		p.ReviewEvery, _ = checks.ParsePeriod(u.ReviewEvery)
	}
	if u.LastReviewed != "" {
		p.LastReviewed, _ = parseDate(u.LastReviewed)
	}
	return p
}

func names(us []readiness.UseCase) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.Name
	}
	return out
}

// toUseCase applies config use case u on top of base; source names where u came from.
func toUseCase(base readiness.UseCase, u UseCase, source string) readiness.UseCase {
	base.Name = u.Name
	if u.Doc != "" {
		base.Doc = u.Doc
	}
	if len(u.Objects) > 0 {
		base.Objects = nil
		for _, o := range u.Objects {
			base.Objects = append(base.Objects, extract.Object(o))
		}
	}
	if u.MaxAge != "" {
		base.MaxAge, _ = checks.ParsePeriod(u.MaxAge)
	}
	if u.Window != "" {
		base.Window, _ = checks.ParsePeriod(u.Window)
	}
	if base.MaxAge.IsZero() {
		base.MaxAge = checks.MustPeriod("180d")
	}
	if base.Window.IsZero() {
		base.Window = checks.MustPeriod("365d")
	}
	base.Thresholds = slices.Clone(base.Thresholds)
	for _, t := range u.Thresholds {
		i := slices.IndexFunc(base.Thresholds, func(x readiness.Threshold) bool { return x.Metric == t.Metric })
		if i < 0 {
			base.Thresholds = append(base.Thresholds, readiness.Threshold{Metric: t.Metric, WhenAbsent: readiness.LevelFail})
			i = len(base.Thresholds) - 1
		}
		th := &base.Thresholds[i]
		if t.Warn != nil {
			th.Warn, th.WarnSource = t.Warn, source
		}
		if t.Fail != nil {
			th.Fail, th.FailSource = t.Fail, source
		}
		if t.WhenAbsent != "" {
			th.WhenAbsent = readiness.Level(t.WhenAbsent)
		}
		if t.Why != "" {
			th.Why = t.Why
		}
		if len(t.Objects) > 0 {
			th.Objects = nil
			for _, o := range t.Objects {
				th.Objects = append(th.Objects, extract.Object(o))
			}
		}
	}
	return base
}

// applyThresholdFlags applies overrides written use_case:metric:level=value.
func applyThresholdFlags(all []readiness.UseCase, specs []string, source string) error {
	for _, spec := range specs {
		uc, metric, level, value, err := parseThresholdFlag(spec)
		if err != nil {
			return fmt.Errorf("%s %q: %w", source, spec, err)
		}
		i := slices.IndexFunc(all, func(x readiness.UseCase) bool { return x.Name == uc })
		if i < 0 {
			return fmt.Errorf("%s %q: unknown use case %q (valid: %s)", source, spec, uc, strings.Join(names(all), ", "))
		}
		cfg := Threshold{Metric: metric}
		if level == "warn" {
			cfg.Warn = &value
		} else {
			cfg.Fail = &value
		}
		src := all[i].Source
		all[i] = toUseCase(all[i], UseCase{Name: uc, Thresholds: []Threshold{cfg}}, source)
		all[i].Source = src
		th := all[i].Thresholds[slices.IndexFunc(all[i].Thresholds, func(x readiness.Threshold) bool { return x.Metric == metric })]
		if err := CheckLevels(metric, th.Warn, th.Fail); err != nil {
			return fmt.Errorf("%s %q: %w", source, spec, err)
		}
	}
	return nil
}

func parseThresholdFlag(spec string) (uc, metric, level string, value float64, err error) {
	head, num, ok := strings.Cut(spec, "=")
	parts := strings.Split(head, ":")
	if !ok || len(parts) != 3 {
		return "", "", "", 0, fmt.Errorf("want use_case:metric:level=value, like lead_scoring:completeness.email:fail=0.8")
	}
	uc, metric, level = parts[0], parts[1], parts[2]
	if level != "warn" && level != "fail" {
		return "", "", "", 0, fmt.Errorf("level %q must be warn or fail", level)
	}
	if _, err := checks.LookupMetric(metric); err != nil {
		return "", "", "", 0, err
	}
	value, err = strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil {
		return "", "", "", 0, fmt.Errorf("value %q is not a number", num)
	}
	return uc, metric, level, value, nil
}
