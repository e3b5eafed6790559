package reports

import (
	"fmt"
	"slices"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/readiness"
)

// Reason is one line a use case's verdict is read out with: a measured miss (or a process
// finding), or what one dataset could not measure.
type Reason struct {
	// Level is the worst level among the misses the line stands for.
	Level readiness.Level
	// Miss is the measured miss, nil for a line about what could not be measured.
	Miss *readiness.Miss
	// Dataset and Absent are, for a line about what could not be measured, the dataset and the
	// misses it stands for; Roles the roles it lacks a column for, and Columns the config line
	// that maps a column to each (the column is the user's to name: detection found none).
	Dataset string
	Absent  []readiness.Miss
	Roles   []string
	Columns []string
	// Other lists the unmeasured metrics no missing role explains, each with what it needs.
	Other []string
}

// Reasons lists a use case's reasons in the order they are read out: every measured miss as
// readiness ordered it (fail before warn, the farthest past its limit first), then one line per
// dataset for everything it could not measure, naming every missing role at once and the config
// line that supplies each; then the process findings (no owner, no success metric), which each
// report also states in its process section. A report saved before readiness ordered misses so
// reads the same.
func Reasons(r *Report, u *UseCase) []Reason {
	var out, absent, process []Reason
	byDataset := map[string]int{}
	for i := range u.Misses {
		m := &u.Misses[i]
		switch {
		case m.Process():
			process = append(process, Reason{Level: m.Level, Miss: m})
			continue
		case !m.Unmeasured():
			out = append(out, Reason{Level: m.Level, Miss: m})
			continue
		}
		k, ok := byDataset[m.Dataset]
		if !ok {
			k = len(absent)
			byDataset[m.Dataset] = k
			absent = append(absent, Reason{Level: m.Level, Dataset: m.Dataset})
		}
		absent[k].add(*m, r.dataset(m.Dataset))
	}
	return append(append(out, absent...), process...)
}

// add puts an unmeasured miss in the reason of its dataset d (nil when the report lacks it).
func (rs *Reason) add(m readiness.Miss, d *Dataset) {
	rs.Absent = append(rs.Absent, m)
	if m.Level == readiness.LevelFail {
		rs.Level = readiness.LevelFail
	}
	missing := missingRoles(m, d)
	if len(missing) == 0 {
		rs.Other = append(rs.Other, fmt.Sprintf("%s (%s)", metricName(m.Metric, m.Window), absentWhy(m)))
		return
	}
	for _, role := range missing {
		if slices.Contains(rs.Roles, string(role)) {
			continue
		}
		rs.Roles = append(rs.Roles, string(role))
		rs.Columns = append(rs.Columns, fmt.Sprintf("{column: ..., role: %s}", role))
	}
}

// missingRoles lists the roles an unmeasured metric is measured on that dataset d has no column
// for; none when the metric is unknown or d has them all (then something else is missing: dates
// a column could not read, a baseline, a user list).
func missingRoles(m readiness.Miss, d *Dataset) []extract.Role {
	def, err := checks.LookupMetric(m.Metric)
	if err != nil {
		return nil
	}
	var out []extract.Role
	for _, role := range def.NeedsRoles(m.Metric) {
		if d == nil || !d.hasRole(string(role)) {
			out = append(out, role)
		}
	}
	return out
}

// hasRole reports whether a column of d holds role.
func (d *Dataset) hasRole(role string) bool {
	for _, c := range d.Columns {
		if c.Role == role {
			return true
		}
	}
	return false
}

// Text is the reason in the console's terms: a measured miss's message and dataset, or the line
// of what a dataset could not measure.
func (rs Reason) Text() string {
	if rs.Miss != nil {
		return reasonText(*rs.Miss)
	}
	return rs.absentText()
}

// Plain is the reason in words for a stakeholder (Markdown, HTML, the workbook).
func (rs Reason) Plain(r *Report) string {
	if rs.Miss != nil {
		return Plain(*rs.Miss, r.dataset(rs.Miss.Dataset))
	}
	return rs.absentText()
}

// absentText says what a dataset could not measure: "deals: no column for label, owner: add
// {column: ..., role: label}, {column: ..., role: owner} to its columns in the config".
func (rs Reason) absentText() string {
	s := orDash(rs.Dataset) + ": "
	if len(rs.Roles) > 0 {
		s += fmt.Sprintf("no column for %s: add %s to its columns in the config", strings.Join(rs.Roles, ", "), strings.Join(rs.Columns, ", "))
	}
	if len(rs.Other) > 0 {
		if len(rs.Roles) > 0 {
			s += "; also "
		}
		s += "not measured: " + strings.Join(rs.Other, ", ")
	}
	return s + fmt.Sprintf(" (%s not measured)", counted(len(rs.Absent), "threshold"))
}

// Hint is what the reason probably means and what to check in the CRM, or "".
func (rs Reason) Hint() string {
	if rs.Miss == nil {
		return ""
	}
	return rs.Miss.Hint
}
