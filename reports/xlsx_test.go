package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// dumpWorkbook reads a workbook back as text: per sheet its panes, filter and column widths,
// every cell with its type and style, and the charts with their series.
func dumpWorkbook(t testing.TB, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	raw := zipFiles(t, data)
	for i, sh := range f.GetSheetList() {
		fmt.Fprintf(&b, "== sheet %s\n", sh)
		panes, _ := f.GetPanes(sh)
		fmt.Fprintf(&b, "panes: freeze=%v split=%d top-left=%s\n", panes.Freeze, panes.YSplit, panes.TopLeftCell)
		xml := raw[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)]
		fmt.Fprintf(&b, "autofilter: %s\n", strings.Join(regexp.MustCompile(`<autoFilter ref="([^"]+)"`).FindStringSubmatch(xml)[1:], ""))
		fmt.Fprintf(&b, "drawing: %v; fit to page: %v; %s\n", strings.Contains(xml, "<drawing "), strings.Contains(xml, `fitToPage="true"`),
			regexp.MustCompile(`<pageSetup[^>]*>`).FindString(xml))
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		width := 0
		for _, row := range rows {
			width = max(width, len(row))
		}
		var widths []string
		for c := 1; c <= width; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(sh, name)
			widths = append(widths, fmt.Sprintf("%s=%g", name, w))
		}
		fmt.Fprintf(&b, "widths: %s\n", strings.Join(widths, " "))
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sh, ref); formula != "" {
					t.Errorf("%s!%s holds a formula: %s", sh, ref, formula)
				}
				if v == "" {
					continue
				}
				typ, _ := f.GetCellType(sh, ref)
				fmt.Fprintf(&b, "%s %s %q %s\n", ref, cellTypeName(typ), v, styleText(f, sh, ref))
			}
		}
	}
	var charts []string
	for name, xml := range raw {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts = append(charts, name+": "+chartText(xml))
		}
	}
	sort.Strings(charts)
	for _, c := range charts {
		fmt.Fprintf(&b, "chart %s\n", c)
	}
	return b.String()
}

func cellTypeName(t excelize.CellType) string {
	return map[excelize.CellType]string{excelize.CellTypeUnset: "num", excelize.CellTypeNumber: "num", excelize.CellTypeSharedString: "str",
		excelize.CellTypeInlineString: "str", excelize.CellTypeBool: "bool", excelize.CellTypeFormula: "formula", excelize.CellTypeError: "error",
		excelize.CellTypeDate: "date"}[t]
}

// styleText describes the parts of a cell's style a reader sees.
func styleText(f *excelize.File, sh, ref string) string {
	id, err := f.GetCellStyle(sh, ref)
	if err != nil || id == 0 {
		return ""
	}
	s, err := f.GetStyle(id)
	if err != nil {
		return ""
	}
	var parts []string
	if s.NumFmt != 0 {
		parts = append(parts, fmt.Sprintf("fmt=%d", s.NumFmt))
	}
	if s.CustomNumFmt != nil {
		parts = append(parts, "fmt="+*s.CustomNumFmt)
	}
	if len(s.Fill.Color) > 0 {
		parts = append(parts, "fill="+strings.Join(s.Fill.Color, ","))
	}
	if s.Font != nil {
		if s.Font.Bold {
			parts = append(parts, "bold")
		}
		if s.Font.Italic {
			parts = append(parts, "italic")
		}
		if s.Font.Color != "" {
			parts = append(parts, "color="+s.Font.Color)
		}
	}
	if s.Alignment != nil && s.Alignment.WrapText {
		parts = append(parts, "wrap")
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// chartText is a chart's type, title and series references.
func chartText(xml string) string {
	var parts []string
	for _, re := range []string{`<barDir val="(\w+)"`, `<a:t>([^<]*)</a:t>`, `<f>([^<]*)</f>`, `<varyColors val="(\d)"`} {
		for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(xml, -1) {
			parts = append(parts, html.UnescapeString(m[1]))
		}
	}
	return strings.Join(parts, " | ")
}

func zipFiles(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[zf.Name] = string(b)
	}
	return out
}
