package checks

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/zeebo/xxh3"
)

// Scoring: a candidate pair's similarity is a weighted sum of evidence over the roles both
// records have, in the manner of Fellegi and Sunter (and of Splink): each role adds bits when its
// values agree (log2 of how much likelier agreement is between two records of one entity than
// between two others) and takes bits away when they differ. Similar but unequal values earn a
// share of the agreement weight that grows with their similarity (Jaro-Winkler for names and
// cities, word-by-word Jaro-Winkler for companies and streets, one slip for postcodes, street
// numbers and birth dates). Exact agreement on a first name, last name or company weighs by how
// rare the value is in the dataset: two "Smith"s prove less than two "Efthimiou"s. A role absent
// from either record adds nothing. The pair's match probability is 1 / (1 + 2^(prior - bits)).

// minPrior is the least evidence, in bits, at which a pair is as likely a match as not. The
// prior grows with the dataset: among n records, two taken at random are one person about once
// in n (at most one copy a record), so a pair needs log2(n) bits to be even odds: two people
// named "Matthew Morwell" are likely one among a thousand records and likely two among a
// million, unless more than their names agrees.
const minPrior = 10.0

// priorBits is the prior for a dataset of n compared records.
func priorBits(n int) float64 { return max(minPrior, math.Log2(float64(n))) }

// weight is what a role's comparison adds, in bits.
type weight struct {
	agree    float64 // values equal (for tf roles: the default, when term frequency is unknown)
	partial  float64 // values similar: up to this much, as the similarity rises from lo to 1
	lo       float64 // similarity at or below which the values differ
	disagree float64 // values differ
	// mid, when set, is the similarity that counts 0 bits: from lo to mid the weight rises from
	// disagree to 0, from mid to 1 from 0 to partial. For a business name only a close variant
	// counts for, and a loose one little against.
	mid float64
}

// interpolate returns the weight of similarity s (below 1).
func (w weight) interpolate(s float64) float64 {
	if s <= w.lo {
		return w.disagree
	}
	if w.mid > 0 {
		if s <= w.mid {
			return w.disagree * (w.mid - s) / (w.mid - w.lo)
		}
		return w.partial * (s - w.mid) / (1 - w.mid)
	}
	return w.disagree + (w.partial-w.disagree)*(s-w.lo)/(1-w.lo)
}

// The weights, for people and for companies (accounts). The agreement weights of first names,
// last names, companies and account references are replaced by log2(0.95 / frequency) within
// [tfMin, tfMax] when the value's frequency is known; within [tfMin, orgMax] for the company
// and account of people and the account of businesses: an organization says whom someone
// works with, not who they are, and two colleagues who share a surname are two people.
var (
	wFirst       = weight{agree: 6.5, partial: 4.5, lo: 0.75, disagree: -3}
	wLast        = weight{agree: 9, partial: 6.5, lo: 0.75, disagree: -4}
	wCompany     = weight{agree: 6, partial: 5, lo: 0.7, disagree: -2}
	wCompanyAcct = weight{agree: 13, partial: 16, lo: 0.7, mid: 0.85, disagree: -12}
	wEmail       = weight{agree: 14, partial: 9, lo: 0.8, disagree: -1.5}
	wPhone       = weight{agree: 12, partial: 8, disagree: -1}
	wPhoneAcct   = weight{agree: 12, partial: 8, disagree: -3}
	wDomain      = weight{agree: 4, disagree: -1}
	wDomainAcct  = weight{agree: 9, disagree: -3}
	wAccount     = weight{agree: 3, disagree: -1}
	wStreet      = weight{agree: 7, partial: 5.5, lo: 0.7, disagree: -2}
	wStreetNo    = weight{agree: 4, partial: 1, disagree: -2}
	wStreet2     = weight{agree: 5, partial: 3.5, lo: 0.75, disagree: -1}
	wCity        = weight{agree: 4, partial: 3, lo: 0.8, disagree: -2}
	wPostcode    = weight{agree: 7, partial: 2, disagree: -3}
	wState       = weight{agree: 1, disagree: -2}
	wBirth       = weight{agree: 11, partial: 5, disagree: -5}
	tfMin, tfMax = 3.0, 14.0
	orgMax       = 8.0
	swapPenalty  = 1.0 // first and last name swapped
	// nicknameSimilarity is what a given name and its nickname count as ("bob", "robert").
	nicknameSimilarity = 0.95
	tfMatchChance      = 0.95
)

// Term frequencies: the agreement weight of an equal first name, last name, company or account
// is log2(0.95 n / count), count the records holding the value and n those holding one, worked
// out once per record.
const (
	tfFirst = iota
	tfLast
	tfCompany
	tfAccount
)

// tfFields are the fields weighed by frequency, in tf order.
var tfFields = [4]fuzzyField{fFirst, fLast, fCompany, fAccount}

// tfWeights returns, per stored record, the frequency weight of its value of field f; NaN for a
// record without one, and for every record when fewer than 100 have one (too few to say how
// rare a value is).
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
		x := float32(math.Log2(tfMatchChance * float64(len(es)) / float64(j-i)))
		for _, e := range es[i:j] {
			w[e.k] = x
		}
		i = j
	}
	return w
}

// agree returns the agreement weight of record k's value of tf field i: its frequency weight
// within [tfMin, hi], or def when unknown.
func (sc *scorer) agree(i, k int, def, hi float64) float64 {
	w := float64(sc.tf[i][k])
	if math.IsNaN(w) {
		return def
	}
	return min(hi, max(tfMin, w))
}

// evidence is what one role's comparison found, for the clusters' evidence.
type evidence struct {
	field fuzzyField
	sim   float64 // 1 equal, 0 different, between: similar
	bits  float64
}

// scorer scores candidate pairs.
type scorer struct {
	person bool
	prior  float64      // bits for even odds
	tf     [4][]float32 // per stored record, the frequency weights of its tfFields
}

func newScorer(s *fuzzyStore, person bool) *scorer {
	sc := &scorer{person: person, prior: priorBits(s.len())}
	var wg sync.WaitGroup
	for i, f := range tfFields {
		wg.Go(func() { sc.tf[i] = tfWeights(s, f) })
	}
	wg.Wait()
	return sc
}

// probability turns evidence in bits into a match probability.
func (sc *scorer) probability(bits float64) float64 { return 1 / (1 + math.Exp2(sc.prior-bits)) }

// score returns the evidence, in bits, that records a (store index ka) and b are one; ev, when
// not nil, receives
// each role's part, names first. Cheap comparisons come first; when floor is above -Inf and what
// is left could not lift the sum to it, the Jaro-Winkler comparisons of names and words are
// skipped and the sum returned is below floor.
func (sc *scorer) score(ka int, a, b *fuzzyValues, ev *[]evidence, floor float64) float64 {
	total := 0.0
	note := func(f fuzzyField, sim, bits float64) {
		total += bits
		if ev != nil {
			*ev = append(*ev, evidence{f, sim, bits})
		}
	}
	if ev != nil { // names are compared after the cheap fields, and told first
		defer func() {
			slices.SortStableFunc(*ev, func(x, y evidence) int { return cmp.Compare(nameRank(x.field), nameRank(y.field)) })
		}()
	}
	if x, y := a[fEmail], b[fEmail]; len(x) > 0 && len(y) > 0 {
		s, bits := emailSimilarity(x, y)
		note(fEmail, s, bits)
	}
	if x, y := a[fPhone], b[fPhone]; len(x) > 0 && len(y) > 0 {
		w := wPhone
		if !sc.person {
			w = wPhoneAcct
		}
		switch {
		case bytes.Equal(x, y):
			note(fPhone, 1, w.agree)
		case len(x) >= 7 && len(y) >= 7 && bytes.Equal(x[len(x)-7:], y[len(y)-7:]):
			note(fPhone, 0.9, w.partial)
		default:
			note(fPhone, 0, w.disagree)
		}
	}
	// A person's work domain is in the email already; the domain counts when one has none.
	if x, y := a[fDomain], b[fDomain]; len(x) > 0 && len(y) > 0 && (!sc.person || len(a[fEmail]) == 0 || len(b[fEmail]) == 0) {
		w := wDomain
		if !sc.person {
			w = wDomainAcct
		}
		exact(note, fDomain, x, y, w)
	}
	if x, y := a[fAccount], b[fAccount]; len(x) > 0 && len(y) > 0 {
		if bytes.Equal(x, y) { // the fewer records an account holds, the more sharing it says
			note(fAccount, 1, sc.agree(tfAccount, ka, wAccount.agree, orgMax))
		} else {
			note(fAccount, 0, wAccount.disagree)
		}
	}
	slip(note, fStreetNo, a[fStreetNo], b[fStreetNo], wStreetNo)
	slip(note, fPostcode, a[fPostcode], b[fPostcode], wPostcode)
	if x, y := a[fState], b[fState]; len(x) > 0 && len(y) > 0 {
		exact(note, fState, x, y, wState)
	}
	if x, y := a[fBirth], b[fBirth]; len(x) > 0 && len(y) > 0 {
		switch {
		case bytes.Equal(x, y):
			note(fBirth, 1, wBirth.agree)
		case editsAtMostOne(x, y) || dayMonthSwapped(x, y):
			note(fBirth, 0.9, wBirth.partial)
		default:
			note(fBirth, 0, wBirth.disagree)
		}
	}
	wc, hi := wCompany, orgMax
	if !sc.person {
		wc, hi = wCompanyAcct, tfMax
	}
	prune := !math.IsInf(floor, -1)
	if prune && total+sc.nameBound(ka, a, b)+sc.bound(a, b, wc, hi) < floor {
		return total
	}
	sc.names(ka, a, b, note)
	if prune && total+sc.bound(a, b, wc, hi) < floor {
		return total
	}
	if x, y := a[fCompany], b[fCompany]; len(x) > 0 && len(y) > 0 {
		switch {
		case bytes.Equal(x, y):
			note(fCompany, 1, sc.agree(tfCompany, ka, wc.agree, hi))
		case bytes.ContainsAny(x, "0123456789") && bytes.ContainsAny(y, "0123456789") && !sameDigits(x, y):
			// "Studio 54" and "Studio 45" are two businesses
			note(fCompany, 0, wc.disagree)
		default:
			s := tokenSimilarity(x, y)
			if !sc.person { // a business's short name is its long name's start: "four seasons", "four seasons grill room"
				s = containment(x, y)
			}
			note(fCompany, s, wc.interpolate(s))
		}
	}
	similar(note, fStreet, a[fStreet], b[fStreet], wStreet, tokenSimilarity)
	similar(note, fStreet2, a[fStreet2], b[fStreet2], wStreet2, jaroWinkler)
	similar(note, fCity, a[fCity], b[fCity], wCity, jaroWinkler)
	return total
}

// bound is the most the word-by-word comparisons (company, street, second line, city) can add;
// hi caps the company's agreement weight.
func (sc *scorer) bound(a, b *fuzzyValues, wc weight, hi float64) float64 {
	both := func(f fuzzyField) bool { return len(a[f]) > 0 && len(b[f]) > 0 }
	m := 0.0
	if both(fCompany) {
		m += max(hi, wc.agree, wc.partial)
	}
	if both(fStreet) {
		m += wStreet.agree
	}
	if both(fStreet2) {
		m += wStreet2.agree
	}
	if both(fCity) {
		m += wCity.agree
	}
	return m
}

// nameRank orders evidence: names first.
func nameRank(f fuzzyField) int {
	if f == fFirst || f == fLast {
		return 0
	}
	return 1
}

// nameBound is the most the names can add (names): the agreement weight of an equal name, the
// partial weight, which no similar name exceeds, of another.
func (sc *scorer) nameBound(ka int, a, b *fuzzyValues) float64 {
	part := func(x, y []byte, w weight, tf int) float64 {
		switch {
		case len(x) == 0 || len(y) == 0:
			return 0
		case bytes.Equal(x, y):
			return sc.agree(tf, ka, w.agree, tfMax)
		}
		return w.partial
	}
	m := part(a[fFirst], b[fFirst], wFirst, tfFirst) + part(a[fLast], b[fLast], wLast, tfLast)
	if len(a[fFirst]) > 0 && len(b[fFirst]) > 0 && len(a[fLast]) > 0 && len(b[fLast]) > 0 {
		m = max(m, part(a[fFirst], b[fLast], wFirst, tfFirst)+part(a[fLast], b[fFirst], wLast, tfLast)-swapPenalty)
	}
	return m
}

// names adds the evidence of first and last names, taking them the other way round when that
// fits better (a first name entered as the last).
func (sc *scorer) names(ka int, a, b *fuzzyValues, note func(fuzzyField, float64, float64)) {
	type part struct{ sim, bits float64 }
	cmpName := func(x, y []byte, w weight, tf int, given bool) (part, bool) {
		if len(x) == 0 || len(y) == 0 {
			return part{}, false
		}
		if bytes.Equal(x, y) { // x is a's: its weight is known
			return part{1, sc.agree(tf, ka, w.agree, tfMax)}, true
		}
		s := jaroWinkler(x, y)
		if given && s < nicknameSimilarity && sameGivenName(x, y) { // Bob and Robert
			s = nicknameSimilarity
		}
		return part{s, w.interpolate(s)}, true
	}
	f, okF := cmpName(a[fFirst], b[fFirst], wFirst, tfFirst, true)
	l, okL := cmpName(a[fLast], b[fLast], wLast, tfLast, false)
	straight := f.bits + l.bits
	if okF && okL {
		sf, _ := cmpName(a[fFirst], b[fLast], wFirst, tfFirst, false)
		sl, _ := cmpName(a[fLast], b[fFirst], wLast, tfLast, false)
		if swapped := sf.bits + sl.bits - swapPenalty; swapped > straight {
			note(fFirst, sf.sim, sf.bits-swapPenalty)
			note(fLast, sl.sim, sl.bits)
			return
		}
	}
	if okF {
		note(fFirst, f.sim, f.bits)
	}
	if okL {
		note(fLast, l.sim, l.bits)
	}
}

// emailSimilarity compares two normalized emails: equal, or the same domain with similar local
// parts ("jon.smith@" and "john.smith@"), or the same local part at another domain.
func emailSimilarity(x, y []byte) (float64, float64) {
	if bytes.Equal(x, y) {
		return 1, wEmail.agree
	}
	ax, ay := bytes.LastIndexByte(x, '@'), bytes.LastIndexByte(y, '@')
	if ax < 0 || ay < 0 {
		return 0, wEmail.disagree
	}
	if !sameDigits(x[:ax], y[:ay]) { // jsmith1 and jsmith2 are two people
		return 0, wEmail.disagree
	}
	s := jaroWinkler(x[:ax], y[:ay])
	switch {
	case bytes.Equal(x[ax:], y[ay:]):
		if s < nicknameSimilarity && nicknamedLocal(x[:ax], y[:ay]) { // bob.smith@ and robert.smith@
			s = nicknameSimilarity
		}
		return s, wEmail.interpolate(s)
	case s == 1:
		return 0.9, wEmail.partial * 2 / 3
	}
	return s, wEmail.disagree
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

// exact notes an exact comparison.
func exact(note func(fuzzyField, float64, float64), f fuzzyField, x, y []byte, w weight) {
	if bytes.Equal(x, y) {
		note(f, 1, w.agree)
	} else {
		note(f, 0, w.disagree)
	}
}

// similar notes a similarity comparison, when both values are present.
func similar(note func(fuzzyField, float64, float64), f fuzzyField, x, y []byte, w weight, sim func(a, b []byte) float64) {
	if len(x) == 0 || len(y) == 0 {
		return
	}
	if bytes.Equal(x, y) {
		note(f, 1, w.agree)
		return
	}
	s := sim(x, y)
	note(f, s, w.interpolate(s))
}

// slip notes a comparison of codes where one mistyped character is a near agreement.
func slip(note func(fuzzyField, float64, float64), f fuzzyField, x, y []byte, w weight) {
	switch {
	case len(x) == 0 || len(y) == 0:
	case bytes.Equal(x, y):
		note(f, 1, w.agree)
	case editsAtMostOne(x, y):
		note(f, 0.9, w.partial)
	default:
		note(f, 0, w.disagree)
	}
}

// dayMonthSwapped reports whether two YYYYMMDD dates differ by swapping day and month.
func dayMonthSwapped(x, y []byte) bool {
	return len(x) == 8 && len(y) == 8 && bytes.Equal(x[:4], y[:4]) && bytes.Equal(x[4:6], y[6:8]) && bytes.Equal(x[6:8], y[4:6])
}

// describe writes a pair's evidence in words: "surname same, given_name 0.93, postcode
// differs".
func describe(ev []evidence, names *[nFuzzyFields]string) string {
	var parts []string
	for _, e := range ev {
		name := names[e.field]
		switch {
		case e.sim >= 1:
			parts = append(parts, name+" same")
		case e.bits > 0:
			parts = append(parts, fmt.Sprintf("%s %.2f", name, e.sim))
		default:
			parts = append(parts, name+" differs")
		}
	}
	return strings.Join(parts, ", ")
}
