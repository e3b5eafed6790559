package parquet

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/crmready/crmready/extract/internal/vector"
)

func TestRLEDecode(t *testing.T) {
	tests := []struct {
		name  string
		src   []byte
		width uint
		n     int
		want  []uint32
		err   string
	}{
		{"run", []byte{6, 5}, 3, 3, []uint32{5, 5, 5}, ""},
		{"run cut to the values wanted", []byte{0xfe, 0xff, 0xff, 0xff, 0x0f, 1}, 1, 4, []uint32{1, 1, 1, 1}, ""},
		{"bit-packed", []byte{3, 0b10001000, 0b11000110, 0b11111010}, 3, 8, []uint32{0, 1, 2, 3, 4, 5, 6, 7}, ""},
		{"bit-packed cut", []byte{3, 0b10001000, 0b11000110, 0b11111010}, 3, 5, []uint32{0, 1, 2, 3, 4}, ""},
		{"last bit-packed run cut short by the writer", []byte{3, 0b10001000}, 3, 2, []uint32{0, 1}, ""},
		{"runs then bit-packed", []byte{4, 7, 3, 0xff}, 4, 4, []uint32{7, 7, 15, 15}, ""},
		{"bit width 0", []byte{0xfe, 0xff, 0xff, 0xff, 0x0f}, 0, 3, []uint32{0, 0, 0}, ""},
		{"bit width 0, bit-packed", []byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 0, 3, []uint32{0, 0, 0}, ""},
		{"32-bit values", []byte{2, 0xff, 0xff, 0xff, 0xff}, 32, 1, []uint32{math.MaxUint32}, ""},
		{"too few values", []byte{4, 1}, 1, 3, nil, "the encoded data ends after 2 of 3 values"},
		{"empty", nil, 1, 1, nil, "the encoded data ends after 0 of 1 values"},
		{"run value missing", []byte{4}, 8, 1, nil, "the encoded data ends after 0 of 1 values"},
		{"malformed header", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 1, 1, nil, "malformed run header"},
		{"bit width 33", []byte{2, 1}, 33, 1, nil, "invalid bit width 33"},
	}
	for _, tc := range tests {
		dst := make([]uint32, tc.n)
		err := rleDecode(dst, tc.src, tc.width)
		switch {
		case tc.err != "" && (err == nil || err.Error() != tc.err):
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.err == "" && !slices.Equal(dst, tc.want):
			t.Errorf("%s: %v, want %v", tc.name, dst, tc.want)
		}
	}
}

func TestRLELevels(t *testing.T) {
	levels := make([]uint8, 10)
	if err := rleDecode(levels, []byte{3, 0b01010101, 4, 1}, 1); err != nil {
		t.Fatal(err)
	}
	if want := []uint8{1, 0, 1, 0, 1, 0, 1, 0, 1, 1}; !slices.Equal(levels, want) {
		t.Errorf("%v, want %v", levels, want)
	}
	if err := checkLevels([]uint8{0, 1, 2}, 1); err == nil || err.Error() != "level 2 above the column's maximum 1" {
		t.Errorf("checkLevels: %v", err)
	}
}

func TestUnpackMSB(t *testing.T) {
	dst := make([]uint8, 5)
	n, err := unpackMSB(dst, []byte{0b01101100, 0b10000000}, 2)
	if err != nil || n != 2 || !slices.Equal(dst, []uint8{1, 2, 3, 0, 2}) {
		t.Errorf("%v %d %v", dst, n, err)
	}
	if _, err := unpackMSB(make([]uint8, 9), []byte{0xff}, 1); err == nil {
		t.Error("no error for input too short")
	}
}

func TestDeltaScan(t *testing.T) {
	// 128-value blocks of 4 miniblocks, 3 values, first value 7, one block: min delta 1, widths 0
	block := []byte{128, 1, 4, 3, 14, 2, 0, 0, 0, 0}
	if n, total, err := deltaScan(block, 3, 32); err != nil || n != len(block) || total != 3 {
		t.Errorf("%d %d %v", n, total, err)
	}
	if _, _, err := deltaScan(block, 4, 32); err == nil || !strings.Contains(err.Error(), "counts 3 values where the page holds 4") {
		t.Errorf("count: %v", err)
	}
	wide := []byte{128, 1, 4, 3, 14, 2, 40, 0, 0, 0}
	if _, _, err := deltaScan(wide, 3, 32); err == nil || !strings.Contains(err.Error(), "bit width 40 exceeds 32") {
		t.Errorf("width: %v", err)
	}
	if _, _, err := deltaScan([]byte{100, 4, 3, 14}, 3, 32); err == nil || !strings.Contains(err.Error(), "invalid DELTA_BINARY_PACKED block") {
		t.Errorf("block size: %v", err)
	}
	if _, _, err := deltaScan([]byte{128, 1, 4, 3, 14, 2, 8, 0, 0, 0}, 3, 32); err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("short: %v", err)
	}
}

func TestDecodeDeltaBytes(t *testing.T) {
	zigzag := func(v int) byte { return byte(v<<1 ^ v>>63) }
	lengths := func(vals ...int) []byte {
		// DELTA_BINARY_PACKED, blocks of 128 values in 4 miniblocks, small values only
		b := []byte{128, 1, 4, byte(len(vals)), zigzag(vals[0])}
		minDelta := math.MaxInt
		for k := 1; k < len(vals); k++ {
			minDelta = min(minDelta, vals[k]-vals[k-1])
		}
		b = append(b, zigzag(minDelta), 8, 0, 0, 0)
		mini := make([]byte, 32)
		for k := 1; k < len(vals); k++ {
			mini[k-1] = byte(vals[k] - vals[k-1] - minDelta)
		}
		return append(b, mini...)
	}
	// "apple", "apply", "apricot": prefixes 0, 4, 2; suffixes "apple", "y", "ricot"
	src := append(lengths(0, 4, 2), lengths(5, 1, 5)...)
	src = append(src, "appleyricot"...)
	var p physValues
	if err := p.decodeDeltaBytes(src, 3, 1000, &deltaScratch{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range 3 {
		got = append(got, string(p.value(k)))
	}
	if !slices.Equal(got, []string{"apple", "apply", "apricot"}) {
		t.Errorf("%q", got)
	}
	if err := p.decodeDeltaBytes(src, 3, 10, &deltaScratch{}); err == nil || !strings.Contains(err.Error(), "expands to 17 bytes") {
		t.Errorf("limit: %v", err)
	}
}

func TestValueConversions(t *testing.T) {
	if got := decimalFloat([]byte{0xff, 0xfe}, 1); got != -0.2 {
		t.Errorf("decimal -2/10: %v", got)
	}
	big := []byte{0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x01} // 2^72 + 1, beyond int64
	if got := decimalFloat(big, 2); got != 4.722366482869645e+19 {
		t.Errorf("decimal 2^72: %v", got)
	}
	if got := decimalFloat([]byte{0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0); got != -4.722366482869645e+21 {
		t.Errorf("decimal -2^72: %v", got)
	}
	for _, tc := range []struct {
		b    []byte
		want float64
	}{{[]byte{0x00, 0x3c}, 1}, {[]byte{0x00, 0xc0}, -2}, {[]byte{0x01, 0x00}, math.Ldexp(1, -24)}, {[]byte{0xff, 0x7b}, 65504}} {
		if got := float16(tc.b); got != tc.want {
			t.Errorf("float16 %x: %v, want %v", tc.b, got, tc.want)
		}
	}
	if !math.IsNaN(float16([]byte{0x01, 0x7c})) || !math.IsInf(float16([]byte{0x00, 0xfc}), -1) {
		t.Error("float16 NaN or -Inf")
	}
	// year 282416 (Spark writes such years): far beyond int64 nanoseconds, fine in milliseconds
	b := make([]byte, 12)
	b[8], b[9], b[10], b[11] = 0x87, 0x36, 0x40, 0x06 // Julian day 104871559
	if ms, ok := int96Millis(b); !ok || vector.FormatTime(ms) != "282416-06-22" {
		t.Errorf("int96 far future: %v %s", ok, vector.FormatTime(ms))
	}
	b[7] = 0xff // nanoseconds beyond a day
	if _, ok := int96Millis(b); ok {
		t.Error("int96 with more nanoseconds than a day")
	}
	if floorDiv(-1, 1000) != -1 || floorDiv(1999, 1000) != 1 || floorDiv(-1000, 1000) != -1 {
		t.Error("floorDiv")
	}
}

func TestStrBlocks(t *testing.T) {
	dst := make([]string, 3000)
	var b strBlocks
	b.start(dst)
	for k := range dst {
		b.done(append(b.next(k, 3), "abc"...))
	}
	b.flush()
	for k, s := range dst {
		if s != "abc" {
			t.Fatalf("value %d: %q", k, s)
		}
	}
}

func TestThriftScan(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		err  string
	}{
		{"empty struct", []byte{0}, ""},
		{"fields", []byte{0x15, 0x04, 0x18, 0x02, 'a', 'b', 0x11, 0x29, 0x25, 2, 4, 0}, ""},
		{"short", []byte{0x15}, "unexpected end of data"},
		{"binary past the end", []byte{0x18, 0x10, 'a'}, "unexpected end of data"},
		{"list count past the end", []byte{0x19, 0xf5, 0x80, 0x01, 0}, "a list claims 128 elements where 1 bytes remain"},
		{"map count past the end", []byte{0x1b, 0x40, 0x55, 0}, "a list claims 64 elements where 1 bytes remain"},
		{"nesting", []byte{0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c,
			0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c, 0x1c}, "structures nested deeper than 32 levels"},
		{"invalid type", []byte{0x1e, 0}, "invalid thrift type 14"},
	}
	for _, tc := range tests {
		_, _, err := thriftScan(tc.b)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || err.Error() != tc.err) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
		}
	}
}
