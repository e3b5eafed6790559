package parquet

import (
	"fmt"
	"hash/crc32"
	"io"

	"github.com/crmready/crmready/extract/internal/vector"
	pq "github.com/parquet-go/parquet-go/format"
)

// VerifyChecksums checks each page against the CRC-32 in its header, when it has one. The fuzz
// test turns it off so that mutated pages reach the decoders.
var VerifyChecksums = true

// Column scans one leaf column, one column chunk (row group) after another, page by page. Its
// current page stays decoded across batches: pages and batches do not align.
type Column struct {
	f    *File
	leaf *leaf
	name string // as errors name it: the schema column, or the leaf's path when nested

	// the column chunk
	rg       int
	meta     *colMeta
	rgRows   int64
	off, end int64
	pages    int
	dict     *vector.Vector // the dictionary, decoded to the leaf's natural type
	dictLen  int
	dictConv *vector.Vector // the dictionary parsed by the column's text decoder
	// whether the dictionary, its parsed form and the page's values hold nulls or unparsed values
	dictFlagged, dictConvFlagged, valsFlagged bool
	data                                      bool  // a data page was seen
	levels                                    int64 // values decoded, nulls included
	nulls                                     int64
	rows                                      int64
	costs                                     [2]int64 // memory held: the dictionary, the current page

	// the current data page
	reps, defs []uint8
	nv, lpos   int // levels in the page, levels consumed
	vals       *vector.Vector
	idx        []uint32
	indexed    bool
	vpos       int // values consumed

	// buffers, reused from page to page
	win    []byte // bytes of the chunk read ahead
	winOff int64  // their offset in the file
	phys   physValues
	delta  deltaScratch
	lens   []int32
	bools  []uint8
	sel    []int32
	blocks strBlocks
	dec    decompressor
}

// errorf formats an error about the column chunk.
func (c *Column) errorf(format string, args ...any) error {
	return fmt.Errorf("column %q: row group %d: %s", c.name, c.rg, fmt.Sprintf(format, args...))
}

// AdvanceTo finishes the current column chunk and those of any row groups before rg, and starts
// the chunk of row group rg.
func (c *Column) AdvanceTo(rg int) error {
	for c.rg < rg {
		if c.rg >= 0 {
			if err := c.finish(); err != nil {
				return err
			}
		}
		c.rg++
		if c.rg < len(c.f.meta.RowGroups) {
			c.start()
		}
	}
	return nil
}

// start positions the column at the beginning of its chunk in row group c.rg (already checked by
// checkChunks).
func (c *Column) start() {
	g := &c.f.meta.RowGroups[c.rg]
	c.meta = &g.Columns[c.leaf.index].MetaData.V
	c.rgRows = g.NumRows
	c.off, c.end = chunkRange(c.meta)
	c.win, c.winOff = c.win[:0], 0
	c.pages, c.data, c.dict, c.dictLen, c.dictConv = 0, false, nil, 0, nil
	c.levels, c.nulls, c.rows = 0, 0, 0
	c.nv, c.lpos, c.vpos, c.indexed = 0, 0, 0, false
}

// readAhead is how much of a column chunk one read fetches: small pages come many to a read.
const readAhead = 64 << 10

// window returns the chunk's bytes from off on, at least n of them, from the bytes read last
// when they hold them, and otherwise from a new read of n and up to readAhead more bytes (never
// past the chunk's end, which checkChunk placed inside the file).
func (c *Column) window(off int64, n int) ([]byte, error) {
	if off >= c.winOff && off+int64(n) <= c.winOff+int64(len(c.win)) {
		return c.win[off-c.winOff:], nil
	}
	size := max(n, int(min(c.end-off, int64(n)+readAhead)))
	c.win = grow(c.win, size)
	c.winOff = off
	if err := c.f.readAt(c.win, off); err != nil {
		c.win = c.win[:0]
		return nil, err
	}
	return c.win, nil
}

// readPage reads the next page of the chunk: its header, checked against the limits, and its
// bytes, checked against the header's checksum. io.EOF at the end of the chunk.
func (c *Column) readPage() (*pageHeader, []byte, error) {
	left := c.end - c.off
	if left <= 0 {
		return nil, nil, io.EOF
	}
	lim := &c.f.lim
	var used int
	for n := int(min(left, 256)); ; {
		b, err := c.window(c.off, n)
		if err != nil {
			return nil, nil, err
		}
		b = b[:min(int64(len(b)), left)]
		used, _, err = thriftScan(b)
		if err == errThriftShort && int64(len(b)) < left && int64(len(b)) < lim.MaxPageBytes {
			n = int(min(left, int64(2*len(b)), lim.MaxPageBytes))
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("page %d: malformed page header: %v", c.pages+1, err)
		}
		break
	}
	c.pages++
	h := new(pageHeader)
	hb, _ := c.window(c.off, used) // still in the window
	if err := thriftDecode(hb[:used], h); err != nil {
		return nil, nil, fmt.Errorf("page %d: malformed page header: %v", c.pages, err)
	}
	if err := checkPageHeader(h, left-int64(used), lim); err != nil {
		return nil, nil, fmt.Errorf("page %d: %w", c.pages, err)
	}
	size := int(h.CompressedSize)
	data, err := c.window(c.off+int64(used), size)
	if err != nil {
		return nil, nil, err
	}
	data = data[:size]
	c.off += int64(used + size)
	if h.CRC.Valid && VerifyChecksums {
		if sum := crc32.ChecksumIEEE(data); sum != uint32(h.CRC.V) {
			return nil, nil, fmt.Errorf("page %d: checksum mismatch: the page's CRC-32 is %08x, its header says %08x", c.pages, sum, uint32(h.CRC.V))
		}
	}
	return h, data, nil
}

// nextPage decodes the next data page that holds values; io.EOF at the end of the chunk.
func (c *Column) nextPage() error {
	for {
		h, data, err := c.readPage()
		if err != nil {
			return err
		}
		switch {
		case h.Type == pq.DictionaryPage && h.Dictionary.Valid:
			err = c.decodeDict(h, data)
		case h.Type == pq.DataPage && h.DataV1.Valid:
			err = c.decodeV1(h, data)
		case h.Type == pq.DataPageV2 && h.DataV2.Valid:
			err = c.decodeV2(h, data)
		case h.Type == pq.IndexPage:
			continue
		default:
			err = fmt.Errorf("%s page without its header", h.Type)
		}
		if err != nil {
			return fmt.Errorf("page %d: %w", c.pages, err)
		}
		if h.Type != pq.DictionaryPage && c.nv > 0 {
			return nil
		}
	}
}

// reserve records that the column now holds cost bytes for its dictionary (k=0) or its page
// (k=1), refusing to go over Limits.MaxDecodedBytes for all columns together.
func (c *Column) reserve(k int, cost int64) error {
	delta := cost - c.costs[k]
	if total := c.f.decoded.Add(delta); delta > 0 && total > c.f.lim.MaxDecodedBytes {
		c.f.decoded.Add(-delta)
		return fmt.Errorf("decoding it would hold %d bytes of decoded pages, over the limit of %d bytes (Limits.MaxDecodedBytes)", total, c.f.lim.MaxDecodedBytes)
	}
	c.costs[k] = cost
	return nil
}

// release gives back the memory the column holds.
func (c *Column) release() {
	c.f.decoded.Add(-c.costs[0] - c.costs[1])
	c.costs = [2]int64{}
}

// pageCost estimates the memory a page takes decoded.
func pageCost(uncompressed int32, values int) int64 {
	return 2*int64(uncompressed) + 40*int64(values)
}
