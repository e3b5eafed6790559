// Package parquet decodes a Parquet file column by column, page by page: crmready's own page
// framing over parquet-go's metadata types and value decoders (see decode.go for why), checking
// what it decodes against what the file says of itself (check.go). It knows nothing of checks or
// reports: it fills the vectors package extract hands it, parses text through the decoder
// extract gives it, and stays within the limits extract sets.
package parquet

import (
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/crmready/crmready/extract/internal/vector"
)

// Limits bound the memory decoding one file may take; they are extract.Limits' Parquet fields,
// whose names the errors quote. Every field must be set (extract applies the defaults).
type Limits struct {
	MaxMetadataBytes    int64
	MaxPageBytes        int64
	MaxPageValues       int64
	MaxDictionaryValues int64
	MaxDictionaryBytes  int64
	MaxDecodedBytes     int64
}

// Decoder parses a text column's values as the type its reader decided (inferred from a sample,
// or forced by config).
type Decoder interface {
	// Type is the type values are parsed as.
	Type() vector.Type
	// Decode stores text s in row i of v, parsed, marking it Bad when it does not parse.
	Decode(v *vector.Vector, i int, s string)
}

// Field is one top-level field of the file's schema: a column of the extract.
type Field struct {
	Name string
	Type vector.Type
	// Source says how the type was decided ("parquet INT96").
	Source string
	// Skipped is non-empty when the field is not decoded (a nested or repeated field); it says
	// why.
	Skipped string
}

// File is a Parquet file whose footer was read and checked against its schema and its size.
type File struct {
	src     io.ReaderAt
	lim     Limits
	meta    *fileMeta
	fields  []Field
	columns []*Column    // one per leaf, in column chunk order
	decoded atomic.Int64 // memory held by decoded pages and dictionaries
}

// Open reads and checks the footer of the size bytes of src and builds the schema.
func Open(src io.ReaderAt, size int64, lim Limits) (*File, error) {
	meta, err := readFooter(src, size, lim)
	if err != nil {
		return nil, err
	}
	fields, leaves, err := buildSchema(meta.Schema)
	if err != nil {
		return nil, err
	}
	if err := checkMeta(meta, leaves, size); err != nil {
		return nil, err
	}
	f := &File{src: src, lim: lim, meta: meta, fields: fields}
	for _, l := range leaves {
		name := fields[l.col].Name
		if l.nested {
			name = l.name
		}
		f.columns = append(f.columns, &Column{f: f, leaf: l, name: name, rg: -1})
	}
	return f, nil
}

// Fields returns the top-level fields, one per column of the extract.
func (f *File) Fields() []Field { return f.fields }

// Columns returns the leaf columns in column chunk order.
func (f *File) Columns() []*Column { return f.columns }

// Rows returns the number of rows the footer states.
func (f *File) Rows() int64 { return f.meta.NumRows }

// RowGroups returns the number of row groups.
func (f *File) RowGroups() int { return len(f.meta.RowGroups) }

// RowGroupRows returns the number of rows of row group g.
func (f *File) RowGroupRows(g int) int64 { return f.meta.RowGroups[g].NumRows }

// Close gives back the memory the columns hold; the file is not read again.
func (f *File) Close() {
	for _, c := range f.columns {
		c.release()
	}
	f.src = nil
}

// readAt reads len(b) bytes at off.
func (f *File) readAt(b []byte, off int64) error {
	if f.src == nil {
		return errors.New("reader closed")
	}
	if _, err := f.src.ReadAt(b, off); err != nil {
		if err == io.EOF {
			return fmt.Errorf("unexpected end of file at byte %d", off+int64(len(b)))
		}
		return err
	}
	return nil
}

// Name returns the column's name as errors give it: its field, or its leaf's path when nested.
func (c *Column) Name() string { return c.name }

// Field returns the position of the field the column feeds among File.Fields.
func (c *Column) Field() int { return c.leaf.col }

// Nested reports whether the column is part of a skipped field: its levels are checked, its
// values are not decoded.
func (c *Column) Nested() bool { return c.leaf.nested }

// Type returns the type the column's values decode to.
func (c *Column) Type() vector.Type { return natural[c.leaf.conv] }

// Text reports whether the column holds text as it is (bytes, strings, enums, JSON), which a
// reader may parse as another type.
func (c *Column) Text() bool { return c.leaf.conv == convText }

// Infer reports whether a text column's type is to be inferred from its values, as CSV's is:
// the file gives its bytes no logical type, or calls them strings.
func (c *Column) Infer() bool { return c.leaf.infer }
