package reports

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmready/crmready/checks"
)

// maxSheetRows is the most rows an Excel sheet holds.
const maxSheetRows = 1 << 20

// xlsxTable is a sheet holding one table: notes above it, a header row that stays in view and
// filters, and rows written by the StreamWriter, so a long list costs no more memory than its
// row being written.
type xlsxTable struct {
	sheet string
	notes []string
	cols  []xlsxCol
	// n is the number of rows each will give (the autofilter is set before they are streamed).
	n    int
	each func(row func(cells ...excelize.Cell) error) error
	// before adds what must reach the sheet before its rows are streamed (charts).
	before func() error
}

type xlsxCol struct {
	head  string
	width float64
}

// table writes t into a new sheet.
func (x *xlsxWriter) table(t xlsxTable) error {
	f := x.f
	if _, err := f.NewSheet(t.sheet); err != nil {
		return err
	}
	room := maxSheetRows - len(t.notes) - 1
	if t.n > room {
		t.notes = append(t.notes, fmt.Sprintf("Only the first %d of %d rows fit in a sheet.", room, t.n))
		room--
		t.n = room
	}
	header := len(t.notes) + 1
	lastCol, _ := excelize.ColumnNumberToName(len(t.cols))
	if err := f.AutoFilter(t.sheet, fmt.Sprintf("A%d:%s%d", header, lastCol, header+max(t.n, 1)), nil); err != nil {
		return err
	}
	if err := x.pageSetup(t.sheet); err != nil { // after the filter, which replaces the sheet's properties
		return err
	}
	if t.before != nil {
		if err := t.before(); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(t.sheet)
	if err != nil {
		return err
	}
	for i, c := range t.cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: header, TopLeftCell: fmt.Sprintf("A%d", header+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := 0
	write := func(cells []any) error {
		row++
		ref, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(ref, cells)
	}
	for _, n := range t.notes {
		if err := write([]any{cell(x.st.note, n)}); err != nil {
			return err
		}
	}
	head := make([]any, len(t.cols))
	for i, c := range t.cols {
		head[i] = cell(x.st.header, c.head)
	}
	if err := write(head); err != nil {
		return err
	}
	written := 0
	err = t.each(func(cells ...excelize.Cell) error {
		if written >= t.n {
			return nil
		}
		written++
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = c
		}
		return write(vals)
	})
	if err != nil {
		return err
	}
	return sw.Flush()
}

// checks writes every metric of every dataset with the thresholds use cases set on it and their
// outcome; a metric no use case judges has a row of its own.
func (x *xlsxWriter) checks() error {
	type line struct {
		dataset string
		metric  *checks.Metric
		row     *checkRow
	}
	var lines []line
	var judged []checkRow
	for i := range x.r.UseCases {
		judged = append(judged, thresholdRows(x.r, &x.r.UseCases[i])...)
	}
	for di := range x.r.Datasets {
		d := &x.r.Datasets[di]
		for mi := range d.Metrics {
			m := &d.Metrics[mi]
			n := len(lines)
			for k := range judged {
				if j := &judged[k]; j.Dataset == d.Name && j.Metric == m {
					lines = append(lines, line{d.Name, m, j})
				}
			}
			if len(lines) == n {
				lines = append(lines, line{d.Name, m, nil})
			}
		}
	}
	for k := range judged { // thresholds on metrics a dataset lacks, and use cases without data
		if j := &judged[k]; j.Metric == nil {
			lines = append(lines, line{j.Dataset, nil, j})
		}
	}
	return x.table(xlsxTable{sheet: sheetChecks, n: len(lines),
		notes: []string{"Every metric of every dataset, with the thresholds each use case sets on it. A value worse than Fail is NO-GO, worse than Warn is WARN."},
		cols: []xlsxCol{{"Dataset", 16}, {"Metric", 32}, {"Window", 8}, {"Value", 11}, {"Count", 10}, {"Of", 10}, {"Column", 18},
			{"Use case", 20}, {"Warn", 10}, {"Fail", 10}, {"Outcome", 14}, {"Note", 40}, {"Threshold source", 24}, {"Why this threshold", 60}},
		each: func(row func(...excelize.Cell) error) error {
			for _, l := range lines {
				cells := x.checkCells(l.dataset, l.metric, l.row)
				if err := row(cells...); err != nil {
					return err
				}
			}
			return nil
		}})
}

func (x *xlsxWriter) checkCells(dataset string, m *checks.Metric, j *checkRow) []excelize.Cell {
	cells := []excelize.Cell{cell(x.st.text, dataset)}
	var unit checks.Unit
	if m != nil {
		unit = m.Unit
		var of any
		if m.Of > 0 {
			of = m.Of
		}
		cells = append(cells, cell(x.st.text, m.ID), cell(x.st.text, m.Window), cell(x.valueStyle(m.Unit), num(&m.Value)),
			cell(x.st.count, m.Count), cell(x.st.count, of), cell(x.st.text, m.Column))
	} else {
		def, _ := checks.LookupMetric(j.Threshold.Metric)
		unit = def.Unit
		cells = append(cells, cell(x.st.text, j.Threshold.Metric), cell(x.st.text, j.Window), cell(x.st.text, "not measured"),
			cell(x.st.count, nil), cell(x.st.count, nil), cell(x.st.text, ""))
	}
	if j == nil {
		return cells
	}
	note := ""
	if j.Miss != nil {
		note = missWaiver(*j.Miss)
		if j.Miss.Value == nil {
			note = absentWhy(*j.Miss)
		}
	}
	if j.Outcome == OutcomeNoData {
		note = "no dataset of the object type the use case needs"
	}
	source := j.Threshold.FailSource
	if j.Threshold.WarnSource != "" && j.Threshold.WarnSource != source {
		source = orDash(source) + " (fail), " + j.Threshold.WarnSource + " (warn)"
	}
	return append(cells, cell(x.st.text, j.UseCase), cell(x.valueStyle(unit), num(j.Threshold.Warn)), cell(x.valueStyle(unit), num(j.Threshold.Fail)),
		cell(x.st.status[outcomeStatus(j.Outcome)], string(j.Outcome)), cell(x.st.text, note), cell(x.st.text, source), cell(x.st.text, j.Threshold.Why))
}

// fieldSpan is the rows of one dataset's columns on the Fields sheet.
type fieldSpan struct {
	d           *Dataset
	first, last int
}

// fields writes completeness per column of every dataset, with a bar chart per dataset beside
// the table.
func (x *xlsxWriter) fields() error {
	var spans []fieldSpan
	n := 0
	for i := range x.r.Datasets {
		d := &x.r.Datasets[i]
		spans = append(spans, fieldSpan{d, n + 2, n + 1 + len(d.Columns)})
		n += len(d.Columns)
	}
	return x.table(xlsxTable{sheet: sheetFields, n: n, before: func() error { return x.fieldCharts(spans, n) },
		cols: []xlsxCol{{"Dataset", 16}, {"Column", 24}, {"Role", 16}, {"Role detected from", 26}, {"Type", 8}, {"Records", 10},
			{"Missing", 10}, {"Placeholders", 12}, {"Completeness", 13}, {"Most frequent placeholders", 30}, {"Unparsed", 10}, {"Type decided from", 30}},
		each: func(row func(...excelize.Cell) error) error {
			for _, s := range spans {
				for _, c := range s.d.Columns {
					completeness := cell(x.st.ratio, c.Completeness)
					if c.Skipped != "" {
						completeness = cell(x.st.text, "skipped: "+c.Skipped)
					}
					err := row(cell(x.st.text, s.d.Name), cell(x.st.text, c.Name), cell(x.st.text, c.Role), cell(x.st.text, c.RoleSource),
						cell(x.st.text, string(c.Type)), cell(x.st.count, c.Rows), cell(x.st.count, c.Missing), cell(x.st.count, c.Placeholder),
						completeness, cell(x.st.text, topPlaceholders(c)), cell(x.st.count, c.Unparsed), cell(x.st.text, c.TypeSource))
					if err != nil {
						return err
					}
				}
			}
			return nil
		}})
}

// fieldCharts adds a completeness bar chart per dataset, stacked down column N beside the table
// (n rows), each as tall as its bars need. They are added before the rows are streamed: the
// stream writes the sheet's reference to its drawing only if it is there first.
func (x *xlsxWriter) fieldCharts(spans []fieldSpan, n int) error {
	top := 1
	for _, s := range spans {
		if s.last < s.first {
			continue
		}
		height := 70 + 19*(s.last-s.first+1)
		one, zero, vary := 1.0, 0.0, false
		chart := &excelize.Chart{Type: excelize.Bar,
			Series: []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$A$%d", sheetFields, s.first),
				Categories: fmt.Sprintf("'%s'!$B$%d:$B$%d", sheetFields, s.first, s.last),
				Values:     fmt.Sprintf("'%s'!$I$%d:$I$%d", sheetFields, s.first, s.last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}}}},
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Completeness: " + cellText(s.d.Name)}}},
			Legend:     excelize.ChartLegend{Position: "none"},
			VaryColors: &vary,
			XAxis:      excelize.ChartAxis{ReverseOrder: true},
			YAxis:      excelize.ChartAxis{Maximum: &one, Minimum: &zero, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
			Dimension:  excelize.ChartDimension{Width: 520, Height: uint(height)},
			Format:     excelize.GraphicOptions{AltText: "completeness per column of " + s.d.Name}}
		if err := x.f.AddChart(sheetFields, fmt.Sprintf("N%d", top), chart); err != nil {
			return err
		}
		top += height/20 + 2
	}
	// Print the charts with the table: they lie right of it, outside the cells in use.
	return x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sheetFields,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$V$%d", sheetFields, max(top, n+1))})
}

// duplicates writes the duplicate clusters, one row per record, with the key values each shows.
func (x *xlsxWriter) duplicates() error {
	var keys, parts []string
	n := 0
	for _, d := range x.r.Datasets {
		for _, c := range d.Clusters {
			n += len(c.Members)
			keys = addKeys(keys, c)
		}
		if d.ClustersTotal > 0 || len(d.Clusters) > 0 {
			parts = append(parts, fmt.Sprintf("%d of %s duplicate clusters in %s", len(d.Clusters), groupDigits(float64(d.ClustersTotal)), d.Name))
		}
	}
	notes := []string{listed(parts, "duplicate clusters"), listNote}
	cols := []xlsxCol{{"Dataset", 16}, {"Cluster", 9}, {"Tier", 12}, {"Records in cluster", 10}, {"Record", 9}, {"File", 28}, {"Position", 12}, {"Why they match", 40}}
	for _, k := range keys {
		cols = append(cols, xlsxCol{k, 24})
	}
	return x.table(xlsxTable{sheet: sheetDuplicates, notes: notes, cols: cols, n: n,
		each: func(row func(...excelize.Cell) error) error {
			for _, d := range x.r.Datasets {
				for _, c := range d.Clusters {
					for _, m := range c.Members {
						cells := []excelize.Cell{cell(x.st.text, d.Name), cell(x.st.id, c.ID), cell(x.st.text, c.Tier), cell(x.st.count, c.Size),
							cell(x.st.id, m.Record), cell(x.st.text, m.File), cell(x.st.text, memberPosition(m)), cell(x.st.wrap, joinEvidence(c))}
						for _, k := range keys {
							cells = append(cells, cell(x.st.text, keyValue(c, m, k)))
						}
						if err := row(cells...); err != nil {
							return err
						}
					}
				}
			}
			return nil
		}})
}

// listNote says where the full fix lists are.
const listNote = "The report keeps the first findings of each kind by record (--max-findings); crmready audit --findings DIR writes every one as CSV."

func joinEvidence(c checks.Cluster) string {
	s := ""
	for i, e := range c.Evidence {
		if i > 0 {
			s += "; "
		}
		s += e
	}
	if c.Score > 0 {
		s += fmt.Sprintf(" (lowest pair score %.2f)", c.Score)
	}
	return s
}

// groupsOf returns the notes above a fix list of the finding kinds keep selects (how many of
// each are listed, of how many), and the number of rows it has.
func (x *xlsxWriter) groupsOf(keep func(string) bool, what string) (notes []string, n int) {
	var parts []string
	for _, d := range x.r.Datasets {
		for _, g := range d.Findings {
			if keep(g.Kind) {
				n += len(g.Sample)
				parts = append(parts, fmt.Sprintf("%d of %s %s in %s", len(g.Sample), groupDigits(float64(g.Total)), g.Kind, d.Name))
			}
		}
	}
	return []string{listed(parts, what), listNote}, n
}

// listed is the first note above a fix list: one line, however many kinds and datasets, so
// that the rows kept in view stay few.
func listed(parts []string, what string) string {
	if len(parts) == 0 {
		return "No " + what + " in this report."
	}
	return "Listed here: " + strings.Join(parts, "; ") + "."
}

// eachFinding calls fn with every sampled finding of the kinds keep selects.
func (x *xlsxWriter) eachFinding(keep func(string) bool, fn func(d *Dataset, g *checks.FindingGroup, f checks.Finding) error) error {
	for di := range x.r.Datasets {
		d := &x.r.Datasets[di]
		for gi := range d.Findings {
			g := &d.Findings[gi]
			if !keep(g.Kind) {
				continue
			}
			for _, f := range g.Sample {
				if err := fn(d, g, f); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// stale writes the stale records: the date their age came from, and how old they are.
func (x *xlsxWriter) stale() error {
	notes, n := x.groupsOf(isStaleKind, "stale records")
	asOf, hasAsOf := dateOf(x.r.AsOf)
	return x.table(xlsxTable{sheet: sheetStale, notes: notes, n: n,
		cols: []xlsxCol{{"Dataset", 16}, {"Record", 9}, {"File", 28}, {"Position", 12}, {"Dated by", 20}, {"Last date", 12}, {"Days old", 10}, {"Reason", 60}},
		each: func(row func(...excelize.Cell) error) error {
			return x.eachFinding(isStaleKind, func(d *Dataset, _ *checks.FindingGroup, f checks.Finding) error {
				last, age := cell(x.st.text, f.Value), cell(x.st.count, nil)
				if t, ok := dateOf(f.Value); ok {
					last = cell(x.st.date, dateOnly(t))
					if hasAsOf {
						age = cell(x.st.count, int64(asOf.Sub(t).Hours()/24))
					}
				}
				return row(cell(x.st.text, d.Name), cell(x.st.id, recordCell(f.Record)), cell(x.st.text, f.File), cell(x.st.text, position(f)),
					cell(x.st.text, f.Column), last, age, cell(x.st.text, f.Message))
			})
		}})
}

// invalid writes the invalid values and broken rules.
func (x *xlsxWriter) invalid() error {
	notes, n := x.groupsOf(isInvalidKind, "invalid values or broken rules")
	return x.table(xlsxTable{sheet: sheetInvalid, notes: notes, n: n,
		cols: []xlsxCol{{"Dataset", 16}, {"Record", 9}, {"File", 28}, {"Position", 12}, {"Column", 20}, {"Value", 30}, {"Reason", 50}, {"Kind", 30}},
		each: func(row func(...excelize.Cell) error) error {
			return x.eachFinding(isInvalidKind, func(d *Dataset, g *checks.FindingGroup, f checks.Finding) error {
				return row(cell(x.st.text, d.Name), cell(x.st.id, recordCell(f.Record)), cell(x.st.text, f.File), cell(x.st.text, position(f)),
					cell(x.st.text, f.Column), cell(x.st.text, f.Value), cell(x.st.wrap, f.Message), cell(x.st.text, g.Kind))
			})
		}})
}

// recordCell is a record number, or an empty cell for a finding about many records.
func recordCell(r int64) any {
	if r == 0 {
		return nil
	}
	return r
}

// trend writes every metric then and now.
func (x *xlsxWriter) trend() error {
	t := x.r.Trend
	return x.table(xlsxTable{sheet: sheetTrend, n: len(t.Metrics),
		notes: []string{fmt.Sprintf("Every metric as of %s (then) and %s (now); the Summary sheet shows each use case's verdict then.", t.Then, x.r.AsOf)},
		cols:  []xlsxCol{{"Dataset", 16}, {"Metric", 32}, {"Window", 8}, {"Then", 12}, {"Now", 12}, {"Change", 8}, {"Delta", 12}, {"Better or worse", 14}},
		each: func(row func(...excelize.Cell) error) error {
			for _, m := range t.Metrics {
				style := x.valueStyle(m.Unit)
				err := row(cell(x.st.text, m.Dataset), cell(x.st.text, m.Metric), cell(x.st.text, m.Window), cell(style, num(m.Then)), cell(style, num(m.Now)),
					cell(x.st.text, m.Arrow()), cell(x.st.text, m.Delta()), cell(x.st.change[m.Change], m.Change))
				if err != nil {
					return err
				}
			}
			return nil
		}})
}
