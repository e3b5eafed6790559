package reports

import (
	"fmt"
	"math"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// Trend is what changed since an older report of the same extracts: the verdict of each use
// case then and now, and the change of every metric. It is part of the report (crmready report
// NEW.json --compare OLD.json), so every format shows it.
type Trend struct {
	// Then is the older report's as_of; ThenTool the tool that wrote it.
	Then     string         `json:"then"`
	ThenTool string         `json:"then_tool"`
	UseCases []UseCaseTrend `json:"use_cases"`
	Metrics  []MetricTrend  `json:"metrics"`
}

// UseCaseTrend is a use case's verdict then and now; either is empty when that report did not
// judge the use case.
type UseCaseTrend struct {
	UseCase string           `json:"use_case"`
	Then    readiness.Status `json:"then,omitempty"`
	Now     readiness.Status `json:"now,omitempty"`
}

// MetricTrend is one metric of one dataset then and now.
type MetricTrend struct {
	Dataset        string      `json:"dataset"`
	Metric         string      `json:"metric"`
	Window         string      `json:"window,omitempty"`
	Unit           checks.Unit `json:"unit"`
	HigherIsBetter bool        `json:"higher_is_better"`
	// Then and Now are nil where that report did not measure the metric.
	Then *float64 `json:"then"`
	Now  *float64 `json:"now"`
	// Change is "better", "worse" or "same" in the metric's direction, or "new" or "gone".
	Change string `json:"change"`
}

// The changes of a metric.
const (
	ChangeBetter = "better"
	ChangeWorse  = "worse"
	ChangeSame   = "same"
	ChangeNew    = "new"
	ChangeGone   = "gone"
)

// Compare returns the trend from then to now.
func Compare(then, now *Report) *Trend {
	t := &Trend{Then: then.AsOf, ThenTool: then.Tool, UseCases: []UseCaseTrend{}, Metrics: []MetricTrend{}}
	thenStatus := map[string]readiness.Status{}
	for _, u := range then.UseCases {
		thenStatus[u.UseCase] = u.Status
	}
	seen := map[string]bool{}
	for _, u := range now.UseCases {
		seen[u.UseCase] = true
		t.UseCases = append(t.UseCases, UseCaseTrend{UseCase: u.UseCase, Then: thenStatus[u.UseCase], Now: u.Status})
	}
	for _, u := range then.UseCases {
		if !seen[u.UseCase] {
			t.UseCases = append(t.UseCases, UseCaseTrend{UseCase: u.UseCase, Then: u.Status})
		}
	}
	for _, d := range now.Datasets {
		old := then.dataset(d.Name)
		for _, m := range d.Metrics {
			mt := metricTrend(d.Name, m)
			mt.Now = ptr(m.Value)
			if old != nil {
				if o := old.metric(m.ID, m.Window); o != nil {
					mt.Then = ptr(o.Value)
				}
			}
			mt.Change = change(mt)
			t.Metrics = append(t.Metrics, mt)
		}
		if old != nil {
			t.Metrics = append(t.Metrics, gone(old, &d)...)
		}
	}
	for _, d := range then.Datasets {
		if now.dataset(d.Name) == nil {
			t.Metrics = append(t.Metrics, gone(&d, &Dataset{})...)
		}
	}
	return t
}

// gone lists the metrics of old that now does not have.
func gone(old, now *Dataset) []MetricTrend {
	var out []MetricTrend
	for _, m := range old.Metrics {
		if now.metric(m.ID, m.Window) == nil {
			mt := metricTrend(old.Name, m)
			mt.Then, mt.Change = ptr(m.Value), ChangeGone
			out = append(out, mt)
		}
	}
	return out
}

func metricTrend(dataset string, m checks.Metric) MetricTrend {
	return MetricTrend{Dataset: dataset, Metric: m.ID, Window: m.Window, Unit: m.Unit, HigherIsBetter: m.HigherIsBetter}
}

func ptr(v float64) *float64 { return &v }

func change(m MetricTrend) string {
	switch {
	case m.Then == nil:
		return ChangeNew
	case m.Now == nil:
		return ChangeGone
	}
	d := *m.Now - *m.Then
	switch {
	case math.Abs(d) < 1e-12:
		return ChangeSame
	case (d > 0) == m.HigherIsBetter:
		return ChangeBetter
	}
	return ChangeWorse
}

// Arrow shows the direction of the change: ↑ up, ↓ down, → unchanged; "new" or "gone".
func (m MetricTrend) Arrow() string {
	switch m.Change {
	case ChangeNew, ChangeGone:
		return m.Change
	case ChangeSame:
		return "→"
	}
	if *m.Now > *m.Then {
		return "↑"
	}
	return "↓"
}

// Delta writes the change in the metric's unit: "+1.84 pts" for a ratio (percentage points),
// "-12" for a count, "+3 days"; "" when one side is missing.
func (m MetricTrend) Delta() string {
	if m.Then == nil || m.Now == nil {
		return ""
	}
	d := *m.Now - *m.Then
	if math.Abs(d) < 1e-12 {
		return ""
	}
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	switch m.Unit {
	case checks.Ratio:
		return sign + percent(d*100) + " pts"
	case checks.Days:
		return sign + groupDigits(d) + " days"
	case checks.Count:
		return sign + groupDigits(d)
	}
	return fmt.Sprintf("%s%.4g", sign, d)
}

// Value writes one side of the change in the metric's unit, or "-" when absent.
func (m MetricTrend) Value(v *float64) string {
	if v == nil {
		return "-"
	}
	return readiness.FormatValue(*v, m.Unit)
}

// Name is the metric with its window: "volume.records[200d]".
func (m MetricTrend) Name() string { return metricName(m.Metric, m.Window) }

// percent writes percentage points with two decimals, trailing zeros dropped.
func percent(p float64) string {
	s := readiness.FormatValue(p/100, checks.Ratio)
	return s[:len(s)-1]
}

// changed lists the metrics that moved, appeared or vanished.
func (t *Trend) changed() []MetricTrend {
	var out []MetricTrend
	for _, m := range t.Metrics {
		if m.Change != ChangeSame {
			out = append(out, m)
		}
	}
	return out
}
