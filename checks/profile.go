package checks

import (
	"math"

	"github.com/crmready/crmready/extract"
)

// Profile describes every column: its type and role, how much is missing, how many distinct
// values it holds, the most frequent ones, and the range of its numbers and dates. It is not a
// quality check (it has no metrics) and is not in All: `crmready profile` runs it.
var Profile = &Check{
	ID:  "profile",
	Doc: "per column: type, role, missing share, distinct values, top values, range",
	New: newProfile,
}

// ColumnProfile is one column's profile.
type ColumnProfile struct {
	Name         string  `json:"name"`
	Type         string  `json:"type"`
	Role         string  `json:"role,omitempty"`
	Rows         int64   `json:"rows"`
	Missing      int64   `json:"missing"`
	MissingShare float64 `json:"missing_share"`
	// Distinct is the number of distinct present values; DistinctAtLeast is set when the column
	// held more than the profile counts exactly, and Distinct is then a lower bound.
	Distinct        int64        `json:"distinct"`
	DistinctAtLeast bool         `json:"distinct_at_least,omitempty"`
	Top             []ValueCount `json:"top"`
	Min             string       `json:"min,omitempty"`
	Max             string       `json:"max,omitempty"`
}

const (
	maxProfileDistinct = 100_000
	profileTop         = 5
)

type profile struct {
	ds      *Dataset
	p       *Params
	rows    int64
	missing []int64
	values  []map[string]int64
	capped  []bool
	lo, hi  []float64 // numbers and Unix milliseconds
	dict    []*Placeholders
}

func newProfile(ds *Dataset, p *Params) (Analyzer, error) {
	n := len(ds.Schema.Columns)
	pr := &profile{ds: ds, p: p, missing: make([]int64, n), values: make([]map[string]int64, n), capped: make([]bool, n),
		lo: make([]float64, n), hi: make([]float64, n)}
	pr.dict = p.placeholdersFor(ds)
	for j := range pr.values {
		pr.values[j] = map[string]int64{}
		pr.lo[j], pr.hi[j] = math.Inf(1), math.Inf(-1)
	}
	return pr, nil
}

func (pr *profile) Fold(b *extract.Batch) {
	pr.rows += int64(b.Len)
	for j, v := range b.Cols {
		m := pr.values[j]
		for i := 0; i < b.Len; i++ {
			if isMissing(v, i, pr.dict[j]) {
				pr.missing[j]++
				continue
			}
			s := v.Text(i)
			if !addCapped(m, s, 1, maxProfileDistinct) {
				pr.capped[j] = true
			}
			if v.Bad[i] {
				continue
			}
			var x float64
			switch v.Type {
			case extract.Int:
				x = float64(v.Int[i])
			case extract.Float:
				x = v.Float[i]
			case extract.Time:
				x = float64(v.Time[i])
			default:
				continue
			}
			pr.lo[j], pr.hi[j] = math.Min(pr.lo[j], x), math.Max(pr.hi[j], x)
		}
	}
}

func (pr *profile) Merge(other Analyzer) {
	o := other.(*profile)
	pr.rows += o.rows
	for j := range pr.values {
		pr.missing[j] += o.missing[j]
		pr.capped[j] = pr.capped[j] || o.capped[j]
		for s, n := range o.values[j] {
			if !addCapped(pr.values[j], s, n, maxProfileDistinct) {
				pr.capped[j] = true
			}
		}
		pr.lo[j], pr.hi[j] = math.Min(pr.lo[j], o.lo[j]), math.Max(pr.hi[j], o.hi[j])
	}
}

func (pr *profile) Result() Result {
	var r Result
	for j, c := range pr.ds.Schema.Columns {
		cp := ColumnProfile{Name: c.Name, Type: c.Type.String(), Role: string(c.Role), Rows: pr.rows, Missing: pr.missing[j],
			MissingShare: ratio(pr.missing[j], pr.rows), Distinct: int64(len(pr.values[j])), DistinctAtLeast: pr.capped[j]}
		cp.Top = sortedCounts(pr.values[j])
		cp.Top = cp.Top[:min(len(cp.Top), profileTop)]
		if !math.IsInf(pr.lo[j], 0) {
			cp.Min, cp.Max = formatBound(c.Type, pr.lo[j]), formatBound(c.Type, pr.hi[j])
		}
		r.Profiles = append(r.Profiles, cp)
	}
	return r
}

func formatBound(t extract.Type, x float64) string {
	if t == extract.Time {
		return extract.FormatTime(int64(x))
	}
	v := &extract.Vector{Type: extract.Float, Null: []bool{false}, Bad: []bool{false}, Float: []float64{x}}
	return v.Format(0)
}
