package checks

import (
	"cmp"
	"slices"

	"github.com/crmready/crmready/extract"
)

// DefaultMaxFindings is how many findings of a kind a report keeps unless told otherwise.
const DefaultMaxFindings = 100

// Finding is one problem a person can look up: a record, a column, or the dataset as a whole.
type Finding struct {
	// Kind groups findings ("missing_value", "duplicate_email", "stale_record").
	Kind string `json:"kind"`
	// Record is the 1-based record number in the dataset, 0 for a finding about the dataset.
	Record int64 `json:"record,omitempty"`
	// File and one of Line, Row and Index locate the record in its source.
	File  string `json:"file,omitempty"`
	Line  int64  `json:"line,omitempty"`
	Row   int64  `json:"row,omitempty"`
	Index *int64 `json:"index,omitempty"`
	// Column is the column concerned, if one.
	Column string `json:"column,omitempty"`
	// Value is the offending value, if one.
	Value   string `json:"value,omitempty"`
	Message string `json:"message"`
}

// At returns a finding located at row i of b.
func At(b *extract.Batch, i int, kind, column, value, message string) Finding {
	f := Finding{Kind: kind, Record: b.RecordNo(i), File: b.File, Column: column, Value: value, Message: message}
	pos := b.Pos[i]
	switch b.PosKind {
	case extract.PosLine:
		f.Line = pos
	case extract.PosRow:
		f.Row = pos
	case extract.PosIndex:
		f.Index = &pos
	}
	return f
}

// FindingGroup is the findings of one kind: how many there were, and the first ones by record.
type FindingGroup struct {
	Kind   string    `json:"kind"`
	Total  int64     `json:"total"`
	Sample []Finding `json:"sample"`
	// cutoff is the highest record the sample can still take once it is full; 0 while it is
	// not.
	cutoff int64
	// full holds every finding of the kind when full lists were asked for.
	full *FindingList
}

// Full returns every finding of the group, in record order, when the collection kept full lists
// (Params.FullLists); nil otherwise. Its Len can be less than Total for kinds a check only counts
// beyond the sample (duplicate repeats: their fix list is the clusters).
func (g *FindingGroup) Full() *FindingList { return g.full }

// WithoutFull returns the group with its sample only, as a report keeps it.
func (g FindingGroup) WithoutFull() FindingGroup {
	g.full = nil
	return g
}

// Findings collects findings by kind, keeping the lowest-numbered max of each, so the sample does
// not depend on the order batches were folded in.
type Findings struct {
	max    int
	groups map[string]*FindingGroup
	// spill is where the full lists of the groups write their sorted runs; nil when the
	// collection keeps samples only.
	spill *spillFile
}

// NewFindings returns an empty collection that keeps max findings of each kind.
func NewFindings(max int) *Findings {
	return &Findings{max: max, groups: map[string]*FindingGroup{}}
}

// NewFindings returns an empty collection for a check: it keeps MaxFindings of each kind in the
// sample, and with FullLists every finding besides, in a FindingList per group.
func (p *Params) NewFindings() *Findings {
	fs := NewFindings(p.MaxFindings)
	if p.FullLists {
		fs.spill = &spillFile{}
	}
	return fs
}

// Add records f.
func (fs *Findings) Add(f Finding) {
	g := fs.group(f.Kind)
	g.Total++
	if g.full != nil {
		g.full.add(f)
	}
	fs.keep(g, f)
}

// Lazy records a finding of kind about record, building it only if it can enter the sample: a
// million stale records cost a million counts, not a million formatted messages.
func (fs *Findings) Lazy(kind string, record int64, build func() Finding) {
	g := fs.group(kind)
	g.Total++
	if g.full != nil {
		f := build()
		g.full.add(f)
		if g.cutoff == 0 || record <= g.cutoff {
			fs.keep(g, f)
		}
		return
	}
	if g.cutoff > 0 && record > g.cutoff {
		return
	}
	fs.keep(g, build())
}

func (fs *Findings) keep(g *FindingGroup, f Finding) {
	g.Sample = append(g.Sample, f)
	if len(g.Sample) >= 2*fs.max+16 {
		fs.trim(g)
	}
}

// Count records n findings of a kind without keeping them, in the sample or a full list.
func (fs *Findings) Count(kind string, n int64) { fs.group(kind).Total += n }

func (fs *Findings) group(kind string) *FindingGroup {
	g := fs.groups[kind]
	if g == nil {
		g = &FindingGroup{Kind: kind}
		if fs.spill != nil {
			g.full = &FindingList{spill: fs.spill}
		}
		fs.groups[kind] = g
	}
	return g
}

func (fs *Findings) trim(g *FindingGroup) {
	slices.SortStableFunc(g.Sample, compareFindings)
	if len(g.Sample) >= fs.max && fs.max > 0 {
		g.Sample = g.Sample[:fs.max]
		if r := g.Sample[fs.max-1].Record; r > 0 {
			g.cutoff = r
		}
	}
}

func compareFindings(a, b Finding) int {
	return cmp.Or(cmp.Compare(a.Record, b.Record), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Message, b.Message))
}

// Merge adds the findings of o.
func (fs *Findings) Merge(o *Findings) {
	for kind, og := range o.groups {
		g := fs.group(kind)
		g.Total += og.Total
		g.Sample = append(g.Sample, og.Sample...)
		fs.trim(g)
		if g.full != nil && og.full != nil {
			g.full.merge(og.full)
		}
	}
}

// Groups returns the groups sorted by kind, each sample sorted by record.
func (fs *Findings) Groups() []FindingGroup {
	var out []FindingGroup
	for _, g := range fs.groups {
		fs.trim(g)
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b FindingGroup) int { return cmp.Compare(a.Kind, b.Kind) })
	return out
}
