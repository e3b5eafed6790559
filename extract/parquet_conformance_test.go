package extract

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
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
			rows, cols, err := readAllParquet(path, Options{BatchSize: 1000})
			if tc.err != "" {
				checkFileError(t, path, err, tc.err)
				return
			}
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if rows != tc.rows {
				t.Fatalf("read %d rows, want %d", rows, tc.rows)
			}
			expect := strings.TrimSuffix(path, ".parquet") + "_expect.csv"
			if _, err := os.Stat(expect); err == nil {
				compareExpectCSV(t, expect, cols)
			}
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
	r, err := Open(Part{File: path}, o)
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	cols := make([][]string, len(r.Schema().Columns))
	var rows int64
	for {
		b, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rows, cols, err
		}
		if b.Record != rows || b.PosKind != PosIndex || len(b.Pos) != b.Len || b.Pos[0] != rows {
			return rows, cols, errors.New("batch record numbers or positions out of sequence")
		}
		for j, v := range b.Cols {
			for i := range b.Len {
				cols[j] = append(cols[j], v.Text(i))
			}
		}
		rows += int64(b.Len)
	}
	if got := r.Stats().Records; got != rows {
		return rows, cols, errors.New("Stats().Records differs from the rows returned")
	}
	return rows, cols, nil
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
