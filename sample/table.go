package sample

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// kind is how a field's values are written.
type kind uint8

const (
	text  kind = iota
	stamp      // a timestamp, written as Data Loader does: 2026-11-25T10:00:00.000Z
	date       // a date: 2026-11-25
	flag       // true / false
	money      // a decimal amount
)

// field is one column of a generated table.
type field struct {
	name string
	role string // the role crmready should detect, for the truth
	kind kind
	// defects: which injections apply to this field.
	missing, placeholder bool
	placeholders         string // key in placeholderValues
	// closedOnly: only closed (won or lost) opportunities need a value.
	closedOnly bool
}

// value is one generated cell.
type value struct {
	s       string    // text, for text fields
	t       time.Time // for stamp and date fields
	b       bool      // for flags
	f       float64   // for money
	null    bool      // left blank
	missing bool      // null or a placeholder: not a value for completeness and duplicate keys
}

// row is one generated record and what the generator knows of it.
type row struct {
	v []value
	// ageFrom is the date the record's age is taken from (last activity, else update, else
	// creation), never after as_of.
	ageFrom time.Time
	future  int // dates after as_of in the staleness columns
	label   *bool
}

// table is a generated extract with its injection log.
type table struct {
	name, object      string
	fields            []field
	rows              []row
	log               []Injection
	pairs             [][2]int // 1-based record pairs that are exact duplicates (from the log)
	nearPairs         [][2]int // pairs that are duplicates once normalized
	idDups, recDups   int
	emailDups         int
	normEmail, phones int // normalized-tier repeats (exact copies included)
}

// Injection is one defect the generator put into a record.
type Injection struct {
	Record int    `json:"record"`
	Column string `json:"column,omitempty"`
	Defect string `json:"defect"`
	Value  string `json:"value,omitempty"`
	// Of is the earlier record a duplicate copies.
	Of int `json:"of,omitempty"`
}

// col is the index of a field every table has.
func (t *table) col(name string) int {
	if i := t.index(name); i >= 0 {
		return i
	}
	panic("sample: no field " + name)
}

// index is the index of a field, or -1 when the table has none.
func (t *table) index(name string) int {
	return slices.IndexFunc(t.fields, func(f field) bool { return f.name == name })
}

// phoneCol is the index of the Phone field, or -1.
func (t *table) phoneCol() int { return t.index("Phone") }

// copyOf returns a copy of row src under the id of the record it becomes once appended, and
// that record's number.
func (t *table) copyOf(src, id int) (row, int) {
	cp := t.rows[src]
	cp.v = append([]value(nil), cp.v...)
	rec := len(t.rows) + 1
	cp.v[id] = value{s: fmt.Sprintf("%s-%07d", t.name[:3], rec)}
	return cp, rec
}

func (t *table) inject(rec int, column, defect, v string, of int) {
	t.log = append(t.log, Injection{Record: rec, Column: column, Defect: defect, Value: v, Of: of})
}

// text renders a cell as CSV text.
func (v value) text(k kind) string {
	if v.null {
		return ""
	}
	switch k {
	case stamp:
		return v.t.UTC().Format("2006-01-02T15:04:05.000Z")
	case date:
		return v.t.UTC().Format(time.DateOnly)
	case flag:
		if v.b {
			return "true"
		}
		return "false"
	case money:
		return fmt.Sprintf("%.2f", v.f)
	}
	return v.s
}

// defects applies missing and placeholder injections to the fields that take them.
func (g *gen) defects(t *table, rec int, vs []value) {
	for j, f := range t.fields {
		switch {
		case f.missing && g.chance(g.o.Rates.Missing):
			vs[j] = value{null: true, missing: true}
			t.inject(rec, f.name, "missing", "", 0)
		case f.placeholder && g.chance(g.o.Rates.Placeholder):
			ph := placeholderValues[f.placeholders]
			if ph == nil {
				ph = placeholderValues["default"]
			}
			p := g.pick(ph)
			vs[j] = value{s: p, missing: true}
			t.inject(rec, f.name, "placeholder", p, 0)
		}
	}
}

// duplicates appends exact copies (new id, same values) and same-id records (an earlier id,
// new values) after the generated records, logging each.
func (g *gen) duplicates(t *table, fresh func(n int) row) {
	n := len(t.rows)
	id, email := t.col("Id"), t.col("Email")
	nearUsed := map[int]bool{} // two near copies of one record would be exact copies of each other
	for k := 0; k < n; k++ {
		if g.chance(g.o.Rates.Duplicate) {
			src := g.r.IntN(n)
			cp, rec := t.copyOf(src, id)
			t.rows = append(t.rows, cp)
			t.inject(rec, "", "duplicate", "", src+1)
			t.pairs = append(t.pairs, [2]int{src + 1, rec})
			t.recDups++
			if !cp.v[email].missing {
				t.emailDups++
				t.normEmail++
			}
			if p := t.phoneCol(); p >= 0 && !cp.v[p].missing {
				t.phones++
			}
		}
		if g.chance(g.o.Rates.Near) {
			src := g.r.IntN(n)
			for tries := 0; (t.rows[src].v[email].missing || nearUsed[src]) && tries < 100; tries++ {
				src = g.r.IntN(n) // a near copy differs from its source by its email's case
			}
			if t.rows[src].v[email].missing || nearUsed[src] {
				continue
			}
			nearUsed[src] = true
			cp, rec := t.copyOf(src, id)
			if e := cp.v[email]; !e.missing {
				cp.v[email] = value{s: strings.ToUpper(e.s)}
				t.normEmail++
			}
			if p := t.phoneCol(); p >= 0 && !cp.v[p].missing {
				cp.v[p] = value{s: phoneVariant(cp.v[p].s)}
				t.phones++
			}
			t.rows = append(t.rows, cp)
			t.inject(rec, "", "near_duplicate", "", src+1)
			t.nearPairs = append(t.nearPairs, [2]int{src + 1, rec})
		}
		if g.chance(g.o.Rates.SameID) {
			src := g.r.IntN(n)
			rec := len(t.rows) + 1
			r := fresh(rec)
			r.v[id] = t.rows[src].v[id]
			t.rows = append(t.rows, r)
			t.inject(rec, "Id", "same_id", r.v[id].s, src+1)
			t.pairs = append(t.pairs, [2]int{src + 1, rec})
			t.idDups++
		}
	}
}
