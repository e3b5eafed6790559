package extract

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
)

// Excel's grid: 1,048,576 rows by 16,384 columns (A to XFD).
const (
	maxSheetRows = 1 << 20
	maxSheetCols = 1 << 14
)

// cellInfo is what the cell scan sees of one cell: excelize's streaming reader gives the values
// but not the cell type or style, which decide whether a number is a date or a boolean.
type cellInfo struct {
	row, col int     // 1-based
	typ      string  // the t attribute: "" or "n" number, "s", "str", "inlineStr", "b", "e", "d"
	style    int     // the s attribute: an index into the cell styles
	value    bool    // the cell holds a non-blank value
	num      float64 // the value of a number cell
}

// scanCells walks the cells of a worksheet's XML in order, up to row maxRow, calling visit for
// each until it returns false. A row or cell without an r attribute follows the previous one, as
// excelize counts them. It reads the XML at the byte level (tags, attributes, and the text of
// <v> and <t>), several times faster than encoding/xml's tokens: it only informs column types
// and which sheets hold data, while the values come from sheetRows (xlsx_rows.go).
func scanCells(r io.Reader, maxRow int, visit func(*cellInfo) bool) error {
	x := tagReader{br: bufio.NewReaderSize(r, 64<<10)}
	var c cellInfo
	row, col := 0, 0
	inCell, inValue := false, false
	for {
		text, err := x.text()
		if inValue && !c.value && len(bytes.TrimSpace(text)) > 0 {
			c.value = true
			if c.style != 0 && (c.typ == "" || c.typ == "n") { // only a styled number may be a date
				c.num, _ = strconv.ParseFloat(string(bytes.TrimSpace(text)), 64)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		tag, err := x.tag()
		if err != nil {
			return err
		}
		name, closing := tagName(tag)
		selfClosing := bytes.HasSuffix(tag, []byte("/"))
		switch {
		case closing && (string(name) == "v" || string(name) == "t"):
			inValue = false
		case closing && string(name) == "c":
			if inCell && !visit(&c) {
				return nil
			}
			inCell = false
		case closing && string(name) == "sheetData":
			return nil
		case closing:
		case string(name) == "row":
			row++
			if n := atoi(attrBytes(tag, "r")); n > 0 {
				row = n
			}
			if row > maxRow {
				return nil
			}
			col = 0
		case string(name) == "c":
			col++
			if n, _ := splitRef(attrBytes(tag, "r")); n > 0 {
				col = n
			}
			c = cellInfo{row: row, col: col, typ: cellType(attrBytes(tag, "t")), style: atoi(attrBytes(tag, "s"))}
			inCell = true
			if selfClosing && !visit(&c) {
				return nil
			}
			inCell = inCell && !selfClosing
		case string(name) == "v" || string(name) == "t":
			inValue = inCell && !selfClosing
		case bytes.HasPrefix(tag, []byte("![CDATA[")) && inValue && !c.value:
			c.value = len(bytes.TrimSpace(tag[8:len(tag)-2])) > 0
		}
	}
}

// tagReader splits XML into text and tags, without decoding either.
type tagReader struct {
	br  *bufio.Reader
	buf []byte
}

// text reads up to the next '<' and returns what precedes it (only its first 64 KiB when it is
// longer: enough to tell a blank value from one).
func (x *tagReader) text() ([]byte, error) {
	b, err := x.br.ReadSlice('<')
	if err == bufio.ErrBufferFull {
		x.buf = append(x.buf[:0], b...)
		for err == bufio.ErrBufferFull {
			_, err = x.br.ReadSlice('<')
		}
		return x.buf, err
	}
	return bytes.TrimSuffix(b, []byte("<")), err
}

// maxTag caps a tag's length: no worksheet tag comes near it.
const maxTag = 1 << 20

// tag reads a tag after its '<' and returns it without the '>': a '>' inside a quoted attribute
// value does not end it, a comment ends at "-->" and a CDATA section at "]]>". A '<' inside a
// tag is malformed XML.
func (x *tagReader) tag() ([]byte, error) {
	b, err := x.br.ReadSlice('>')
	if err == nil && len(b) > 1 && b[0] != '!' { // the common case: a whole tag, read in place
		t := b[:len(b)-1]
		if bytes.IndexByte(t, '<') < 0 && bytes.IndexByte(t, '\'') < 0 && bytes.Count(t, []byte{'"'})%2 == 0 {
			return t, nil
		}
	}
	x.buf = x.buf[:0]
	var quote byte
	for {
		if err != nil && err != bufio.ErrBufferFull {
			return nil, err
		}
		start := len(x.buf)
		x.buf = append(x.buf, b...)
		if len(x.buf) > maxTag {
			return nil, errors.New("a tag longer than 1 MiB")
		}
		if err == nil {
			t := x.buf[:len(x.buf)-1]
			switch {
			case bytes.HasPrefix(t, []byte("!--")):
				if bytes.HasSuffix(t, []byte("--")) && len(t) >= 5 {
					return t, nil
				}
			case bytes.HasPrefix(t, []byte("![CDATA[")):
				if bytes.HasSuffix(t, []byte("]]")) && len(t) >= 10 {
					return t, nil
				}
			default:
				for _, c := range x.buf[start:] {
					switch {
					case quote != 0 && c == quote:
						quote = 0
					case quote == 0 && (c == '"' || c == '\''):
						quote = c
					case quote == 0 && c == '<':
						return nil, errors.New("'<' inside a tag")
					}
				}
				if quote == 0 {
					return t, nil
				}
			}
		}
		b, err = x.br.ReadSlice('>')
	}
}

func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// splitRef reads a cell reference such as "AB12" as column 28, row 12; 0, 0 when it is not one.
func splitRef[T string | []byte](ref T) (col, row int) {
	i := 0
	for ; i < len(ref) && i < 3; i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	row = atoi(ref[i:])
	if i == 0 || col > maxSheetCols || row < 1 || row > maxSheetRows {
		return 0, 0
	}
	return col, row
}

// atoi reads a decimal number of up to 9 digits; 0 when b is not one.
func atoi[T string | []byte](b T) int {
	if len(b) == 0 || len(b) > 9 {
		return 0
	}
	n := 0
	for i := 0; i < len(b); i++ {
		if b[i] < '0' || b[i] > '9' {
			return 0
		}
		n = n*10 + int(b[i]-'0')
	}
	return n
}

// cellType returns a cell's t attribute as one of the names excelize knows, without allocating.
func cellType(t []byte) string {
	for _, name := range [...]string{"s", "n", "str", "inlineStr", "b", "e", "d"} {
		if string(t) == name {
			return name
		}
	}
	if len(t) == 0 {
		return ""
	}
	return "?"
}

// colName returns the letters Excel shows for 0-based column i: A, B, ..., Z, AA.
func colName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
