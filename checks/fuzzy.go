package checks

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/crmready/crmready/extract"
)

// The fuzzy tier of the duplicates check matches records that are one person or company written
// differently ("Jon Smith, Acme Inc." and "John Smith, ACME"). While batches are folded it keeps,
// per record with a name, a company or an email, the normalized values of the roles it compares (about 60
// bytes a record, in one flat arena the garbage collector does not scan). When every batch is in,
// blocking keys propose candidate pairs (fuzzy_block.go), a weighted similarity scores them
// (fuzzy_score.go), and matched pairs are grouped with a guard against chaining
// (fuzzy_cluster.go).

// fuzzyField is a value the fuzzy tier compares.
type fuzzyField uint8

// The fields, in the order a record's values are stored.
const (
	fFirst    fuzzyField = iota // first name
	fLast                       // last name (from a full name: its last word)
	fCompany                    // company, normalized without legal form
	fEmail                      // email, trimmed and lower-cased
	fPhone                      // phone digits
	fDomain                     // web domain (website, domain, or work email)
	fAccount                    // account reference
	fStreet                     // street, words with common abbreviations unified
	fStreetNo                   // street (house) number
	fStreet2                    // second address line
	fCity                       // city or suburb
	fPostcode                   // postcode, letters and digits only
	fState                      // state
	fBirth                      // birth date, YYYYMMDD
	nFuzzyFields
)

// fuzzyRoles are the roles each field is read from.
var fuzzyRoles = [nFuzzyFields]extract.Role{
	fFirst: extract.RoleFirstName, fLast: extract.RoleLastName, fCompany: extract.RoleCompany,
	fEmail: extract.RoleEmail, fPhone: extract.RolePhone, fDomain: extract.RoleDomain, fAccount: extract.RoleAccountRef,
	fStreet: extract.RoleStreet, fStreetNo: extract.RoleStreetNumber, fStreet2: extract.RoleStreet2,
	fCity: extract.RoleCity, fPostcode: extract.RolePostcode, fState: extract.RoleState, fBirth: extract.RoleBirthDate,
}

// DefaultFuzzyThreshold is the match probability at or above which the fuzzy tier joins two
// records (checks.duplicates.fuzzy.threshold). It was chosen on FEBRL dataset 1 and confirmed
// on FEBRL dataset 2, the restaurant and patstat sets, and generated contacts (README).
const DefaultFuzzyThreshold = 0.9

// DefaultFuzzyMaxRecords is the most records with a name, company or email the fuzzy tier compares in
// a dataset unless configured otherwise (checks.duplicates.fuzzy.max_records). The audit of
// 2.16 million generated contacts, the tier included, takes about 32 s and 1.6 GiB on two
// cores (README, "Duplicate detection measured"): the limit keeps an audit under 2 GiB.
const DefaultFuzzyMaxRecords = 2_000_000

// fuzzyStore holds the normalized values of every record the tier compares: per record, its
// fields in order, each a length byte and up to 255 bytes.
type fuzzyStore struct {
	recs  []uint32 // record number (1-based)
	off   []uint32 // start of the record's values in arena
	arena []byte
}

func (s *fuzzyStore) len() int { return len(s.recs) }

// values returns record k's fields.
func (s *fuzzyStore) values(k int) fuzzyValues {
	var v fuzzyValues
	p := int(s.off[k])
	for f := range v {
		n := int(s.arena[p])
		v[f] = s.arena[p+1 : p+1+n : p+1+n]
		p += 1 + n
	}
	return v
}

// fuzzyValues are one record's fields; empty for a missing value.
type fuzzyValues [nFuzzyFields][]byte

// append adds other's records after s's.
func (s *fuzzyStore) append(o *fuzzyStore) {
	base := uint32(len(s.arena))
	s.recs = append(s.recs, o.recs...)
	for _, off := range o.off {
		s.off = append(s.off, base+off)
	}
	s.arena = append(s.arena, o.arena...)
}

// fuzzyObjects are the objects whose records are people or businesses. A deal, an activity or a
// product is not one however its name is spelt: "Acme renewal 2025" and "Acme renewal 2026" are
// two deals.
var fuzzyObjects = map[extract.Object]bool{extract.Lead: true, extract.Contact: true, extract.User: true,
	extract.Account: true, extract.Other: true}

// fuzzyExtractor reads a record's fields from a batch.
type fuzzyExtractor struct {
	d       *duplicates
	cols    [nFuzzyFields]int // column of each field, -1 when absent
	fullC   int
	websC   int
	emailC  int
	enabled bool
}

func newFuzzyExtractor(d *duplicates, ds *Dataset) *fuzzyExtractor {
	x := &fuzzyExtractor{d: d, fullC: ds.Column(extract.RoleFullName), websC: ds.Column(extract.RoleWebsite), emailC: ds.Column(extract.RoleEmail)}
	for f, r := range fuzzyRoles {
		x.cols[f] = ds.Column(r)
	}
	if x.cols[fCompany] < 0 && ds.Object != extract.Lead && ds.Object != extract.Contact && ds.Object != extract.User {
		x.cols[fCompany] = ds.Column(extract.RoleName) // a business named in a list that is not of accounts
	}
	person := x.cols[fLast] >= 0 || x.fullC >= 0
	x.enabled = (person || x.cols[fCompany] >= 0) && fuzzyObjects[ds.Object]
	return x
}

// scratch is reusable space for one goroutine's normalization.
type scratch struct{ a, b []byte }

// appendRecord appends row i's fields to s, unless the row has neither a name, a company nor an
// email.
func (x *fuzzyExtractor) appendRecord(s *fuzzyStore, b *extract.Batch, i int, sc *scratch) {
	start := len(s.arena)
	s.off = append(s.off, uint32(start))
	s.recs = append(s.recs, uint32(min(b.RecordNo(i), 1<<32-1)))
	named := false
	for f := range nFuzzyFields {
		lenAt := len(s.arena)
		s.arena = append(s.arena, 0)
		s.arena = x.appendField(s.arena, f, b, i, sc)
		n := len(s.arena) - lenAt - 1
		if n > 255 {
			s.arena = s.arena[:lenAt+1+255]
			n = 255
		}
		s.arena[lenAt] = byte(n)
		if n > 0 && (f == fLast || f == fCompany || f == fFirst || f == fEmail) {
			named = true
		}
	}
	if !named {
		s.arena, s.off, s.recs = s.arena[:start], s.off[:len(s.off)-1], s.recs[:len(s.recs)-1]
	}
}

func (x *fuzzyExtractor) text(j int, b *extract.Batch, i int) (string, bool) {
	return x.d.present(b, j, i)
}

// appendField appends field f of row i, normalized, to dst.
func (x *fuzzyExtractor) appendField(dst []byte, f fuzzyField, b *extract.Batch, i int, sc *scratch) []byte {
	switch f {
	case fFirst, fLast:
		if x.cols[fLast] < 0 && x.fullC >= 0 {
			return x.appendFromFull(dst, f, b, i, sc)
		}
		if s, ok := x.text(x.cols[f], b, i); ok {
			return appendName(dst, s)
		}
	case fCompany:
		if s, ok := x.text(x.cols[f], b, i); ok {
			return appendFuzzyCompany(dst, s, sc)
		}
	case fEmail:
		if s, ok := x.text(x.cols[f], b, i); ok {
			return append(dst, NormalizeEmail(s)...)
		}
	case fPhone: // its digits: formats differ ("310/246-1501", "(310) 246-1501", "+1 310 ...")
		if s, ok := x.text(x.cols[f], b, i); ok {
			start := len(dst)
			for k := 0; k < len(s); k++ {
				if s[k] >= '0' && s[k] <= '9' {
					dst = append(dst, s[k])
				}
			}
			if len(dst)-start < 7 {
				return dst[:start]
			}
		}
	case fDomain:
		if s, ok := x.text(x.cols[fDomain], b, i); ok {
			return append(dst, DomainOfWebsite(s)...)
		}
		if s, ok := x.text(x.websC, b, i); ok {
			return append(dst, DomainOfWebsite(s)...)
		}
		if s, ok := x.text(x.emailC, b, i); ok {
			return append(dst, DomainOfEmail(s)...)
		}
	case fAccount:
		if s, ok := x.text(x.cols[f], b, i); ok {
			return append(dst, strings.ToLower(strings.TrimSpace(s))...)
		}
	case fStreet:
		if s, ok := x.text(x.cols[f], b, i); ok {
			return appendStreet(dst, s, sc)
		}
	case fPostcode:
		if s, ok := x.text(x.cols[f], b, i); ok {
			for k := 0; k < len(s); k++ {
				if isAlnum(s[k]) {
					dst = append(dst, lowerByte(s[k]))
				}
			}
		}
	case fBirth:
		return x.appendBirth(dst, b, i)
	default: // street number, second line, city, state: words
		if s, ok := x.text(x.cols[f], b, i); ok {
			return appendName(dst, s)
		}
	}
	return dst
}

// appendFromFull appends the first or last name taken from a full name: the last word is the
// last name ("Ann Marie Lee"), unless a comma says otherwise ("Lee, Ann Marie").
func (x *fuzzyExtractor) appendFromFull(dst []byte, f fuzzyField, b *extract.Batch, i int, sc *scratch) []byte {
	s, ok := x.text(x.fullC, b, i)
	if !ok {
		return dst
	}
	last, first := s, ""
	if k := strings.IndexByte(s, ','); k >= 0 {
		last, first = s[:k], s[k+1:]
	} else {
		sc.a = appendName(sc.a[:0], s)
		k := strings.LastIndexByte(string(sc.a), ' ')
		if f == fLast {
			return append(dst, sc.a[k+1:]...)
		}
		if k < 0 {
			return dst
		}
		return append(dst, sc.a[:k]...)
	}
	if f == fLast {
		return appendName(dst, last)
	}
	return appendName(dst, first)
}

// appendBirth appends a birth date as YYYYMMDD: from a date value, or the digits of a value
// that did not read as a date (a typo such as 19561340 still compares digit by digit).
func (x *fuzzyExtractor) appendBirth(dst []byte, b *extract.Batch, i int) []byte {
	j := x.cols[fBirth]
	if j < 0 {
		return dst
	}
	v := b.Cols[j]
	if isMissing(v, i, x.d.dict[j]) {
		return dst
	}
	if v.Type == extract.Time && !v.Bad[i] {
		return time.UnixMilli(v.Time[i]).UTC().AppendFormat(dst, "20060102")
	}
	s := v.Text(i)
	for k := 0; k < len(s); k++ {
		if s[k] >= '0' && s[k] <= '9' {
			dst = append(dst, s[k])
		}
	}
	return dst
}

// fuzzyStopWords are words a company name shares with unrelated ones.
var fuzzyStopWords = map[string]bool{"the": true, "and": true, "&": true, "of": true, "und": true, "et": true}

// appendFuzzyCompany appends a company name normalized as the normalized tier does, without
// joining words ("the", "and", "&", "of").
func appendFuzzyCompany(dst []byte, s string, sc *scratch) []byte {
	sc.b = dropSpacedForm(appendCompany(sc.b[:0], s))
	start := len(dst)
	for w := range words(sc.b) {
		if fuzzyStopWords[string(w)] {
			continue
		}
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		dst = append(dst, w...)
	}
	return dst
}

// dropSpacedForm cuts a legal form written in spaced letters from the end of a normalized
// company name: "canon europa n v" is "canon europa" (N. V.), as "canon europa nv" already is.
func dropSpacedForm(c []byte) []byte {
	end, letters := len(c), []byte{}
	for end >= 2 && c[end-2] == ' ' && isAlnum(c[end-1]) {
		letters = append([]byte{c[end-1]}, letters...)
		end -= 2
		if len(letters) >= 2 && legalSuffixes[string(letters)] {
			return c[:end]
		}
	}
	return c
}

// streetWords unifies the words streets are written with in several ways.
var streetWords = map[string]string{
	"street": "st", "str": "st", "road": "rd", "avenue": "ave", "av": "ave", "boulevard": "blvd", "blv": "blvd",
	"drive": "dr", "place": "pl", "court": "ct", "crescent": "cres", "lane": "ln", "highway": "hwy",
	"parkway": "pkwy", "square": "sq", "terrace": "tce", "circuit": "cct", "close": "cl", "north": "n",
	"south": "s", "east": "e", "west": "w", "suite": "ste", "floor": "fl", "mount": "mt", "saint": "st",
}

// appendStreet appends a street address as lower-case words, common abbreviations unified
// ("Forbes Street" and "forbes st." agree).
func appendStreet(dst []byte, s string, sc *scratch) []byte {
	sc.a = appendName(sc.a[:0], s) // dots separate words: "s." is "s"
	start := len(dst)
	for w := range words(sc.a) {
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		if r, ok := streetWords[string(w)]; ok {
			dst = append(dst, r...)
		} else {
			dst = append(dst, w...)
		}
	}
	return dst
}

// sortByRecord puts the records in record order (merged states may interleave).
func (s *fuzzyStore) sortByRecord() {
	if slices.IsSorted(s.recs) {
		return
	}
	idx := make([]int, len(s.recs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(s.recs[a], s.recs[b]) })
	var out fuzzyStore
	for _, k := range idx {
		start := int(s.off[k])
		end := len(s.arena)
		if k+1 < len(s.off) {
			end = int(s.off[k+1])
		}
		out.recs = append(out.recs, s.recs[k])
		out.off = append(out.off, uint32(len(out.arena)))
		out.arena = append(out.arena, s.arena[start:end]...)
	}
	*s = out
}
