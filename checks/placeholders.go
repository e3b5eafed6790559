package checks

import (
	"strings"
	"unicode/utf8"

	"github.com/crmready/crmready/extract"
)

// BuiltinPlaceholders are the values CRM users type instead of nothing. Matching ignores case
// and surrounding space; a '*' at the start or end of an entry matches any text there
// ("noemail@*").
var BuiltinPlaceholders = []string{
	"N/A", "NA", "#N/A", "none", "null", "nil", "unknown", "-", "--", "?", ".", "tbd", "test",
	"asdf", "xxx", "Select", "[not provided]", "not provided", "noemail@*", "test@test.com",
	"000-000-0000", "1/1/1900",
}

// Placeholders is a dictionary of placeholder values.
type Placeholders struct {
	entries []string
	exact   map[string]string // lower-cased value -> entry
	prefix  []string          // lower-cased, from "abc*"
	suffix  []string          // lower-cased, from "*abc"
	maxLen  int
	times   map[int64]string // placeholder dates ("1/1/1900") as Unix milliseconds
}

// NewPlaceholders builds a dictionary from entries.
func NewPlaceholders(entries []string) *Placeholders {
	p := &Placeholders{exact: map[string]string{}, times: map[int64]string{}}
	return p.With(entries)
}

// With returns a copy of p that also holds entries.
func (p *Placeholders) With(entries []string) *Placeholders {
	q := &Placeholders{exact: map[string]string{}, times: map[int64]string{}, maxLen: p.maxLen}
	for k, v := range p.exact {
		q.exact[k] = v
	}
	for k, v := range p.times {
		q.times[k] = v
	}
	q.prefix = append(q.prefix, p.prefix...)
	q.suffix = append(q.suffix, p.suffix...)
	q.entries = append(q.entries, p.entries...)
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		q.entries = append(q.entries, e)
		low := strings.ToLower(e)
		switch {
		case strings.HasSuffix(low, "*"):
			q.prefix = append(q.prefix, strings.TrimSuffix(low, "*"))
		case strings.HasPrefix(low, "*"):
			q.suffix = append(q.suffix, strings.TrimPrefix(low, "*"))
		default:
			q.exact[low] = e
			q.maxLen = max(q.maxLen, len(low))
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
	if len(s) <= p.maxLen {
		var buf [64]byte
		if low, ok := lowerASCII(buf[:0], s); ok {
			if _, hit := p.exact[string(low)]; hit {
				return true
			}
		} else if _, hit := p.exact[strings.ToLower(s)]; hit {
			return true
		}
	}
	if len(p.prefix) == 0 && len(p.suffix) == 0 {
		return false
	}
	low := strings.ToLower(s)
	for _, x := range p.prefix {
		if strings.HasPrefix(low, x) {
			return true
		}
	}
	for _, x := range p.suffix {
		if strings.HasSuffix(low, x) {
			return true
		}
	}
	return false
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

// isMissing reports whether row i of v is missing: null, blank, or a placeholder.
func isMissing(v *extract.Vector, i int, p *Placeholders) bool {
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
