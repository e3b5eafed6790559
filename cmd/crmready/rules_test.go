package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/crmready/crmready/reports"
)

// TestUserRule: a config rule is measured, gates the use case that sets a threshold on it, and
// agrees with the built-in rule it restates; a rule naming a column the dataset lacks is a
// config error naming the column, before anything is read.
func TestUserRule(t *testing.T) {
	code, out, stderr := cli(t, "audit", "--config", repo(t, "testdata/cli/rules.yaml"), "--format", "json")
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var r reports.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	d := dataset(t, &r, "deals")
	rule, builtin := metricOf(t, d, "consistency.rule.won_amount", ""), metricOf(t, d, "consistency.won_missing_amount", "")
	if rule.Count == 0 || rule.Count != builtin.Count || rule.Of != builtin.Of {
		t.Errorf("rule won_amount %d of %d, built-in won_missing_amount %d of %d: the sample's amounts are positive, so they must agree",
			rule.Count, rule.Of, builtin.Count, builtin.Of)
	}
	if f := findings(d, "consistency.rule.won_amount"); len(f) == 0 || !strings.Contains(f[0].Message, "breaks rule won_amount: require amount > 0") {
		t.Errorf("findings %+v", f)
	}
	uc := verdict(t, &r, "forecasting")
	if uc.Status != "NO-GO" || uc.Misses[0].Metric != "consistency.rule.won_amount" {
		t.Errorf("forecasting %s, misses %+v", uc.Status, uc.Misses)
	}

	cfg := repo(t, "testdata/cli/rules_unknown_column.yaml")
	code, out, stderr = cli(t, "audit", "--config", cfg)
	want := "crmready: " + cfg + `: rule won_amount, require: unknown column "amonut" in dataset deals (columns: Id, Name, AccountId, StageName, Amount,`
	if code != 2 || out != "" || !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q\nwant it to start %q", code, stderr, want)
	}
}
