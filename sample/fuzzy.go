package sample

import (
	"fmt"
	"strings"
)

// fuzzyCopies appends, for about Rates.Fuzzy of the generated people, another record of the same
// person written differently, as a second sign-up or an import would: a misspelt last or first
// name or a nickname, the email address rebuilt from the name as written (same number, same
// domain), no phone, for leads sometimes the company without its legal form or in capitals.
// No exact or normalized key of the copy equals its source's, so only the fuzzy tier can join
// them; the truth logs each as fuzzy_duplicate of its source.
func (g *gen) fuzzyCopies(t *table) {
	n := g.o.Rows
	id, first, last, email, phone := t.col("Id"), t.col("FirstName"), t.col("LastName"), t.col("Email"), t.phoneCol()
	company := t.index("Company")
	used := map[int]bool{}
	for k := 0; k < n; k++ {
		if !g.chance(g.o.Rates.Fuzzy) {
			continue
		}
		src := g.r.IntN(n)
		if used[src] || t.rows[src].v[email].missing { // the copy's email is made from the source's
			continue
		}
		used[src] = true
		cp, rec := t.copyOf(src, id)
		var what string
		f, l := cp.v[first].s, cp.v[last].s
		switch nick := nicknames[f]; {
		case len(nick) > 0 && g.chance(0.5):
			f = g.pick(nick)
			what = "nickname FirstName " + cp.v[first].s + " -> " + f
		case g.chance(0.3):
			f = g.typo(f)
			what = "typo FirstName " + cp.v[first].s + " -> " + f
		default:
			l = g.typo(l)
			what = "typo LastName " + cp.v[last].s + " -> " + l
		}
		cp.v[first], cp.v[last] = value{s: f}, value{s: l}
		old := cp.v[email].s
		at := strings.LastIndexByte(old, '@')
		num := old[strings.LastIndexByte(old[:at], '.')+1 : at]
		cp.v[email] = value{s: fmt.Sprintf("%s.%s.%s%s", lower(f), lower(l), num, old[at:])}
		if phone >= 0 && !cp.v[phone].missing {
			cp.v[phone] = value{null: true, missing: true}
			t.inject(rec, t.fields[phone].name, "missing", "", 0)
		}
		if company >= 0 && !cp.v[company].missing && g.chance(0.5) {
			c := cp.v[company].s
			for _, form := range legalForms {
				if form != "" && strings.HasSuffix(c, form) {
					c = strings.TrimSuffix(c, form)
				}
			}
			if c == cp.v[company].s {
				c = strings.ToUpper(c)
			}
			what += "; Company " + cp.v[company].s + " -> " + c
			cp.v[company] = value{s: c}
		}
		t.rows = append(t.rows, cp)
		t.inject(rec, "", "fuzzy_duplicate", what, src+1)
	}
}

// typo misspells a name the way typing does: a letter replaced, dropped, doubled, or two
// swapped; never the first letter, and never only a change of case. Names are ASCII.
func (g *gen) typo(s string) string {
	b := []byte(s)
	if len(b) < 3 {
		return s + string(b[len(b)-1])
	}
	for range 20 {
		i := 1 + g.r.IntN(len(b)-1)
		var out []byte
		switch g.r.IntN(4) {
		case 0: // replaced
			c := byte('a' + g.r.IntN(26))
			out = append(append(append([]byte{}, b[:i]...), c), b[i+1:]...)
		case 1: // dropped
			if len(b) < 5 {
				continue
			}
			out = append(append([]byte{}, b[:i]...), b[i+1:]...)
		case 2: // doubled
			out = append(append(append([]byte{}, b[:i+1]...), b[i]), b[i+1:]...)
		default: // swapped with the next
			if i+1 >= len(b) {
				continue
			}
			out = append([]byte{}, b...)
			out[i], out[i+1] = out[i+1], out[i]
		}
		if !strings.EqualFold(string(out), s) {
			return string(out)
		}
	}
	return s + "e"
}
