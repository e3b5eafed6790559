package checks

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/crmready/crmready/extract"
)

// Consistency checks rules between fields of one record that CRM data must obey: an opportunity
// closes after it was created, a won deal has an amount and a close date, an open deal's close
// date is not already past (a pipeline nobody updates), a converted lead says when or into which
// account it converted, and no record was modified before it was created. Users add rules as
// expressions (Params.Rules). Each rule's metric is the share of the records it applies to that
// break it.
var Consistency = &Check{
	ID:       "consistency",
	Doc:      "rules between fields: dates in order, won deals with an amount and a close date, open deals not past their close date, converted leads linked, and the config's rules",
	Findings: consistencyFindings,
	Metrics: []MetricDef{
		{ID: "consistency.close_before_created", Unit: Ratio, Doc: "opportunities whose close date is on a day before their creation date / opportunities with both dates", Needs: "not an opportunity dataset with created_at and close_date dates", Plain: "{value} of {records} close before they were created"},
		{ID: "consistency.won_missing_amount", Unit: Ratio, Doc: "closed-won opportunities without an amount / closed-won opportunities", Needs: "not an opportunity dataset with stage and amount columns, or no won deal", Plain: "{value} of the won {records} have no amount"},
		{ID: "consistency.won_missing_close_date", Unit: Ratio, Doc: "closed-won opportunities without a close date / closed-won opportunities", Needs: "not an opportunity dataset with stage and close_date columns, or no won deal", Plain: "{value} of the won {records} have no close date"},
		{ID: "consistency.open_past_close", Unit: Ratio, Doc: "open opportunities whose close date is before as_of / open opportunities with a close date", Needs: "not an opportunity dataset with stage and close_date columns, or no open deal with a close date", Plain: "{value} of the open {records} have a close date in the past"},
		{ID: "consistency.converted_unlinked", Unit: Ratio, Doc: "converted leads with neither a conversion date nor a converted account / converted leads", Needs: "not a lead dataset with a converted flag (label) and a converted_at or converted account (account_ref) column, or no converted lead", Plain: "{value} of the converted {records} have neither a conversion date nor a converted account"},
		{ID: "consistency.modified_before_created", Unit: Ratio, Doc: "records last modified on a day before their creation date / records with both dates", Needs: "no created_at and updated_at columns with dates", Plain: "{value} of {records} were last modified on a day before they were created"},
		{ID: "consistency.rule.<name>", Unit: Ratio, Doc: "records breaking the config's rule <name> (its require is false) / records its when selects", Needs: "no config rule <name> applies to this dataset, or its when selected no record", Plain: "{value} of the {records} that rule {name} applies to break it"},
	},
	New: newConsistency,
}

// The built-in rules, in the order of Consistency.Metrics.
const (
	ruleCloseBeforeCreated = iota
	ruleWonMissingAmount
	ruleWonMissingCloseDate
	ruleOpenPastClose
	ruleConvertedUnlinked
	ruleModifiedBeforeCreated
	builtinRules
	mUserRule = builtinRules // the metric of user rules
)

// rule is one consistency rule's counts.
type rule struct {
	kind            string
	broken, applies int64
}

type consistency struct {
	ds                           *Dataset
	p                            *Params
	asOf                         int64
	stage, created, closed, amnt int
	label, converted, account    int
	updated                      int
	rules                        []rule // the built-in ones, then Params.Rules
	fs                           *Findings
	dict                         []*Placeholders
	run                          *ruleRunner
}

func newConsistency(ds *Dataset, p *Params) (Analyzer, error) {
	c := &consistency{ds: ds, p: p, asOf: p.AsOf.UnixMilli(), stage: -1, closed: -1, amnt: -1, label: -1, converted: -1, account: -1,
		fs: p.NewFindings(), dict: p.placeholdersFor(ds)}
	c.created, c.updated = timeColumn(ds, extract.RoleCreatedAt), timeColumn(ds, extract.RoleUpdatedAt)
	switch ds.Object {
	case extract.Opportunity:
		c.stage, c.amnt = ds.Column(extract.RoleStage), ds.Column(extract.RoleAmount)
		c.closed = timeColumn(ds, extract.RoleCloseDate)
	case extract.Lead:
		c.label, c.converted, c.account = ds.Column(extract.RoleLabel), timeColumn(ds, extract.RoleConvertedAt), ds.Column(extract.RoleAccountRef)
	}
	for _, kind := range []string{"close_before_created", "won_missing_amount", "won_missing_close_date", "open_past_close", "converted_unlinked", "modified_before_created"} {
		c.rules = append(c.rules, rule{kind: kind})
	}
	for _, r := range p.Rules {
		c.rules = append(c.rules, rule{kind: "rule." + r.Spec.Name})
	}
	if len(p.Rules) > 0 {
		c.run = newRuleRunner(p.AsOf, c.dict)
	}
	return c, nil
}

// date returns row i's date in column j, if it holds one.
func (c *consistency) date(b *extract.Batch, j, i int) (int64, bool) {
	if j < 0 {
		return 0, false
	}
	if absent(b.Cols[j], i, c.dict[j]) {
		return 0, false
	}
	return b.Cols[j].Time[i], true
}

// present reports whether row i holds a value in column j.
func (c *consistency) present(b *extract.Batch, j, i int) bool {
	if j < 0 {
		return false
	}
	return !absent(b.Cols[j], i, c.dict[j])
}

// day is the UTC calendar day of a Unix millisecond instant: dates compare by day, so a deal
// created at 10:00 and closed the same day (a date without a time) is in order.
func day(ms int64) int64 {
	d := ms / dayMillis
	if ms < 0 && ms%dayMillis != 0 {
		d--
	}
	return d
}

func (c *consistency) Fold(b *extract.Batch) {
	for i := 0; i < b.Len; i++ {
		created, hasCreated := c.date(b, c.created, i)
		if updated, ok := c.date(b, c.updated, i); ok && hasCreated {
			c.check(b, i, ruleModifiedBeforeCreated, day(updated) < day(created), "last modified %s, before it was created %s", extract.FormatTime(updated), extract.FormatTime(created))
		}
		switch c.ds.Object {
		case extract.Opportunity:
			c.opportunity(b, i, created, hasCreated)
		case extract.Lead:
			c.lead(b, i)
		}
		for k, r := range c.p.Rules {
			c.user(b, i, builtinRules+k, r)
		}
	}
}

func (c *consistency) opportunity(b *extract.Batch, i int, created int64, hasCreated bool) {
	closed, hasClosed := c.date(b, c.closed, i)
	if hasCreated && hasClosed {
		c.check(b, i, ruleCloseBeforeCreated, day(closed) < day(created), "closes %s, before it was created %s", extract.FormatTime(closed), extract.FormatTime(created))
	}
	if c.stage < 0 {
		return
	}
	s := b.Cols[c.stage]
	if s.Null[i] {
		return
	}
	switch c.p.Stages.Outcome(s.Text(i)) {
	case Won:
		if c.amnt >= 0 {
			c.check(b, i, ruleWonMissingAmount, !c.present(b, c.amnt, i), "won without an amount")
		}
		if c.closed >= 0 {
			c.check(b, i, ruleWonMissingCloseDate, !hasClosed, "won without a close date")
		}
	case Open:
		if hasClosed {
			c.check(b, i, ruleOpenPastClose, closed < c.asOf, "open, but its close date %s is past", extract.FormatTime(closed))
		}
	}
}

func (c *consistency) lead(b *extract.Batch, i int) {
	if c.label < 0 || c.converted < 0 && c.account < 0 {
		return
	}
	if yes, ok := truth(b.Cols[c.label], i); !ok || !yes {
		return
	}
	linked := c.present(b, c.converted, i) || c.present(b, c.account, i)
	c.check(b, i, ruleConvertedUnlinked, !linked, "converted, with neither a conversion date nor a converted account")
}

// user checks row i against a config rule.
func (c *consistency) user(b *extract.Batch, i, k int, r *Rule) {
	if r.when != nil && !c.run.eval(r.when, r, b, i) {
		return
	}
	if c.run.eval(r.require, r, b, i) {
		c.rules[k].applies++
		return
	}
	c.rules[k].applies++
	c.rules[k].broken++
	c.fs.Lazy(c.rules[k].kind, b.RecordNo(i), func() Finding {
		column, value := "", ""
		if r.column >= 0 {
			column, value = c.ds.Schema.Columns[r.column].Name, b.Cols[r.column].Text(i)
		}
		return At(b, i, c.rules[k].kind, column, value, ruleMessage(r.Spec))
	})
}

func ruleMessage(s RuleSpec) string {
	msg := fmt.Sprintf("breaks rule %s: require %s", s.Name, s.Require)
	if s.When != "" {
		msg += " when " + s.When
	}
	if s.Doc != "" {
		msg += " (" + s.Doc + ")"
	}
	return msg
}

// check counts row i under rule k, and a finding when it breaks it.
func (c *consistency) check(b *extract.Batch, i, k int, broken bool, format string, args ...any) {
	r := &c.rules[k]
	r.applies++
	if !broken {
		return
	}
	r.broken++
	c.fs.Lazy(r.kind, b.RecordNo(i), func() Finding {
		return At(b, i, r.kind, "", "", fmt.Sprintf(format, args...))
	})
}

func (c *consistency) Merge(other Analyzer) {
	o := other.(*consistency)
	for k := range c.rules {
		c.rules[k].broken += o.rules[k].broken
		c.rules[k].applies += o.rules[k].applies
	}
	c.fs.Merge(o.fs)
}

func (c *consistency) Result() Result {
	var r Result
	for k, rl := range c.rules[:builtinRules] {
		if rl.applies > 0 {
			r.Metrics = append(r.Metrics, ratioMetric(Consistency.Metrics[k], "", rl.broken, rl.applies))
		}
	}
	// Notes about rules go into a collection of their own, so that Result leaves the state
	// as it found it.
	notes := NewFindings(c.p.MaxFindings)
	for k, u := range c.p.Rules {
		rl := c.rules[builtinRules+k]
		if rl.applies == 0 {
			notes.Add(Finding{Kind: "rule_selects_nothing", Message: fmt.Sprintf("rule %s: its when (%s) selected no record, so it was not measured", u.Spec.Name, u.Spec.When)})
			continue
		}
		r.Metrics = append(r.Metrics, ratioMetric(Consistency.Metrics[mUserRule], "consistency.rule."+u.Spec.Name, rl.broken, rl.applies))
	}
	r.Findings = append(c.fs.Groups(), notes.Groups()...)
	slices.SortFunc(r.Findings, func(a, b FindingGroup) int { return cmp.Compare(a.Kind, b.Kind) })
	return r
}
