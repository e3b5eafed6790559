package checks

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"

	"github.com/crmready/crmready/extract"
)

// DatasetBaseline is what drift compares a dataset with: the compact distribution of each of its
// columns in the extract a model was trained on. It holds no raw values beyond the most frequent
// categories.
type DatasetBaseline struct {
	Name   string         `json:"name"`
	Object extract.Object `json:"object"`
	Rows   int64          `json:"rows"`
	// Columns holds one distribution per column, in the extract's order.
	Columns []Distribution `json:"columns"`
}

// The kinds of distribution: how drift compares a column.
const (
	KindNumeric  = "numeric"  // binned at the baseline's deciles
	KindDate     = "date"     // binned at the baseline's deciles of Unix milliseconds
	KindCategory = "category" // the baseline's top categories, other, missing
	KindText     = "text"     // identifiers, personal data, free text: missing share only
)

// Distribution is one column's distribution in a baseline. Missing counts missing values
// (null, blank, placeholder, or unreadable as the column's type) of the dataset's Rows.
type Distribution struct {
	Name    string `json:"name"`
	Role    string `json:"role,omitempty"`
	Type    string `json:"type"`
	Kind    string `json:"kind"`
	Missing int64  `json:"missing"`
	// Edges are the deciles of a numeric or date column's present values, ascending, without
	// repeats; Bins counts the present values per bin: bin k holds values above Edges[k-1] up
	// to Edges[k], the last bin values above the last edge (len(Bins) = len(Edges)+1).
	Edges []float64 `json:"edges,omitempty"`
	Bins  []int64   `json:"bins,omitempty"`
	// Top are a category column's most frequent values (up to BaselineTop); Other counts the
	// values beyond them, Distinct the distinct values, and Tail holds a 64-bit FNV-1a hash
	// (hex) of each value beyond the top, so that a new category can be told from a rare old one
	// without keeping the value.
	Top      []ValueCount `json:"top,omitempty"`
	Other    int64        `json:"other,omitempty"`
	Distinct int64        `json:"distinct,omitempty"`
	Tail     []string     `json:"tail,omitempty"`
}

const (
	// BaselineTop is the number of categories a baseline keeps by value.
	BaselineTop = 20
	// MaxCategories is the most distinct values a text column may hold in the baseline to be
	// compared as categories (a picklist); beyond, it is free text.
	MaxCategories = 100
)

// textRoles hold identifiers, personal data or free text: drift compares only their missing share.
var textRoles = map[extract.Role]bool{
	extract.RoleID: true, extract.RoleEmail: true, extract.RolePhone: true, extract.RoleFirstName: true, extract.RoleLastName: true,
	extract.RoleFullName: true, extract.RoleCompany: true, extract.RoleWebsite: true, extract.RoleDomain: true, extract.RoleStreet: true,
	extract.RolePostcode: true, extract.RoleBirthDate: true, extract.RoleAccountRef: true, extract.RoleProductRef: true,
	extract.RoleOwnerRef: true, extract.RoleName: true, extract.RoleTitle: true, extract.RoleDeleted: true,
}

// kindOf decides how a column is compared, before its values are seen.
func kindOf(c extract.Column) string {
	switch {
	case textRoles[c.Role]:
		return KindText
	case c.Type == extract.Int || c.Type == extract.Float:
		return KindNumeric
	case c.Type == extract.Time:
		return KindDate
	}
	return KindCategory
}

// Baseline builds the distribution of every column for drift: `crmready profile --save` writes
// it, and `audit --baseline EXTRACT` computes it. It is not a quality check (no metrics) and is
// not in All. Its state keeps every number and date of the dataset (8 bytes each), for exact
// deciles.
var Baseline = &Check{
	ID:  "baseline",
	Doc: "per column distribution to compare later extracts with: deciles, top categories, missing share",
	New: newBaselineBuilder,
}

type baseCol struct {
	kind    string
	missing int64
	values  []float64        // numeric and date columns
	cats    map[string]int64 // category columns; nil once past MaxCategories (then text)
}

type baselineBuilder struct {
	ds   *Dataset
	rows int64
	cols []baseCol
	dict []*Placeholders
}

func newBaselineBuilder(ds *Dataset, p *Params) (Analyzer, error) {
	b := &baselineBuilder{ds: ds, cols: make([]baseCol, len(ds.Schema.Columns)), dict: p.placeholdersFor(ds)}
	for j, c := range ds.Schema.Columns {
		b.cols[j].kind = kindOf(c)
		if b.cols[j].kind == KindCategory {
			b.cols[j].cats = map[string]int64{}
		}
	}
	return b, nil
}

// absent reports whether row i of v counts as missing for drift: missing, or unreadable.
func absent(v *extract.Vector, i int, dict *Placeholders) bool {
	return v.Null[i] || v.Bad[i] || isMissing(v, i, dict)
}

// number returns row i of a numeric or date vector as a float.
func number(v *extract.Vector, i int) float64 {
	switch v.Type {
	case extract.Int:
		return float64(v.Int[i])
	case extract.Time:
		return float64(v.Time[i])
	}
	return v.Float[i]
}

// category returns row i as a category: its text trimmed, booleans as true or false.
func category(v *extract.Vector, i int) string {
	if v.Type == extract.Bool {
		return v.Format(i)
	}
	return strings.TrimSpace(v.Text(i))
}

func (b *baselineBuilder) Fold(x *extract.Batch) {
	b.rows += int64(x.Len)
	for j, v := range x.Cols {
		c := &b.cols[j]
		for i := 0; i < x.Len; i++ {
			if absent(v, i, b.dict[j]) {
				c.missing++
				continue
			}
			switch c.kind {
			case KindNumeric, KindDate:
				c.values = append(c.values, number(v, i))
			case KindCategory:
				c.count(category(v, i), 1)
			}
		}
	}
}

// count adds n records of category s, turning the column into text past MaxCategories.
func (c *baseCol) count(s string, n int64) {
	if c.cats == nil {
		return
	}
	if _, ok := c.cats[s]; !ok && len(c.cats) >= MaxCategories {
		c.cats, c.kind = nil, KindText
		return
	}
	if _, ok := c.cats[s]; !ok {
		s = strings.Clone(s)
	}
	c.cats[s] += n
}

func (b *baselineBuilder) Merge(other Analyzer) {
	o := other.(*baselineBuilder)
	b.rows += o.rows
	for j := range b.cols {
		c, oc := &b.cols[j], &o.cols[j]
		c.missing += oc.missing
		c.values = append(c.values, oc.values...)
		if oc.cats == nil && c.kind == KindCategory {
			c.cats, c.kind = nil, KindText
		}
		for s, n := range oc.cats {
			c.count(s, n)
		}
	}
}

func (b *baselineBuilder) Result() Result {
	d := &DatasetBaseline{Name: b.ds.Name, Object: b.ds.Object, Rows: b.rows, Columns: []Distribution{}}
	for j, col := range b.ds.Schema.Columns {
		if col.Skipped != "" {
			continue
		}
		c := b.cols[j]
		dist := Distribution{Name: col.Name, Role: string(col.Role), Type: col.Type.String(), Kind: c.kind, Missing: c.missing}
		switch c.kind {
		case KindNumeric, KindDate:
			values := slices.Clone(c.values)
			slices.Sort(values)
			dist.Edges = Deciles(values)
			dist.Bins = make([]int64, len(dist.Edges)+1)
			for _, x := range values {
				dist.Bins[Bin(dist.Edges, x)]++
			}
		case KindCategory:
			dist.Top, dist.Other, dist.Tail = topCategories(c.cats)
			dist.Distinct = int64(len(c.cats))
		}
		d.Columns = append(d.Columns, dist)
	}
	return Result{Baseline: d}
}

// Deciles returns the cut points between ten bins of sorted values: the value at rank
// ceil(q·n/10), nearest-rank, for q = 1..9, repeats removed. None for no values.
func Deciles(sorted []float64) []float64 {
	var edges []float64
	n := len(sorted)
	if n == 0 {
		return edges
	}
	for q := 1; q <= 9; q++ {
		rank := (q*n + 9) / 10 // ceil(q·n/10)
		x := sorted[rank-1]
		if len(edges) == 0 || x > edges[len(edges)-1] {
			edges = append(edges, x)
		}
	}
	return edges
}

// Bin returns the bin of x: the first k with x <= edges[k], or len(edges) above them all.
func Bin(edges []float64, x float64) int {
	k, _ := slices.BinarySearch(edges, x)
	return k
}

// topCategories returns the BaselineTop most frequent categories (by count, then value), the
// count of the others, and the hashes of the others, sorted.
func topCategories(cats map[string]int64) ([]ValueCount, int64, []string) {
	all := sortedCounts(cats)
	top := all[:min(BaselineTop, len(all))]
	var other int64
	var tail []string
	for _, v := range all[len(top):] {
		other += v.Count
		tail = append(tail, CategoryHash(v.Value))
	}
	slices.Sort(tail)
	return top, other, tail
}

// CategoryHash is the hash a baseline keeps of a category beyond its top: 64-bit FNV-1a, hex.
func CategoryHash(s string) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	return fmt.Sprintf("%016x", h.Sum64())
}

// PSIFloor replaces the share of an empty bucket before the logarithm.
const PSIFloor = 0.0001

// StabilityIndex is the population stability index (PSI) of actual against expected bucket counts (each over
// its own total): the sum over buckets of (a − e) · ln(a / e), where a and e are the buckets'
// shares and an empty bucket's share is PSIFloor.
func StabilityIndex(expected, actual []int64) float64 {
	var te, ta int64
	for k := range expected {
		te += expected[k]
		ta += actual[k]
	}
	if te == 0 || ta == 0 {
		return 0
	}
	share := func(n, of int64) float64 {
		if n == 0 {
			return PSIFloor
		}
		return float64(n) / float64(of)
	}
	var psi float64
	for k := range expected {
		e, a := share(expected[k], te), share(actual[k], ta)
		psi += (a - e) * math.Log(a/e)
	}
	return psi
}
