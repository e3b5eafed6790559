package extract

import (
	"fmt"
	"strings"

	"github.com/crmready/crmready/extract/internal/vector"
)

// Type is the type a column's values are decoded to.
type Type = vector.Type

// The column types. Text that cannot be parsed as the column's type is kept as text and counted
// (Vector.Bad), never dropped.
const (
	String = vector.String
	Int    = vector.Int
	Float  = vector.Float
	Bool   = vector.Bool
	Time   = vector.Time
)

// ParseType returns the Type named s ("string", "int", "float", "number", "bool", "time", "date").
func ParseType(s string) (Type, error) {
	switch strings.ToLower(s) {
	case "string", "text":
		return String, nil
	case "int", "integer":
		return Int, nil
	case "float", "number", "decimal":
		return Float, nil
	case "bool", "boolean":
		return Bool, nil
	case "time", "date", "datetime", "timestamp":
		return Time, nil
	}
	return 0, fmt.Errorf("unknown type %q (valid: string, int, float, bool, time)", s)
}

// Column describes one column of an extract.
type Column struct {
	Name string
	Type Type
	// Source says how the type was decided: "inferred from 1,000 values", "parquet INT96",
	// "config".
	Source string
	// DateFormat describes how text dates are read (for example "D/M/Y"), when Type is Time
	// and the values are text.
	DateFormat string
	// Skipped is non-empty when the column is not decoded (a nested Parquet column, a hidden
	// Dynamics 365 column); it says why. Skipped columns hold nulls in every batch.
	Skipped string

	// Role is the column's meaning, set by role detection or config ("" when none).
	Role Role
	// RoleSource says how the role was decided.
	RoleSource string
}

// Schema is the ordered list of an extract's columns.
type Schema struct {
	Columns []Column
}

// Index returns the position of the column named name, or -1.
func (s *Schema) Index(name string) int {
	for i, c := range s.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Names returns the column names in order.
func (s *Schema) Names() []string {
	names := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		names[i] = c.Name
	}
	return names
}

// Vector holds one column's values for the rows of a batch (see vector.Vector).
type Vector = vector.Vector

// NewVector returns a vector of type t for n rows; text says whether it keeps the original text
// of its values (always so for String).
func NewVector(t Type, n int, text bool) *Vector { return vector.New(t, n, text) }

// PosKind says what a Batch's positions count.
type PosKind uint8

// The kinds of source position.
const (
	PosLine  PosKind = iota // the line of a text file where a record starts (1-based)
	PosRow                  // the sheet row as Excel numbers it (1-based)
	PosIndex                // the row index in a Parquet file (0-based)
)

// Batch is a run of consecutive records of one file, column by column.
type Batch struct {
	// File is the path the records came from.
	File string
	// PosKind says what Pos counts.
	PosKind PosKind
	// Record is the 0-based number of the batch's first record within its dataset; readers set
	// it within the file and the audit renumbers across the files of a dataset.
	Record int64
	// Len is the number of records in the batch.
	Len int
	// Cols holds one vector per schema column.
	Cols []*Vector
	// Pos holds, per record, the position a person would look for in the source: the CSV line
	// where the record starts, the sheet row as Excel numbers it, or the Parquet row index.
	Pos []int64
	// Recs holds the 0-based record number of each row when the rows are not consecutive
	// (after Keep); nil when row i is record Record+i.
	Recs []int64
}

// RecordNo returns the 1-based record number of row i in its dataset.
func (b *Batch) RecordNo(i int) int64 {
	if b.Recs != nil {
		return b.Recs[i] + 1
	}
	return b.Record + int64(i) + 1
}

// Keep returns a batch holding only the rows i for which keep[i] is true; record numbers and
// positions are those of the original rows.
func (b *Batch) Keep(keep []bool) *Batch {
	idx := make([]int, 0, b.Len)
	for i, k := range keep {
		if k {
			idx = append(idx, i)
		}
	}
	out := &Batch{File: b.File, PosKind: b.PosKind, Record: b.Record, Len: len(idx),
		Pos: make([]int64, len(idx)), Recs: make([]int64, len(idx)), Cols: make([]*Vector, len(b.Cols))}
	for k, i := range idx {
		out.Pos[k] = b.Pos[i]
		out.Recs[k] = b.RecordNo(i) - 1
	}
	for j, v := range b.Cols {
		out.Cols[j] = gather(v, idx)
	}
	return out
}

// gather returns a vector of the rows idx of v.
func gather(v *Vector, idx []int) *Vector {
	w := NewVector(v.Type, len(idx), v.Str != nil)
	for k, i := range idx {
		w.Null[k], w.Bad[k] = v.Null[i], v.Bad[i]
		if w.Str != nil {
			w.Str[k] = v.Str[i]
		}
		switch v.Type {
		case Int:
			w.Int[k] = v.Int[i]
		case Float:
			w.Float[k] = v.Float[i]
		case Bool:
			w.Bool[k] = v.Bool[i]
		case Time:
			w.Time[k] = v.Time[i]
		}
	}
	return w
}

// Stats counts what a reader saw beyond the records it returned.
type Stats struct {
	// Records is the number of data records returned.
	Records int64
	// BlankRows counts fully empty rows inside the data, skipped and not counted as records.
	BlankRows int64
	// HeaderRepeats counts rows that repeat the header (concatenated exports), skipped;
	// FooterRows counts rows of a report footer after the data, left out.
	HeaderRepeats int64
	FooterRows    int64
	// Ragged counts records whose field count differs from the header's; RaggedSample holds the
	// positions of the first few.
	Ragged       int64
	RaggedSample []int64
	// Decoded says how the bytes were decoded ("utf-8", "utf-8 with BOM", "windows-1252",
	// "utf-16le"); Replaced counts bytes that were not valid UTF-8 and were read as
	// Windows-1252.
	Decoded  string
	Replaced int64
	// Delimiter is the CSV field separator that was detected.
	Delimiter string
	// Notes are other facts worth a line in the report (a header found on row 3, a footer).
	Notes []string
	// Bad counts, per column, values that could not be parsed as the column's type.
	Bad []int64
}

// RowEstimator is implemented by readers that know, or can estimate, how many records a file
// holds before reading it all: the Parquet footer says; a text reader extrapolates from its
// sample. Checks use it to size their tables once.
type RowEstimator interface {
	EstimatedRows() int64
}

// Reader streams an extract as batches of typed columns.
type Reader interface {
	// Schema describes the columns; it is fixed once the reader is open.
	Schema() *Schema
	// Next returns the next batch, or io.EOF after the last one. The batch belongs to the
	// caller: readers never reuse its memory, so it can be folded concurrently with reading.
	Next() (*Batch, error)
	// Stats reports what was read so far; complete after Next returned io.EOF.
	Stats() Stats
	// Close releases the file.
	Close() error
}
