package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testBook is a workbook written part by part, so that a test controls every attribute that a
// spreadsheet program would choose itself.
type testBook struct {
	sheets   []testSheet
	date1904 bool
	numFmts  map[int]string // custom number formats by id
	xfs      []int          // the number format id of each cell style after style 0 (General)
	strings  []string       // the shared strings
}

// testSheet is one worksheet: its <sheetData> content and merged ranges.
type testSheet struct {
	name, state string
	data        string
	merges      []string
}

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// bytes returns the workbook as an .xlsx zip package.
func (b *testBook) bytes() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, _ := zw.Create(name)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+body)
	}
	var types, sheets, rels strings.Builder
	for i, s := range b.sheets {
		n := i + 1
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		state := ""
		if s.state != "" {
			state = ` state="` + s.state + `"`
		}
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, esc(s.name), n, state, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, n, nsRel, n)
		merges := ""
		if len(s.merges) > 0 {
			merges = fmt.Sprintf(`<mergeCells count="%d">`, len(s.merges))
			for _, m := range s.merges {
				merges += `<mergeCell ref="` + m + `"/>`
			}
			merges += `</mergeCells>`
		}
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", n), `<worksheet xmlns="`+nsMain+`"><sheetData>`+s.data+`</sheetData>`+merges+`</worksheet>`)
	}
	put("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`+
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`+
		types.String()+`</Types>`)
	put("_rels/.rels", `<Relationships xmlns="`+nsPkg+`"><Relationship Id="rId1" Type="`+nsRel+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	pr := ""
	if b.date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	put("xl/workbook.xml", `<workbook xmlns="`+nsMain+`" xmlns:r="`+nsRel+`">`+pr+`<sheets>`+sheets.String()+`</sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<Relationships xmlns="`+nsPkg+`">`+rels.String()+
		`<Relationship Id="rIdS" Type="`+nsRel+`/styles" Target="styles.xml"/>`+
		`<Relationship Id="rIdT" Type="`+nsRel+`/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	put("xl/styles.xml", b.styles())
	var sst strings.Builder
	for _, s := range b.strings {
		sst.WriteString(`<si><t xml:space="preserve">` + esc(s) + `</t></si>`)
	}
	put("xl/sharedStrings.xml", fmt.Sprintf(`<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>`, nsMain, len(b.strings), len(b.strings), sst.String()))
	zw.Close()
	return buf.Bytes()
}

func (b *testBook) styles() string {
	var s strings.Builder
	s.WriteString(`<styleSheet xmlns="` + nsMain + `">`)
	if len(b.numFmts) > 0 {
		fmt.Fprintf(&s, `<numFmts count="%d">`, len(b.numFmts))
		for _, id := range slices.Sorted(maps.Keys(b.numFmts)) {
			fmt.Fprintf(&s, `<numFmt numFmtId="%d" formatCode="%s"/>`, id, esc(b.numFmts[id]))
		}
		s.WriteString(`</numFmts>`)
	}
	s.WriteString(`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>`)
	s.WriteString(`<fills count="1"><fill><patternFill patternType="none"/></fill></fills>`)
	s.WriteString(`<borders count="1"><border/></borders>`)
	s.WriteString(`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	fmt.Fprintf(&s, `<cellXfs count="%d"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`, len(b.xfs)+1)
	for _, id := range b.xfs {
		fmt.Fprintf(&s, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`, id)
	}
	s.WriteString(`</cellXfs></styleSheet>`)
	return s.String()
}

// write saves the workbook as dir/name and returns its path.
func (b *testBook) write(t testing.TB, name string) string {
	t.Helper()
	return writeFile(t, name, b.bytes())
}

func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// oneSheet is a workbook with one sheet named Sheet1 holding rows.
func oneSheet(rows ...string) *testBook {
	return &testBook{sheets: []testSheet{{name: "Sheet1", data: strings.Join(rows, "")}}}
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// row writes row n (no r attribute when n is 0) with the given cells.
func row(n int, cells ...string) string {
	if n == 0 {
		return "<row>" + strings.Join(cells, "") + "</row>"
	}
	return fmt.Sprintf(`<row r="%d">%s</row>`, n, strings.Join(cells, ""))
}

// str is an inline string cell (ref "" leaves out the r attribute).
func str(ref, s string) string {
	return `<c` + refAttr(ref) + ` t="inlineStr"><is><t>` + esc(s) + `</t></is></c>`
}

// num is a number cell with an optional style index.
func num(ref, v string, style ...int) string {
	s := ""
	if len(style) > 0 {
		s = fmt.Sprintf(` s="%d"`, style[0])
	}
	return `<c` + refAttr(ref) + s + `><v>` + v + `</v></c>`
}

// typed is a cell with a t attribute and a value.
func typed(ref, t, v string) string {
	return `<c` + refAttr(ref) + ` t="` + t + `"><v>` + esc(v) + `</v></c>`
}

// formula is a formula cell with type t and cached value v ("" for none).
func formula(ref, t, f, v string) string {
	tv, vv := "", ""
	if t != "" {
		tv = ` t="` + t + `"`
	}
	if v != "" {
		vv = `<v>` + esc(v) + `</v>`
	}
	return `<c` + refAttr(ref) + tv + `><f>` + esc(f) + `</f>` + vv + `</c>`
}

// styledEmpty is a cell with a style and no value.
func styledEmpty(ref string) string { return `<c` + refAttr(ref) + ` s="1"/>` }

func refAttr(ref string) string {
	if ref == "" {
		return ""
	}
	return ` r="` + ref + `"`
}

// readAll reads every sheet the file's Parts list, each as its schema, its records as text
// ("" for a null, "!" before a value that did not parse) and its stats.
type readSheet struct {
	part  Part
	names []string
	types []Type
	rows  [][]string
	pos   []int64
	stats Stats
}

func readAll(path string, o Options) ([]readSheet, error) {
	parts, err := Parts(path, o)
	if err != nil {
		return nil, err
	}
	var out []readSheet
	for _, p := range parts {
		s, err := readPart(p, o)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func readPart(p Part, o Options) (readSheet, error) {
	s := readSheet{part: p}
	r, err := Open(p, o)
	if err != nil {
		return s, err
	}
	defer r.Close()
	for _, c := range r.Schema().Columns {
		s.names = append(s.names, c.Name)
		s.types = append(s.types, c.Type)
	}
	var record int64
	for {
		b, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return s, err
		}
		if b.Record != record || b.PosKind != PosRow || len(b.Pos) != b.Len {
			return s, fmt.Errorf("batch numbering: record %d (want %d), kind %d, %d positions for %d rows", b.Record, record, b.PosKind, len(b.Pos), b.Len)
		}
		record += int64(b.Len)
		for i := 0; i < b.Len; i++ {
			rec := make([]string, len(b.Cols))
			for j, v := range b.Cols {
				switch {
				case v.Null[i]:
				case v.Bad[i]:
					rec[j] = "!" + v.Str[i]
				default:
					rec[j] = v.Format(i)
				}
			}
			s.rows = append(s.rows, rec)
			s.pos = append(s.pos, b.Pos[i])
		}
	}
	s.stats = r.Stats()
	return s, nil
}
