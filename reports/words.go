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

// plainValue returns the sentence stating the value and the threshold in the same terms.
func plainValue(id, window string, v, t float64, u checks.Unit, noun string) (string, string) {
	pct := func(x float64) string { return readiness.FormatValue(x, checks.Ratio) }
	num := func(x float64) string { return groupDigits(x) }
	over := "the last " + periodWords(window)
	yes, no := outcomeWords(noun)
	family, rest, _ := strings.Cut(id, ".")
	switch {
	case family == "completeness" && rest == "overall":
		return fmt.Sprintf("%s of the cells of %s are empty or placeholders", pct(1-v), noun), pct(1 - t)
	case family == "completeness":
		return fmt.Sprintf("%s of %s have no %s", pct(1-v), noun, roleWords(rest)), pct(1 - t)
	case id == "duplicates.exact.rate":
		return fmt.Sprintf("%s of %s are exact copies of another record", pct(v), noun), pct(t)
	case id == "duplicates.normalized.rate":
		return fmt.Sprintf("%s of %s are duplicates of another record (same email, phone or name once normalized)", pct(v), noun), pct(t)
	case strings.HasSuffix(id, ".clusters"):
		return fmt.Sprintf("%s groups of duplicate %s", num(v), noun), num(t)
	case id == "duplicates.lead_is_contact":
		return fmt.Sprintf("%s unconverted %s are already contacts", num(v), noun), num(t)
	case family == "duplicates":
		key := rest[strings.LastIndexByte(rest, '.')+1:]
		return fmt.Sprintf("%s %s repeat another record's %s", num(v), noun, roleWords(key)), num(t)
	case id == "staleness.stale_share":
		return fmt.Sprintf("%s of %s have not been touched for more than %s", pct(v), noun, periodWords(window)), pct(t)
	case id == "staleness.freshness_days":
		return fmt.Sprintf("the newest of the %s is %s days old", noun, num(v)), num(t) + " days"
	case id == "staleness.future_share":
		return fmt.Sprintf("%s of %s have a date after the as-of date", pct(v), noun), pct(t)
	case id == "staleness.future":
		return fmt.Sprintf("%s dates in %s are after the as-of date", num(v), noun), num(t)
	case id == "staleness.undated":
		return fmt.Sprintf("%s %s have no usable date", num(v), noun), num(t)
	case id == "validity.typed":
		return fmt.Sprintf("%s of the values in %s cannot be read as their column's type", pct(1-v), noun), pct(1 - t)
	case id == "validity.dates":
		return fmt.Sprintf("%s of the dates in %s are implausible (before 1990 or after the as-of date)", pct(1-v), noun), pct(1 - t)
	case id == "validity.picklist_variants":
		return fmt.Sprintf("%s %s hold a misspelled or unexpected picklist value", num(v), noun), num(t)
	case strings.HasPrefix(id, "validity.references."):
		return fmt.Sprintf("%s of the %s references in %s point to no record", pct(1-v), roleWords(strings.TrimPrefix(id, "validity.references.")), noun), pct(1 - t)
	case family == "validity":
		return fmt.Sprintf("%s of the %s values in %s are not valid", pct(1-v), roleWords(rest), noun), pct(1 - t)
	case id == "volume.records":
		return fmt.Sprintf("%s %s were created in %s", num(v), noun, over), num(t)
	case id == "volume.label_positive":
		return fmt.Sprintf("%s %s created in %s %s", num(v), noun, over, yes), num(t)
	case id == "volume.label_negative":
		return fmt.Sprintf("%s %s created in %s %s", num(v), noun, over, no), num(t)
	case id == "volume.win_rate":
		return fmt.Sprintf("the win rate of %s over %s is %s", noun, over, pct(v)), pct(t)
	case id == "volume.history_days":
		return fmt.Sprintf("%s go back %s days", noun, num(v)), num(t) + " days"
	case id == "volume.activity_days":
		return fmt.Sprintf("the activity history of %s goes back %s days", noun, num(v)), num(t) + " days"
	case id == "volume.rows":
		return fmt.Sprintf("there are %s %s", num(v), noun), num(t)
	case id == "consistency.close_before_created":
		return fmt.Sprintf("%s of %s close before they were created", pct(v), noun), pct(t)
	case id == "consistency.won_missing_amount":
		return fmt.Sprintf("%s of the won %s have no amount", pct(v), noun), pct(t)
	case id == "consistency.won_missing_close_date":
		return fmt.Sprintf("%s of the won %s have no close date", pct(v), noun), pct(t)
	case id == "consistency.open_past_close":
		return fmt.Sprintf("%s of the open %s have a close date in the past", pct(v), noun), pct(t)
	}
	f := func(x float64) string { return readiness.FormatValue(x, u) }
	return fmt.Sprintf("%s of %s is %s", id, noun, f(v)), f(t)
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
