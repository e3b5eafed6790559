package checks

import (
	"slices"
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestConsistency(t *testing.T) {
	// as_of 2026-11-25
	ds, bs := dataset(t, extract.Opportunity, 2,
		col{"StageName", extract.RoleStage, extract.String, []string{"Closed Won", "Closed Won", "Closed Won", "Prospecting", "Prospecting", "Closed Lost"}},
		col{"Amount", extract.RoleAmount, extract.Float, []string{"100", "", "50", "10", "", ""}},
		col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"2026-01-01", "2026-01-01", "2026-03-01", "2026-01-01", "2026-01-01", "2026-05-01"}},
		col{"CloseDate", extract.RoleCloseDate, extract.Time, []string{"2026-02-01", "2026-02-01", "", "2026-10-01", "2027-01-01", "2026-04-01"}},
	)
	r := run(t, Consistency, ds, testParams(), bs)
	checksMetric(t, r, "consistency.close_before_created", "", 1, 5)   // the lost deal closed before it was created
	checksMetric(t, r, "consistency.won_missing_amount", "", 1, 3)     // record 2
	checksMetric(t, r, "consistency.won_missing_close_date", "", 1, 3) // record 3
	checksMetric(t, r, "consistency.open_past_close", "", 1, 2)        // record 4: open, closing 2026-10-01
	if g := group(r, "open_past_close"); g.Total != 1 || g.Sample[0].Record != 4 {
		t.Errorf("findings = %+v", g)
	}

	leads, lbs := dataset(t, extract.Lead, 0, col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"2026-01-01"}})
	if r := run(t, Consistency, leads, testParams(), lbs); len(r.Metrics) != 0 {
		t.Errorf("rules measured on leads: %v", metricIDs(r))
	}
}

func TestConsistencySameDay(t *testing.T) {
	ds, bs := dataset(t, extract.Opportunity, 0,
		col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"2026-01-01T10:00:00Z", "2026-01-02T10:00:00Z"}},
		col{"CloseDate", extract.RoleCloseDate, extract.Time, []string{"2026-01-01", "2026-01-01"}},
		col{"LastModifiedDate", extract.RoleUpdatedAt, extract.Time, []string{"2026-01-01T09:00:00Z", "2026-01-01T23:00:00Z"}},
	)
	r := run(t, Consistency, ds, testParams(), bs)
	checksMetric(t, r, "consistency.close_before_created", "", 1, 2)    // a close date the day of creation is in order
	checksMetric(t, r, "consistency.modified_before_created", "", 1, 2) // so is a modification earlier that day
	if g := group(r, "modified_before_created"); g.Total != 1 || g.Sample[0].Record != 2 {
		t.Errorf("findings = %+v", g)
	}
}

func TestConsistencyConvertedLeads(t *testing.T) {
	label := col{"IsConverted", extract.RoleLabel, extract.Bool, []string{"true", "true", "true", "true", "false", ""}}
	date := col{"ConvertedDate", extract.RoleConvertedAt, extract.Time, []string{"2026-03-01", "", "", "N/A", "", ""}}
	account := col{"ConvertedAccountId", extract.RoleAccountRef, extract.String, []string{"", "001A", "", "", "", ""}}
	tests := []struct {
		name      string
		cols      []col
		broken    int64
		of        int64
		records   []int64
		undefined bool
	}{
		// Record 3 has neither; record 4's date is a placeholder. Unconverted and unlabelled
		// leads are not judged.
		{"date or account", []col{label, date, account}, 2, 4, []int64{3, 4}, false},
		{"date only", []col{label, date}, 3, 4, []int64{2, 3, 4}, false},
		{"account only", []col{label, account}, 3, 4, []int64{1, 3, 4}, false},
		{"neither column", []col{label}, 0, 0, nil, true},
		{"no converted flag", []col{date, account}, 0, 0, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, bs := dataset(t, extract.Lead, 4, tt.cols...)
			r := run(t, Consistency, ds, testParams(), bs)
			if tt.undefined {
				if hasMetric(r, "consistency.converted_unlinked") {
					t.Errorf("measured without the columns: %v", metricIDs(r))
				}
				return
			}
			checksMetric(t, r, "consistency.converted_unlinked", "", tt.broken, tt.of)
			var got []int64
			for _, f := range group(r, "converted_unlinked").Sample {
				got = append(got, f.Record)
			}
			if !slices.Equal(got, tt.records) {
				t.Errorf("records %v, want %v", got, tt.records)
			}
		})
	}
}

// opportunities is a small opportunity dataset for rule tests.
func opportunities(t *testing.T, chunk int) (*Dataset, []*extract.Batch) {
	return dataset(t, extract.Opportunity, chunk,
		col{"StageName", extract.RoleStage, extract.String, []string{"Closed Won", "Closed Won", "Closed Won", "Prospecting", "Closed Won ", "Prospecting"}},
		col{"Amount", extract.RoleAmount, extract.Float, []string{"100", "0", "", "", "N/A", "5"}},
		col{"Lead Source", extract.RoleLeadSource, extract.String, []string{"Web", "Web", "Partner", "", "Web", "Web"}},
		col{"Seats", "", extract.Int, []string{"3", "1", "", "2", "1", "x"}},
		col{"CloseDate", extract.RoleCloseDate, extract.Time, []string{"2026-01-01", "2027-01-01", "2026-01-01", "2026-01-01", "", "2026-12-01"}},
	)
}

func TestConsistencyUserRules(t *testing.T) {
	tests := []struct {
		name          string
		spec          RuleSpec
		broken, of    int64
		first         int64
		column, value string
	}{
		// A missing amount (blank or placeholder) makes amount > 0 false: records 2 (0), 3, 5.
		{"when and require, by role", RuleSpec{Name: "won_amount", When: `stage == "Closed Won"`, Require: `amount > 0`}, 3, 4, 2, "Amount", "0"},
		{"by column name", RuleSpec{Name: "seats", When: `StageName != "Prospecting"`, Require: `Seats >= 1 && Seats <= 2`}, 2, 4, 1, "Seats", "3"},
		{"a column name that is not an identifier", RuleSpec{Name: "source", Require: `$env["Lead Source"] in ["Web", "Partner"]`}, 1, 6, 4, "Lead Source", ""},
		{"nil can be tested", RuleSpec{Name: "amount_or_seats", Require: `amount != nil || Seats != nil`}, 1, 6, 3, "Amount", ""},
		{"as_of and dates", RuleSpec{Name: "won_closed", When: `stage == "Closed Won"`, Require: `close_date <= as_of`}, 2, 4, 2, "CloseDate", "2027-01-01"},
		{"an unparsed number is missing", RuleSpec{Name: "seats_known", When: `amount == 5.0`, Require: `Seats > 0`}, 1, 1, 6, "Seats", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, bs := opportunities(t, 4)
			tt.spec.Object = extract.Opportunity
			p := testParams()
			var err error
			if p.Rules, err = CompileRules([]RuleSpec{tt.spec}, ds, testAsOf); err != nil || len(p.Rules) != 1 {
				t.Fatalf("CompileRules: %v (%d rules)", err, len(p.Rules))
			}
			r := run(t, Consistency, ds, p, bs)
			checksMetric(t, r, "consistency.rule."+tt.spec.Name, "", tt.broken, tt.of)
			g := group(r, "rule."+tt.spec.Name)
			if g.Total != tt.broken || len(g.Sample) == 0 {
				t.Fatalf("findings %+v", g)
			}
			if f := g.Sample[0]; f.Record != tt.first || f.Column != tt.column || f.Value != tt.value || !strings.Contains(f.Message, "breaks rule "+tt.spec.Name+": require "+tt.spec.Require) {
				t.Errorf("first finding %+v, want record %d, column %q, value %q", f, tt.first, tt.column, tt.value)
			}
		})
	}
}

func TestConsistencyRuleSelectsNothing(t *testing.T) {
	ds, bs := opportunities(t, 0)
	p := testParams()
	p.Rules, _ = CompileRules([]RuleSpec{{Name: "typo", Object: extract.Opportunity, When: `stage == "Closed-Won"`, Require: "amount > 0"}}, ds, testAsOf)
	r := run(t, Consistency, ds, p, bs)
	if hasMetric(r, "consistency.rule.typo") {
		t.Error("a rule that selected nothing was measured")
	}
	if g := group(r, "rule_selects_nothing"); g.Total != 1 || !strings.Contains(g.Sample[0].Message, `rule typo: its when (stage == "Closed-Won") selected no record`) {
		t.Errorf("findings %+v", g)
	}
}

func TestCompileRulesErrors(t *testing.T) {
	ds, _ := opportunities(t, 0)
	ds.Name = "deals"
	tests := []struct {
		spec RuleSpec
		want string
	}{
		{RuleSpec{Name: "a", Object: extract.Opportunity, Require: "amonut > 0"},
			`rule a, require: unknown column "amonut" in dataset deals (columns: StageName, Amount, Lead Source, Seats, CloseDate; roles: stage, amount, lead_source, close_date; and as_of)`},
		{RuleSpec{Name: "b", Dataset: "deals", When: `$env["Lead Sorce"] == "Web"`, Require: "true"}, `rule b, when: unknown column "Lead Sorce" in dataset deals`},
		{RuleSpec{Name: "c", Object: extract.Opportunity, Require: `amount == "100"`}, "rule c, require: invalid operation: == (mismatched types float64 and string) (at character 8)"},
		{RuleSpec{Name: "d", Object: extract.Opportunity, Require: `amount`}, "rule d, require: expected bool, but got float64"},
		{RuleSpec{Name: "e", Object: extract.Opportunity, Require: `now() > as_of`}, `rule e, require: unknown column "now"`},
	}
	for _, tt := range tests {
		_, err := CompileRules([]RuleSpec{tt.spec}, ds, testAsOf)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("CompileRules(%s) = %v\nwant %s", tt.spec.Name, err, tt.want)
		}
	}
	// A rule for other datasets is not compiled against this one.
	rs, err := CompileRules([]RuleSpec{{Name: "l", Object: extract.Lead, Require: "nope"}, {Name: "m", Dataset: "leads", Require: "nope"}}, ds, testAsOf)
	if err != nil || len(rs) != 0 {
		t.Errorf("rules for other datasets: %v, %d compiled", err, len(rs))
	}
	for _, src := range []string{"amount >", `stage == "x`, "(a"} {
		if err := ParseRule(src); err == nil {
			t.Errorf("ParseRule(%q) = nil, want a syntax error", src)
		}
	}
	if err := ParseRule(`anything_at_all > 1 && $env["A B"] == "x"`); err != nil {
		t.Errorf("ParseRule without columns: %v", err)
	}
}

// TestConsistencyRulesMerge: rule counts and findings merge like the built-in rules'.
func TestConsistencyRulesMerge(t *testing.T) {
	ds, bs := opportunities(t, 1)
	p := testParams()
	p.Rules, _ = CompileRules([]RuleSpec{{Name: "won_amount", Object: extract.Opportunity, When: `stage == "Closed Won"`, Require: "amount > 0"}}, ds, testAsOf)
	want := metricsJSON(t, run(t, Consistency, ds, p, bs), true)
	parts := []Analyzer{}
	for range 3 {
		a, _ := Consistency.New(ds, p)
		parts = append(parts, a)
	}
	for i, b := range bs {
		parts[(i*2)%3].Fold(b)
	}
	parts[2].Merge(parts[0])
	parts[2].Merge(parts[1])
	if got := metricsJSON(t, parts[2].Result(), true); got != want {
		t.Errorf("merged:\n got %s\nwant %s", got, want)
	}
}

func TestRuleMetricIDs(t *testing.T) {
	for id, ok := range map[string]bool{"consistency.rule.won_amount": true, "consistency.rule.a1": true, "consistency.rule.": false,
		"consistency.rule.Won": false, "consistency.rule.won amount": false, "consistency.rules.x": false} {
		def, err := LookupMetric(id)
		if (err == nil) != ok || ok && (def.ID != "consistency.rule.<name>" || def.Absent(id) != "no config rule "+id[len("consistency.rule."):]+" applies to this dataset, or its when selected no record") {
			t.Errorf("LookupMetric(%q) = %+v, %v; want found: %v", id, def, err, ok)
		}
	}
}
