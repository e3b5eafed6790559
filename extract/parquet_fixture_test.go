package extract

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"

	"github.com/crmready/crmready/internal/testkit"
)

// pqCol is one column of a test file: its name, its schema node and its values (nil is a null).
type pqCol struct {
	name string
	node parquet.Node
	vals []any
}

// writeParquet writes a flat Parquet file with parquet-go's writer. Columns come out in name
// order (parquet.Group sorts its fields).
func writeParquet(t testing.TB, path string, cols []pqCol, opts ...parquet.WriterOption) {
	t.Helper()
	group := parquet.Group{}
	byName := map[string]pqCol{}
	for _, c := range cols {
		group[c.name], byName[c.name] = c.node, c
	}
	schema := parquet.NewSchema("test", group)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewWriter(f, append([]parquet.WriterOption{schema}, opts...)...)
	paths := schema.Columns()
	for i := range cols[0].vals {
		row := make(parquet.Row, 0, len(paths))
		for k, p := range paths {
			leaf, _ := schema.Lookup(p...)
			v := byName[p[0]].vals[i]
			if v == nil {
				row = append(row, parquet.NullValue().Level(0, 0, k))
				continue
			}
			row = append(row, pqValue(leaf.Node.Type().Kind(), v).Level(0, leaf.MaxDefinitionLevel, k))
		}
		if _, err := w.WriteRows([]parquet.Row{row}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// pqValue makes a parquet value of the given kind from a Go value.
func pqValue(kind parquet.Kind, v any) parquet.Value {
	switch x := v.(type) {
	case bool:
		return parquet.BooleanValue(x)
	case int:
		if kind == parquet.Int32 {
			return parquet.Int32Value(int32(x))
		}
		return parquet.Int64Value(int64(x))
	case uint64:
		return parquet.Int64Value(int64(x))
	case float64:
		if kind == parquet.Float {
			return parquet.FloatValue(float32(x))
		}
		return parquet.DoubleValue(x)
	case string:
		if kind == parquet.FixedLenByteArray {
			return parquet.FixedLenByteArrayValue([]byte(x))
		}
		return parquet.ByteArrayValue([]byte(x))
	case []byte:
		if kind == parquet.FixedLenByteArray {
			return parquet.FixedLenByteArrayValue(x)
		}
		return parquet.ByteArrayValue(x)
	case deprecated.Int96:
		return parquet.Int96Value(x)
	}
	panic(fmt.Sprintf("pqValue: %T", v))
}

// bigEndian returns v as n big-endian two's complement bytes.
func bigEndian(v int64, n int) []byte {
	b := make([]byte, n)
	x := new(big.Int).SetInt64(v)
	if v < 0 {
		x.Add(x, new(big.Int).Lsh(big.NewInt(1), uint(8*n)))
	}
	x.FillBytes(b)
	return b
}

// int96 encodes an instant as Impala/Spark do: nanoseconds of the day, then the Julian day.
func int96(t time.Time) deprecated.Int96 {
	midnight := t.UTC().Truncate(24 * time.Hour) // the zero time is a UTC midnight
	days := midnight.Unix()/86400 + 2440588
	nanos := uint64(t.Sub(midnight))
	return deprecated.Int96{uint32(nanos), uint32(nanos >> 32), uint32(days)}
}

// typesColumns covers every type mapping crmready makes; each column holds a null in row 2.
func typesColumns() []pqCol {
	ts := time.Date(2024, 1, 5, 13, 45, 30, 123000000, time.UTC)
	before := time.Date(1969, 12, 31, 23, 59, 59, 999000000, time.UTC)
	col := func(name string, node parquet.Node, vals ...any) pqCol {
		return pqCol{name: name, node: parquet.Optional(node), vals: vals}
	}
	return []pqCol{
		col("bool", parquet.Leaf(parquet.BooleanType), true, false, nil),
		col("int32", parquet.Leaf(parquet.Int32Type), -7, 2147483647, nil),
		col("int8", parquet.Int(8), -128, 127, nil),
		col("uint16", parquet.Uint(16), 0, 65535, nil),
		col("uint32", parquet.Uint(32), 0, -1, nil),
		col("int64", parquet.Int(64), int(-9223372036854775808), 42, nil),
		col("uint64", parquet.Uint(64), uint64(18446744073709551615), uint64(5), nil),
		col("float", parquet.Leaf(parquet.FloatType), 1.5, -0.25, nil),
		col("double", parquet.Leaf(parquet.DoubleType), 0.1, 1e300, nil),
		col("date", parquet.Date(), 19727, -1, nil),
		col("ts_millis", parquet.Timestamp(parquet.Millisecond), int(ts.UnixMilli()), int(before.UnixMilli()), nil),
		col("ts_micros", parquet.Timestamp(parquet.Microsecond), int(ts.UnixMicro()), int(before.UnixMicro()), nil),
		col("ts_nanos_local", parquet.TimestampAdjusted(parquet.Nanosecond, false), int(ts.UnixNano()), int(before.UnixNano()), nil),
		col("time_millis", parquet.Time(parquet.Millisecond), 3600000, 0, nil),
		col("int96", parquet.Leaf(parquet.Int96Type), int96(ts), int96(before), nil),
		col("dec_int32", parquet.Decimal(2, 9, parquet.Int32Type), 12345, -5, nil),
		col("dec_int64", parquet.Decimal(3, 18, parquet.Int64Type), 123456789012, -1, nil),
		col("dec_flba", parquet.Decimal(2, 20, parquet.FixedLenByteArrayType(9)), bigEndian(-123456, 9), bigEndian(100, 9), nil),
		col("dec_bytes", parquet.Decimal(4, 30, parquet.ByteArrayType), bigEndian(98765, 3), bigEndian(-1, 1), nil),
		col("string", parquet.String(), "Acme Inc", "  ", nil),
		col("enum", parquet.Enum(), "Open", "Closed Won", nil),
		col("json", parquet.JSON(), `{"a":1}`, `[]`, nil),
		col("bson", parquet.BSON(), []byte{0x05, 0x00}, []byte{0xff}, nil),
		col("binary", parquet.Leaf(parquet.ByteArrayType), "raw text", []byte{0xff, 0xfe}, nil),
		col("uuid", parquet.UUID(), []byte{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00}, make([]byte, 16), nil),
		col("flba", parquet.Leaf(parquet.FixedLenByteArrayType(3)), []byte{1, 2, 0xab}, "abc", nil),
	}
}

// typesExpected is what crmready reads from typesColumns: type, Source and the two values' text.
var typesExpected = map[string]struct {
	typ    Type
	source string
	text   [2]string
}{
	"bool":           {Bool, "parquet BOOLEAN", [2]string{"true", "false"}},
	"int32":          {Int, "parquet INT32 INT(32,true)", [2]string{"-7", "2147483647"}},
	"int8":           {Int, "parquet INT32 INT(8,true)", [2]string{"-128", "127"}},
	"uint16":         {Int, "parquet INT32 INT(16,false)", [2]string{"0", "65535"}},
	"uint32":         {Int, "parquet INT32 INT(32,false)", [2]string{"0", "4294967295"}},
	"int64":          {Int, "parquet INT64 INT(64,true)", [2]string{"-9223372036854775808", "42"}},
	"uint64":         {Int, "parquet INT64 INT(64,false): values above 9223372036854775807 are counted unparsed", [2]string{"18446744073709551615", "5"}},
	"float":          {Float, "parquet FLOAT", [2]string{"1.5", "-0.25"}},
	"double":         {Float, "parquet DOUBLE", [2]string{"0.1", "1e+300"}},
	"date":           {Time, "parquet INT32 DATE", [2]string{"2024-01-05", "1969-12-31"}},
	"ts_millis":      {Time, "parquet INT64 TIMESTAMP(MILLIS)", [2]string{"2024-01-05T13:45:30.123Z", "1969-12-31T23:59:59.999Z"}},
	"ts_micros":      {Time, "parquet INT64 TIMESTAMP(MICROS)", [2]string{"2024-01-05T13:45:30.123Z", "1969-12-31T23:59:59.999Z"}},
	"ts_nanos_local": {Time, "parquet INT64 TIMESTAMP(NANOS): local time, read as UTC", [2]string{"2024-01-05T13:45:30.123Z", "1969-12-31T23:59:59.999Z"}},
	"time_millis":    {Int, "parquet INT32 TIME(MILLIS): milliseconds since midnight", [2]string{"3600000", "0"}},
	"int96":          {Time, "parquet INT96", [2]string{"2024-01-05T13:45:30.123Z", "1969-12-31T23:59:59.999Z"}},
	"dec_int32":      {Float, "parquet INT32 DECIMAL(9,2)", [2]string{"123.45", "-0.05"}},
	"dec_int64":      {Float, "parquet INT64 DECIMAL(18,3)", [2]string{"1.23456789012e+08", "-0.001"}},
	"dec_flba":       {Float, "parquet FIXED_LEN_BYTE_ARRAY(9) DECIMAL(20,2)", [2]string{"-1234.56", "1"}},
	"dec_bytes":      {Float, "parquet BYTE_ARRAY DECIMAL(30,4)", [2]string{"9.8765", "-0.0001"}},
	"string":         {String, "parquet BYTE_ARRAY STRING", [2]string{"Acme Inc", "  "}},
	"enum":           {String, "parquet BYTE_ARRAY ENUM", [2]string{"Open", "Closed Won"}},
	"json":           {String, "parquet BYTE_ARRAY JSON", [2]string{`{"a":1}`, "[]"}},
	"bson":           {String, "parquet BYTE_ARRAY BSON: hexadecimal", [2]string{"0500", "ff"}},
	"binary":         {String, "parquet BYTE_ARRAY (no logical type): bytes read as text", [2]string{"raw text", "\xff\xfe"}},
	"uuid":           {String, "parquet FIXED_LEN_BYTE_ARRAY(16) UUID", [2]string{"123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000000"}},
	"flba":           {String, "parquet FIXED_LEN_BYTE_ARRAY(3) (no logical type): hexadecimal", [2]string{"0102ab", "616263"}},
}

// crmColumns are the columns of a CRM extract, n rows, with dictionary-encoded picklists, nulls,
// dates as text and a sprinkling of blanks; the basis of the page and batch tests.
func crmColumns(n int) []pqCol {
	cols := []pqCol{
		{name: "id", node: parquet.String()},
		{name: "email", node: parquet.Optional(parquet.String())},
		{name: "status", node: parquet.Optional(parquet.Encoded(parquet.String(), &parquet.RLEDictionary))},
		{name: "amount", node: parquet.Optional(parquet.Decimal(2, 12, parquet.Int64Type))},
		{name: "score", node: parquet.Optional(parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.ByteStreamSplit))},
		{name: "employees", node: parquet.Optional(parquet.Encoded(parquet.Int(32), &parquet.DeltaBinaryPacked))},
		{name: "converted", node: parquet.Optional(parquet.Leaf(parquet.BooleanType))},
		{name: "created", node: parquet.Timestamp(parquet.Microsecond)},
		{name: "last_activity", node: parquet.Optional(parquet.Encoded(parquet.String(), &parquet.DeltaByteArray))},
		{name: "owner", node: parquet.Optional(parquet.Encoded(parquet.Int(64), &parquet.RLEDictionary))},
	}
	statuses := []string{"Open", "Working", "Closed - Converted", "Closed - Not Converted", " "}
	base := time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		nul := func(every int, v any) any {
			if i%every == every-1 {
				return nil
			}
			return v
		}
		day := base.Add(time.Duration(i*37) * time.Hour)
		vals := []any{
			fmt.Sprintf("00Q%07d", i),
			nul(5, fmt.Sprintf("lead%d@example.com", i%(n/2+1))),
			nul(7, statuses[i%len(statuses)]),
			nul(4, i*1999),
			nul(6, float64(i)/3),
			nul(9, i%500),
			nul(3, i%2 == 0),
			int(day.UnixMicro()),
			nul(8, day.Format("2006-01-02")),
			nul(10, 5000+i%13),
		}
		for k := range cols {
			cols[k].vals = append(cols[k].vals, vals[k])
		}
	}
	return cols
}

// testdataParquet is where the generated fixtures live; they are tiny and committed, so tests
// and the fuzz seed corpus run without parquet-go's writer being right.
const testdataParquet = "testdata/parquet"

// TestParquetFixtures rewrites the committed fixtures with -update, and otherwise checks that
// they are there.
func TestParquetFixtures(t *testing.T) {
	files := map[string]func(path string){
		"types.parquet": func(path string) {
			writeParquet(t, path, typesColumns(), parquet.Compression(&parquet.Snappy))
		},
		"pages.parquet": func(path string) {
			writeParquet(t, path, crmColumns(100), parquet.Compression(&parquet.Gzip),
				parquet.MaxRowsPerRowGroup(40), parquet.PageBufferSize(64), parquet.DataPageVersion(1))
		},
		"pages_v2.parquet": func(path string) {
			writeParquet(t, path, crmColumns(100), parquet.Compression(&parquet.Zstd),
				parquet.MaxRowsPerRowGroup(33), parquet.PageBufferSize(100), parquet.DataPageVersion(2))
		},
		"nested.parquet": func(path string) { writeNested(t, path, 20) },
	}
	for name, write := range files {
		path := filepath.Join(testdataParquet, name)
		if *testkit.Update {
			if err := os.MkdirAll(testdataParquet, 0o755); err != nil {
				t.Fatal(err)
			}
			write(path)
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%v (run go test -run TestParquetFixtures -update)", err)
		}
	}
}

// nestedRow has a flat column beside a list, a map and a struct.
type nestedRow struct {
	ID      int64             `parquet:"id"`
	Tags    []string          `parquet:"tags,list"`
	Attrs   map[string]string `parquet:"attrs"`
	Address *struct {
		City    string `parquet:"city"`
		Country string `parquet:"country,optional"`
	} `parquet:"address,optional"`
	Email string `parquet:"email,optional"`
}

func nestedRows(n int) []nestedRow {
	rows := make([]nestedRow, n)
	for i := range rows {
		r := &rows[i]
		r.ID = int64(i)
		for k := range i % 4 {
			r.Tags = append(r.Tags, fmt.Sprintf("tag%d", k))
		}
		if i%3 == 0 {
			r.Attrs = map[string]string{"source": "web", "tier": fmt.Sprint(i % 5)}
		}
		if i%2 == 0 {
			r.Address = &struct {
				City    string `parquet:"city"`
				Country string `parquet:"country,optional"`
			}{City: "Paris", Country: "FR"}
		}
		if i%5 != 4 {
			r.Email = fmt.Sprintf("p%d@example.com", i)
		}
	}
	return rows
}

func writeNested(t testing.TB, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewGenericWriter[nestedRow](f, parquet.MaxRowsPerRowGroup(7), parquet.PageBufferSize(64))
	if _, err := w.Write(nestedRows(n)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
