package checks

import (
	"maps"
	"strings"
	"unicode/utf8"

	"github.com/crmready/crmready/extract"
)

// BuiltinPlaceholders are the values CRM users type, and forms store, instead of nothing, in any
// column. Matching ignores case and surrounding space; a '*' at the start or end of an entry
// matches any text there ("noemail@*"). A date entry also matches that date in date columns.
var BuiltinPlaceholders = []string{
	"N/A", "NA", "n.a.", "#N/A", "none", "null", "nil", "unknown", "-", "--", "---", "?", "??", ".",
	"tbd", "tba", "test", "asdf", "xxx", "Select", "--None--", "-- Select --", "Please select",
	"[not provided]", "not provided", "not available", "noemail@*", "test@test.com",
	"000-000-0000", "1/1/1900", "1900-01-01", "12/31/1899",
}

// RolePlaceholders are placeholders that only mean "nothing" in columns of a role: a person
// called "Test" is a test record, a phone of 1234567890 is a keyboard, an address at
// example.com is reserved for examples.
var RolePlaceholders = map[extract.Role][]string{
	extract.RoleEmail: {"no-email@*", "noreply@*", "none@*", "na@*", "email@email.com", "test@*", "a@a.com",
		"x@x.com", "*@example.com", "*@example.org", "*@example.net", "*@test.com", "*@email.com"},
	extract.RolePhone: {"0", "0000000000", "000-0000", "1234567890", "123-456-7890", "(123) 456-7890",
		"111-111-1111", "999-999-9999", "555-555-5555", "+1 000 000 0000", "+10000000000"},
	extract.RoleFirstName: {"first", "firstname", "first name", "no name", "name", "x"},
	extract.RoleLastName:  {"last", "lastname", "last name", "no name", "name", "x", "[[unknown]]"},
	extract.RoleFullName:  {"no name", "name", "test test", "[[unknown]]"},
	extract.RoleCompany:   {"company", "no company", "individual", "self", "self-employed", "[[unknown]]", "none given"},
	extract.RoleWebsite:   {"www.", "http://", "https://", "www.example.com", "example.com", "www.test.com"},
	extract.RoleTitle:     {"title", "no title"},
}

// ColumnPlaceholders are placeholders a config sets on one column: added to the others, or, with
// Replace, the only ones that apply to it.
type ColumnPlaceholders struct {
	Entries []string
	Replace bool
}

// placeholdersFor returns each column's dictionary: the dataset's, plus its role's entries
// (unless the built-in lists were replaced), plus the column's own entries, or only the column's
// own when they replace the rest.
func (p *Params) placeholdersFor(ds *Dataset) []*Placeholders {
	base := p.Placeholders
	if base == nil {
		base = NewPlaceholders(BuiltinPlaceholders)
	}
	byRole := map[extract.Role]*Placeholders{}
	out := make([]*Placeholders, len(ds.Schema.Columns))
	for j, c := range ds.Schema.Columns {
		if cp, ok := p.ColumnPlaceholders[c.Name]; ok && cp.Replace {
			out[j] = NewPlaceholders(cp.Entries)
			continue
		}
		ph := base
		if extra := RolePlaceholders[c.Role]; len(extra) > 0 && !p.NoRolePlaceholders {
			if byRole[c.Role] == nil {
				byRole[c.Role] = base.With(extra)
			}
			ph = byRole[c.Role]
		}
		if cp, ok := p.ColumnPlaceholders[c.Name]; ok {
			ph = ph.With(cp.Entries)
		}
		out[j] = ph
	}
	return out
}

// Placeholders is a dictionary of placeholder values.
type Placeholders struct {
	entries []string
	exact   map[string]string // lower-cased value -> entry
	prefix  []string          // lower-cased, from "abc*"
	suffix  []string          // lower-cased, from "*abc"
	// Email patterns, looked up by part instead of scanned: "noemail@*" by the local part,
	// "*@example.com" by the domain.
	locals  wordSet
	domains wordSet
	maxLen  int
	times   map[int64]string // placeholder dates ("1/1/1900") as Unix milliseconds
	// Cheap filters that rule out most values before a map lookup: for each lower-cased first
	// byte, the lengths of the exact entries starting with it (bit n: length n, up to 63), and
	// the first bytes of prefix patterns and last bytes of suffix patterns.
	lengths [256]uint64
	firsts  [256]bool
	lasts   [256]bool
}

// NewPlaceholders builds a dictionary from entries.
func NewPlaceholders(entries []string) *Placeholders {
	p := &Placeholders{exact: map[string]string{}, times: map[int64]string{}}
	return p.With(entries)
}

// With returns a copy of p that also holds entries.
func (p *Placeholders) With(entries []string) *Placeholders {
	q := &Placeholders{exact: map[string]string{}, times: map[int64]string{}, maxLen: p.maxLen,
		locals: p.locals.clone(), domains: p.domains.clone()}
	for k, v := range p.exact {
		q.exact[k] = v
	}
	for k, v := range p.times {
		q.times[k] = v
	}
	q.prefix = append(q.prefix, p.prefix...)
	q.suffix = append(q.suffix, p.suffix...)
	q.entries = append(q.entries, p.entries...)
	q.lengths, q.firsts, q.lasts = p.lengths, p.firsts, p.lasts
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		q.entries = append(q.entries, e)
		low := strings.ToLower(e)
		switch {
		case strings.HasSuffix(low, "@*") && strings.Count(low, "@") == 1 && !strings.HasPrefix(low, "*"):
			q.locals.add(strings.TrimSuffix(low, "@*"))
		case strings.HasPrefix(low, "*@") && strings.Count(low, "@") == 1 && !strings.HasSuffix(low, "*"):
			q.domains.add(strings.TrimPrefix(low, "*@"))
		case strings.HasSuffix(low, "*"):
			x := strings.TrimSuffix(low, "*")
			q.prefix = append(q.prefix, x)
			q.firsts[firstByte(x)] = true
		case strings.HasPrefix(low, "*"):
			x := strings.TrimPrefix(low, "*")
			q.suffix = append(q.suffix, x)
			q.lasts[lastByte(x)] = true
		default:
			q.exact[low] = e
			q.maxLen = max(q.maxLen, len(low))
			if len(low) < 64 {
				q.lengths[low[0]] |= 1 << len(low)
			} else {
				q.lengths[low[0]] |= 1 // long entries: always look them up
			}
			if ms, ok := extract.ParseTime(e, extract.MDY); ok {
				q.times[ms] = e
			}
		}
	}
	return q
}

// Entries returns the dictionary's entries in the order they were given.
func (p *Placeholders) Entries() []string { return p.entries }

// Match reports whether text s is a placeholder.
func (p *Placeholders) Match(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	f := firstByte(s)
	exact := len(s) <= p.maxLen && (p.lengths[f]&1 != 0 || len(s) < 64 && p.lengths[f]&(1<<len(s)) != 0 || f >= utf8.RuneSelf)
	email := (p.locals.n > 0 || p.domains.n > 0) && strings.IndexByte(s, '@') >= 0
	if !exact && !email && !p.firsts[f] && !p.lasts[lastByte(s)] && f < utf8.RuneSelf {
		return false
	}
	if exact {
		var buf [64]byte
		if low, ok := lowerASCII(buf[:0], s); ok {
			if _, hit := p.exact[string(low)]; hit {
				return true
			}
		} else if _, hit := p.exact[strings.ToLower(s)]; hit {
			return true
		}
	}
	if email {
		at := strings.IndexByte(s, '@')
		if p.locals.has(s[:at]) || p.domains.has(s[strings.LastIndexByte(s, '@')+1:]) {
			return true
		}
	}
	if len(p.prefix) == 0 && len(p.suffix) == 0 {
		return false
	}
	for _, x := range p.prefix {
		if len(s) >= len(x) && strings.EqualFold(s[:len(x)], x) {
			return true
		}
	}
	for _, x := range p.suffix {
		if len(s) >= len(x) && strings.EqualFold(s[len(s)-len(x):], x) {
			return true
		}
	}
	return false
}

// wordSet is a set of lower-case ASCII words with a cheap filter (first byte and length) in
// front of its map.
type wordSet struct {
	m       map[string]bool
	n       int
	lengths [256]uint64 // per first byte: bit n set for a word of length n (< 64)
}

func (w *wordSet) add(s string) {
	if w.m == nil {
		w.m = map[string]bool{}
	}
	if s == "" || len(s) >= 64 || w.m[s] {
		return
	}
	w.m[s] = true
	w.n++
	w.lengths[s[0]] |= 1 << len(s)
}

func (w wordSet) clone() wordSet {
	c := w
	c.m = maps.Clone(w.m)
	return c
}

// has reports whether s, lower-cased, is in the set.
func (w *wordSet) has(s string) bool {
	if len(s) == 0 || len(s) >= 64 || w.lengths[lowerByte(s[0])]&(1<<len(s)) == 0 {
		return false
	}
	var buf [64]byte
	low, ok := lowerASCII(buf[:0], s)
	return ok && w.m[string(low)]
}

// firstByte and lastByte return a text's first and last byte, ASCII lower-cased (0 for "").
func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return lowerByte(s[0])
}

func lastByte(s string) byte {
	if s == "" {
		return 0
	}
	return lowerByte(s[len(s)-1])
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// MatchTime reports whether a date is a placeholder date.
func (p *Placeholders) MatchTime(ms int64) bool {
	_, ok := p.times[ms]
	return ok
}

// lowerASCII appends s lower-cased to dst; ok is false when s is not ASCII.
func lowerASCII(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}

// Mark sets each vector's Missing marks from the columns' dictionaries (placeholdersFor).
func Mark(b *extract.Batch, dicts []*Placeholders) {
	for j, v := range b.Cols {
		m := make([]bool, b.Len)
		for i := range m {
			m[i] = matchMissing(v, i, dicts[j])
		}
		v.Missing = m
	}
}

// Marker returns the function that marks a batch of dataset ds for these parameters.
func (p *Params) Marker(ds *Dataset) func(*extract.Batch) {
	dicts := p.placeholdersFor(ds)
	return func(b *extract.Batch) { Mark(b, dicts) }
}

// isMissing reports whether row i of v is missing: null, blank, or a placeholder. It reads the
// marks Mark set, and matches the dictionary p when there are none.
func isMissing(v *extract.Vector, i int, p *Placeholders) bool {
	if v.Missing != nil {
		return v.Missing[i]
	}
	return matchMissing(v, i, p)
}

func matchMissing(v *extract.Vector, i int, p *Placeholders) bool {
	switch {
	case v.Null[i]:
		return true
	case v.Str != nil:
		return p.Match(v.Str[i])
	case v.Type == extract.Time:
		return p.MatchTime(v.Time[i])
	}
	return false
}
