package extract

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestScanTail(t *testing.T) {
	long := strings.Repeat(`<row r="7"><c r="A7" t="inlineStr"><is><t>arrow row </t></is></c></row>`, 9000) // > 256 KiB: rows straddle chunks
	tests := []struct {
		name    string
		xml     string
		lastRow int
		merges  []mergeRange
	}{
		{"numbered rows", `<worksheet><sheetData><row r="1"/><row r="5"><c r="A5"/></row></sheetData><mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="C3"/></mergeCells></worksheet>`,
			5, []mergeRange{{1, 1, 2, 2}}},
		{"rows without r follow the previous", `<worksheet><sheetData><row r="3"/><row/><row><c/></row></sheetData></worksheet>`, 5, nil},
		{"prefixed tags", `<x:worksheet><x:sheetData><x:row r="2"></x:row><x:row r="9" spans="1:2"></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="B2:A1"/></x:mergeCells></x:worksheet>`,
			9, []mergeRange{{1, 1, 2, 2}}},
		{"text that says row", `<worksheet><sheetData><row r="4"><c><is><t>row sheetData&gt;</t></is></c></row></sheetData></worksheet>`, 4, nil},
		{"no sheetData end", `<worksheet><sheetData><row r="8">`, 8, nil},
		{"long sheet", `<worksheet><sheetData>` + long + `<row r="70000"/></sheetData><mergeCells><mergeCell ref="A1:A3"/></mergeCells></worksheet>`,
			70000, []mergeRange{{1, 1, 3, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fwd, err := scanTail(strings.NewReader(tt.xml))
			if err != nil || fwd.lastRow != tt.lastRow || !reflect.DeepEqual(fwd.merges, tt.merges) {
				t.Errorf("scanTail = %d %v %v, want %d %v", fwd.lastRow, fwd.merges, err, tt.lastRow, tt.merges)
			}
			back, err := scanTailBytes([]byte(tt.xml))
			if err != nil || back.lastRow != tt.lastRow || !reflect.DeepEqual(back.merges, tt.merges) {
				t.Errorf("scanTailBytes = %d %v %v, want %d %v", back.lastRow, back.merges, err, tt.lastRow, tt.merges)
			}
		})
	}
}

func TestScanCells(t *testing.T) {
	xml := `<?xml version="1.0"?><!-- a <comment> --><worksheet><sheetData>` +
		`<row r="2"><c r="B2" s="3"><v>45140.5</v></c><c t="s"><v>0</v></c><c r="E2" s="1"/><c r="F2" t="inlineStr"><is><t xml:space="preserve">  </t></is></c></row>` +
		`<x:row><x:c r="A3" t="b" attr='a>b'><x:v>1</x:v></x:c><c r="B3"><f>SUM(A1)</f></c><c r="C3" t="str"><v><![CDATA[x]]></v></c></x:row>` +
		`<row r="9"><c r="A9"><v>1</v></c></row></sheetData></worksheet>`
	var got []string
	err := scanCells(strings.NewReader(xml), 3, func(c *cellInfo) bool {
		got = append(got, fmt.Sprintf("%d,%d,%s,%d,%v,%v", c.row, c.col, c.typ, c.style, c.value, c.num))
		return true
	})
	want := []string{"2,2,,3,true,45140.5", "2,3,s,0,true,0", "2,5,,1,false,0", "2,6,inlineStr,0,false,0",
		"3,1,b,0,true,0", "3,2,,0,false,0", "3,3,str,0,true,0"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %q, %v\nwant %q", got, err, want)
	}
	for _, bad := range []string{`<sheetData><row r="1"><c r="A1" <v>1</v></c></row>`, `<sheetData><row r="1"><c r="A1` + strings.Repeat("x", maxTag)} {
		if err := scanCells(strings.NewReader(bad), 10, func(*cellInfo) bool { return true }); err == nil {
			t.Errorf("scanCells(%.40q...) = nil, want an error", bad)
		}
	}
}

func TestSplitRefAndColName(t *testing.T) {
	for ref, want := range map[string][2]int{"A1": {1, 1}, "ab12": {28, 12}, "XFD1048576": {16384, 1048576},
		"XFE1": {0, 0}, "A0": {0, 0}, "A1048577": {0, 0}, "1": {0, 0}, "A": {0, 0}, "AAAA1": {0, 0}, "A1x": {0, 0}} {
		if c, r := splitRef(ref); c != want[0] || r != want[1] {
			t.Errorf("splitRef(%q) = %d, %d, want %v", ref, c, r, want)
		}
	}
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := colName(i); got != want {
			t.Errorf("colName(%d) = %q, want %q", i, got, want)
		}
	}
	if !bytes.Equal(attrBytes([]byte(`c xr="X" r='B2' s="1"`), "r"), []byte("B2")) {
		t.Error("attrBytes read the wrong attribute")
	}
}
