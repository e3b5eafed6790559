package extract

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pq "github.com/parquet-go/parquet-go/format"
)

// craftFile is a one-column Parquet file built byte by byte, so that its page headers and
// footer can say anything.
type craftFile struct {
	typ      pq.Type // INT32 when zero
	width    int32   // FIXED_LEN_BYTE_ARRAY length
	optional bool
	codec    pq.CompressionCodec
	rows     int64
	nulls    int64              // in the column chunk statistics
	schema   []pq.SchemaElement // replaces the one-column schema when set
	path     []string           // the column's path with schema
	values   int64              // the chunk's value count when it differs from rows
	pages    []craftPage
	footer   []byte // replaces the encoded footer when set
}

type craftPage struct {
	header pq.PageHeader
	data   []byte
}

// dataPage is a v1 data page of n values.
func dataPage(n int32, data []byte, uncompressed int32) craftPage {
	return craftPage{header: pq.PageHeader{Type: pq.DataPage, UncompressedPageSize: uncompressed,
		CompressedPageSize: int32(len(data)),
		DataPageHeader: thrift.New(pq.DataPageHeader{NumValues: n, Encoding: pq.Plain,
			DefinitionLevelEncoding: pq.RLE, RepetitionLevelEncoding: pq.RLE})}, data: data}
}

func (c craftFile) bytes(t testing.TB) []byte {
	t.Helper()
	var proto thrift.CompactProtocol
	buf := []byte("PAR1")
	for _, p := range c.pages {
		h, err := thrift.Marshal(&proto, &p.header)
		if err != nil {
			t.Fatal(err)
		}
		buf = append(append(buf, h...), p.data...)
	}
	footer := c.footer
	if footer == nil {
		rep := pq.Required
		if c.optional {
			rep = pq.Optional
		}
		typ := c.typ
		if typ == pq.Boolean {
			typ = pq.Int32
		}
		leaf := pq.SchemaElement{Name: "v", Type: thrift.New(typ), RepetitionType: thrift.New(rep)}
		if c.width > 0 {
			leaf.TypeLength = thrift.New(c.width)
		}
		schema, path, values := c.schema, c.path, c.values
		if schema == nil {
			schema, path = []pq.SchemaElement{{Name: "schema", NumChildren: thrift.New[int32](1)}, leaf}, []string{"v"}
		} else {
			typ = schema[len(schema)-1].Type.V
		}
		if values == 0 {
			values = c.rows
		}
		meta := pq.FileMetaData{Version: 1, NumRows: c.rows, Schema: schema,
			RowGroups: []pq.RowGroup{{NumRows: c.rows, Columns: []pq.ColumnChunk{{FileOffset: 4, MetaData: pq.ColumnMetaData{
				Type: typ, Encoding: []pq.Encoding{pq.Plain}, PathInSchema: path, Codec: c.codec,
				NumValues: values, TotalCompressedSize: int64(len(buf) - 4), TotalUncompressedSize: int64(len(buf) - 4),
				DataPageOffset: 4, Statistics: pq.Statistics{NullCount: c.nulls}}}}}},
		}
		var err error
		if footer, err = thrift.Marshal(&proto, &meta); err != nil {
			t.Fatal(err)
		}
	}
	buf = append(buf, footer...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(footer)))
	return append(buf, "PAR1"...)
}

func int32s(vals ...int32) []byte {
	var b []byte
	for _, v := range vals {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	return b
}

func gzipped(t testing.TB, b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func zstded(t testing.TB, b []byte) []byte {
	e, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	return e.EncodeAll(b, nil)
}

// TestParquetCraft checks that the hand-built file reads, so that the hostile variants below
// fail for the reason they are built for.
func TestParquetCraft(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ok.parquet")
	data := snappy.Encode(nil, int32s(1, 2, 3))
	f := craftFile{codec: pq.Snappy, rows: 3, pages: []craftPage{dataPage(3, data, 12)}}
	if err := os.WriteFile(path, f.bytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, cols, err := readAllParquet(path, Options{})
	if err != nil || rows != 3 || strings.Join(cols[0], ",") != "1,2,3" {
		t.Fatalf("%d rows %v: %v", rows, cols, err)
	}
}

// TestParquetHostile reads small files whose headers ask for gigabytes, or whose pages inflate
// far beyond what their headers say: each is refused with an error naming the cause, and reading
// it allocates little.
func TestParquetHostile(t *testing.T) {
	zeros := make([]byte, 64<<20)
	bigRun := []byte{6, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0} // RLE levels: a run of 2^31-1 nulls
	tests := []struct {
		name string
		file craftFile
		lim  Limits
		want string
	}{
		{"page size", craftFile{codec: pq.Snappy, rows: 3, pages: []craftPage{dataPage(3, snappy.Encode(nil, int32s(1, 2, 3)), 1<<30)}},
			Limits{}, "page 1: page of 1073741824 uncompressed bytes exceeds the limit of 268435456 bytes (Limits.MaxPageBytes)"},
		{"page size limit", craftFile{rows: 3, pages: []craftPage{dataPage(3, int32s(1, 2, 3), 12)}},
			Limits{MaxPageBytes: 8}, "page of 12 compressed bytes exceeds the limit of 8 bytes (Limits.MaxPageBytes)"},
		{"page values", craftFile{rows: 3, pages: []craftPage{dataPage(1<<30, int32s(1, 2, 3), 12)}},
			Limits{}, "page of 1073741824 values exceeds the limit of 16777216 values (Limits.MaxPageValues)"},
		{"snappy bomb", craftFile{codec: pq.Snappy, rows: 3, pages: []craftPage{dataPage(3, snappy.Encode(nil, zeros), 12)}},
			Limits{}, "SNAPPY page decompresses to 67108864 bytes where its header says 12"},
		{"gzip bomb", craftFile{codec: pq.Gzip, rows: 3, pages: []craftPage{dataPage(3, gzipped(t, zeros), 12)}},
			Limits{}, "page decompresses to more than the 12 bytes its header says"},
		{"zstd bomb", craftFile{codec: pq.Zstd, rows: 3, pages: []craftPage{dataPage(3, zstded(t, zeros), 12)}},
			Limits{}, "decompressing ZSTD page"},
		{"level run", craftFile{optional: true, rows: 3, nulls: 3, pages: []craftPage{dataPage(3, bigRun, 10)}},
			Limits{}, ""}, // the run is cut to the page's three values: three nulls
		{"lz4 page of nothing", craftFile{codec: pq.Lz4Raw, rows: 3, pages: []craftPage{dataPage(3, []byte{0x40, 1, 2, 3, 4}, 0)}},
			Limits{}, "decompressing LZ4_RAW page: lz4: invalid source or destination buffer too short"},
		{"chunk overrun", craftFile{rows: 3, pages: []craftPage{{header: pq.PageHeader{Type: pq.DataPage, UncompressedPageSize: 1 << 28,
			CompressedPageSize: 1 << 28, DataPageHeader: thrift.New(pq.DataPageHeader{NumValues: 3})}}}},
			Limits{}, "page of 268435456 bytes extends past the end of its column chunk"},
		{"dictionary values", craftFile{rows: 3, pages: []craftPage{{header: pq.PageHeader{Type: pq.DictionaryPage,
			UncompressedPageSize: 12, CompressedPageSize: 12, DictionaryPageHeader: thrift.New(pq.DictionaryPageHeader{NumValues: 1 << 30})},
			data: int32s(1, 2, 3)}}}, Limits{}, "dictionary of 1073741824 values exceeds the limit of 16777216 values (Limits.MaxDictionaryValues)"},
		{"dictionary bytes", craftFile{rows: 3, pages: []craftPage{{header: pq.PageHeader{Type: pq.DictionaryPage,
			UncompressedPageSize: 12, CompressedPageSize: 12, DictionaryPageHeader: thrift.New(pq.DictionaryPageHeader{NumValues: 3})},
			data: int32s(1, 2, 3)}}}, Limits{MaxDictionaryBytes: 8}, "dictionary page of 12 bytes exceeds the limit of 8 bytes (Limits.MaxDictionaryBytes)"},
		{"dictionary count", craftFile{rows: 3, pages: []craftPage{{header: pq.PageHeader{Type: pq.DictionaryPage,
			UncompressedPageSize: 12, CompressedPageSize: 12, DictionaryPageHeader: thrift.New(pq.DictionaryPageHeader{NumValues: 1000})},
			data: int32s(1, 2, 3)}}}, Limits{}, "malformed dictionary page: 1000 values cannot fill 12 bytes"},
		{"decoded bytes", craftFile{rows: 3, pages: []craftPage{dataPage(3, int32s(1, 2, 3), 12)}},
			Limits{MaxDecodedBytes: 100}, "over the limit of 100 bytes (Limits.MaxDecodedBytes)"},
		{"footer list", craftFile{footer: []byte{0x19, 0xfc, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00}},
			Limits{}, "malformed footer: a list claims 2147483647 elements where 1 bytes remain"},
		{"footer depth", craftFile{footer: bytes.Repeat([]byte{0x1c}, 1000)},
			Limits{}, "malformed footer: structures nested deeper than 32 levels"},
		{"footer memory", craftFile{footer: append(append([]byte{0x29, 0xf8, 0xff, 0xff, 0x3f}, make([]byte, 1<<20-1)...), 0)},
			Limits{MaxMetadataBytes: 8 << 20}, "would take about"},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".parquet")
			if err := os.WriteFile(path, tc.file.bytes(t), 0o644); err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			rows, cols, err := readAllParquet(path, Options{Limits: tc.lim})
			runtime.ReadMemStats(&after)
			if tc.want == "" {
				if err != nil || rows != 3 || strings.Join(cols[0], ",") != ",," {
					t.Errorf("%d rows %q: %v", rows, cols, err)
				}
			} else {
				checkFileError(t, path, err, tc.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("allocated %d MiB reading a %d-byte file", alloc>>20, len(tc.file.bytes(t)))
			}
		})
	}
}

// TestParquetMixedEncodings reads a FIXED_LEN_BYTE_ARRAY chunk whose first page is PLAIN and
// second BYTE_STREAM_SPLIT: the second must not be decoded over the first one's bytes.
func TestParquetMixedEncodings(t *testing.T) {
	split := dataPage(2, []byte("egfh"), 4)
	split.header.DataPageHeader.V.Encoding = pq.ByteStreamSplit
	f := craftFile{typ: pq.FixedLenByteArray, width: 2, rows: 4, pages: []craftPage{dataPage(2, []byte("abcd"), 4), split}}
	path := filepath.Join(t.TempDir(), "mixed.parquet")
	if err := os.WriteFile(path, f.bytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	_, cols, err := readAllParquet(path, Options{})
	if got := strings.Join(cols[0], ","); err != nil || got != "6162,6364,6566,6768" {
		t.Errorf("%s: %v", got, err)
	}
}
