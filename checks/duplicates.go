package checks

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/zeebo/xxh3"

	"github.com/crmready/crmready/extract"
)

// Duplicates finds records that are extra copies of another, in tiers. The exact tier matches
// records with the same identifier, the same raw email, or the same value in every column that is
// not an identifier. Matches are grouped into clusters transitively; blank and placeholder values
// are never keys.
var Duplicates = &Check{
	ID:  "duplicates",
	Doc: "records that are extra copies of another (same id, same email, or identical apart from identifiers)",
	Metrics: []MetricDef{
		{ID: "duplicates.exact.rate", Unit: Ratio, Doc: "(records in exact-duplicate clusters - clusters) / records: the share of records that are extra copies"},
		{ID: "duplicates.exact.clusters", Unit: Count, Doc: "clusters of records that are exact duplicates of each other"},
		{ID: "duplicates.exact.id", Unit: Count, Doc: "records whose identifier another record already has"},
		{ID: "duplicates.exact.email", Unit: Count, Doc: "records whose raw email another record already has"},
		{ID: "duplicates.exact.record", Unit: Count, Doc: "records equal to another in every column that is not an identifier"},
	},
	New:        newDuplicates,
	Sequential: true,
}

// A dupKey is one way two records can be the same.
type dupKey struct {
	kind    string // finding kind
	metric  int    // index in Duplicates.Metrics
	column  string // for messages
	first   map[uint64]int64
	repeats []repeat
}

// repeat is a record whose key an earlier-or-other record already had.
type repeat struct {
	key    uint64
	record int64
	value  string
	pos    Finding // location, without message
}

type duplicates struct {
	ds      *Dataset
	p       *Params
	rows    int64
	keys    []*dupKey // ids..., email, record
	idCols  []int
	emailC  int
	dataCol []int // columns of the whole-record key
	buf     []byte
}

func newDuplicates(ds *Dataset, p *Params) (Analyzer, error) {
	d := &duplicates{ds: ds, p: p, idCols: ds.Columns(extract.RoleID), emailC: ds.Column(extract.RoleEmail)}
	for _, j := range d.idCols {
		d.keys = append(d.keys, &dupKey{kind: "duplicate_id", metric: 2, column: ds.Schema.Columns[j].Name, first: map[uint64]int64{}})
	}
	if d.emailC >= 0 {
		d.keys = append(d.keys, &dupKey{kind: "duplicate_email", metric: 3, column: ds.Schema.Columns[d.emailC].Name, first: map[uint64]int64{}})
	}
	for j, c := range ds.Schema.Columns {
		if c.Role != extract.RoleID && c.Skipped == "" {
			d.dataCol = append(d.dataCol, j)
		}
	}
	d.keys = append(d.keys, &dupKey{kind: "duplicate_record", metric: 4, first: map[uint64]int64{}})
	return d, nil
}

func (d *duplicates) Fold(b *extract.Batch) {
	d.rows += int64(b.Len)
	for i := 0; i < b.Len; i++ {
		k := 0
		for _, j := range d.idCols {
			d.valueKey(d.keys[k], b, i, b.Cols[j])
			k++
		}
		if d.emailC >= 0 {
			d.valueKey(d.keys[k], b, i, b.Cols[d.emailC])
			k++
		}
		if h, ok := d.recordHash(b, i); ok {
			d.see(d.keys[k], h, b, i, "")
		}
	}
}

// valueKey records row i's value of v under key, unless it is missing.
func (d *duplicates) valueKey(key *dupKey, b *extract.Batch, i int, v *extract.Vector) {
	if isMissing(v, i, d.p.Placeholders) {
		return
	}
	s := v.Text(i)
	d.see(key, xxh3.HashString(s), b, i, s)
}

func (d *duplicates) see(key *dupKey, h uint64, b *extract.Batch, i int, value string) {
	rec := b.RecordNo(i)
	if _, ok := key.first[h]; !ok {
		key.first[h] = rec
		return
	}
	key.repeats = append(key.repeats, repeat{key: h, record: rec, value: value, pos: At(b, i, "", "", "", "")})
}

// recordHash hashes row i's non-identifier values; ok is false when they are all missing.
func (d *duplicates) recordHash(b *extract.Batch, i int) (uint64, bool) {
	buf := d.buf[:0]
	present := false
	for _, j := range d.dataCol {
		v := b.Cols[j]
		switch {
		case v.Null[i]:
			buf = append(buf, 0)
		case v.Str != nil:
			buf = append(buf, 1)
			buf = append(buf, v.Str[i]...)
			present = true
		default:
			buf = append(buf, 2)
			buf = binary.LittleEndian.AppendUint64(buf, typedBits(v, i))
			present = true
		}
		buf = append(buf, 0x1f)
	}
	d.buf = buf
	return xxh3.Hash(buf), present
}

func typedBits(v *extract.Vector, i int) uint64 {
	switch v.Type {
	case extract.Int:
		return uint64(v.Int[i])
	case extract.Float:
		return math.Float64bits(v.Float[i])
	case extract.Time:
		return uint64(v.Time[i])
	case extract.Bool:
		if v.Bool[i] {
			return 1
		}
	}
	return 0
}

func (d *duplicates) Merge(other Analyzer) {
	o := other.(*duplicates)
	d.rows += o.rows
	for k, ok := range o.keys {
		dk := d.keys[k]
		for h, rec := range ok.first {
			mine, seen := dk.first[h]
			switch {
			case !seen:
				dk.first[h] = rec
			case rec < mine: // a first occurrence here is a repeat there; its location is not kept
				dk.first[h] = rec
				dk.repeats = append(dk.repeats, repeat{key: h, record: mine, pos: Finding{Record: mine}})
			default:
				dk.repeats = append(dk.repeats, repeat{key: h, record: rec, pos: Finding{Record: rec}})
			}
		}
		dk.repeats = append(dk.repeats, ok.repeats...)
	}
}

func (d *duplicates) Result() Result {
	var r Result
	fs := NewFindings(d.p.MaxFindings)
	uf := newUnionFind()
	for _, k := range d.keys {
		values := map[uint64]string{}
		for _, rp := range k.repeats {
			if rp.value != "" {
				values[rp.key] = rp.value
			}
		}
		for _, rp := range k.repeats {
			first := k.first[rp.key]
			uf.union(first, rp.record)
			f := rp.pos
			f.Kind, f.Column, f.Value = k.kind, k.column, values[rp.key]
			switch k.kind {
			case "duplicate_record":
				f.Message = fmt.Sprintf("same values as record %d in every non-identifier column", first)
			default:
				f.Message = fmt.Sprintf("same %s as record %d", k.column, first)
			}
			fs.Add(f)
		}
	}
	counts := make([]int64, len(Duplicates.Metrics))
	for _, k := range d.keys {
		counts[k.metric] += int64(len(k.repeats))
	}
	inClusters, clusters := uf.clusters()
	r.Metrics = append(r.Metrics,
		ratioMetric(Duplicates.Metrics[0], "", inClusters-clusters, d.rows),
		countMetric(Duplicates.Metrics[1], clusters))
	if len(d.idCols) > 0 {
		r.Metrics = append(r.Metrics, countMetric(Duplicates.Metrics[2], counts[2]))
	} else {
		fs.Add(missingRole(extract.RoleID, "duplicate identifiers not checked"))
	}
	if d.emailC >= 0 {
		r.Metrics = append(r.Metrics, countMetric(Duplicates.Metrics[3], counts[3]))
	} else {
		fs.Add(missingRole(extract.RoleEmail, "duplicate emails not checked"))
	}
	r.Metrics = append(r.Metrics, countMetric(Duplicates.Metrics[4], counts[4]))
	r.Findings = fs.Groups()
	return r
}

// unionFind groups record numbers into clusters.
type unionFind struct {
	parent map[int64]int64
}

func newUnionFind() *unionFind { return &unionFind{parent: map[int64]int64{}} }

func (u *unionFind) find(x int64) int64 {
	p, ok := u.parent[x]
	if !ok {
		u.parent[x] = x
		return x
	}
	if p == x {
		return x
	}
	root := u.find(p)
	u.parent[x] = root
	return root
}

func (u *unionFind) union(a, b int64) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u.parent[max(ra, rb)] = min(ra, rb) // the lowest record number is the root
	}
}

// clusters returns the number of records in clusters of two or more, and the number of clusters.
func (u *unionFind) clusters() (records, clusters int64) {
	size := map[int64]int64{}
	keys := make([]int64, 0, len(u.parent))
	for x := range u.parent {
		keys = append(keys, x)
	}
	slices.Sort(keys)
	for _, x := range keys {
		size[u.find(x)]++
	}
	for _, n := range size {
		if n > 1 {
			records += n
			clusters++
		}
	}
	return records, clusters
}
