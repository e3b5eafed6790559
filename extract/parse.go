package extract

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmready/crmready/extract/internal/vector"
)

// IsBlank reports whether s is empty or holds only white space (Unicode spaces included: a
// non-breaking space is what a spreadsheet leaves in an "empty" cell).
func IsBlank(s string) bool { return vector.IsBlank(s) }

// parseInt reads a decimal integer; with strict set (type inference) a leading zero makes the
// text not an integer, because "02134" is a postcode and "007" an identifier.
func parseInt(s string, strict bool) (int64, bool) {
	s = strings.TrimSpace(s)
	if strict && leadingZero(s) {
		return 0, false
	}
	digits := s
	if len(digits) > 0 && (digits[0] == '-' || digits[0] == '+') {
		digits = digits[1:]
	}
	if digits == "" {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false // before strconv, whose errors allocate: inference tries every value
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// leadingZero reports whether a trimmed number is written with a leading zero ("02134", "-007",
// "00.5", but not "0" or "0.5"): such text is a code, not a quantity.
func leadingZero(s string) bool {
	s = strings.TrimLeft(s, "+-")
	return len(s) > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9'
}

// parseFloat reads a decimal number; NaN, infinities, hex and underscores are not CRM numbers.
func parseFloat(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// YesNo reads row i of v as a yes/no flag (a checkbox, a soft-delete flag, a label): a Bool, the
// numbers 1 and 0, or the words CRMs write for a checkbox in any case (true/false, t/f, yes/no,
// y/n, 1/0). ok is false for a null and for anything else; callers that know more words for
// their flag ("won", "inactive") read them when ok is false.
func YesNo(v *Vector, i int) (yes, ok bool) {
	if v.Null[i] {
		return false, false
	}
	if !v.Bad[i] {
		switch v.Type {
		case Bool:
			return v.Bool[i], true
		case Int:
			return v.Int[i] == 1, v.Int[i] == 0 || v.Int[i] == 1
		case Float:
			return v.Float[i] == 1, v.Float[i] == 0 || v.Float[i] == 1
		case Time:
			return false, false
		}
	}
	return parseBool(v.Text(i), false)
}

// boolWords are the words CRMs use for a checkbox, lower-case: 1 for true, 0 for false.
var boolWords = map[string]int8{"true": 1, "t": 1, "yes": 1, "y": 1, "false": 0, "f": 0, "no": 0, "n": 0}

// parseBool reads the words CRMs use for a checkbox. Without words set it also reads 1 and 0.
func parseBool(s string, words bool) (bool, bool) {
	s = strings.TrimSpace(s)
	switch {
	case len(s) > len("false"):
		return false, false
	case s == "1":
		return true, !words
	case s == "0":
		return false, !words
	}
	var buf [len("false")]byte
	v, ok := lookupFold(boolWords, buf[:], s)
	return v == 1, ok
}

// lookupFold looks s up lower-cased in m. Type inference tries every value of a sample, so an
// ASCII s is lower-cased into buf, without the copy strings.ToLower makes.
func lookupFold[V any](m map[string]V, buf []byte, s string) (V, bool) {
	if len(s) > len(buf) {
		v, ok := m[strings.ToLower(s)]
		return v, ok
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			v, ok := m[strings.ToLower(s)]
			return v, ok
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	v, ok := m[string(buf[:len(s)])]
	return v, ok
}

// nullTokens are values that mean "no value" to every tool that wrote a CSV. They do not decide a
// column's type; whether they count as missing is the completeness check's business.
var nullTokens = map[string]bool{
	"na": true, "n/a": true, "#n/a": true, "null": true, "none": true, "nan": true, "nil": true,
	"-": true, "--": true, "?": true, "unknown": true, "(blank)": true,
}

func isNullToken(s string) bool {
	if len(s) > 9 {
		return false
	}
	var buf [9]byte
	null, _ := lookupFold(nullTokens, buf[:], strings.TrimSpace(s))
	return null
}

// minTyped is the share of a sample's non-blank values that must parse as a type for the column
// to take it; the rest are counted as unparsed values.
const minTyped = 0.9

// Inference is the outcome of deciding a text column's type from a sample of its values.
type Inference struct {
	Type  Type
	Order DateOrder
	// Number is set when a Float column writes amounts with currency signs, digit grouping or a
	// decimal comma; nil for plain decimals.
	Number *NumberFormat
	// Note explains a choice a person may want to check ("day/month order ambiguous: read as
	// M/D/Y"), or is empty.
	Note string
	// Values is the number of non-blank sample values the decision rests on.
	Values int
}

// Infer decides a column's type from sample text values. Null-like tokens ("N/A", "-") and blanks
// do not count either way.
func Infer(sample []string) Inference {
	var n, ints, floats, bools, dates, zeroOne int
	var votes numberVotes
	for _, s := range sample {
		if IsBlank(s) || isNullToken(s) {
			continue
		}
		n++
		votes.add(s)
		if _, ok := parseInt(s, true); ok {
			ints++
			if t := strings.TrimSpace(s); t == "0" || t == "1" {
				zeroOne++
			}
		}
		if _, ok := parseFloat(s); ok && !leadingZero(strings.TrimSpace(s)) {
			floats++
		}
		if _, ok := parseBool(s, true); ok {
			bools++
		}
		if _, shape := scanDate(strings.TrimSpace(s)); shape != shapeNone {
			dates++
		}
	}
	inf := Inference{Type: String, Values: n}
	enough := func(k int) bool { return n > 0 && float64(k) >= minTyped*float64(n) }
	switch {
	case n == 0:
	case enough(bools):
		inf.Type = Bool
	case enough(ints) && ints == floats: // a column with some decimals is Float, not Int with bad values
		inf.Type = Int
	case enough(floats):
		inf.Type = Float
	case enough(votes.numbers) && votes.styled > 0 && !enough(dates):
		f, note := votes.decide()
		inf.Type, inf.Number, inf.Note = Float, &f, note
	case enough(dates):
		inf.Type = Time
		inf.Order, inf.Note = dateOrder(sample)
	}
	return inf
}

// dateOrder decides the day/month order of a column from the values of a sample that are dates,
// whatever their share of the sample (a column forced to be dates takes its order from them too).
func dateOrder(sample []string) (DateOrder, string) {
	var shapes [5]int
	var seps [256]int
	for _, s := range sample {
		if f, shape := scanDate(strings.TrimSpace(s)); shape != shapeNone {
			shapes[shape]++
			seps[f.sep]++
		}
	}
	return decideOrder(shapes, seps)
}

// decideOrder picks the day/month order of a column from the shapes of its sample dates: values
// whose first number is above 12 can only be D/M/Y, second above 12 only M/D/Y. When both kinds
// appear the column is mixed and the majority wins (the rest are counted unparsed); when neither
// appears the separator decides ('.' is European) and the note says the order was not proven.
func decideOrder(shapes [5]int, seps [256]int) (DateOrder, string) {
	dmy, mdy, amb := shapes[shapeDMYOnly], shapes[shapeMDYOnly], shapes[shapeAmbiguous]
	switch {
	case dmy > 0 && mdy > 0:
		order := MDY
		if dmy > mdy {
			order = DMY
		}
		return order, fmt.Sprintf("dates mix day/month orders (%d only valid as D/M/Y, %d only as M/D/Y): read as %s, the others are unparsed", dmy, mdy, order)
	case dmy > 0:
		return DMY, ""
	case mdy > 0:
		return MDY, ""
	case amb > 0:
		order := MDY
		if seps['.'] > seps['/'] {
			order = DMY
		}
		return order, fmt.Sprintf("day/month order not provable (no day above 12 in %s): read as %s", plural(amb, "date"), order)
	}
	return MDY, ""
}

// textDecoder turns one column's text values into typed values, counting what it cannot parse.
type textDecoder struct {
	typ     Type
	order   DateOrder
	number  *NumberFormat // amounts with signs, grouping or a decimal comma; nil for plain numbers
	serial  bool          // numbers in a date column are Excel serial dates (1900 system)
	compact bool          // numbers in a date column are dates written YYYYMMDD
	bad     int64
}

// decode stores text s in row i of v.
func (d *textDecoder) decode(v *Vector, i int, s string) {
	if v.Str != nil {
		v.Str[i] = s
	}
	if IsBlank(s) {
		v.Null[i] = true
		return
	}
	ok := true
	switch d.typ {
	case Int:
		v.Int[i], ok = parseInt(s, false)
	case Float:
		if d.number != nil {
			v.Float[i], ok = parseNumber(s, *d.number)
		} else {
			v.Float[i], ok = parseFloat(s)
		}
	case Bool:
		v.Bool[i], ok = parseBool(s, false)
	case Time:
		if d.compact { // YYYYMMDD
			v.Time[i], ok = compactText(s)
			break
		}
		v.Time[i], ok = ParseTime(s, d.order)
		if !ok && d.serial {
			v.Time[i], ok = serialText(s)
		}
	}
	if !ok {
		v.Bad[i] = true
		d.bad++
	}
}

// serialText reads a number written as text as an Excel serial date in the 1900 system (what a
// spreadsheet saved as CSV leaves in a date column whose format was lost).
func serialText(s string) (int64, bool) {
	f, ok := parseFloat(s)
	if !ok || f < serialMin || f > serialMax {
		return 0, false
	}
	return serialToMillis(f, false)
}

// compactText reads a date written YYYYMMDD ("19560409"); a day or month out of range does not
// read.
func compactText(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 8 {
		return 0, false
	}
	t, err := time.Parse("20060102", s)
	if err != nil {
		return 0, false
	}
	return t.UnixMilli(), true
}

// Serial dates a CRM column may hold: 1 January 1950 to 31 December 2100.
const serialMin, serialMax = 18264, 73415

// plural writes n and a noun made plural with an s when n is not 1: "1 date", "2 dates".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// formatFloat formats a number in the shortest form that reads back as the same float64.
func formatFloat(f float64) string { return vector.FormatFloat(f) }

// Type returns the type d parses text as (parquet.Decoder).
func (d *textDecoder) Type() Type { return d.typ }

// Decode stores text s in row i of v, parsed (parquet.Decoder).
func (d *textDecoder) Decode(v *Vector, i int, s string) { d.decode(v, i, s) }
