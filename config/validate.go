package config

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-playground/validator/v10"
	"golang.org/x/text/language"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/readiness"
)

var (
	validateOnce sync.Once
	validate     *validator.Validate
)

// fieldRules are the custom validator tags: each returns an error message for a bad value.
var fieldRules = map[string]func(string) error{
	"object": func(s string) error {
		if extract.IsObject(extract.Object(s)) {
			return nil
		}
		return fmt.Errorf("unknown object type %q (valid: %s)", s, joinObjects(extract.Objects))
	},
	"role": func(s string) error {
		if extract.IsRole(extract.Role(s)) {
			return nil
		}
		return fmt.Errorf("unknown role %q (valid: %s)", s, joinRoles(extract.Roles()))
	},
	"coltype": func(s string) error { _, err := extract.ParseType(s); return err },
	"period":  func(s string) error { _, err := checks.ParsePeriod(s); return err },
	"metric":  metricRule,
	"metric_or_check": func(s string) error {
		if _, err := checks.Lookup(s); err == nil {
			return nil
		}
		if _, ok := readiness.LookupProcess(s); ok {
			return metricRule(s)
		}
		if err := metricRule(s); err != nil {
			return fmt.Errorf("%w; or a check ID for all its metrics (%s)", err, strings.Join(checks.IDs(), ", "))
		}
		return nil
	},
	"date":       func(s string) error { _, err := parseDate(s); return err },
	"asof":       func(s string) error { _, err := ParseAsOf(s, time.Time{}); return err },
	"rulename":   validRuleName,
	"expression": validExpression,
	"region": func(s string) error {
		if r, err := language.ParseRegion(s); err == nil && r.IsCountry() && len(s) == 2 {
			return nil
		}
		return fmt.Errorf("unknown region %q: want an ISO 3166 country code such as US, GB or DE", s)
	},
}

// metricRule accepts a metric ID; a process item gets its own message, since it is written down
// in the use case rather than given levels or waived.
func metricRule(s string) error {
	if def, ok := readiness.LookupProcess(s); ok {
		return fmt.Errorf("%s is a process item, not a metric: it takes no threshold and no waiver; write it down in the use case (%s: ...)", s, def.Key)
	}
	_, err := checks.LookupMetric(s)
	return err
}

func validatorInstance() *validator.Validate {
	validateOnce.Do(func() {
		validate = validator.New(validator.WithRequiredStructEnabled())
		validate.RegisterTagNameFunc(func(f reflect.StructField) string {
			return strings.Split(f.Tag.Get("mapstructure"), ",")[0]
		})
		for tag, rule := range fieldRules {
			validate.RegisterValidation(tag, func(fl validator.FieldLevel) bool {
				return rule(fl.Field().String()) == nil
			})
		}
	})
	return validate
}

// Validate checks field values with validator/v10, then the rules that span fields: thresholds
// in their metric's unit with warn no stricter than fail, unique names, and references between
// datasets, use cases and waivers.
func Validate(c *Config) error {
	return validateWith(c, crossRules())
}

func validateWith(c *Config, rules []func(*Config) []error) error {
	if err := validatorInstance().Struct(c); err != nil {
		var fes validator.ValidationErrors
		if !errors.As(err, &fes) {
			return err
		}
		var msgs []string
		for _, fe := range fes {
			msgs = append(msgs, fieldMessage(fe))
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	var msgs []string
	for _, rule := range rules {
		for _, err := range rule(c) {
			msgs = append(msgs, err.Error())
		}
	}
	if len(msgs) > 0 {
		return errors.New(strings.Join(msgs, "; "))
	}
	return nil
}

func fieldMessage(fe validator.FieldError) string {
	path := strings.TrimPrefix(fe.Namespace(), "Config.")
	value := fmt.Sprint(fe.Value())
	if rule, ok := fieldRules[fe.Tag()]; ok {
		if err := rule(value); err != nil {
			return fmt.Sprintf("%s: %v", path, err)
		}
	}
	switch fe.Tag() {
	case "required":
		return fmt.Sprintf("%s: required", path)
	case "oneof":
		return fmt.Sprintf("%s: %q is not one of %s", path, value, strings.ReplaceAll(fe.Param(), " ", ", "))
	case "min":
		return fmt.Sprintf("%s: needs at least %s entry", path, fe.Param())
	case "eq":
		return fmt.Sprintf("%s: must be %s", path, fe.Param())
	case "gte":
		return fmt.Sprintf("%s: must be at least %s", path, fe.Param())
	case "gt":
		return fmt.Sprintf("%s: %s must be more than %s", path, value, fe.Param())
	case "lt":
		return fmt.Sprintf("%s: %s must be less than %s", path, value, fe.Param())
	}
	return fmt.Sprintf("%s: fails %s", path, fe.Tag())
}

// crossRules are the small validators that look at more than one field.
func crossRules() []func(*Config) []error {
	return []func(*Config) []error{uniqueDatasets, uniqueUseCases, newUseCasesComplete, thresholdObjects, thresholdLevels, waiverReferences, ruleReferences}
}

func uniqueDatasets(c *Config) []error {
	var errs []error
	seen := map[string]bool{}
	for i, d := range c.Datasets {
		if seen[d.Name] {
			errs = append(errs, fmt.Errorf("datasets[%d].name: dataset %q defined twice", i, d.Name))
		}
		seen[d.Name] = true
	}
	return errs
}

func uniqueUseCases(c *Config) []error {
	var errs []error
	seen := map[string]bool{}
	for i, u := range c.UseCases {
		if seen[u.Name] {
			errs = append(errs, fmt.Errorf("use_cases[%d].name: use case %q defined twice", i, u.Name))
		}
		seen[u.Name] = true
	}
	return errs
}

// newUseCasesComplete requires a use case that is not a preset to say what it evaluates.
func newUseCasesComplete(c *Config) []error {
	var errs []error
	for i, u := range c.UseCases {
		if _, ok := presetByName(u.Name); ok {
			continue
		}
		if len(u.Objects) == 0 {
			errs = append(errs, fmt.Errorf("use_cases[%d]: %q is not a preset (%s), so it needs objects", i, u.Name, strings.Join(PresetNames(), ", ")))
		}
		if len(u.Thresholds) == 0 {
			errs = append(errs, fmt.Errorf("use_cases[%d]: %q is not a preset, so it needs thresholds", i, u.Name))
		}
	}
	return errs
}

// thresholdObjects requires a threshold's objects to be among those its use case evaluates (the
// config's, else the preset's): a threshold on an object the use case never judges would never
// be applied.
func thresholdObjects(c *Config) []error {
	var errs []error
	for i, u := range c.UseCases {
		objects := u.Objects
		if p, ok := presetByName(u.Name); ok && len(objects) == 0 {
			objects = p.Objects
		}
		for j, t := range u.Thresholds {
			for _, o := range t.Objects {
				if !slices.Contains(objects, o) {
					errs = append(errs, fmt.Errorf("use_cases[%d].thresholds[%d]: object %q is not one %q evaluates (%s)", i, j, o, u.Name, strings.Join(objects, ", ")))
				}
			}
		}
	}
	return errs
}

// thresholdLevels checks each threshold against its metric: ratios within 0..1, counts and days
// not negative, and warn no stricter than fail in the metric's direction. A threshold that
// overrides a preset's is checked with the preset's level for the one it leaves out, as it will
// be applied.
func thresholdLevels(c *Config) []error {
	return checkThresholds(c, presetByName)
}

// checkThresholds is thresholdLevels with the presets to complete overrides from (nil for none).
func checkThresholds(c *Config, preset func(string) (UseCase, bool)) []error {
	var errs []error
	for i, u := range c.UseCases {
		var base []Threshold
		if preset != nil {
			p, _ := preset(u.Name)
			base = p.Thresholds
		}
		for j, t := range u.Thresholds {
			path := fmt.Sprintf("use_cases[%d].thresholds[%d]", i, j)
			k := slices.IndexFunc(base, func(b Threshold) bool { return b.Metric == t.Metric })
			if k >= 0 && t.Warn == nil && t.Fail == nil {
				continue // changes when_absent or why only
			}
			if err := CheckLevels(t.Metric, t.Warn, t.Fail); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", path, err))
				continue
			}
			if k < 0 || t.Warn != nil && t.Fail != nil {
				continue
			}
			warn, fail, other := t.Warn, t.Fail, "fail"
			if warn == nil {
				warn, other = base[k].Warn, "warn"
			} else {
				fail = base[k].Fail
			}
			if err := CheckLevels(t.Metric, warn, fail); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w (%s is the %s preset's)", path, err, other, u.Name))
			}
		}
	}
	return errs
}

// CheckLevels checks a threshold's levels against its metric's unit and direction.
func CheckLevels(metric string, warn, fail *float64) error {
	def, err := checks.LookupMetric(metric)
	if err != nil {
		return err
	}
	if warn == nil && fail == nil {
		return fmt.Errorf("%s: needs warn, fail or both", metric)
	}
	for _, lv := range []struct {
		name string
		v    *float64
	}{{"warn", warn}, {"fail", fail}} {
		switch {
		case lv.v == nil:
		case math.IsNaN(*lv.v) || math.IsInf(*lv.v, 0):
			return fmt.Errorf("%s %s %v must be a finite number", metric, lv.name, *lv.v)
		case def.Unit == checks.Ratio && (*lv.v < 0 || *lv.v > 1):
			return fmt.Errorf("%s %s %v is a ratio and must be between 0 and 1 (write 0.9 for 90%%)", metric, lv.name, *lv.v)
		case (def.Unit == checks.Count || def.Unit == checks.Days) && *lv.v < 0:
			return fmt.Errorf("%s %s %v cannot be negative (unit: %s)", metric, lv.name, *lv.v, def.Unit)
		}
	}
	if warn != nil && fail != nil {
		if def.HigherIsBetter && *warn < *fail {
			return fmt.Errorf("%s: warn %v is looser than fail %v: higher is better, so warn must be >= fail", metric, *warn, *fail)
		}
		if !def.HigherIsBetter && *warn > *fail {
			return fmt.Errorf("%s: warn %v is looser than fail %v: lower is better, so warn must be <= fail", metric, *warn, *fail)
		}
	}
	return nil
}

func waiverReferences(c *Config) []error {
	var errs []error
	useCases := PresetNames()
	for _, u := range c.UseCases {
		useCases = append(useCases, u.Name)
	}
	var datasets []string
	for _, d := range c.Datasets {
		datasets = append(datasets, d.Name)
	}
	for i, w := range c.Waivers {
		if !slices.Contains(useCases, w.UseCase) {
			errs = append(errs, fmt.Errorf("waivers[%d].use_case: unknown use case %q (valid: %s)", i, w.UseCase, strings.Join(useCases, ", ")))
		}
		if w.Dataset != "" && len(datasets) > 0 && !slices.Contains(datasets, w.Dataset) {
			errs = append(errs, fmt.Errorf("waivers[%d].dataset: unknown dataset %q (valid: %s)", i, w.Dataset, strings.Join(datasets, ", ")))
		}
	}
	return errs
}

// parseDate reads a YYYY-MM-DD date as midnight UTC.
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

// ParseAsOf reads an as_of value: "now" or empty for now, a date (midnight UTC), or a timestamp
// ("2026-11-25T10:00:00Z", "2026-11-25T10:00:00+01:00", "2026-11-25 10:00" in UTC).
func ParseAsOf(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "now") {
		return now.UTC(), nil
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid as_of %q: want a date (2026-11-25), a timestamp (2026-11-25T10:00:00Z, +01:00 for a zone) or now", s)
}

func joinObjects(os []extract.Object) string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = string(o)
	}
	return strings.Join(s, ", ")
}

func joinRoles(rs []extract.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}
