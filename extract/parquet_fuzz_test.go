package extract

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/snappy"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pq "github.com/parquet-go/parquet-go/format"

	"github.com/crmready/crmready/extract/internal/parquet"
)

// FuzzParquet reads arbitrary bytes as a Parquet file: whatever they hold, reading must end with
// rows or an error, never a panic, a hang or a huge allocation. Panics are not recovered here,
// so that the fuzzer reports them with their stack, and page checksums are not verified, so that
// mutated pages reach the decoders. The seeds are tiny hand-built files, one per decoding path:
// the fuzzer minimizes every input it finds interesting, in time that grows with the square of
// its size, so kilobyte seeds leave it no time to fuzz. testdata/fuzz/FuzzParquet keeps what the
// fuzzer found.
func FuzzParquet(f *testing.F) {
	for _, seed := range tinySeeds(f) {
		f.Add(seed.file)
		f.Add(seed.file[:len(seed.file)-12]) // without its footer's last bytes
	}
	lim := Limits{MaxMetadataBytes: 1 << 20, MaxPageBytes: 1 << 20, MaxPageValues: 1 << 16,
		MaxDictionaryValues: 1 << 16, MaxDictionaryBytes: 1 << 20, MaxDecodedBytes: 16 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		recoverPanics, parquet.VerifyChecksums = false, false
		defer func() { recoverPanics, parquet.VerifyChecksums = true, true }()
		r, err := newParquetReader("fuzz.parquet", bytesFile{bytes.NewReader(data)}, int64(len(data)), Options{BatchSize: 50, Limits: lim})
		if err != nil {
			return
		}
		defer r.Close()
		n := len(r.Schema().Columns)
		for {
			b, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				return
			}
			if len(b.Cols) != n || len(b.Pos) != b.Len {
				t.Fatalf("batch of %d rows with %d columns and %d positions", b.Len, len(b.Cols), len(b.Pos))
			}
			for _, v := range b.Cols {
				if len(v.Null) != b.Len || len(v.Bad) != b.Len || v.Str != nil && len(v.Str) != b.Len {
					t.Fatalf("vector of %d rows in a batch of %d", len(v.Null), b.Len)
				}
				for i := range b.Len {
					_ = v.Text(i)
				}
			}
		}
	})
}

// bytesFile is a file in memory.
type bytesFile struct{ *bytes.Reader }

func (bytesFile) Close() error { return nil }

// tinySeed is a hand-built file of a hundred bytes or so, and the values it holds.
type tinySeed struct {
	name string
	file []byte
	want string // the column's values as text, comma-separated
}

// tinySeeds builds one small file per decoding path: levels, dictionaries, INT96, byte stream
// split decimals, v2 pages with delta encoding, RLE booleans and a nested list.
func tinySeeds(t testing.TB) []tinySeed {
	leaf := func(name string, typ pq.Type, rep pq.FieldRepetitionType) pq.SchemaElement {
		return pq.SchemaElement{Name: name, Type: thrift.New(typ), RepetitionType: thrift.New(rep)}
	}
	root := func(n int32) pq.SchemaElement { return pq.SchemaElement{Name: "schema", NumChildren: thrift.New(n)} }
	v2 := func(n, nulls int32, enc pq.Encoding, defs, data []byte) craftPage {
		return craftPage{header: pq.PageHeader{Type: pq.DataPageV2, UncompressedPageSize: int32(len(defs) + len(data)),
			CompressedPageSize: int32(len(defs) + len(data)), DataPageHeaderV2: thrift.New(pq.DataPageHeaderV2{
				NumValues: n, NumNulls: nulls, NumRows: n, Encoding: enc, DefinitionLevelsByteLength: int32(len(defs)),
				IsCompressed: thrift.New(false)})}, data: append(defs, data...)}
	}
	withEncoding := func(p craftPage, enc pq.Encoding) craftPage {
		p.header.DataPageHeader.V.Encoding = enc
		return p
	}
	str := leaf("status", pq.ByteArray, pq.Optional)
	str.LogicalType = pq.LogicalType{Value: &pq.StringType{}}
	dec := leaf("amount", pq.FixedLenByteArray, pq.Required)
	dec.TypeLength, dec.LogicalType = thrift.New[int32](4), pq.LogicalType{Value: &pq.DecimalType{Scale: 2, Precision: 7}}
	list := pq.SchemaElement{Name: "tags", RepetitionType: thrift.New(pq.Optional), NumChildren: thrift.New[int32](1),
		LogicalType: pq.LogicalType{Value: &pq.ListType{}}}
	elems := pq.SchemaElement{Name: "list", RepetitionType: thrift.New(pq.Repeated), NumChildren: thrift.New[int32](1)}
	seeds := []struct {
		name string
		file craftFile
		want string
	}{
		{"levels snappy", craftFile{optional: true, codec: pq.Snappy, rows: 4, nulls: 1, pages: []craftPage{
			dataPage(4, snappy.Encode(nil, append([]byte{2, 0, 0, 0, 3, 0b0111}, int32s(1, 2, 3)...)), 18)}}, "1,2,3,"},
		{"plain", craftFile{rows: 3, pages: []craftPage{dataPage(3, int32s(1, 2, 3), 12)}}, "1,2,3"},
		{"dictionary", craftFile{typ: pq.ByteArray, rows: 4, nulls: 1, schema: []pq.SchemaElement{root(1), str}, path: []string{"status"},
			pages: []craftPage{
				{header: pq.PageHeader{Type: pq.DictionaryPage, UncompressedPageSize: 15, CompressedPageSize: 15,
					DictionaryPageHeader: thrift.New(pq.DictionaryPageHeader{NumValues: 2, Encoding: pq.Plain})},
					data: []byte("\x04\x00\x00\x00Open\x03\x00\x00\x00Won")},
				withEncoding(dataPage(4, []byte{2, 0, 0, 0, 3, 0b1011, 1, 3, 0b010}, 9), pq.RLEDictionary),
			}}, "Open,Won,,Open"},
		{"int96", craftFile{typ: pq.Int96, rows: 2, pages: []craftPage{dataPage(2,
			[]byte{0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x97, 0x8a, 0x25, 0x00, 0x00, 0xa0, 0xb8, 0x30, 0x46, 0x03, 0x00, 0x00, 0x97, 0x8a, 0x25, 0x00}, 24)}},
			"2024-01-01,2024-01-01T01:00:00Z"},
		{"byte stream split decimal", craftFile{typ: pq.FixedLenByteArray, rows: 2, schema: []pq.SchemaElement{root(1), dec}, path: []string{"amount"},
			pages: []craftPage{withEncoding(dataPage(2, []byte{0x00, 0xff, 0x00, 0xff, 0x30, 0xff, 0x39, 0xfb}, 8), pq.ByteStreamSplit)}},
			"123.45,-0.05"},
		{"v2 delta", craftFile{typ: pq.Int64, optional: true, rows: 3, nulls: 1, pages: []craftPage{
			v2(3, 1, pq.DeltaBinaryPacked, []byte{3, 0b101}, []byte{0x80, 0x01, 4, 2, 14, 4, 0, 0, 0, 0})}}, "7,,9"},
		{"v2 rle booleans", craftFile{typ: pq.Boolean, rows: 3, schema: []pq.SchemaElement{root(1), leaf("won", pq.Boolean, pq.Required)},
			path: []string{"won"}, pages: []craftPage{v2(3, 0, pq.RLE, nil, []byte{2, 0, 0, 0, 3, 0b101})}}, "true,false,true"},
		{"nested list", craftFile{rows: 3, values: 4, schema: []pq.SchemaElement{root(1), list, elems, leaf("element", pq.Int32, pq.Optional)},
			path: []string{"tags", "list", "element"}, pages: []craftPage{{header: pq.PageHeader{Type: pq.DataPage,
				UncompressedPageSize: 21, CompressedPageSize: 21, DataPageHeader: thrift.New(pq.DataPageHeader{NumValues: 4,
					Encoding: pq.Plain, DefinitionLevelEncoding: pq.RLE, RepetitionLevelEncoding: pq.RLE})},
				data: append([]byte{2, 0, 0, 0, 3, 0b0010, 3, 0, 0, 0, 3, 0x1f, 0}, int32s(1, 2)...)}}}, ",,"},
	}
	var out []tinySeed
	for _, s := range seeds {
		out = append(out, tinySeed{s.name, s.file.bytes(t), s.want})
	}
	return out
}

// TestParquetTinySeeds reads the fuzz seeds: each is a decoding path with known values.
func TestParquetTinySeeds(t *testing.T) {
	for _, seed := range tinySeeds(t) {
		r, err := newParquetReader(seed.name, bytesFile{bytes.NewReader(seed.file)}, int64(len(seed.file)), Options{})
		if err != nil {
			t.Errorf("%s: %v", seed.name, err)
			continue
		}
		var got []string
		for {
			b, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Errorf("%s: %v", seed.name, err)
				break
			}
			for i := range b.Len {
				got = append(got, b.Cols[0].Text(i))
			}
		}
		if strings.Join(got, ",") != seed.want {
			t.Errorf("%s: %q, want %q", seed.name, strings.Join(got, ","), seed.want)
		}
		if len(seed.file) > 300 {
			t.Errorf("%s: a seed of %d bytes: the fuzzer minimizes in time quadratic in the size", seed.name, len(seed.file))
		}
		r.Close()
	}
}
