package extract

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// An Excel workbook is read as one table per sheet. Values stream from the sheet's zip entry
// through a byte-level row scanner (xlsx_rows.go) giving the raw cell values excelize's row
// iterator gives, a row at a time; the cells' types and number formats come from a scan of the
// sample rows' XML (xlsx_scan.go). The decisions, for the README:
//
//   - Every visible sheet that holds a value is a table. Hidden sheets (lookup lists, the
//     "hiddenSheet" of a Dynamics 365 export) are read only when named, or when no visible sheet
//     holds data; a note names those left out.
//   - The header is the first row of text cells as wide as the rows below (xlsx_header.go); title
//     rows above it are skipped and the row is noted. A sheet whose first row is data has no
//     header: its columns are named by their letters ("column A").
//   - A header merged across columns names each covered column ("Address", "Address (2)"); a range
//     merged down rows repeats its value in each row of its first column.
//   - A column's numbers are dates when at least 90% of them in the sample carry a date number
//     format; they convert from the workbook's date system (1900 or 1904).
//   - Formula cells read as their cached values; error values (#N/A, #DIV/0!) read as empty and
//     are counted in a note.

// xlsxReader reads one sheet of a workbook.
type xlsxReader struct {
	part     Part
	pkg      *xlsxPackage
	xml      io.ReadCloser // the sheet's zip entry
	rows     *sheetRows
	opts     Options
	sheet    *xlsxSheet
	schema   Schema
	decs     []textDecoder
	cols     []int  // the sheet column (0-based) of each schema column
	inTable  []bool // by sheet column
	tail     sheetTail
	fill     *mergeFill
	pending  []sheetRow
	trail    trailer // rows held back as a possible footer
	repeats  int64   // rows repeating the header, skipped
	repeat1  int     // the first of them
	rowNum   int     // the last row read
	lastRec  int     // the row of the last record, or of the header
	size     int     // records per batch
	errCells []int64
	errFirst []string
	stats    Stats
	next     int64
	eof      bool
	err      error // a failure Next keeps returning
}

// xlsxParts lists the sheets of a workbook to read (see dataParts).
func xlsxParts(path string, o Options) (parts []Part, err error) {
	defer recoverError(&err, path)
	pkg, err := openPackage(path, o)
	if err != nil {
		return nil, err
	}
	defer pkg.close()
	return pkg.dataParts(o)
}

// openXLSX opens one sheet of a workbook; a Part without a sheet reads the first that Parts
// lists.
func openXLSX(p Part, o Options) (rd Reader, err error) {
	defer recoverError(&err, p.String())
	pkg, err := openPackage(p.File, o)
	if err != nil {
		return nil, err
	}
	r := &xlsxReader{part: p, pkg: pkg, opts: o}
	if err := r.open(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func (r *xlsxReader) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s", r.part, oneLine(fmt.Sprintf(format, args...)))
}

func (r *xlsxReader) note(format string, args ...any) {
	r.stats.Notes = append(r.stats.Notes, fmt.Sprintf(format, args...))
}

// open finds the sheet, opens it with excelize and reads what the stream needs up front.
func (r *xlsxReader) open() error {
	if r.part.Sheet == "" {
		parts, err := r.pkg.dataParts(r.opts)
		if err != nil {
			return err
		}
		r.part = parts[0]
	}
	s, ok := r.pkg.sheet(r.part.Sheet)
	if !ok {
		return fmt.Errorf("%s: sheet %q not found (sheets: %s)", r.part.File, r.part.Sheet, r.pkg.sheetNames())
	}
	r.sheet, r.part.Sheet = s, s.name
	if s.part == "" {
		return r.errorf("sheet is empty")
	}
	sst, err := r.pkg.sharedStrings(r.opts.Limits.withDefaults().UnzipXMLSize)
	if err != nil {
		return r.errorf("%v", err)
	}
	if r.xml, err = r.pkg.open(s.part); err != nil {
		return r.errorf("%v", err)
	}
	r.rows = newSheetRows(r.xml, sst)
	if err := r.scanTail(); err != nil {
		return r.errorf("%v", err)
	}
	r.fill = newMergeFill(r.tail.merges)
	switch {
	case s.hidden:
		r.note("sheet %q is hidden in the workbook", s.name)
	case r.opts.Sheet == "":
		if names := r.pkg.hiddenWithData(); len(names) > 0 {
			r.note("hidden sheets not read: %s (name one with --sheet to read it)", strings.Join(names, ", "))
		}
	}
	return r.start()
}

// scanTail reads the sheet's last row number and merged ranges.
func (r *xlsxReader) scanTail() (err error) {
	return r.scanSheet(func(x io.Reader) error {
		r.tail, err = scanTail(x)
		return err
	})
}

// scanSheet runs fn over a fresh stream of the sheet's XML from the package.
func (r *xlsxReader) scanSheet(fn func(io.Reader) error) error {
	rc, err := r.pkg.open(r.sheet.part)
	if err != nil {
		return err
	}
	defer rc.Close()
	return fn(rc)
}

// readRow returns the next row that holds a value, with merged values filled in; ok is false at
// the end of the sheet. Blank rows are skipped here and counted from the row numbers.
func (r *xlsxReader) readRow() (row sheetRow, ok bool, err error) {
	for {
		num, cells, ok, err := r.rows.next()
		switch {
		case errors.Is(err, errMaxRows):
			return row, false, r.errorf("%v", err)
		case err != nil:
			return row, false, r.errorf("%v", err)
		case !ok && r.rowNum < r.tail.lastRow:
			return row, false, r.errorf("malformed XML after row %d: rows up to %d could not be read", r.rowNum, r.tail.lastRow)
		case !ok:
			return row, false, nil
		}
		r.rowNum = num
		if blankRecord(cells) {
			continue
		}
		if r.fill != nil {
			cells = r.fill.apply(r.rowNum, cells)
		}
		return sheetRow{cells: cells, num: r.rowNum}, true, nil
	}
}

// start finds the header, reads the sample and decides the columns and their types.
func (r *xlsxReader) start() error {
	var head []sheetRow
	for len(head) < headerScanRows && !r.eof {
		row, ok, err := r.readRow()
		if err != nil {
			return err
		}
		r.eof = !ok
		if ok {
			head = append(head, row)
		}
	}
	if len(head) == 0 {
		return r.errorf("sheet is empty")
	}
	var header []string
	recs := head
	if h := findHeader(head); h >= 0 {
		header, r.lastRec, recs = head[h].cells, head[h].num, head[h+1:]
		header = fillHeaderMerges(header, head[h].num, r.tail.merges)
		if head[h].num > 1 {
			r.note("header found on row %d", head[h].num)
		}
	} else {
		r.lastRec = head[0].num - 1
		r.note("no header row (row %d holds data): columns are named by their letters", head[0].num)
	}
	cells := 0
	for _, rec := range recs {
		cells += len(rec.cells)
	}
	for !r.eof && len(recs) < r.opts.sampleSize() && int64(cells) < r.opts.Limits.withDefaults().MaxBatchValues {
		row, ok, err := r.readRow()
		if err != nil {
			return err
		}
		r.eof = !ok
		if ok {
			recs = append(recs, row)
			cells += len(row.cells)
		}
	}
	r.layout(header, recs)
	var kept []sheetRow
	for _, rec := range recs {
		kept = append(kept, r.offer(rec)...)
	}
	if r.eof {
		kept = append(kept, r.endRows()...)
	}
	recs = kept
	if err := r.decideTypes(recs); err != nil {
		return err
	}
	for _, rec := range recs {
		r.account(rec)
	}
	r.pending = recs
	return nil
}

// layout names the table's columns and sizes the batches.
func (r *xlsxReader) layout(header []string, recs []sheetRow) {
	r.cols = tableColumns(header, recs)
	for _, name := range columnNames(header, r.cols) {
		r.schema.Columns = append(r.schema.Columns, Column{Name: name})
	}
	width := 0
	if len(r.cols) > 0 {
		width = r.cols[len(r.cols)-1] + 1
		if r.cols[0] > 0 {
			r.note("the table starts at column %s", colName(r.cols[0]))
		}
	}
	r.inTable = make([]bool, width)
	for _, c := range r.cols {
		r.inTable[c] = true
	}
	r.size = r.opts.batchSize()
	if per := int(r.opts.Limits.withDefaults().MaxBatchValues / int64(max(1, len(r.cols)))); per < r.size {
		r.size = max(1, per)
		r.note("read in batches of %d rows: %d columns (Limits.MaxBatchValues)", r.size, len(r.cols))
	}
	r.errCells = make([]int64, len(r.cols))
	r.errFirst = make([]string, len(r.cols))
}

// offer passes a row through the footer and repeated-header filter and returns the rows that
// are records now: none while it may be a footer, or the rows held before it and itself.
func (r *xlsxReader) offer(row sheetRow) []sheetRow {
	fields := make([]string, len(r.cols))
	for j, c := range r.cols {
		fields[j] = cellAt(row.cells, c)
	}
	switch {
	case repeatedHeader(fields, r.schema.Columns):
		if r.repeats++; r.repeats == 1 {
			r.repeat1 = row.num
		}
		return nil
	case sparseRow(fields, len(r.cols)):
		r.trail.held = append(r.trail.held, heldRow{fields: fields, pos: int64(row.num), sheet: row})
		return nil
	}
	var out []sheetRow
	for _, h := range r.trail.release() {
		out = append(out, h.sheet)
	}
	return append(out, row)
}

// endRows decides the rows held at the end of the sheet: records, or a footer left out.
func (r *xlsxReader) endRows() []sheetRow {
	held, note := r.trail.end("row")
	if note != "" {
		r.note("%s", note)
	}
	var out []sheetRow
	for _, h := range held {
		out = append(out, h.sheet)
	}
	return out
}

// account counts the blank rows before a record and the values it holds outside the table.
func (r *xlsxReader) account(rec sheetRow) {
	if gap := rec.num - r.lastRec - 1; gap > 0 {
		r.stats.BlankRows += int64(gap)
	}
	r.lastRec = rec.num
	for c, s := range rec.cells {
		if (c >= len(r.inTable) || !r.inTable[c]) && !IsBlank(s) {
			r.stats.Ragged++
			if len(r.stats.RaggedSample) < maxRaggedSample {
				r.stats.RaggedSample = append(r.stats.RaggedSample, int64(rec.num))
			}
			return
		}
	}
}

// Schema implements Reader.
func (r *xlsxReader) Schema() *Schema { return &r.schema }

// Next implements Reader.
func (r *xlsxReader) Next() (b *Batch, err error) {
	if r.err != nil {
		return nil, r.err
	}
	defer func() {
		if p := recover(); p != nil {
			r.err = r.errorf("malformed workbook (%v)", p)
			b, err = nil, r.err
		}
	}()
	n := min(len(r.pending), r.size)
	recs := make([]sheetRow, n, r.size)
	copy(recs, r.pending)
	if r.pending = r.pending[n:]; len(r.pending) == 0 {
		r.pending = nil
	}
	for len(recs) < r.size && !r.eof {
		row, ok, err := r.readRow()
		if err != nil {
			r.err = err
			return nil, err
		}
		var rows []sheetRow
		if r.eof = !ok; ok {
			rows = r.offer(row)
		} else {
			rows = r.endRows()
		}
		for _, row := range rows {
			r.account(row)
			recs = append(recs, row)
		}
	}
	if len(recs) == 0 {
		return nil, io.EOF
	}
	b = &Batch{File: r.part.File, PosKind: PosRow, Record: r.next, Len: len(recs),
		Pos: make([]int64, len(recs)), Cols: make([]*Vector, len(r.cols))}
	for i, rec := range recs {
		b.Pos[i] = int64(rec.num)
	}
	for j, c := range r.cols {
		v := NewVector(r.decs[j].typ, len(recs), true)
		for i, rec := range recs {
			r.decode(j, v, i, cellAt(rec.cells, c))
		}
		b.Cols[j] = v
	}
	r.next += int64(len(recs))
	r.stats.Records = r.next
	return b, nil
}

// decode stores cell text s in row i of column j's vector: an error value reads as empty and is
// counted, a number in a date column is a date serial, anything else reads like CSV text.
func (r *xlsxReader) decode(j int, v *Vector, i int, s string) {
	d := &r.decs[j]
	switch {
	case isExcelError(s):
		v.Str[i], v.Null[i] = s, true
		if r.errCells[j]++; r.errFirst[j] == "" {
			r.errFirst[j] = s
		}
		return
	case d.typ == Time:
		if f, ok := parseFloat(s); ok {
			v.Str[i] = s
			if v.Time[i], ok = serialToMillis(f, r.pkg.date1904); !ok {
				v.Bad[i] = true
				d.bad++
			}
			return
		}
	}
	d.decode(v, i, s)
}

// Stats implements Reader.
func (r *xlsxReader) Stats() Stats {
	s := r.stats
	s.Notes = append([]string(nil), r.stats.Notes...)
	s.Bad = make([]int64, len(r.decs))
	for j := range r.decs {
		s.Bad[j] = r.decs[j].bad
		if n := r.errCells[j]; n > 0 {
			s.Notes = append(s.Notes, fmt.Sprintf("column %q: %d formula error values (first %s) read as empty", r.schema.Columns[j].Name, n, r.errFirst[j]))
		}
	}
	if r.fill != nil && r.fill.filled > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%d cells below the top of a merged range read its value", r.fill.filled))
	}
	if s.Ragged > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%d records hold values outside the table's columns, not read (first on row %d)", s.Ragged, s.RaggedSample[0]))
	}
	s.HeaderRepeats, s.FooterRows = r.repeats, r.trail.dropped
	if r.repeats > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("the header is repeated %s in the data (first on row %d): skipped, not records", plural(int(r.repeats), "time"), r.repeat1))
	}
	return s
}

// Close implements Reader.
func (r *xlsxReader) Close() error {
	var err error
	if r.xml != nil {
		err = r.xml.Close()
	}
	r.pkg.close()
	return err
}
