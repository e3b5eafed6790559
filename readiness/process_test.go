package readiness_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// items describes each process item as "id status [level]".
func items(p readiness.Process) []string {
	var out []string
	for _, it := range p.Items {
		s := fmt.Sprintf("%s %s", it.ID, it.Status)
		if it.Level != "" {
			s += " " + string(it.Level)
		}
		out = append(out, s)
	}
	return out
}

// complete is a process plan of a declared use case with every item written down, reviewed on
// 2026-10-01 every 90 days (next due 2026-12-30).
func complete() readiness.ProcessPlan {
	return readiness.ProcessPlan{SuccessMetric: "MQL-to-SQL from 12% to 15% in two quarters", Owner: "Dana (RevOps)",
		Override: "reps reassign routed leads", ReviewEvery: checks.MustPeriod("90d"), LastReviewed: date("2026-10-01"),
		Declared: true, Source: "config c.yaml"}
}

func TestJudgeProcess(t *testing.T) {
	with := func(f func(*readiness.ProcessPlan)) readiness.ProcessPlan {
		p := complete()
		f(&p)
		return p
	}
	tests := []struct {
		name string
		plan readiness.ProcessPlan
		asOf time.Time
		want []string
	}{
		{"declared, all written down", complete(), asOf, []string{
			"process.success_metric defined", "process.owner defined", "process.override defined",
			"process.review_every defined", "process.last_reviewed defined"}},
		{"declared, nothing written down: success metric and owner fail, override and review warn", readiness.ProcessPlan{Declared: true, Source: "config c.yaml"}, asOf, []string{
			"process.success_metric missing fail", "process.owner missing fail", "process.override missing warn",
			"process.review_every missing warn", "process.last_reviewed not_recorded"}},
		{"config-less: to define, nothing counts", readiness.ProcessPlan{}, asOf, []string{
			"process.success_metric to_define", "process.owner to_define", "process.override to_define",
			"process.review_every to_define", "process.last_reviewed not_recorded"}},
		{"blank and placeholder texts are not written down", with(func(p *readiness.ProcessPlan) {
			p.SuccessMetric, p.Owner, p.Override = "  ", "TBD", "n/a"
		}), asOf, []string{
			"process.success_metric missing fail", "process.owner missing fail", "process.override missing warn",
			"process.review_every defined", "process.last_reviewed defined"}},
		{"review due on as_of's day is not overdue", with(func(p *readiness.ProcessPlan) { p.LastReviewed = date("2026-08-27") }),
			asOf.Add(24*time.Hour - time.Second), []string{
				"process.success_metric defined", "process.owner defined", "process.override defined",
				"process.review_every defined", "process.last_reviewed defined"}},
		{"review due the day before as_of is overdue", with(func(p *readiness.ProcessPlan) { p.LastReviewed = date("2026-08-26") }), asOf, []string{
			"process.success_metric defined", "process.owner defined", "process.override defined",
			"process.review_every defined", "process.last_reviewed overdue warn"}},
		{"months follow the calendar", with(func(p *readiness.ProcessPlan) {
			p.ReviewEvery, p.LastReviewed = checks.MustPeriod("6mo"), date("2026-05-24")
		}), asOf, []string{
			"process.success_metric defined", "process.owner defined", "process.override defined",
			"process.review_every defined", "process.last_reviewed overdue warn"}},
		{"a last review without a period cannot be overdue", with(func(p *readiness.ProcessPlan) {
			p.ReviewEvery, p.LastReviewed = checks.Period{}, date("2020-01-01")
		}), asOf, []string{
			"process.success_metric defined", "process.owner defined", "process.override defined",
			"process.review_every missing warn", "process.last_reviewed defined"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readiness.JudgeProcess(tt.plan, tt.asOf)
			if !slices.Equal(items(got), tt.want) {
				t.Errorf("got  %q\nwant %q", items(got), tt.want)
			}
			if got.Declared != tt.plan.Declared {
				t.Errorf("declared = %v", got.Declared)
			}
		})
	}
}

func TestJudgeProcessMessages(t *testing.T) {
	p := complete()
	p.LastReviewed = date("2026-05-01")
	got := readiness.JudgeProcess(p, asOf)
	last := got.Items[len(got.Items)-1]
	if want := "review overdue: last reviewed 2026-05-01, every 90d, so due 2026-07-30 (as_of 2026-11-25)"; last.Message != want {
		t.Errorf("overdue message %q, want %q", last.Message, want)
	}
	if last.Value != "2026-05-01" || last.Source != "config c.yaml" {
		t.Errorf("overdue item %+v", last)
	}
	missing := readiness.JudgeProcess(readiness.ProcessPlan{Declared: true, Source: "config c.yaml"}, asOf).Items[1]
	if !strings.HasPrefix(missing.Message, "no owner (who answers for the model") || missing.Source != "use case declared in config c.yaml" {
		t.Errorf("missing owner: %+v", missing)
	}
	toDefine := readiness.JudgeProcess(readiness.ProcessPlan{}, asOf).Items[0]
	if !strings.HasPrefix(toDefine.Message, "success_metric to define: what better means") || toDefine.Source != "" {
		t.Errorf("to define: %+v", toDefine)
	}
}

// TestEvaluateProcess: process findings enter the verdict of a declared use case as misses that
// no waiver covers, and never that of a use case no config file declares.
func TestEvaluateProcess(t *testing.T) {
	noOwner := complete()
	noOwner.Owner = ""
	noOverride := complete()
	noOverride.Override = ""
	overdue := complete()
	overdue.LastReviewed = date("2026-01-01")
	tests := []struct {
		name    string
		plan    readiness.ProcessPlan
		data    bool
		waivers []readiness.Waiver
		status  readiness.Status
		misses  []string
	}{
		{"config-less first look: to define, GO on good data", readiness.ProcessPlan{}, true, nil, readiness.Go, []string{}},
		{"declared and complete: GO", complete(), true, nil, readiness.Go, []string{}},
		{"declared without owner: NO-GO on good data", noOwner, true, nil, readiness.NoGo,
			[]string{"process.owner fail"}},
		{"declared without override: WARN", noOverride, true, nil, readiness.Warn, []string{"process.override warn"}},
		{"declared, review overdue: WARN", overdue, true, nil, readiness.Warn, []string{"process.last_reviewed warn"}},
		{"declared without anything: worst first", readiness.ProcessPlan{Declared: true, Source: "config c.yaml"}, true, nil, readiness.NoGo,
			[]string{"process.owner fail", "process.success_metric fail", "process.override warn", "process.review_every warn"}},
		{"a waiver does not cover a process finding", noOwner, true,
			[]readiness.Waiver{{UseCase: "test", Metric: "process.owner", ApprovedBy: "x", Reason: "r", Expires: date("2030-01-01")}},
			readiness.NoGo, []string{"process.owner fail"}},
		{"declared with no data: NO-GO, process findings listed too", noOwner, false, nil, readiness.NoGo, []string{"process.owner fail"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			uc := useCase()
			uc.Process, uc.Requested = tt.plan, tt.plan.Declared
			var ds []readiness.Dataset
			if tt.data {
				ds = append(ds, leads("leads", good()...))
			}
			v := readiness.Evaluate([]readiness.UseCase{uc}, ds, tt.waivers, asOf)[0]
			got := []string{}
			for _, m := range v.Misses {
				got = append(got, m.Metric+" "+string(m.Level))
			}
			if v.Status != tt.status || !slices.Equal(got, tt.misses) {
				t.Errorf("status %s, misses %q; want %s, %q", v.Status, got, tt.status, tt.misses)
			}
			if len(v.Waived) != 0 {
				t.Errorf("waived %v", misses(v.Waived))
			}
			if len(v.Process.Items) != len(readiness.ProcessItems) {
				t.Errorf("process items %v", items(v.Process))
			}
		})
	}
}
