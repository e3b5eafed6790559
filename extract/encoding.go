package extract

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// textDecoding turns the bytes of a text export into UTF-8. Exports arrive as UTF-8 (with or
// without a byte-order mark), as UTF-16 with a mark (Excel's "Unicode Text"), or as
// Windows-1252 (Excel's "CSV" on Windows). Valid UTF-8 passes through; each byte that is not
// part of valid UTF-8 is read as Windows-1252 and counted, so a file mixing both still reads.
type textDecoding struct {
	name      string
	replaced  int64 // bytes read as Windows-1252
	multibyte int64 // valid multi-byte UTF-8 sequences seen
}

// open wraps r; it reads the byte-order mark, if any.
func (d *textDecoding) open(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		d.name = "utf-8 with BOM"
		br.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		d.name = "utf-16le"
		if head[0] == 0xFE {
			d.name = "utf-16be"
		}
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return transform.NewReader(br, dec)
	default:
		d.name = "utf-8"
	}
	return transform.NewReader(br, d)
}

// String names the encoding that was read.
func (d *textDecoding) String() string {
	switch {
	case d.replaced > 0 && d.multibyte == 0:
		return "windows-1252"
	case d.replaced > 0:
		return d.name + ", some bytes windows-1252"
	}
	return d.name
}

// Reset implements transform.Transformer.
func (d *textDecoding) Reset() {}

// Transform implements transform.Transformer.
func (d *textDecoding) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size <= 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			r = charmap.Windows1252.DecodeByte(c)
			if nDst+utf8.RuneLen(r) > len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += utf8.EncodeRune(dst[nDst:], r)
			nSrc++
			d.replaced++
			continue
		}
		if nDst+size > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += copy(dst[nDst:], src[nSrc:nSrc+size])
		nSrc += size
		d.multibyte++
	}
	return nDst, nSrc, nil
}
