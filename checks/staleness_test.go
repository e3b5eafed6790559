package checks

import (
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestStaleness(t *testing.T) {
	// as_of 2026-11-25: 180 days before is 2026-05-29, 365 days before is 2025-11-25.
	ds, bs := dataset(t, extract.Lead, 2,
		col{"LastActivityDate", extract.RoleLastActivityAt, extract.Time, []string{"2026-11-20", "", "2027-01-01", "", "2020-01-01", "", "1/1/1900"}},
		col{"LastModifiedDate", extract.RoleUpdatedAt, extract.Time, []string{"2026-11-01", "2026-01-01", "", "", "", "", ""}},
		col{"CreatedDate", extract.RoleCreatedAt, extract.Time, []string{"2025-01-01", "2025-01-01", "2026-06-01", "2026-05-28", "2019-01-01", "", "2026-10-01"}},
	)
	r := run(t, Staleness, ds, testParams(), bs)
	// Ages from: activity (5 days), update (328 days), created (future activity skipped: 177
	// days), created (181 days), activity (2155 days), none, created (placeholder activity date).
	checksMetric(t, r, "staleness.stale_share", "180d", 3, 6)
	checksMetric(t, r, "staleness.stale_share", "365d", 1, 6)
	checksMetric(t, r, "staleness.future", "", 1, 0)
	checksMetric(t, r, "staleness.future_share", "", 1, 7)
	checksMetric(t, r, "staleness.undated", "", 1, 0)
	checksMetric(t, r, "staleness.dated_by.last_activity_at", "", 2, 0)
	checksMetric(t, r, "staleness.dated_by.updated_at", "", 1, 0)
	checksMetric(t, r, "staleness.dated_by.created_at", "", 3, 0)
	if m := metric(t, r, "staleness.freshness_days", ""); m.Value != 5 {
		t.Errorf("freshness = %v days, want 5", m.Value)
	}
	if g := group(r, "stale_record"); g.Total != 3 || g.Sample[0].Record != 2 || g.Sample[0].Column != "LastModifiedDate" {
		t.Errorf("stale findings = %+v", g)
	}
	if g := group(r, "future_date"); g.Total != 1 || g.Sample[0].Record != 3 || g.Sample[0].Value != "2027-01-01" {
		t.Errorf("future findings = %+v", g)
	}
}

func TestStalenessWithoutDates(t *testing.T) {
	ds, bs := dataset(t, extract.Lead, 0,
		col{"Last Activity", extract.RoleLastActivityAt, extract.String, []string{"Email Opened"}})
	r := run(t, Staleness, ds, testParams(), bs)
	if hasMetric(r, "staleness.stale_share") || hasMetric(r, "staleness.freshness_days") {
		t.Error("staleness measured from a text column")
	}
	if g := group(r, "missing_role"); g.Total != 1 {
		t.Errorf("missing_role = %+v", g)
	}
}

func checksMetric(t *testing.T, r Result, id, window string, count, of int64) {
	t.Helper()
	m := metric(t, r, id, window)
	if m.Count != count || m.Of != of {
		t.Errorf("%s[%s] = %d of %d, want %d of %d", id, window, m.Count, m.Of, count, of)
	}
}
