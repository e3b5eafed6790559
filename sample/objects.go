package sample

import (
	"fmt"
	"strings"
	"time"
)

// leads generates the Leads extract.
func leads(o Options) *table {
	g := newGen(o, 1)
	t := &table{name: "leads", object: "lead", fields: []field{
		{name: "Id", role: "id"},
		{name: "FirstName", role: "first_name"},
		{name: "LastName", role: "last_name"},
		{name: "Email", role: "email", missing: true, placeholder: true, placeholders: "email"},
		{name: "Phone", role: "phone", missing: true, placeholder: true, placeholders: "phone"},
		{name: "Company", role: "company", missing: true, placeholder: true},
		{name: "LeadSource", role: "lead_source", missing: true, placeholder: true},
		{name: "Status", role: "status"},
		{name: "OwnerId", role: "owner", missing: true},
		{name: "Country", role: "country", missing: true, placeholder: true},
		{name: "CreatedDate", role: "created_at", kind: stamp},
		{name: "LastActivityDate", role: "last_activity_at", kind: date, missing: true},
		{name: "IsConverted", role: "label", kind: flag},
	}}
	fresh := func(n int) row {
		first, last, email := unique(g, n)
		activity, created := g.activityDates(n, t, "LastActivityDate")
		converted := g.chance(0.2)
		vs := []value{
			{s: fmt.Sprintf("lea-%07d", n)}, {s: first}, {s: last}, {s: email},
			{s: usPhone(n)},
			{s: fmt.Sprintf("%s %d%s", g.pick(companies), n, g.pick(legalForms))},
			{s: g.pick(sources)}, {s: g.pick(statuses)}, {s: g.pick(owners)}, {s: g.pick(countries)},
			{t: created}, activity, {b: converted},
		}
		g.defects(t, n, vs)
		return finish(t, vs, &converted, g.asOf, "LastActivityDate", "", "CreatedDate")
	}
	build(g, t, fresh)
	newGen(o, 11).fuzzyCopies(t)
	return t
}

// contacts generates the Contacts extract.
func contacts(o Options) *table {
	g := newGen(o, 2)
	t := &table{name: "contacts", object: "contact", fields: []field{
		{name: "Id", role: "id"},
		{name: "FirstName", role: "first_name"},
		{name: "LastName", role: "last_name"},
		{name: "Email", role: "email", missing: true, placeholder: true, placeholders: "email"},
		{name: "Phone", role: "phone", missing: true, placeholder: true, placeholders: "phone"},
		{name: "Title", role: "title", missing: true, placeholder: true},
		{name: "AccountId", role: "account_ref"},
		{name: "OwnerId", role: "owner", missing: true},
		{name: "MailingCountry", role: "country", missing: true, placeholder: true},
		{name: "CreatedDate", role: "created_at", kind: stamp},
		{name: "LastModifiedDate", role: "updated_at", kind: stamp},
		{name: "LastActivityDate", role: "last_activity_at", kind: date, missing: true},
	}}
	fresh := func(n int) row {
		first, last, email := unique(g, n)
		activity, created := g.activityDates(n, t, "LastActivityDate")
		modified := value{t: g.daysAgo(0, int(g.asOf.Sub(created).Hours()/24))}
		vs := []value{
			{s: fmt.Sprintf("con-%07d", n)}, {s: first}, {s: last}, {s: email},
			{s: ukPhone(n)}, {s: g.pick(titles)},
			{s: fmt.Sprintf("001A%07d", g.r.IntN(max(1, o.Rows/5)))}, {s: g.pick(owners)}, {s: g.pick(countries)},
			{t: created}, modified, activity,
		}
		g.defects(t, n, vs)
		return finish(t, vs, nil, g.asOf, "LastActivityDate", "LastModifiedDate", "CreatedDate")
	}
	build(g, t, fresh)
	newGen(o, 12).fuzzyCopies(t)
	return t
}

// opportunities generates the Opportunities extract.
func opportunities(o Options) *table {
	g := newGen(o, 3)
	t := &table{name: "opportunities", object: "opportunity", fields: []field{
		{name: "Id", role: "id"},
		{name: "Name", role: "name"},
		{name: "AccountId", role: "account_ref"},
		{name: "StageName", role: "stage"},
		{name: "Amount", role: "amount", kind: money, missing: true},
		{name: "CloseDate", role: "close_date", kind: date, closedOnly: true},
		{name: "CreatedDate", role: "created_at", kind: stamp},
		{name: "OwnerId", role: "owner", missing: true},
		{name: "LeadSource", role: "lead_source", missing: true, placeholder: true},
		{name: "LastActivityDate", role: "last_activity_at", kind: date, missing: true},
		{name: "Email", role: "email", missing: true, placeholder: true, placeholders: "email"},
	}}
	fresh := func(n int) row {
		_, last, email := unique(g, n)
		activity, created := g.activityDates(n, t, "LastActivityDate")
		stage := g.pick(stages)
		var close time.Time
		var won *bool
		switch stage {
		case "Closed Won", "Closed Lost":
			close = g.daysAgo(0, int(g.asOf.Sub(created).Hours()/24)).Truncate(24 * time.Hour)
			w := stage == "Closed Won"
			won = &w
		default:
			close = g.daysAhead(120).Truncate(24 * time.Hour)
		}
		vs := []value{
			{s: fmt.Sprintf("006-%07d", n)}, {s: fmt.Sprintf("%s renewal %d", last, n)},
			{s: fmt.Sprintf("001A%07d", g.r.IntN(max(1, o.Rows/5)))}, {s: stage},
			{f: float64(1000 + g.r.IntN(99000))}, {t: close}, {t: created}, {s: g.pick(owners)},
			{s: g.pick(sources)}, activity, {s: email},
		}
		g.defects(t, n, vs)
		r := finish(t, vs, nil, g.asOf, "LastActivityDate", "", "CreatedDate")
		r.label = won
		return r
	}
	build(g, t, fresh)
	return t
}

// build generates o.Rows records, then the duplicates.
func build(g *gen, t *table, fresh func(n int) row) {
	for n := 1; n <= g.o.Rows; n++ {
		t.rows = append(t.rows, fresh(n))
	}
	g.duplicates(t, fresh)
}

// activityDates draws a record's last activity (stale, fresh, or in the future, as injected)
// and a creation date before it.
func (g *gen) activityDates(n int, t *table, column string) (activity value, created time.Time) {
	switch {
	case g.chance(g.o.Rates.Future):
		at := g.daysAhead(futureMax)
		t.inject(n, column, "future", at.Format(time.DateOnly), 0)
		return value{t: at.Truncate(24 * time.Hour)}, g.daysAgo(0, createdMax)
	case g.chance(g.o.Rates.Stale):
		at := g.daysAgo(staleMin, staleMax).Truncate(24 * time.Hour)
		t.inject(n, column, "stale", at.Format(time.DateOnly), 0)
		return value{t: at}, g.daysAgo(int(g.asOf.Sub(at).Hours()/24)+1, createdMax)
	}
	at := g.daysAgo(freshMin, freshMax).Truncate(24 * time.Hour)
	return value{t: at}, g.daysAgo(int(g.asOf.Sub(at).Hours()/24)+1, createdMax)
}

// finish works out, from the generated values, the date a record's age is taken from and how
// many of its staleness dates lie after as_of.
func finish(t *table, vs []value, label *bool, asOf time.Time, chain ...string) row {
	r := row{v: vs, label: label}
	for _, name := range chain {
		if name == "" {
			continue
		}
		v := vs[t.col(name)]
		if v.null {
			continue
		}
		if v.t.After(asOf) {
			r.future++
			continue
		}
		if r.ageFrom.IsZero() {
			r.ageFrom = v.t
		}
	}
	return r
}

// usPhone is a unique North American number for record n (n < 8,000,000), in international form.
func usPhone(n int) string {
	return fmt.Sprintf("+1 415 %03d %04d", 200+(n/10000)%800, n%10000)
}

// ukPhone is a unique London number for record n (n < 1,000,000), in international form.
func ukPhone(n int) string {
	return fmt.Sprintf("+44 20 7%03d %04d", (n/10000)%1000, n%10000)
}

// phoneVariant writes an international number another way that reads as the same E.164 number
// with US as the default region: "+1 415 234 0042" -> "(415) 234-0042", "+44 20 ..." ->
// "+44 (0)20 ...".
func phoneVariant(s string) string {
	var area, exch, line string
	if _, err := fmt.Sscanf(s, "+1 %s %s %s", &area, &exch, &line); err == nil {
		return fmt.Sprintf("(%s) %s-%s", area, exch, line)
	}
	return strings.Replace(s, "+44 20", "+44 (0)20", 1)
}
