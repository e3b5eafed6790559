package checks

import (
	"fmt"

	"github.com/crmready/crmready/extract"
)

// Consistency checks rules between fields of one record that CRM data must obey: an opportunity
// closes after it was created, a won deal has an amount and a close date, and an open deal's
// close date is not already past (a pipeline nobody updates). Each rule's metric is the share of
// the records it applies to that break it.
var Consistency = &Check{
	ID:  "consistency",
	Doc: "rules between fields: close after creation, won deals with an amount and a close date, open deals not past their close date",
	Metrics: []MetricDef{
		{ID: "consistency.close_before_created", Unit: Ratio, Doc: "opportunities whose close date is before their creation date / opportunities with both dates", Needs: "not an opportunity dataset with created_at and close_date dates"},
		{ID: "consistency.won_missing_amount", Unit: Ratio, Doc: "closed-won opportunities without an amount / closed-won opportunities", Needs: "not an opportunity dataset with stage and amount columns, or no won deal"},
		{ID: "consistency.won_missing_close_date", Unit: Ratio, Doc: "closed-won opportunities without a close date / closed-won opportunities", Needs: "not an opportunity dataset with stage and close_date columns, or no won deal"},
		{ID: "consistency.open_past_close", Unit: Ratio, Doc: "open opportunities whose close date is before as_of / open opportunities with a close date", Needs: "not an opportunity dataset with stage and close_date columns, or no open deal with a close date"},
	},
	New: newConsistency,
}

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
	rules                        [4]rule
	fs                           *Findings
	dict                         []*Placeholders
}

func newConsistency(ds *Dataset, p *Params) (Analyzer, error) {
	c := &consistency{ds: ds, p: p, asOf: p.AsOf.UnixMilli(), stage: -1, created: -1, closed: -1, amnt: -1, fs: p.NewFindings(), dict: p.placeholdersFor(ds)}
	if ds.Object == extract.Opportunity {
		c.stage, c.amnt = ds.Column(extract.RoleStage), ds.Column(extract.RoleAmount)
		c.created, c.closed = timeColumn(ds, extract.RoleCreatedAt), timeColumn(ds, extract.RoleCloseDate)
	}
	for k, kind := range []string{"close_before_created", "won_missing_amount", "won_missing_close_date", "open_past_close"} {
		c.rules[k].kind = kind
	}
	return c, nil
}

// date returns row i's date in column j, if it holds one.
func (c *consistency) date(b *extract.Batch, j, i int) (int64, bool) {
	if j < 0 {
		return 0, false
	}
	v := b.Cols[j]
	if v.Null[i] || v.Bad[i] || isMissing(v, i, c.dict[j]) {
		return 0, false
	}
	return v.Time[i], true
}

func (c *consistency) Fold(b *extract.Batch) {
	if c.ds.Object != extract.Opportunity {
		return
	}
	for i := 0; i < b.Len; i++ {
		created, hasCreated := c.date(b, c.created, i)
		closed, hasClosed := c.date(b, c.closed, i)
		if hasCreated && hasClosed {
			c.check(b, i, 0, closed < created, "closes %s, before it was created %s", extract.FormatTime(closed), extract.FormatTime(created))
		}
		if c.stage < 0 {
			continue
		}
		s := b.Cols[c.stage]
		if s.Null[i] {
			continue
		}
		switch c.p.Stages.Outcome(s.Text(i)) {
		case Won:
			if c.amnt >= 0 {
				a := b.Cols[c.amnt]
				missing := a.Null[i] || a.Bad[i] || isMissing(a, i, c.dict[c.amnt])
				c.check(b, i, 1, missing, "won without an amount")
			}
			if c.closed >= 0 {
				c.check(b, i, 2, !hasClosed, "won without a close date")
			}
		case Open:
			if hasClosed {
				c.check(b, i, 3, closed < c.asOf, "open, but its close date %s is past", extract.FormatTime(closed))
			}
		}
	}
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
	for k, rl := range c.rules {
		if rl.applies > 0 {
			r.Metrics = append(r.Metrics, ratioMetric(Consistency.Metrics[k], "", rl.broken, rl.applies))
		}
	}
	r.Findings = c.fs.Groups()
	return r
}
