package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/crmready/crmready/readiness"
)

// JUnit writes the report as JUnit XML (the Apache Ant schema CI reporters read): one testsuite
// per use case, one testcase per threshold and dataset, named by the metric ID. A missed
// threshold is a failure (type "fail" or "warn", the message its value and threshold), a waived
// one is skipped, and so is one the use case could not judge for lack of data unless it was
// asked for by name. It carries no record values unless ShowValues.
type JUnit struct {
	// ShowValues includes finding values in each suite's system-out.
	ShowValues bool
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  cdata           `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string       `xml:"name,attr"`
	Classname string       `xml:"classname,attr"`
	Time      string       `xml:"time,attr"`
	Skipped   *junitResult `xml:"skipped"`
	Failure   *junitResult `xml:"failure"`
}

type junitResult struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",cdata"`
}

// cdata is text kept as written, line breaks included.
type cdata struct {
	Text string `xml:",cdata"`
}

// Write implements Writer.
func (j *JUnit) Write(w io.Writer, r *Report) error {
	doc := junitSuites{}
	for i := range r.UseCases {
		doc.Suites = append(doc.Suites, j.suite(r, &r.UseCases[i], i))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func (j *JUnit) suite(r *Report, u *UseCase, id int) junitSuite {
	s := junitSuite{Name: u.UseCase, Package: "crmready", ID: id, Timestamp: junitTime(r.AsOf), Hostname: "crmready", Time: "0",
		SystemErr: ""}
	s.Properties = []junitProperty{{"verdict", string(u.Status)}, {"as_of", r.AsOf}, {"tool", r.Tool}, {"fail_on", r.FailOn}}
	for _, row := range thresholdRows(r, u) {
		c := junitCase{Name: row.Threshold.Metric, Classname: "crmready." + u.UseCase, Time: "0"}
		if row.Dataset != "" {
			c.Classname += "." + row.Dataset
		}
		switch row.Outcome {
		case OutcomeFail, OutcomeWarn:
			c.Failure = &junitResult{Message: failureMessage(*row.Miss), Type: string(row.Miss.Level), Text: j.detail(r, row)}
			s.Failures++
		case OutcomeWaived:
			c.Skipped = &junitResult{Message: missWaiver(*row.Miss), Text: j.detail(r, row)}
			s.Skipped++
		case OutcomeNotMeasured:
			c.Skipped = &junitResult{Message: "not measured; the threshold applies only when the metric is measured"}
			s.Skipped++
		case OutcomeNoData:
			if u.Status == readiness.NoGo {
				c.Failure = &junitResult{Message: u.Reason, Type: string(readiness.LevelFail),
					Text: u.UseCase + " was asked for by name, so missing data is NO-GO"}
				s.Failures++
			} else {
				c.Skipped = &junitResult{Message: u.Reason}
				s.Skipped++
			}
		}
		s.Cases = append(s.Cases, c)
	}
	s.Cases = append(s.Cases, processCases(u, &s)...)
	s.Tests = len(s.Cases)
	s.SystemOut = cdata{xmlText(j.systemOut(r, u, &s))}
	for i := range s.Cases {
		for _, res := range []*junitResult{s.Cases[i].Failure, s.Cases[i].Skipped} {
			if res != nil {
				res.Message, res.Text = xmlText(res.Message), xmlText(res.Text)
			}
		}
	}
	return s
}

// processCases are a use case's process items as test cases: a missing or overdue item of a use
// case declared in a config file fails (type fail or warn, as it counts in the verdict); an item
// to define, or not recorded, is skipped; a written-down item passes.
func processCases(u *UseCase, s *junitSuite) []junitCase {
	var out []junitCase
	for _, it := range u.Process.Items {
		c := junitCase{Name: it.ID, Classname: "crmready." + u.UseCase + ".process", Time: "0"}
		switch {
		case it.Level != "":
			c.Failure = &junitResult{Message: it.Message, Type: string(it.Level), Text: "from " + it.Source}
			s.Failures++
		case it.Status != readiness.ProcessDefined:
			c.Skipped = &junitResult{Message: it.Message}
			s.Skipped++
		}
		out = append(out, c)
	}
	return out
}

// failureMessage is the measured value and the threshold, and an expired waiver.
func failureMessage(m readiness.Miss) string {
	s := m.Message
	if m.Window != "" && !strings.Contains(s, "["+m.Window+"]") {
		s += " over " + m.Window
	}
	if w := missWaiver(m); w != "" {
		s += "; " + w
	}
	return s
}

// detail explains a miss in words, with where its threshold came from and why it is set there.
func (j *JUnit) detail(r *Report, row checkRow) string {
	lines := []string{Plain(*row.Miss, r.dataset(row.Dataset)) + "."}
	if row.Miss.Source != "" {
		lines = append(lines, "threshold from "+row.Miss.Source)
	}
	if row.Threshold.Why != "" {
		lines = append(lines, "why: "+row.Threshold.Why)
	}
	return strings.Join(lines, "\n")
}

// systemOut summarises the use case, its trend and the findings of its datasets.
func (j *JUnit) systemOut(r *Report, u *UseCase, s *junitSuite) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (as of %s)\n", u.UseCase, u.Status, r.AsOf)
	reasons, more := reasonsOf(r, u)
	for _, reason := range reasons {
		fmt.Fprintf(&b, "- %s\n", reason)
	}
	if more > 0 {
		fmt.Fprintf(&b, "- and %d more\n", more)
	}
	if t := r.Trend; t != nil {
		for _, ut := range t.UseCases {
			if ut.UseCase == u.UseCase {
				s.Properties = append(s.Properties, junitProperty{"trend.then", t.Then}, junitProperty{"trend.verdict", string(orNone(ut.Then)) + " -> " + string(orNone(ut.Now))})
				fmt.Fprintf(&b, "trend since %s: %s -> %s\n", t.Then, orNone(ut.Then), orNone(ut.Now))
			}
		}
		for _, m := range t.changed() {
			if judges(u, m.Dataset, m.Metric) {
				fmt.Fprintf(&b, "  %s on %s: %s -> %s %s\n", m.Name(), m.Dataset, m.Value(m.Then), m.Value(m.Now), trendWords(m))
			}
		}
	}
	md := &Markdown{ShowValues: j.ShowValues}
	for _, name := range u.Datasets {
		d := r.dataset(name)
		if d == nil {
			continue
		}
		fmt.Fprintf(&b, "dataset %s: %d records\n", d.Name, d.Rows)
		for _, g := range d.Findings {
			fmt.Fprintf(&b, "  %s: %d\n", g.Kind, g.Total)
			for _, f := range g.Sample[:min(mdExamples, len(g.Sample))] {
				fmt.Fprintf(&b, "    %s\n", md.finding(f))
			}
		}
	}
	return b.String()
}

// judges reports whether a use case has a threshold on metric for dataset.
func judges(u *UseCase, dataset, metric string) bool {
	return slices.Contains(u.Datasets, dataset) &&
		slices.ContainsFunc(u.Thresholds, func(t readiness.Threshold) bool { return t.Metric == metric })
}

func orNone(s readiness.Status) readiness.Status {
	if s == "" {
		return "none"
	}
	return s
}

// xmlText replaces the characters XML cannot hold.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if badXMLRune(r) {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// junitTime writes as_of as the schema wants it: UTC, no zone.
func junitTime(asOf string) string {
	t, ok := dateOf(asOf)
	if !ok {
		return "1970-01-01T00:00:00"
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}
