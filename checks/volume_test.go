package checks

import (
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestVolumeLeads(t *testing.T) {
	// 200 days before 2026-11-25 is 2026-05-09.
	ds, bs := dataset(t, extract.Lead, 3,
		col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"2026-11-01", "2026-05-09", "2026-05-08", "2026-12-01", "", "2024-01-01"}},
		col{"IsConverted", extract.RoleLabel, extract.Bool, []string{"true", "false", "true", "true", "true", ""}},
		col{"LastActivityDate", extract.RoleLastActivityAt, extract.Time, []string{"2026-11-01", "2026-01-01", "", "", "", ""}},
	)
	r := run(t, Volume, ds, testParams(), bs)
	checksMetric(t, r, "volume.rows", "", 6, 0)
	checksMetric(t, r, "volume.records", "200d", 2, 0)
	checksMetric(t, r, "volume.label_positive", "200d", 1, 0)
	checksMetric(t, r, "volume.label_negative", "200d", 1, 0)
	checksMetric(t, r, "volume.win_rate", "200d", 1, 2)
	if m := metric(t, r, "volume.history_days", ""); m.Value != 1059 {
		t.Errorf("history = %v days, want 1059 (2024-01-01 to 2026-11-25)", m.Value)
	}
	if m := metric(t, r, "volume.activity_days", ""); m.Value != 328 {
		t.Errorf("activity history = %v days, want 328", m.Value)
	}
}

func TestVolumeOpportunitiesByStage(t *testing.T) {
	p := testParams()
	p.Windows = []Period{MustPeriod("24mo")}
	// 24 months before 2026-11-25 is 2024-11-25; outcomes count by close date.
	ds, bs := dataset(t, extract.Opportunity, 2,
		col{"StageName", extract.RoleStage, extract.String, []string{"Closed Won", "closed_won", "Closed Lost", "Prospecting", "Won", "Lost"}},
		col{"CloseDate", extract.RoleCloseDate, extract.Time, []string{"2025-01-01", "2024-11-25", "2026-01-01", "", "2024-11-24", ""}},
		col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"2020-01-01", "2020-01-01", "2025-06-01", "2026-01-01", "2026-01-01", "2026-02-01"}},
	)
	r := run(t, Volume, ds, p, bs)
	checksMetric(t, r, "volume.label_positive", "24mo", 2, 0)
	checksMetric(t, r, "volume.label_negative", "24mo", 2, 0) // a lost deal without a close date counts by creation
	checksMetric(t, r, "volume.records", "24mo", 4, 0)
	checksMetric(t, r, "volume.win_rate", "24mo", 2, 4)
}

func TestVolumeMissingRoles(t *testing.T) {
	ds, bs := dataset(t, extract.Opportunity, 0, col{"Name", "", extract.String, []string{"x"}})
	r := run(t, Volume, ds, testParams(), bs)
	if g := group(r, "missing_role"); g.Total != 2 {
		t.Errorf("missing_role = %+v, want created_at and stage", g)
	}
	if hasMetric(r, "volume.records") || hasMetric(r, "volume.label_positive") {
		t.Errorf("window metrics without dates or outcomes: %v", metricIDs(r))
	}
}
