package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
)

// ConsistencyCheck settings.
type ConsistencyCheck struct {
	// Rules are cross-field rules of the team's own, as expressions.
	Rules []Rule `mapstructure:"rules" validate:"dive"`
}

// Rule is a user-defined consistency rule: the records of the datasets it names for which When
// holds (every record when When is empty) must satisfy Require. Expressions are expr-lang/expr;
// columns are named by header or role. They are checked for syntax when the config loads, and
// against each dataset's columns and types when the dataset is opened.
type Rule struct {
	// Name becomes the metric consistency.rule.<name>: lower-case letters, digits and _.
	Name string `mapstructure:"name" validate:"required,rulename"`
	Doc  string `mapstructure:"doc"`
	// Object and Dataset say which datasets the rule is for; at least one is required.
	Object  string `mapstructure:"object" validate:"omitempty,object"`
	Dataset string `mapstructure:"dataset"`
	When    string `mapstructure:"when" validate:"omitempty,expression"`
	Require string `mapstructure:"require" validate:"required,expression"`
}

func validRuleName(s string) error {
	if checks.ValidRuleName(s) {
		return nil
	}
	return fmt.Errorf("invalid rule name %q: lower-case letters, digits and _, starting with a letter (it becomes the metric consistency.rule.<name>)", s)
}

func validExpression(s string) error { return checks.ParseRule(s) }

// ruleReferences checks that rule names are unique, that each rule says which datasets it is
// for, and that thresholds and waivers on consistency.rule.<name> name a rule.
func ruleReferences(c *Config) []error {
	var errs []error
	var names []string
	for i, r := range c.Checks.Consistency.Rules {
		path := fmt.Sprintf("checks.consistency.rules[%d]", i)
		if slices.Contains(names, r.Name) {
			errs = append(errs, fmt.Errorf("%s.name: rule %q defined twice", path, r.Name))
		}
		names = append(names, r.Name)
		if r.Object == "" && r.Dataset == "" {
			errs = append(errs, fmt.Errorf("%s: needs object or dataset: a rule is checked against the columns of the datasets it is for", path))
		}
		if r.Dataset != "" && len(c.Datasets) > 0 && !slices.ContainsFunc(c.Datasets, func(d Dataset) bool { return d.Name == r.Dataset }) {
			errs = append(errs, fmt.Errorf("%s.dataset: unknown dataset %q", path, r.Dataset))
		}
	}
	known := func(path, metric string) {
		name, ok := strings.CutPrefix(metric, "consistency.rule.")
		if ok && !slices.Contains(names, name) {
			errs = append(errs, fmt.Errorf("%s: no rule %q under checks.consistency.rules (rules: %s)", path, name, orNone(names)))
		}
	}
	for i, u := range c.UseCases {
		for j, t := range u.Thresholds {
			known(fmt.Sprintf("use_cases[%d].thresholds[%d].metric", i, j), t.Metric)
		}
	}
	for i, w := range c.Waivers {
		known(fmt.Sprintf("waivers[%d].metric", i), w.Metric)
	}
	return errs
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// ruleSpecs turns the config's rules into the checks' form.
func ruleSpecs(c *Config) []checks.RuleSpec {
	var out []checks.RuleSpec
	for _, r := range c.Checks.Consistency.Rules {
		out = append(out, checks.RuleSpec{Name: r.Name, Doc: r.Doc, Object: extract.Object(r.Object), Dataset: r.Dataset, When: r.When, Require: r.Require})
	}
	return out
}
