package extract

import (
	"bytes"
	"encoding/xml"
	"io"
	"sort"
	"strings"
)

// mergeRange is a range of merged cells, 1-based and inclusive.
type mergeRange struct{ top, left, bottom, right int }

// maxMerges caps the merged ranges read from one sheet.
const maxMerges = 1 << 20

// sheetTail is what a byte scan of a worksheet's XML finds without parsing it as XML.
type sheetTail struct {
	lastRow int          // the number of the last row element, as excelize numbers rows
	merges  []mergeRange // the merged ranges, one-cell ranges left out
}

// scanTail reads a worksheet's XML at the byte level: it numbers the row elements (excelize's
// row iterator stops silently at malformed XML, and the last row number is how a cut-short read
// is noticed), then decodes the <mergeCell ref="A1:B2"/> elements that follow the cells. It
// costs a pass of decompression and a byte search, not an XML parse.
func scanTail(r io.Reader) (sheetTail, error) {
	var t sheetTail
	buf := make([]byte, 256<<10)
	carry := 0
	for {
		n, err := io.ReadFull(r, buf[carry:])
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		data := buf[:carry+n]
		limit := len(data)
		if err == nil { // more to come: leave the last tag, maybe incomplete, for the next round
			if i := bytes.LastIndexByte(data, '<'); i > 0 {
				limit = i
			}
		}
		if end, ok := t.rows(data[:limit]); ok {
			t.merges = scanMerges(io.MultiReader(bytes.NewReader(bytes.Clone(data[end:])), r))
			return t, nil
		}
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return t, err
		}
		carry = copy(buf, data[limit:])
	}
}

// scanTailBytes is scanTail for a worksheet held in memory: it searches back from the end, so
// it costs the size of the last row, not of the sheet. A last row without an r attribute needs
// the count of the rows before it, and the forward scan.
func scanTailBytes(b []byte) (sheetTail, error) {
	var t sheetTail
	end := len(b)
	for i := len(b); ; {
		j := bytes.LastIndex(b[:i], []byte("sheetData>"))
		if j < 0 {
			break
		}
		if k := tagStart(b, j); k >= 0 && b[k+1] == '/' {
			end = k
			break
		}
		i = j
	}
	for i := end; ; {
		j := bytes.LastIndex(b[:i], []byte("row"))
		if j < 0 {
			break
		}
		if k := tagStart(b, j); k >= 0 && b[k+1] != '/' && j+3 < len(b) && isTagEnd(b[j+3]) {
			e := bytes.IndexByte(b[j:], '>')
			if e < 0 {
				break
			}
			n := atoi(attrBytes(b[j:j+e], "r"))
			if n == 0 {
				return scanTail(bytes.NewReader(b))
			}
			t.lastRow = n
			break
		}
		i = j
	}
	t.merges = scanMerges(bytes.NewReader(b[end:]))
	return t, nil
}

// rows numbers the row start tags in b (a row without an r attribute follows the previous one)
// and reports where the </sheetData> end tag is, if b holds it. It hops between occurrences of
// "row" and "sheetData>" rather than visiting every tag.
func (t *sheetTail) rows(b []byte) (end int, closed bool) {
	end, closed = len(b), false
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("sheetData>"))
		if j < 0 {
			break
		}
		if k := tagStart(b, i+j); k >= 0 && k+1 < len(b) && b[k+1] == '/' {
			end, closed = k, true
			break
		}
		i += j + 1
	}
	for i := 0; i < end; {
		j := bytes.Index(b[i:end], []byte("row"))
		if j < 0 {
			break
		}
		i += j
		if k := tagStart(b, i); k >= 0 && b[k+1] != '/' && i+3 < len(b) && isTagEnd(b[i+3]) {
			t.lastRow++
			if e := bytes.IndexByte(b[i:], '>'); e > 0 {
				if n := atoi(attrBytes(b[i:i+e], "r")); n > 0 {
					t.lastRow = n
				}
			}
		}
		i += 3
	}
	return end, closed
}

// tagStart returns the index of the '<' that opens the tag whose local name starts at i
// ("<row", "</row", "<x:row"), or -1 when the name at i does not start a tag.
func tagStart(b []byte, i int) int {
	k := i - 1
	if k >= 0 && b[k] == ':' {
		for k--; k >= 0 && isLetter(b[k]); k-- {
		}
	}
	if k >= 0 && b[k] == '/' {
		k--
	}
	if k >= 0 && b[k] == '<' {
		return k
	}
	return -1
}

func isTagEnd(c byte) bool {
	return c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r'
}

// tagName returns the local name of the tag that b starts (just after its '<'), and whether it
// is an end tag.
func tagName(b []byte) (name []byte, closing bool) {
	if len(b) > 0 && b[0] == '/' {
		b, closing = b[1:], true
	}
	k := 0
	for k < len(b) && (isLetter(b[k]) || b[k] >= '0' && b[k] <= '9' || b[k] == ':' || b[k] == '_' || b[k] == '-' || b[k] == '.') {
		k++
	}
	name = b[:k]
	if c := bytes.LastIndexByte(name, ':'); c >= 0 {
		name = name[c+1:]
	}
	return name, closing
}

// attrBytes returns the value of the one-letter attribute name in the start tag b, or nil.
func attrBytes(tag []byte, name string) []byte {
	key := [2]byte{name[0], '='}
	for i := 0; ; {
		j := bytes.Index(tag[i:], key[:])
		if j < 0 {
			return nil
		}
		i += j
		if i > 0 && (tag[i-1] == ' ' || tag[i-1] == '\t' || tag[i-1] == '\n' || tag[i-1] == '\r') && i+2 < len(tag) {
			v := tag[i+2:]
			if q := v[0]; q == '"' || q == '\'' {
				if e := bytes.IndexByte(v[1:], q); e >= 0 {
					return v[1 : e+1]
				}
			}
			return nil
		}
		i += 2
	}
}

// scanMerges decodes the <mergeCell> elements of a worksheet's tail. A malformed tail keeps the
// ranges read before it.
func scanMerges(r io.Reader) []mergeRange {
	var out []mergeRange
	d := xml.NewDecoder(r)
	for len(out) < maxMerges {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "mergeCell" {
			if m, ok := parseRange(attr(t.Attr, "ref")); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// parseRange reads "A1:C3"; a single cell or a reversed range is normalised, a one-cell range
// is not a merge.
func parseRange(ref string) (mergeRange, bool) {
	a, b, _ := strings.Cut(ref, ":")
	if b == "" {
		return mergeRange{}, false
	}
	c1, r1 := splitRef(a)
	c2, r2 := splitRef(b)
	if c1 == 0 || c2 == 0 {
		return mergeRange{}, false
	}
	m := mergeRange{top: min(r1, r2), left: min(c1, c2), bottom: max(r1, r2), right: max(c1, c2)}
	return m, m.top != m.bottom || m.left != m.right
}

// mergeFill repeats the value of a merged range down its first column as rows stream by: the
// rows of a range that spans several rows belong to its value (a date or a company written once
// for a group of records). Other covered cells stay empty: a value written across columns is a
// banner, not the value of each column.
type mergeFill struct {
	ranges []mergeRange // sorted by top row
	next   int          // the first range whose top row is still to come
	active []activeMerge
	filled int64
}

type activeMerge struct {
	col, bottom int // the range's first column (1-based) and last row
	value       string
}

func newMergeFill(ranges []mergeRange) *mergeFill {
	var down []mergeRange
	for _, m := range ranges {
		if m.bottom > m.top {
			down = append(down, m)
		}
	}
	if len(down) == 0 {
		return nil
	}
	sort.Slice(down, func(i, j int) bool { return down[i].top < down[j].top })
	return &mergeFill{ranges: down}
}

// apply takes row num's values (column A first) and returns them with merged values filled in.
// It is called for each row that holds a value, in order.
func (m *mergeFill) apply(num int, cells []string) []string {
	keep := m.active[:0]
	for _, a := range m.active {
		if a.bottom >= num {
			keep = append(keep, a)
		}
	}
	m.active = keep
	for _, a := range m.active {
		if a.col > len(cells) {
			cells = append(cells, make([]string, a.col-len(cells))...)
		}
		if IsBlank(cells[a.col-1]) {
			cells[a.col-1] = a.value
			m.filled++
		}
	}
	for ; m.next < len(m.ranges) && m.ranges[m.next].top <= num; m.next++ {
		r := m.ranges[m.next]
		if r.top != num || r.left > len(cells) || IsBlank(cells[r.left-1]) {
			continue // its top row held no value
		}
		m.addActive(activeMerge{col: r.left, bottom: r.bottom, value: cells[r.left-1]})
	}
	return cells
}

// addActive starts filling a column, replacing a range already filling it (ranges do not
// overlap in a valid sheet; this bounds the work on one that is not).
func (m *mergeFill) addActive(a activeMerge) {
	for i := range m.active {
		if m.active[i].col == a.col {
			m.active[i] = a
			return
		}
	}
	m.active = append(m.active, a)
}
