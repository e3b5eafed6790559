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

// TestOwnershipUsersFile: a user export named in the config (relative to it) tells active from
// inactive owners; a queue named in the config is an active owner; lead routing gates on it.
func TestOwnershipUsersFile(t *testing.T) {
	code, out, stderr := cli(t, "audit", "--config", repo(t, "testdata/cli/owners.yaml"), "--format", "json")
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var r reports.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	d := dataset(t, &r, "leads")
	// clean_leads.csv: ten leads each for owners 0050 and 0051 (active), 0052 (inactive) and
	// 0053 (the queue).
	for id, want := range map[string][2]int64{"ownership.owned": {40, 40}, "ownership.queue_owned": {10, 40},
		"ownership.active_owner": {30, 40}, "ownership.inactive_owner": {10, 40}, "ownership.top_owner_share": {10, 40}} {
		if m := metricOf(t, d, id, ""); m.Count != want[0] || m.Of != want[1] {
			t.Errorf("%s = %d of %d, want %d of %d", id, m.Count, m.Of, want[0], want[1])
		}
	}
	if f := findings(d, "ownership.inactive_owner"); len(f) == 0 || f[0].Value != "0052" || !strings.HasSuffix(f[0].Message, "an inactive user in "+repo(t, "testdata/cli/users.csv")) {
		t.Errorf("inactive owner findings %+v", f)
	}
	if uc := verdict(t, &r, "lead_routing"); uc.Status != "NO-GO" || len(uc.Misses) != 1 || uc.Misses[0].Metric != "ownership.active_owner" {
		t.Errorf("lead_routing %s, misses %+v; want NO-GO on ownership.active_owner alone", uc.Status, uc.Misses)
	}
	// Without the user list the same data is GO: ownership is then owners and their spread only.
	if code, _, stderr := cli(t, "audit", "--as-of", "2026-11-25", "-u", "lead_routing", repo(t, "testdata/cli/clean_leads.csv")); code != 0 {
		t.Errorf("without a user list: exit %d, %s", code, stderr)
	}
}

// TestExplainNewChecks: explain knows the new checks and metrics from the registry, and the
// presets' thresholds on them.
func TestExplainNewChecks(t *testing.T) {
	for _, tt := range []struct {
		name string
		want []string
	}{
		{"drift", []string{"drift.psi_max (a population stability index, lower is better)", "drift.psi.<role> (a population stability index, lower is better)", "drift.new_categories (a count, lower is better)"}},
		{"ownership", []string{"ownership.top_owner_share (a share, 0 to 100%, lower is better)", "ownership.active_owner (a share, 0 to 100%, higher is better)"}},
		{"consistency", []string{"consistency.converted_unlinked (a share, 0 to 100%, lower is better)", "consistency.rule.<name> (a share, 0 to 100%, lower is better)"}},
		{"drift.psi_max", []string{"lead_scoring: NO-GO above 0.25 (from preset lead_scoring); WARN above 0.1 (from preset lead_scoring)"}},
		{"drift.psi.lead_source", []string{"population stability index of the column holding the role", "No use case has a threshold on it"}},
		{"ownership.top_owner_share", []string{"lead_routing: NO-GO above 80% (from preset lead_routing); WARN above 50% (from preset lead_routing)"}},
		{"consistency.rule.won_amount", []string{"records breaking the config's rule won_amount (its require is false)"}},
	} {
		code, out, stderr := cli(t, "explain", tt.name)
		if code != 0 {
			t.Errorf("explain %s: exit %d, %s", tt.name, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("explain %s lacks %q:\n%s", tt.name, w, out)
			}
		}
	}
}
