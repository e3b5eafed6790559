package reports

import (
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// What the writers show beyond the JSON's own fields, derived from the report alone so that a
// saved report renders the same as a fresh one.

// Outcome is how one threshold fared on one dataset.
type Outcome string

// The outcomes of a threshold.
const (
	OutcomePass        Outcome = "PASS"
	OutcomeWarn        Outcome = "WARN"
	OutcomeFail        Outcome = "FAIL"
	OutcomeWaived      Outcome = "WAIVED"
	OutcomeNotMeasured Outcome = "NOT MEASURED" // unmeasured, and the threshold says skip
	OutcomeNoData      Outcome = "NO DATA"      // the use case has no dataset
)

// outcomeStatus is the verdict colour an outcome shows in: PASS green, WARN amber, FAIL red,
// the rest grey.
func outcomeStatus(o Outcome) readiness.Status {
	switch o {
	case OutcomePass:
		return readiness.Go
	case OutcomeWarn:
		return readiness.Warn
	case OutcomeFail:
		return readiness.NoGo
	}
	return readiness.NA
}

// checkRow is one threshold of a use case judged on one dataset.
type checkRow struct {
	UseCase   string
	Dataset   string // empty when the use case has no dataset
	Threshold readiness.Threshold
	Window    string
	Metric    *checks.Metric  // nil when not measured
	Miss      *readiness.Miss // the miss, waived or not
	Outcome   Outcome
}

// thresholdRows lists every threshold of u on every dataset it judged, in dataset then
// threshold order.
func thresholdRows(r *Report, u *UseCase) []checkRow {
	var out []checkRow
	if len(u.Datasets) == 0 {
		for _, t := range u.Thresholds {
			out = append(out, checkRow{UseCase: u.UseCase, Threshold: t, Window: windowOf(t.Metric, u), Outcome: OutcomeNoData})
		}
		return out
	}
	for _, name := range u.Datasets {
		d := r.dataset(name)
		for _, t := range u.Thresholds {
			row := checkRow{UseCase: u.UseCase, Dataset: name, Threshold: t, Window: windowOf(t.Metric, u), Outcome: OutcomePass}
			if d != nil {
				row.Metric = d.metric(t.Metric, row.Window)
			}
			if m := findMiss(u.Misses, t.Metric, name); m != nil {
				row.Miss, row.Outcome = m, OutcomeFail
				if m.Level == readiness.LevelWarn {
					row.Outcome = OutcomeWarn
				}
			} else if m := findMiss(u.Waived, t.Metric, name); m != nil {
				row.Miss, row.Outcome = m, OutcomeWaived
			} else if row.Metric == nil {
				row.Outcome = OutcomeNotMeasured
			}
			out = append(out, row)
		}
	}
	return out
}

// windowOf is the window a use case measures a metric over ("180d" for a stale share), or "".
func windowOf(id string, u *UseCase) string {
	def, err := checks.LookupMetric(id)
	if err != nil {
		return ""
	}
	switch def.Window {
	case "max_age":
		return u.MaxAge
	case "window":
		return u.Window
	}
	return ""
}

func findMiss(ms []readiness.Miss, metric, dataset string) *readiness.Miss {
	for i := range ms {
		if ms[i].Metric == metric && ms[i].Dataset == dataset {
			return &ms[i]
		}
	}
	return nil
}

// dataset returns the dataset called name, or nil.
func (r *Report) dataset(name string) *Dataset {
	for i := range r.Datasets {
		if r.Datasets[i].Name == name {
			return &r.Datasets[i]
		}
	}
	return nil
}

// metric returns the dataset's metric id over window, or nil.
func (d *Dataset) metric(id, window string) *checks.Metric {
	for i := range d.Metrics {
		if d.Metrics[i].ID == id && d.Metrics[i].Window == window {
			return &d.Metrics[i]
		}
	}
	return nil
}

// reasonsOf returns the first three reasons of a use case in plain words, each with what it
// probably means (or why the use case has no data), and how many more there are.
func reasonsOf(r *Report, u *UseCase) ([]string, int) {
	rs := Reasons(r, u)
	if len(rs) == 0 {
		if u.Reason != "" {
			return []string{u.Reason}, 0
		}
		return nil, 0
	}
	var out []string
	for _, x := range rs[:min(topReasons, len(rs))] {
		s := x.Plain(r)
		if h := x.Hint(); h != "" {
			s += "; " + h
		}
		out = append(out, s)
	}
	return out, max(len(rs)-topReasons, 0)
}

// waiverWhat says what a waiver covers: "duplicates.exact.rate on leads for lead_scoring".
func waiverWhat(w readiness.Waiver) string {
	s := w.Metric
	if w.Dataset != "" {
		s += " on " + w.Dataset
	}
	return s + " for " + w.UseCase
}

// missWaiver says what a waiver did to a miss: "waived by Dana until 2027-01-31" or "waiver by
// Dana expired 2026-10-31"; "" without a waiver.
func missWaiver(m readiness.Miss) string {
	if m.Waiver == nil {
		return ""
	}
	if m.Expired {
		return fmt.Sprintf("waiver by %s expired %s", m.Waiver.ApprovedBy, day(m.Waiver.Expires))
	}
	return fmt.Sprintf("waived by %s until %s: %s", m.Waiver.ApprovedBy, day(m.Waiver.Expires), m.Waiver.Reason)
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// Fix lists: the finding kinds each list shows.

// isStaleKind reports whether a finding group lists stale records: its check declares the kind
// for the stale list.
func isStaleKind(kind string) bool { return fixListOf(kind) == checks.ListStale }

// isInvalidKind reports whether a finding group lists invalid values or broken rules, as its
// check declares.
func isInvalidKind(kind string) bool { return fixListOf(kind) == checks.ListInvalid }

// fixListOf returns the fix list a finding group goes to, from its kind's declaration; none for
// a kind no check declares (a report saved by another version).
func fixListOf(kind string) checks.FixList {
	_, k, err := checks.LookupFinding(kind)
	if err != nil {
		return checks.ListNone
	}
	return k.List
}

// position says where a finding's record is in its source: "line 8", "row 8", "row index 7".
func position(f checks.Finding) string {
	switch {
	case f.Line > 0:
		return fmt.Sprintf("line %d", f.Line)
	case f.Row > 0:
		return fmt.Sprintf("row %d", f.Row)
	case f.Index != nil:
		return fmt.Sprintf("row index %d", *f.Index)
	}
	return ""
}

// memberPosition is position for a cluster member.
func memberPosition(m checks.ClusterMember) string {
	return position(checks.Finding{Line: m.Line, Row: m.Row, Index: m.Index})
}

// quoted finds the quoted values checks put in messages ("%q").
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// hideValues removes the record values a message quotes, for formats shared in CI.
func hideValues(msg string) string { return quoted.ReplaceAllString(msg, `"…"`) }

// dateOf reads a date or an RFC 3339 timestamp: a finding's date value, a report's as_of.
func dateOf(s string) (time.Time, bool) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.RFC3339, s)
	return t, err == nil
}

// addKeys appends to keys the key columns of c it lacks: the columns a list of clusters shows.
func addKeys(keys []string, c checks.Cluster) []string {
	for _, k := range c.Columns {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// keyValue is the value member m of cluster c shows in key column k, or "".
func keyValue(c checks.Cluster, m checks.ClusterMember, k string) string {
	if i := slices.Index(c.Columns, k); i >= 0 && i < len(m.Values) {
		return m.Values[i]
	}
	return ""
}
