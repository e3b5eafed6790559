package reports

import (
	"testing"

	"github.com/crmready/crmready/checks"
	_ "github.com/crmready/crmready/internal/testkit" // defines -update
)

func TestMask(t *testing.T) {
	for _, tt := range []struct{ v, role, want string }{
		{"jane.doe@acme.com", "email", "j***@acme.com"},
		{"not an email", "email", "n***"},
		{"+1 415 555 0142", "phone", "***42"},
		{"7", "phone", "***"},
		{"Élodie", "first_name", "É***"},
		{"", "email", ""},
	} {
		if got := Mask(tt.v, tt.role); got != tt.want {
			t.Errorf("Mask(%q, %s) = %q, want %q", tt.v, tt.role, got, tt.want)
		}
	}
}

func TestRedactedKeepsOriginal(t *testing.T) {
	r := &Report{Datasets: []Dataset{{
		Columns: []Column{{ColumnStats: checks.ColumnStats{Name: "Email", Role: "email"}}, {ColumnStats: checks.ColumnStats{Name: "Source"}}},
		Findings: []checks.FindingGroup{{Kind: "k", Sample: []checks.Finding{
			{Column: "Email", Value: "jane@acme.com"}, {Column: "Source", Value: "Web"}}}},
	}}}
	red := Redacted(r)
	if got := red.Datasets[0].Findings[0].Sample; got[0].Value != "j***@acme.com" || got[1].Value != "Web" {
		t.Errorf("redacted = %+v", got)
	}
	if r.Datasets[0].Findings[0].Sample[0].Value != "jane@acme.com" {
		t.Error("Redacted changed the original report")
	}
}
