package extract

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// csvReader reads a delimited text export.
type csvReader struct {
	path    string
	file    *os.File
	dec     textDecoding
	r       *csv.Reader
	schema  Schema
	decs    []textDecoder
	pending [][]string // records read ahead to decide types
	pendPos []int64
	opts    Options
	stats   Stats
	next    int64 // record number of the next record
	eof     bool
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
	delim := sniffDelimiter(head)
	c.stats.Delimiter = string(delim)
	c.r = csv.NewReader(br)
	c.r.Comma = delim
	c.r.FieldsPerRecord = -1
	c.r.LazyQuotes = true
	c.r.ReuseRecord = true
	if err := c.readHeader(); err != nil {
		return err
	}
	return c.readSample()
}

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
	seen := map[string]int{}
	names := make([]string, len(rec))
	for i, h := range rec {
		h = strings.TrimSpace(h)
		if h == "" {
			h = fmt.Sprintf("column %d", i+1)
		}
		seen[h]++
		if n := seen[h]; n > 1 {
			h = fmt.Sprintf("%s (%d)", h, n)
		}
		names[i] = h
	}
	return names, nil
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
		if t, ok := c.opts.Types[col.Name]; ok {
			col.Type, col.Source = t, "config"
			for i, rec := range c.pending {
				values[i] = rec[j]
			}
			inf := Infer(values)
			c.decs[j] = textDecoder{typ: t, order: inf.Order}
			if t == Time {
				col.DateFormat = inf.Order.String()
			}
			continue
		}
		for i, rec := range c.pending {
			values[i] = rec[j]
		}
		var note string
		c.decs[j], note = inferColumn(col, values)
		if note != "" {
			c.stats.Notes = append(c.stats.Notes, note)
		}
	}
	return nil
}

// inferColumn decides a text column's type from sample values (by its header when the sample
// holds none), sets col's Type, Source and DateFormat, and returns the decoder for its values and
// a note for the report ("" when there is nothing to say).
func inferColumn(col *Column, values []string) (textDecoder, string) {
	inf := Infer(values)
	col.Type = inf.Type
	col.Source = fmt.Sprintf("inferred from %d values", inf.Values)
	if t, ok := headerType(col.Name); ok && inf.Values == 0 {
		inf.Type = t
		col.Type, col.Source = t, "no values to infer from: typed by its header"
	}
	note := ""
	if inf.Type == Time {
		col.DateFormat = inf.Order.String()
		if inf.Note != "" {
			note = fmt.Sprintf("column %q: %s", col.Name, inf.Note)
		}
	}
	return textDecoder{typ: inf.Type, order: inf.Order}, note
}

// readRecord returns the next non-blank record, padded or cut to the header's width, and the
// line it starts on. Blank rows are skipped and counted; ragged rows are counted.
func (c *csvReader) readRecord() ([]string, int64, error) {
	width := len(c.schema.Columns)
	for {
		rec, err := c.r.Read()
		if err != nil {
			if err == io.EOF {
				return nil, 0, err
			}
			return nil, 0, c.parseError(err)
		}
		line, _ := c.r.FieldPos(0)
		if blankRecord(rec) {
			c.stats.BlankRows++
			continue
		}
		if len(rec) != width {
			c.stats.Ragged++
			if len(c.stats.RaggedSample) < maxRaggedSample {
				c.stats.RaggedSample = append(c.stats.RaggedSample, int64(line))
			}
		}
		out := make([]string, width)
		copy(out, rec) // ReuseRecord: the slice is reused, the strings are not
		return out, int64(line), nil
	}
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
