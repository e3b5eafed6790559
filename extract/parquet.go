package extract

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/crmready/crmready/extract/internal/parquet"
)

// parquetReader reads a Parquet file column by column, page by page, with the page decoder of
// internal/parquet, and turns what it decodes into batches: text columns typed as CSV types
// them, the types config forces applied, the columns decoded in parallel.
type parquetReader struct {
	path   string
	src    parquetSource
	size   int64
	opts   Options
	lim    Limits
	file   *parquet.File
	schema Schema
	flat   []*parquet.Column // per schema column: its leaf, nil when the column is skipped
	cols   []*parquet.Column // one per leaf
	decs   []*textDecoder    // per schema column: how its text is parsed (inferred or config)
	forced []*textDecoder    // per schema column: the type config forces on a typed column
	stats  Stats

	rows      int64 // in the file
	next      int64 // the next row to read
	rg        int   // row group of the next row
	rgRow     int64 // its row in the row group
	batchRows int
	pending   *Batch // the first batch, read at open to infer text columns' types
	done      bool   // every column chunk was checked
	err       error  // sticky: a reader that failed keeps failing
}

// recoverPanics turns a panic while reading a file into an error naming the file. The fuzz test
// turns it off to see the panics themselves.
var recoverPanics = true

// recovered returns the panic value when panics are recovered, and lets it go on otherwise.
func recovered(v any) any {
	if v != nil && !recoverPanics {
		panic(v)
	}
	return v
}

// openParquet opens a .parquet file (see formats in open.go).
func openParquet(p Part, o Options) (Reader, error) {
	f, err := os.Open(p.File)
	if err != nil {
		return nil, fileError(p.File, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fileError(p.File, err)
	}
	return newParquetReader(p.File, f, fi.Size(), o)
}

// parquetSource is what a Parquet file is read from.
type parquetSource interface {
	io.ReaderAt
	io.Closer
}

// newParquetReader reads the size bytes of src as the Parquet file named name; closing the
// reader closes src.
func newParquetReader(name string, src parquetSource, size int64, o Options) (rd Reader, err error) {
	r := &parquetReader{path: name, src: src, size: size, opts: o, lim: o.Limits.withDefaults()}
	defer func() {
		if v := recovered(recover()); v != nil {
			err = fmt.Errorf("malformed file: %v", v)
		}
		if err != nil {
			r.Close()
			rd, err = nil, fmt.Errorf("%s: %w", name, err)
		}
	}()
	if err := r.open(); err != nil {
		return nil, err
	}
	b, err := r.read()
	if err != nil && err != io.EOF {
		return nil, err
	}
	r.decide(b)
	r.pending = b
	return r, nil
}

// open reads and checks the footer and builds the schema.
func (r *parquetReader) open() error {
	var err error
	if r.file, err = parquet.Open(r.src, r.size, r.lim.parquet()); err != nil {
		return err
	}
	fields := r.file.Fields()
	cols := make([]Column, len(fields))
	for j, f := range fields {
		cols[j] = Column{Name: f.Name, Type: f.Type, Source: f.Source, Skipped: f.Skipped}
	}
	r.schema.Columns, r.cols, r.rows = cols, r.file.Columns(), r.file.Rows()
	r.stats.Bad = make([]int64, len(cols))
	r.decs = make([]*textDecoder, len(cols))
	r.forced = make([]*textDecoder, len(cols))
	r.flat = make([]*parquet.Column, len(cols))
	for _, c := range r.cols {
		if !c.Nested() {
			r.flat[c.Field()] = c
		}
	}
	r.batchRows = r.opts.batchSize()
	if len(cols) > 0 {
		r.batchRows = int(max(1, min(int64(r.batchRows), r.lim.MaxBatchValues/int64(len(cols)))))
	}
	if r.batchRows < r.opts.batchSize() && r.rows > int64(r.batchRows) {
		r.stats.Notes = append(r.stats.Notes, fmt.Sprintf("read in batches of %d rows: %d columns (Limits.MaxBatchValues)", r.batchRows, len(cols)))
	}
	return nil
}

// decide settles the type of text columns from the first batch as CSV does (inferred, or forced
// by config) and the types config forces on typed columns, and converts the first batch.
func (r *parquetReader) decide(b *Batch) {
	for j := range r.schema.Columns {
		col := &r.schema.Columns[j]
		l := r.flatLeaf(j)
		if l == nil {
			continue
		}
		var values []string
		if b != nil && b.Cols[j].Str != nil {
			values = b.Cols[j].Str
		}
		t, forced := r.opts.Types[col.Name]
		switch {
		case l.Text() && (l.Infer() || forced):
			dec, note := r.decideText(col, values, t, forced)
			if note != "" {
				r.stats.Notes = append(r.stats.Notes, note)
			}
			if dec.typ != String {
				r.decs[j] = &dec
				if b != nil {
					b.Cols[j] = forceType(b.Cols[j], &dec)
				}
			}
		case forced && t != col.Type:
			col.Source = fmt.Sprintf("config (%s)", col.Source)
			col.Type = t
			r.forced[j] = &textDecoder{typ: t}
			if b != nil {
				b.Cols[j] = forceType(b.Cols[j], r.forced[j])
			}
		}
	}
}

// decideText decides how a text column is parsed, as CSV decides it.
func (r *parquetReader) decideText(col *Column, values []string, t Type, forced bool) (textDecoder, string) {
	physical := col.Source
	dec, note := inferColumn(col, values, t, forced)
	switch {
	case forced:
		col.Source = fmt.Sprintf("config (%s)", physical)
	case dec.typ == String:
		col.Source = physical
	default:
		col.Source = fmt.Sprintf("%s, %s", physical, col.Source)
	}
	return dec, note
}

// flatLeaf returns the leaf of schema column j, or nil when the column is skipped.
func (r *parquetReader) flatLeaf(j int) *parquet.Column { return r.flat[j] }

// Schema implements Reader.
func (r *parquetReader) Schema() *Schema { return &r.schema }

// Stats implements Reader.
func (r *parquetReader) Stats() Stats {
	s := r.stats
	s.Bad = append([]int64(nil), r.stats.Bad...)
	s.Notes = append([]string(nil), r.stats.Notes...)
	return s
}

// Close implements Reader.
func (r *parquetReader) Close() error {
	if r.file != nil {
		r.file.Close()
	}
	if r.src == nil {
		return nil
	}
	err := r.src.Close()
	r.src = nil
	return err
}

// Next implements Reader.
func (r *parquetReader) Next() (b *Batch, err error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.src == nil {
		return nil, fmt.Errorf("%s: reader closed", r.path)
	}
	defer func() {
		if v := recovered(recover()); v != nil {
			b, err = nil, fmt.Errorf("malformed file: %v", v)
		}
		if err != nil && err != io.EOF {
			b, r.err = nil, fmt.Errorf("%s: %w", r.path, err)
			err = r.err
		}
	}()
	if r.pending != nil {
		b, r.pending = r.pending, nil
	} else if b, err = r.read(); err != nil {
		return nil, err
	}
	for j, v := range b.Cols {
		for _, bad := range v.Bad {
			if bad {
				r.stats.Bad[j]++
			}
		}
	}
	r.stats.Records += int64(b.Len)
	return b, nil
}

// segment is a run of a batch's rows within one row group.
type segment struct {
	rg int
	n  int
}

// read decodes the next batch; io.EOF once every row was read and every column chunk checked.
func (r *parquetReader) read() (*Batch, error) {
	if r.next == r.rows {
		if !r.done {
			end := r.file.RowGroups()
			if err := r.parallel(func(c *parquet.Column) error { return c.AdvanceTo(end) }); err != nil {
				return nil, err
			}
			r.done = true
		}
		return nil, io.EOF
	}
	m := int(min(int64(r.batchRows), r.rows-r.next))
	var segs []segment
	for left := m; left > 0; {
		for r.rgRow == r.file.RowGroupRows(r.rg) {
			r.rg, r.rgRow = r.rg+1, 0
		}
		k := int(min(int64(left), r.file.RowGroupRows(r.rg)-r.rgRow))
		segs = append(segs, segment{r.rg, k})
		r.rgRow += int64(k)
		left -= k
	}
	b := &Batch{File: r.path, PosKind: PosIndex, Record: r.next, Len: m, Pos: make([]int64, m), Cols: make([]*Vector, len(r.schema.Columns))}
	for i := range b.Pos {
		b.Pos[i] = r.next + int64(i)
	}
	for j, col := range r.schema.Columns {
		switch {
		case col.Skipped != "":
			v := NewVector(String, m, false)
			for i := range v.Null {
				v.Null[i] = true
			}
			b.Cols[j] = v
		case r.decs[j] != nil:
			b.Cols[j] = NewVector(r.decs[j].typ, m, true)
		default:
			b.Cols[j] = NewVector(r.flatLeaf(j).Type(), m, false)
		}
	}
	err := r.parallel(func(c *parquet.Column) error { return r.readColumn(c, b, segs) })
	r.next += int64(m)
	return b, err
}

// readColumn decodes one leaf's rows of the batch.
func (r *parquetReader) readColumn(c *parquet.Column, b *Batch, segs []segment) error {
	j := c.Field()
	v, off := b.Cols[j], 0
	var dec parquet.Decoder // nil, not a nil *textDecoder, when the column has no text decoder
	if r.decs[j] != nil {
		dec = r.decs[j]
	}
	for _, s := range segs {
		if err := c.AdvanceTo(s.rg); err != nil {
			return err
		}
		var err error
		if c.Nested() {
			err = c.SkipRows(int64(s.n))
		} else {
			err = c.Fill(v, off, s.n, dec)
		}
		if err != nil {
			return err
		}
		off += s.n
	}
	if c.Nested() {
		return nil
	}
	if r.decs[j] == nil {
		textFill(v, 0)
	}
	if r.forced[j] != nil {
		b.Cols[j] = forceType(v, r.forced[j])
	}
	return nil
}

// parallel runs f for every leaf column, several at a time, and returns the error of the first
// column (in schema order) that failed. A panic in a column becomes its error.
func (r *parquetReader) parallel(f func(c *parquet.Column) error) error {
	errs := make([]error, len(r.cols))
	run := func(k int) {
		defer func() {
			if v := recovered(recover()); v != nil {
				errs[k] = fmt.Errorf("column %q: malformed data: %v", r.cols[k].Name(), v)
			}
		}()
		errs[k] = f(r.cols[k])
	}
	workers := min(runtime.GOMAXPROCS(0), len(r.cols))
	if workers <= 1 {
		for k := range r.cols {
			run(k)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for k := int(next.Add(1) - 1); k < len(r.cols); k = int(next.Add(1) - 1) {
					run(k)
				}
			})
		}
		wg.Wait()
	}
	return firstError(errs)
}

// firstError returns the first error that is not nil.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// EstimatedRows implements RowEstimator: the footer's row count.
func (r *parquetReader) EstimatedRows() int64 { return r.rows }

// textFill gives every present value of a typed vector its canonical text, once some unparsed
// value gave the vector a Str: Text must then hold for every row.
func textFill(v *Vector, from int) {
	if v.Str == nil || v.Type == String {
		return
	}
	for i := from; i < len(v.Null); i++ {
		if !v.Null[i] && !v.Bad[i] {
			v.Str[i] = v.Format(i)
		}
	}
}

// forceType reads a vector as the type config forces, through its text, as CSV does.
func forceType(v *Vector, dec *textDecoder) *Vector {
	w := NewVector(dec.typ, len(v.Null), true)
	for i := range v.Null {
		if v.Null[i] {
			w.Null[i] = true
			if v.Str != nil {
				w.Str[i] = v.Str[i]
			}
			continue
		}
		dec.decode(w, i, v.Text(i))
	}
	return w
}
