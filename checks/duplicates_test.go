package checks

import (
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestDuplicates(t *testing.T) {
	type want struct{ id, email, record, clusters, extra int64 }
	tests := []struct {
		name string
		cols []col
		want want
	}{
		{"no duplicates", []col{
			{"Id", extract.RoleID, extract.String, []string{"1", "2", "3"}},
			{"Email", extract.RoleEmail, extract.String, []string{"a@x", "b@x", "c@x"}},
		}, want{}},
		{"same id", []col{
			{"Id", extract.RoleID, extract.String, []string{"1", "1", "1", "2"}},
			{"Email", extract.RoleEmail, extract.String, []string{"a@x", "b@x", "c@x", "d@x"}},
		}, want{id: 2, clusters: 1, extra: 2}},
		{"same raw email, case matters in the exact tier", []col{
			{"Id", extract.RoleID, extract.String, []string{"1", "2", "3"}},
			{"Email", extract.RoleEmail, extract.String, []string{"a@x", "a@x", "A@x"}},
			{"Name", "", extract.String, []string{"A", "B", "C"}},
		}, want{email: 1, clusters: 1, extra: 1}},
		{"blank and placeholder emails are never keys", []col{
			{"Id", extract.RoleID, extract.String, []string{"1", "2", "3", "4", "5"}},
			{"Email", extract.RoleEmail, extract.String, []string{"", "", "noemail@x.com", "noemail@x.com", "N/A"}},
			{"Name", "", extract.String, []string{"A", "B", "C", "D", "E"}},
		}, want{}},
		{"whole-record copies ignore identifiers", []col{
			{"Id", extract.RoleID, extract.String, []string{"1", "2", "3"}},
			{"Number", extract.RoleID, extract.Int, []string{"10", "11", "12"}},
			{"Name", "", extract.String, []string{"A", "A", "B"}},
			{"Created", extract.RoleCreatedAt, extract.Time, []string{"2026-01-01", "2026-01-01", "2026-01-01"}},
		}, want{record: 1, clusters: 1, extra: 1}},
		{"clusters are transitive across keys", []col{
			{"Id", extract.RoleID, extract.String, []string{"1", "1", "2", "3"}},
			{"Email", extract.RoleEmail, extract.String, []string{"a@x", "b@x", "b@x", "z@x"}},
			{"Name", "", extract.String, []string{"A", "B", "C", "D"}},
		}, want{id: 1, email: 1, clusters: 1, extra: 2}},
		{"two clusters", []col{
			{"Id", extract.RoleID, extract.String, []string{"1", "1", "2", "2", "2"}},
			{"Name", "", extract.String, []string{"A", "B", "C", "D", "E"}},
		}, want{id: 3, clusters: 2, extra: 3}},
		{"values read from text compare as text: 1 and 1.0 differ", []col{
			{"Id", extract.RoleID, extract.String, []string{"1", "2"}},
			{"Score", "", extract.Float, []string{"1", "1.0"}},
		}, want{record: 0}},
	}
	for _, tt := range tests {
		for _, chunk := range []int{0, 1, 2} {
			ds, bs := dataset(t, extract.Contact, chunk, tt.cols...)
			r := run(t, Duplicates, ds, testParams(), bs)
			got := want{clusters: metric(t, r, "duplicates.exact.clusters", "").Count,
				record: metric(t, r, "duplicates.exact.record", "").Count}
			if hasMetric(r, "duplicates.exact.id") {
				got.id = metric(t, r, "duplicates.exact.id", "").Count
			}
			if hasMetric(r, "duplicates.exact.email") {
				got.email = metric(t, r, "duplicates.exact.email", "").Count
			}
			rate := metric(t, r, "duplicates.exact.rate", "")
			got.extra = rate.Count
			if got != tt.want {
				t.Errorf("%s (batches of %d): got %+v, want %+v", tt.name, chunk, got, tt.want)
			}
			if n := int64(len(tt.cols[0].values)); rate.Of != n || !near(rate.Value, float64(tt.want.extra)/float64(n)) {
				t.Errorf("%s: rate = %v (%d of %d)", tt.name, rate.Value, rate.Count, rate.Of)
			}
		}
	}
}

func TestDuplicateFindingsNameTheFirstRecord(t *testing.T) {
	ds, bs := dataset(t, extract.Contact, 2,
		col{"Id", extract.RoleID, extract.String, []string{"1", "2", "3", "4"}},
		col{"Email", extract.RoleEmail, extract.String, []string{"a@x", "b@x", "a@x", "a@x"}},
		col{"Name", "", extract.String, []string{"A", "B", "C", "D"}})
	r := run(t, Duplicates, ds, testParams(), bs)
	g := group(r, "duplicate_email")
	if g.Total != 2 || len(g.Sample) != 2 {
		t.Fatalf("duplicate_email = %+v", g)
	}
	for i, rec := range []int64{3, 4} {
		f := g.Sample[i]
		if f.Record != rec || f.Line != rec+1 || f.Value != "a@x" || f.Message != "same Email as record 1" {
			t.Errorf("finding %d = %+v", i, f)
		}
	}
}

func TestDuplicatesMissingRoles(t *testing.T) {
	ds, bs := dataset(t, extract.Other, 0, col{"Name", "", extract.String, []string{"A", "A"}})
	r := run(t, Duplicates, ds, testParams(), bs)
	if g := group(r, "missing_role"); g.Total != 2 {
		t.Errorf("missing_role findings = %+v, want id and email", g)
	}
	if hasMetric(r, "duplicates.exact.id") || hasMetric(r, "duplicates.exact.email") {
		t.Error("id or email metrics measured without the role")
	}
	if m := metric(t, r, "duplicates.exact.record", ""); m.Count != 1 {
		t.Errorf("record duplicates = %d, want 1", m.Count)
	}
}

func TestNormalizedDuplicates(t *testing.T) {
	tests := []struct {
		name   string
		obj    extract.Object
		cols   []col
		metric string
		count  int64
		rate   int64 // normalized.rate count (extra records)
	}{
		{"email trimmed and lower-cased", extract.Contact, []col{
			{"Email", extract.RoleEmail, extract.String, []string{"Jane@Acme.com ", "jane@acme.com", "jane@acme.com", "bob@acme.com"}},
		}, "duplicates.normalized.email", 2, 2},
		{"phone in E.164", extract.Contact, []col{
			{"Phone", extract.RolePhone, extract.String, []string{"(415) 555-0142", "+1 415 555 0142", "415.555.0142", "000-000-0000", "000-000-0000"}},
			{"Name", "", extract.String, []string{"A", "B", "C", "D", "E"}},
		}, "duplicates.normalized.phone", 2, 2},
		{"account company without legal form", extract.Account, []col{
			{"Name", extract.RoleCompany, extract.String, []string{"Acme, Inc.", "ACME Inc", "The Acme Corporation", "Globex"}},
		}, "duplicates.normalized.company", 2, 2},
		{"company is not a key for people", extract.Contact, []col{
			{"Company", extract.RoleCompany, extract.String, []string{"Acme, Inc.", "ACME Inc"}},
			{"LastName", extract.RoleLastName, extract.String, []string{"Doe", "Roe"}},
		}, "duplicates.normalized.name", 0, 0},
		{"account domain from website or work email", extract.Account, []col{
			{"Website", extract.RoleWebsite, extract.String, []string{"https://www.acme.com/", "acme.com", "", "", "globex.com"}},
			{"Email", extract.RoleEmail, extract.String, []string{"", "", "info@acme.com", "x@gmail.com", ""}},
		}, "duplicates.normalized.domain", 2, 2},
		{"same person at the same company", extract.Lead, []col{
			{"FirstName", extract.RoleFirstName, extract.String, []string{"Jane", "jane", "Jane", "Zoë"}},
			{"LastName", extract.RoleLastName, extract.String, []string{"Doe", "DOE", "Doe", "Doe"}},
			{"Company", extract.RoleCompany, extract.String, []string{"Acme Inc", "ACME", "Globex", "Acme"}},
		}, "duplicates.normalized.name", 1, 1},
	}
	for _, tt := range tests {
		ds, bs := dataset(t, tt.obj, 2, tt.cols...)
		r := run(t, Duplicates, ds, testParams(), bs)
		if !hasMetric(r, tt.metric) && tt.count == 0 {
			continue
		}
		if got := metric(t, r, tt.metric, "").Count; got != tt.count {
			t.Errorf("%s: %s = %d, want %d", tt.name, tt.metric, got, tt.count)
		}
		if got := metric(t, r, "duplicates.normalized.rate", "").Count; got != tt.rate {
			t.Errorf("%s: normalized extra records = %d, want %d", tt.name, got, tt.rate)
		}
	}
}

func TestNormalizedTierIsCumulative(t *testing.T) {
	ds, bs := dataset(t, extract.Contact, 0,
		col{"Id", extract.RoleID, extract.String, []string{"1", "1", "2", "3"}},
		col{"Email", extract.RoleEmail, extract.String, []string{"a@x", "b@x", "B@x", "c@x"}})
	r := run(t, Duplicates, ds, testParams(), bs)
	if e, n := metric(t, r, "duplicates.exact.rate", "").Count, metric(t, r, "duplicates.normalized.rate", "").Count; e != 1 || n != 2 {
		t.Errorf("exact extra %d, normalized extra %d; want 1 and 2 (normalized includes exact)", e, n)
	}
	if c := metric(t, r, "duplicates.normalized.clusters", "").Count; c != 1 {
		t.Errorf("normalized clusters = %d, want 1 (1-2 by id, 2-3 by email)", c)
	}
	// an exact email repeat is reported once, in the exact tier
	ds, bs = dataset(t, extract.Contact, 0, col{"Email", extract.RoleEmail, extract.String, []string{"a@x", "a@x"}})
	r = run(t, Duplicates, ds, testParams(), bs)
	if g := group(r, "normalized_email"); g.Total != 0 || metric(t, r, "duplicates.normalized.email", "").Count != 1 {
		t.Errorf("normalized_email findings %d (want 0), metric %d (want 1)", g.Total, metric(t, r, "duplicates.normalized.email", "").Count)
	}
}

func TestNameAtCompany(t *testing.T) {
	vals := func(xs ...string) []string { return xs }
	ds, bs := dataset(t, extract.Lead, 0,
		col{"FirstName", extract.RoleFirstName, extract.String, vals("Ann", "", "-", "Zoë", "Ann", "O'Neil", "Bo")},
		col{"LastName", extract.RoleLastName, extract.String, vals("Lee", "Lee", "Doe", "Müller", "-", "Smith", "")},
		col{"Company", extract.RoleCompany, extract.String, vals("Acme, Inc.", "The Acme Corp", "...", "Société S.A.", "Acme", "3M Co", "Acme")})
	a, _ := newDuplicates(ds, testParams())
	d := a.(*duplicates)
	for i, want := range []string{"ann lee at acme", "lee at acme", "", "zoe muller at societe", "", "oneil smith at 3m", ""} { // "-" is a placeholder: no last name
		if got := d.nameAtCompany(bs[0], i); got != want {
			t.Errorf("row %d: %q, want %q", i, got, want)
		}
	}
}
