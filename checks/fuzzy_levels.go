package checks

import (
	"bytes"
	"time"
)

// Comparison levels: each field of a candidate pair is compared into one of a few levels, from
// the closest agreement (level 1) to "else" (the field's last level); level 0 is a value missing
// on either side, which is neither evidence for nor against. How much each level weighs is not
// fixed: it is estimated from the data being audited (fuzzy_em.go).
//
//   - names (first, last): equal; Jaro-Winkler >= 0.92; >= 0.85 or a nickname (Bob, Robert);
//     an initial ("J" and "John"); else. The names swapped (first as last) are tried too.
//   - company: equal (legal form removed); word similarity >= 0.97; >= 0.88; >= 0.75; else
//     (numbers that differ: "Studio 54", "Studio 45").
//   - email: equal; local part within one edit at the same domain, or a nickname local part;
//     local part and domain each within two edits; the same local part at another domain; else.
//     Local parts whose digits differ (jsmith1, jsmith2) are else.
//   - phone: equal digits; the last seven; else.
//   - street: equal; word similarity >= 0.9; >= 0.75; else. Street number: equal; one slip; else.
//   - postcode: equal; one slip; the first three characters; else.
//   - birth date: equal; day and month swapped; one slip or one of year, month and day off;
//     within a year; else.
//   - city, second address line: equal; Jaro-Winkler >= 0.88; else. Domain, account, state:
//     equal; else.
var fieldLevels = [nFuzzyFields]uint8{
	fFirst: 5, fLast: 5, fCompany: 5, fEmail: 5, fPhone: 3, fDomain: 2, fAccount: 2, fStreet: 4,
	fStreetNo: 3, fStreet2: 3, fCity: 3, fPostcode: 4, fState: 2, fBirth: 5,
}

// maxLevels is the most levels a field has, else included.
const maxLevels = 5

// levels are a pair's comparison levels, per field; sims the similarity behind each (1 equal,
// 0 else), for the evidence.
type levels struct {
	lv      [nFuzzyFields]uint8
	sim     [nFuzzyFields]float32
	swapped bool // the names compared the other way round
}

// set records field f at level l with similarity s.
func (p *levels) set(f fuzzyField, l uint8, s float64) { p.lv[f], p.sim[f] = l, float32(s) }

// cheapFields are compared before the names and words, so that a pair that cannot reach the
// threshold skips the Jaro-Winkler comparisons.
var cheapFields = []fuzzyField{fEmail, fPhone, fDomain, fAccount, fStreetNo, fPostcode, fState, fBirth}

// wordFields are the fields compared by string similarity, after the cheap ones.
var wordFields = []fuzzyField{fFirst, fLast, fCompany, fStreet, fStreet2, fCity}

// compareCheap sets the levels of the cheap fields.
func compareCheap(a, b *fuzzyValues, person bool, p *levels) {
	both := func(f fuzzyField) bool { return len(a[f]) > 0 && len(b[f]) > 0 }
	if both(fEmail) {
		l, s := emailLevel(a[fEmail], b[fEmail])
		p.set(fEmail, l, s)
	}
	if both(fPhone) {
		x, y := a[fPhone], b[fPhone]
		switch {
		case bytes.Equal(x, y):
			p.set(fPhone, 1, 1)
		case len(x) >= 7 && len(y) >= 7 && bytes.Equal(x[len(x)-7:], y[len(y)-7:]):
			p.set(fPhone, 2, 0.9)
		default:
			p.set(fPhone, 3, 0)
		}
	}
	// A person's work domain is in the email already; the domain counts when one has none.
	if both(fDomain) && (!person || len(a[fEmail]) == 0 || len(b[fEmail]) == 0) {
		exactLevel(p, fDomain, a, b)
	}
	if both(fAccount) {
		exactLevel(p, fAccount, a, b)
	}
	if both(fStreetNo) {
		slipLevel(p, fStreetNo, a[fStreetNo], b[fStreetNo], false)
	}
	if both(fPostcode) {
		slipLevel(p, fPostcode, a[fPostcode], b[fPostcode], true)
	}
	if both(fState) {
		exactLevel(p, fState, a, b)
	}
	if both(fBirth) {
		l, s := birthLevel(a[fBirth], b[fBirth])
		p.set(fBirth, l, s)
	}
}

// compareWords sets the levels of names, company, street, second line and city.
func compareWords(a, b *fuzzyValues, person bool, p *levels) {
	compareNames(a, b, p)
	if x, y := a[fCompany], b[fCompany]; len(x) > 0 && len(y) > 0 {
		switch {
		case bytes.Equal(x, y):
			p.set(fCompany, 1, 1)
		case bytes.ContainsAny(x, "0123456789") && bytes.ContainsAny(y, "0123456789") && !sameDigits(x, y):
			p.set(fCompany, 5, 0) // "Studio 54" and "Studio 45" are two businesses
		default:
			s := tokenSimilarity(x, y)
			if !person { // a business's short name is its long name's start: "four seasons", "four seasons grill room"
				s = containment(x, y)
			}
			p.set(fCompany, band(s, 0.97, 0.88, 0.75), s)
		}
	}
	if x, y := a[fStreet], b[fStreet]; len(x) > 0 && len(y) > 0 {
		if bytes.Equal(x, y) {
			p.set(fStreet, 1, 1)
		} else {
			s := tokenSimilarity(x, y)
			p.set(fStreet, band(s, 0.9, 0.75), s)
		}
	}
	for _, f := range [2]fuzzyField{fStreet2, fCity} {
		if x, y := a[f], b[f]; len(x) > 0 && len(y) > 0 {
			if bytes.Equal(x, y) {
				p.set(f, 1, 1)
			} else {
				s := jaroWinkler(x, y)
				p.set(f, band(s, 0.88), s)
			}
		}
	}
}

// band returns the level of similarity s below 1 given the lower bounds of levels 2, 3 ...:
// the first bound s reaches, or else.
func band(s float64, bounds ...float64) uint8 {
	for i, b := range bounds {
		if s >= b {
			return uint8(i + 2)
		}
	}
	return uint8(len(bounds) + 2)
}

// compareNames sets the levels of first and last name, the other way round when that agrees
// better (a first name entered as the last).
func compareNames(a, b *fuzzyValues, p *levels) {
	fl, fs := nameLevel(a[fFirst], b[fFirst], true)
	ll, ls := nameLevel(a[fLast], b[fLast], false)
	if fl > 0 && ll > 0 && (fl > 1 || ll > 1) {
		xl, xs := nameLevel(a[fFirst], b[fLast], true)
		yl, ys := nameLevel(a[fLast], b[fFirst], true)
		if xl > 0 && yl > 0 && xl+yl < fl+ll {
			fl, fs, ll, ls, p.swapped = xl, xs, yl, ys, true
		}
	}
	if fl > 0 {
		p.set(fFirst, fl, fs)
	}
	if ll > 0 {
		p.set(fLast, ll, ls)
	}
}

// nameLevel compares two names; 0 when either is missing. given says a nickname counts.
func nameLevel(x, y []byte, given bool) (uint8, float64) {
	switch {
	case len(x) == 0 || len(y) == 0:
		return 0, 0
	case bytes.Equal(x, y):
		return 1, 1
	}
	s := jaroWinkler(x, y)
	switch {
	case s >= 0.92:
		return 2, s
	case s >= 0.85 || given && sameGivenName(x, y):
		return 3, max(s, nicknameSimilarity)
	case (len(x) == 1 || len(y) == 1) && x[0] == y[0]:
		return 4, 0.5
	}
	return 5, s
}

// nicknameSimilarity is what a given name and its nickname count as ("bob", "robert").
const nicknameSimilarity = 0.95

// exactLevel notes an equal-or-not comparison.
func exactLevel(p *levels, f fuzzyField, a, b *fuzzyValues) {
	if bytes.Equal(a[f], b[f]) {
		p.set(f, 1, 1)
	} else {
		p.set(f, fieldLevels[f], 0)
	}
}

// slipLevel compares codes where one mistyped character is a near agreement; prefix adds the
// level of an equal first three characters (a postcode's district).
func slipLevel(p *levels, f fuzzyField, x, y []byte, prefix bool) {
	switch {
	case bytes.Equal(x, y):
		p.set(f, 1, 1)
	case editsAtMostOne(x, y):
		p.set(f, 2, 0.9)
	case prefix && len(x) >= 3 && len(y) >= 3 && bytes.Equal(x[:3], y[:3]):
		p.set(f, 3, 0.6)
	default:
		p.set(f, fieldLevels[f], 0)
	}
}

// emailLevel compares two normalized emails.
func emailLevel(x, y []byte) (uint8, float64) {
	if bytes.Equal(x, y) {
		return 1, 1
	}
	ax, ay := bytes.LastIndexByte(x, '@'), bytes.LastIndexByte(y, '@')
	if ax < 0 || ay < 0 {
		return 5, 0
	}
	lx, ly, dx, dy := x[:ax], y[:ay], x[ax+1:], y[ay+1:]
	if !sameDigits(lx, ly) { // jsmith1 and jsmith2 are two people
		return 5, 0
	}
	sameDomain := bytes.Equal(dx, dy)
	el := editDistance(lx, ly, 2)
	switch {
	case sameDomain && (el <= 1 || nicknamedLocal(lx, ly)):
		return 2, 0.95
	case el <= 2 && editDistance(dx, dy, 2) <= 2:
		return 3, 0.85
	case el == 0:
		return 4, 0.7
	}
	return 5, 0
}

// birthLevel compares two birth dates, YYYYMMDD (or the digits of a value that was no date).
func birthLevel(x, y []byte) (uint8, float64) {
	switch {
	case bytes.Equal(x, y):
		return 1, 1
	case dayMonthSwapped(x, y):
		return 2, 0.9
	case editsAtMostOne(x, y) || oneFieldOff(x, y):
		return 3, 0.8
	}
	if dx, ok1 := ymd(x); ok1 {
		if dy, ok2 := ymd(y); ok2 {
			if d := dx.Sub(dy); d <= 366*24*time.Hour && d >= -366*24*time.Hour {
				return 4, 0.6
			}
		}
	}
	return 5, 0
}

// oneFieldOff reports whether two YYYYMMDD dates agree on two of year, month and day.
func oneFieldOff(x, y []byte) bool {
	if len(x) != 8 || len(y) != 8 {
		return false
	}
	same := 0
	for _, r := range [3][2]int{{0, 4}, {4, 6}, {6, 8}} {
		if bytes.Equal(x[r[0]:r[1]], y[r[0]:r[1]]) {
			same++
		}
	}
	return same == 2
}

// ymd reads a YYYYMMDD date.
func ymd(x []byte) (time.Time, bool) {
	if len(x) != 8 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102", string(x))
	return t, err == nil
}

// dayMonthSwapped reports whether two YYYYMMDD dates differ by swapping day and month.
func dayMonthSwapped(x, y []byte) bool {
	return len(x) == 8 && len(y) == 8 && bytes.Equal(x[:4], y[:4]) && bytes.Equal(x[4:6], y[6:8]) && bytes.Equal(x[6:8], y[4:6])
}

// editDistance returns the Levenshtein distance of a and b, or limit+1 when it is above limit.
func editDistance(a, b []byte, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) > 64 || len(b) > 64 {
		if bytes.Equal(a, b) {
			return 0
		}
		return limit + 1
	}
	var prev, cur [65]int
	for j := range len(b) + 1 {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(prev[j-1], prev[j], cur[j-1])
			}
			cur[j] = c
			best = min(best, c)
		}
		if best > limit {
			return limit + 1
		}
		prev = cur
	}
	return min(prev[len(b)], limit+1)
}
