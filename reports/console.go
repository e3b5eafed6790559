package reports

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// Console writes the report for a person at a terminal. By default it is a summary a
// consultant reads in one screen: the verdict table, each use case's top reasons, then per
// dataset its object and how it was decided, the metrics that missed a threshold and its top
// findings. Detail adds every reason, every changed metric of a trend, and per dataset what was
// read and measured: files, roles, every metric, incomplete columns and finding samples.
type Console struct {
	// Color adds ANSI colours to verdicts.
	Color bool
	// Detail prints everything instead of the summary.
	Detail bool
}

const (
	topReasons  = 3
	topFindings = 3
	topMissed   = 3
)

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
	fmt.Fprintf(tw, "USE CASE\tVERDICT\tDATASETS\n")
	for _, u := range r.UseCases {
		datasets := strings.Join(u.Datasets, ", ")
		if datasets == "" {
			datasets = "- (" + orDash(u.Reason) + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.UseCase, c.status(u.Status), datasets)
	}
	if err := tw.Flush(); err != nil && p.err == nil {
		p.err = err
	}
	p.f("\n")
	for i := range r.UseCases {
		c.reasons(p, r, &r.UseCases[i])
	}
	p.process(r.UseCases)
	if len(r.Waivers) > 0 {
		p.f("\nWaivers:\n")
		for _, w := range r.Waivers {
			p.f("  %s\n", WaiverText(w))
		}
	}
	if r.Trend != nil {
		p.trend(r.Trend, c.Detail)
	}
	if !c.Detail && len(r.Datasets) > 0 {
		p.f("\n")
	}
	for _, d := range r.Datasets {
		if c.Detail {
			p.dataset(d)
			continue
		}
		p.summary(r, d)
	}
	for _, n := range r.Notes {
		p.f("\nnote: %s\n", n)
	}
	if !c.Detail {
		p.f("\n--detail prints every reason, metric and finding sample.\n")
	}
	return p.err
}

// reasons writes a use case's reasons under its name: every one with Detail, else the first
// three and how many there are; a measured miss's hint (what it probably means) on the line
// below it.
func (c *Console) reasons(p *printer, r *Report, u *UseCase) {
	rs := Reasons(r, u)
	if len(rs) == 0 {
		return
	}
	shown := rs
	if !c.Detail {
		shown = rs[:min(topReasons, len(rs))]
	}
	head := fmt.Sprintf("%s: %s", u.UseCase, c.status(u.Status))
	if u.Reason != "" {
		head += ", " + u.Reason
	}
	if len(shown) < len(rs) {
		head += fmt.Sprintf(", %d of %d reasons (--detail lists every one)", len(shown), len(rs))
	}
	if len(u.Waived) > 0 {
		head += fmt.Sprintf(" [%d waived]", len(u.Waived))
	}
	p.f("%s\n", head)
	for _, x := range shown {
		p.f("  %-4s  %s\n", x.Level, x.Text())
		if h := x.Hint(); h != "" {
			p.f("        probably: %s\n", h)
		}
	}
}

// dataset writes what was read and measured of a dataset, in full.
func (p *printer) dataset(d Dataset) {
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

// summary writes a dataset in a few lines: its object and how it was decided, the metrics that
// missed a threshold of a use case, and its most frequent findings.
func (p *printer) summary(r *Report, d Dataset) {
	p.f("%s: %s (from %s), %s", d.Name, d.Object, d.ObjectSource, counted(int(d.Rows), "record"))
	if d.Deleted > 0 {
		p.f(", %d soft-deleted left out", d.Deleted)
	}
	judged := false
	for _, u := range r.UseCases {
		judged = judged || slices.Contains(u.Datasets, d.Name)
	}
	if !judged {
		p.f("; judged by no use case\n")
		return
	}
	p.f("\n")
	if missed := missedOn(r, d.Name); len(missed) > 0 {
		s := strings.Join(missed[:min(topMissed, len(missed))], ", ")
		if more := len(missed) - topMissed; more > 0 {
			s += fmt.Sprintf(" (+%d more)", more)
		}
		p.f("  missed: %s\n", s)
	}
	if top := topFindingKinds(d); len(top) > 0 {
		p.f("  findings: %s\n", strings.Join(top, ", "))
	}
}

// missedOn lists the measured metrics of a dataset that missed a threshold, fail before warn,
// each with its value and the use cases and levels it missed: "volume.win_rate[200d] 90.55%
// (lead_scoring fail)".
func missedOn(r *Report, dataset string) []string {
	type missed struct {
		name, value string
		fail        bool
		by          []string
	}
	var ms []*missed
	index := map[string]*missed{}
	for _, u := range r.UseCases {
		for _, m := range u.Misses {
			if m.Dataset != dataset || m.Value == nil {
				continue
			}
			name := metricName(m.Metric, m.Window)
			x := index[name]
			if x == nil {
				x = &missed{name: name, value: readiness.FormatValue(*m.Value, m.Unit)}
				index[name] = x
				ms = append(ms, x)
			}
			x.fail = x.fail || m.Level == readiness.LevelFail
			x.by = append(x.by, u.UseCase+" "+string(m.Level))
		}
	}
	slices.SortStableFunc(ms, func(a, b *missed) int {
		if a.fail == b.fail {
			return 0
		}
		if a.fail {
			return -1
		}
		return 1
	})
	out := make([]string, len(ms))
	for i, x := range ms {
		out[i] = fmt.Sprintf("%s %s (%s)", x.name, x.value, strings.Join(x.by, ", "))
	}
	return out
}

// topFindingKinds names a dataset's most frequent finding kinds with their totals, leaving out
// the missing roles its use cases' reasons already name.
func topFindingKinds(d Dataset) []string {
	gs := slices.Clone(d.Findings)
	gs = slices.DeleteFunc(gs, func(g checks.FindingGroup) bool { return strings.HasSuffix(g.Kind, ".missing_role") })
	slices.SortStableFunc(gs, func(a, b checks.FindingGroup) int { return cmp.Compare(b.Total, a.Total) })
	var out []string
	for _, g := range gs[:min(topFindings, len(gs))] {
		out = append(out, fmt.Sprintf("%s %s", g.Kind, groupDigits(float64(g.Total))))
	}
	return out
}

// trend writes the verdicts then and now, how many metrics changed and, with detail, which.
func (p *printer) trend(t *Trend, detail bool) {
	p.f("\nTrend since %s:\n", t.Then)
	for _, u := range t.UseCases {
		p.f("  %-24s %s -> %s\n", u.UseCase, orDash(string(u.Then)), orDash(string(u.Now)))
	}
	changed := t.changed()
	p.f("  %d of %d metrics changed\n", len(changed), len(t.Metrics))
	if !detail {
		return
	}
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
