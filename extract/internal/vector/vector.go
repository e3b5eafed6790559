// Package vector holds one column's values for a batch of records, typed, with their nulls and
// the values that could not be parsed. It is the one type the readers of extract and the Parquet
// page decoder share; package extract exports it under its own names.
package vector

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Type is the type a column's values are decoded to.
type Type uint8

// The column types. Text that cannot be parsed as the column's type is kept as text and counted
// (Vector.Bad), never dropped.
const (
	String Type = iota
	Int
	Float
	Bool
	Time
)

var typeNames = [...]string{String: "string", Int: "int", Float: "float", Bool: "bool", Time: "time"}

// String returns the type's name as used in config and reports.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("type(%d)", t)
}

// Vector holds one column's values for the rows of a batch. Exactly one of the typed slices is
// used, chosen by Type; Null and Bad are always Len long.
type Vector struct {
	Type Type
	// Null marks absent values: a null, an empty or whitespace-only text.
	Null []bool
	// Bad marks present values that could not be parsed as Type; Str holds their text.
	Bad []bool
	// Missing marks the values the audit counts as missing: nulls and placeholders. Readers
	// leave it nil; the audit sets it once per batch (checks.Mark) so that every check does not
	// match placeholders again.
	Missing []bool
	// Str holds the text of String columns, and the original text of every value read from
	// text (CSV, Excel cells, Parquet strings), whatever the Type; nil for other typed sources.
	Str   []string
	Int   []int64
	Float []float64
	Bool  []bool
	// Time holds Unix milliseconds, UTC.
	Time []int64
}

// Text returns row i's value as text: the original text where there is one, otherwise the typed
// value formatted canonically. It returns "" for a null.
func (v *Vector) Text(i int) string {
	if v.Null[i] {
		return ""
	}
	if v.Str != nil {
		return v.Str[i]
	}
	return v.Format(i)
}

// Format formats row i's typed value canonically (times as RFC 3339 UTC).
func (v *Vector) Format(i int) string {
	switch {
	case v.Null[i]:
		return ""
	case v.Bad[i] || v.Type == String:
		return v.Str[i]
	}
	switch v.Type {
	case Int:
		return fmt.Sprint(v.Int[i])
	case Float:
		return FormatFloat(v.Float[i])
	case Bool:
		if v.Bool[i] {
			return "true"
		}
		return "false"
	case Time:
		return FormatTime(v.Time[i])
	}
	return ""
}

// New returns a vector of type t for n rows; text says whether it keeps the original text of its
// values (always so for String).
func New(t Type, n int, text bool) *Vector {
	v := &Vector{Type: t, Null: make([]bool, n), Bad: make([]bool, n)}
	if text || t == String {
		v.Str = make([]string, n)
	}
	switch t {
	case Int:
		v.Int = make([]int64, n)
	case Float:
		v.Float = make([]float64, n)
	case Bool:
		v.Bool = make([]bool, n)
	case Time:
		v.Time = make([]int64, n)
	}
	return v
}

// IsBlank reports whether s is empty or holds only white space (Unicode spaces included: a
// non-breaking space is what a spreadsheet leaves in an "empty" cell).
func IsBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return strings.TrimFunc(s[i:], unicode.IsSpace) == ""
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
			return false
		}
	}
	return true
}

// FormatFloat formats a number in the shortest form that reads back as the same float64.
func FormatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// FormatTime formats Unix milliseconds as RFC 3339 in UTC, dropping a zero time of day.
func FormatTime(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	if t.Nanosecond() == 0 {
		return t.Format(time.RFC3339)
	}
	return t.Format("2006-01-02T15:04:05.000Z07:00")
}
