package checks

import (
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestCompleteness(t *testing.T) {
	tests := []struct {
		name   string
		col    col
		empty  int64
		ph     int64
		top    string // most frequent placeholder
		metric float64
	}{
		{"all present", col{"Email", extract.RoleEmail, extract.String, []string{"a@x.com", "b@x.com"}}, 0, 0, "", 1},
		{"null and whitespace", col{"Email", extract.RoleEmail, extract.String, []string{"a@x.com", "", "  ", "\u00a0"}}, 3, 0, "", 0.25},
		{"placeholders any case", col{"Lead Source", extract.RoleLeadSource, extract.String, []string{"Web", "Select", "select", " N/A ", "Select", "Web"}}, 0, 4, "Select", 2.0 / 6},
		{"noemail pattern", col{"Email", extract.RoleEmail, extract.String, []string{"noemail@acme.com", "NoEmail@x", "real@x.com"}}, 0, 2, "NoEmail@x", 1.0 / 3},
		{"placeholder date in a date column", col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"1/1/1900", "2026-01-05", ""}}, 1, 1, "1/1/1900", 1.0 / 3},
		{"numbers have no placeholders", col{"Amount", extract.RoleAmount, extract.Float, []string{"0", "1.5", ""}}, 1, 0, "", 2.0 / 3},
		{"unparsed text is present, not missing", col{"CloseDate", extract.RoleCloseDate, extract.Time, []string{"someday", "2026-01-05"}}, 0, 0, "", 1},
		{"placeholder text in a date column", col{"CloseDate", extract.RoleCloseDate, extract.Time, []string{"TBD", "2026-01-05"}}, 0, 1, "TBD", 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, bs := dataset(t, extract.Lead, 0, tt.col)
			r := run(t, Completeness, ds, testParams(), bs)
			st := r.Columns[0]
			if st.Empty != tt.empty || st.Placeholder != tt.ph || st.Missing != tt.empty+tt.ph {
				t.Errorf("empty, placeholder, missing = %d, %d, %d; want %d, %d, %d", st.Empty, st.Placeholder, st.Missing, tt.empty, tt.ph, tt.empty+tt.ph)
			}
			if tt.top != "" && (len(st.Placeholders) == 0 || st.Placeholders[0].Value != tt.top) {
				t.Errorf("top placeholder = %v, want %q first", st.Placeholders, tt.top)
			}
			m := metric(t, r, "completeness."+string(tt.col.role), "")
			if !near(m.Value, tt.metric) || m.Column != tt.col.name {
				t.Errorf("metric = %v on %q, want %v on %q", m.Value, m.Column, tt.metric, tt.col.name)
			}
		})
	}
}

func TestCompletenessRoleAbsentAndOverall(t *testing.T) {
	ds, bs := dataset(t, extract.Lead, 0,
		col{"Id", extract.RoleID, extract.String, []string{"1", "2"}},
		col{"Notes", "", extract.String, []string{"", "hello"}})
	r := run(t, Completeness, ds, testParams(), bs)
	if hasMetric(r, "completeness.email") {
		t.Error("completeness.email measured without an email column")
	}
	if hasMetric(r, "completeness.") {
		t.Error("a column without a role gave a role metric")
	}
	if m := metric(t, r, "completeness.overall", ""); m.Count != 3 || m.Of != 4 {
		t.Errorf("overall = %d of %d, want 3 of 4", m.Count, m.Of)
	}
	if g := group(r, "missing_value"); g.Total != 0 {
		t.Errorf("missing values in columns without a role were findings: %v", g.Sample)
	}
}

func TestCompletenessCustomPlaceholders(t *testing.T) {
	ds, bs := dataset(t, extract.Lead, 0, col{"Source", extract.RoleLeadSource, extract.String, []string{"Select", "zzz", "Web"}})
	p := testParams()
	p.Placeholders = NewPlaceholders([]string{"zzz"})
	r := run(t, Completeness, ds, p, bs)
	if st := r.Columns[0]; st.Placeholder != 1 || st.Placeholders[0].Value != "zzz" {
		t.Errorf("placeholders = %d %v, want only zzz (the built-in list replaced)", st.Placeholder, st.Placeholders)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestPlaceholdersPerRoleAndColumn(t *testing.T) {
	ds, bs := dataset(t, extract.Lead, 0,
		col{"Email", extract.RoleEmail, extract.String, []string{"jane@example.com", "jane@acme.com", "N/A"}},
		col{"Phone", extract.RolePhone, extract.String, []string{"1234567890", "4155550142", "none"}},
		col{"Source", extract.RoleLeadSource, extract.String, []string{"1234567890", "jane@example.com", "Web"}},
		col{"Tier", "", extract.String, []string{"N/A", "zz", "Gold"}})
	p := testParams()
	p.ColumnPlaceholders = map[string]ColumnPlaceholders{"Tier": {Entries: []string{"zz"}, Replace: true}}
	r := run(t, Completeness, ds, p, bs)
	for j, want := range []int64{2, 2, 0, 1} { // role entries apply to their role only; Tier's list replaces the rest
		if got := r.Columns[j].Placeholder; got != want {
			t.Errorf("%s: %d placeholders, want %d (%v)", r.Columns[j].Name, got, want, r.Columns[j].Placeholders)
		}
	}
	p.NoRolePlaceholders = true
	r = run(t, Completeness, ds, p, bs)
	if got := r.Columns[0].Placeholder; got != 1 {
		t.Errorf("without the role lists, Email has %d placeholders, want 1 (N/A)", got)
	}
}
