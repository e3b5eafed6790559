package checks

import (
	"math"

	"github.com/crmready/crmready/extract"
)

// Volume counts records and labelled outcomes in time windows before as_of. Records count by
// creation date. Outcomes are the label (a lead's converted flag, an account's churned flag) by
// creation date, or, for opportunities, the stage read as closed-won or closed-lost, counted by
// close date (creation date when the close date is missing).
var Volume = &Check{
	ID:       "volume",
	Doc:      "records and labelled outcomes (converted, won/lost, churned) in the use case's window, their balance, and history length",
	Findings: volumeFindings,
	Metrics: []MetricDef{
		{ID: "volume.rows", Unit: Count, HigherIsBetter: true, Doc: "records in the dataset", Plain: "there are {value} {records}"},
		{ID: "volume.records", Unit: Count, HigherIsBetter: true, Window: "window", Doc: "records created within the window before as_of", Needs: "no created_at column with dates", Roles: created, Plain: "{value} {records} were created in the last {window}"},
		{ID: "volume.label_positive", Unit: Count, HigherIsBetter: true, Window: "window", Doc: "positive outcomes in the window (converted, closed-won, churned)", Needs: labelNeeds, Roles: labelled, Plain: "{value} {records} created in the last {window} {positive}"},
		{ID: "volume.label_negative", Unit: Count, HigherIsBetter: true, Window: "window", Doc: "negative outcomes in the window (not converted, closed-lost, retained)", Needs: labelNeeds, Roles: labelled, Plain: "{value} {records} created in the last {window} {negative}"},
		{ID: "volume.win_rate", Unit: Ratio, Window: "window", Doc: "positive / (positive + negative) outcomes in the window: the label's positive share; too high, and the export has probably lost its negatives", Needs: labelNeeds, Roles: labelled, Hints: lostNegatives, Plain: "{value} of {records} {outcome_date} in the last {window} {positive}"},
		{ID: "volume.history_days", Unit: Days, HigherIsBetter: true, Doc: "days from the oldest creation date to as_of", Needs: "no created_at column with dates", Roles: created, Plain: "{records} go back {value} days"},
		{ID: "volume.activity_days", Unit: Days, HigherIsBetter: true, Doc: "days from the oldest last-activity date to as_of", Needs: "no last_activity_at column with dates", Roles: []extract.Role{extract.RoleLastActivityAt}, Plain: "the activity history of {records} goes back {value} days"},
		{ID: "volume.negative_share", Unit: Ratio, Window: "window", Doc: "negative / (positive + negative) outcomes in the window: the label's negative share; too high, and the export has probably lost its positives", Needs: labelNeeds, Roles: labelled, Hints: lostPositives, Plain: "{value} of {records} {outcome_date} in the last {window} {negative}"},
	},
	New: newVolume,
}

const labelNeeds = "no label (stage for opportunities) column, or no dates to place outcomes in the window"

var (
	created  = []extract.Role{extract.RoleCreatedAt}
	labelled = []extract.Role{extract.RoleLabel, extract.RoleCreatedAt}
)

// lostNegatives and lostPositives say what a label too one-sided to be true probably means: an
// export that kept one side of the outcome and lost the other.
var (
	lostNegatives = map[extract.Object]string{
		extract.Lead: "nearly every lead converted: the export has probably lost its unconverted leads (purged, filtered out, or only converted leads synced); " +
			"count the leads that are not converted in the CRM and compare",
		extract.Opportunity: "nearly every closed deal was won: closed-lost deals are probably not recorded (lost deals deleted, left open, or filtered out of the export); " +
			"count the closed-lost opportunities in the CRM and check the lost stage values (checks.volume.lost)",
		extract.Account: churnedOnly,
		extract.Contact: churnedOnly,
		"":              "nearly every outcome is positive: the export has probably lost its negative side (a filtered view or a purge); check the export's filter in the CRM",
	}
	lostPositives = map[extract.Object]string{
		extract.Lead: "almost no lead converted: the export probably leaves converted leads out (Salesforce list views and reports hide them, Zoho moves them to Contacts and Deals); " +
			"export with converted leads included, and check that the converted flag is the label column",
		extract.Opportunity: "almost no closed deal was won: won deals are probably recorded elsewhere (orders, contracts) or their stage is not read as won; " +
			"check the won stage values (checks.volume.won) and where won deals go in the CRM",
		extract.Account: retainedOnly,
		extract.Contact: retainedOnly,
		"":              "almost no outcome is positive: the export has probably lost its positive side (deleted or archived records); check the export's filter in the CRM",
	}
)

const (
	churnedOnly = "nearly every customer is flagged churned: the export is probably an archive or a cancellation report, not the customer base; " +
		"check the export's filter and how the churned flag is set in the CRM"
	retainedOnly = "almost no customer churned: churned customers were probably deleted or archived before the export; " +
		"check for an archive or a deleted-records view in the CRM"
)

type volume struct {
	ds       *Dataset
	p        *Params
	asOf     int64
	created  int
	closed   int
	activity int
	label    int
	stage    int
	cutoffs  []int64
	rows     int64
	records  []int64
	pos, neg []int64
	oldest   int64
	oldestA  int64
}

func newVolume(ds *Dataset, p *Params) (Analyzer, error) {
	v := &volume{ds: ds, p: p, asOf: p.AsOf.UnixMilli(), oldest: math.MaxInt64, oldestA: math.MaxInt64,
		created: timeColumn(ds, extract.RoleCreatedAt), activity: timeColumn(ds, extract.RoleLastActivityAt),
		closed: -1, stage: -1, label: ds.Column(extract.RoleLabel)}
	if ds.Object == extract.Opportunity {
		v.closed = timeColumn(ds, extract.RoleCloseDate)
		v.stage = ds.Column(extract.RoleStage)
	}
	for _, w := range p.Windows {
		v.cutoffs = append(v.cutoffs, w.Before(p.AsOf).UnixMilli())
	}
	n := len(v.cutoffs)
	v.records, v.pos, v.neg = make([]int64, n), make([]int64, n), make([]int64, n)
	return v, nil
}

// timeColumn returns the column holding role r if it holds dates, or -1.
func timeColumn(ds *Dataset, r extract.Role) int {
	j := ds.Column(r)
	if j >= 0 && ds.Schema.Columns[j].Type != extract.Time {
		return -1
	}
	return j
}

// date returns row i's date in column j, if it has a usable one.
func (v *volume) date(b *extract.Batch, j, i int) (int64, bool) {
	if j < 0 {
		return 0, false
	}
	c := b.Cols[j]
	if c.Null[i] || c.Bad[i] {
		return 0, false
	}
	return c.Time[i], true
}

func (v *volume) Fold(b *extract.Batch) {
	v.rows += int64(b.Len)
	for i := 0; i < b.Len; i++ {
		created, hasCreated := v.date(b, v.created, i)
		if hasCreated && created <= v.asOf {
			v.oldest = min(v.oldest, created)
		}
		if a, ok := v.date(b, v.activity, i); ok && a <= v.asOf {
			v.oldestA = min(v.oldestA, a)
		}
		outcome, labelled := v.outcome(b, i)
		when, hasWhen := created, hasCreated
		if v.stage >= 0 || v.ds.Object == extract.Opportunity {
			if c, ok := v.date(b, v.closed, i); ok {
				when, hasWhen = c, true
			}
		}
		for k, cut := range v.cutoffs {
			if hasCreated && created >= cut && created <= v.asOf {
				v.records[k]++
			}
			if labelled && hasWhen && when >= cut && when <= v.asOf {
				if outcome {
					v.pos[k]++
				} else {
					v.neg[k]++
				}
			}
		}
	}
}

// outcome returns row i's labelled outcome; ok is false for open opportunities and unlabelled
// records.
func (v *volume) outcome(b *extract.Batch, i int) (positive, ok bool) {
	if v.stage >= 0 {
		s := b.Cols[v.stage]
		if s.Null[i] {
			return false, false
		}
		switch v.p.Stages.Outcome(s.Text(i)) {
		case Won:
			return true, true
		case Lost:
			return false, true
		}
		return false, false
	}
	if v.label >= 0 {
		return truth(b.Cols[v.label], i)
	}
	return false, false
}

func (v *volume) Merge(other Analyzer) {
	o := other.(*volume)
	v.rows += o.rows
	for k := range v.records {
		v.records[k] += o.records[k]
		v.pos[k] += o.pos[k]
		v.neg[k] += o.neg[k]
	}
	v.oldest = min(v.oldest, o.oldest)
	v.oldestA = min(v.oldestA, o.oldestA)
}

func (v *volume) Result() Result {
	var r Result
	fs := v.p.NewFindings()
	defs := Volume.Metrics
	r.Metrics = append(r.Metrics, countMetric(defs[0], v.rows))
	hasLabel := v.stage >= 0 || v.label >= 0
	dated := v.created >= 0 || v.closed >= 0
	for k, w := range v.p.Windows {
		var ms []Metric
		if v.created >= 0 {
			ms = append(ms, countMetric(defs[1], v.records[k]))
		}
		if hasLabel && dated {
			ms = append(ms, countMetric(defs[2], v.pos[k]), countMetric(defs[3], v.neg[k]),
				ratioMetric(defs[4], "", v.pos[k], v.pos[k]+v.neg[k]), ratioMetric(defs[7], "", v.neg[k], v.pos[k]+v.neg[k]))
		}
		for _, m := range ms {
			m.Window = w.String()
			r.Metrics = append(r.Metrics, m)
		}
	}
	if v.created >= 0 && v.oldest != math.MaxInt64 {
		r.Metrics = append(r.Metrics, newMetric(defs[5], "", days(v.asOf-v.oldest)))
	}
	if v.activity >= 0 && v.oldestA != math.MaxInt64 {
		r.Metrics = append(r.Metrics, newMetric(defs[6], "", days(v.asOf-v.oldestA)))
	}
	if v.created < 0 {
		fs.Add(missingRole(extract.RoleCreatedAt, "records in a window not counted"))
	}
	if !hasLabel {
		role := extract.RoleLabel
		if v.ds.Object == extract.Opportunity {
			role = extract.RoleStage
		}
		fs.Add(missingRole(role, "outcomes not counted"))
	}
	r.Findings = fs.Groups()
	return r
}
