package extract

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
)

// openParquetTest opens a Parquet file for a test, closing it when the test ends.
func openParquetTest(t *testing.T, path string, o Options) Reader {
	t.Helper()
	r, err := Open(Part{File: path}, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// readBatches reads every batch of r.
func readBatches(t *testing.T, r Reader) []*Batch {
	t.Helper()
	var out []*Batch
	for {
		b, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
}

func TestParquetTypes(t *testing.T) {
	r := openParquetTest(t, filepath.Join(testdataParquet, "types.parquet"), Options{})
	s := r.Schema()
	if len(s.Columns) != len(typesExpected) {
		t.Fatalf("%d columns, want %d: %v", len(s.Columns), len(typesExpected), s.Names())
	}
	b := readBatches(t, r)
	if len(b) != 1 || b[0].Len != 3 {
		t.Fatalf("want one batch of 3 rows")
	}
	for j, c := range s.Columns {
		want, ok := typesExpected[c.Name]
		if !ok {
			t.Errorf("unexpected column %q", c.Name)
			continue
		}
		v := b[0].Cols[j]
		if c.Type != want.typ || v.Type != want.typ || c.Source != want.source {
			t.Errorf("%s: %s %q, want %s %q", c.Name, c.Type, c.Source, want.typ, want.source)
		}
		for i, text := range want.text {
			if v.Text(i) != text && !(v.Null[i] && strings.TrimSpace(text) == "") {
				t.Errorf("%s row %d: %q, want %q", c.Name, i, v.Text(i), text)
			}
		}
		if !v.Null[2] {
			t.Errorf("%s row 2: not null", c.Name)
		}
	}
	st := r.Stats()
	for j, c := range s.Columns {
		want := int64(0)
		if c.Name == "uint64" {
			want = 1
		}
		if st.Bad[j] != want {
			t.Errorf("%s: %d unparsed values, want %d", c.Name, st.Bad[j], want)
		}
	}
}

// TestParquetTypedVectors checks what each kind of vector carries: typed values without text,
// text kept for strings, and text for every row once a value is unparsed.
func TestParquetTypedVectors(t *testing.T) {
	r := openParquetTest(t, filepath.Join(testdataParquet, "types.parquet"), Options{})
	b := readBatches(t, r)[0]
	col := func(name string) *Vector { return b.Cols[r.Schema().Index(name)] }
	if v := col("ts_micros"); v.Str != nil || v.Time[0] != 1704462330123 {
		t.Errorf("ts_micros: Str %v, Time %d", v.Str, v.Time[0])
	}
	if v := col("dec_int32"); v.Float[0] != 123.45 {
		t.Errorf("dec_int32: %v", v.Float[0])
	}
	if v := col("string"); !v.Null[1] || v.Str[1] != "  " {
		t.Errorf("a blank string is a null that keeps its text: null %v, %q", v.Null[1], v.Str[1])
	}
	v := col("uint64")
	if !v.Bad[0] || v.Str[0] != "18446744073709551615" || v.Bad[1] || v.Int[1] != 5 || v.Text(1) != "5" {
		t.Errorf("uint64: bad %v %q, %v %d %q", v.Bad[0], v.Str[0], v.Bad[1], v.Int[1], v.Text(1))
	}
}

// TestParquetBatches reads files of many row groups and tiny pages, v1 and v2, in batches of
// several sizes, and compares every value with parquet-go's row reader.
func TestParquetBatches(t *testing.T) {
	for _, name := range []string{"pages.parquet", "pages_v2.parquet"} {
		path := filepath.Join(testdataParquet, name)
		want := rowReaderText(t, path)
		for _, size := range []int{1, 7, 33, 40, 1000} {
			t.Run(fmt.Sprintf("%s/%d", name, size), func(t *testing.T) {
				r := openParquetTest(t, path, Options{BatchSize: size})
				var row int64
				for _, b := range readBatches(t, r) {
					if b.Record != row || b.Len != int(min(int64(size), 100-row)) || b.File != path {
						t.Fatalf("batch at record %d of %d rows, want %d", b.Record, b.Len, row)
					}
					for i := range b.Len {
						if b.Pos[i] != row {
							t.Fatalf("row %d: position %d", row, b.Pos[i])
						}
						for j, c := range r.Schema().Columns {
							if got := b.Cols[j].Text(i); got != want[c.Name][row] {
								t.Errorf("row %d %s: %q, want %q", row, c.Name, got, want[c.Name][row])
							}
						}
						row++
					}
				}
				if row != 100 {
					t.Errorf("%d rows, want 100", row)
				}
			})
		}
	}
}

// rowReaderText reads a file written by crmColumns with parquet-go's row reader and formats each
// value as crmready's Text does.
func rowReaderText(t *testing.T, path string) map[string][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	pf, err := parquet.OpenFile(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	names := pf.Schema().Columns()
	out := map[string][]string{}
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquet.Row, 10)
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				for _, v := range row {
					name := names[v.Column()][0]
					out[name] = append(out[name], crmText(name, v))
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
	}
	return out
}

func crmText(name string, v parquet.Value) string {
	if v.IsNull() {
		return ""
	}
	switch name {
	case "amount":
		return formatFloat(float64(v.Int64()) / 100)
	case "score":
		return formatFloat(v.Double())
	case "created":
		return FormatTime(v.Int64() / 1000)
	case "converted":
		return fmt.Sprint(v.Boolean())
	case "employees", "owner":
		return fmt.Sprint(v.Int64())
	}
	if s := string(v.ByteArray()); !IsBlank(s) {
		return s
	}
	return ""
}

func TestParquetNested(t *testing.T) {
	r := openParquetTest(t, filepath.Join(testdataParquet, "nested.parquet"), Options{BatchSize: 6})
	s := r.Schema()
	want := map[string]string{
		"id": "", "email": "",
		"tags":    "nested column (LIST): not audited",
		"attrs":   "nested column (MAP): not audited",
		"address": "nested column (struct): not audited",
	}
	for _, c := range s.Columns {
		if c.Skipped != want[c.Name] {
			t.Errorf("%s: skipped %q, want %q", c.Name, c.Skipped, want[c.Name])
		}
	}
	rows := nestedRows(20)
	var n int
	for _, b := range readBatches(t, r) {
		for i := range b.Len {
			row := rows[n]
			for j, c := range s.Columns {
				v := b.Cols[j]
				switch c.Name {
				case "id":
					if v.Int[i] != row.ID {
						t.Errorf("row %d id %d", n, v.Int[i])
					}
				case "email":
					if v.Text(i) != row.Email {
						t.Errorf("row %d email %q, want %q", n, v.Text(i), row.Email)
					}
				default:
					if !v.Null[i] {
						t.Errorf("row %d %s: a skipped column holds a value", n, c.Name)
					}
				}
			}
			n++
		}
	}
	if n != 20 {
		t.Errorf("%d rows, want 20", n)
	}
}

// TestParquetDictionary checks a dictionary-encoded column's equal values share one string: the
// dictionary is decoded once per column chunk, not once per row.
func TestParquetDictionary(t *testing.T) {
	r := openParquetTest(t, filepath.Join(testdataParquet, "pages.parquet"), Options{})
	b := readBatches(t, r)[0]
	v := b.Cols[r.Schema().Index("status")]
	if v.Str[0] != "Open" || v.Str[5] != "Open" {
		t.Fatalf("status: %q %q", v.Str[0], v.Str[5])
	}
	if unsafe.StringData(v.Str[0]) != unsafe.StringData(v.Str[5]) {
		t.Error("equal dictionary values do not share their string")
	}
	if !v.Null[4] || v.Str[4] != " " {
		t.Errorf("a blank dictionary value: null %v %q", v.Null[4], v.Str[4])
	}
}

func TestParquetForcedTypes(t *testing.T) {
	path := filepath.Join(testdataParquet, "pages.parquet")
	r := openParquetTest(t, path, Options{BatchSize: 7, Types: map[string]Type{
		"employees": String, "status": Int, "last_activity": String, "amount": Int, "created": Time,
	}})
	s := r.Schema()
	want := map[string]struct {
		typ    Type
		source string
	}{
		"employees":     {String, "config (parquet INT32 INT(32,true))"},
		"status":        {Int, "config (parquet BYTE_ARRAY STRING)"},
		"last_activity": {String, "config (parquet BYTE_ARRAY STRING)"},
		"amount":        {Int, "config (parquet INT64 DECIMAL(12,2))"},
		"created":       {Time, "parquet INT64 TIMESTAMP(MICROS)"},
	}
	for name, w := range want {
		c := s.Columns[s.Index(name)]
		if c.Type != w.typ || c.Source != w.source {
			t.Errorf("%s: %s %q, want %s %q", name, c.Type, c.Source, w.typ, w.source)
		}
	}
	bs := readBatches(t, r)
	at := func(name string, row int) *Vector { return bs[row/7].Cols[s.Index(name)] }
	if v := at("employees", 3); v.Type != String || v.Str[3] != "3" {
		t.Errorf("employees as string: %v %q", v.Type, v.Str[3])
	}
	if v := at("status", 0); !v.Bad[0] || v.Str[0] != "Open" {
		t.Errorf("status as int: bad %v %q", v.Bad[0], v.Str[0])
	}
	if v := at("amount", 1); !v.Bad[1] || v.Str[1] != "19.99" {
		t.Errorf("amount as int: %v %q", v.Bad[1], v.Str[1])
	}
	if v := at("amount", 0); v.Bad[0] || v.Int[0] != 0 || v.Str[0] != "0" {
		t.Errorf("amount 0 as int: %v %d %q", v.Bad[0], v.Int[0], v.Str[0])
	}
	present := 0 // statuses neither null (every 7th) nor blank (every 5th)
	for i := range 100 {
		if i%7 != 6 && i%5 != 4 {
			present++
		}
	}
	if bad := r.Stats().Bad[s.Index("status")]; bad != int64(present) {
		t.Errorf("status: %d unparsed, want the %d present values", bad, present)
	}
}

// TestParquetTextTypes checks text columns are typed from their values as CSV types them, keep
// their text, and take a config type with the date order their values show.
func TestParquetTextTypes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "leads.parquet")
	str := func(name string, vals ...any) pqCol {
		return pqCol{name: name, node: parquet.Optional(parquet.String()), vals: vals}
	}
	dates := []any{"2024-01-05", "2024-02-29", nil, "not a date"}
	for i := range 16 {
		dates = append(dates, fmt.Sprintf("2024-03-%02d", i+1))
	}
	padded := func(vals ...any) []any { return append(vals, make([]any, len(dates)-len(vals))...) }
	writeParquet(t, path, []pqCol{
		str("created_date", dates...),
		str("close_date", padded("13/01/2024", "02/03/2024", "")...),
		str("forced", padded("13/01/2024", "02/03/2024", "")...),
		str("last_modified_date", padded()...),
		str("phone", padded("0612345678", "0712345678", nil, "+33 6 12")...),
		str("is_won", padded("true", "false", "true")...),
	})
	r := openParquetTest(t, path, Options{Types: map[string]Type{"forced": Time}})
	s := r.Schema()
	want := map[string]struct {
		typ    Type
		source string
		order  string
	}{
		"created_date":       {Time, "parquet BYTE_ARRAY STRING, inferred from 19 values", "M/D/Y"},
		"close_date":         {Time, "parquet BYTE_ARRAY STRING, inferred from 2 values", "D/M/Y"},
		"forced":             {Time, "config (parquet BYTE_ARRAY STRING)", "D/M/Y"},
		"last_modified_date": {Time, "parquet BYTE_ARRAY STRING, no values to infer from: typed by its header", "M/D/Y"},
		"phone":              {String, "parquet BYTE_ARRAY STRING", ""},
		"is_won":             {Bool, "parquet BYTE_ARRAY STRING, inferred from 3 values", ""},
	}
	for _, c := range s.Columns {
		w := want[c.Name]
		if c.Type != w.typ || c.Source != w.source || c.DateFormat != w.order {
			t.Errorf("%s: %s %q %q, want %s %q %q", c.Name, c.Type, c.Source, c.DateFormat, w.typ, w.source, w.order)
		}
	}
	b := readBatches(t, r)[0]
	v := b.Cols[s.Index("created_date")]
	if v.Time[1] != 1709164800000 || v.Str[1] != "2024-02-29" || !v.Bad[3] || v.Str[3] != "not a date" || !v.Null[2] {
		t.Errorf("created_date: %d %q, bad %v %q, null %v", v.Time[1], v.Str[1], v.Bad[3], v.Str[3], v.Null[2])
	}
	if v := b.Cols[s.Index("forced")]; v.Time[0] != 1705104000000 || !v.Null[2] {
		t.Errorf("forced: %d, null %v", v.Time[0], v.Null[2])
	}
	if bad := r.Stats().Bad[s.Index("created_date")]; bad != 1 {
		t.Errorf("created_date: %d unparsed, want 1", bad)
	}
}

// TestParquetInferenceDictionary checks a dictionary-encoded text column typed from its values
// is parsed per dictionary value and read right across row groups and batches.
func TestParquetInferenceDictionary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.parquet")
	var vals []any
	for i := range 50 {
		vals = append(vals, fmt.Sprintf("2024-03-%02d", i%28+1))
	}
	vals[10] = "soon"
	writeParquet(t, path, []pqCol{{name: "due", node: parquet.Encoded(parquet.String(), &parquet.RLEDictionary), vals: vals}},
		parquet.MaxRowsPerRowGroup(12))
	r := openParquetTest(t, path, Options{BatchSize: 5})
	if c := r.Schema().Columns[0]; c.Type != Time {
		t.Fatalf("due: %s", c.Type)
	}
	n := 0
	for _, b := range readBatches(t, r) {
		v := b.Cols[0]
		for i := range b.Len {
			want, ok := ParseTime(vals[n].(string), MDY)
			if v.Str[i] != vals[n] || v.Bad[i] == ok || ok && v.Time[i] != want {
				t.Errorf("row %d: %q %d bad %v", n, v.Str[i], v.Time[i], v.Bad[i])
			}
			n++
		}
	}
	if bad := r.Stats().Bad[0]; bad != 1 {
		t.Errorf("%d unparsed, want 1", bad)
	}
}

func TestParquetOpenErrors(t *testing.T) {
	dir := t.TempDir()
	valid, err := os.ReadFile(filepath.Join(testdataParquet, "types.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	footer := append([]byte("PAR1"), valid[4:]...)
	huge := append([]byte{}, valid...)
	copy(huge[len(huge)-8:], []byte{0xff, 0xff, 0xff, 0x7f})
	tests := []struct {
		path string
		want string
	}{
		{filepath.Join(dir, "missing.parquet"), "no such file"},
		{write("empty.parquet", nil), "not a parquet file: 0 bytes is too short"},
		{write("csv.parquet", []byte("id,email\n1,a@b.c\n")), `not a parquet file: it starts with "id,e"`},
		{write("truncated.parquet", valid[:len(valid)-100]), `truncated parquet file: it does not end with "PAR1"`},
		{write("footer.parquet", huge), "truncated parquet file: the footer claims 2147483647 bytes"},
		{write("encrypted.parquet", append([]byte("PARE"), footer[4:]...)), "encrypted parquet file: not supported"},
	}
	for _, tc := range tests {
		_, _, err := readAllParquet(tc.path, Options{})
		checkFileError(t, tc.path, err, tc.want)
	}
}

// TestParquetStickyError checks a reader that failed keeps failing with the same error.
func TestParquetStickyError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.parquet")
	b, err := os.ReadFile(filepath.Join(testdataParquet, "pages.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	// Corrupt the first page header of the second row group: the first batch reads, the second fails.
	off := secondRowGroupPage(t, b)
	b[off] ^= 0xff
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r := openParquetTest(t, path, Options{BatchSize: 30})
	var first error
	for range 5 {
		_, err := r.Next()
		if err != nil && first == nil {
			first = err
		} else if first != nil && err != first {
			t.Fatalf("after %v, Next returned %v", first, err)
		}
	}
	if first == nil || errors.Is(first, io.EOF) {
		t.Fatalf("no error reading a corrupt page: %v", first)
	}
	checkFileError(t, path, first, "row group 1")
}

// secondRowGroupPage returns the offset of the first byte of page data of the "id" column in
// row group 1, found from the footer.
func secondRowGroupPage(t *testing.T, file []byte) int {
	pf, err := parquet.OpenFile(bytesReaderAt(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range pf.Schema().Columns() {
		if p[0] == "id" {
			return int(pf.Metadata().RowGroups[1].Columns[k].MetaData.DataPageOffset) + 20
		}
	}
	t.Fatal("no id column")
	return 0
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// TestParquetCodecs reads files written with every codec parquet-go writes, in both page versions,
// and compares them with parquet-go's row reader.
func TestParquetCodecs(t *testing.T) {
	codecs := map[string]compress.Codec{"none": &parquet.Uncompressed, "snappy": &parquet.Snappy, "gzip": &parquet.Gzip,
		"brotli": &parquet.Brotli, "zstd": &parquet.Zstd, "lz4raw": &parquet.Lz4Raw}
	for name, codec := range codecs {
		for _, version := range []int{1, 2} {
			path := filepath.Join(t.TempDir(), fmt.Sprintf("%s-v%d.parquet", name, version))
			writeParquet(t, path, crmColumns(60), parquet.Compression(codec), parquet.DataPageVersion(version),
				parquet.MaxRowsPerRowGroup(25), parquet.PageBufferSize(256))
			want := rowReaderText(t, path)
			r := openParquetTest(t, path, Options{BatchSize: 16})
			row := 0
			for _, b := range readBatches(t, r) {
				for i := range b.Len {
					for j, c := range r.Schema().Columns {
						if got := b.Cols[j].Text(i); got != want[c.Name][row] {
							t.Errorf("%s v%d row %d %s: %q, want %q", name, version, row, c.Name, got, want[c.Name][row])
						}
					}
					row++
				}
			}
			if row != 60 {
				t.Errorf("%s v%d: %d rows", name, version, row)
			}
		}
	}
}

func TestParquetNextAfterClose(t *testing.T) {
	r, err := Open(Part{File: filepath.Join(testdataParquet, "pages.parquet")}, Options{BatchSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil { // the first batch was read at open
		t.Fatal(err)
	}
	r.Close()
	if _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "reader closed") {
		t.Errorf("Next after Close: %v", err)
	}
}

// TestParquetWideBatches checks a file too wide for full batches is read in smaller ones, and says so.
func TestParquetWideBatches(t *testing.T) {
	r := openParquetTest(t, filepath.Join(testdataParquet, "pages.parquet"), Options{BatchSize: 50, Limits: Limits{MaxBatchValues: 200}})
	for _, b := range readBatches(t, r) {
		if b.Len > 20 {
			t.Fatalf("a batch of %d rows x 10 columns, over 200 values", b.Len)
		}
	}
	if notes := r.Stats().Notes; len(notes) != 1 || notes[0] != "read in batches of 20 rows: 10 columns (Limits.MaxBatchValues)" {
		t.Errorf("notes: %q", notes)
	}
}
