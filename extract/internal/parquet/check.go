package parquet

import (
	"errors"
	"fmt"
	"io"
	"strings"

	pq "github.com/parquet-go/parquet-go/format"
)

// Nothing lost, nothing invented: what is decoded is checked against what the file says of
// itself. The footer must agree with itself before a page is read (checkMeta), every page header
// must fit its chunk and the limits before its bytes are read (checkPageHeader), and every column
// chunk must hold exactly the rows, values and nulls its row group and statistics state
// (Column.finish).

// checkMeta checks the footer's row groups against the schema and the file size.
func checkMeta(m *fileMeta, leaves []*leaf, size int64) error {
	if m.NumRows < 0 {
		return fmt.Errorf("malformed footer: %d rows", m.NumRows)
	}
	if len(leaves) == 0 && m.NumRows > 0 {
		return fmt.Errorf("the footer says %d rows but the schema has no columns to hold them", m.NumRows)
	}
	var rows int64
	for g := range m.RowGroups {
		rg := &m.RowGroups[g]
		if rg.NumRows < 0 {
			return fmt.Errorf("row group %d: %d rows", g, rg.NumRows)
		}
		rows += rg.NumRows
		if rows < 0 {
			return errors.New("malformed footer: the row count overflows")
		}
		if len(rg.Columns) != len(leaves) {
			return fmt.Errorf("row group %d has %d column chunks where the schema has %d columns", g, len(rg.Columns), len(leaves))
		}
		for k, l := range leaves {
			if err := checkChunk(&rg.Columns[k], l, size); err != nil {
				return fmt.Errorf("column %q: row group %d: %w", l.name, g, err)
			}
		}
	}
	if rows != m.NumRows {
		return fmt.Errorf("the footer says %d rows where its row groups hold %d", m.NumRows, rows)
	}
	return nil
}

// checkChunk checks one column chunk's metadata.
func checkChunk(c *chunkMeta, l *leaf, size int64) error {
	switch {
	case c.Crypto.Valid:
		return errors.New("encrypted column: not supported")
	case c.FilePath != "":
		return fmt.Errorf("column chunk stored in another file (%q): not supported", c.FilePath)
	case !c.MetaData.Valid:
		return errors.New("column chunk without metadata")
	}
	m := &c.MetaData.V
	if n := m.Statistics.NullCount; l.maxDef == 0 && n.Valid && n.V != 0 {
		return fmt.Errorf("the column chunk statistics count %d nulls in a required column", n.V)
	}
	if m.Type != l.phys {
		return fmt.Errorf("physical type %s in the column chunk, %s in the schema", m.Type, l.phys)
	}
	if p := strings.Join(m.Path, "."); len(m.Path) > 0 && p != l.name {
		return fmt.Errorf("column chunk for %q where the schema has %q", p, l.name)
	}
	if m.NumValues < 0 || m.TotalCompressedSize < 0 {
		return fmt.Errorf("column chunk of %d values in %d bytes", m.NumValues, m.TotalCompressedSize)
	}
	start, end := chunkRange(m)
	if start < 4 || end < start || end > size-8 {
		return fmt.Errorf("column chunk at bytes %d to %d lies outside the file's %d data bytes", start, end, size-8)
	}
	switch m.Codec {
	case pq.Uncompressed, pq.Snappy, pq.Gzip, pq.Brotli, pq.Zstd, pq.Lz4Raw, codecLZ4:
	case pq.LZO:
		return errors.New("LZO compression is not supported")
	default:
		return fmt.Errorf("unknown compression codec %d", m.Codec)
	}
	return nil
}

// chunkRange returns where a column chunk's pages start and end: at its dictionary page when it
// has one before its data pages. Some writers leave dictionary_page_offset at 0 although the chunk
// starts with a dictionary; a chunk with no data page (no rows) may have data_page_offset 0.
func chunkRange(m *colMeta) (int64, int64) {
	start := m.DataPageOffset
	if d := m.DictionaryPageOffset; d > 0 && (d < start || start <= 0) {
		start = d
	}
	if start < 0 || m.TotalCompressedSize > (1<<62)-start {
		return -1, -1
	}
	return start, start + m.TotalCompressedSize
}

// checkPageHeader checks a page header's sizes and counts before anything is read or allocated
// for the page; left is the number of the chunk's bytes after the header.
func checkPageHeader(h *pageHeader, left int64, lim *Limits) error {
	cs, us := int64(h.CompressedSize), int64(h.UncompressedSize)
	switch {
	case cs < 0 || us < 0:
		return fmt.Errorf("malformed page header: %d bytes compressed, %d uncompressed", cs, us)
	case cs > left:
		return fmt.Errorf("page of %d bytes extends past the end of its column chunk (%d bytes left)", cs, left)
	case cs > lim.MaxPageBytes:
		return fmt.Errorf("page of %d compressed bytes exceeds the limit of %d bytes (Limits.MaxPageBytes)", cs, lim.MaxPageBytes)
	case us > lim.MaxPageBytes:
		return fmt.Errorf("page of %d uncompressed bytes exceeds the limit of %d bytes (Limits.MaxPageBytes)", us, lim.MaxPageBytes)
	}
	switch {
	case h.DataV1.Valid && h.DataV1.V.NumValues < 0,
		h.DataV2.Valid && (h.DataV2.V.NumValues < 0 || h.DataV2.V.NumNulls < 0 || h.DataV2.V.NumRows < 0),
		h.Dictionary.Valid && h.Dictionary.V.NumValues < 0:
		return errors.New("malformed page header: a negative value count")
	}
	return nil
}

// finish checks that the column chunk held exactly the rows of its row group, the values its
// metadata counts and the nulls its statistics count, then releases its memory.
func (c *Column) finish() error {
	defer c.release()
	var extra int64
	for {
		for ; c.lpos < c.nv; c.lpos++ {
			if c.leaf.maxRep == 0 || c.reps[c.lpos] == 0 {
				extra++
			}
		}
		if err := c.nextPage(); err == io.EOF {
			break
		} else if err != nil {
			return c.errorf("%v", err)
		}
	}
	m := c.meta
	switch {
	case extra > 0:
		return c.errorf("%d rows decoded where the footer says %d", c.rows+extra, c.rgRows)
	case c.levels != m.NumValues:
		return c.errorf("%d values decoded where the column chunk metadata says %d", c.levels, m.NumValues)
	case !c.leaf.nested && m.Statistics.NullCount.Valid && m.Statistics.NullCount.V != c.nulls:
		required := ""
		if c.leaf.maxDef == 0 {
			required = " (a required column cannot hold nulls)"
		}
		return c.errorf("%d nulls decoded where the column chunk statistics say %d%s", c.nulls, m.Statistics.NullCount.V, required)
	}
	return nil
}
