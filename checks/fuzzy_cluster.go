package checks

import (
	"cmp"
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
}

func newFuzzyTier(d *duplicates, ds *Dataset, threshold float64) *fuzzyTier {
	x := newFuzzyExtractor(d, ds)
	if !x.enabled {
		return nil
	}
	t := &fuzzyTier{x: x, threshold: threshold, workers: d.workers,
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
	candidates []uint64 // store index pairs, when kept
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
	sc := newScorer(&t.store, t.person)
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
func (t *fuzzyTier) scoreAll(sc *scorer, cands []uint64, units []int64) ([]edge, int64) {
	workers := max(1, t.workers)
	found := make([][]edge, workers)
	counts := make([]int64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := w*len(cands)/workers, (w+1)*len(cands)/workers
			floor := fuzzyPrior - math.Log2(1/t.threshold-1) // the bits at which p reaches the threshold
			last := -1
			var va fuzzyValues
			for _, c := range cands[lo:hi] {
				a, b := unpack(c)
				if units[a] == units[b] {
					continue
				}
				counts[w]++
				if a != last { // candidates are sorted: a record's pairs come together
					va, last = t.store.values(a), a
				}
				vb := t.store.values(b)
				if p := probability(sc.score(&va, &vb, nil, floor-1e-9)); p >= t.threshold {
					found[w] = append(found[w], edge{uint32(a), uint32(b), p})
				}
			}
		}()
	}
	wg.Wait()
	var n int64
	for _, c := range counts {
		n += c
	}
	return slices.Concat(found...), n
}

// link clusters one connected component by average linkage: starting from its units, the two
// groups whose record pairs have the highest mean match probability merge, as long as that mean
// reaches the threshold. One strong pair between two groups that otherwise disagree does not
// join them, so a chain of near matches cannot glue unrelated records together (dedupe's
// hierarchical clustering does the same). Small components score every pair; large ones count
// the pairs not matched as 0.
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
	group := map[int]int{} // store index -> group
	for g, ks := range groups {
		for _, k := range ks {
			group[k] = g
		}
	}
	lk := newLinkage(m)
	for g := range groups {
		lk.size[g] = len(groups[g])
	}
	if len(members) <= denseMembers {
		for g := range m {
			for h := g + 1; h < m; h++ {
				for _, a := range groups[g] {
					va := t.store.values(a)
					for _, b := range groups[h] {
						vb := t.store.values(b)
						lk.add(g, h, probability(sc.score(&va, &vb, nil, math.Inf(-1))), a, b)
					}
				}
			}
		}
	} else {
		for _, e := range edges {
			g, ok1 := group[int(e.a)]
			h, ok2 := group[int(e.b)]
			if ok1 && ok2 && g != h {
				lk.add(g, h, e.p, int(e.a), int(e.b))
			}
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
		sc.score(&va, &vb, &ev, math.Inf(-1))
		joins = append(joins, fuzzyJoin{a: int64(t.store.recs[a]), b: int64(t.store.recs[b]), p: p, evidence: describe(ev, &t.names)})
		lk.merge(g, h)
	}
	return joins
}

// linkage holds, for each two groups, the sum of their pairs' match probabilities and their
// best pair; sparse, since most groups of a large component never met.
type linkage struct {
	size  []int
	alive []bool
	sum   []map[int]float64
	top   []map[int]bestPair
}

type bestPair struct {
	a, b int
	p    float64
}

func newLinkage(m int) *linkage {
	lk := &linkage{size: make([]int, m), alive: make([]bool, m), sum: make([]map[int]float64, m), top: make([]map[int]bestPair, m)}
	for g := range m {
		lk.alive[g] = true
		lk.sum[g], lk.top[g] = map[int]float64{}, map[int]bestPair{}
	}
	return lk
}

func (lk *linkage) add(g, h int, p float64, a, b int) {
	lk.sum[g][h] += p
	lk.sum[h][g] += p
	if bp, ok := lk.top[g][h]; !ok || p > bp.p {
		lk.top[g][h], lk.top[h][g] = bestPair{a, b, p}, bestPair{a, b, p}
	}
}

// best returns the two live groups with the highest mean probability, if it reaches t; ties go
// to the lowest groups, so the outcome does not depend on map order.
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
	return bg, bh, bg >= 0 && bm >= t
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
