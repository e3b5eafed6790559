package checks

import (
	"fmt"
	"math"
	"slices"
)

// maxEvidence caps the evidence lines of one cluster.
const maxEvidence = 6

// clusters lists the duplicate clusters of the final tier (fuzzy when it ran, else normalized),
// first by lowest record: MaxFindings of them with MaxFindings members each, or all with every
// member when full lists were asked for. It returns them and how many there are.
func (d *duplicates) clusters(final *unionFind, groups [][]int64, exact, norm *unionFind, joins []fuzzyJoin) ([]Cluster, int64) {
	total := int64(len(groups))
	shown := groups
	if !d.p.FullLists && len(shown) > d.p.MaxFindings {
		shown = shown[:d.p.MaxFindings]
	}
	if len(shown) == 0 {
		return []Cluster{}, total
	}
	index := make(map[int64]int, len(shown)) // root -> position in shown
	for i, g := range shown {
		index[g[0]] = i
	}
	// Which key kinds joined each shown cluster, and the fuzzy joins.
	kinds := make([][]bool, len(shown))
	for k, key := range d.allKeys {
		for _, rs := range key.repeats {
			for _, rp := range rs {
				first, _ := key.first.Get(rp.key)
				if i, ok := index[final.find(first)]; ok {
					if kinds[i] == nil {
						kinds[i] = make([]bool, len(d.allKeys))
					}
					kinds[i][k] = true
				}
			}
		}
	}
	fuzzyOf := make([][]fuzzyJoin, len(shown))
	for _, j := range joins {
		if i, ok := index[final.find(j.a)]; ok {
			fuzzyOf[i] = append(fuzzyOf[i], j)
		}
	}
	var wanted []int64
	for _, g := range shown {
		wanted = append(wanted, d.memberCap(g)...)
	}
	slices.Sort(wanted)
	located := d.log.members(wanted)
	out := make([]Cluster, len(shown))
	for i, g := range shown {
		c := Cluster{ID: int64(i + 1), Tier: tierOf(g, exact, norm), Size: int64(len(g)), Columns: d.log.names,
			Evidence: []string{}}
		if c.Columns == nil {
			c.Columns = []string{}
		}
		for k, key := range d.allKeys {
			if kinds[i] != nil && kinds[i][k] && len(c.Evidence) < maxEvidence {
				c.Evidence = append(c.Evidence, keyEvidence(key))
			}
		}
		if js := fuzzyOf[i]; len(js) > 0 {
			sortJoins(js)
			weakest := js[0]
			for _, j := range js {
				if j.p < weakest.p {
					weakest = j
				}
			}
			c.Score = roundScore(weakest.p)
			c.Evidence = append(c.Evidence, fmt.Sprintf("similar (records %d and %d, match probability %.3f): %s",
				min(weakest.a, weakest.b), max(weakest.a, weakest.b), weakest.p, weakest.evidence))
			if s, ok := forReview(js); ok {
				c.Evidence = append(c.Evidence, s)
			}
		}
		for _, rec := range d.memberCap(g) {
			c.Members = append(c.Members, located[rec])
		}
		out[i] = c
	}
	return out, total
}

// memberCap returns the members of a cluster a report lists.
func (d *duplicates) memberCap(g []int64) []int64 {
	if d.p.FullLists || len(g) <= max(d.p.MaxFindings, 2) {
		return g
	}
	return g[:max(d.p.MaxFindings, 2)]
}

// tierOf is the most lenient tier a cluster needs: exact when one exact cluster holds it all,
// normalized when one normalized cluster does, fuzzy otherwise.
func tierOf(g []int64, exact, norm *unionFind) string {
	same := func(u *unionFind) bool {
		r0, ok := u.lookup(g[0])
		if !ok {
			return false
		}
		for _, x := range g[1:] {
			if r, ok := u.lookup(x); !ok || r != r0 {
				return false
			}
		}
		return true
	}
	switch {
	case same(exact):
		return "exact"
	case same(norm):
		return "normalized"
	}
	return "fuzzy"
}

// keyEvidence says in words what a key kind's matches share.
func keyEvidence(k *dupKey) string {
	switch k.kind {
	case "duplicate_id", "duplicate_email":
		return "same " + k.column
	case "duplicate_record":
		return "same values in every column that is not an identifier"
	case "normalized_email":
		return fmt.Sprintf("same %s once trimmed and lower-cased", k.column)
	case "normalized_phone":
		return fmt.Sprintf("same %s in E.164", k.column)
	case "normalized_company":
		return fmt.Sprintf("same %s without punctuation and legal form", k.column)
	case "normalized_domain":
		return "same web domain"
	case "normalized_name":
		return "same person at the same company"
	}
	return "same " + k.kind
}

// roundScore keeps three decimals, so that reports do not carry float noise.
func roundScore(p float64) float64 { return float64(int64(p*1000+0.5)) / 1000 }

// stats summarizes the tier's work.
func (t *fuzzyTier) stats(o fuzzyOutcome) *FuzzyStats {
	s := &FuzzyStats{Records: int64(t.store.len()), Keys: int64(o.stats.keys), Blocks: int64(o.stats.blocks),
		Large: int64(o.stats.large), Proposed: o.stats.proposed, Compared: o.compared, Matched: o.matched,
		Candidates: o.stats.distinct}
	for _, part := range o.candidates {
		for _, c := range part {
			a, b := unpack(c)
			ra, rb := int64(t.store.recs[a]), int64(t.store.recs[b])
			s.Pairs = append(s.Pairs, [2]int64{min(ra, rb), max(ra, rb)})
		}
	}
	return s
}

// reviewGap is how many bits of odds a cluster's weakest fuzzy link may lie below its strongest
// before the cluster is flagged for review: a thousand times less likely than the strongest,
// the weakest is a join a person should look at.
const reviewGap = 10.0

// reviewBelow is the probability from which a weakest link is sure enough not to flag, however
// far the strongest lies above it (0.9999 and 1 - 10^-9 are both certain).
const reviewBelow = 0.99

// forReview says, for a cluster joined by several fuzzy links, whether its weakest link is
// uncertain (below reviewBelow) and far below its strongest, and in words.
func forReview(js []fuzzyJoin) (string, bool) {
	if len(js) < 2 {
		return "", false
	}
	weak, strong := js[0], js[0]
	for _, j := range js {
		if j.p < weak.p {
			weak = j
		}
		if j.p > strong.p {
			strong = j
		}
	}
	odds := func(p float64) float64 { return math.Log2(max(p, 1e-12) / max(1-p, 1e-12)) }
	if weak.p >= reviewBelow || odds(strong.p)-odds(weak.p) < reviewGap {
		return "", false
	}
	return fmt.Sprintf("for review: its weakest link (records %d and %d, %.3f) is far below its strongest (records %d and %d, %.3f)",
		min(weak.a, weak.b), max(weak.a, weak.b), weak.p, min(strong.a, strong.b), max(strong.a, strong.b), strong.p), true
}
