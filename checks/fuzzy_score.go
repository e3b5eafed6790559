package checks

import (
	"bytes"
	"fmt"
	"math"
	"strings"
)

// Scoring: a candidate pair's similarity is the sum of its fields' evidence, in the manner of
// Fellegi and Sunter (and of Splink): each field both records have is compared into a level
// (fuzzy_levels.go), and each level adds the bits the dataset's own estimate gives it
// (fuzzy_em.go): log2 of how much likelier the level is between two records of one entity than
// between two others. A field missing on either side adds nothing. The pair's match
// probability is 1 / (1 + 2^(prior - bits)).

// minPrior is the least evidence, in bits, at which a pair is as likely a match as not: the
// estimate of a small dataset says little, and among a thousand records two taken at random
// are one entity about once in a thousand pairs when each has at most one copy.
const minPrior = 10.0

// tfFields are the fields whose equal values weigh by how rare they are (term frequency).
var tfFields = [4]fuzzyField{fFirst, fLast, fCompany, fAccount}

// tfIndex is each field's place in tfFields, -1 for the others.
var tfIndex = func() (ix [nFuzzyFields]int) {
	for f := range ix {
		ix[f] = -1
	}
	for i, f := range tfFields {
		ix[f] = i
	}
	return ix
}()

// evidence is what one field's comparison found, for the clusters' evidence.
type evidence struct {
	field   fuzzyField
	sim     float64 // 1 equal, 0 different, between: similar
	bits    float64
	swapped bool // names compared the other way round
}

// scorer scores candidate pairs with a dataset's model.
type scorer struct {
	person bool
	md     *model
	prior  float64      // bits for even odds
	tf     [4][]float32 // per stored record, -log2 of the share of its tfFields' values
}

func newScorer(s *fuzzyStore, cands [][]uint64, person bool, workers int) *scorer {
	md := estimate(s, cands, person, workers)
	return &scorer{person: person, md: md, prior: md.prior, tf: tfAll(s)}
}

// probability turns evidence in bits into a match probability.
func (sc *scorer) probability(bits float64) float64 { return 1 / (1 + math.Exp2(sc.prior-bits)) }

// bits is what field f at level l adds for a pair whose first record is ka.
func (sc *scorer) bits(f fuzzyField, l uint8, ka int) float64 {
	w := sc.md.w[f][l]
	if l == 1 {
		if i := tfIndex[f]; i >= 0 {
			if t := float64(sc.tf[i][ka]); !math.IsNaN(t) {
				w = max(0, min(w+tfSpan, max(w-tfSpan, math.Log2(sc.md.m[f][1])+t)))
			}
		}
		if f == fAccount || f == fCompany && sc.person {
			w = min(w, orgMax)
		}
	}
	return w
}

// score returns the evidence, in bits, that records a (store index ka) and b are one; ev, when
// not nil, receives each field's part, names first. Cheap comparisons come first; when floor is
// above -Inf and what is left could not lift the sum to it, the string comparisons are skipped
// and the sum returned is below floor.
func (sc *scorer) score(ka int, a, b *fuzzyValues, ev *[]evidence, floor float64) float64 {
	var p levels
	compareCheap(a, b, sc.person, &p)
	total := 0.0
	for _, f := range cheapFields {
		if l := p.lv[f]; l > 0 {
			total += sc.bits(f, l, ka)
		}
	}
	if !math.IsInf(floor, -1) && total+sc.wordBound(ka, a, b) < floor {
		return total
	}
	compareWords(a, b, sc.person, &p)
	for _, f := range wordFields {
		if l := p.lv[f]; l > 0 {
			total += sc.bits(f, l, ka)
		}
	}
	if ev != nil {
		for _, f := range append(append([]fuzzyField{}, wordFields[:2]...), append(cheapFields, wordFields[2:]...)...) {
			if l := p.lv[f]; l > 0 {
				*ev = append(*ev, evidence{f, float64(p.sim[f]), sc.bits(f, l, ka), p.swapped && (f == fFirst || f == fLast)})
			}
		}
	}
	return total
}

// wordBound is the most the string comparisons (names, company, street, second line, city) can
// add: an equal value its weight, another at most its second level's (levels weigh less as they
// loosen), a name equal to the other record's other name the most its field can weigh.
func (sc *scorer) wordBound(ka int, a, b *fuzzyValues) float64 {
	m := 0.0
	for _, f := range wordFields {
		x, y := a[f], b[f]
		switch {
		case len(x) == 0 || len(y) == 0:
		case bytes.Equal(x, y):
			m += sc.bits(f, 1, ka)
		case (f == fFirst || f == fLast) && (bytes.Equal(a[fFirst], b[fLast]) || bytes.Equal(a[fLast], b[fFirst])):
			m += sc.md.top[f]
		default:
			m += sc.md.w[f][2]
		}
	}
	return m
}

// nicknamedLocal reports whether two email local parts are the same words but one, which is a
// given name and its nickname ("bob.smith" and "robert.smith"); words are separated by dots,
// underscores and hyphens.
func nicknamedLocal(x, y []byte) bool {
	named := false
	for len(x) > 0 || len(y) > 0 {
		i, j := localWord(x), localWord(y)
		switch {
		case bytes.Equal(x[:i], y[:j]):
		case !named && sameGivenName(x[:i], y[:j]):
			named = true
		default:
			return false
		}
		x, y = x[min(i+1, len(x)):], y[min(j+1, len(y)):]
	}
	return named
}

// localWord returns the length of the first word of an email local part.
func localWord(s []byte) int {
	for i, c := range s {
		if c == '.' || c == '_' || c == '-' {
			return i
		}
	}
	return len(s)
}

// sameDigits reports whether two texts hold the same digits in the same order.
func sameDigits(x, y []byte) bool {
	i, j := 0, 0
	for {
		for i < len(x) && (x[i] < '0' || x[i] > '9') {
			i++
		}
		for j < len(y) && (y[j] < '0' || y[j] > '9') {
			j++
		}
		if i == len(x) || j == len(y) {
			return i == len(x) && j == len(y)
		}
		if x[i] != y[j] {
			return false
		}
		i, j = i+1, j+1
	}
}

// describe writes a pair's evidence in words, each field with the bits it weighed: "surname
// same +9.3, given_name 0.93 +4.1, postcode differs -3.2".
func describe(ev []evidence, names *[nFuzzyFields]string) string {
	var parts []string
	for _, e := range ev {
		name := names[e.field]
		if e.swapped {
			name += " (names swapped)"
		}
		switch {
		case e.sim >= 1:
			parts = append(parts, fmt.Sprintf("%s same %+.1f", name, e.bits))
		case e.bits > 0:
			parts = append(parts, fmt.Sprintf("%s %.2f %+.1f", name, e.sim, e.bits))
		default:
			parts = append(parts, fmt.Sprintf("%s differs %+.1f", name, e.bits))
		}
	}
	return strings.Join(parts, ", ")
}
