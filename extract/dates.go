package extract

import (
	"strings"
	"time"

	"github.com/crmready/crmready/extract/internal/vector"
)

// DateOrder is the order of day, month and year in a numeric date.
type DateOrder uint8

// The date orders. ISO dates (year first) read the same under every order.
const (
	MDY DateOrder = iota // 1/12/2026 is January 12 (US reports)
	DMY                  // 1/12/2026 is 1 December (European reports)
)

func (o DateOrder) String() string {
	if o == DMY {
		return "D/M/Y"
	}
	return "M/D/Y"
}

// dateShape says what a text date tells about its own day/month order.
type dateShape uint8

const (
	shapeNone      dateShape = iota // not a date
	shapeFixed                      // year first, or a month name: no order to decide
	shapeAmbiguous                  // both leading numbers are 12 or less
	shapeDMYOnly                    // first number above 12: only day-month-year reads it
	shapeMDYOnly                    // second number above 12: only month-day-year reads it
)

// dateFields are the parts of a date/time written as text, before the order is applied.
type dateFields struct {
	a, b, c    int  // the three numbers of the date, in written order
	yearFirst  bool // a is the year
	month      int  // a month written as a name (then a or b is the day), 0 if none
	hour, min  int
	sec, milli int
	offset     int // seconds east of UTC
	sep        byte
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

// scanner walks a date text token by token.
type scanner struct {
	s string
	i int
}

func (p *scanner) done() bool { return p.i >= len(p.s) }

func (p *scanner) peek() byte {
	if p.done() {
		return 0
	}
	return p.s[p.i]
}

// number reads up to max digits; n is the count read.
func (p *scanner) number(max int) (v, n int) {
	for n < max && !p.done() && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
		n++
	}
	return v, n
}

func (p *scanner) word() string {
	start := p.i
	for !p.done() && isLetter(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *scanner) skipSpaces() {
	for !p.done() && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *scanner) accept(c byte) bool {
	if p.peek() == c {
		p.i++
		return true
	}
	return false
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// scanDate reads the date part and an optional time of day from s (already trimmed). It accepts
// ISO 8601 and Data Loader timestamps, numeric dates separated by '/', '.' or '-', and dates with
// an English month name ("15 Apr, 2021", "Apr 15, 2021", "15-Apr-2021").
func scanDate(s string) (dateFields, dateShape) {
	var f dateFields
	p := scanner{s: s}
	var shape dateShape
	if isLetter(p.peek()) {
		shape = f.scanMonthFirst(&p)
	} else {
		shape = f.scanNumeric(&p)
	}
	if shape == shapeNone {
		return f, shapeNone
	}
	if !f.scanTime(&p) {
		return f, shapeNone
	}
	return f, shape
}

// scanMonthFirst reads "Apr 15, 2021" and "April 15 2021".
func (f *dateFields) scanMonthFirst(p *scanner) dateShape {
	var buf [len("september")]byte
	m, ok := lookupFold(monthNames, buf[:], p.word())
	if !ok {
		return shapeNone
	}
	p.accept('.')
	p.skipSpaces()
	p.accept('-')
	d, n := p.number(2)
	if n == 0 {
		return shapeNone
	}
	p.accept(',')
	p.skipSpaces()
	p.accept('-')
	y, n := p.number(4)
	if n != 4 {
		return shapeNone
	}
	f.month, f.a, f.c = m, d, y
	return shapeFixed
}

// scanNumeric reads "2026-11-25", "1/12/2026", "12.01.26", "15 Apr, 2021" and "15-Apr-2021".
func (f *dateFields) scanNumeric(p *scanner) dateShape {
	a, na := p.number(4)
	if na == 0 {
		return shapeNone
	}
	sep := p.peek()
	if sep != '-' && sep != '/' && sep != '.' && sep != ' ' {
		return shapeNone
	}
	p.i++
	if isLetter(p.peek()) { // 15 Apr, 2021 / 15-Apr-2021
		var buf [len("september")]byte
		m, ok := lookupFold(monthNames, buf[:], p.word())
		if !ok || na > 2 {
			return shapeNone
		}
		p.accept('.')
		p.accept(',')
		if !p.accept(sep) && sep != ' ' {
			return shapeNone
		}
		p.skipSpaces()
		y, n := p.number(4)
		if n != 4 && n != 2 {
			return shapeNone
		}
		f.month, f.a, f.c = m, a, expandYear(y, n)
		return shapeFixed
	}
	if sep == ' ' {
		return shapeNone
	}
	b, nb := p.number(2)
	if nb == 0 || !p.accept(sep) {
		return shapeNone
	}
	c, nc := p.number(4)
	f.sep = sep
	if na == 4 { // year first: ISO and 2026/11/25
		if nc == 0 || nc > 2 {
			return shapeNone
		}
		f.a, f.b, f.c, f.yearFirst = a, b, c, true
		return shapeFixed
	}
	if na > 2 || (nc != 4 && nc != 2) {
		return shapeNone
	}
	f.a, f.b, f.c = a, b, expandYear(c, nc)
	switch {
	case a > 12 && b > 12:
		return shapeNone
	case a > 12:
		return shapeDMYOnly
	case b > 12:
		return shapeMDYOnly
	}
	return shapeAmbiguous
}

// expandYear reads a two-digit year the way Excel does: 00-29 are 2000s, 30-99 are 1900s.
func expandYear(y, digits int) int {
	if digits != 2 {
		return y
	}
	if y < 30 {
		return 2000 + y
	}
	return 1900 + y
}

// scanTime reads an optional time of day after the date: "T15:04:05.000Z", " 14:03",
// " 2:03 PM", " 00:03:00", "+01:00". It reports whether the rest of the text was understood.
func (f *dateFields) scanTime(p *scanner) bool {
	if p.done() {
		return true
	}
	if !p.accept('T') {
		p.accept(',')
		if p.peek() != ' ' {
			return false
		}
		p.skipSpaces()
	}
	h, n := p.number(2)
	if n == 0 || !p.accept(':') {
		return false
	}
	m, n := p.number(2)
	if n != 2 {
		return false
	}
	f.hour, f.min = h, m
	if p.accept(':') {
		if f.sec, n = p.number(2); n != 2 {
			return false
		}
		if p.accept('.') || p.accept(',') {
			frac, n := p.number(9)
			if n == 0 {
				return false
			}
			for ; n < 3; n++ {
				frac *= 10
			}
			for ; n > 3; n-- {
				frac /= 10
			}
			f.milli = frac
		}
	}
	p.skipSpaces()
	if w := strings.ToLower(p.s[p.i:min(p.i+2, len(p.s))]); w == "am" || w == "pm" {
		if f.hour < 1 || f.hour > 12 {
			return false
		}
		f.hour %= 12
		if w == "pm" {
			f.hour += 12
		}
		p.i += 2
		p.skipSpaces()
	}
	return f.scanZone(p)
}

// scanZone reads "Z", "UTC", "+01:00", "+0100" or nothing.
func (f *dateFields) scanZone(p *scanner) bool {
	switch {
	case p.done():
		return true
	case p.accept('Z'):
	case strings.EqualFold(p.s[p.i:], "UTC") || strings.EqualFold(p.s[p.i:], "GMT"):
		p.i = len(p.s)
	case p.peek() == '+' || p.peek() == '-':
		sign := 1
		if p.s[p.i] == '-' {
			sign = -1
		}
		p.i++
		h, n := p.number(2)
		if n != 2 || h > 23 {
			return false
		}
		colon := p.accept(':')
		m, n := p.number(2)
		if n == 1 || colon && n == 0 || m > 59 {
			return false // "+01:", "+01:3", "+01:75"
		}
		f.offset = sign * (h*3600 + m*60)
	default:
		return false
	}
	return p.done()
}

// resolve applies order to the fields and returns Unix milliseconds, UTC.
func (f *dateFields) resolve(order DateOrder) (int64, bool) {
	var y, m, d int
	switch {
	case f.month != 0:
		y, m, d = f.c, f.month, f.a
	case f.yearFirst:
		y, m, d = f.a, f.b, f.c
	case order == DMY:
		y, m, d = f.c, f.b, f.a
	default:
		y, m, d = f.c, f.a, f.b
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(m, y) || f.hour > 23 || f.min > 59 || f.sec > 60 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, f.hour, f.min, f.sec, f.milli*int(time.Millisecond), time.UTC)
	return t.UnixMilli() - int64(f.offset)*1000, true
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ParseTime reads a text date or timestamp with the given day/month order; a time without a zone
// is UTC.
func ParseTime(s string, order DateOrder) (ms int64, ok bool) {
	f, shape := scanDate(strings.TrimSpace(s))
	if shape == shapeNone {
		return 0, false
	}
	return f.resolve(order)
}

// FormatTime formats Unix milliseconds as RFC 3339 in UTC, dropping a zero time of day.
func FormatTime(ms int64) string { return vector.FormatTime(ms) }
