package checks

import (
	"strings"
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
	checksMetric(t, r, "volume.negative_share", "200d", 1, 2)
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
	checksMetric(t, r, "volume.negative_share", "24mo", 2, 4)
}

// TestVolumeLabelBalance: the label's two shares in the window, from the outcomes placed in it;
// outcomes outside the window, unlabelled records and open deals do not count.
func TestVolumeLabelBalance(t *testing.T) {
	tests := []struct {
		name     string
		object   extract.Object
		col      col
		dates    []string
		pos, neg int64
	}{
		{"nine in ten leads converted", extract.Lead, col{"CONVERTED", extract.RoleLabel, extract.String,
			[]string{"Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "No", "No", ""}},
			[]string{"2026-11-01", "2026-11-01", "2026-11-01", "2026-11-01", "2026-11-01", "2026-11-01", "2026-11-01", "2026-11-01", "2026-11-01", "2026-11-01", "2020-01-01", "2026-11-01"}, 9, 1},
		{"no lead converted", extract.Lead, col{"IsConverted", extract.RoleLabel, extract.Bool, []string{"false", "false", "false"}},
			[]string{"2026-11-01", "2026-10-01", "2026-09-01"}, 0, 3},
		{"lost deals never recorded", extract.Opportunity, col{"Stage", extract.RoleStage, extract.String, []string{"Closed Won", "Closed Won", "Negotiation", "Closed Won"}},
			[]string{"2026-11-01", "2026-10-01", "2026-09-01", "2027-01-01"}, 2, 0},
		{"no outcome in the window", extract.Lead, col{"IsConverted", extract.RoleLabel, extract.Bool, []string{"true", "false"}},
			[]string{"2020-01-01", "2021-01-01"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, bs := dataset(t, tt.object, 2, tt.col, col{"CreatedDate", extract.RoleCreatedAt, extract.Time, tt.dates})
			r := run(t, Volume, ds, testParams(), bs)
			checksMetric(t, r, "volume.win_rate", "200d", tt.pos, tt.pos+tt.neg)
			checksMetric(t, r, "volume.negative_share", "200d", tt.neg, tt.pos+tt.neg)
			if w, n := metric(t, r, "volume.win_rate", "200d"), metric(t, r, "volume.negative_share", "200d"); tt.pos+tt.neg > 0 && w.Value+n.Value != 1 {
				t.Errorf("shares %v + %v, want them to add up to 1", w.Value, n.Value)
			}
		})
	}
}

// TestLabelBalanceHints: a missed balance says what probably happened, in the object's words.
func TestLabelBalanceHints(t *testing.T) {
	for _, tt := range []struct {
		metric string
		object extract.Object
		want   string
	}{
		{"volume.win_rate", extract.Lead, "lost its unconverted leads"},
		{"volume.win_rate", extract.Opportunity, "closed-lost deals are probably not recorded"},
		{"volume.win_rate", extract.Account, "an archive or a cancellation report"},
		{"volume.win_rate", extract.Activity, "lost its negative side"},
		{"volume.negative_share", extract.Lead, "leaves converted leads out"},
		{"volume.negative_share", extract.Opportunity, "won deals are probably recorded elsewhere"},
		{"volume.negative_share", extract.Contact, "churned customers were probably deleted or archived"},
		{"volume.negative_share", extract.User, "lost its positive side"},
	} {
		def, err := LookupMetric(tt.metric)
		if err != nil {
			t.Fatal(err)
		}
		if h := def.Hint(tt.object); !strings.Contains(h, tt.want) {
			t.Errorf("%s on %s: hint %q, want it to say %q", tt.metric, tt.object, h, tt.want)
		}
	}
	if def, _ := LookupMetric("completeness.email"); def.Hint(extract.Lead) != "" {
		t.Error("completeness.email has a hint; only metrics that declare one should")
	}
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
