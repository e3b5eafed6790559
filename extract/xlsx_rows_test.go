package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSheetRowsMatchExcelize reads each sheet with sheetRows and with excelize's raw row
// iterator, the reader it replaced, and wants the same rows, numbered the same way.
func TestSheetRowsMatchExcelize(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows []string
		want []string // only where the reader differs from excelize on purpose
	}{
		{name: "plain", rows: []string{row(1, str("A1", "Email"), num("B1", "1.50")), row(2, num("C2", " 7 "))}},
		{name: "shared strings", rows: []string{row(1, typed("A1", "s", "1"), typed("B1", "s", " 0 "), typed("C1", "s", ""))}},
		{name: "entities and CDATA", rows: []string{`<row r="1"><c r="A1" t="str"><v>a &amp; b &lt;&#233;&#x4E2D;&gt;</v></c>` +
			`<c r="B1" t="str"><v><![CDATA[x < y & z]]></v></c><c r="C1" t="str"><v>l1` + "\r\n" + `l2` + "\r" + `l3</v></c></row>`}},
		{name: "inline rich text", rows: []string{`<row r="1"><c r="A1" t="inlineStr"><is><t>plain</t></is></c>` +
			`<c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>bold </t></r><r><t xml:space="preserve">run</t></r>` +
			`<rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c><c r="C1" t="inlineStr"><is><t>_x0041__x005F_x</t></is></c></row>`}},
		{name: "prefixed names", rows: []string{`<x:row r="1"><x:c r="A1" t="str"><x:v>one</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row>`}},
		{name: "formulas", rows: []string{row(1, formula("A1", "str", "B1", "x"), formula("B1", "", "1+1", ""), `<c r="C1"><f>A1</f></c>`)}},
		{name: "numbering", rows: []string{row(3, num("B3", "1")), row(0, num("", "2"), num("", "3")), row(6, num("A6", "4"))}},
		// excelize appends the cells of a row numbered at or before the last to that row; the
		// reader keeps it a row of its own, numbered after the last.
		{name: "rows out of order", rows: []string{row(3, num("B3", "1")), row(2, num("A2", "4")), row(2, num("A2", "5"), num("A2", "6"))},
			want: []string{`3 ["" "1"]`, `4 ["4"]`, `5 ["5" "6"]`}},
		{name: "types", rows: []string{row(1, typed("A1", "b", "1"), typed("B1", "e", "#N/A"), typed("C1", "d", "2024-01-02T00:00:00Z"), typed("D1", "n", "1e3"))}},
		{name: "bad style", rows: []string{`<row r="1"><c r="A1" s="x"><v>1</v></c><c r="B1" s="2"><v>2</v></c></row>`}},
		{name: "empty cells", rows: []string{`<row r="1"><c r="A1"/><c r="B1"><v></v></c><c r="D1" t="s"/><c r="E1"><v>5</v></c></row>`, `<row r="2"/>`}},
		{name: "comments", rows: []string{`<row r="1"><!-- a <c> --><c r="A1"><v>1<!-- x -->2</v></c></row>`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := oneSheet(tc.rows...)
			b.strings = []string{"zero", "one &amp; _x0042_"}
			p := b.write(t, "rows.xlsx")
			want := tc.want
			if want == nil {
				want = excelizeRows(t, p)
			}
			pkg, err := openPackage(p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer pkg.close()
			sst, err := pkg.sharedStrings(DefaultUnzipXMLSize)
			if err != nil {
				t.Fatal(err)
			}
			rc, err := pkg.open(pkg.sheets[0].part)
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			var got []string
			s := newSheetRows(rc, sst)
			for {
				num, cells, ok, err := s.next()
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					break
				}
				if len(cells) > 0 {
					got = append(got, fmt.Sprintf("%d %q", num, cells))
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("rows\n%s\nwant (excelize)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// excelizeRows returns the non-empty rows excelize's raw iterator reads from the first sheet.
func excelizeRows(t *testing.T, path string) []string {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		if len(cells) > 0 {
			out = append(out, fmt.Sprintf("%d %q", n, cells))
		}
	}
	return out
}

func TestSharedStringsLimit(t *testing.T) {
	b := oneSheet(row(1, typed("A1", "s", "0")), row(2, typed("A2", "s", "0")))
	b.strings = []string{strings.Repeat("long shared string ", 20)}
	p := b.write(t, "sst.xlsx")
	_, err := readAll(p, Options{Limits: Limits{UnzipXMLSize: 100}})
	if want := p + "[Sheet1]: xl/sharedStrings.xml unpacks to more than 100 bytes (Limits.UnzipXMLSize)"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}
