package extract

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// numFmtKind says what an Excel number format shows of a number.
type numFmtKind uint8

const (
	fmtNumber  numFmtKind = iota // a plain number, currency, percentage, text (@)
	fmtDate                      // a date, with or without a time of day
	fmtClock                     // a time of day only: the number may still hold a full date
	fmtElapsed                   // a duration such as [h]:mm:ss
)

// builtinNumFmtKind classifies Excel's built-in number formats by id (ECMA-376 18.8.30): 14-17
// and 22 are dates, 18-21 and 45 and 47 clock times, 46 a duration; 27-36 and 50-58 are the
// East Asian locales' built-in date formats.
func builtinNumFmtKind(id int) numFmtKind {
	switch {
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 31, id >= 34 && id <= 36, id >= 50 && id <= 58:
		return fmtDate
	case id >= 18 && id <= 21, id == 32, id == 33, id == 45, id == 47:
		return fmtClock
	case id == 46:
		return fmtElapsed
	}
	return fmtNumber
}

// classifyNumFmt reads a custom number format code: it is a date when its first section holds a
// year, day or month token outside quoted text, escapes and [brackets], a clock time when it holds
// only hours, minutes or seconds, a duration when they are bracketed ([h]:mm).
func classifyNumFmt(code string) numFmtKind {
	if i := sectionEnd(code); i >= 0 {
		code = code[:i]
	}
	code = strings.ToLower(code)
	code = strings.NewReplacer("general", "", "am/pm", "", "a/p", "").Replace(code)
	var y, d, m, h, s, elapsed bool
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*': // an escaped character, a padding width, a fill character
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				i = len(code)
				continue
			}
			if t := code[i+1 : i+j]; t != "" && strings.Trim(t, "hms") == "" {
				elapsed = true
			}
			i += j
		case 'y', 'e':
			if c == 'e' && i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-') {
				i++ // scientific notation, 0.00E+00
				continue
			}
			y = true
		case 'd':
			d = true
		case 'm':
			m = true
		case 'h':
			h = true
		case 's':
			s = true
		}
	}
	switch {
	case y || d || (m && !h && !s):
		return fmtDate
	case elapsed:
		return fmtElapsed
	case h || s || m:
		return fmtClock
	}
	return fmtNumber
}

// sectionEnd returns the index of the first ';' outside quotes and brackets, or -1.
func sectionEnd(code string) int {
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"' && !bracket:
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case c == ';' && !bracket:
			return i
		}
	}
	return -1
}

const msPerDay = 86400000

var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).UnixMilli() // serial 0 for serials >= 60
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
)

// maxSerial is the serial of 10000-01-01 in each date system: Excel's dates end the day before.
const (
	maxSerial1900 = 2958466
	maxSerial1904 = 2957004
)

// serialToMillis converts an Excel date serial to Unix milliseconds, UTC. In the 1900 system
// serial 1 is 1900-01-01 and Excel counts a 29 February 1900 that never was (serial 60), so
// serials below 60 are a day later than the arithmetic from 1899-12-30 gives; in the 1904 system
// serial 0 is 1904-01-01. Negative serials and serials past 9999 are not dates.
func serialToMillis(serial float64, date1904 bool) (int64, bool) {
	if !(serial >= 0) { // also rejects NaN
		return 0, false
	}
	if date1904 {
		if serial >= maxSerial1904 {
			return 0, false
		}
		return epoch1904 + int64(math.Round(serial*msPerDay)), true
	}
	if serial >= maxSerial1900 {
		return 0, false
	}
	if serial < 60 {
		serial++
	}
	return epoch1900 + int64(math.Round(serial*msPerDay)), true
}

// colKinds counts what the sample's cells of one column are, as the cell scan sees them.
type colKinds struct {
	numbers int // number cells
	dates   int // numbers with a date format, or a clock format on a value past 1900
	clocks  int // numbers with a time-of-day or duration format
	bools   int // boolean cells
}

func (k *colKinds) add(c *cellInfo, fmts []numFmtKind) {
	switch c.typ {
	case "b":
		k.bools++
	case "", "n":
		k.numbers++
		var f numFmtKind
		if c.style >= 0 && c.style < len(fmts) {
			f = fmts[c.style]
		}
		switch {
		case f == fmtDate, f == fmtClock && c.num >= 366:
			k.dates++
		case f == fmtClock, f == fmtElapsed:
			k.clocks++
		}
	}
}

// serialDates reports whether the column's numbers are date serials: at least 90% of them carry
// a date or time format, and at least one a date (a column of durations stays numeric).
func (k *colKinds) serialDates() bool {
	return k.dates > 0 && float64(k.dates+k.clocks) >= minTyped*float64(k.numbers)
}

// sampleText returns a cell's text as type inference should see it: a date serial as an ISO
// date, a boolean as true or false, an error value as nothing.
func (k *colKinds) sampleText(s string, serial, date1904 bool) string {
	switch {
	case isExcelError(s):
		return ""
	case serial:
		if f, ok := parseFloat(s); ok {
			if ms, ok := serialToMillis(f, date1904); ok {
				return FormatTime(ms)
			}
		}
	case k.bools > k.numbers:
		switch s {
		case "1":
			return "true"
		case "0":
			return "false"
		}
	}
	return s
}

// decideTypes types each column from the sample records, with the number formats and cell types
// that a scan of the sample rows' XML finds.
func (r *xlsxReader) decideTypes(recs []sheetRow) error {
	kinds := make([]colKinds, len(r.cols))
	if len(recs) > 0 {
		index := make([]int, len(r.inTable))
		for j, c := range r.cols {
			index[c] = j + 1
		}
		first, last := recs[0].num, recs[len(recs)-1].num
		err := r.scanSheet(func(x io.Reader) error {
			return scanCells(x, last, func(c *cellInfo) bool {
				if c.row >= first && c.value && c.col <= len(index) && index[c.col-1] > 0 {
					kinds[index[c.col-1]-1].add(c, r.pkg.numFmts)
				}
				return true
			})
		})
		if err != nil {
			return r.errorf("malformed XML: %v", err)
		}
	}
	system := "1900"
	if r.pkg.date1904 {
		system = "1904"
	}
	values := make([]string, len(recs))
	r.decs = make([]textDecoder, len(r.cols))
	for j, c := range r.cols {
		k := &kinds[j]
		serial := k.serialDates()
		for i, rec := range recs {
			values[i] = k.sampleText(cellAt(rec.cells, c), serial, r.pkg.date1904)
		}
		col := &r.schema.Columns[j]
		var note string
		t, forced := r.opts.Types[col.Name]
		r.decs[j], note = inferColumn(col, values, t, forced)
		switch {
		case col.Type == Time && serial:
			col.DateFormat = "excel date serial, " + system + " date system"
			if col.Source != "config" {
				col.Source += " (excel date formats)"
			}
		case k.clocks > 0 && (col.Type == Int || col.Type == Float):
			note = fmt.Sprintf("column %q: times of day or durations, read as numbers of days", col.Name)
		}
		if note != "" {
			r.stats.Notes = append(r.stats.Notes, note)
		}
	}
	return nil
}
