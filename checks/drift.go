package checks

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/crmready/crmready/extract"
)

// Drift compares a dataset with its baseline (Params.Baseline: the extract a model was trained
// on, or its saved profile): the population stability index of each field, categories that are
// new or gone, the change in each column's missing share, and the change in rows. Without a
// baseline it measures nothing.
var Drift = &Check{
	ID:       "drift",
	Doc:      "against a baseline: population stability index per field, new and vanished categories, missing-share and row-count change",
	Findings: driftFindings,
	Metrics: []MetricDef{
		{ID: "drift.psi_max", Unit: PSI, Doc: "the largest population stability index over the numeric and category fields compared with the baseline (date fields are left out: their dates move with time)", Needs: "no baseline (--baseline), or no numeric or category field in both", Plain: "the largest population stability index of {records} against the baseline is {value}"},
		{ID: "drift.psi.<role>", Unit: PSI, Doc: "population stability index of the column holding the role, against the baseline", Needs: "no baseline, or no column for role <role> in both it and the dataset", Plain: "the population stability index of the {role} of {records} against the baseline is {value}"},
		{ID: "drift.fields_shifted", Unit: Count, Doc: "numeric and category fields whose population stability index is above 0.25 (shifted)", Needs: "no baseline (--baseline), or no numeric or category field in both", Plain: "{value} fields of {records} shifted from the baseline (an index above 0.25)"},
		{ID: "drift.new_categories", Unit: Count, Doc: "distinct values of category fields that the baseline did not have", Needs: "no baseline (--baseline), or no category field in both", Plain: "{value} categories in {records} were not in the baseline"},
		{ID: "drift.vanished_categories", Unit: Count, Doc: "categories of the baseline that no record holds any more", Needs: "no baseline (--baseline), or no category field in both", Plain: "{value} categories of the baseline no longer appear in {records}"},
		{ID: "drift.missing_shift", Unit: Ratio, Doc: "the largest change, either way, in a column's share of missing values (0.2: 20 points)", Needs: "no baseline (--baseline), or no column in both", Plain: "a column's share of missing values in {records} moved by {value} from the baseline"},
		{ID: "drift.rows_change", Unit: Ratio, Doc: "|records − baseline records| / baseline records (1 is twice or none as many; it can exceed 1)", Needs: "no baseline (--baseline), or an empty one", Plain: "the number of {records} changed by {value} from the baseline"},
	},
	New: newDrift,
}

const (
	mPSIMax = iota
	mPSIRole
	mFieldsShifted
	mNewCategories
	mVanishedCategories
	mMissingShift
	mRowsChange
)

// The usual reading of a population stability index.
const (
	PSIModerate = 0.1
	PSIShifted  = 0.25
)

// maxSeen caps the distinct new values a category field keeps, to name and count them.
const maxSeen = 10_000

type driftCol struct {
	base    *Distribution
	col     int  // the current column; -1 when it vanished
	binned  bool // numeric or date in both: bins counted
	cat     bool // a category in the baseline: top buckets counted
	missing int64
	bins    []int64
	top     map[string]int // baseline top category -> bucket
	topN    []int64
	other   int64
	seen    map[string]int64 // values beyond the baseline's top, capped at maxSeen
	capped  bool
}

type drift struct {
	ds    *Dataset
	p     *Params
	base  *DatasetBaseline
	rows  int64
	cols  []driftCol
	added []string // current columns the baseline lacks
	dict  []*Placeholders
}

func newDrift(ds *Dataset, p *Params) (Analyzer, error) {
	d := &drift{ds: ds, p: p, base: p.Baseline}
	if d.base == nil {
		return d, nil
	}
	d.dict = p.placeholdersFor(ds)
	used := map[int]bool{}
	for k := range d.base.Columns {
		b := &d.base.Columns[k]
		c := driftCol{base: b, col: matchColumn(ds, d.base, b)}
		if c.col >= 0 {
			used[c.col] = true
			t := ds.Schema.Columns[c.col].Type
			c.binned = b.Kind == KindNumeric && (t == extract.Int || t == extract.Float) || b.Kind == KindDate && t == extract.Time
			c.cat = b.Kind == KindCategory
		}
		if c.binned {
			c.bins = make([]int64, len(b.Edges)+1)
		}
		if c.cat {
			c.top, c.topN, c.seen = map[string]int{}, make([]int64, len(b.Top)), map[string]int64{}
			for i, v := range b.Top {
				c.top[v.Value] = i
			}
		}
		d.cols = append(d.cols, c)
	}
	for j, c := range ds.Schema.Columns {
		if !used[j] && c.Skipped == "" {
			d.added = append(d.added, c.Name)
		}
	}
	return d, nil
}

// matchColumn finds the current column of a baseline column: by name, else the one column
// holding its role when the baseline has no column of that name's.
func matchColumn(ds *Dataset, base *DatasetBaseline, b *Distribution) int {
	if j := ds.Schema.Index(b.Name); j >= 0 && ds.Schema.Columns[j].Skipped == "" {
		return j
	}
	if b.Role == "" {
		return -1
	}
	js := ds.Columns(extract.Role(b.Role))
	if len(js) != 1 || slices.ContainsFunc(base.Columns, func(x Distribution) bool { return x.Name == ds.Schema.Columns[js[0]].Name }) {
		return -1
	}
	return js[0]
}

func (d *drift) Fold(b *extract.Batch) {
	if d.base == nil {
		return
	}
	d.rows += int64(b.Len)
	for k := range d.cols {
		c := &d.cols[k]
		if c.col < 0 {
			continue
		}
		v := b.Cols[c.col]
		for i := 0; i < b.Len; i++ {
			switch {
			case absent(v, i, d.dict[c.col]):
				c.missing++
			case c.binned:
				c.bins[Bin(c.base.Edges, number(v, i))]++
			case c.cat:
				c.count(category(v, i), 1)
			}
		}
	}
}

// count adds n records of a category value.
func (c *driftCol) count(s string, n int64) {
	if k, ok := c.top[s]; ok {
		c.topN[k] += n
		return
	}
	c.other += n
	if !addCapped(c.seen, s, n, maxSeen) {
		c.capped = true
	}
}

func (d *drift) Merge(other Analyzer) {
	o := other.(*drift)
	d.rows += o.rows
	for k := range d.cols {
		c, oc := &d.cols[k], &o.cols[k]
		c.missing += oc.missing
		for i := range c.bins {
			c.bins[i] += oc.bins[i]
		}
		for i := range c.topN {
			c.topN[i] += oc.topN[i]
		}
		c.capped = c.capped || oc.capped
		for s, n := range oc.seen {
			if !addCapped(c.seen, s, n, maxSeen) {
				c.capped = true
			}
		}
		c.other += oc.other
	}
}

// driftResult accumulates the figures of Result.
type driftResult struct {
	r                 Result
	fs                *Findings
	psiMax            float64
	compared, shifted int64
	newCats, vanished int64
	cats              bool
	missingMax        float64
	missingCompared   bool
	roles             map[string]bool
}

func (d *drift) Result() Result {
	if d.base == nil {
		return Result{}
	}
	x := &driftResult{fs: d.p.NewFindings(), psiMax: math.Inf(-1), roles: map[string]bool{}}
	m := Drift.Metrics
	x.fs.Add(Finding{Kind: "baseline", Message: fmt.Sprintf("compared with baseline dataset %s: %d records then, %d now (%s)", d.base.Name, d.base.Rows, d.rows, signedPercent(d.rows, d.base.Rows))})
	for k := range d.cols {
		d.column(x, &d.cols[k])
	}
	for _, name := range d.added {
		x.fs.Add(Finding{Kind: "column_new", Column: name, Message: "not in the baseline: a model trained on it does not know this column"})
	}
	if x.compared > 0 {
		x.r.Metrics = append(x.r.Metrics, newMetric(m[mPSIMax], "", x.psiMax), countMetric(m[mFieldsShifted], x.shifted))
	}
	if x.cats {
		x.r.Metrics = append(x.r.Metrics, countMetric(m[mNewCategories], x.newCats), countMetric(m[mVanishedCategories], x.vanished))
	}
	if x.missingCompared {
		x.r.Metrics = append(x.r.Metrics, newMetric(m[mMissingShift], "", x.missingMax))
	}
	if d.base.Rows > 0 {
		x.r.Metrics = append(x.r.Metrics, newMetric(m[mRowsChange], "", math.Abs(float64(d.rows-d.base.Rows))/float64(d.base.Rows)))
	}
	x.r.Findings = x.fs.Groups()
	return x.r
}

// column compares one baseline column with the dataset's.
func (d *drift) column(x *driftResult, c *driftCol) {
	b := c.base
	if c.col < 0 {
		x.fs.Add(Finding{Kind: "column_vanished", Column: b.Name, Message: fmt.Sprintf("in the baseline (%s), not in this extract", b.Kind)})
		return
	}
	name := d.ds.Schema.Columns[c.col].Name
	if d.rows > 0 && d.base.Rows > 0 {
		was, now := ratio(b.Missing, d.base.Rows), ratio(c.missing, d.rows)
		x.missingCompared = true
		x.missingMax = math.Max(x.missingMax, math.Abs(now-was))
		if math.Abs(now-was) >= 0.05 {
			x.fs.Add(Finding{Kind: "missing_shift", Column: name, Message: fmt.Sprintf("missing %s → %s", pct(was), pct(now))})
		}
	}
	if (b.Kind == KindNumeric || b.Kind == KindDate) && !c.binned {
		x.fs.Add(Finding{Kind: "type_changed", Column: name, Message: fmt.Sprintf("%s in the baseline, %s now: only its missing share is compared", b.Kind, d.ds.Schema.Columns[c.col].Type)})
		return
	}
	if !c.binned && !c.cat {
		return
	}
	expected, actual, labels := d.buckets(c)
	psi := StabilityIndex(expected, actual)
	if b.Role != "" && !x.roles[b.Role] && b.Role == string(d.ds.Schema.Columns[c.col].Role) {
		x.roles[b.Role] = true
		x.r.Metrics = append(x.r.Metrics, newMetric(Drift.Metrics[mPSIRole], "drift.psi."+b.Role, psi))
	}
	if b.Kind != KindDate {
		x.compared++
		x.psiMax = math.Max(x.psiMax, psi)
		if psi > PSIShifted {
			x.shifted++
		}
	}
	if psi >= PSIModerate {
		msg := fmt.Sprintf("PSI %.3f (%s): %s", psi, psiReading(psi), movers(expected, actual, labels))
		if b.Kind == KindDate {
			msg += " (a date field: dates move with time, so drift.psi_max leaves it out)"
		}
		x.fs.Add(Finding{Kind: "field_shift", Column: name, Message: msg})
	}
	if c.cat {
		d.categories(x, c, name)
	}
}

// buckets returns the baseline's and the current counts per bucket, the missing bucket last,
// and each bucket's label.
func (d *drift) buckets(c *driftCol) (expected, actual []int64, labels []string) {
	b := c.base
	if c.binned {
		expected, actual = append(slices.Clone(b.Bins), b.Missing), append(slices.Clone(c.bins), c.missing)
		for k := range b.Bins {
			labels = append(labels, binLabel(b, k))
		}
	} else {
		for k, v := range b.Top {
			expected, actual = append(expected, v.Count), append(actual, c.topN[k])
			labels = append(labels, fmt.Sprintf("%q", v.Value))
		}
		expected, actual = append(expected, b.Other, b.Missing), append(actual, c.other, c.missing)
		labels = append(labels, "other values")
	}
	return expected, actual, append(labels, "missing")
}

// categories reports a category field's new and vanished values.
func (d *drift) categories(x *driftResult, c *driftCol, name string) {
	x.cats = true
	tail := map[string]bool{}
	for _, h := range c.base.Tail {
		tail[h] = false
	}
	var fresh []ValueCount
	for s, n := range c.seen {
		h := CategoryHash(s)
		if _, old := tail[h]; old {
			tail[h] = true
			continue
		}
		fresh = append(fresh, ValueCount{s, n})
	}
	slices.SortFunc(fresh, byCount)
	x.newCats += int64(len(fresh))
	for _, v := range fresh {
		x.fs.Add(Finding{Kind: "new_category", Column: name, Value: v.Value,
			Message: fmt.Sprintf("new value %q: %d records (%s) hold a value the baseline did not have", v.Value, v.Count, pct(ratio(v.Count, d.rows)))})
	}
	if c.capped {
		x.fs.Add(Finding{Kind: "categories_not_counted", Column: name, Message: fmt.Sprintf("more than %d values beyond the baseline's top: new categories are a lower bound", maxSeen)})
	}
	for k, v := range c.base.Top {
		if c.topN[k] == 0 {
			x.vanished++
			x.fs.Add(Finding{Kind: "vanished_category", Column: name, Value: v.Value,
				Message: fmt.Sprintf("%q (%s of the baseline) is held by no record now", v.Value, pct(ratio(v.Count, d.base.Rows)))})
		}
	}
	var gone int64
	for _, seen := range tail {
		if !seen {
			gone++
		}
	}
	if gone > 0 {
		x.vanished += gone
		x.fs.Add(Finding{Kind: "vanished_category", Column: name, Message: fmt.Sprintf("%d rarer values of the baseline (beyond its top %d) are held by no record now", gone, BaselineTop)})
	}
}

// movers describes the two buckets that moved the index most.
func movers(expected, actual []int64, labels []string) string {
	var te, ta int64
	for k := range expected {
		te += expected[k]
		ta += actual[k]
	}
	type mover struct {
		k    int
		part float64
	}
	var ms []mover
	for k := range expected {
		e, a := math.Max(ratio(expected[k], te), PSIFloor), math.Max(ratio(actual[k], ta), PSIFloor)
		ms = append(ms, mover{k, (a - e) * math.Log(a/e)})
	}
	slices.SortStableFunc(ms, func(a, b mover) int { return cmp.Compare(b.part, a.part) })
	var out []string
	for _, m := range ms[:min(2, len(ms))] {
		out = append(out, fmt.Sprintf("%s %s → %s", labels[m.k], pct(ratio(expected[m.k], te)), pct(ratio(actual[m.k], ta))))
	}
	return strings.Join(out, ", ")
}

// binLabel names bin k of a numeric or date distribution by its edges.
func binLabel(b *Distribution, k int) string {
	t := extract.Float
	if b.Kind == KindDate {
		t = extract.Time
	}
	switch {
	case len(b.Edges) == 0:
		return "values"
	case k == 0:
		return "≤ " + formatBound(t, b.Edges[0])
	case k == len(b.Edges):
		return "> " + formatBound(t, b.Edges[k-1])
	}
	return formatBound(t, b.Edges[k-1]) + " – " + formatBound(t, b.Edges[k])
}

func psiReading(psi float64) string {
	switch {
	case psi > PSIShifted:
		return "shifted"
	case psi >= PSIModerate:
		return "moderate"
	}
	return "stable"
}

func pct(r float64) string { return fmt.Sprintf("%.1f%%", 100*r) }

// signedPercent is the change from base to n as a signed percentage.
func signedPercent(n, base int64) string {
	if base == 0 {
		return "no baseline records"
	}
	return fmt.Sprintf("%+.1f%%", 100*float64(n-base)/float64(base))
}
