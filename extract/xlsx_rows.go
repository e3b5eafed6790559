package extract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sheetRows streams the rows of a worksheet's <sheetData> straight from its zip entry, with the
// values excelize's raw row iterator gives (RawCellValue): a number's text as written, a shared
// string's text, an inline string's runs, a boolean's 0 or 1, an error's text. It reads the small
// fixed grammar of SpreadsheetML at the byte level (xlsx_scan.go's tagReader) instead of through
// encoding/xml's tokens, which took three quarters of the read, and holds one row at a time.
type sheetRows struct {
	x    tagReader
	sst  []string
	last int // the number of the last row returned
	done bool
	val  []byte // the text of the current <v> or <t>
}

func newSheetRows(r io.Reader, sst []string) *sheetRows {
	return &sheetRows{x: tagReader{br: bufio.NewReaderSize(r, 64<<10)}, sst: sst}
}

// maxText caps the text between two tags: a cell holds at most 32,767 characters.
const maxText = 1 << 20

// next returns the next row element's number and values from column A on, numbered as excelize
// numbers them (its r attribute when that moves forward, else the one after the last); ok is
// false after </sheetData> or at the end of the XML.
func (s *sheetRows) next() (num int, cells []string, ok bool, err error) {
	for !s.done {
		tag, err := s.step()
		if err != nil {
			return 0, nil, false, fmt.Errorf("malformed XML after row %d: %w", s.last, err)
		}
		if tag == nil {
			s.done = true
			break
		}
		name, closing := tagName(tag)
		switch {
		case closing && string(name) == "sheetData":
			s.done = true
		case !closing && string(name) == "row":
			if num, err = s.rowNumber(tag); err != nil {
				return 0, nil, false, err
			}
			if !bytes.HasSuffix(tag, []byte("/")) {
				if cells, err = s.row(); err != nil {
					return 0, nil, false, fmt.Errorf("row %d: %w", num, err)
				}
			}
			return num, cells, true, nil
		}
	}
	return 0, nil, false, nil
}

// step skips the text up to the next tag and reads the tag; tag is nil at the end of the XML.
func (s *sheetRows) step() (tag []byte, err error) {
	if _, err = s.x.text(); err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.x.tag()
}

// rowNumber reads a <row> tag's number.
func (s *sheetRows) rowNumber(tag []byte) (int, error) {
	n := s.last + 1
	if r := attrBytes(tag, "r"); r != nil {
		v, err := strconv.Atoi(string(r))
		switch {
		case err != nil:
			return 0, fmt.Errorf("row %d: row number %q is not a number", n, r)
		case v > maxSheetRows:
			return 0, errMaxRows
		case v > s.last:
			n = v
		}
	}
	s.last = n
	return n, nil
}

var errMaxRows = fmt.Errorf("rows numbered past %d, Excel's last row", maxSheetRows)

// cellState is what a <c> element holds so far.
type cellState struct {
	col     int
	typ     string
	skip    bool // a malformed s attribute: excelize reads no value
	formula bool
	v       []byte
	inline  bool // an <is> element was seen
	is      strings.Builder
	isT     string // the last <t> directly under <is>
	rt      string // the last <t> of the current rich-text run
}

// row reads the cells up to </row>.
func (s *sheetRows) row() ([]string, error) {
	var cells []string
	var c cellState
	col := 0
	in := "" // "c", "v", "is", "ist" (a <t> under <is>), "r", "rt" (a <t> under <r>), "rPh"
	depth := 0
	for {
		text, err := s.readText(in == "v" || in == "ist" || in == "rt")
		if err != nil {
			return nil, err
		}
		switch in {
		case "v":
			c.v = append(c.v, text...)
		case "ist":
			c.isT += string(text)
		case "rt":
			c.rt += string(text)
		}
		tag, err := s.x.tag()
		if err == io.EOF {
			return nil, errors.New("malformed XML: the sheet ends inside a row")
		}
		if err != nil {
			return nil, fmt.Errorf("malformed XML: %w", err)
		}
		if len(tag) > 0 && (tag[0] == '!' || tag[0] == '?') {
			if in != "" && bytes.HasPrefix(tag, []byte("![CDATA[")) {
				b := normalizeCR(tag[8 : len(tag)-2])
				switch in {
				case "v":
					c.v = append(c.v, b...)
				case "ist":
					c.isT += string(b)
				case "rt":
					c.rt += string(b)
				}
			}
			continue
		}
		name, closing := tagName(tag)
		self := !closing && bytes.HasSuffix(tag, []byte("/"))
		if !closing && !self && (in == "v" || in == "ist" || in == "rt" || in == "f" || in == "rPh") {
			depth++ // an element excelize does not read inside a value: its text is skipped
			continue
		}
		if closing && depth > 0 {
			depth--
			continue
		}
		switch {
		case closing && string(name) == "row":
			return cells, nil
		case closing && string(name) == "sheetData":
			s.done = true
			return cells, nil
		case !closing && string(name) == "c" && in == "":
			c = cellState{typ: cellType(attrBytes(tag, "t"))}
			col++
			if r := attrBytes(tag, "r"); len(r) > 0 {
				n, _ := splitRef(r)
				if n == 0 {
					return nil, fmt.Errorf("cell reference %q is not a cell", r)
				}
				col = n
			}
			c.col = col
			if st := attrBytes(tag, "s"); st != nil && !isInt(st) {
				c.skip = true
			}
			if self {
				continue
			}
			in = "c"
		case closing && string(name) == "c" && in == "c":
			in = ""
			if cells, err = s.appendCell(cells, &c); err != nil {
				return nil, err
			}
		case in == "c" && !closing && string(name) == "v":
			c.v = c.v[:0]
			if !self {
				in = "v"
			}
		case in == "v" && closing:
			in = "c"
		case in == "c" && !closing && string(name) == "f":
			c.formula = true
			if !self {
				in, depth = "f", 0
			}
		case in == "f" && closing && string(name) == "f":
			in = "c"
		case in == "c" && !closing && string(name) == "is":
			c.inline, c.isT = true, ""
			c.is.Reset()
			if !self {
				in = "is"
			}
		case in == "is" && closing && string(name) == "is":
			in = "c"
		case in == "is" && !closing && string(name) == "t" && !self:
			c.isT, in = "", "ist"
		case in == "ist" && closing:
			in = "is"
		case in == "is" && !closing && string(name) == "r" && !self:
			c.rt, in = "", "r"
		case in == "r" && closing && string(name) == "r":
			c.is.WriteString(c.rt)
			in = "is"
		case in == "r" && !closing && string(name) == "t" && !self:
			c.rt, in = "", "rt"
		case in == "rt" && closing:
			in = "r"
		case in == "is" && !closing && string(name) == "rPh" && !self:
			in = "rPh"
		case in == "rPh" && closing && string(name) == "rPh":
			in = "is"
		}
	}
}

// appendCell adds c's value at its column when it holds one (or a formula), as excelize does:
// a cell at or left of the last one read goes after it.
func (s *sheetRows) appendCell(cells []string, c *cellState) ([]string, error) {
	if c.skip {
		return cells, nil
	}
	var val string
	switch c.typ {
	case "s":
		if len(c.v) == 0 {
			break
		}
		i, _ := strconv.Atoi(string(bytes.TrimSpace(c.v)))
		if i < 0 || i >= len(s.sst) {
			return nil, fmt.Errorf("invalid shared string index %d", i)
		}
		val = s.sst[i]
	case "inlineStr":
		if c.inline {
			val = bstrUnmarshal(c.isT + c.is.String())
			break
		}
		val = string(c.v)
	default:
		val = string(c.v)
	}
	if val == "" && !c.formula {
		return cells, nil
	}
	for len(cells) < c.col-1 {
		cells = append(cells, "")
	}
	return append(cells, val), nil
}

// readText reads the text before the next tag, decoding entities and line ends when keep is
// set; without it the text is checked for nothing and dropped.
func (s *sheetRows) readText(keep bool) ([]byte, error) {
	b, err := s.x.br.ReadSlice('<')
	if !keep {
		for err == bufio.ErrBufferFull {
			_, err = s.x.br.ReadSlice('<')
		}
		if err == io.EOF {
			return nil, errors.New("malformed XML: the sheet ends inside a row")
		}
		return nil, err
	}
	s.x.buf = append(s.x.buf[:0], b...)
	for err == bufio.ErrBufferFull {
		if len(s.x.buf) > maxText {
			return nil, errors.New("a cell value longer than 1 MiB")
		}
		b, err = s.x.br.ReadSlice('<')
		s.x.buf = append(s.x.buf, b...)
	}
	if err == io.EOF {
		return nil, errors.New("malformed XML: the sheet ends inside a row")
	}
	if err != nil {
		return nil, err
	}
	raw := s.x.buf[:len(s.x.buf)-1]
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		if !utf8.Valid(raw) {
			return nil, errors.New("invalid UTF-8 in a cell value")
		}
		return raw, nil
	}
	s.val = s.val[:0]
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '&':
			r, n, ok := entity(raw[i:])
			if !ok {
				return nil, fmt.Errorf("invalid character entity %.12q", raw[i:])
			}
			s.val = utf8.AppendRune(s.val, r)
			i += n - 1
		case '\r':
			s.val = append(s.val, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		default:
			s.val = append(s.val, c)
		}
	}
	if !utf8.Valid(s.val) {
		return nil, errors.New("invalid UTF-8 in a cell value")
	}
	return s.val, nil
}

// entity decodes the character reference at the start of b: one of XML's five names or a
// decimal or hexadecimal code point; n is its length.
func entity(b []byte) (r rune, n int, ok bool) {
	end := bytes.IndexByte(b, ';')
	if end < 2 {
		return 0, 0, false
	}
	name := b[1:end]
	switch string(name) {
	case "lt":
		return '<', end + 1, true
	case "gt":
		return '>', end + 1, true
	case "amp":
		return '&', end + 1, true
	case "quot":
		return '"', end + 1, true
	case "apos":
		return '\'', end + 1, true
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, 0, false
	}
	base, digits := 10, name[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	v, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !isXMLChar(rune(v)) {
		return 0, 0, false
	}
	return rune(v), end + 1, true
}

// isXMLChar reports whether r may appear in an XML 1.0 document, as encoding/xml checks it.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// normalizeCR rewrites CR LF and lone CR as LF, as an XML parser does.
func normalizeCR(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
}

// isInt reports whether b is a base-10 integer as strconv.ParseInt reads one.
func isInt(b []byte) bool {
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		_, err := strconv.ParseInt(string(b), 10, 64)
		return err == nil
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// xSST is the shared-strings part; an item's text is its <t> and the <t> of its rich-text runs,
// phonetic runs left out (as excelize reads it).
type xSST struct {
	SI []struct {
		T *struct {
			Val string `xml:",chardata"`
		} `xml:"t"`
		R []struct {
			T *struct {
				Val string `xml:",chardata"`
			} `xml:"t"`
		} `xml:"r"`
	} `xml:"si"`
}

// sharedStrings reads the workbook's shared strings (excelize reads them from this fixed part);
// the part is held in memory, so its unpacked size is capped by Limits.UnzipXMLSize.
func (p *xlsxPackage) sharedStrings(limit int64) ([]string, error) {
	const name = "xl/sharedStrings.xml"
	f, ok := p.parts[partKey(name)]
	if !ok {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%s unpacks to more than %d bytes (Limits.UnzipXMLSize)", name, limit)
	}
	var sst xSST
	if err := p.decodePart(name, &sst); err != nil {
		return nil, err
	}
	out := make([]string, len(sst.SI))
	var b strings.Builder
	for i, si := range sst.SI {
		b.Reset()
		if si.T != nil {
			b.WriteString(si.T.Val)
		}
		for _, r := range si.R {
			if r.T != nil {
				b.WriteString(r.T.Val)
			}
		}
		out[i] = bstrUnmarshal(b.String())
	}
	return out, nil
}

// bstrPattern is an escaped character in OOXML text (ST_Xstring): _xHHHH_.
var bstrPattern = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrUnmarshal decodes the _xHHHH_ escapes as excelize does: _x005F_ is an underscore, an
// escape of a code point that is not a character reads as nothing.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	cursor := 0
	for _, m := range bstrPattern.FindAllStringIndex(s, -1) {
		b.WriteString(s[cursor:m[0]])
		cursor = m[1]
		if s[m[0]:m[1]] == "_x005F_" {
			b.WriteByte('_')
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		b.WriteString(v)
	}
	b.WriteString(s[cursor:])
	return b.String()
}
