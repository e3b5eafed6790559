package reports

import (
	"archive/zip"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// Workbook writes the report as an Excel workbook for a stakeholder who will not read docs:
// Summary (verdicts as traffic lights, the top reasons in plain words, waivers), Checks (every
// metric with its thresholds and outcome per use case), Fields (completeness per column, with a
// chart), the fix lists Duplicates, Stale records and Invalid values, and Trend when the report
// compares with an older one. Lists are streamed (excelize StreamWriter), header rows frozen and
// filtered; values are always written as text, so no value can become a formula. The workbook
// holds the report's samples; the full lists are written by --findings DIR.
type Workbook struct{}

// Sheet names, in workbook order.
const (
	sheetSummary    = "Summary"
	sheetChecks     = "Checks"
	sheetFields     = "Fields"
	sheetDuplicates = "Duplicates"
	sheetStale      = "Stale records"
	sheetInvalid    = "Invalid values"
	sheetTrend      = "Trend"
)

// maxCellText is the most characters an Excel cell holds.
const maxCellText = 32767

// Write implements Writer.
func (Workbook) Write(w io.Writer, r *Report) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, r: r}
	if err := x.styles(); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", sheetSummary); err != nil {
		return err
	}
	steps := []func() error{x.summary, x.checks, x.fields, x.duplicates, x.stale, x.invalid}
	if r.Trend != nil {
		steps = append(steps, x.trend)
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	// Fixed dates make the same report give the same bytes.
	when := junitTime(r.AsOf) + "Z"
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "crmready", LastModifiedBy: "crmready", Created: when, Modified: when,
		Title: "crmready readiness report", Description: r.Tool}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if ct := f.ContentTypes; ct != nil {
		// excelize lists the image types from a map, in random order.
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return canonicalZip(w, buf.Bytes())
}

// canonicalZip copies a zip archive with its files in name order ([Content_Types].xml first,
// as Office writes it), so the same report gives the same bytes: excelize writes them in the
// random order of a map. The files are copied compressed, not compressed again.
func canonicalZip(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	files := slices.Clone(zr.File)
	key := func(f *zip.File) string {
		if f.Name == "[Content_Types].xml" {
			return ""
		}
		return f.Name
	}
	slices.SortFunc(files, func(a, b *zip.File) int { return cmp.Compare(key(a), key(b)) })
	zw := zip.NewWriter(w)
	for _, f := range files {
		if err := zw.Copy(f); err != nil {
			return err
		}
	}
	return zw.Close()
}

// xlsxWriter renders one workbook.
type xlsxWriter struct {
	f  *excelize.File
	r  *Report
	st xlsxStyles
}

type xlsxStyles struct {
	title, header, note, label, text, wrap, id, count, ratio, number, days, date int
	status                                                                       map[readiness.Status]int
	change                                                                       map[string]int
}

// Traffic-light fills and fonts, as Excel's own "good", "neutral" and "bad" cell styles.
var lights = map[readiness.Status][2]string{
	readiness.Go: {"C6EFCE", "006100"}, readiness.Warn: {"FFEB9C", "9C5700"}, readiness.NoGo: {"FFC7CE", "9C0006"}, readiness.NA: {"EDEDED", "595959"},
}

func (x *xlsxWriter) styles() error {
	var errs []error
	style := func(s *excelize.Style) int {
		if s.Alignment == nil {
			s.Alignment = &excelize.Alignment{Vertical: "top"}
		}
		id, err := x.f.NewStyle(s)
		errs = append(errs, err)
		return id
	}
	ymd := "yyyy-mm-dd"
	text := 49 // "@": typed-in edits stay text too
	x.st = xlsxStyles{
		title:  style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}}),
		header: style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		note:   style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}}),
		label:  style(&excelize.Style{Font: &excelize.Font{Bold: true}}),
		text:   style(&excelize.Style{NumFmt: text}),
		wrap:   style(&excelize.Style{NumFmt: text, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		id:     style(&excelize.Style{NumFmt: 1}),  // 0: record numbers as messages write them
		count:  style(&excelize.Style{NumFmt: 3}),  // #,##0
		ratio:  style(&excelize.Style{NumFmt: 10}), // 0.00%
		number: style(&excelize.Style{NumFmt: 4}),  // #,##0.00
		days:   style(&excelize.Style{NumFmt: 3}),
		date:   style(&excelize.Style{CustomNumFmt: &ymd}),
		status: map[readiness.Status]int{}, change: map[string]int{},
	}
	for _, s := range []readiness.Status{readiness.Go, readiness.Warn, readiness.NoGo, readiness.NA} { // fixed order: fixed style IDs
		c := lights[s]
		x.st.status[s] = style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[0]}},
			Font: &excelize.Font{Bold: true, Color: c[1]}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	}
	for ch, s := range map[string]readiness.Status{ChangeBetter: readiness.Go, ChangeWorse: readiness.NoGo, ChangeSame: readiness.NA,
		ChangeNew: readiness.NA, ChangeGone: readiness.NA} {
		x.st.change[ch] = x.st.status[s]
	}
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// pageSetup prints a sheet landscape, one page wide.
func (x *xlsxWriter) pageSetup(sheet string) error {
	fit := true
	if err := x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape, wide, tall := "landscape", 1, 0
	return x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall})
}

// cellText makes a value safe for a cell: no characters XML cannot hold, no more than a cell
// takes. It is written as a string, so "=1+2" stays text.
func cellText(s string) string {
	if strings.IndexFunc(s, badXMLRune) >= 0 || !utf8.ValidString(s) {
		s = xmlText(s)
	}
	if len(s) > maxCellText/4 && utf8.RuneCountInString(s) > maxCellText {
		s = string([]rune(s)[:maxCellText-1]) + "…"
	}
	return s
}

func badXMLRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
}

// valueStyle is the number format of a metric's unit.
func (x *xlsxWriter) valueStyle(u checks.Unit) int {
	switch u {
	case checks.Ratio:
		return x.st.ratio
	case checks.Count:
		return x.st.count
	case checks.Days:
		return x.st.days
	}
	return x.st.number
}

// cell is a styled value for the stream writer; strings are made safe.
func cell(style int, v any) excelize.Cell {
	if s, ok := v.(string); ok {
		v = cellText(s)
	}
	return excelize.Cell{StyleID: style, Value: v}
}

// num is a metric value, or an empty cell when absent.
func num(v *float64) any {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return nil
	}
	return *v
}

// summary writes the first sheet: the run, one row per use case with its traffic light and top
// reasons, then inputs, waivers and notes.
func (x *xlsxWriter) summary() error {
	f, r, sh := x.f, x.r, sheetSummary
	var rows int64
	files := 0
	for _, d := range r.Datasets {
		rows += d.Rows
		files += len(d.Files)
	}
	set := func(ref string, style int, v any) {
		if s, ok := v.(string); ok {
			v = cellText(s)
		}
		f.SetCellValue(sh, ref, v)
		f.SetCellStyle(sh, ref, ref, style)
	}
	set("A1", x.st.title, "Verdict")
	set("B1", x.st.status[r.Verdict], string(r.Verdict))
	set("C1", x.st.note, "crmready readiness report: the verdict of every AI use case, worst reasons first")
	set("A2", x.st.label, "As of")
	set("B2", x.st.text, r.AsOf)
	set("C2", x.st.text, r.AsOfSource)
	set("A3", x.st.label, "Records read")
	set("B3", x.st.count, rows)
	set("C3", x.st.text, fmt.Sprintf("%s from %s (see Inputs below)", counted(len(r.Datasets), "dataset"), counted(files, "file or sheet", "files or sheets")))
	set("A4", x.st.label, "Fails on")
	set("B4", x.st.text, r.FailOn)
	set("C4", x.st.text, strings.TrimPrefix(strings.Join([]string{configText(r.Config), r.Tool}, "; "), "; "))
	head := []string{"Use case", "Verdict", "Top reasons (worst first)", "Datasets", "Waivers", "Process"}
	if r.Trend != nil {
		head = append(head, "Then ("+r.Trend.Then+")")
	}
	const first = 6
	for i, h := range head {
		ref, _ := excelize.CoordinatesToCellName(i+1, first)
		set(ref, x.st.header, h)
	}
	row := first
	for i := range r.UseCases {
		u := &r.UseCases[i]
		row++
		reasons, more := reasonsOf(r, u)
		text := strings.Join(reasons, "\n")
		if more > 0 {
			text += fmt.Sprintf("\n(and %d more on the Checks sheet)", more)
		}
		waived := useCaseWaivers(u)
		set(fmt.Sprintf("A%d", row), x.st.text, u.UseCase)
		set(fmt.Sprintf("B%d", row), x.st.status[u.Status], string(u.Status))
		set(fmt.Sprintf("C%d", row), x.st.wrap, orDash(text))
		set(fmt.Sprintf("D%d", row), x.st.wrap, strings.Join(u.Datasets, ", "))
		set(fmt.Sprintf("E%d", row), x.st.wrap, strings.Join(waived, "\n"))
		process := processSummary(u.Process)
		set(fmt.Sprintf("F%d", row), x.st.wrap, process)
		if r.Trend != nil {
			then := trendOf(r.Trend, u.UseCase)
			set(fmt.Sprintf("G%d", row), x.st.status[orNA(then)], orDash(string(then)))
		}
		lines := max(wrappedLines(text, 95), wrappedLines(strings.Join(waived, "\n"), 45), wrappedLines(process, 55), 1)
		f.SetRowHeight(sh, row, float64(lines)*15+3)
	}
	lastCol, _ := excelize.ColumnNumberToName(len(head))
	if err := f.AutoFilter(sh, fmt.Sprintf("A%d:%s%d", first, lastCol, row), nil); err != nil {
		return err
	}
	if err := x.pageSetup(sh); err != nil { // after the filter, which replaces the sheet's properties
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: first, TopLeftCell: fmt.Sprintf("A%d", first+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, w := range []float64{22, 10, 100, 24, 50, 60, 16} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sh, col, col, w)
	}
	row = x.summaryInputs(row + 2)
	row = x.summaryWaivers(row + 1)
	for _, n := range r.Notes {
		row++
		set(fmt.Sprintf("A%d", row), x.st.note, "Note: "+n)
	}
	return nil
}

// summaryInputs lists what was read, from row on; it returns the last row written.
func (x *xlsxWriter) summaryInputs(row int) int {
	f, sh := x.f, sheetSummary
	f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &[]any{"Dataset", "Records", "File read", "Object", "Notes"})
	f.SetCellStyle(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("E%d", row), x.st.header)
	for _, d := range x.r.Datasets {
		for k, file := range d.Files {
			row++
			notes := strings.Join(file.Notes, "; ")
			if k == 0 && d.Deleted > 0 {
				notes = strings.TrimSuffix(fmt.Sprintf("%d soft-deleted records left out; %s", d.Deleted, notes), "; ")
			}
			object := d.Object + " (" + d.ObjectSource + ")"
			f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &[]any{cellText(d.Name), file.Records, cellText(fileName(file)), cellText(object), cellText(notes)})
			f.SetCellStyle(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), x.st.text)
			f.SetCellStyle(sh, fmt.Sprintf("B%d", row), fmt.Sprintf("B%d", row), x.st.count)
			f.SetCellStyle(sh, fmt.Sprintf("C%d", row), fmt.Sprintf("E%d", row), x.st.wrap)
			lines := max(wrappedLines(notes, 45), wrappedLines(object, 22), wrappedLines(fileName(file), 95), 1)
			f.SetRowHeight(sh, row, float64(lines)*15+3)
		}
	}
	return row
}

// summaryWaivers lists the waivers, from row on; it returns the last row written.
func (x *xlsxWriter) summaryWaivers(row int) int {
	ws := x.r.Waivers
	if len(ws) == 0 {
		return row
	}
	f, sh := x.f, sheetSummary
	row++
	f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &[]any{"Waiver for", "Status", "Covers and reason", "Approved by", "Last day"})
	f.SetCellStyle(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("E%d", row), x.st.header)
	for _, w := range ws {
		row++
		what := waiverWhat(w.Waiver) + ": " + w.Reason
		f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &[]any{cellText(w.UseCase), string(w.Status), cellText(what), cellText(w.ApprovedBy), dateOnly(w.Expires)})
		f.SetCellStyle(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("D%d", row), x.st.wrap)
		f.SetCellStyle(sh, fmt.Sprintf("B%d", row), fmt.Sprintf("B%d", row), x.st.status[waiverLight(w.Status)])
		f.SetCellStyle(sh, fmt.Sprintf("E%d", row), fmt.Sprintf("E%d", row), x.st.date)
		f.SetRowHeight(sh, row, float64(max(wrappedLines(what, 95), wrappedLines(w.ApprovedBy, 22), 1))*15+3)
	}
	return row
}

// waiverLight colours a waiver's status: applied is amber (a risk accepted), expired red.
func waiverLight(status readiness.WaiverStatus) readiness.Status {
	switch status {
	case readiness.WaiverApplied:
		return readiness.Warn
	case readiness.WaiverExpired:
		return readiness.NoGo
	}
	return readiness.NA
}

// useCaseWaivers describes the waived and expired-waiver misses of a use case.
func useCaseWaivers(u *UseCase) []string {
	var out []string
	for _, m := range append(append([]readiness.Miss{}, u.Waived...), u.Misses...) {
		if w := missWaiver(m); w != "" {
			out = append(out, metricName(m.Metric, m.Window)+" on "+m.Dataset+": "+w)
		}
	}
	return out
}

// dateOnly is the calendar day of t, as a date cell shows it.
func dateOnly(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func configText(c string) string {
	if c == "" {
		return ""
	}
	return "config " + c
}

func trendOf(t *Trend, useCase string) readiness.Status {
	for _, u := range t.UseCases {
		if u.UseCase == useCase {
			return u.Then
		}
	}
	return ""
}

func orNA(s readiness.Status) readiness.Status {
	if s == "" {
		return readiness.NA
	}
	return s
}

// wrappedLines estimates the lines text takes in a column width characters wide.
func wrappedLines(text string, width int) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n += max(1, (utf8.RuneCountInString(line)+width-1)/width)
	}
	return n
}
