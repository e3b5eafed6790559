package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/crmready/crmready/extract"
)

// Unit is the unit of a metric's value.
type Unit string

// The units.
const (
	Ratio Unit = "ratio" // 0..1
	Count Unit = "count"
	Days  Unit = "days"
	PSI   Unit = "psi"
)

// Metric is one measured number of one dataset.
type Metric struct {
	// ID is the metric's stable dotted name ("completeness.email").
	ID    string  `json:"id"`
	Value float64 `json:"value"`
	Unit  Unit    `json:"unit"`
	// HigherIsBetter is the metric's direction.
	HigherIsBetter bool `json:"higher_is_better"`
	// Window is the period the metric was computed for, for metrics that take one
	// (staleness.stale_share over a max age, volume.records over a window).
	Window string `json:"window,omitempty"`
	// Count and Of are the numerator and denominator of a ratio.
	Count int64 `json:"count"`
	Of    int64 `json:"of,omitempty"`
	// Column names the column a role metric was measured on.
	Column string `json:"column,omitempty"`
}

// MetricDef describes a metric a check produces. An ID may end in "<role>", standing for any
// role ("completeness.<role>"), or "<name>", standing for a config rule's name.
type MetricDef struct {
	ID             string
	Unit           Unit
	HigherIsBetter bool
	// Window names the use-case setting the metric is computed over: "max_age", "window" or "".
	Window string
	Doc    string
	// Plain states a measured value in words a stakeholder reads without the docs, as a
	// template: "{1-value} of {records} have no {role}" reads "8.56% of leads have no email".
	// {value} is the value in its unit (a percentage, a count, days), {1-value} its complement
	// (the missing share of a completeness ratio: a threshold is then stated as its complement
	// too), {records} the dataset's records ("leads"), {role} the role of a "<role>" metric in
	// words, {name} the rule of a "<name>" metric, {window} the period a windowed metric covers
	// ("200 days"), {positive} and {negative} what the label's outcomes mean for the records
	// ("converted", "did not convert"). It never holds the metric's ID.
	Plain string
	// Needs says what a dataset lacks when the metric is not measured ("no created_at column
	// with dates"); "<role>" stands for the role of a role metric.
	Needs string
	// Roles are the roles of the columns the metric is measured on, for a report to name the
	// ones a dataset lacks and the config line that maps a column to each; a "<role>" ID names
	// its own. Where a metric falls back on several (staleness: last activity, then last update,
	// then creation), only the one to add is listed.
	Roles []extract.Role
	// Hints say, by object type, what a missed threshold on the metric probably means and what to
	// check in the CRM; the "" entry stands for every other object type.
	Hints map[extract.Object]string
}

// Hint is what a missed threshold on the metric probably means for datasets of object type o,
// or "".
func (d MetricDef) Hint(o extract.Object) string {
	if h, ok := d.Hints[o]; ok {
		return h
	}
	return d.Hints[""]
}

// NeedsRoles lists the roles metric id is measured on: its declared Roles, or the role a
// "<role>" ID names.
func (d MetricDef) NeedsRoles(id string) []extract.Role {
	if prefix, ok := strings.CutSuffix(d.ID, "<role>"); ok {
		return []extract.Role{extract.Role(strings.TrimPrefix(id, prefix))}
	}
	return d.Roles
}

// Absent explains why metric id was not measured on a dataset.
func (d MetricDef) Absent(id string) string {
	needs := d.Needs
	if needs == "" {
		needs = "the columns it needs are missing (see the findings)"
	}
	for _, part := range []string{"<role>", "<name>"} {
		if prefix, ok := strings.CutSuffix(d.ID, part); ok {
			needs = strings.ReplaceAll(needs, part, strings.TrimPrefix(id, prefix))
		}
	}
	return needs
}

// Matches reports whether a concrete metric ID is an instance of d: "<role>" stands for any
// role, "<name>" for any rule name.
func (d MetricDef) Matches(id string) bool {
	if prefix, ok := strings.CutSuffix(d.ID, "<role>"); ok {
		role, ok := strings.CutPrefix(id, prefix)
		return ok && extract.IsRole(extract.Role(role))
	}
	if prefix, ok := strings.CutSuffix(d.ID, "<name>"); ok {
		name, ok := strings.CutPrefix(id, prefix)
		return ok && ValidRuleName(name)
	}
	return d.ID == id
}

// LookupMetric returns the definition of a metric ID, or an error listing the valid IDs.
func LookupMetric(id string) (MetricDef, error) {
	var ids []string
	for _, c := range All {
		for _, d := range c.Metrics {
			if d.Matches(id) {
				return d, nil
			}
			ids = append(ids, d.ID)
		}
	}
	slices.Sort(ids)
	return MetricDef{}, fmt.Errorf("unknown metric %q (valid: %s)", id, strings.Join(ids, ", "))
}

func ratio(n, of int64) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// newMetric builds a metric of definition d.
func newMetric(d MetricDef, id string, value float64) Metric {
	if id == "" {
		id = d.ID
	}
	return Metric{ID: id, Value: value, Unit: d.Unit, HigherIsBetter: d.HigherIsBetter}
}

// ratioMetric builds a ratio metric n/of.
func ratioMetric(d MetricDef, id string, n, of int64) Metric {
	m := newMetric(d, id, ratio(n, of))
	m.Count, m.Of = n, of
	return m
}

// countMetric builds a count metric.
func countMetric(d MetricDef, n int64) Metric {
	m := newMetric(d, "", float64(n))
	m.Count = n
	return m
}
