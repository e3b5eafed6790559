package config_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/readiness"
)

// TestResolveProcess: a use case declared in a config file carries its process items, parsed,
// and is marked declared; a preset the config does not declare is not, even when selected by
// flag; a threshold flag keeps the process of the use case it overrides.
func TestResolveProcess(t *testing.T) {
	t.Setenv("CRMREADY_USE_CASE", "")
	t.Setenv("CRMREADY_THRESHOLD", "")
	path := writeConfig(t, `use_cases:
  - name: lead_routing
    success_metric: "first response within 1 hour"
    owner: "Dana"
    override: "reassign in the queue"
    review_every: 6mo
    last_reviewed: 2026-10-01
  - name: lead_scoring
`)
	c, src, err := config.Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := config.Resolve(c, src, path, config.Request{UseCases: []string{"lead_routing", "lead_scoring", "forecasting"},
		Thresholds: []string{"lead_routing:completeness.owner:fail=0.5"}, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]readiness.ProcessPlan{
		"lead_routing": {SuccessMetric: "first response within 1 hour", Owner: "Dana", Override: "reassign in the queue",
			ReviewEvery: checks.MustPeriod("6mo"), LastReviewed: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
			Declared: true, Source: "config " + path},
		"lead_scoring": {Declared: true, Source: "config " + path},
		"forecasting":  {},
	}
	for _, u := range plan.UseCases {
		if !reflect.DeepEqual(u.Process, want[u.Name]) {
			t.Errorf("%s: process %+v\nwant %+v", u.Name, u.Process, want[u.Name])
		}
	}
}
