package extract

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// csvReader reads a delimited text export.
type csvReader struct {
	path    string
	file    *os.File
	dec     textDecoding
	quotes  *quoteTracker
	r       *csv.Reader
	schema  Schema
	decs    []textDecoder
	pending [][]string // records read ahead to decide types
	pendPos []int64
	opts    Options
	stats   Stats
	next    int64 // record number of the next record
	last    int64 // the line the previous record (or the header) ends on
	eof     bool
	rowsEst int64 // EstimatedRows
	// Rows that are not records: a possible footer held back, rows released to be returned, and
	// repeats of the header.
	trail         trailer
	ready         []heldRow
	headerRepeats int64
	firstRepeat   int64
}

const maxRaggedSample = 10

func openCSV(p Part, o Options) (Reader, error) {
	f, err := os.Open(p.File)
	if err != nil {
		return nil, fileError(p.File, err)
	}
	c := &csvReader{path: p.File, file: f, opts: o}
	if err := c.start(); err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

// start decodes the bytes, detects the delimiter, reads the header and a sample of records, and
// decides the column types.
func (c *csvReader) start() error {
	br := bufio.NewReaderSize(c.dec.open(c.file), 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return c.errorf("%v", err)
	}
	if IsBlank(string(head)) {
		return c.errorf("empty file: a header row is required")
	}
	crLines := bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0
	if crLines {
		head = bytes.ReplaceAll(head, []byte{'\r'}, []byte{'\n'})
	}
	delim := sniffDelimiter(head)
	c.stats.Delimiter = string(delim)
	c.quotes = &quoteTracker{r: br, comma: byte(delim), crLines: crLines, line: 1}
	c.r = csv.NewReader(c.quotes)
	c.r.Comma = delim
	c.r.FieldsPerRecord = -1
	c.r.LazyQuotes = true
	c.r.ReuseRecord = true
	if err := c.readHeader(); err != nil {
		return err
	}
	if err := c.readSample(); err != nil {
		return err
	}
	c.estimate()
	return nil
}

// estimate extrapolates the number of records from the bytes the sample took.
func (c *csvReader) estimate() {
	c.rowsEst = int64(len(c.pending))
	if c.eof {
		return
	}
	fi, err := c.file.Stat()
	if off := c.r.InputOffset(); err == nil && off > 0 {
		c.rowsEst = max(c.rowsEst, int64(float64(fi.Size())*float64(len(c.pending))/float64(off)))
	}
}

// EstimatedRows implements RowEstimator.
func (c *csvReader) EstimatedRows() int64 { return c.rowsEst }

func (c *csvReader) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s", c.path, fmt.Sprintf(format, args...))
}

func (c *csvReader) readHeader() error {
	rec, err := c.r.Read()
	if err == io.EOF {
		return c.errorf("empty file: a header row is required")
	}
	if err != nil {
		return c.parseError(err)
	}
	c.last = c.endLine(rec)
	names, err := headerNames(rec)
	if err != nil {
		return c.errorf("%v", err)
	}
	for _, n := range names {
		c.schema.Columns = append(c.schema.Columns, Column{Name: n})
	}
	c.stats.Bad = make([]int64, len(names))
	return nil
}

// headerNames checks a header row and returns unique, trimmed column names: a blank name becomes
// "column N", a repeated name gets " (2)", " (3)".
func headerNames(rec []string) ([]string, error) {
	blank, data := 0, 0
	for _, h := range rec {
		switch {
		case IsBlank(h):
			blank++
		case looksLikeData(h):
			data++
		}
	}
	if blank == len(rec) {
		return nil, errors.New("no header row: the first row is empty")
	}
	if data == len(rec)-blank && len(rec) > 1 {
		return nil, fmt.Errorf("no header row: the first row holds values (%q), not column names", strings.Join(rec[:min(len(rec), 3)], ", "))
	}
	return uniqueNames(rec, func(i int) string { return fmt.Sprintf("column %d", i+1) }), nil
}

// uniqueNames trims header cells into unique column names: a blank cell i is named blank(i), a
// repeated name gets " (2)", " (3)", and a generated name never takes one the header has.
func uniqueNames(rec []string, blank func(i int) string) []string {
	given := map[string]bool{} // names the header itself has: a generated name must not take one
	for _, h := range rec {
		given[strings.TrimSpace(h)] = true
	}
	used := map[string]bool{}
	suffix := map[string]int{} // the next number to try after a name
	names := make([]string, len(rec))
	for i, h := range rec {
		name := strings.TrimSpace(h)
		generated := name == ""
		if generated {
			name = blank(i)
		}
		if used[name] || generated && given[name] {
			base := name
			for n := max(2, suffix[base]); used[name] || given[name]; n++ {
				name, suffix[base] = fmt.Sprintf("%s (%d)", base, n), n+1
			}
		}
		used[name] = true
		names[i] = name
	}
	return names
}

// looksLikeData reports whether a header cell is a number or a date rather than a name.
func looksLikeData(s string) bool {
	if _, ok := parseFloat(s); ok {
		return true
	}
	_, shape := scanDate(strings.TrimSpace(s))
	return shape != shapeNone
}

// readSample reads ahead up to SampleSize records and decides each column's type from them.
func (c *csvReader) readSample() error {
	n := c.opts.sampleSize()
	for len(c.pending) < n {
		rec, pos, err := c.readRecord()
		if err == io.EOF {
			c.eof = true
			break
		}
		if err != nil {
			return err
		}
		c.pending = append(c.pending, rec)
		c.pendPos = append(c.pendPos, pos)
	}
	c.decs = make([]textDecoder, len(c.schema.Columns))
	values := make([]string, len(c.pending))
	for j := range c.schema.Columns {
		col := &c.schema.Columns[j]
		for i, rec := range c.pending {
			values[i] = rec[j]
		}
		t, forced := c.opts.Types[col.Name]
		var note string
		c.decs[j], note = inferColumn(col, values, t, forced)
		if note != "" {
			c.stats.Notes = append(c.stats.Notes, note)
		}
	}
	return nil
}

// inferColumn decides how a text column's values are typed: as forced (by config) or as inferred
// from sample values (by its header when the sample holds none). It sets col's Type, Source and
// DateFormat, and returns the decoder for its values and a note for the report ("" when there is
// nothing to say). A date column's day/month order comes from the values either way.
func inferColumn(col *Column, values []string, forced Type, isForced bool) (textDecoder, string) {
	inf := Infer(values)
	var notes []string
	if isForced {
		col.Type, col.Source = forced, "config"
	} else {
		col.Type, col.Source = inf.Type, "inferred from "+plural(inf.Values, "value")
		if t, ok := headerType(col.Name); ok && inf.Values == 0 {
			col.Type, col.Source = t, "no values to infer from: typed by its header"
		}
	}
	dec := textDecoder{typ: col.Type}
	switch {
	case col.Type == Float && inf.Number != nil:
		dec.number = inf.Number
		col.Source += ", " + inf.Number.String()
		notes = append(notes, inf.Note)
	case col.Type == Float && isForced:
		f, note := numberFormatOf(values)
		dec.number = &f
		notes = append(notes, note)
	case !isForced && serialDates(col, inf, values):
		col.Type, dec.typ, dec.serial = Time, Time, true
		col.Source += ": Excel serial dates (1900 system)"
		notes = append(notes, "numbers read as Excel serial dates: the header names a date and every value is a serial between 1950 and 2100")
	case !isForced && compactDates(col, inf, values):
		col.Type, dec.typ, dec.compact = Time, Time, true
		col.Source += ": dates written YYYYMMDD"
		notes = append(notes, "numbers read as dates written YYYYMMDD: the header names a date and every value has eight digits starting 18 to 21")
	}
	if col.Type == Time {
		order, why := dateOrder(values)
		dec.order, col.DateFormat = order, order.String()
		notes = append(notes, why)
	}
	var note []string
	for _, n := range notes {
		if n != "" {
			note = append(note, n)
		}
	}
	if len(note) == 0 {
		return dec, ""
	}
	return dec, fmt.Sprintf("column %q: %s", col.Name, strings.Join(note, "; "))
}

// serialDates reports whether a column of numbers is dates written as Excel serials: its header
// names a date role and every sample number lies in the serials of 1950 to 2100.
func serialDates(col *Column, inf Inference, values []string) bool {
	if t, ok := headerType(col.Name); !ok || t != Time || inf.Type != Int && inf.Type != Float || inf.Values == 0 {
		return false
	}
	for _, s := range values {
		if IsBlank(s) || isNullToken(s) {
			continue
		}
		if f, ok := parseFloat(s); !ok || f < serialMin || f > serialMax {
			return false
		}
	}
	return true
}

// compactDates reports whether a column of numbers is dates written YYYYMMDD ("19560409"): its
// header names a date role, every sample number has eight digits and a year from 1800 to 2199,
// and nine in ten or more are real dates (the others, typos such as 19561340, count as
// unparsed).
func compactDates(col *Column, inf Inference, values []string) bool {
	if t, ok := headerType(col.Name); !ok || t != Time || inf.Type != Int || inf.Values == 0 {
		return false
	}
	n, good := 0, 0
	for _, s := range values {
		s = strings.TrimSpace(s)
		if s == "" || isNullToken(s) {
			continue
		}
		if len(s) != 8 || s[0] != '1' && s[0] != '2' || s[:2] < "18" || s[:2] > "21" {
			return false
		}
		n++
		if _, ok := compactText(s); ok {
			good++
		}
	}
	return n > 0 && good*10 >= n*9
}

// readRecord returns the next record, padded or cut to the header's width, and the line it
// starts on. Blank rows are skipped and counted; a repeated header is skipped and counted; rows
// that could be a report's footer are held until a record follows (then they are records) or the
// file ends (then, when one reads like a footer line, they are left out and noted). Ragged rows
// are counted when they are returned.
func (c *csvReader) readRecord() ([]string, int64, error) {
	width := len(c.schema.Columns)
	for {
		if len(c.ready) > 0 {
			h := c.ready[0]
			c.ready = c.ready[1:]
			return c.emit(h), h.pos, nil
		}
		rec, pos, raw, err := c.readRaw()
		if err == io.EOF {
			held, note := c.trail.end("line")
			if note != "" {
				c.stats.Notes = append(c.stats.Notes, note)
			}
			if len(held) == 0 {
				return nil, 0, io.EOF
			}
			c.ready = held
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		switch {
		case repeatedHeader(rec, c.schema.Columns):
			c.headerRepeats++
			if c.headerRepeats == 1 {
				c.firstRepeat = pos
			}
			continue
		case sparseRow(rec, width):
			c.trail.held = append(c.trail.held, heldRow{fields: rec, pos: pos, width: raw})
			continue
		}
		c.ready = append(c.trail.release(), heldRow{fields: rec, pos: pos, width: raw})
	}
}

// emit counts a row as ragged when its source width differs from the header's.
func (c *csvReader) emit(h heldRow) []string {
	if h.width != len(c.schema.Columns) {
		c.stats.Ragged++
		if len(c.stats.RaggedSample) < maxRaggedSample {
			c.stats.RaggedSample = append(c.stats.RaggedSample, h.pos)
		}
	}
	return h.fields
}

// readRaw returns the next non-blank row, padded or cut to the header's width, the line it starts
// on and its number of fields.
func (c *csvReader) readRaw() ([]string, int64, int, error) {
	width := len(c.schema.Columns)
	for {
		rec, err := c.r.Read()
		if err != nil {
			if err == io.EOF && c.quotes.unclosed() {
				return nil, 0, 0, c.errorf("line %d: quote never closed: the value that starts here would run to the end of the file", c.quotes.openedOn)
			}
			if err == io.EOF {
				return nil, 0, 0, err
			}
			return nil, 0, 0, c.parseError(err)
		}
		line, _ := c.r.FieldPos(0)
		if empty := int64(line) - c.last - 1; empty > 0 {
			c.stats.BlankRows += empty // encoding/csv skips empty lines without a word
		}
		c.last = c.endLine(rec)
		if blankRecord(rec) {
			c.stats.BlankRows++
			continue
		}
		out := make([]string, width)
		copy(out, rec) // ReuseRecord: the slice is reused, the strings are not
		return out, int64(line), len(rec), nil
	}
}

// endLine returns the line the record just read ends on: where its last field starts, plus the
// line breaks inside that field.
func (c *csvReader) endLine(rec []string) int64 {
	last := len(rec) - 1
	line, _ := c.r.FieldPos(last)
	return int64(line) + int64(strings.Count(rec[last], "\n"))
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if !IsBlank(f) {
			return false
		}
	}
	return true
}

func (c *csvReader) parseError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return c.errorf("line %d: %v", pe.Line, pe.Err)
	}
	return c.errorf("%v", err)
}

// Schema implements Reader.
func (c *csvReader) Schema() *Schema { return &c.schema }

// Stats implements Reader.
func (c *csvReader) Stats() Stats {
	s := c.stats
	s.HeaderRepeats, s.FooterRows = c.headerRepeats, c.trail.dropped
	if c.headerRepeats > 0 {
		s.Notes = append(slices.Clone(s.Notes), fmt.Sprintf("the header is repeated %s in the data (first at line %d): skipped, not records",
			plural(int(c.headerRepeats), "time"), c.firstRepeat))
	}
	s.Decoded = c.dec.String()
	s.Replaced = c.dec.replaced
	s.Bad = make([]int64, len(c.decs))
	for i := range c.decs {
		s.Bad[i] = c.decs[i].bad
	}
	return s
}

// Next implements Reader.
func (c *csvReader) Next() (*Batch, error) {
	size := c.opts.batchSize()
	recs := make([][]string, 0, size)
	pos := make([]int64, 0, size)
	for len(recs) < size {
		if len(c.pending) > 0 {
			recs = append(recs, c.pending[0])
			pos = append(pos, c.pendPos[0])
			c.pending, c.pendPos = c.pending[1:], c.pendPos[1:]
			continue
		}
		if c.eof {
			break
		}
		rec, p, err := c.readRecord()
		if err == io.EOF {
			c.eof = true
			break
		}
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec)
		pos = append(pos, p)
	}
	if len(recs) == 0 {
		return nil, io.EOF
	}
	b := &Batch{File: c.path, Record: c.next, Len: len(recs), Pos: pos, Cols: make([]*Vector, len(c.decs))}
	for j := range c.decs {
		v := NewVector(c.decs[j].typ, len(recs), true)
		for i, rec := range recs {
			c.decs[j].decode(v, i, rec[j])
		}
		b.Cols[j] = v
	}
	c.next += int64(len(recs))
	c.stats.Records = c.next
	return b, nil
}

// Close implements Reader.
func (c *csvReader) Close() error { return c.file.Close() }

// sniffDelimiter picks the field separator from the first records of a file: among ',', ';',
// tab and '|', the one that splits the header into the most fields and the following records
// into the same number. Separators inside quotes do not count.
func sniffDelimiter(head []byte) rune {
	best, bestScore := ',', 0.0
	for _, d := range []byte{',', ';', '\t', '|'} {
		counts := countPerRecord(head, d, 50)
		if len(counts) == 0 || counts[0] == 0 {
			continue
		}
		same := 0
		for _, n := range counts[1:] {
			if n == counts[0] {
				same++
			}
		}
		consistency := 1.0
		if len(counts) > 1 {
			consistency = float64(same) / float64(len(counts)-1)
		}
		if score := consistency*1000 + float64(counts[0]); score > bestScore {
			best, bestScore = rune(d), score
		}
	}
	return best
}

// countPerRecord counts d outside quotes in each of the first max complete records of head.
func countPerRecord(head []byte, d byte, max int) []int {
	var counts []int
	n, quoted := 0, false
	for _, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == d:
			n++
		case c == '\n':
			counts = append(counts, n)
			n = 0
			if len(counts) == max {
				return counts
			}
		}
	}
	if len(counts) == 0 {
		counts = append(counts, n) // a one-line file without a final newline
	}
	return counts
}
