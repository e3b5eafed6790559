package reports

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// Console writes the report for a person at a terminal: the verdicts and their top reasons
// first, then what was read and measured per dataset.
type Console struct {
	// Color adds ANSI colours to verdicts.
	Color bool
}

const topReasons = 3

// Write implements Writer.
func (c *Console) Write(w io.Writer, r *Report) error {
	p := &printer{w: w}
	p.f("%s: as of %s (%s)\n", r.Tool, r.AsOf, r.AsOfSource)
	if r.Baseline != "" {
		p.f("drift against baseline %s\n", r.Baseline)
	}
	p.f("\n")
	p.f("Verdict: %s\n\n", c.status(r.Verdict))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "USE CASE\tVERDICT\tDATASETS\tREASONS\n")
	for _, u := range r.UseCases {
		reasons := u.Reason
		if len(u.Misses) > 0 {
			var ms []string
			for _, m := range u.Misses[:min(topReasons, len(u.Misses))] {
				ms = append(ms, reasonText(m))
			}
			reasons = strings.Join(append(nonEmpty(u.Reason), ms...), "; ")
			if more := len(u.Misses) - topReasons; more > 0 {
				reasons += fmt.Sprintf(" (+%d more)", more)
			}
		}
		if len(u.Waived) > 0 {
			reasons += fmt.Sprintf(" [%d waived]", len(u.Waived))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.UseCase, c.status(u.Status), orDash(strings.Join(u.Datasets, ", ")), orDash(reasons))
	}
	tw.Flush()
	p.process(r.UseCases)
	if len(r.Waivers) > 0 {
		p.f("\nWaivers:\n")
		for _, w := range r.Waivers {
			p.f("  %s\n", WaiverText(w))
		}
	}
	if r.Trend != nil {
		p.trend(r.Trend)
	}
	for _, d := range r.Datasets {
		p.f("\n%s: %s (object from %s), %d records", d.Name, d.Object, d.ObjectSource, d.Rows)
		if d.Deleted > 0 {
			p.f(", %d soft-deleted left out", d.Deleted)
		}
		p.f("\n")
		for _, f := range d.Files {
			p.f("  read %s: %d records", f.Path, f.Records)
			if f.BlankRows > 0 {
				p.f(", %d blank rows skipped", f.BlankRows)
			}
			if f.Encoding != "" {
				p.f(", %s", f.Encoding)
			}
			p.f("\n")
			for _, n := range f.Notes {
				p.f("    note: %s\n", n)
			}
		}
		p.roles(d)
		p.metrics(d)
		p.findings(d)
	}
	for _, n := range r.Notes {
		p.f("\nnote: %s\n", n)
	}
	return p.err
}

// trend writes the verdicts then and now, and the metrics that changed.
func (p *printer) trend(t *Trend) {
	p.f("\nTrend since %s:\n", t.Then)
	for _, u := range t.UseCases {
		p.f("  %-24s %s -> %s\n", u.UseCase, orDash(string(u.Then)), orDash(string(u.Now)))
	}
	changed := t.changed()
	p.f("  %d of %d metrics changed\n", len(changed), len(t.Metrics))
	for _, m := range changed {
		p.f("    %-14s %-40s %s -> %s  %s\n", m.Dataset, m.Name(), m.Value(m.Then), m.Value(m.Now), trendWords(m))
	}
}

func reasonText(m readiness.Miss) string {
	if m.Dataset != "" {
		return m.Message + " (" + m.Dataset + ")"
	}
	return m.Message
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (c *Console) status(s readiness.Status) string {
	if !c.Color {
		return string(s)
	}
	code := map[readiness.Status]string{readiness.Go: "32", readiness.Warn: "33", readiness.NoGo: "31", readiness.NA: "90"}[s]
	return "\x1b[" + code + "m" + string(s) + "\x1b[0m"
}

// printer writes formatted text and keeps the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) roles(d Dataset) {
	var roles []string
	for _, c := range d.Columns {
		if c.Role != "" {
			roles = append(roles, fmt.Sprintf("%s=%q", c.Role, c.Name))
		}
	}
	p.f("  roles: %s\n", orDash(strings.Join(roles, ", ")))
	for _, r := range d.RolesRejected {
		p.f("    %s\n", r)
	}
}

func (p *printer) metrics(d Dataset) {
	p.f("  metrics:\n")
	for _, m := range d.Metrics {
		name := metricName(m.ID, m.Window)
		detail := ""
		if m.Unit == checks.Ratio && m.Of > 0 {
			detail = fmt.Sprintf(" (%d of %d)", m.Count, m.Of)
		}
		p.f("    %-40s %s%s\n", name, readiness.FormatValue(m.Value, m.Unit), detail)
	}
	var incomplete []string
	for _, c := range d.Columns {
		if c.Missing > 0 && c.Skipped == "" {
			s := fmt.Sprintf("%s %s", c.Name, readiness.FormatValue(c.Completeness, checks.Ratio))
			if c.Placeholder > 0 {
				s += fmt.Sprintf(" (%d placeholders)", c.Placeholder)
			}
			incomplete = append(incomplete, s)
		}
	}
	if len(incomplete) > 0 {
		p.f("  incomplete columns: %s\n", strings.Join(incomplete, ", "))
	}
}

func (p *printer) findings(d Dataset) {
	for _, g := range d.Findings {
		p.f("  %s: %d\n", g.Kind, g.Total)
		for _, f := range g.Sample[:min(3, len(g.Sample))] {
			p.f("    %s%s\n", location(f), f.Message)
		}
	}
}

// location writes where a finding is: "record 12 (line 13): ".
func location(f checks.Finding) string {
	if f.Record == 0 {
		return ""
	}
	s := fmt.Sprintf("record %d", f.Record)
	if pos := position(f); pos != "" {
		s += " (" + pos + ")"
	}
	return s + ": "
}
