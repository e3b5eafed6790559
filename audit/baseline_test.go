package audit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
)

func TestBaselineMatch(t *testing.T) {
	f := &BaselineFile{Datasets: []checks.DatasetBaseline{
		{Name: "leads_2025", Object: extract.Lead},
		{Name: "deals", Object: extract.Opportunity},
		{Name: "deals_eu", Object: extract.Opportunity},
	}}
	tests := []struct {
		name string
		obj  extract.Object
		want string // the baseline dataset, or the start of why none
	}{
		{"leads", extract.Lead, "leads_2025"},         // the only lead dataset
		{"deals_eu", extract.Opportunity, "deals_eu"}, // by name
		{"pipeline", extract.Opportunity, "the baseline has several opportunity datasets and none named pipeline"},
		{"contacts", extract.Contact, "the baseline has no dataset named contacts nor any contact dataset (it has: leads_2025 (lead), deals (opportunity), deals_eu (opportunity))"},
	}
	for _, tt := range tests {
		b, why := f.match(tt.name, tt.obj)
		got := why
		if b != nil {
			got = b.Name
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("match(%s, %s) = %q, want %q", tt.name, tt.obj, got, tt.want)
		}
	}
}

// TestBaselineDeterministic: a baseline profile holds nothing that changes between runs or with
// the number of workers.
func TestBaselineDeterministic(t *testing.T) {
	p := plan(t, nil, "../testdata/sample/leads.csv", "../testdata/sample/opportunities.csv")
	var want string
	for _, workers := range []int{1, 3} {
		_, b, err := ProfileBaseline(p, Options{Version: "test", Workers: workers, BatchSize: 97})
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("%+v", *b)
		if want == "" {
			want = got
		} else if got != want {
			t.Errorf("%d workers gave another baseline", workers)
		}
	}
}
