package parquet

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"

	pq "github.com/parquet-go/parquet-go/format"
)

// This file decodes the bytes of a page. parquet-go's RLE decoders decode every run the input
// holds, whatever the page header says, so a five-byte run header can make them allocate
// gigabytes: levels and dictionary indices are decoded here into buffers sized by the page's
// value count (itself bounded by Limits), and every other decoder of parquet-go is handed input
// whose declared counts were checked first.

// rleDecode decodes exactly len(dst) values of bitWidth bits from the RLE/bit-packed hybrid
// encoding in src. Runs that go past len(dst) are cut; input that ends early is an error.
func rleDecode[T uint8 | uint32](dst []T, src []byte, bitWidth uint) error {
	if bitWidth > 32 {
		return fmt.Errorf("invalid bit width %d", bitWidth)
	}
	valueBytes := int(bitWidth+7) / 8
	i, k := 0, 0
	for k < len(dst) {
		if i >= len(src) {
			return fmt.Errorf("the encoded data ends after %d of %d values", k, len(dst))
		}
		h, n := binary.Uvarint(src[i:])
		if n <= 0 {
			return errors.New("malformed run header")
		}
		i += n
		if h&1 == 0 { // a run of one repeated value
			if valueBytes > len(src)-i {
				return fmt.Errorf("the encoded data ends after %d of %d values", k, len(dst))
			}
			var v uint32
			for b := 0; b < valueBytes; b++ {
				v |= uint32(src[i+b]) << (8 * b)
			}
			i += valueBytes
			run := int(min(h>>1, uint64(len(dst)-k)))
			fill := dst[k : k+run]
			for j := range fill {
				fill[j] = T(v)
			}
			k += run
			continue
		}
		groups := h >> 1 // bit-packed groups of eight values
		if groups > uint64(len(dst)) {
			groups = uint64(len(dst)) // more than enough: the run is cut below
		}
		want := min(int(groups)*8, len(dst)-k)
		avail := len(src) - i
		if bitWidth > 0 && want*int(bitWidth) > avail*8 {
			// the last run may be cut short by the writer: take the values it holds
			want = avail * 8 / int(bitWidth)
			if want == 0 {
				return fmt.Errorf("the encoded data ends after %d of %d values", k, len(dst))
			}
		}
		unpackLSB(dst[k:k+want], src[i:], bitWidth)
		i += min(int(groups)*int(bitWidth), avail)
		k += want
	}
	return nil
}

// unpackLSB unpacks len(dst) values of bitWidth bits packed least significant bit first.
func unpackLSB[T uint8 | uint32](dst []T, src []byte, bitWidth uint) {
	if bitWidth == 0 {
		clear(dst)
		return
	}
	if bitWidth == 1 {
		for k := range dst {
			dst[k] = T(src[k>>3] >> (k & 7) & 1)
		}
		return
	}
	mask := uint64(1)<<bitWidth - 1
	var buf uint64
	var bits uint
	j := 0
	for k := range dst {
		for bits < bitWidth {
			buf |= uint64(src[j]) << bits
			j++
			bits += 8
		}
		dst[k] = T(buf & mask)
		buf >>= bitWidth
		bits -= bitWidth
	}
}

// unpackMSB decodes the deprecated BIT_PACKED level encoding: values packed most significant
// bit first. It returns the number of bytes used.
func unpackMSB(dst []uint8, src []byte, bitWidth uint) (int, error) {
	n := (len(dst)*int(bitWidth) + 7) / 8
	if n > len(src) {
		return 0, fmt.Errorf("the encoded data ends after %d of %d bytes", len(src), n)
	}
	bit := 0
	for k := range dst {
		var v uint8
		for b := uint(0); b < bitWidth; b++ {
			v = v<<1 | src[bit>>3]>>(7-bit&7)&1
			bit++
		}
		dst[k] = v
	}
	return n, nil
}

// physValues holds one page's (or dictionary's) non-null values as their physical type.
type physValues struct {
	n     int
	bools []bool
	i32   []int32
	i64   []int64
	f32   []float32
	f64   []float64
	fixed []byte // n values of width bytes (FIXED_LEN_BYTE_ARRAY, INT96)
	width int
	split []byte   // BYTE_STREAM_SPLIT's output for fixed-width values
	bytes []byte   // BYTE_ARRAY data; value k is bytes[start[k]:end[k]]
	start []uint32 // BYTE_ARRAY value starts
	end   []uint32 // BYTE_ARRAY value ends
}

// grow returns s with length n, reusing its memory when it is large enough and not far too large.
func grow[T any](s []T, n int) []T {
	if cap(s) < n || cap(s) > 4*n+4096 {
		return make([]T, n, n+n/8)
	}
	return s[:n]
}

// plainSize is the size of a PLAIN value of a fixed-width physical type (0 for BYTE_ARRAY).
func plainSize(t pq.Type, width int) int {
	switch t {
	case pq.Int32, pq.Float:
		return 4
	case pq.Int64, pq.Double:
		return 8
	case pq.Int96, pq.FixedLenByteArray:
		return width
	}
	return 0
}

// decodePlain decodes n PLAIN values of type t from src, which must hold exactly them.
func (p *physValues) decodePlain(t pq.Type, width int, src []byte, n int) error {
	p.n = n
	if t == pq.Boolean {
		if len(src) < (n+7)/8 {
			return fmt.Errorf("page holds %d bytes, %d booleans need %d", len(src), n, (n+7)/8)
		}
		p.bools = grow(p.bools, n)
		for k := range p.bools {
			p.bools[k] = src[k>>3]>>(k&7)&1 == 1
		}
		return nil
	}
	if t == pq.ByteArray {
		return p.decodePlainBytes(src, n)
	}
	size := plainSize(t, width)
	if len(src) != n*size {
		return fmt.Errorf("page holds %d bytes of values where %d values of %d bytes take %d", len(src), n, size, n*size)
	}
	switch t {
	case pq.Int32:
		p.i32 = grow(p.i32, n)
		for k := range p.i32 {
			p.i32[k] = int32(binary.LittleEndian.Uint32(src[4*k:]))
		}
	case pq.Int64:
		p.i64 = grow(p.i64, n)
		for k := range p.i64 {
			p.i64[k] = int64(binary.LittleEndian.Uint64(src[8*k:]))
		}
	case pq.Float:
		p.f32 = grow(p.f32, n)
		for k := range p.f32 {
			p.f32[k] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*k:]))
		}
	case pq.Double:
		p.f64 = grow(p.f64, n)
		for k := range p.f64 {
			p.f64[k] = math.Float64frombits(binary.LittleEndian.Uint64(src[8*k:]))
		}
	default:
		p.fixed, p.width = src, size
	}
	return nil
}

// decodePlainBytes reads n length-prefixed byte strings; the values stay in src.
func (p *physValues) decodePlainBytes(src []byte, n int) error {
	if n > len(src)/4 {
		return fmt.Errorf("page holds %d bytes, too few for %d values", len(src), n)
	}
	p.bytes = src
	p.start, p.end = grow(p.start, n), grow(p.end, n)
	i := 0
	for k := 0; k < n; k++ {
		if len(src)-i < 4 {
			return fmt.Errorf("page data ends after %d of %d values", k, n)
		}
		l := int(binary.LittleEndian.Uint32(src[i:]))
		i += 4
		if l < 0 || l > len(src)-i {
			return fmt.Errorf("value %d claims %d bytes where %d remain", k, l, len(src)-i)
		}
		p.start[k], p.end[k] = uint32(i), uint32(i+l)
		i += l
	}
	if i != len(src) {
		return fmt.Errorf("%d bytes follow the page's %d values", len(src)-i, n)
	}
	return nil
}

// deltaScan checks a DELTA_BINARY_PACKED block at the start of src without decoding it: its
// header, the bit widths of its miniblocks and its length. It returns the block's length in
// bytes and its value count, which must be want (or any count when want < 0).
func deltaScan(src []byte, want int, bits uint) (int, int, error) {
	var h [4]uint64
	i := 0
	for f := range h {
		v, n := binary.Uvarint(src[i:])
		if n <= 0 {
			return 0, 0, errors.New("DELTA_BINARY_PACKED header is cut short")
		}
		h[f] = v
		i += n
	}
	blockSize, miniBlocks, total := h[0], h[1], h[2]
	if blockSize == 0 || blockSize%128 != 0 || blockSize > 1<<20 || miniBlocks == 0 || miniBlocks > blockSize ||
		blockSize%miniBlocks != 0 || (blockSize/miniBlocks)%32 != 0 {
		return 0, 0, fmt.Errorf("invalid DELTA_BINARY_PACKED block of %d values in %d miniblocks", blockSize, miniBlocks)
	}
	if total > math.MaxInt32 || want >= 0 && total != uint64(want) {
		return 0, 0, fmt.Errorf("DELTA_BINARY_PACKED header counts %d values where the page holds %d", total, want)
	}
	perMini := int(blockSize / miniBlocks)
	left := int(total) - 1
	for left > 0 {
		if _, n := binary.Varint(src[i:]); n <= 0 { // min delta
			return 0, 0, errors.New("DELTA_BINARY_PACKED block is cut short")
		} else {
			i += n
		}
		if uint64(len(src)-i) < miniBlocks {
			return 0, 0, errors.New("DELTA_BINARY_PACKED block is cut short")
		}
		widths := src[i : i+int(miniBlocks)]
		i += int(miniBlocks)
		for _, w := range widths {
			if left <= 0 {
				break
			}
			if uint(w) > bits {
				return 0, 0, fmt.Errorf("DELTA_BINARY_PACKED bit width %d exceeds %d", w, bits)
			}
			size := perMini * int(w) / 8
			if size > len(src)-i {
				return 0, 0, errors.New("DELTA_BINARY_PACKED block is cut short")
			}
			i += size
			left -= perMini
		}
	}
	return i, int(total), nil
}

// deltaLengths decodes a DELTA_BINARY_PACKED block of n non-negative lengths at the start of src
// and returns them with the bytes that follow the block.
func deltaLengths(src []byte, n int, dst []int32) ([]int32, []byte, error) {
	size, _, err := deltaScan(src, n, 32)
	if err != nil {
		return dst, nil, err
	}
	dst, err = deltaBinaryPacked.DecodeInt32(dst[:0], src[:size])
	if err != nil {
		return dst, nil, err
	}
	if len(dst) != n {
		return dst, nil, fmt.Errorf("DELTA_BINARY_PACKED decoded %d lengths where the page holds %d values", len(dst), n)
	}
	for _, l := range dst {
		if l < 0 {
			return dst, nil, fmt.Errorf("negative length %d", l)
		}
	}
	return dst, src[size:], nil
}

// decodeDeltaLength decodes n DELTA_LENGTH_BYTE_ARRAY values.
func (p *physValues) decodeDeltaLength(src []byte, n int, lens []int32) ([]int32, error) {
	lens, data, err := deltaLengths(src, n, lens)
	if err != nil {
		return lens, err
	}
	p.n, p.bytes = n, data
	p.start, p.end = grow(p.start, n), grow(p.end, n)
	var at uint64
	for k, l := range lens {
		p.start[k] = uint32(at)
		at += uint64(l)
		if at > uint64(len(data)) {
			return lens, fmt.Errorf("value %d ends at byte %d of %d", k, at, len(data))
		}
		p.end[k] = uint32(at)
	}
	if at != uint64(len(data)) {
		return lens, fmt.Errorf("%d bytes follow the page's %d values", uint64(len(data))-at, n)
	}
	return lens, nil
}

// decodeDeltaBytes decodes n DELTA_BYTE_ARRAY values (prefix lengths, then the suffixes as
// DELTA_LENGTH_BYTE_ARRAY), refusing output larger than limit: repeated prefixes can expand a
// small page enormously.
func (p *physValues) decodeDeltaBytes(src []byte, n int, limit int64, d *deltaScratch) error {
	var err error
	d.prefix, src, err = deltaLengths(src, n, d.prefix)
	if err != nil {
		return fmt.Errorf("prefix lengths: %w", err)
	}
	sfx := &d.suffixes
	if d.suffix, err = sfx.decodeDeltaLength(src, n, d.suffix); err != nil {
		return fmt.Errorf("suffixes: %w", err)
	}
	var total int64
	for k := range n {
		total += int64(d.prefix[k]) + int64(sfx.end[k]-sfx.start[k])
	}
	if total > limit {
		return fmt.Errorf("DELTA_BYTE_ARRAY page expands to %d bytes, over the limit of %d bytes (Limits.MaxPageBytes)", total, limit)
	}
	out := grow(d.out, int(total))[:0]
	p.n, p.start, p.end = n, grow(p.start, n), grow(p.end, n)
	prev := 0 // length of the previous value
	for k := range n {
		pre := int(d.prefix[k])
		if pre > prev {
			return fmt.Errorf("value %d shares %d bytes with a previous value of %d bytes", k, pre, prev)
		}
		at := len(out)
		out = append(out, out[at-prev:at-prev+pre]...)
		out = append(out, sfx.bytes[sfx.start[k]:sfx.end[k]]...)
		p.start[k], p.end[k] = uint32(at), uint32(len(out))
		prev = len(out) - at
	}
	d.out, p.bytes = out, out
	return nil
}

// deltaScratch holds a column's buffers for DELTA_BYTE_ARRAY pages.
type deltaScratch struct {
	prefix, suffix []int32
	suffixes       physValues
	out            []byte
}

// int96Millis converts an INT96 timestamp (nanoseconds of the day, then the Julian day) to Unix
// milliseconds; ok is false when the nanoseconds are not a time of day.
func int96Millis(b []byte) (int64, bool) {
	nanos := binary.LittleEndian.Uint64(b[:8])
	day := int64(int32(binary.LittleEndian.Uint32(b[8:12])))
	if nanos >= 86400*1e9 {
		return 0, false
	}
	const unixEpochJulianDay = 2440588
	return (day-unixEpochJulianDay)*86400000 + int64(nanos/1e6), true
}

// int96Text describes an INT96 value that is not a timestamp.
func int96Text(b []byte) string {
	return fmt.Sprintf("INT96(julian day %d, %d ns)", int32(binary.LittleEndian.Uint32(b[8:12])), binary.LittleEndian.Uint64(b[:8]))
}

// decimalFloat converts a big-endian two's complement unscaled decimal to a float64.
func decimalFloat(b []byte, scale int) float64 {
	if len(b) == 0 {
		return 0
	}
	if len(b) <= 8 {
		v := int64(int8(b[0]))
		for _, c := range b[1:] {
			v = v<<8 | int64(c)
		}
		return scaleFloat(v, scale)
	}
	n := new(big.Int).SetBytes(b)
	if b[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return decimalText(n.String(), scale)
}

// scaleFloat returns v / 10^scale, correctly rounded when v and 10^scale are exact in a float64.
func scaleFloat(v int64, scale int) float64 {
	if v > -1<<53 && v < 1<<53 && scale >= 0 && scale <= 22 {
		return float64(v) / math.Pow10(scale)
	}
	return decimalText(strconv.FormatInt(v, 10), scale)
}

// decimalText parses the digits of an unscaled decimal with the point placed scale digits from
// the right.
func decimalText(digits string, scale int) float64 {
	f, _ := strconv.ParseFloat(digits+"e"+strconv.Itoa(-scale), 64)
	return f
}

// float16 converts an IEEE 754 half-precision value (little-endian) to a float64.
func float16(b []byte) float64 {
	h := binary.LittleEndian.Uint16(b)
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp, frac := int(h>>10&0x1f), float64(h&0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1+frac/1024, exp-15)
}

// uuidText formats 16 bytes as a canonical UUID.
func uuidText(dst []byte, b []byte) []byte {
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:16])
	return append(dst, s[:]...)
}

// stringBlock is the size of the strings values are cut from: one allocation holds many short
// values, and a value a check keeps holds at most this much memory alive.
const stringBlock = 4096

// strBlocks builds the strings of many values with few allocations.
type strBlocks struct {
	buf  []byte
	ends []int
	dst  []string
	from int // index in dst of the first pending value
}

// start begins the strings of a page, to be stored in dst.
func (b *strBlocks) start(dst []string) {
	b.dst, b.from, b.buf, b.ends = dst, 0, b.buf[:0], b.ends[:0]
}

// next returns the buffer to append value k to; call done(k) after appending.
func (b *strBlocks) next(k, size int) []byte {
	if len(b.ends) > 0 && len(b.buf)+size > stringBlock {
		b.flush()
	}
	if len(b.ends) == 0 {
		b.from = k
	}
	return b.buf
}

// done records the value just appended to buf.
func (b *strBlocks) done(buf []byte) {
	b.buf = buf
	b.ends = append(b.ends, len(buf))
}

// flush makes one string of the pending values and stores them, cut from it, in dst.
func (b *strBlocks) flush() {
	if len(b.ends) == 0 {
		return
	}
	s := string(b.buf)
	at := 0
	for i, e := range b.ends {
		b.dst[b.from+i] = s[at:e]
		at = e
	}
	b.buf, b.ends = b.buf[:0], b.ends[:0]
}
