package extract

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// NumberFormat is how a column writes numbers that are not plain decimals: the decimal mark,
// and whether amounts carry currency signs or digit grouping ("$22,700.00", "1.234,56 €").
type NumberFormat struct {
	// Decimal is '.' or ','; the other one, spaces and apostrophes group digits.
	Decimal byte
}

// String describes the format for reports.
func (f NumberFormat) String() string {
	if f.Decimal == ',' {
		return "decimal comma (1.234,56)"
	}
	return "decimal point (1,234.56)"
}

// currencies are the signs and codes an amount may carry before or after its digits.
var currencies = []string{"US$", "CA$", "A$", "R$", "$", "€", "£", "¥", "₹", "₩", "₽", "CHF", "USD", "EUR", "GBP",
	"CAD", "AUD", "JPY", "INR", "SEK", "NOK", "DKK", "PLN", "BRL", "MXN", "ZAR", "NZD", "SGD", "HKD", "CNY", "kr", "zł", "Fr."}

// trimCurrency removes one currency sign or code from either end of s and the space around it.
func trimCurrency(s string) (string, bool) {
	for _, c := range currencies {
		if rest, ok := strings.CutPrefix(s, c); ok {
			return trimSpaces(rest), true
		}
		if rest, ok := strings.CutSuffix(s, c); ok {
			return trimSpaces(rest), true
		}
	}
	return s, false
}

// trimSpaces trims ASCII spaces and the non-breaking spaces spreadsheets put in amounts.
func trimSpaces(s string) string {
	return strings.Trim(s, " \t\u00a0\u202f")
}

// numberShape is what one written number tells about the column's decimal mark.
type numberShape uint8

const (
	notNumber   numberShape = iota
	plainNumber             // digits and at most a '.' fraction: reads the same either way... unless grouped
	pointOnly               // only a decimal point reads it ("1,234.56", "12.5")
	commaOnly               // only a decimal comma reads it ("1.234,56", "12,5")
	eitherMark              // "1,234" or "1.234": a thousands group or a three-digit fraction
)

// scanNumber classifies a written number and returns it cleaned for both readings: with '.' as
// the decimal mark (point) and with ',' (comma). ok is false when s is not a number either way.
func scanNumber(s string) (shape numberShape, styled bool) {
	s = trimSpaces(s)
	if s == "" || len(s) > 64 {
		return notNumber, false
	}
	s, cur := trimCurrency(s)
	styled = cur
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") { // accounting negative
		s, styled = s[1:len(s)-1], true
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if s2, ok := trimCurrency(s); ok { // "-$1,234.00"
		s, styled = s2, true
	}
	_, okPoint := cleanNumber(s, '.')
	_, okComma := cleanNumber(s, ',')
	switch {
	case !okPoint && !okComma:
		return notNumber, false
	case okPoint && okComma:
		if strings.ContainsAny(s, ".,") {
			return eitherMark, true
		}
		return plainNumber, styled || strings.ContainsAny(s, " '\u00a0\u202f")
	case okPoint:
		return pointOnly, styled || strings.Contains(s, ",")
	}
	return commaOnly, true
}

// cleanNumber checks the digits of an unsigned number written with the decimal mark dec and
// groups of three digits separated by the other mark, spaces or apostrophes, and returns it as
// plain digits with a '.' fraction.
func cleanNumber(s string, dec byte) (string, bool) {
	group := byte(',')
	if dec == ',' {
		group = '.'
	}
	var out [72]byte
	n := 0
	intDigits, sinceGroup, groups := 0, 0, 0
	inFraction, sawDigit := false, false
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		switch {
		case c >= '0' && c <= '9':
			if n == len(out) {
				return "", false
			}
			out[n] = c
			n++
			sawDigit = true
			if !inFraction {
				intDigits++
				sinceGroup++
			}
		case c == dec && !inFraction:
			if groups > 0 && sinceGroup != 3 || intDigits == 0 {
				return "", false
			}
			out[n] = '.'
			n++
			inFraction = true
		case !inFraction && (c == group || c == ' ' || c == '\''):
			if intDigits == 0 || groups > 0 && sinceGroup != 3 || groups == 0 && sinceGroup > 3 {
				return "", false
			}
			groups++
			sinceGroup = 0
		case c >= utf8.RuneSelf && !inFraction:
			r, w := utf8.DecodeRuneInString(s[i:])
			if r != '\u00a0' && r != '\u202f' || intDigits == 0 || groups > 0 && sinceGroup != 3 || groups == 0 && sinceGroup > 3 {
				return "", false
			}
			groups++
			sinceGroup, size = 0, w
		default:
			return "", false
		}
		i += size
	}
	if !sawDigit || groups > 0 && !inFraction && sinceGroup != 3 || groups > 0 && inFraction && sinceGroup != 3 {
		return "", false
	}
	return string(out[:n]), true
}

// parseNumber reads a number written in format f, with currency signs, digit grouping and
// accounting parentheses allowed.
func parseNumber(s string, f NumberFormat) (float64, bool) {
	s = trimSpaces(s)
	if f.Decimal != ',' || !strings.Contains(s, ".") {
		if v, err := strconv.ParseFloat(s, 64); err == nil && plainDigits(s) {
			return v, true // the common case, without the work below
		}
	}
	neg := false
	s, _ = trimCurrency(s)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s, neg = s[1:len(s)-1], true
	}
	switch {
	case strings.HasPrefix(s, "-"):
		s, neg = s[1:], !neg
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	s, _ = trimCurrency(s)
	dec := f.Decimal
	if dec == 0 {
		dec = '.'
	}
	clean, ok := cleanNumber(s, dec)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(clean, 64)
	if neg {
		v = -v
	}
	return v, err == nil
}

// plainDigits reports whether s is a plain decimal ("-12.5"), the form strconv reads as written.
func plainDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0) {
			return false
		}
	}
	return true
}

// decideNumbers picks a column's decimal mark from its sample: values only one mark reads vote
// for it; when both kinds appear the majority wins and the note says so; "1,234" alone is read
// with a decimal point (thousands), as the US and UK write it, and the note says so.
func decideNumbers(point, comma, either int) (NumberFormat, string) {
	switch {
	case point > 0 && comma > 0:
		f := NumberFormat{Decimal: '.'}
		if comma > point {
			f.Decimal = ','
		}
		return f, fmt.Sprintf("numbers mix decimal marks (%d only readable with a point, %d only with a comma): read with a %s, the others are unparsed",
			point, comma, markName(f.Decimal))
	case comma > 0:
		return NumberFormat{Decimal: ','}, ""
	case point == 0 && either > 0:
		return NumberFormat{Decimal: '.'}, fmt.Sprintf("decimal mark not provable (%s like 1,234 or 1.234): read with a decimal point", plural(either, "value"))
	}
	return NumberFormat{Decimal: '.'}, ""
}

func markName(c byte) string {
	if c == ',' {
		return "decimal comma"
	}
	return "decimal point"
}

// numberVotes counts what a column's values say about its decimal mark.
type numberVotes struct {
	point, comma, either int // values only a point reads, only a comma, either
	numbers, styled      int // values that are numbers; those with signs, grouping or a comma
}

// add counts one value and returns its shape.
func (v *numberVotes) add(s string) numberShape {
	shape, styled := scanNumber(s)
	switch shape {
	case pointOnly:
		v.point++
	case commaOnly:
		v.comma++
	case eitherMark:
		v.either++
	}
	if shape != notNumber {
		v.numbers++
		if styled {
			v.styled++
		}
	}
	return shape
}

// decide picks the decimal mark (decideNumbers).
func (v *numberVotes) decide() (NumberFormat, string) {
	return decideNumbers(v.point, v.comma, v.either)
}

// numberFormatOf decides the decimal mark of sample values, for a column forced to be numbers.
func numberFormatOf(values []string) (NumberFormat, string) {
	var v numberVotes
	for _, s := range values {
		v.add(s)
	}
	return v.decide()
}
