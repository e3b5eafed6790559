package extract

import (
	"fmt"
	"strings"
)

// Type is the type a column's values are decoded to.
type Type uint8

// The column types. Text that cannot be parsed as the column's type is kept as text and counted
// (Vector.Bad), never dropped.
const (
	String Type = iota
	Int
	Float
	Bool
	Time
)

var typeNames = [...]string{String: "string", Int: "int", Float: "float", Bool: "bool", Time: "time"}

// String returns the type's name as used in config and reports.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("type(%d)", t)
}

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

// Vector holds one column's values for the rows of a batch. Exactly one of the typed slices is
// used, chosen by Type; Null and Bad are always Len long.
type Vector struct {
	Type Type
	// Null marks absent values: a null, an empty or whitespace-only text.
	Null []bool
	// Bad marks present values that could not be parsed as Type; Str holds their text.
	Bad []bool
	// Missing marks the values the audit counts as missing: nulls and placeholders. Readers
	// leave it nil; the audit sets it once per batch (checks.Mark) so that every check does not
	// match placeholders again.
	Missing []bool
	// Str holds the text of String columns, and the original text of every value read from
	// text (CSV, Excel cells, Parquet strings), whatever the Type; nil for other typed sources.
	Str   []string
	Int   []int64
	Float []float64
	Bool  []bool
	// Time holds Unix milliseconds, UTC.
	Time []int64
}

// Text returns row i's value as text: the original text where there is one, otherwise the typed
// value formatted canonically. It returns "" for a null.
func (v *Vector) Text(i int) string {
	if v.Null[i] {
		return ""
	}
	if v.Str != nil {
		return v.Str[i]
	}
	return v.Format(i)
}

// Format formats row i's typed value canonically (times as RFC 3339 UTC).
func (v *Vector) Format(i int) string {
	switch {
	case v.Null[i]:
		return ""
	case v.Bad[i] || v.Type == String:
		return v.Str[i]
	}
	switch v.Type {
	case Int:
		return fmt.Sprint(v.Int[i])
	case Float:
		return formatFloat(v.Float[i])
	case Bool:
		if v.Bool[i] {
			return "true"
		}
		return "false"
	case Time:
		return FormatTime(v.Time[i])
	}
	return ""
}

// NewVector returns a vector of type t for n rows; text says whether it keeps the original text
// of its values (always so for String).
func NewVector(t Type, n int, text bool) *Vector {
	v := &Vector{Type: t, Null: make([]bool, n), Bad: make([]bool, n)}
	if text || t == String {
		v.Str = make([]string, n)
	}
	switch t {
	case Int:
		v.Int = make([]int64, n)
	case Float:
		v.Float = make([]float64, n)
	case Bool:
		v.Bool = make([]bool, n)
	case Time:
		v.Time = make([]int64, n)
	}
	return v
}

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
		out.Cols[j] = v.gather(idx)
	}
	return out
}

// gather returns a vector of the rows idx of v.
func (v *Vector) gather(idx []int) *Vector {
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
