package extract

import (
	"encoding/csv"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

// parquetConformance lists every file of apache/parquet-testing (in the shared data beside the
// checkout, see shared/data/SOURCES.md): every file of parquet-testing's data/ and bad_data/ folders with the
// rows it holds, or the cause its error must name.
var parquetConformance = []struct {
	file string
	rows int64
	err  string // a part of the error; "" when the file reads
}{
	{file: "data/alltypes_dictionary.parquet", rows: 2},
	{file: "data/alltypes_plain.parquet", rows: 8},
	{file: "data/alltypes_plain.snappy.parquet", rows: 2},
	{file: "data/alltypes_tiny_pages.parquet", rows: 7300},
	{file: "data/alltypes_tiny_pages_plain.parquet", rows: 7300},
	{file: "data/binary.parquet", rows: 12},
	{file: "data/byte_array_decimal.parquet", rows: 24},
	{file: "data/byte_stream_split.zstd.parquet", rows: 300},
	{file: "data/byte_stream_split_extended.gzip.parquet", rows: 200},
	{file: "data/column_chunk_key_value_metadata.parquet", rows: 0},
	{file: "data/concatenated_gzip_members.parquet", rows: 513},
	{file: "data/data_index_bloom_encoding_stats.parquet", rows: 14},
	{file: "data/datapage_v1-snappy-compressed-checksum.parquet", rows: 5120},
	{file: "data/datapage_v2_empty_datapage.snappy.parquet", rows: 1},
	{file: "data/delta_binary_packed.parquet", rows: 200},
	{file: "data/delta_byte_array.parquet", rows: 1000},
	{file: "data/delta_encoding_optional_column.parquet", rows: 100},
	{file: "data/delta_encoding_required_column.parquet", rows: 100},
	{file: "data/delta_length_byte_array.parquet", rows: 1000},
	{file: "data/dict-page-offset-zero.parquet", rows: 39},
	{file: "data/fixed_length_byte_array.parquet", rows: 1000},
	{file: "data/fixed_length_decimal.parquet", rows: 24},
	{file: "data/fixed_length_decimal_legacy.parquet", rows: 24},
	{file: "data/hadoop_lz4_compressed.parquet", rows: 4},
	{file: "data/int32_decimal.parquet", rows: 24},
	{file: "data/int32_with_null_pages.parquet", rows: 1000},
	{file: "data/int64_decimal.parquet", rows: 24},
	{file: "data/int96_from_spark.parquet", rows: 6},
	{file: "data/lz4_raw_compressed.parquet", rows: 4},
	{file: "data/nan_in_stats.parquet", rows: 2},
	{file: "data/non_hadoop_lz4_compressed.parquet", rows: 4},
	{file: "data/page_v2_empty_compressed.parquet", rows: 10},
	{file: "data/plain-dict-uncompressed-checksum.parquet", rows: 1000},
	{file: "data/rle-dict-snappy-checksum.parquet", rows: 1000},
	{file: "data/rle_boolean_encoding.parquet", rows: 68},
	{file: "data/single_nan.parquet", rows: 1},
	{file: "data/sort_columns.parquet", rows: 6},
	{file: "data/unknown-logical-type.parquet", rows: 3},

	{file: "data/datapage_v1-corrupt-checksum.parquet", err: `column "a": row group 0: page 1: checksum mismatch`},
	{file: "data/rle-dict-uncompressed-corrupt-checksum.parquet", err: `column "long_field": row group 0: page 1: checksum mismatch`},
	{file: "data/nation.dict-malformed.parquet", err: `column "name": row group 0: page 2: page of 28 bytes extends past the end of its column chunk`},

	{file: "bad_data/ARROW-GH-43605.parquet", rows: 21186},
	{file: "bad_data/ARROW-GH-41317.parquet", err: `column "timestamp_us_no_tz": row group 1: column chunk for "timestampWus_no_tz"`},
	{file: "bad_data/ARROW-GH-41321.parquet", err: `column "int64": row group 0: page 2: definition levels: malformed run header`},
	{file: "bad_data/ARROW-GH-45185.parquet", err: `column "x.list.element": row group 0: page 1: the column chunk starts with repetition level 1`},
	{file: "bad_data/ARROW-GH-47662.parquet", err: `column "flba_field": row group 0: the column chunk statistics count 105 nulls in a required column`},
	{file: "bad_data/ARROW-RS-GH-6229-DICTHEADER.parquet", err: `column "region_key": row group 0: column chunk at bytes 466 to 591 lies outside the file`},
	{file: "bad_data/ARROW-RS-GH-6229-LEVELS.parquet", err: `column "outer.list.item.c": row group 0: page 2: repetition levels: the encoded data ends after 1 of 21 values`},
	{file: "bad_data/PARQUET-1481.parquet", err: `column "Handle": invalid physical type -7 in the schema`},
}

func TestParquetConformance(t *testing.T) {
	parquetTesting := testkit.Data(t, "parquet-testing")
	listed := map[string]bool{}
	for _, tc := range parquetConformance {
		listed[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(parquetTesting, tc.file)
			got, err := readParquet(path, Options{BatchSize: 1000})
			if tc.err != "" {
				checkFileError(t, path, err, tc.err)
				return
			}
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if got.rows != tc.rows {
				t.Fatalf("read %d rows, want %d", got.rows, tc.rows)
			}
			want, known := parquetColumns[tc.file]
			expect := strings.TrimSuffix(path, ".parquet") + "_expect.csv"
			if _, err := os.Stat(expect); err == nil {
				compareExpectCSV(t, expect, got.cols)
			} else if !known {
				t.Fatal("the case asserts only the row count: give its columns in parquetColumns")
			}
			checkParquetColumns(t, got, want)
		})
	}
	all, _ := filepath.Glob(filepath.Join(parquetTesting, "*", "*.parquet"))
	for _, f := range all {
		rel, _ := filepath.Rel(parquetTesting, f)
		if !listed[filepath.ToSlash(rel)] {
			t.Errorf("%s is not in the conformance table", rel)
		}
	}
}

// checkFileError checks an error is one line that names the file and contains want, and that
// it does not come from a recovered panic.
func checkFileError(t *testing.T, path string, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("read without an error, want one containing %q", want)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, path+": ") {
		t.Errorf("error %q does not start with the file name", msg)
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error spans several lines: %q", msg)
	}
	if strings.Contains(msg, "runtime error") || strings.Contains(msg, "malformed data:") {
		t.Errorf("error comes from a recovered panic: %q", msg)
	}
	if !strings.Contains(msg, want) {
		t.Errorf("error %q\ndoes not contain %q", msg, want)
	}
}

// readAllParquet reads a file to the end and returns its row count and every column's values as
// text (nulls as ""), or the first error.
func readAllParquet(path string, o Options) (int64, [][]string, error) {
	r, err := readParquet(path, o)
	return r.rows, r.cols, err
}

// pqRead is a Parquet file read to the end: its columns' names, values as text (nulls as "")
// and null counts.
type pqRead struct {
	rows  int64
	names []string
	cols  [][]string
	nulls []int64
}

// readParquet reads a file to the end, or to the first error.
func readParquet(path string, o Options) (pqRead, error) {
	var out pqRead
	r, err := Open(Part{File: path}, o)
	if err != nil {
		return out, err
	}
	defer r.Close()
	for _, c := range r.Schema().Columns {
		out.names = append(out.names, c.Name)
	}
	out.cols, out.nulls = make([][]string, len(out.names)), make([]int64, len(out.names))
	for {
		b, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, err
		}
		if b.Record != out.rows || b.PosKind != PosIndex || len(b.Pos) != b.Len || b.Pos[0] != out.rows {
			return out, errors.New("batch record numbers or positions out of sequence")
		}
		for j, v := range b.Cols {
			for i := range b.Len {
				out.cols[j] = append(out.cols[j], v.Text(i))
				if v.Null[i] {
					out.nulls[j]++
				}
			}
		}
		out.rows += int64(b.Len)
	}
	if got := r.Stats().Records; got != out.rows {
		return out, errors.New("Stats().Records differs from the rows returned")
	}
	return out, nil
}

// checkParquetColumns compares the columns read with what the file says they hold.
func checkParquetColumns(t *testing.T, got pqRead, want map[string]pqColWant) {
	t.Helper()
	for _, name := range slices.Sorted(maps.Keys(want)) {
		w := want[name]
		j := slices.Index(got.names, name)
		if j < 0 {
			t.Errorf("no column %q among %q", name, got.names)
			continue
		}
		if w.nulls >= 0 && got.nulls[j] != w.nulls {
			t.Errorf("%s: %d nulls, want %d", name, got.nulls[j], w.nulls)
		}
		if w.min != "" {
			lo, hi := extremes(got.cols[j], w.num)
			if !sameValue(lo, w.min, w.num) || !sameValue(hi, w.max, w.num) {
				t.Errorf("%s: values from %q to %q, want %q to %q", name, lo, hi, w.min, w.max)
			}
		}
		for i, f := range w.first {
			if i >= len(got.cols[j]) || !sameValue(got.cols[j][i], f, w.num) {
				t.Errorf("%s: first values %q, want %q", name, got.cols[j][:min(len(got.cols[j]), len(w.first))], w.first)
				break
			}
		}
	}
}

// extremes returns the least and greatest non-null value, compared as numbers or as bytes.
func extremes(vals []string, num bool) (lo, hi string) {
	less := func(a, b string) bool { return a < b }
	if num {
		less = func(a, b string) bool {
			x, _ := strconv.ParseFloat(a, 64)
			y, _ := strconv.ParseFloat(b, 64)
			if x == y { // beyond float64's precision: compare int64s exactly
				p, _ := strconv.ParseInt(a, 10, 64)
				q, _ := strconv.ParseInt(b, 10, 64)
				return p < q
			}
			return x < y
		}
	}
	first := true
	for _, v := range vals {
		if v == "" {
			continue
		}
		if first || less(v, lo) {
			lo = v
		}
		if first || less(hi, v) {
			hi = v
		}
		first = false
	}
	return lo, hi
}

// sameValue compares two values as text, or as numbers when num ("1.00" is "1").
func sameValue(a, b string, num bool) bool {
	if a == b || !num {
		return a == b
	}
	x, errX := strconv.ParseFloat(a, 64)
	y, errY := strconv.ParseFloat(b, 64)
	return errX == nil && errY == nil && x == y
}

// compareExpectCSV compares every value with the file's *_expect.csv, column by column in order.
func compareExpectCSV(t *testing.T, path string, cols [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, recs := recs[0], recs[1:]
	if len(header) != len(cols) {
		t.Fatalf("%d columns, the expected values have %d", len(cols), len(header))
	}
	bad := 0
	for j := range header {
		if len(cols[j]) != len(recs) {
			t.Fatalf("column %d: %d values, want %d", j, len(cols[j]), len(recs))
		}
		for i, rec := range recs {
			if got, want := cols[j][i], rec[j]; got != want {
				if bad++; bad <= 10 {
					t.Errorf("row %d column %q: got %q, want %q", i, header[j], got, want)
				}
			}
		}
	}
	if bad > 10 {
		t.Errorf("%d values differ in all", bad)
	}
}

// TestParquetConformanceTwins: data that parquet-testing writes twice, with another encoding or
// codec, reads the same both times: tiny pages with dictionaries and plain, three LZ4 framings,
// and each column of byte_stream_split_extended written PLAIN and BYTE_STREAM_SPLIT.
func TestParquetConformanceTwins(t *testing.T) {
	dir := testkit.Data(t, "parquet-testing")
	read := func(file string) pqRead {
		t.Helper()
		r, err := readParquet(filepath.Join(dir, file), Options{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, twins := range [][]string{
		{"data/alltypes_tiny_pages.parquet", "data/alltypes_tiny_pages_plain.parquet"},
		{"data/hadoop_lz4_compressed.parquet", "data/non_hadoop_lz4_compressed.parquet", "data/lz4_raw_compressed.parquet"},
	} {
		a := read(twins[0])
		for _, f := range twins[1:] {
			if b := read(f); !reflect.DeepEqual(a, b) {
				t.Errorf("%s and %s read differently", twins[0], f)
			}
		}
	}
	s := read("data/byte_stream_split_extended.gzip.parquet")
	pairs := 0
	for j, name := range s.names {
		base, ok := strings.CutSuffix(name, "_byte_stream_split")
		if !ok {
			continue
		}
		pairs++
		if k := slices.Index(s.names, base+"_plain"); k < 0 || !reflect.DeepEqual(s.cols[j], s.cols[k]) {
			t.Errorf("%s differs from %s_plain", name, base)
		}
	}
	if pairs != 7 {
		t.Errorf("%d byte-stream-split columns, want 7 (columns %q)", pairs, s.names)
	}
}
