package checks

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/crmready/crmready/extract"
)

// fuzzyTier is the state of the fuzzy tier: the stored records and how to read and compare them.
type fuzzyTier struct {
	x         *fuzzyExtractor
	store     fuzzyStore
	parts     []fuzzyStore // per worker, while a batch is folded
	scratch   []scratch
	person    bool
	threshold float64
	names     [nFuzzyFields]string // column names, for evidence
	workers   int
	meter     func(step string, total int64) Meter
	touched   byte // what scoreAll's touch read, kept so that the reads are not optimized away
	// limit is the most records the tier compares (0: no limit); seen counts the records with a
	// name, company or email, and over says there are more: the store is dropped, the tier not run.
	limit, seen int64
	over        bool
}

// add appends a worker's part to the store, unless the records are over the limit.
func (t *fuzzyTier) add(p *fuzzyStore) { t.take(p, int64(p.len()), false) }

// merge adds another state's records.
func (t *fuzzyTier) merge(o *fuzzyTier) { t.take(&o.store, o.seen, o.over) }

// take counts seen more records and keeps p's, unless the tier is over its limit.
func (t *fuzzyTier) take(p *fuzzyStore, seen int64, over bool) {
	t.seen += seen
	if t.over = t.over || over || t.limit > 0 && t.seen > t.limit; t.over {
		t.store = fuzzyStore{}
		return
	}
	t.store.append(p)
}

func newFuzzyTier(d *duplicates, ds *Dataset, threshold float64) *fuzzyTier {
	x := newFuzzyExtractor(d, ds)
	if !x.enabled {
		return nil
	}
	t := &fuzzyTier{x: x, threshold: threshold, workers: d.workers, meter: d.p.meter,
		person: ds.Object != extract.Account && (x.cols[fLast] >= 0 || x.fullC >= 0)}
	for f, j := range x.cols {
		f := fuzzyField(f)
		switch {
		case j >= 0:
			t.names[f] = ds.Schema.Columns[j].Name
		case (f == fFirst || f == fLast) && x.fullC >= 0:
			t.names[f] = ds.Schema.Columns[x.fullC].Name
		case f == fDomain && x.websC >= 0:
			t.names[f] = ds.Schema.Columns[x.websC].Name
		case f == fDomain && x.emailC >= 0:
			t.names[f] = "email domain"
		}
	}
	return t
}

// fold stores the rows lo..hi of a batch into worker w's part.
func (t *fuzzyTier) fold(w int, b *extract.Batch, lo, hi int) {
	p := &t.parts[w]
	p.recs, p.off, p.arena = p.recs[:0], p.off[:0], p.arena[:0]
	if t.over {
		return
	}
	for i := lo; i < hi; i++ {
		t.x.appendRecord(p, b, i, &t.scratch[w])
	}
}

// fuzzyJoin is one merge of the tier's clustering: the pair that joined two groups.
type fuzzyJoin struct {
	a, b     int64 // records
	p        float64
	evidence string
}

// fuzzyOutcome is what the tier found.
type fuzzyOutcome struct {
	joins      []fuzzyJoin
	candidates [][]uint64 // store index pairs, in parts, when kept
	stats      blockStats
	compared   int64
	matched    int64
}

// edge is a matched candidate pair.
type edge struct {
	a, b uint32
	p    float64
}

// denseMembers caps the records of a connected component whose every pair is scored for
// average linkage; larger components use the matched pairs only.
const denseMembers = 1500

// run blocks, scores and clusters. unit(rec) is the record's group in the tiers below (a
// normalized cluster's lowest record, or the record itself): records of one unit are already
// one, and the tier only joins units.
func (t *fuzzyTier) run(unit func(rec int64) int64, keep bool) fuzzyOutcome {
	var out fuzzyOutcome
	t.store.sortByRecord()
	n := t.store.len()
	if n < 2 {
		return out
	}
	cands, st := t.candidates()
	out.stats = st
	if keep {
		out.candidates = cands
	}
	sc := newScorer(&t.store, cands, t.person, t.workers)
	units := make([]int64, n)
	for k := range units {
		units[k] = unit(int64(t.store.recs[k]))
	}
	edges, compared := t.scoreAll(sc, cands, units)
	out.compared, out.matched = compared, int64(len(edges))
	// Connected components of units joined by matched pairs.
	comp := newSliceUF(n)
	first := map[int64]int{} // unit -> its first store index
	for k, u := range units {
		if f, ok := first[u]; ok {
			comp.union(f, k)
		} else {
			first[u] = k
		}
	}
	for _, e := range edges {
		comp.union(int(e.a), int(e.b))
	}
	touched := map[int]bool{}
	for _, e := range edges {
		touched[comp.find(int(e.a))] = true
	}
	members := map[int][]int{}
	for k := range n {
		if r := comp.find(k); touched[r] {
			members[r] = append(members[r], k)
		}
	}
	roots := make([]int, 0, len(members))
	for r := range members {
		roots = append(roots, r)
	}
	slices.Sort(roots)
	for _, r := range roots {
		out.joins = append(out.joins, t.link(sc, members[r], units, edges)...)
	}
	return out
}

// scoreAll scores the candidate pairs of different units, on every worker, and returns the
// matched ones in candidate order and the number compared.
func (t *fuzzyTier) scoreAll(sc *scorer, parts [][]uint64, units []int64) ([]edge, int64) {
	found := make([][]edge, len(parts))
	counts := make([]int64, len(parts))
	touched := make([]byte, len(parts))
	floor := sc.prior - math.Log2(1/t.threshold-1) // the bits at which p reaches the threshold
	var total int64
	for _, p := range parts {
		total += int64(len(p))
	}
	m := t.meter(StepFuzzyPairs, total)
	var mu sync.Mutex // the meter is used by one goroutine at a time
	parallel(len(parts), max(1, t.workers), func(_, i int) {
		cands := parts[i]
		last := -1
		var va fuzzyValues
		for lo := 0; lo < len(cands); lo += touchAhead {
			if lo%meterEvery == 0 && lo > 0 {
				mu.Lock()
				m.Add(meterEvery)
				mu.Unlock()
			}
			batch := cands[lo:min(lo+touchAhead, len(cands))]
			touched[i] ^= t.touch(batch, units)
			for _, c := range batch {
				a, b := unpack(c)
				if units[a] == units[b] {
					continue
				}
				counts[i]++
				if a != last { // candidates are sorted: a record's pairs come together
					va, last = t.store.values(a), a
				}
				vb := t.store.values(b)
				bits := sc.score(a, &va, &vb, nil, floor-1e-9)
				if bits < floor-1e-9 {
					continue
				}
				if p := sc.probability(bits); p >= t.threshold {
					found[i] = append(found[i], edge{uint32(a), uint32(b), p})
				}
			}
		}
	})
	m.Done()
	var n int64
	for i, c := range counts {
		n += c
		t.touched ^= touched[i]
	}
	return slices.Concat(found...), n
}

// meterEvery is how many candidate pairs a scoring worker counts on the meter at a time (a
// multiple of touchAhead).
const meterEvery = 1 << 16

// touchAhead is how many candidate pairs scoreAll touches before scoring them.
const touchAhead = 32

// touch reads the unit and the first byte of the stored values of each pair's second record
// and returns their XOR: the reads do not depend on one another, so their cache misses (the
// records are scattered over a large store) overlap instead of stalling scoring one by one.
func (t *fuzzyTier) touch(pairs []uint64, units []int64) byte {
	var x byte
	for _, c := range pairs {
		_, b := unpack(c)
		x ^= byte(units[b]) ^ t.store.arena[t.store.off[b]]
	}
	return x
}

// link clusters one connected component by average linkage over matches: starting from its
// units, the two groups with the highest share of record pairs that match (probability at or
// above the threshold) merge, as long as at least linkShare of their pairs do. Every member of
// a cluster thus matches at least one other. One strong pair between two groups that otherwise
// disagree does not join them, so a chain of near matches cannot glue unrelated records together (dedupe's
// hierarchical clustering does the same). Every record pair of two units counts at the units'
// best pair: a unit is one entity already (its records share an id, an email, a phone ...), and
// a record that matches one of its records is that entity, however different the others look.
// Small components score every pair; large ones count the units not matched as 0.
func (t *fuzzyTier) link(sc *scorer, members []int, units []int64, edges []edge) []fuzzyJoin {
	var groups [][]int // store indexes per unit, in unit order
	index := map[int64]int{}
	for _, k := range members {
		u := units[k]
		g, ok := index[u]
		if !ok {
			g = len(groups)
			index[u] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], k)
	}
	m := len(groups)
	size := make([]int, m)
	for g := range groups {
		size[g] = len(groups[g])
	}
	lk := newLinkage(size, t.threshold)
	if len(members) <= denseMembers {
		for g := range m {
			for h := g + 1; h < m; h++ {
				best := bestPair{p: -1}
				for _, a := range groups[g] {
					va := t.store.values(a)
					for _, b := range groups[h] {
						vb := t.store.values(b)
						if p := sc.probability(sc.score(a, &va, &vb, nil, math.Inf(-1))); p > best.p {
							best = bestPair{a, b, p}
						}
					}
				}
				lk.add(g, h, best.p, len(groups[g])*len(groups[h]), best.a, best.b)
			}
		}
	} else {
		group := map[int]int{} // store index -> group
		for g, ks := range groups {
			for _, k := range ks {
				group[k] = g
			}
		}
		best := map[[2]int]bestPair{} // the best matched pair of two units
		for _, e := range edges {
			g, ok1 := group[int(e.a)]
			h, ok2 := group[int(e.b)]
			if !ok1 || !ok2 || g == h {
				continue
			}
			key := [2]int{min(g, h), max(g, h)}
			if bp, ok := best[key]; !ok || e.p > bp.p {
				best[key] = bestPair{int(e.a), int(e.b), e.p}
			}
		}
		keys := slices.SortedFunc(maps.Keys(best), func(x, y [2]int) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
		for _, key := range keys {
			bp := best[key]
			lk.add(key[0], key[1], bp.p, len(groups[key[0]])*len(groups[key[1]]), bp.a, bp.b)
		}
	}
	var joins []fuzzyJoin
	for {
		g, h, ok := lk.best(t.threshold)
		if !ok {
			break
		}
		a, b, p := lk.pair(g, h)
		va, vb := t.store.values(a), t.store.values(b)
		var ev []evidence
		sc.score(a, &va, &vb, &ev, math.Inf(-1))
		joins = append(joins, fuzzyJoin{a: int64(t.store.recs[a]), b: int64(t.store.recs[b]), p: p, evidence: describe(ev, &t.names)})
		lk.merge(g, h)
	}
	return joins
}

// linkage holds, for each two groups, how many of their record pairs match and their best
// pair; sparse, since most groups of a large component never met. size counts a
// group's records.
type linkage struct {
	threshold float64
	size      []int
	alive     []bool
	sum       []map[int]float64
	top       []map[int]bestPair
}

type bestPair struct {
	a, b int
	p    float64
}

// newLinkage returns the linkage of groups of the given sizes.
func newLinkage(size []int, threshold float64) *linkage {
	m := len(size)
	lk := &linkage{size: size, threshold: threshold, alive: make([]bool, m), sum: make([]map[int]float64, m), top: make([]map[int]bestPair, m)}
	for g := range m {
		lk.alive[g] = true
		lk.sum[g], lk.top[g] = map[int]float64{}, map[int]bestPair{}
	}
	return lk
}

// add notes that groups g and h have n pairs of records at probability p, the best of them a, b.
func (lk *linkage) add(g, h int, p float64, n int, a, b int) {
	v := 0.0
	if p >= lk.threshold {
		v = 1
	}
	lk.sum[g][h] += v * float64(n)
	lk.sum[h][g] += v * float64(n)
	if bp, ok := lk.top[g][h]; !ok || p > bp.p {
		lk.top[g][h], lk.top[h][g] = bestPair{a, b, p}, bestPair{a, b, p}
	}
}

// linkShare is the share of two groups' record pairs that must match for the groups to merge.
// Counting matches rather than averaging probabilities lets a large cluster of noisy copies
// (a record with a nickname and no birth date among ten) grow, where the mean of its pairs'
// probabilities falls below the threshold; half still keeps a chain from gluing two groups that
// mostly disagree.
const linkShare = 0.5

// best returns the two live groups with the highest share of matching pairs, if it reaches
// linkShare; ties go to the lowest groups, so the outcome does not depend on map order.
func (lk *linkage) best(t float64) (int, int, bool) {
	bg, bh, bm := -1, -1, 0.0
	for g := range lk.sum {
		if !lk.alive[g] {
			continue
		}
		for h, s := range lk.sum[g] {
			if h <= g || !lk.alive[h] {
				continue
			}
			mean := s / float64(lk.size[g]*lk.size[h])
			if mean > bm || mean == bm && bg >= 0 && (g < bg || g == bg && h < bh) {
				bg, bh, bm = g, h, mean
			}
		}
	}
	return bg, bh, bg >= 0 && bm >= linkShare
}

func (lk *linkage) pair(g, h int) (a, b int, p float64) {
	bp := lk.top[g][h]
	return bp.a, bp.b, bp.p
}

// merge joins group h into g.
func (lk *linkage) merge(g, h int) {
	for w, s := range lk.sum[h] {
		if w == g {
			continue
		}
		lk.sum[g][w] += s
		lk.sum[w][g] += s
		delete(lk.sum[w], h)
		bp := lk.top[h][w]
		if cur, ok := lk.top[g][w]; !ok || bp.p > cur.p {
			lk.top[g][w], lk.top[w][g] = bp, bp
		}
		delete(lk.top[w], h)
	}
	delete(lk.sum[g], h)
	delete(lk.top[g], h)
	lk.size[g] += lk.size[h]
	lk.alive[h] = false
	lk.sum[h], lk.top[h] = nil, nil
}

// sliceUF is a union-find over 0..n-1.
type sliceUF []int32

func newSliceUF(n int) sliceUF {
	u := make(sliceUF, n)
	for i := range u {
		u[i] = int32(i)
	}
	return u
}

func (u sliceUF) find(x int) int {
	r := x
	for int(u[r]) != r {
		r = int(u[r])
	}
	for int(u[x]) != r {
		x, u[x] = int(u[x]), int32(r)
	}
	return r
}

func (u sliceUF) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u[max(ra, rb)] = int32(min(ra, rb))
	}
}

// sortJoins orders joins by their lower record, for stable evidence.
func sortJoins(js []fuzzyJoin) {
	slices.SortFunc(js, func(x, y fuzzyJoin) int {
		return cmp.Or(cmp.Compare(min(x.a, x.b), min(y.a, y.b)), cmp.Compare(x.p, y.p))
	})
}
