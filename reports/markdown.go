package reports

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// Markdown writes the report for a pull-request comment or $GITHUB_STEP_SUMMARY: the verdicts
// and their reasons in a table, everything else in collapsed <details> blocks. It carries no
// record values unless ShowValues.
type Markdown struct {
	// ShowValues includes the values of finding samples and duplicate clusters.
	ShowValues bool
}

// mdExamples is how many findings or clusters of a kind the Markdown shows.
const mdExamples = 3

// Write implements Writer.
func (m *Markdown) Write(w io.Writer, r *Report) error {
	p := &printer{w: w}
	p.f("## crmready: %s %s\n\n", light(r.Verdict), r.Verdict)
	p.f("%s\n\n", mdText(runLine(r)))
	p.f("| Use case | Verdict | Top reasons | Datasets |\n|---|---|---|---|\n")
	for i := range r.UseCases {
		u := &r.UseCases[i]
		reasons, more := reasonsOf(r, u)
		cell := make([]string, len(reasons))
		for k, s := range reasons {
			cell[k] = mdText(s)
		}
		text := strings.Join(cell, "<br>")
		if more > 0 {
			text += fmt.Sprintf("<br>(+%d more)", more)
		}
		if n := len(u.Waived); n > 0 {
			text += fmt.Sprintf("<br>%d waived", n)
		}
		p.f("| %s | %s %s | %s | %s |\n", mdCode(u.UseCase), light(u.Status), u.Status, orDash(text), mdText(orDash(strings.Join(u.Datasets, ", "))))
	}
	if r.Trend != nil {
		m.trend(p, r.Trend)
	}
	if ws := r.Waivers; len(ws) > 0 {
		p.f("\n### Waivers\n\n| Covers | Approved by | Reason | Last day | Status |\n|---|---|---|---|---|\n")
		for _, w := range ws {
			p.f("| %s | %s | %s | %s | %s |\n", mdText(waiverWhat(w.Waiver)), mdText(w.ApprovedBy), mdText(w.Reason), day(w.Expires), w.Status)
		}
	}
	p.f("\n### Details\n")
	for i := range r.UseCases {
		m.useCase(p, r, &r.UseCases[i])
	}
	for i := range r.Datasets {
		m.dataset(p, &r.Datasets[i])
	}
	for _, n := range r.Notes {
		p.f("\n> %s\n", mdText(n))
	}
	return p.err
}

// runLine says what was audited: "As of 2026-11-25 (flag --as-of) · 3 datasets, 3,160 records".
func runLine(r *Report) string {
	var rows int64
	for _, d := range r.Datasets {
		rows += d.Rows
	}
	s := fmt.Sprintf("As of %s (%s) · %s, %s records", r.AsOf, r.AsOfSource, counted(len(r.Datasets), "dataset"), groupDigits(float64(rows)))
	if r.Config != "" {
		s += " · config " + r.Config
	}
	return s + " · fails on " + r.FailOn + " · " + r.Tool
}

func (m *Markdown) trend(p *printer, t *Trend) {
	p.f("\n### Trend since %s\n\n| Use case | Then | Now |\n|---|---|---|\n", mdText(t.Then))
	for _, u := range t.UseCases {
		p.f("| %s | %s | %s |\n", mdCode(u.UseCase), statusOrDash(u.Then), statusOrDash(u.Now))
	}
	changed := t.changed()
	p.f("\n<details><summary>%d of %d metrics changed</summary>\n\n", len(changed), len(t.Metrics))
	if len(changed) > 0 {
		p.f("| Dataset | Metric | Then | Now | Change |\n|---|---|---|---|---|\n")
		for _, c := range changed {
			p.f("| %s | %s | %s | %s | %s |\n", mdText(c.Dataset), mdCode(c.Name()), c.Value(c.Then), c.Value(c.Now), trendWords(c))
		}
	}
	p.f("\n</details>\n")
}

// trendWords is a metric's change with its arrow: "↑ +5 pts (better)".
func trendWords(c MetricTrend) string {
	switch c.Change {
	case ChangeNew, ChangeGone:
		return c.Change
	}
	return fmt.Sprintf("%s %s (%s)", c.Arrow(), c.Delta(), c.Change)
}

func statusOrDash(s readiness.Status) string {
	if s == "" {
		return "-"
	}
	return light(s) + " " + string(s)
}

func (m *Markdown) useCase(p *printer, r *Report, u *UseCase) {
	rows := thresholdRows(r, u)
	missed := 0
	for _, row := range rows {
		if row.Outcome == OutcomeFail || row.Outcome == OutcomeWarn {
			missed++
		}
	}
	p.f("\n<details><summary><code>%s</code>: %s %s, ", html.EscapeString(u.UseCase), light(u.Status), u.Status)
	if len(u.Datasets) == 0 {
		p.f("%s", html.EscapeString(u.Reason))
	} else {
		p.f("%d of %d thresholds missed", missed, len(rows))
	}
	if len(u.Waived) > 0 {
		p.f(", %d waived", len(u.Waived))
	}
	p.f("</summary>\n\n")
	if u.Doc != "" {
		p.f("%s\n\n", mdText(u.Doc))
	}
	p.f("| Dataset | Metric | Value | Warn | Fail | Outcome |\n|---|---|---|---|---|---|\n")
	for _, row := range rows {
		p.f("| %s | %s | %s | %s | %s | %s |\n", mdText(orDash(row.Dataset)), mdCode(metricName(row.Threshold.Metric, row.Window)),
			rowValue(row), limitText(row.Threshold.Warn, row.Threshold.Metric), limitText(row.Threshold.Fail, row.Threshold.Metric), mdText(outcomeText(row)))
	}
	if ps := processSummary(u.Process); ps != "" {
		p.f("\n**Process:** %s\n", mdText(ps))
	}
	p.f("\n</details>\n")
}

// metricName is a metric with its window: "volume.records[200d]".
func metricName(id, window string) string {
	if window == "" {
		return id
	}
	return id + "[" + window + "]"
}

// rowValue is a threshold row's measured value, or "-".
func rowValue(row checkRow) string {
	if row.Metric == nil {
		return "-"
	}
	return readiness.FormatValue(row.Metric.Value, row.Metric.Unit)
}

// limitText writes a threshold level in its metric's unit, or "-".
func limitText(v *float64, metric string) string {
	if v == nil {
		return "-"
	}
	def, _ := checks.LookupMetric(metric)
	return readiness.FormatValue(*v, def.Unit)
}

// outcomeText is a threshold row's outcome with what the waiver did and why it was not measured.
func outcomeText(row checkRow) string {
	s := string(row.Outcome)
	if row.Miss != nil {
		if row.Miss.Value == nil {
			s += " (not measured: " + absentWhy(*row.Miss) + ")"
		}
		if w := missWaiver(*row.Miss); w != "" {
			s += "; " + w
		}
	}
	return s
}

func (m *Markdown) dataset(p *printer, d *Dataset) {
	p.f("\n<details><summary>Dataset <b>%s</b>: %s records (%s, %s)</summary>\n\n", html.EscapeString(d.Name), groupDigits(float64(d.Rows)), html.EscapeString(d.Object), html.EscapeString(d.ObjectSource))
	for _, f := range d.Files {
		p.f("- read %s: %s records", mdText(fileName(f)), groupDigits(float64(f.Records)))
		if d.Deleted > 0 {
			p.f(", %s soft-deleted left out", groupDigits(float64(d.Deleted)))
		}
		p.f("\n")
		for _, n := range f.Notes {
			p.f("  - %s\n", mdText(n))
		}
	}
	if len(d.Findings) > 0 {
		p.f("\n| Finding | Count | First |\n|---|---|---|\n")
		for _, g := range d.Findings {
			var first []string
			for _, f := range g.Sample[:min(mdExamples, len(g.Sample))] {
				first = append(first, mdText(m.finding(f)))
			}
			p.f("| %s | %s | %s |\n", mdCode(g.Kind), groupDigits(float64(g.Total)), orDash(strings.Join(first, "<br>")))
		}
	}
	if d.ClustersTotal > 0 || len(d.Clusters) > 0 {
		p.f("\n%s duplicate clusters", groupDigits(float64(d.ClustersTotal)))
		if len(d.Clusters) > 0 {
			p.f(", the first:\n\n")
		}
		for _, c := range d.Clusters[:min(mdExamples, len(d.Clusters))] {
			p.f("- %s\n", mdText(m.cluster(c)))
		}
	}
	p.f("\n| Column | Role | Type | Complete | Placeholders |\n|---|---|---|---|---|\n")
	for _, c := range d.Columns {
		p.f("| %s | %s | %s | %s | %s |\n", mdText(c.Name), mdText(orDash(c.Role)), c.Type, mdText(completeText(c)), groupDigits(float64(c.Placeholder)))
	}
	p.f("\n</details>\n")
}

// finding writes a sample finding: where, the column, and the message; the value only when
// asked for, and the values a message quotes hidden otherwise.
func (m *Markdown) finding(f checks.Finding) string {
	var parts []string
	if loc := strings.TrimSuffix(location(f), ": "); loc != "" {
		parts = append(parts, loc)
	}
	if f.Column != "" {
		parts = append(parts, f.Column)
	}
	msg := f.Message
	if m.ShowValues {
		if f.Value != "" {
			parts = append(parts, fmt.Sprintf("%q", f.Value))
		}
	} else {
		msg = hideValues(msg)
	}
	return strings.Join(append(parts, msg), ", ")
}

// cluster writes a duplicate cluster: its tier, size, records and evidence, and the key values
// when asked for.
func (m *Markdown) cluster(c checks.Cluster) string {
	var recs []string
	for _, mb := range c.Members {
		s := fmt.Sprint(mb.Record)
		if m.ShowValues {
			s += " (" + strings.Join(mb.Values, ", ") + ")"
		}
		recs = append(recs, s)
	}
	s := fmt.Sprintf("cluster %d, %s, %d records: %s", c.ID, c.Tier, c.Size, strings.Join(recs, "; "))
	if int64(len(c.Members)) < c.Size {
		s += "; ..."
	}
	if len(c.Evidence) > 0 {
		s += " (" + strings.Join(c.Evidence, ", ") + ")"
	}
	return s
}

func fileName(f File) string {
	if f.Sheet != "" {
		return f.Path + " [" + f.Sheet + "]"
	}
	return f.Path
}

// light is a verdict's traffic light.
func light(s readiness.Status) string { return lookOf(s).light }

// mdText escapes text for a Markdown table cell: no markup, no HTML, no line break, no pipe.
func mdText(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		case '\\', '|', '*', '_', '`', '[', ']', '#', '~':
			b.WriteByte('\\')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// mdCode writes an identifier as code.
func mdCode(s string) string {
	return "`" + strings.NewReplacer("`", "'", "|", `\|`, "\n", " ").Replace(s) + "`"
}
