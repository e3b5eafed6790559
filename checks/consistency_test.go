package checks

import (
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestConsistency(t *testing.T) {
	// as_of 2026-11-25
	ds, bs := dataset(t, extract.Opportunity, 2,
		col{"StageName", extract.RoleStage, extract.String, []string{"Closed Won", "Closed Won", "Closed Won", "Prospecting", "Prospecting", "Closed Lost"}},
		col{"Amount", extract.RoleAmount, extract.Float, []string{"100", "", "50", "10", "", ""}},
		col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"2026-01-01", "2026-01-01", "2026-03-01", "2026-01-01", "2026-01-01", "2026-05-01"}},
		col{"CloseDate", extract.RoleCloseDate, extract.Time, []string{"2026-02-01", "2026-02-01", "", "2026-10-01", "2027-01-01", "2026-04-01"}},
	)
	r := run(t, Consistency, ds, testParams(), bs)
	checksMetric(t, r, "consistency.close_before_created", "", 1, 5)   // the lost deal closed before it was created
	checksMetric(t, r, "consistency.won_missing_amount", "", 1, 3)     // record 2
	checksMetric(t, r, "consistency.won_missing_close_date", "", 1, 3) // record 3
	checksMetric(t, r, "consistency.open_past_close", "", 1, 2)        // record 4: open, closing 2026-10-01
	if g := group(r, "open_past_close"); g.Total != 1 || g.Sample[0].Record != 4 {
		t.Errorf("findings = %+v", g)
	}

	leads, lbs := dataset(t, extract.Lead, 0, col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"2026-01-01"}})
	if r := run(t, Consistency, leads, testParams(), lbs); len(r.Metrics) != 0 {
		t.Errorf("rules measured on leads: %v", metricIDs(r))
	}
}
