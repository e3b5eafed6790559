package checks

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/zeebo/xxh3"
)

// Weights estimated from the data being audited, as Fellegi and Sunter define them and Splink
// estimates them: a field at level l adds log2(m/u) bits, m the share of the level among pairs
// of records of one entity, u among pairs of records of two.
//
//   - u is counted on random pairs of the dataset's records (at most uPairs of them): two
//     records taken at random are almost always two entities.
//   - m and the share of matches among the candidate pairs are estimated by expectation
//     maximisation over the candidate pairs blocking proposed (at most emPairs of them, taken
//     evenly), with u held: each pair's match probability from the current m, then m from the
//     pairs weighted by it, emIterations times or until m stops moving.
//   - the prior (the bits a pair needs for even odds) is the estimated number of matching pairs
//     among all pairs of records: log2((1 - p) / p), p = matches / (n (n - 1) / 2).
//   - an equal first name, last name, company or account weighs log2(m / f), f the value's
//     share of the records that have one (term frequency), within tfSpan bits of the level's
//     weight: two "Smith"s prove less than two "Efthimiou"s.
//
// Guards keep a poorly identified estimate from reading the evidence backwards: shares of
// levels among matches are non-increasing from the closest level on (else excepted), a weight
// stays within maxShift bits of its default, a disagreement never weighs less against than by
// default (expectation maximisation that takes colleagues for matches would make "first name
// differs" cost nothing), a closer level never weighs less than a looser
// one, and an equal value never counts against a pair nor an "else" for it.
const (
	uPairs       = 50_000
	emPairs      = 200_000
	emIterations = 40
	tfSpan       = 6.0
	// orgMax caps the weight of a person's equal company or account, and of a business's equal
	// account: an organization says whom someone works with, not who they are, and two
	// colleagues who share a surname are two people.
	orgMax = 8.0
	// maxShift is how far, in bits, an estimated weight may move from its default: the estimate
	// refines the defaults and cannot reverse them when expectation maximisation settles on a
	// class that is not the matches (colleagues at one account with look-alike names, in a
	// list with no duplicates at all).
	maxShift = 4.0
)

// defaultBits are the weights, per field and level, that the estimate starts from and falls back
// to where the data says little: they are the fixed weights the tier had before it estimated
// them. defaultM is the share of each level among matches they assume; the default u is
// defaultM / 2^bits. priorPairs is how many pairs' worth of evidence the defaults count as:
// a dataset of a few records keeps them, one of thousands replaces them.
var defaultBits = [nFuzzyFields][]float64{
	fFirst: {6.5, 5, 4, 1.5, -3}, fLast: {9, 7, 5, 1, -4}, fCompany: {6, 4.5, 3, 1, -2},
	fEmail: {14, 10, 7, 5, -1.5}, fPhone: {12, 8, -1}, fDomain: {4, -1}, fAccount: {3, -1},
	fStreet: {7, 5.5, 3, -2}, fStreetNo: {4, 1, -2}, fStreet2: {5, 3, -1}, fCity: {4, 3, -2},
	fPostcode: {7, 2, 1, -3}, fState: {1, -2}, fBirth: {11, 7, 6, 2, -5},
}

// businessBits replace defaultBits for businesses: a business's name is most of what it is (a
// different name -12 bits, a close variant as much as an equal one), and its phone and web domain are its own.
var businessBits = map[fuzzyField][]float64{
	fCompany: {16, 16, 6, -6, -12}, fPhone: {12, 8, -3}, fDomain: {9, -3},
}

// bitsOf returns the default bits of field f's levels.
func bitsOf(f fuzzyField, person bool) []float64 {
	if b, ok := businessBits[f]; ok && !person {
		return b
	}
	return defaultBits[f]
}

// defaultM is the share of matches at each level but else, by level; else takes the rest.
var defaultM = []float64{0.85, 0.05, 0.03, 0.02}

const priorPairs = 20.0

// defaults returns the default m and u of field f.
func defaults(f fuzzyField, person bool) (m, u [maxLevels + 1]float64) {
	L := int(fieldLevels[f])
	rest := 1.0
	for l := 1; l < L; l++ {
		m[l] = defaultM[l-1]
		rest -= m[l]
	}
	m[L] = rest
	sum := 0.0
	for l := 1; l <= L; l++ {
		u[l] = m[l] / math.Exp2(bitsOf(f, person)[l-1])
		sum += u[l]
	}
	for l := 1; l <= L; l++ {
		u[l] /= sum
	}
	return m, u
}

// minEstimatedPrior is the least prior, in bits, an estimate may give: even odds need at least
// a 1 in 256 chance that two records taken at random are one entity. (A dataset kept at the
// default weights takes minPrior, or log2 of its records.)
const minEstimatedPrior = 8.0

// model is a dataset's estimated weights.
type model struct {
	person bool
	m, u   [nFuzzyFields][maxLevels + 1]float64
	w      [nFuzzyFields][maxLevels + 1]float64 // bits, per level (0: missing, 0 bits)
	top    [nFuzzyFields]float64                // the most a field can add (term frequency included)
	lambda float64                              // share of matches among the candidate pairs
	prior  float64                              // bits for even odds
}

// estimate estimates the model of the store's records from random pairs and the candidate pairs.
func estimate(s *fuzzyStore, cands [][]uint64, person bool, workers int) *model {
	md := &model{person: person}
	n := s.len()
	if compared := md.countU(s, person, workers); compared < minFields {
		for f := range nFuzzyFields {
			md.m[f], md.u[f] = defaults(f, person)
		}
		md.prior = max(minPrior, math.Log2(float64(n)))
		md.weigh(true)
		return md
	}
	sessions, total := samplePatterns(s, cands, person, workers)
	md.train(sessions, min(0.5, max(0.001, float64(n)/2/float64(max(total, 1)))))
	all := float64(n) * float64(n-1) / 2
	matches := md.lambda * float64(total)
	p := min(0.5, max(1/all, matches/all))
	md.prior = max(minEstimatedPrior, math.Log2((1-p)/p))
	md.weigh(false)
	return md
}

// minFields is the fewest fields, each compared on at least a twentieth of random pairs, from
// which m is estimated: a mixture of two classes is identified from three conditionally
// independent fields or more, not from one or two. With fewer, the default weights are kept and
// the prior is log2 of the records (each record with at most one copy).
const minFields = 3

// countU counts levels over random pairs, on the workers; the pairs depend on the records only.
// It returns how many fields are compared on at least a twentieth of them.
func (md *model) countU(s *fuzzyStore, person bool, workers int) int {
	n := s.len()
	pairs := min(uPairs, n*(n-1)/2)
	const chunks = 16
	counts := make([][nFuzzyFields][maxLevels + 1]float64, chunks)
	parallel(chunks, max(1, workers), func(_, c int) {
		rng := rand.New(rand.NewPCG(17, uint64(c)))
		for range pairs / chunks {
			a := rng.IntN(n)
			b := rng.IntN(n - 1)
			if b >= a {
				b++
			}
			va, vb := s.values(a), s.values(b)
			var p levels
			compareCheap(&va, &vb, person, &p)
			compareWords(&va, &vb, person, &p)
			for f, l := range p.lv {
				counts[c][f][l]++
			}
		}
	})
	compared := 0
	for f := range nFuzzyFields {
		L := int(fieldLevels[f])
		var seen float64
		for c := range counts {
			for l := 1; l <= L; l++ {
				md.u[f][l] += counts[c][f][l]
			}
		}
		for l := 1; l <= L; l++ {
			seen += md.u[f][l]
		}
		if seen >= float64(pairs)/20 {
			compared++
		}
		_, u0 := defaults(f, md.person)
		for l := 1; l <= L; l++ { // the defaults as priorPairs pairs: a level never seen is rare, not impossible
			md.u[f][l] = (md.u[f][l] + priorPairs*u0[l]) / (seen + priorPairs)
		}
	}
	return compared
}

// pattern is a distinct combination of levels among the sampled candidate pairs, with its count.
type pattern struct {
	key uint64 // 3 bits a field
	n   float64
}

func (p pattern) level(f fuzzyField) int { return int(p.key >> (3 * uint(f)) & 7) }

// keyFields are, per blocking key kind, the fields the key is made of: among the pairs a key
// proposed, those fields agree by construction and say nothing of m.
var keyFields = map[byte][]fuzzyField{
	'n': {fFirst, fLast}, 'y': {fLast, fBirth}, 'z': {fFirst, fBirth},
	'q': {fLast, fPostcode}, 'o': {fFirst, fPostcode},
	'e': {fEmail}, 'p': {fPhone}, 'b': {fBirth}, 'a': {fPostcode, fStreetNo}, 's': {fStreet, fCity},
	'c': {fCompany}, 'd': {fDomain, fEmail}, 'r': {fAccount},
}

// keyKinds lists the kinds in a fixed order; a session's number is its index.
const keyKinds = "nyzqoepbascdr"

// samplePatterns compares an even sample of the candidate pairs and returns, per blocking key
// kind (a session, as Splink trains one per blocking rule), the level patterns of the sampled
// pairs that share a key of that kind, the key's own fields left out; and the number of
// candidate pairs.
func samplePatterns(s *fuzzyStore, cands [][]uint64, person bool, workers int) ([][]pattern, int64) {
	var total int64
	starts := make([]int64, len(cands))
	for i, c := range cands {
		starts[i] = total
		total += int64(len(c))
	}
	stride := max(1, (total+emPairs-1)/emPairs)
	found := make([]map[uint64]float64, len(cands))
	parallel(len(cands), max(1, workers), func(_, i int) {
		m := map[uint64]float64{}
		var ka, kb keyMaker
		first := (stride - starts[i]%stride) % stride // the first index of the part on the stride
		for k := first; k < int64(len(cands[i])); k += stride {
			a, b := unpack(cands[i][k])
			va, vb := s.values(a), s.values(b)
			var p levels
			compareCheap(&va, &vb, person, &p)
			compareWords(&va, &vb, person, &p)
			kinds := sharedKinds(ka.keys(&va, person), kb.keys(&vb, person))
			for sess := range len(keyKinds) {
				if kinds&(1<<sess) == 0 {
					continue
				}
				lv := p.lv
				for _, f := range keyFields[keyKinds[sess]] {
					lv[f] = 0
				}
				key := uint64(sess) << 56
				for f, l := range lv {
					key |= uint64(l) << (3 * uint(f))
				}
				m[key]++
			}
		}
		found[i] = m
	})
	merged := map[uint64]float64{}
	for _, m := range found {
		for k, v := range m {
			merged[k] += v
		}
	}
	out := make([][]pattern, len(keyKinds))
	for k, v := range merged {
		out[k>>56] = append(out[k>>56], pattern{k &^ (0xff << 56), v})
	}
	for _, ps := range out {
		slices.SortFunc(ps, func(a, b pattern) int { return cmp.Compare(a.key, b.key) })
	}
	return out, total
}

// sharedKinds returns the kinds of the keys two records share, a bit per kind in keyKinds order.
func sharedKinds(x, y [][]byte) uint32 {
	var out uint32
	for _, a := range x {
		for _, b := range y {
			if string(a) == string(b) {
				if i := strings.IndexByte(keyKinds, a[0]); i >= 0 {
					out |= 1 << i
				}
			}
		}
	}
	return out
}

// train estimates m by expectation maximisation in each session and averages, per field, the
// sessions where the field was free, weighted by the matches each found; lambda is the
// sessions' share of matches, weighted by their pairs.
func (md *model) train(sessions [][]pattern, start float64) {
	var sum [nFuzzyFields][maxLevels + 1]float64
	var weight [nFuzzyFields]float64
	var matched, pairs float64
	for sess, pats := range sessions {
		one := model{person: md.person}
		one.u = md.u
		one.em(pats, start)
		n := 0.0
		for _, p := range pats {
			n += p.n
		}
		if n == 0 {
			continue
		}
		matched += one.lambda * n
		pairs += n
		free := [nFuzzyFields]bool{}
		for f := range free {
			free[f] = true
		}
		for _, f := range keyFields[keyKinds[sess]] {
			free[f] = false
		}
		for f := range nFuzzyFields {
			if !free[f] {
				continue
			}
			w := one.lambda * n
			for l := range one.m[f] {
				sum[f][l] += w * one.m[f][l]
			}
			weight[f] += w
		}
	}
	for f := range nFuzzyFields {
		m0, _ := defaults(f, md.person)
		for l := range m0 { // the defaults count as priorPairs matches
			md.m[f][l] = (sum[f][l] + priorPairs*m0[l]) / (weight[f] + priorPairs)
		}
	}
	md.lambda = start
	if pairs > 0 {
		md.lambda = matched / pairs
	}
}

// em estimates m and lambda from the candidate patterns, u held.
func (md *model) em(pats []pattern, start float64) {
	md.lambda = start
	var m0 [nFuzzyFields][maxLevels + 1]float64
	for f := range nFuzzyFields {
		m0[f], _ = defaults(f, md.person)
		md.m[f] = m0[f]
	}
	if len(pats) == 0 {
		return
	}
	for range emIterations {
		var next [nFuzzyFields][maxLevels + 1]float64
		var matched, all float64
		for _, p := range pats {
			bits := math.Log2(md.lambda / (1 - md.lambda))
			for f := range nFuzzyFields {
				if l := p.level(f); l > 0 {
					bits += math.Log2(md.m[f][l] / md.u[f][l])
				}
			}
			pm := 1 / (1 + math.Exp2(-bits))
			for f := range nFuzzyFields {
				next[f][p.level(f)] += p.n * pm
			}
			matched += p.n * pm
			all += p.n
		}
		moved := math.Abs(matched/all - md.lambda)
		md.lambda = min(max(matched/all, 1e-9), 1-1e-9)
		for f := range nFuzzyFields {
			L := int(fieldLevels[f])
			seen := 0.0
			for l := 1; l <= L; l++ {
				seen += next[f][l]
			}
			var m [maxLevels + 1]float64
			for l := 1; l <= L; l++ {
				m[l] = (next[f][l] + priorPairs*m0[f][l]) / (seen + priorPairs)
			}
			ordered(m[1:L])
			for l := 1; l <= L; l++ {
				moved = max(moved, math.Abs(m[l]-md.m[f][l]))
				md.m[f][l] = m[l]
			}
		}
		if moved < 1e-5 {
			break
		}
	}
}

// ordered makes the shares of levels short of else non-increasing, pooling neighbours that are
// not (pool adjacent violators), the sum unchanged: among matches a closer agreement is at least
// as common as a looser one. Without it, expectation maximisation over candidate pairs that
// share words can settle on "pairs of loosely similar names" as the matches.
func ordered(m []float64) {
	type block struct {
		sum float64
		n   int
	}
	var bs []block
	for _, x := range m {
		bs = append(bs, block{x, 1})
		for len(bs) > 1 && bs[len(bs)-2].sum/float64(bs[len(bs)-2].n) < bs[len(bs)-1].sum/float64(bs[len(bs)-1].n) {
			a, b := bs[len(bs)-2], bs[len(bs)-1]
			bs = append(bs[:len(bs)-2], block{a.sum + b.sum, a.n + b.n})
		}
	}
	i := 0
	for _, b := range bs {
		for range b.n {
			m[i] = b.sum / float64(b.n)
			i++
		}
	}
}

// weigh turns m and u into bits, with the guards; with defaults, the bits are the defaults.
func (md *model) weigh(defaults bool) {
	for f := range nFuzzyFields {
		L := int(fieldLevels[f])
		w0 := bitsOf(fuzzyField(f), md.person)
		for l := 1; l <= L; l++ {
			w := w0[l-1]
			if !defaults {
				est := math.Log2(md.m[f][l] / md.u[f][l])
				if l == L { // a disagreement counts at least as much against as by default
					est = min(est, w)
				}
				w = min(w+maxShift, max(w-maxShift, est))
			}
			md.w[f][l] = w
		}
		md.w[f][1] = max(md.w[f][1], 0)
		md.w[f][L] = min(md.w[f][L], 0)
		for l := L - 1; l >= 1; l-- {
			md.w[f][l] = max(md.w[f][l], md.w[f][l+1])
		}
		md.top[f] = md.w[f][1]
		if f == fFirst || f == fLast || f == fCompany || f == fAccount {
			md.top[f] += tfSpan
		}
	}
}

// tfWeights returns, per stored record, -log2 of the share of records holding its value of
// field f; NaN for a record without one, and for every record when fewer than 100 have one (too
// few to say how rare a value is).
func tfWeights(s *fuzzyStore, f fuzzyField) []float32 {
	type entry struct {
		h uint64
		k uint32
	}
	var es []entry
	for k := range s.len() {
		if v := s.values(k)[f]; len(v) > 0 {
			es = append(es, entry{xxh3.Hash(v), uint32(k)})
		}
	}
	w := make([]float32, s.len())
	for k := range w {
		w[k] = float32(math.NaN())
	}
	if len(es) < 100 {
		return w
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.h, b.h) })
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && es[j].h == es[i].h {
			j++
		}
		x := float32(math.Log2(float64(len(es)) / float64(j-i)))
		for _, e := range es[i:j] {
			w[e.k] = x
		}
		i = j
	}
	return w
}

// tfAll works out the term-frequency weights of the tf fields, one goroutine each.
func tfAll(s *fuzzyStore) [4][]float32 {
	var tf [4][]float32
	var wg sync.WaitGroup
	for i, f := range tfFields {
		wg.Go(func() { tf[i] = tfWeights(s, f) })
	}
	wg.Wait()
	return tf
}
