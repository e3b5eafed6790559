package parquet

import (
	"errors"
	"fmt"
	"math/bits"

	"github.com/crmready/crmready/extract/internal/vector"
	"github.com/parquet-go/parquet-go/encoding/bytestreamsplit"
	"github.com/parquet-go/parquet-go/encoding/delta"
	pq "github.com/parquet-go/parquet-go/format"
)

// Decoding one page: a dictionary, or the levels and values of a data page (v1 or v2). Values
// encoded with DELTA_BINARY_PACKED or BYTE_STREAM_SPLIT are decoded by parquet-go once their
// counts and sizes were checked; the rest is decoded here.

var (
	deltaBinaryPacked delta.BinaryPackedEncoding
	byteStreamSplit   bytestreamsplit.Encoding
)

// decodeDict decodes the chunk's dictionary page, once, into the leaf's natural type.
func (c *Column) decodeDict(h *pageHeader, data []byte) error {
	d := h.Dictionary.V
	lim := &c.f.lim
	switch {
	case c.dict != nil:
		return errors.New("a second dictionary page")
	case c.data:
		return errors.New("a dictionary page after data pages")
	case int64(d.NumValues) > lim.MaxDictionaryValues:
		return fmt.Errorf("dictionary of %d values exceeds the limit of %d values (Limits.MaxDictionaryValues)", d.NumValues, lim.MaxDictionaryValues)
	case int64(h.UncompressedSize) > lim.MaxDictionaryBytes:
		return fmt.Errorf("dictionary page of %d bytes exceeds the limit of %d bytes (Limits.MaxDictionaryBytes)", h.UncompressedSize, lim.MaxDictionaryBytes)
	case d.Encoding != pq.Plain && d.Encoding != pq.PlainDictionary: //lint:ignore SA1019 files written before format 2.0 use it
		return fmt.Errorf("malformed dictionary page: encoding %s", d.Encoding)
	}
	n := int(d.NumValues)
	if size := plainSize(c.leaf.phys, c.leaf.width); size > 0 && int64(n)*int64(size) != int64(h.UncompressedSize) ||
		c.leaf.phys == pq.ByteArray && int64(n)*4 > int64(h.UncompressedSize) {
		return fmt.Errorf("malformed dictionary page: %d values cannot fill %d bytes", n, h.UncompressedSize)
	}
	if err := c.reserve(0, pageCost(h.UncompressedSize, n)); err != nil {
		return err
	}
	page, err := c.dec.decompress(c.meta.Codec, data, int(h.UncompressedSize))
	if err != nil {
		return err
	}
	c.dict, c.dictLen, c.dictConv = &vector.Vector{}, n, nil
	if c.leaf.nested {
		return nil
	}
	if err := c.phys.decodePlain(c.leaf.phys, c.leaf.width, page, n); err != nil {
		return fmt.Errorf("malformed dictionary page: %v", err)
	}
	c.convert(c.dict, n)
	c.dictFlagged = flagged(c.dict)
	return nil
}

// startData checks a data page's value count and reserves its memory.
func (c *Column) startData(nv int32, uncompressed int32) error {
	c.data = true
	if int64(nv) > c.f.lim.MaxPageValues {
		return fmt.Errorf("page of %d values exceeds the limit of %d values (Limits.MaxPageValues)", nv, c.f.lim.MaxPageValues)
	}
	return c.reserve(1, pageCost(uncompressed, int(nv)))
}

// decodeV1 decodes a v1 data page: compressed as a whole, levels first, each with a length.
func (c *Column) decodeV1(h *pageHeader, data []byte) error {
	d := h.DataV1.V
	if err := c.startData(d.NumValues, h.UncompressedSize); err != nil {
		return err
	}
	p, err := c.dec.decompress(c.meta.Codec, data, int(h.UncompressedSize))
	if err != nil {
		return err
	}
	nv := int(d.NumValues)
	if c.leaf.maxRep > 0 {
		if c.reps, p, err = levelsV1(c.reps, p, d.RepEncoding, nv, c.leaf.maxRep); err != nil {
			return fmt.Errorf("repetition levels: %w", err)
		}
	}
	if c.leaf.maxDef > 0 {
		if c.defs, p, err = levelsV1(c.defs, p, d.DefEncoding, nv, c.leaf.maxDef); err != nil {
			return fmt.Errorf("definition levels: %w", err)
		}
	}
	return c.values(d.Encoding, p, nv)
}

// decodeV2 decodes a v2 data page: levels uncompressed, values compressed, counts checked
// against the header.
func (c *Column) decodeV2(h *pageHeader, data []byte) error {
	d := h.DataV2.V
	if err := c.startData(d.NumValues, h.UncompressedSize); err != nil {
		return err
	}
	nv, rl, dl := int(d.NumValues), int(d.RepLength), int(d.DefLength)
	if rl < 0 || dl < 0 || rl+dl > len(data) || rl+dl > int(h.UncompressedSize) {
		return fmt.Errorf("level lengths %d and %d do not fit the page's %d bytes", rl, dl, len(data))
	}
	var err error
	if c.leaf.maxRep > 0 {
		c.reps = grow(c.reps, nv)
		if err := rleLevels(c.reps, data[:rl], c.leaf.maxRep); err != nil {
			return fmt.Errorf("repetition levels: %w", err)
		}
		if nv > 0 && c.reps[0] != 0 {
			return fmt.Errorf("repetition levels start with %d: a v2 page must start a row", c.reps[0])
		}
	}
	if c.leaf.maxDef > 0 {
		c.defs = grow(c.defs, nv)
		if err := rleLevels(c.defs, data[rl:rl+dl], c.leaf.maxDef); err != nil {
			return fmt.Errorf("definition levels: %w", err)
		}
	}
	p, size := data[rl+dl:], int(h.UncompressedSize)-rl-dl
	if !d.IsCompressed.Valid || d.IsCompressed.V {
		if p, err = c.dec.decompress(c.meta.Codec, p, size); err != nil {
			return err
		}
	} else if len(p) != size {
		return fmt.Errorf("uncompressed values take %d bytes where the header says %d", len(p), size)
	}
	if err := c.values(d.Encoding, p, nv); err != nil {
		return err
	}
	if nulls := nv - c.nonNull(); nulls != int(d.NumNulls) {
		return fmt.Errorf("%d nulls decoded where the page header says %d", nulls, d.NumNulls)
	}
	if rows := c.rowStarts(); rows != int(d.NumRows) {
		return fmt.Errorf("%d rows decoded where the page header says %d", rows, d.NumRows)
	}
	return nil
}

// levelsV1 decodes n levels of a v1 page and returns the bytes that follow them.
func levelsV1(dst []uint8, p []byte, enc pq.Encoding, n int, max uint8) ([]uint8, []byte, error) {
	dst = grow(dst, n)
	switch enc {
	case pq.RLE:
		if len(p) < 4 {
			return dst, nil, errors.New("the page ends before its levels")
		}
		l := uint64(p[0]) | uint64(p[1])<<8 | uint64(p[2])<<16 | uint64(p[3])<<24
		if l > uint64(len(p)-4) {
			return dst, nil, fmt.Errorf("levels claim %d bytes where the page holds %d", l, len(p)-4)
		}
		if err := rleLevels(dst, p[4:4+l], max); err != nil {
			return dst, nil, err
		}
		return dst, p[4+l:], nil
	case pq.BitPacked:
		used, err := unpackMSB(dst, p, uint(bits.Len8(max)))
		if err != nil {
			return dst, nil, err
		}
		return dst, p[used:], checkLevels(dst, max)
	}
	return dst, nil, fmt.Errorf("unsupported level encoding %s", enc)
}

// rleLevels decodes len(dst) RLE levels and checks they do not exceed max.
func rleLevels(dst []uint8, src []byte, max uint8) error {
	if err := rleDecode(dst, src, uint(bits.Len8(max))); err != nil {
		return err
	}
	return checkLevels(dst, max)
}

// checkLevels checks no level exceeds the column's maximum.
func checkLevels(levels []uint8, max uint8) error {
	for _, l := range levels {
		if l > max {
			return fmt.Errorf("level %d above the column's maximum %d", l, max)
		}
	}
	return nil
}

// nonNull counts the page's values that are not null.
func (c *Column) nonNull() int {
	if c.leaf.maxDef == 0 {
		return c.nv
	}
	n := 0
	for _, d := range c.defs[:c.nv] {
		if d == c.leaf.maxDef {
			n++
		}
	}
	return n
}

// rowStarts counts the rows that start in the page.
func (c *Column) rowStarts() int {
	if c.leaf.maxRep == 0 {
		return c.nv
	}
	n := 0
	for _, r := range c.reps[:c.nv] {
		if r == 0 {
			n++
		}
	}
	return n
}

// values decodes the values section of a data page of nv levels.
func (c *Column) values(enc pq.Encoding, p []byte, nv int) error {
	c.nv, c.lpos, c.vpos = nv, 0, 0
	n := c.nonNull()
	c.levels += int64(nv)
	c.nulls += int64(nv - n)
	if c.leaf.maxRep > 0 && c.levels == int64(nv) && nv > 0 && c.reps[0] != 0 {
		return fmt.Errorf("the column chunk starts with repetition level %d, not 0: values before its first row", c.reps[0])
	}
	if c.leaf.nested {
		return nil // levels are enough to count rows and nulls
	}
	c.indexed = enc == pq.PlainDictionary || enc == pq.RLEDictionary //lint:ignore SA1019 files written before format 2.0 use it
	if c.indexed {
		return c.indices(p, n)
	}
	if err := c.decodeValues(enc, p, n); err != nil {
		return err
	}
	if c.vals == nil {
		c.vals = &vector.Vector{}
	}
	c.convert(c.vals, n)
	c.valsFlagged = flagged(c.vals)
	return nil
}

// indices decodes n dictionary indices.
func (c *Column) indices(p []byte, n int) error {
	if c.dict == nil {
		return errors.New("dictionary-encoded page without a dictionary page")
	}
	c.idx = grow(c.idx, n)
	if n == 0 {
		return nil
	}
	if len(p) == 0 {
		return errors.New("dictionary indices missing")
	}
	if err := rleDecode(c.idx, p[1:], uint(p[0])); err != nil {
		return fmt.Errorf("dictionary indices: %w", err)
	}
	for _, i := range c.idx {
		if i >= uint32(c.dictLen) {
			return fmt.Errorf("dictionary index %d out of range: the dictionary holds %d values", i, c.dictLen)
		}
	}
	return nil
}

// decodeValues decodes n values encoded with enc into c.phys.
func (c *Column) decodeValues(enc pq.Encoding, p []byte, n int) error {
	t, ph := c.leaf.phys, &c.phys
	ph.n = n
	var err error
	switch {
	case enc == pq.Plain:
		return ph.decodePlain(t, c.leaf.width, p, n)
	case enc == pq.RLE && t == pq.Boolean:
		if len(p) < 4 {
			return errors.New("RLE booleans: the page ends before their length")
		}
		l := uint64(p[0]) | uint64(p[1])<<8 | uint64(p[2])<<16 | uint64(p[3])<<24
		if l > uint64(len(p)-4) {
			return fmt.Errorf("RLE booleans claim %d bytes where the page holds %d", l, len(p)-4)
		}
		c.bools = grow(c.bools, n)
		if err := rleDecode(c.bools, p[4:4+l], 1); err != nil {
			return fmt.Errorf("RLE booleans: %w", err)
		}
		ph.bools = grow(ph.bools, n)
		for k, b := range c.bools {
			ph.bools[k] = b != 0
		}
		return nil
	case enc == pq.DeltaBinaryPacked && (t == pq.Int32 || t == pq.Int64):
		width := uint(32)
		if t == pq.Int64 {
			width = 64
		}
		size, _, err := deltaScan(p, n, width)
		if err != nil {
			return err
		}
		if t == pq.Int32 {
			ph.i32, err = deltaBinaryPacked.DecodeInt32(ph.i32[:0], p[:size])
		} else {
			ph.i64, err = deltaBinaryPacked.DecodeInt64(ph.i64[:0], p[:size])
		}
		return err
	case enc == pq.DeltaLengthByteArray && t == pq.ByteArray:
		c.lens, err = ph.decodeDeltaLength(p, n, c.lens)
		return err
	case enc == pq.DeltaByteArray && (t == pq.ByteArray || t == pq.FixedLenByteArray):
		if err := ph.decodeDeltaBytes(p, n, c.f.lim.MaxPageBytes, &c.delta); err != nil {
			return err
		}
		if t == pq.FixedLenByteArray {
			return ph.toFixed(c.leaf.width)
		}
		return nil
	case enc == pq.ByteStreamSplit && t != pq.Boolean && t != pq.ByteArray && t != pq.Int96:
		size := plainSize(t, c.leaf.width)
		if len(p) != n*size {
			return fmt.Errorf("BYTE_STREAM_SPLIT page holds %d bytes where %d values of %d bytes take %d", len(p), n, size, n*size)
		}
		switch t {
		case pq.Int32:
			ph.i32, err = byteStreamSplit.DecodeInt32(ph.i32[:0], p)
		case pq.Int64:
			ph.i64, err = byteStreamSplit.DecodeInt64(ph.i64[:0], p)
		case pq.Float:
			ph.f32, err = byteStreamSplit.DecodeFloat(ph.f32[:0], p)
		case pq.Double:
			ph.f64, err = byteStreamSplit.DecodeDouble(ph.f64[:0], p)
		default: // into a buffer of its own: after a PLAIN page, fixed aliases the page's bytes
			ph.split, err = byteStreamSplit.DecodeFixedLenByteArray(ph.split[:0], p, size)
			ph.fixed, ph.width = ph.split, size
		}
		return err
	}
	return fmt.Errorf("encoding %s is not supported for %s values", enc, t)
}

// toFixed turns decoded byte arrays into fixed-width values, which must all be width long.
func (p *physValues) toFixed(width int) error {
	for k := 0; k < p.n; k++ {
		if int(p.end[k]-p.start[k]) != width {
			return fmt.Errorf("value %d holds %d bytes where the column's values hold %d", k, p.end[k]-p.start[k], width)
		}
	}
	p.fixed, p.width = p.bytes, width
	return nil
}
