package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hbollon/go-edlib"

	"github.com/crmready/crmready/extract"
)

// Validity finds values that are present but wrong: malformed emails, phones that cannot be read
// as a number, countries no one recognises, malformed websites, implausible dates, values that
// could not be read as their column's type, and picklist values that are case, spacing or
// spelling variants of another value (or, when the config lists allowed values, outside them).
var Validity = &Check{
	ID:       "validity",
	Doc:      "present but wrong values: email, phone, country, website, dates, unparsed values, picklist variants",
	Findings: validityFindings,
	Metrics: []MetricDef{
		{ID: "validity.email", Unit: Ratio, HigherIsBetter: true, Doc: "syntactically valid emails / present emails", Needs: "no email column of text", Plain: "{1-value} of the email values in {records} are not valid"},
		{ID: "validity.phone", Unit: Ratio, HigherIsBetter: true, Doc: "phones readable as a possible number in E.164 / present phones", Needs: "no phone column of text", Plain: "{1-value} of the phone values in {records} are not valid"},
		{ID: "validity.country", Unit: Ratio, HigherIsBetter: true, Doc: "countries recognised (English names, common aliases, ISO codes) / present countries", Needs: "no country column of text", Plain: "{1-value} of the country values in {records} are not valid"},
		{ID: "validity.website", Unit: Ratio, HigherIsBetter: true, Doc: "well-formed websites and domains / present ones", Needs: "no website or domain column of text", Plain: "{1-value} of the website values in {records} are not valid"},
		{ID: "validity.dates", Unit: Ratio, HigherIsBetter: true, Doc: "plausible dates (from 1990, birth dates from 1900; not after as_of, close dates up to 5 years after) / present dates in date-role columns", Needs: "no date column", Plain: "{1-value} of the dates in {records} are implausible (before 1990 or after the as-of date)"},
		{ID: "validity.typed", Unit: Ratio, HigherIsBetter: true, Doc: "values read as their column's type / present values, over every column", Plain: "{1-value} of the values in {records} cannot be read as their column's type"},
		{ID: "validity.picklist_variants", Unit: Count, Doc: "records holding a picklist value that is a variant or misspelling of another value, or outside the allowed values", Plain: "{value} {records} hold a misspelled or unexpected picklist value"},
		{ID: "validity.references.<role>", Unit: Ratio, HigherIsBetter: true, Doc: "references (account, product, owner) found in the dataset they point to / present references", Needs: "no <role> column, or no dataset it points to", Plain: "{1-value} of the {role} references in {records} point to no record"},
	},
	New: newValidity,
}

// maxPicklist is the number of distinct values beyond which a column is not a picklist.
const maxPicklist = 1000

var earliestDate = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
var earliestBirth = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

// fieldCheck is a syntax check of one column.
type fieldCheck struct {
	col          int
	metric       int // index in Validity.Metrics
	kind         string
	valid, total int64
	test         func(s string) bool
}

type validity struct {
	ds      *Dataset
	p       *Params
	fields  []*fieldCheck
	dates   []int
	dateOK  int64
	dateAll int64
	typedOK int64
	present int64
	picks   []int
	values  []map[string]int64 // per column of picks; nil once beyond maxPicklist
	country map[string]bool    // cache: countries are few
	fs      *Findings
	// For cross-dataset checks (Export): the values naming this dataset's records, and the
	// values of its references.
	keyCols   []int
	keys      map[string]bool
	refCols   map[extract.Role]int
	refs      map[extract.Role]*RefValues
	truncated bool
	dict      []*Placeholders // per column
}

// maxKeys caps the distinct values kept for cross-dataset checks.
const maxKeys = 2_000_000

var dateRoles = []extract.Role{extract.RoleCreatedAt, extract.RoleUpdatedAt, extract.RoleLastActivityAt,
	extract.RoleCloseDate, extract.RoleConvertedAt, extract.RoleBirthDate}

// picklistRoles are always treated as picklists; other text columns are when their values repeat.
var notPicklist = map[extract.Role]bool{extract.RoleID: true, extract.RoleEmail: true, extract.RolePhone: true,
	extract.RoleFirstName: true, extract.RoleLastName: true, extract.RoleFullName: true, extract.RoleWebsite: true,
	extract.RoleDomain: true, extract.RoleStreet: true, extract.RolePostcode: true, extract.RoleStreet2: true,
	extract.RoleStreetNumber: true}

func newValidity(ds *Dataset, p *Params) (Analyzer, error) {
	v := &validity{ds: ds, p: p, country: map[string]bool{}, fs: p.NewFindings(),
		keys: map[string]bool{}, refCols: map[extract.Role]int{}, refs: map[extract.Role]*RefValues{}}
	v.dict = p.placeholdersFor(ds)
	v.relations()
	region := p.Duplicates.PhoneRegion
	add := func(r extract.Role, metric int, kind string, test func(string) bool) {
		if j := ds.Column(r); j >= 0 && ds.Schema.Columns[j].Type == extract.String {
			v.fields = append(v.fields, &fieldCheck{col: j, metric: metric, kind: kind, test: test})
		}
	}
	add(extract.RoleEmail, 0, "invalid_email", ValidEmail)
	phones := newPhoneCache(region)
	add(extract.RolePhone, 1, "invalid_phone", func(s string) bool { _, ok := phones.Normalize(s); return ok })
	add(extract.RoleCountry, 2, "unknown_country", v.knownCountry)
	add(extract.RoleWebsite, 3, "invalid_website", ValidWebsite)
	add(extract.RoleDomain, 3, "invalid_website", ValidWebsite)
	for _, r := range dateRoles {
		if j := ds.Column(r); j >= 0 && ds.Schema.Columns[j].Type == extract.Time {
			v.dates = append(v.dates, j)
		}
	}
	for j, c := range ds.Schema.Columns {
		if c.Type == extract.String && c.Skipped == "" && !notPicklist[c.Role] {
			v.picks = append(v.picks, j)
			v.values = append(v.values, map[string]int64{})
		}
	}
	return v, nil
}

// relations picks the columns cross-dataset checks need: the naming columns of accounts,
// products and users, and every reference column.
func (v *validity) relations() {
	ds := v.ds
	switch ds.Object {
	case extract.Account, extract.Product, extract.User:
		v.keyCols = ds.Columns(extract.RoleID)
		for _, r := range []extract.Role{extract.RoleCompany, extract.RoleName, extract.RoleFullName, extract.RoleEmail} {
			if j := ds.Column(r); j >= 0 {
				v.keyCols = append(v.keyCols, j)
			}
		}
	}
	for r, target := range refTargets {
		if j := ds.Column(r); j >= 0 {
			ref := &RefValues{Column: ds.Schema.Columns[j].Name}
			if v.p.present(target) {
				ref.Counts, ref.First = map[string]int64{}, map[string]Finding{}
				v.refCols[r] = j
			}
			v.refs[r] = ref
		}
	}
}

// foldRelations collects key and reference values.
func (v *validity) foldRelations(b *extract.Batch) {
	if v.truncated {
		return
	}
	for _, j := range v.keyCols {
		c := b.Cols[j]
		for i := 0; i < b.Len; i++ {
			if !c.Null[i] {
				if k := strings.TrimSpace(c.Text(i)); !v.keys[k] {
					v.keys[strings.Clone(k)] = true // a slice of the reader's record would keep it alive
				}
			}
		}
	}
	for r, j := range v.refCols {
		c, ref := b.Cols[j], v.refs[r]
		for i := 0; i < b.Len; i++ {
			if isMissing(c, i, v.dict[j]) {
				continue
			}
			s := strings.TrimSpace(c.Text(i))
			f, ok := ref.First[s]
			if !ok {
				s = strings.Clone(s)
			}
			if !ok || b.RecordNo(i) < f.Record {
				ref.First[s] = At(b, i, "", "", "", "")
			}
			ref.Counts[s]++
		}
	}
	v.checkCaps()
}

func (v *validity) checkCaps() {
	n := len(v.keys)
	for _, ref := range v.refs {
		n += len(ref.Counts)
	}
	if n > maxKeys {
		v.truncated = true
		v.keys, v.refs = map[string]bool{}, map[extract.Role]*RefValues{}
	}
}

// Export implements Exporter.
func (v *validity) Export(e *Exports) {
	if v.truncated {
		e.Truncated = true
		return
	}
	for k := range v.keys {
		e.Keys[k] = true
	}
	for r, ref := range v.refs {
		e.Refs[r] = ref
	}
}

func (v *validity) knownCountry(s string) bool {
	ok, seen := v.country[s]
	if !seen {
		_, ok = Country(s)
		v.country[s] = ok
	}
	return ok
}

func (v *validity) Fold(b *extract.Batch) {
	cols := v.ds.Schema.Columns
	for _, f := range v.fields {
		c := b.Cols[f.col]
		for i := 0; i < b.Len; i++ {
			if isMissing(c, i, v.dict[f.col]) {
				continue
			}
			f.total++
			if s := c.Str[i]; f.test(s) {
				f.valid++
			} else {
				v.fs.Lazy(f.kind, b.RecordNo(i), func() Finding {
					return At(b, i, f.kind, cols[f.col].Name, s, fmt.Sprintf("%s is not valid", cols[f.col].Role))
				})
			}
		}
	}
	v.foldDates(b)
	v.foldRelations(b)
	for j, c := range b.Cols {
		if cols[j].Skipped != "" {
			continue
		}
		for i := 0; i < b.Len; i++ {
			if c.Null[i] {
				continue
			}
			if c.Bad[i] {
				if c.Str != nil && v.dict[j].Match(c.Str[i]) {
					continue // a placeholder is missing, not invalid
				}
				v.present++
				v.fs.Lazy("unparsed_value", b.RecordNo(i), func() Finding {
					return At(b, i, "unparsed_value", cols[j].Name, c.Text(i), fmt.Sprintf("not a %s", typeName(cols[j].Type)))
				})
				continue
			}
			v.present++
			v.typedOK++
		}
	}
	for k, j := range v.picks {
		m := v.values[k]
		if m == nil {
			continue
		}
		c := b.Cols[j]
		for i := 0; i < b.Len; i++ {
			if isMissing(c, i, v.dict[j]) { // "N/A" beside "n/a" are two ways of saying nothing
				continue
			}
			if _, ok := m[c.Str[i]]; ok {
				m[c.Str[i]]++
			} else {
				m[strings.Clone(c.Str[i])] = 1
			}
		}
		if len(m) > maxPicklist {
			v.values[k] = nil
		}
	}
}

func typeName(t extract.Type) string {
	switch t {
	case extract.Time:
		return "date"
	case extract.Int, extract.Float:
		return "number"
	case extract.Bool:
		return "yes/no value"
	}
	return "text"
}

// foldDates counts plausible dates in the date-role columns.
func (v *validity) foldDates(b *extract.Batch) {
	asOf := v.p.AsOf.UnixMilli()
	for _, j := range v.dates {
		c := b.Cols[j]
		role := v.ds.Schema.Columns[j].Role
		lo, hi := earliestDate, asOf
		switch role {
		case extract.RoleBirthDate:
			lo = earliestBirth
		case extract.RoleCloseDate:
			hi = v.p.AsOf.AddDate(5, 0, 0).UnixMilli()
		}
		for i := 0; i < b.Len; i++ {
			if c.Null[i] || c.Bad[i] || v.dict[j].MatchTime(c.Time[i]) {
				continue
			}
			v.dateAll++
			t := c.Time[i]
			if t >= lo && t <= hi {
				v.dateOK++
				continue
			}
			why := "before 1990"
			if t > hi {
				why = "after as_of"
			}
			v.fs.Lazy("implausible_date", b.RecordNo(i), func() Finding {
				return At(b, i, "implausible_date", v.ds.Schema.Columns[j].Name, extract.FormatTime(t), fmt.Sprintf("%s is %s", role, why))
			})
		}
	}
}

func (v *validity) Merge(other Analyzer) {
	o := other.(*validity)
	for k, f := range v.fields {
		f.valid += o.fields[k].valid
		f.total += o.fields[k].total
	}
	v.dateOK += o.dateOK
	v.dateAll += o.dateAll
	v.typedOK += o.typedOK
	v.present += o.present
	for k := range v.values {
		if v.values[k] == nil || o.values[k] == nil {
			v.values[k] = nil
			continue
		}
		for s, n := range o.values[k] {
			v.values[k][s] += n
		}
		if len(v.values[k]) > maxPicklist {
			v.values[k] = nil
		}
	}
	v.fs.Merge(o.fs)
	v.mergeRelations(o)
}

func (v *validity) mergeRelations(o *validity) {
	if v.truncated || o.truncated {
		v.truncated = true
		v.keys, v.refs = map[string]bool{}, map[extract.Role]*RefValues{}
		return
	}
	for k := range o.keys {
		v.keys[k] = true
	}
	for r, oref := range o.refs {
		ref := v.refs[r]
		if ref.Counts == nil {
			continue
		}
		for s, n := range oref.Counts {
			ref.Counts[s] += n
			if f, ok := ref.First[s]; !ok || oref.First[s].Record < f.Record {
				ref.First[s] = oref.First[s]
			}
		}
	}
	v.checkCaps()
}

func (v *validity) Result() Result {
	var r Result
	defs := Validity.Metrics
	seen := map[int]bool{}
	for _, f := range v.fields {
		if f.total == 0 || seen[f.metric] {
			continue
		}
		seen[f.metric] = true
		m := ratioMetric(defs[f.metric], "", f.valid, f.total)
		m.Column = v.ds.Schema.Columns[f.col].Name
		r.Metrics = append(r.Metrics, m)
	}
	if v.dateAll > 0 {
		r.Metrics = append(r.Metrics, ratioMetric(defs[4], "", v.dateOK, v.dateAll))
	}
	r.Metrics = append(r.Metrics, ratioMetric(defs[5], "", v.typedOK, v.present))
	var variants int64
	for k, j := range v.picks {
		if v.values[k] != nil {
			variants += v.picklist(j, v.values[k])
		}
	}
	r.Metrics = append(r.Metrics, countMetric(defs[6], variants))
	r.Findings = v.fs.Groups()
	return r
}

// picklist reports the variant values of one column and returns the records holding them.
// Values that are the same once case, spaces and punctuation are ignored are variants of the most
// frequent (or the allowed) one; a value within a small edit distance of an allowed value, a
// standard value of the role, or a value used far more often is a likely misspelling; with an
// allowed list, any other value is outside it.
func (v *validity) picklist(j int, counts map[string]int64) int64 {
	col := v.ds.Schema.Columns[j]
	allowed := v.p.Allowed[col.Name]
	if len(allowed) == 0 && !picklistRole(col.Role) && !repeats(counts) {
		return 0
	}
	groups := map[string]*valueGroup{}
	for s, n := range counts {
		k := extract.NormalizeHeader(s)
		if k == "" {
			continue
		}
		g := groups[k]
		if g == nil {
			g = &valueGroup{key: k}
			groups[k] = g
		}
		g.values = append(g.values, ValueCount{strings.TrimSpace(s), n})
		g.total += n
	}
	canon := map[string]string{} // key -> canonical spelling, from allowed values and the vocabulary
	for _, a := range vocabularies[col.Role] {
		canon[extract.NormalizeHeader(a)] = a
	}
	for _, a := range allowed {
		canon[extract.NormalizeHeader(a)] = a
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var flagged int64
	for _, k := range keys {
		g := groups[k]
		slices.SortFunc(g.values, byCount)
		best := g.values[0].Value
		if a, ok := canon[k]; ok && len(allowed) > 0 {
			best = a
		}
		for _, vc := range g.values {
			if vc.Value == best || vc.Value == strings.TrimSpace(best) {
				continue
			}
			flagged += vc.Count
			v.fs.Add(Finding{Kind: "picklist_variant", Column: col.Name, Value: vc.Value,
				Message: fmt.Sprintf("%d records have %q, a variant of %q (%d records)", vc.Count, vc.Value, best, countOf(g.values, best))})
		}
		if _, ok := canon[k]; ok {
			continue
		}
		if near := nearest(k, canon, groups, g.total); near != "" {
			flagged += g.total
			v.fs.Add(Finding{Kind: "picklist_misspelling", Column: col.Name, Value: g.values[0].Value,
				Message: fmt.Sprintf("%d records have %q, probably %q", g.total, g.values[0].Value, near)})
		} else if len(allowed) > 0 {
			flagged += g.total
			v.fs.Add(Finding{Kind: "picklist_not_allowed", Column: col.Name, Value: g.values[0].Value,
				Message: fmt.Sprintf("%d records have %q, not an allowed value", g.total, g.values[0].Value)})
		}
	}
	return flagged
}

func countOf(vs []ValueCount, s string) int64 {
	for _, v := range vs {
		if v.Value == s {
			return v.Count
		}
	}
	return 0
}

// picklistRole reports whether a role's values come from a picklist.
func picklistRole(r extract.Role) bool {
	switch r {
	case extract.RoleLeadSource, extract.RoleStatus, extract.RoleStage, extract.RoleIndustry, extract.RoleCountry,
		extract.RoleRegion, extract.RoleProductRef, extract.RoleState:
		return true
	}
	return false
}

// repeats reports whether a column's values repeat enough to be a picklist: at most 100 distinct
// values, each used on average five times or more.
func repeats(counts map[string]int64) bool {
	var total int64
	for _, n := range counts {
		total += n
	}
	return len(counts) <= 100 && total >= 5*int64(len(counts))
}

// valueGroup is the values of a column that are the same once case, spaces and punctuation are
// ignored.
type valueGroup struct {
	key    string
	values []ValueCount // most frequent first
	total  int64
}

// nearest returns the canonical spelling, or a value of the column used at least five times as
// often, within a small edit distance of key (1 edit for short values, 2 from 8 characters), or
// "" when there is none. Keys shorter than 4 characters are not compared.
func nearest(key string, canon map[string]string, groups map[string]*valueGroup, total int64) string {
	if len(key) < 4 {
		return ""
	}
	maxEdits := 1
	if len(key) >= 8 {
		maxEdits = 2
	}
	cands := map[string]string{}
	for k, spelling := range canon {
		cands[k] = spelling
	}
	for k, g := range groups {
		if g.total >= 5*total {
			if _, ok := cands[k]; !ok {
				cands[k] = g.values[0].Value
			}
		}
	}
	keys := make([]string, 0, len(cands))
	for k := range cands {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	best, bestD := "", maxEdits+1
	for _, k := range keys {
		if k == key || abs(len(k)-len(key)) > maxEdits || len(k) < 4 {
			continue
		}
		if d := edlib.OSADamerauLevenshteinDistance(key, k); d < bestD {
			best, bestD = cands[k], d
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
