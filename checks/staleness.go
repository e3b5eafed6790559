package checks

import (
	"fmt"
	"math"

	"github.com/crmready/crmready/extract"
)

// Staleness measures how old records are. A record's age is as_of minus its last activity date,
// falling back to its last update, then its creation date. A date after as_of is not a fresh
// record: it is counted as a future date and the next date in that order is used.
var Staleness = &Check{
	ID:       "staleness",
	Doc:      "age of records from last activity, then last update, then creation; stale share and freshness",
	Findings: stalenessFindings,
	Metrics: []MetricDef{
		{ID: "staleness.stale_share", Unit: Ratio, Window: "max_age", Doc: "dated records whose age exceeds the use case's max_age / dated records", Needs: "no last_activity_at, updated_at or created_at column with dates", Roles: ageRoles[:1], Plain: "{value} of {records} have not been touched for more than {window}"},
		{ID: "staleness.freshness_days", Unit: Days, Doc: "age in days of the newest record (as_of - newest date)", Needs: "no last_activity_at, updated_at or created_at column with dates", Roles: ageRoles[:1], Plain: "the newest of the {records} is {value} days old"},
		{ID: "staleness.future", Unit: Count, Doc: "dates after as_of in the last activity, update and creation columns", Plain: "{value} dates in {records} are after the as-of date"},
		{ID: "staleness.future_share", Unit: Ratio, Doc: "records with a date after as_of / records", Plain: "{value} of {records} have a date after the as-of date"},
		{ID: "staleness.undated", Unit: Count, Doc: "records with no usable date in any of the three columns", Plain: "{value} {records} have no usable date"},
		{ID: "staleness.dated_by.<role>", Unit: Count, HigherIsBetter: true, Doc: "records whose age was taken from this date role", Needs: "no <role> column with dates", Plain: "{value} {records} are dated by their {role}"},
	},
	New: newStaleness,
}

// ageRoles is the order in which a record's age is looked for.
var ageRoles = []extract.Role{extract.RoleLastActivityAt, extract.RoleUpdatedAt, extract.RoleCreatedAt}

type staleness struct {
	ds      *Dataset
	p       *Params
	asOf    int64
	cols    []int   // per ageRoles, -1 when absent or not a date
	cutoffs []int64 // per p.MaxAges
	rows    int64
	stale   []int64
	datedBy []int64 // per ageRoles
	future  int64   // dates after as_of
	futureR int64   // records with at least one
	undated int64
	newest  int64
	fs      *Findings
	dict    []*Placeholders
}

func newStaleness(ds *Dataset, p *Params) (Analyzer, error) {
	s := &staleness{ds: ds, p: p, asOf: p.AsOf.UnixMilli(), newest: math.MinInt64, fs: p.NewFindings(), dict: p.placeholdersFor(ds)}
	for _, r := range ageRoles {
		s.cols = append(s.cols, timeColumn(ds, r))
	}
	for _, a := range p.MaxAges {
		s.cutoffs = append(s.cutoffs, a.Before(p.AsOf).UnixMilli())
	}
	s.stale = make([]int64, len(s.cutoffs))
	s.datedBy = make([]int64, len(ageRoles))
	return s, nil
}

func (s *staleness) Fold(b *extract.Batch) {
	s.rows += int64(b.Len)
	for i := 0; i < b.Len; i++ {
		at, by, future := int64(0), -1, false
		for k, j := range s.cols {
			if j < 0 {
				continue
			}
			v := b.Cols[j]
			if v.Null[i] || v.Bad[i] || s.dict[j].MatchTime(v.Time[i]) {
				continue
			}
			t := v.Time[i]
			if t > s.asOf {
				s.future++
				future = true
				s.fs.Lazy("future_date", b.RecordNo(i), func() Finding {
					return At(b, i, "future_date", s.ds.Schema.Columns[j].Name, extract.FormatTime(t), fmt.Sprintf("%s is after as_of", ageRoles[k]))
				})
				continue
			}
			if by < 0 {
				at, by = t, k
			}
		}
		if future {
			s.futureR++
		}
		if by < 0 {
			s.undated++
			continue
		}
		s.datedBy[by]++
		s.newest = max(s.newest, at)
		for k, c := range s.cutoffs {
			if at < c {
				s.stale[k]++
				if k == 0 {
					s.fs.Lazy("stale_record", b.RecordNo(i), func() Finding {
						return At(b, i, "stale_record", s.ds.Schema.Columns[s.cols[by]].Name, extract.FormatTime(at),
							fmt.Sprintf("%s %d days before as_of (max age %s)", ageRoles[by], (s.asOf-at)/dayMillis, s.p.MaxAges[0]))
					})
				}
			}
		}
	}
}

func (s *staleness) Merge(other Analyzer) {
	o := other.(*staleness)
	s.rows += o.rows
	for k := range s.stale {
		s.stale[k] += o.stale[k]
	}
	for k := range s.datedBy {
		s.datedBy[k] += o.datedBy[k]
	}
	s.future += o.future
	s.futureR += o.futureR
	s.undated += o.undated
	s.newest = max(s.newest, o.newest)
	s.fs.Merge(o.fs)
}

func (s *staleness) Result() Result {
	var r Result
	dated := s.rows - s.undated
	defs := Staleness.Metrics
	if dated == 0 {
		s.fs.Add(Finding{Kind: missingRoleKind.ID, Message: "no usable date for staleness: no last_activity_at, updated_at or created_at column with dates"})
	} else {
		for k, a := range s.p.MaxAges {
			m := ratioMetric(defs[0], "", s.stale[k], dated)
			m.Window = a.String()
			r.Metrics = append(r.Metrics, m)
		}
		r.Metrics = append(r.Metrics, newMetric(defs[1], "", days(s.asOf-s.newest)))
	}
	r.Metrics = append(r.Metrics,
		countMetric(defs[2], s.future),
		ratioMetric(defs[3], "", s.futureR, s.rows),
		countMetric(defs[4], s.undated))
	for k, role := range ageRoles {
		if s.cols[k] >= 0 {
			m := countMetric(defs[5], s.datedBy[k])
			m.ID = "staleness.dated_by." + string(role)
			m.Column = s.ds.Schema.Columns[s.cols[k]].Name
			r.Metrics = append(r.Metrics, m)
		}
	}
	r.Findings = s.fs.Groups()
	return r
}
