package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
)

// xlsxPackage is a workbook's zip package, read directly for what excelize's streaming API does
// not expose: which sheets are hidden, where each sheet's XML is, the cells' number formats and
// the merged ranges.
type xlsxPackage struct {
	path     string
	file     *os.File // nil for a decrypted package
	data     []byte   // the decrypted package, nil otherwise
	parts    map[string]*zip.File
	date1904 bool
	sheets   []xlsxSheet
	numFmts  []numFmtKind // by cell style (xf) index
}

// xlsxSheet is one sheet the workbook lists.
type xlsxSheet struct {
	name   string
	hidden bool
	part   string // the zip entry of its XML; "" when the workbook points nowhere
}

// openPackage opens the zip package at path, decrypting it with o.Password when it is an
// encrypted workbook, and reads the sheet list, the date system and the number formats. Errors
// are "path: cause".
func openPackage(path string, o Options) (*xlsxPackage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	p, err := openZip(f, o)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := p.readWorkbook(); err != nil {
		p.close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// openZip reads the package in f, which it owns from then on.
func openZip(f *os.File, o Options) (*xlsxPackage, error) {
	p := &xlsxPackage{path: f.Name(), file: f}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	head := make([]byte, len(oleMagic))
	n, _ := f.ReadAt(head, 0)
	var zr *zip.Reader
	switch {
	case fi.Size() == 0:
		err = errors.New("empty file")
	case n == len(head) && bytes.Equal(head, oleMagic):
		p.file = nil
		defer f.Close()
		zr, err = p.openEncrypted(f, fi.Size(), o)
	default:
		zr, err = zip.NewReader(f, fi.Size())
		if err != nil {
			err = fmt.Errorf("not an xlsx workbook (%v)", strings.TrimPrefix(err.Error(), "zip: "))
		}
	}
	if err == nil {
		err = p.index(zr, o.Limits.withDefaults().UnzipSize)
	}
	if err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// openEncrypted tells an encrypted package from a legacy .xls and decrypts the former.
func (p *xlsxPackage) openEncrypted(f *os.File, size int64, o Options) (*zip.Reader, error) {
	enc, err := oleEncrypted(f)
	switch {
	case err != nil:
		return nil, err
	case !enc:
		return nil, errLegacyXLS
	case o.Password == "":
		return nil, errEncrypted
	case size > o.Limits.withDefaults().UnzipSize:
		return nil, fmt.Errorf("encrypted workbook of %d bytes is over the %d-byte limit (Limits.UnzipSize)", size, o.Limits.withDefaults().UnzipSize)
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	if p.data, err = decryptPackage(raw, o.Password); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(p.data), int64(len(p.data)))
	if err != nil {
		return nil, fmt.Errorf("decrypted workbook is not an xlsx package (%v)", err)
	}
	return zr, nil
}

// index maps the package's entries by name and refuses a package that unpacks past the limit
// (archive/zip fails a read that goes past an entry's declared size, so the sum holds).
func (p *xlsxPackage) index(zr *zip.Reader, limit int64) error {
	p.parts = make(map[string]*zip.File, len(zr.File))
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(limit) {
			return fmt.Errorf("unpacks to more than %d bytes: refused as a possible zip bomb (Limits.UnzipSize)", limit)
		}
		p.parts[partKey(f.Name)] = f
	}
	return nil
}

// partKey normalises an entry name: OOXML part names are case-insensitive, and some writers
// use backslashes or a leading slash.
func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, "\\", "/"), "/"))
}

func (p *xlsxPackage) close() {
	if p.file != nil {
		p.file.Close()
	}
}

// open returns a stream of the package's entry name.
func (p *xlsxPackage) open(name string) (io.ReadCloser, error) {
	f, ok := p.parts[partKey(name)]
	if !ok {
		return nil, fmt.Errorf("part %s is missing", name)
	}
	return f.Open()
}

// decodePart unmarshals the XML entry name into v; a missing entry leaves v as it is.
func (p *xlsxPackage) decodePart(name string, v any) error {
	if _, ok := p.parts[partKey(name)]; !ok {
		return nil
	}
	rc, err := p.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil && err != io.EOF {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

type xRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// target resolves the relationship with the given id, or the first whose type ends with
// typ, to a part name; from is the part the relationships belong to.
func (r *xRels) target(from, id, typ string) string {
	for _, rel := range r.Rels {
		if (id != "" && rel.ID == id) || (id == "" && strings.HasSuffix(rel.Type, typ)) {
			t := strings.ReplaceAll(rel.Target, "\\", "/")
			if strings.HasPrefix(t, "/") {
				return t[1:]
			}
			return path.Join(path.Dir(from), t)
		}
	}
	return ""
}

type xWorkbook struct {
	Pr struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Name  string `xml:"name,attr"`
		State string `xml:"state,attr"`
		RID   string `xml:"id,attr"`
	} `xml:"sheets>sheet"`
}

type xStyles struct {
	NumFmts []struct {
		ID   string `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	Xfs []struct {
		NumFmtID string `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

// readWorkbook reads the workbook part (found through the package relationships), its sheets
// and their parts, the 1904 date system flag and the number format of each cell style.
func (p *xlsxPackage) readWorkbook() error {
	var root xRels
	if err := p.decodePart("_rels/.rels", &root); err != nil {
		return err
	}
	wbPart := root.target("", "", "/officeDocument")
	if wbPart == "" || wbPart == "." {
		wbPart = "xl/workbook.xml"
	}
	var wb xWorkbook
	var rels xRels
	if err := p.decodePart(wbPart, &wb); err != nil {
		return err
	}
	relsPart := path.Join(path.Dir(wbPart), "_rels", path.Base(wbPart)+".rels")
	if err := p.decodePart(relsPart, &rels); err != nil {
		return err
	}
	p.date1904 = wb.Pr.Date1904 == "1" || strings.EqualFold(wb.Pr.Date1904, "true")
	for _, s := range wb.Sheets {
		sh := xlsxSheet{name: s.Name, hidden: s.State == "hidden" || s.State == "veryHidden"}
		if t := rels.target(wbPart, s.RID, ""); t != "" && s.RID != "" {
			if f, ok := p.parts[partKey(t)]; ok {
				sh.part = strings.ReplaceAll(f.Name, "\\", "/") // as excelize keys it
			}
		}
		p.sheets = append(p.sheets, sh)
	}
	stylesPart := rels.target(wbPart, "", "/styles")
	if stylesPart == "" {
		stylesPart = "xl/styles.xml"
	}
	var st xStyles
	if err := p.decodePart(stylesPart, &st); err != nil {
		return err
	}
	p.numFmts = numFmtKinds(&st)
	return nil
}

// numFmtKinds classifies the number format of each cell style. A custom format may reuse a
// built-in id; it then wins.
func numFmtKinds(st *xStyles) []numFmtKind {
	custom := map[int]numFmtKind{}
	for _, f := range st.NumFmts {
		if id, err := strconv.Atoi(strings.TrimSpace(f.ID)); err == nil {
			custom[id] = classifyNumFmt(f.Code)
		}
	}
	kinds := make([]numFmtKind, len(st.Xfs))
	for i, xf := range st.Xfs {
		id, err := strconv.Atoi(strings.TrimSpace(xf.NumFmtID))
		if err != nil {
			continue
		}
		if k, ok := custom[id]; ok {
			kinds[i] = k
		} else {
			kinds[i] = builtinNumFmtKind(id)
		}
	}
	return kinds
}

// sheet returns the sheet named name (case-insensitively, as Excel compares sheet names).
func (p *xlsxPackage) sheet(name string) (*xlsxSheet, bool) {
	for i := range p.sheets {
		if p.sheets[i].name == name {
			return &p.sheets[i], true
		}
	}
	for i := range p.sheets {
		if strings.EqualFold(p.sheets[i].name, name) {
			return &p.sheets[i], true
		}
	}
	return nil, false
}

// sheetNames lists the sheet names for error messages.
func (p *xlsxPackage) sheetNames() string {
	names := make([]string, len(p.sheets))
	for i, s := range p.sheets {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}

// hasData reports whether a sheet holds at least one non-blank value. It stops at the first.
func (p *xlsxPackage) hasData(s *xlsxSheet) (bool, error) {
	if s.part == "" {
		return false, nil
	}
	rc, err := p.open(s.part)
	if err != nil {
		return false, err
	}
	defer rc.Close()
	found := false
	err = scanCells(rc, maxSheetRows, func(c *cellInfo) bool {
		found = c.value
		return !found
	})
	return found, err
}

// dataParts lists the sheets to read: o.Sheet, or every visible sheet that holds data, or, when
// no visible sheet does, the hidden ones that do.
func (p *xlsxPackage) dataParts(o Options) ([]Part, error) {
	if len(p.sheets) == 0 {
		return nil, fmt.Errorf("%s: no sheets: the workbook lists none", p.path)
	}
	if o.Sheet != "" {
		s, ok := p.sheet(o.Sheet)
		if !ok {
			return nil, fmt.Errorf("%s: sheet %q not found (sheets: %s)", p.path, o.Sheet, p.sheetNames())
		}
		if has, err := p.hasData(s); err != nil || !has {
			return nil, p.emptySheet(s, err)
		}
		return []Part{{File: p.path, Sheet: s.name}}, nil
	}
	var visible, hidden []Part
	for i := range p.sheets {
		s := &p.sheets[i]
		has, err := p.hasData(s)
		switch {
		case err != nil:
			return nil, p.emptySheet(s, err)
		case !has:
		case s.hidden:
			hidden = append(hidden, Part{File: p.path, Sheet: s.name})
		default:
			visible = append(visible, Part{File: p.path, Sheet: s.name})
		}
	}
	if len(visible) > 0 {
		return visible, nil
	}
	if len(hidden) > 0 {
		return hidden, nil
	}
	return nil, fmt.Errorf("%s: no data: every sheet is empty (sheets: %s)", p.path, p.sheetNames())
}

func (p *xlsxPackage) emptySheet(s *xlsxSheet, err error) error {
	if err != nil {
		return fmt.Errorf("%s: sheet %q: malformed XML: %s", p.path, s.name, oneLine(err.Error()))
	}
	return fmt.Errorf("%s: sheet %q is empty", p.path, s.name)
}

// hiddenWithData names the hidden sheets that hold data, for a note when they are not read.
func (p *xlsxPackage) hiddenWithData() []string {
	var names []string
	for i := range p.sheets {
		if s := &p.sheets[i]; s.hidden {
			if has, _ := p.hasData(s); has {
				names = append(names, s.name)
			}
		}
	}
	return names
}

// recoverError turns a panic in a library reading a hostile file into an error naming what was
// read. It must be deferred directly.
func recoverError(err *error, what string) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("%s: malformed workbook (%s)", what, oneLine(fmt.Sprint(p)))
	}
}

// oneLine keeps an error message on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
