package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// Plain states a missed threshold in words a stakeholder reads without the docs: "8.56% of leads
// have no email; the threshold is 5%". d is the dataset the miss is about (nil when unknown).
func Plain(m readiness.Miss, d *Dataset) string {
	if _, ok := readiness.LookupProcess(m.Metric); ok {
		return m.Message // a process finding is already in words: "no owner (who answers for the model)"
	}
	noun := nounOf(d, m.Dataset)
	if m.Value == nil {
		return fmt.Sprintf("%s not measured in %s: %s", strings.TrimSuffix(metricWords(m.Metric), "."), orDash(m.Dataset), absentWhy(m))
	}
	v := *m.Value
	var t float64
	if m.Threshold != nil {
		t = *m.Threshold
	}
	stated, limit := plainValue(m.Metric, m.Window, v, t, m.Unit, noun)
	s := stated + "; the "
	if m.Level == readiness.LevelWarn {
		s += "warning "
	}
	return s + "threshold is " + limit
}

// absentWhy is what the dataset lacks, from the miss's message ("x not measured: no email column").
func absentWhy(m readiness.Miss) string {
	if _, why, ok := strings.Cut(m.Message, " not measured: "); ok {
		return why
	}
	return m.Message
}

// plainValue returns the sentence stating the value and the threshold in the same terms, from
// the metric's Plain template (checks.MetricDef).
func plainValue(id, window string, v, t float64, u checks.Unit, noun string) (string, string) {
	d, err := checks.LookupMetric(id)
	if err != nil || d.Plain == "" { // a saved report from a version with other metrics
		f := func(x float64) string { return readiness.FormatValue(x, u) }
		return fmt.Sprintf("%s of %s is %s", id, noun, f(v)), f(t)
	}
	if strings.Contains(d.Plain, "{1-value}") {
		v, t = 1-v, 1-t
	}
	value, limit := readiness.FormatValue(v, u), readiness.FormatValue(t, u)
	switch u {
	case checks.Count:
		value, limit = groupDigits(v), groupDigits(t)
	case checks.Days:
		value, limit = groupDigits(v), groupDigits(t)+" days"
	}
	yes, no := outcomeWords(noun)
	var role, name string
	if prefix, ok := strings.CutSuffix(d.ID, "<role>"); ok {
		role = roleWords(strings.TrimPrefix(id, prefix))
	}
	if prefix, ok := strings.CutSuffix(d.ID, "<name>"); ok {
		name = strings.TrimPrefix(id, prefix)
	}
	return strings.NewReplacer("{value}", value, "{1-value}", value, "{records}", noun, "{role}", role, "{name}", name,
		"{window}", periodWords(window), "{positive}", yes, "{negative}", no, "{outcome_date}", outcomeDate(noun)).Replace(d.Plain), limit
}

// periodWords says a period in words: "200d" -> "200 days", "24mo" -> "24 months".
func periodWords(p string) string {
	i := strings.IndexFunc(p, func(r rune) bool { return r < '0' || r > '9' })
	if i <= 0 {
		return orDash(p)
	}
	n, unit := p[:i], map[string]string{"d": "day", "w": "week", "mo": "month", "m": "month", "y": "year"}[p[i:]]
	if unit == "" {
		return p
	}
	if n != "1" {
		unit += "s"
	}
	return n + " " + unit
}

// outcomeWords say what a positive and a negative label mean for the records a noun names.
func outcomeWords(noun string) (string, string) {
	switch {
	case strings.HasPrefix(noun, "leads"):
		return "converted", "did not convert"
	case strings.HasPrefix(noun, "opportunities"):
		return "were won", "were lost"
	case strings.HasPrefix(noun, "contacts"), strings.HasPrefix(noun, "accounts"):
		return "churned", "were retained"
	}
	return "have a positive outcome", "have a negative outcome"
}

// outcomeDate is the date an outcome is placed in the window by: an opportunity's close.
func outcomeDate(noun string) string {
	if strings.HasPrefix(noun, "opportunities") {
		return "closed"
	}
	return "created"
}

// metricWords names what a metric measures, for a sentence.
func metricWords(id string) string {
	family, rest, _ := strings.Cut(id, ".")
	switch family {
	case "completeness":
		return roleWords(rest) + " completeness"
	case "validity":
		return roleWords(rest) + " validity"
	}
	return id
}

// roleWords says a role in words: "created_at" -> "creation date".
func roleWords(role string) string {
	if w, ok := map[string]string{
		"created_at": "creation date", "updated_at": "last-update date", "last_activity_at": "last-activity date",
		"converted_at": "conversion date", "label": "outcome (label)", "id": "identifier", "record": "values",
		"account_ref": "account", "product_ref": "product", "owner_ref": "owner", "typed": "typed",
	}[role]; ok {
		return w
	}
	return strings.ReplaceAll(role, "_", " ")
}

// nounOf names a dataset's records for a sentence: "leads", or "leads in Q3 export" when the
// dataset's name says more than its object type.
func nounOf(d *Dataset, name string) string {
	if d == nil {
		return orDash(name)
	}
	plural := map[string]string{"lead": "leads", "contact": "contacts", "account": "accounts", "opportunity": "opportunities",
		"activity": "activities", "user": "users", "product": "products", "campaign": "campaigns", "campaign_member": "campaign members",
		"case": "cases", "quote": "quotes", "order": "orders", "invoice": "invoices", "line_item": "line items"}[d.Object]
	if plural == "" {
		return "the records of " + d.Name
	}
	if strings.EqualFold(d.Name, plural) {
		return plural
	}
	return plural + " in " + d.Name
}

// groupDigits writes a count with thousands separators: 12345 -> "12,345".
func groupDigits(x float64) string {
	if x != math.Trunc(x) || math.Abs(x) >= 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	s := strconv.FormatInt(int64(math.Abs(x)), 10)
	var b strings.Builder
	if x < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// counted is n with its noun: "1 dataset", "3 datasets"; plural, when given, is the noun's
// plural where an s will not do.
func counted(n int, noun string, plural ...string) string {
	if n == 1 {
		return "1 " + noun
	}
	if len(plural) > 0 {
		return fmt.Sprintf("%d %s", n, plural[0])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
