package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// HTML writes the report as one self-contained page (inline CSS and SVG, nothing fetched) with
// the workbook's summary, checks and fields, readable on a laptop and printable. Every value is
// escaped by html/template: a value "<script>" is text, never markup.
type HTML struct{}

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// Write implements Writer.
func (HTML) Write(w io.Writer, r *Report) error {
	return htmlTemplate.Execute(w, newHTMLPage(r))
}

type htmlPage struct {
	Verdict  readiness.Status
	Class    string
	RunLine  string
	UseCases []htmlUseCase
	Trend    *htmlTrend
	Waivers  []htmlWaiver
	Datasets []htmlDataset
	Notes    []string
}

type htmlUseCase struct {
	Name, Doc, Datasets string
	Status              readiness.Status
	Class, Color        string
	Reasons             []string
	More, Waived        int
	Rows                []htmlCheckRow
	Process             string
}

type htmlCheckRow struct {
	Dataset, Metric, Value, Warn, Fail, Outcome, Class string
}

type htmlTrend struct {
	Then     string
	UseCases []htmlTrendUseCase
	Metrics  []htmlTrendMetric
	Total    int
}

type htmlTrendUseCase struct {
	Name                string
	ThenClass, NowClass string
	ThenLabel, NowLabel string
}

type htmlTrendMetric struct {
	Dataset, Metric, Then, Now, Change, Class string
}

type htmlWaiver struct {
	What, ApprovedBy, Reason, Expires, Status string
}

type htmlDataset struct {
	Name, Object, ObjectSource, Rows string
	Files                            []string
	Columns                          []htmlColumn
	Chart                            htmlChart
	Findings                         []htmlFinding
	Metrics                          []htmlMetric
	Clusters                         string
}

type htmlMetric struct {
	Name, Value, Detail string
}

type htmlColumn struct {
	Name, Role, Type, Complete, Missing, Placeholders, Top string
}

type htmlFinding struct {
	Kind, Total string
}

// htmlChart is a horizontal bar chart of completeness per column, drawn as inline SVG.
type htmlChart struct {
	Width, Height int
	Bars          []htmlBar
}

type htmlBar struct {
	Y, TextY      int
	Label, Full   string
	Width         float64
	Percent       string
	Color         string
	PercentX      float64
	BarX, BarFull int
}

// Chart geometry, in pixels.
const (
	chartLabel = 230
	chartBar   = 380
	chartRow   = 20
)

func newHTMLPage(r *Report) htmlPage {
	p := htmlPage{Verdict: r.Verdict, Class: statusClass(r.Verdict), RunLine: runLine(r), Notes: r.Notes}
	for i := range r.UseCases {
		p.UseCases = append(p.UseCases, htmlUseCaseOf(r, &r.UseCases[i]))
	}
	if r.Trend != nil {
		p.Trend = htmlTrendOf(r.Trend)
	}
	for _, w := range r.Waivers {
		p.Waivers = append(p.Waivers, htmlWaiver{What: waiverWhat(w.Waiver), ApprovedBy: w.ApprovedBy, Reason: w.Reason, Expires: day(w.Expires), Status: string(w.Status)})
	}
	for i := range r.Datasets {
		p.Datasets = append(p.Datasets, htmlDatasetOf(&r.Datasets[i]))
	}
	return p
}

func htmlUseCaseOf(r *Report, u *UseCase) htmlUseCase {
	reasons, more := reasonsOf(r, u)
	h := htmlUseCase{Name: u.UseCase, Doc: u.Doc, Datasets: orDash(strings.Join(u.Datasets, ", ")), Status: u.Status,
		Class: statusClass(u.Status), Color: statusColor(u.Status), Reasons: reasons, More: more, Waived: len(u.Waived),
		Process: processSummary(u.Process)}
	for _, row := range thresholdRows(r, u) {
		h.Rows = append(h.Rows, htmlCheckRow{Dataset: orDash(row.Dataset), Metric: metricName(row.Threshold.Metric, row.Window),
			Value: rowValue(row), Warn: limitText(row.Threshold.Warn, row.Threshold.Metric), Fail: limitText(row.Threshold.Fail, row.Threshold.Metric),
			Outcome: outcomeText(row), Class: outcomeClass(row.Outcome)})
	}
	return h
}

func htmlTrendOf(t *Trend) *htmlTrend {
	h := &htmlTrend{Then: t.Then, Total: len(t.Metrics)}
	for _, u := range t.UseCases {
		h.UseCases = append(h.UseCases, htmlTrendUseCase{Name: u.UseCase, ThenClass: statusClass(u.Then), NowClass: statusClass(u.Now),
			ThenLabel: orDash(string(u.Then)), NowLabel: orDash(string(u.Now))})
	}
	for _, m := range t.changed() {
		h.Metrics = append(h.Metrics, htmlTrendMetric{Dataset: m.Dataset, Metric: m.Name(), Then: m.Value(m.Then), Now: m.Value(m.Now),
			Change: trendWords(m), Class: m.Change})
	}
	return h
}

func htmlDatasetOf(d *Dataset) htmlDataset {
	h := htmlDataset{Name: d.Name, Object: d.Object, ObjectSource: d.ObjectSource, Rows: groupDigits(float64(d.Rows))}
	for _, f := range d.Files {
		s := fmt.Sprintf("%s: %s records", fileName(f), groupDigits(float64(f.Records)))
		for _, n := range f.Notes {
			s += "; " + n
		}
		h.Files = append(h.Files, s)
	}
	if d.Deleted > 0 {
		h.Files = append(h.Files, groupDigits(float64(d.Deleted))+" soft-deleted records left out")
	}
	for _, c := range d.Columns {
		h.Columns = append(h.Columns, htmlColumn{Name: c.Name, Role: orDash(c.Role), Type: string(c.Type), Complete: completeText(c),
			Missing: groupDigits(float64(c.Missing)), Placeholders: groupDigits(float64(c.Placeholder)), Top: topPlaceholders(c)})
	}
	h.Chart = completenessChart(d)
	for _, g := range d.Findings {
		h.Findings = append(h.Findings, htmlFinding{Kind: g.Kind, Total: groupDigits(float64(g.Total))})
	}
	for _, m := range d.Metrics {
		detail := ""
		if m.Unit == checks.Ratio && m.Of > 0 {
			detail = fmt.Sprintf("%s of %s", groupDigits(float64(m.Count)), groupDigits(float64(m.Of)))
		}
		if m.Column != "" {
			detail = strings.TrimPrefix(detail+"; column "+m.Column, "; ")
		}
		h.Metrics = append(h.Metrics, htmlMetric{Name: metricName(m.ID, m.Window), Value: readiness.FormatValue(m.Value, m.Unit), Detail: detail})
	}
	if d.ClustersTotal > 0 {
		h.Clusters = groupDigits(float64(d.ClustersTotal))
	}
	return h
}

func completeText(c Column) string {
	if c.Skipped != "" {
		return "skipped: " + c.Skipped
	}
	return readiness.FormatValue(c.Completeness, checks.Ratio)
}

// topPlaceholders lists a column's most frequent placeholders: `"n/a" 8, "-" 3`.
func topPlaceholders(c Column) string {
	var s []string
	for _, p := range c.Placeholders[:min(3, len(c.Placeholders))] {
		s = append(s, fmt.Sprintf("%q %d", p.Value, p.Count))
	}
	return strings.Join(s, ", ")
}

// completenessChart draws one bar per column that is not skipped.
func completenessChart(d *Dataset) htmlChart {
	c := htmlChart{Width: chartLabel + chartBar + 70}
	for _, col := range d.Columns {
		if col.Skipped != "" {
			continue
		}
		y := len(c.Bars)*chartRow + 4
		w := col.Completeness * chartBar
		label := col.Name
		if r := []rune(label); len(r) > 32 {
			label = string(r[:31]) + "…"
		}
		c.Bars = append(c.Bars, htmlBar{Y: y, TextY: y + 13, Label: label, Full: col.Name, Width: w,
			Percent: readiness.FormatValue(col.Completeness, checks.Ratio), Color: barColor(col.Completeness),
			PercentX: chartLabel + chartBar + 6, BarX: chartLabel, BarFull: chartBar})
	}
	c.Height = len(c.Bars)*chartRow + 8
	return c
}

func barColor(v float64) string {
	switch {
	case v >= 0.95:
		return colorGreen
	case v >= 0.8:
		return colorAmber
	}
	return colorRed
}

// statusLook is how a verdict shows: its CSS class, colour and traffic light (Markdown).
type statusLook struct{ class, color, light string }

// Colours of the traffic lights.
const (
	colorGreen = "#2da44e"
	colorAmber = "#d4a72c"
	colorRed   = "#cf222e"
	colorGrey  = "#8c959f"
)

var statusLooks = map[readiness.Status]statusLook{
	readiness.Go:   {"go", colorGreen, "🟢"},
	readiness.Warn: {"warn", colorAmber, "🟡"},
	readiness.NoGo: {"nogo", colorRed, "🔴"},
}

// lookOf is how s shows; N/A and an empty status show grey.
func lookOf(s readiness.Status) statusLook {
	if l, ok := statusLooks[s]; ok {
		return l
	}
	return statusLook{"na", colorGrey, "⚪"}
}

func statusClass(s readiness.Status) string { return lookOf(s).class }

func statusColor(s readiness.Status) string { return lookOf(s).color }

func outcomeClass(o Outcome) string { return statusClass(outcomeStatus(o)) }
