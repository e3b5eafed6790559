package checks

import (
	"slices"
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestValidityFields(t *testing.T) {
	ds, bs := dataset(t, extract.Contact, 2,
		col{"Email", extract.RoleEmail, extract.String, []string{"a@x.com", "bad@", "N/A", "", "b@y.org"}},
		col{"Phone", extract.RolePhone, extract.String, []string{"(415) 555-0142", "call me", "+44 20 7946 0000", "", "12"}},
		col{"Country", extract.RoleCountry, extract.String, []string{"USA", "Germany", "Asia/Pacific Region", "unknown", "fr"}},
		col{"Website", extract.RoleWebsite, extract.String, []string{"acme.com", "acme", "", "http://", "https://www.b.io/x"}}, // http:// is a placeholder
		col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"2026-01-01", "1985-05-05", "2027-01-01", "someday", "N/A"}},
		col{"CloseDate", extract.RoleCloseDate, extract.Time, []string{"2028-01-01", "2035-01-01", "", "", ""}},
		col{"Score", "", extract.Int, []string{"1", "2", "x", "N/A", ""}},
	)
	r := run(t, Validity, ds, testParams(), bs)
	checksMetric(t, r, "validity.email", "", 2, 3) // N/A is a placeholder: missing, not invalid
	checksMetric(t, r, "validity.phone", "", 2, 4)
	checksMetric(t, r, "validity.country", "", 3, 4) // unknown is a placeholder
	checksMetric(t, r, "validity.website", "", 2, 3)
	checksMetric(t, r, "validity.dates", "", 2, 5) // 1985 and 2027 created dates are implausible, a 2035 close date too
	m := metric(t, r, "validity.typed", "")
	if m.Of-m.Count != 2 { // "someday" in CreatedDate and "x" in Score
		t.Errorf("unparsed = %d, want 2 (%d of %d)", m.Of-m.Count, m.Count, m.Of)
	}
	if g := group(r, "unparsed_value"); g.Total != 2 || g.Sample[0].Value != "x" && g.Sample[0].Value != "someday" {
		t.Errorf("unparsed findings = %+v", g)
	}
	if g := group(r, "implausible_date"); g.Total != 3 {
		t.Errorf("implausible dates = %+v", g)
	}
}

func TestPicklistVariants(t *testing.T) {
	tests := []struct {
		name     string
		col      col
		allowed  []string
		variants int64
		kinds    []string
		values   []string
	}{
		{"case variants", col{"Lead Source", extract.RoleLeadSource, extract.String, rep(map[string]int{"Google": 30, "google": 3, "Web": 20})},
			nil, 3, []string{"picklist_variant"}, []string{"google"}},
		{"spacing variants", col{"product", extract.RoleProductRef, extract.String, rep(map[string]int{"GTX Pro": 10, "GTXPro": 4, "MG Special": 10})},
			nil, 4, []string{"picklist_variant"}, []string{"GTXPro"}},
		{"misspelling of a standard industry", col{"sector", extract.RoleIndustry, extract.String, rep(map[string]int{"technolgy": 12, "medical": 12, "retail": 5})},
			nil, 12, []string{"picklist_misspelling"}, []string{"technolgy"}},
		{"misspelling of a frequent value", col{"Type", "", extract.String, rep(map[string]int{"Customer": 60, "Custmer": 2, "Partner": 30})},
			nil, 2, []string{"picklist_misspelling"}, []string{"Custmer"}},
		{"outside the allowed values", col{"Tier", "", extract.String, rep(map[string]int{"Gold": 10, "gold": 1, "Silver": 10, "Platinum": 5})},
			[]string{"Gold", "Silver", "Bronze"}, 6, []string{"picklist_not_allowed", "picklist_variant"}, []string{"Platinum", "gold"}},
		{"free text is not a picklist", col{"Notes", "", extract.String, []string{"a", "A", "b", "c"}},
			nil, 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, bs := dataset(t, extract.Lead, 7, tt.col)
			p := testParams()
			p.Allowed = map[string][]string{tt.col.name: tt.allowed}
			r := run(t, Validity, ds, p, bs)
			checksMetric(t, r, "validity.picklist_variants", "", tt.variants, 0)
			var kinds, values []string
			for _, g := range r.Findings {
				if g.Kind[:8] == "picklist" {
					kinds = append(kinds, g.Kind)
					for _, f := range g.Sample {
						values = append(values, f.Value)
					}
				}
			}
			slices.Sort(values)
			if !slices.Equal(kinds, tt.kinds) || !slices.Equal(values, tt.values) {
				t.Errorf("findings %v %v, want %v %v", kinds, values, tt.kinds, tt.values)
			}
		})
	}
}

// rep spreads values over rows, each repeated as often as its count, in a fixed order.
func rep(counts map[string]int) []string {
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		for range counts[k] {
			out = append(out, k)
		}
	}
	return out
}

func TestPicklistIgnoresPlaceholders(t *testing.T) {
	ds, bs := dataset(t, extract.Lead, 0, col{"Source", extract.RoleLeadSource, extract.String, rep(map[string]int{"Web": 20, "N/A": 3, "n/a": 2, "Select": 4})})
	r := run(t, Validity, ds, testParams(), bs)
	checksMetric(t, r, "validity.picklist_variants", "", 0, 0)
}
