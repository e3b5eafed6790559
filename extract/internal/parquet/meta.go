package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unsafe"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	pq "github.com/parquet-go/parquet-go/format"
)

// The footer and page headers are Thrift compact-protocol structs. parquet-go's decoder sizes
// lists and byte strings from the counts written in the input, so a few hostile bytes can ask it
// for gigabytes. thriftScan walks the bytes first and checks that every count is backed by bytes.
// The metadata is then decoded into the types below, which name only the fields crmready uses:
// the others (key/value metadata, encoding statistics, page statistics) are skipped, not decoded.

// fileMeta is the part of the footer (FileMetaData) crmready reads.
type fileMeta struct {
	Version    int32                `thrift:"1"`
	Schema     []pq.SchemaElement   `thrift:"2"`
	NumRows    int64                `thrift:"3"`
	RowGroups  []rowGroupMeta       `thrift:"4"`
	CreatedBy  string               `thrift:"6"`
	Encryption thrift.Null[present] `thrift:"8"` // encryption_algorithm: an encrypted file
}

// present decodes any struct, so that a thrift.Null[present] field says whether it was there.
type present struct{}

// rowGroupMeta is a RowGroup of the footer.
type rowGroupMeta struct {
	Columns []chunkMeta `thrift:"1"`
	NumRows int64       `thrift:"3"`
}

// chunkMeta is a ColumnChunk of the footer.
type chunkMeta struct {
	FilePath string               `thrift:"1"`
	MetaData thrift.Null[colMeta] `thrift:"3"`
	Crypto   thrift.Null[present] `thrift:"8"` // crypto_metadata: an encrypted column
}

// colMeta is a ColumnMetaData of the footer.
type colMeta struct {
	Type                  pq.Type             `thrift:"1"`
	Path                  []string            `thrift:"3"`
	Codec                 pq.CompressionCodec `thrift:"4"`
	NumValues             int64               `thrift:"5"`
	TotalUncompressedSize int64               `thrift:"6"`
	TotalCompressedSize   int64               `thrift:"7"`
	DataPageOffset        int64               `thrift:"9"`
	DictionaryPageOffset  int64               `thrift:"11"`
	Statistics            colStats            `thrift:"12"`
}

// colStats is the part of a column chunk's Statistics crmready checks.
type colStats struct {
	NullCount thrift.Null[int64] `thrift:"3"`
}

// pageHeader is a PageHeader; page statistics are skipped.
type pageHeader struct {
	Type             pq.PageType                   `thrift:"1"`
	UncompressedSize int32                         `thrift:"2"`
	CompressedSize   int32                         `thrift:"3"`
	CRC              thrift.Null[int32]            `thrift:"4"`
	DataV1           thrift.Null[dataPageHeader]   `thrift:"5"`
	Dictionary       thrift.Null[dictPageHeader]   `thrift:"7"`
	DataV2           thrift.Null[dataPageHeaderV2] `thrift:"8"`
}

// dataPageHeader is a DataPageHeader (v1); page statistics are skipped.
type dataPageHeader struct {
	NumValues   int32       `thrift:"1"`
	Encoding    pq.Encoding `thrift:"2"`
	DefEncoding pq.Encoding `thrift:"3"`
	RepEncoding pq.Encoding `thrift:"4"`
}

// dictPageHeader is a DictionaryPageHeader.
type dictPageHeader struct {
	NumValues int32       `thrift:"1"`
	Encoding  pq.Encoding `thrift:"2"`
}

// dataPageHeaderV2 is a DataPageHeaderV2; page statistics are skipped.
type dataPageHeaderV2 struct {
	NumValues    int32             `thrift:"1"`
	NumNulls     int32             `thrift:"2"`
	NumRows      int32             `thrift:"3"`
	Encoding     pq.Encoding       `thrift:"4"`
	DefLength    int32             `thrift:"5"`
	RepLength    int32             `thrift:"6"`
	IsCompressed thrift.Null[bool] `thrift:"7"`
}

// thriftElemSize bounds the memory one decoded list element takes: the largest element type.
var thriftElemSize = int64(max(unsafe.Sizeof(pq.SchemaElement{}), unsafe.Sizeof(rowGroupMeta{}),
	unsafe.Sizeof(chunkMeta{}), unsafe.Sizeof("")))

// maxThriftDepth bounds the nesting of structs and containers; Parquet's own structs nest about
// eight deep. A deeper input is refused before parquet-go's recursive decoder sees it.
const maxThriftDepth = 32

// errThriftShort says the bytes end inside the struct: read more, or the input is cut short.
var errThriftShort = errors.New("unexpected end of data")

// thriftScanner walks one compact-protocol struct without decoding it.
type thriftScanner struct {
	b     []byte
	i     int
	elems int64 // list, set and map elements seen
}

// thriftScan checks that b starts with a well-formed struct and returns its length in bytes and
// the number of container elements it holds. errThriftShort means b ends inside the struct.
func thriftScan(b []byte) (n int, elems int64, err error) {
	s := thriftScanner{b: b}
	if err := s.structBody(1); err != nil {
		return 0, 0, err
	}
	return s.i, s.elems, nil
}

func (s *thriftScanner) byte() (byte, error) {
	if s.i >= len(s.b) {
		return 0, errThriftShort
	}
	c := s.b[s.i]
	s.i++
	return c, nil
}

func (s *thriftScanner) varint() (uint64, error) {
	v, n := binary.Uvarint(s.b[s.i:])
	switch {
	case n == 0:
		return 0, errThriftShort
	case n < 0:
		return 0, errors.New("varint overflows 64 bits")
	}
	s.i += n
	return v, nil
}

func (s *thriftScanner) skip(n uint64) error {
	if n > uint64(len(s.b)-s.i) {
		return errThriftShort
	}
	s.i += int(n)
	return nil
}

func (s *thriftScanner) structBody(depth int) error {
	if depth > maxThriftDepth {
		return fmt.Errorf("structures nested deeper than %d levels", maxThriftDepth)
	}
	for {
		h, err := s.byte()
		if err != nil {
			return err
		}
		if h == 0 {
			return nil // STOP
		}
		t := h & 0x0f
		if h>>4 == 0 {
			if _, err := s.varint(); err != nil { // field id
				return err
			}
		}
		if t == 1 || t == 2 {
			continue // a boolean field holds its value in its type
		}
		if err := s.value(t, depth+1); err != nil {
			return err
		}
	}
}

func (s *thriftScanner) value(t byte, depth int) error {
	switch t {
	case 1, 2, 3: // a boolean inside a container, or a byte
		return s.skip(1)
	case 4, 5, 6:
		_, err := s.varint()
		return err
	case 7:
		return s.skip(8)
	case 8:
		n, err := s.varint()
		if err != nil {
			return err
		}
		return s.skip(n)
	case 9, 10:
		return s.list(depth)
	case 11:
		return s.dict(depth)
	case 12:
		return s.structBody(depth)
	case 13:
		return s.skip(16)
	}
	return fmt.Errorf("invalid thrift type %d", t)
}

func (s *thriftScanner) list(depth int) error {
	h, err := s.byte()
	if err != nil {
		return err
	}
	n, et := uint64(h>>4), h&0x0f
	if n == 15 {
		if n, err = s.varint(); err != nil {
			return err
		}
	}
	return s.elements(n, []byte{et}, depth)
}

func (s *thriftScanner) dict(depth int) error {
	n, err := s.varint()
	if err != nil || n == 0 {
		return err
	}
	kv, err := s.byte()
	if err != nil {
		return err
	}
	return s.elements(n, []byte{kv >> 4, kv & 0x0f}, depth)
}

// elements walks n container elements of the given types; every element takes at least a byte,
// so a count larger than the bytes left is refused before anything is allocated for it.
func (s *thriftScanner) elements(n uint64, types []byte, depth int) error {
	if depth > maxThriftDepth {
		return fmt.Errorf("structures nested deeper than %d levels", maxThriftDepth)
	}
	if n > uint64(len(s.b)-s.i) {
		return fmt.Errorf("a list claims %d elements where %d bytes remain", n, len(s.b)-s.i)
	}
	s.elems += int64(n)
	for range n {
		for _, t := range types {
			if err := s.value(t, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// thriftDecode decodes the struct in b, already checked by thriftScan, into v.
func thriftDecode(b []byte, v any) error {
	var p thrift.CompactProtocol
	r := p.NewReaderFromBytes(b)
	return thrift.NewDecoder(r).Decode(v)
}

// readFooter reads and checks the file's magic bytes and footer.
func readFooter(f io.ReaderAt, size int64, lim Limits) (*fileMeta, error) {
	if size < 12 {
		return nil, fmt.Errorf("not a parquet file: %d bytes is too short", size)
	}
	var head, tail [8]byte
	if _, err := f.ReadAt(head[:4], 0); err != nil {
		return nil, err
	}
	if _, err := f.ReadAt(tail[:], size-8); err != nil {
		return nil, err
	}
	if string(head[:4]) == "PARE" || string(tail[4:]) == "PARE" {
		return nil, errors.New("encrypted parquet file: not supported")
	}
	if string(head[:4]) != "PAR1" {
		return nil, fmt.Errorf("not a parquet file: it starts with %q, not \"PAR1\"", head[:4])
	}
	if string(tail[4:]) != "PAR1" {
		return nil, errors.New("truncated parquet file: it does not end with \"PAR1\"")
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 {
		return nil, fmt.Errorf("truncated parquet file: the footer claims %d bytes, the file holds %d", n, size)
	}
	if n > lim.MaxMetadataBytes {
		return nil, fmt.Errorf("footer of %d bytes exceeds the limit of %d bytes (Limits.MaxMetadataBytes)", n, lim.MaxMetadataBytes)
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, size-8-n); err != nil {
		return nil, err
	}
	used, elems, err := thriftScan(b)
	switch {
	case err != nil:
		return nil, fmt.Errorf("malformed footer: %v", err)
	case used != len(b):
		return nil, fmt.Errorf("malformed footer: %d bytes follow its end", len(b)-used)
	case elems*thriftElemSize > lim.MaxMetadataBytes:
		return nil, fmt.Errorf("footer holding %d list elements would take about %d bytes to decode, over the limit of %d bytes (Limits.MaxMetadataBytes)",
			elems, elems*thriftElemSize, lim.MaxMetadataBytes)
	}
	m := new(fileMeta)
	if err := thriftDecode(b, m); err != nil {
		return nil, fmt.Errorf("malformed footer: %v", err)
	}
	if m.Encryption.Valid {
		return nil, errors.New("encrypted parquet file (plaintext footer): not supported")
	}
	return m, nil
}
