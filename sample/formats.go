package sample

import (
	"io"
	"slices"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"
)

// Formats are the file formats the generator writes.
var Formats = []string{"csv", "parquet", "xlsx"}

// writer writes a table in one format to w.
type writer func(w io.Writer, t *table) error

var writers = map[string]writer{"csv": writeCSV, "parquet": writeParquet, "xlsx": writeXLSX}

// parquetNode is the Parquet type of a field: text as UTF-8 strings, stamps as UTC
// millisecond timestamps, dates as dates, flags as booleans, money as doubles; all optional.
func parquetNode(k kind) parquet.Node {
	switch k {
	case stamp:
		return parquet.Optional(parquet.Timestamp(parquet.Millisecond))
	case date:
		return parquet.Optional(parquet.Date())
	case flag:
		return parquet.Optional(parquet.Leaf(parquet.BooleanType))
	case money:
		return parquet.Optional(parquet.Leaf(parquet.DoubleType))
	}
	return parquet.Optional(parquet.String())
}

// writeParquet writes t as a snappy-compressed Parquet file with typed columns, in row groups of
// 100,000 rows. A blank value is a null; a placeholder is the text it is.
func writeParquet(out io.Writer, t *table) error {
	group := parquet.Group{}
	for _, f := range t.fields {
		group[f.name] = parquetNode(f.kind)
	}
	schema := parquet.NewSchema(t.name, group)
	// Columns are ordered by name in a Parquet group: find each field's column index.
	names := make([]string, len(t.fields))
	for i, f := range t.fields {
		names[i] = f.name
	}
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	index := make([]int, len(names))
	for i, n := range names {
		index[i] = slices.Index(sorted, n)
	}
	w := parquet.NewWriter(out, schema, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(100_000))
	row := make(parquet.Row, len(t.fields))
	for _, r := range t.rows {
		for i, f := range t.fields {
			row[index[i]] = parquetValue(f.kind, r.v[i]).Level(0, definition(r.v[i]), index[i])
		}
		if _, err := w.WriteRows([]parquet.Row{row}); err != nil {
			return err
		}
	}
	return w.Close()
}

func definition(v value) int {
	if v.null {
		return 0
	}
	return 1
}

func parquetValue(k kind, v value) parquet.Value {
	if v.null {
		return parquet.NullValue()
	}
	switch k {
	case stamp:
		return parquet.Int64Value(v.t.UnixMilli())
	case date:
		return parquet.Int32Value(int32(v.t.Unix() / 86400))
	case flag:
		return parquet.BooleanValue(v.b)
	case money:
		return parquet.DoubleValue(v.f)
	}
	return parquet.ByteArrayValue([]byte(v.s))
}

// writeXLSX writes t as a workbook with one sheet named after the table, streaming rows: dates
// and times as Excel serials with a date format, flags as booleans, money as numbers. A blank
// value is an empty cell.
func writeXLSX(out io.Writer, t *table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.name
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yyyy
	if err != nil {
		return err
	}
	stampStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yyyy h:mm
	if err != nil {
		return err
	}
	header := make([]any, len(t.fields))
	for i, fd := range t.fields {
		header[i] = fd.name
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	cells := make([]any, len(t.fields))
	for n, r := range t.rows {
		for i, fd := range t.fields {
			cells[i] = xlsxCell(fd.kind, r.v[i], dateStyle, stampStyle)
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(out)
}

func xlsxCell(k kind, v value, dateStyle, stampStyle int) any {
	if v.null {
		return nil
	}
	switch k {
	case stamp:
		return excelize.Cell{StyleID: stampStyle, Value: v.t.UTC()}
	case date:
		return excelize.Cell{StyleID: dateStyle, Value: v.t.UTC().Truncate(24 * time.Hour)}
	case flag:
		return v.b
	case money:
		return v.f
	}
	return v.s
}
