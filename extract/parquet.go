package extract

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"
)

// parquetReader reads a Parquet file column by column, page by page, with crmready's own page
// framing over parquet-go's metadata types and value decoders (see parquet_decode.go for why),
// and checks what it decodes against what the file says of itself (parquet_check.go).
type parquetReader struct {
	path   string
	src    parquetSource
	size   int64
	opts   Options
	lim    Limits
	meta   *fileMeta
	schema Schema
	leaves []*pqLeaf
	flat   []*pqLeaf      // per schema column: its leaf, nil when the column is skipped
	cols   []*pqColumn    // one per leaf
	decs   []*textDecoder // per schema column: how its text is parsed (inferred or config)
	forced []*textDecoder // per schema column: the type config forces on a typed column
	stats  Stats

	rows      int64 // in the file
	next      int64 // the next row to read
	rg        int   // row group of the next row
	rgRow     int64 // its row in the row group
	batchRows int
	pending   *Batch // the first batch, read at open to infer text columns' types
	done      bool   // every column chunk was checked
	err       error  // sticky: a reader that failed keeps failing

	decoded atomic.Int64 // memory held by decoded pages and dictionaries
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
	if r.meta, err = readFooter(r.src, r.size, r.lim); err != nil {
		return err
	}
	cols, leaves, err := buildSchema(r.meta.Schema)
	if err != nil {
		return err
	}
	if err := checkMeta(r.meta, leaves, r.size); err != nil {
		return err
	}
	r.schema.Columns, r.leaves, r.rows = cols, leaves, r.meta.NumRows
	r.stats.Bad = make([]int64, len(cols))
	r.decs = make([]*textDecoder, len(cols))
	r.forced = make([]*textDecoder, len(cols))
	r.flat = make([]*pqLeaf, len(cols))
	for _, l := range leaves {
		if !l.nested {
			r.flat[l.col] = l
		}
		name := cols[l.col].Name
		if l.nested {
			name = l.name
		}
		r.cols = append(r.cols, &pqColumn{r: r, leaf: l, name: name, rg: -1})
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
		case l.conv == convText && (l.infer || forced):
			dec, note := r.decideText(col, l, values, t, forced)
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
func (r *parquetReader) decideText(col *Column, l *pqLeaf, values []string, t Type, forced bool) (textDecoder, string) {
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
func (r *parquetReader) flatLeaf(j int) *pqLeaf { return r.flat[j] }

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
	for _, c := range r.cols {
		c.release()
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
			end := len(r.meta.RowGroups)
			if err := r.parallel(func(c *pqColumn) error { return c.advanceTo(end) }); err != nil {
				return nil, err
			}
			r.done = true
		}
		return nil, io.EOF
	}
	m := int(min(int64(r.batchRows), r.rows-r.next))
	var segs []segment
	for left := m; left > 0; {
		for r.rgRow == r.meta.RowGroups[r.rg].NumRows {
			r.rg, r.rgRow = r.rg+1, 0
		}
		k := int(min(int64(left), r.meta.RowGroups[r.rg].NumRows-r.rgRow))
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
			b.Cols[j] = NewVector(natural[r.flatLeaf(j).conv], m, false)
		}
	}
	err := r.parallel(func(c *pqColumn) error { return r.readColumn(c, b, segs) })
	r.next += int64(m)
	return b, err
}

// readColumn decodes one leaf's rows of the batch.
func (r *parquetReader) readColumn(c *pqColumn, b *Batch, segs []segment) error {
	j := c.leaf.col
	v, off := b.Cols[j], 0
	for _, s := range segs {
		if err := c.advanceTo(s.rg); err != nil {
			return err
		}
		var err error
		if c.leaf.nested {
			err = c.skipRows(int64(s.n))
		} else {
			err = c.fill(v, off, s.n, r.decs[j])
		}
		if err != nil {
			return err
		}
		off += s.n
	}
	if c.leaf.nested {
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
func (r *parquetReader) parallel(f func(c *pqColumn) error) error {
	errs := make([]error, len(r.cols))
	run := func(k int) {
		defer func() {
			if v := recovered(recover()); v != nil {
				errs[k] = fmt.Errorf("column %q: malformed data: %v", r.cols[k].name, v)
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

// readAt reads len(b) bytes at off.
func (r *parquetReader) readAt(b []byte, off int64) error {
	if r.src == nil {
		return errors.New("reader closed")
	}
	if _, err := r.src.ReadAt(b, off); err != nil {
		if err == io.EOF {
			return fmt.Errorf("unexpected end of file at byte %d", off+int64(len(b)))
		}
		return err
	}
	return nil
}

// zstdDecoder is shared by every reader: DecodeAll may be called concurrently, and the capacity of
// the buffer it is given bounds its output (WithDecodeAllCapLimit), whatever a frame claims.
var zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)), zstd.WithDecodeAllCapLimit(true))
})

// EstimatedRows implements RowEstimator: the footer's row count.
func (r *parquetReader) EstimatedRows() int64 { return r.rows }
