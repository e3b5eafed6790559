package reports

import (
	"reflect"
	"strings"
	"testing"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// TestReasons: a use case's reasons are its measured misses in readiness's order, then one line
// per dataset for what it could not measure, naming every role it lacks a column for at once,
// with the config line that maps a column to each.
func TestReasons(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	measured := func(metric, dataset string, level readiness.Level, value, limit float64) readiness.Miss {
		return readiness.Miss{Metric: metric, Dataset: dataset, Level: level, Value: v(value), Threshold: v(limit), Unit: checks.Ratio,
			Message: metric + " missed"}
	}
	absent := func(metric, dataset string, level readiness.Level) readiness.Miss {
		return readiness.Miss{Metric: metric, Dataset: dataset, Level: level, Message: metric + " not measured: why"}
	}
	cols := func(names ...string) []Column {
		var out []Column
		for i := 0; i+1 < len(names); i += 2 {
			out = append(out, Column{ColumnStats: checks.ColumnStats{Name: names[i], Role: names[i+1]}})
		}
		return out
	}
	r := &Report{Datasets: []Dataset{
		{Name: "deals", Object: "opportunity", Columns: cols("Deal Owner", "", "Stage", "stage", "Closing Date", "", "Created", "created_at")},
		{Name: "leads", Object: "lead", Columns: cols("Email", "email", "Created", "created_at")},
	}}
	tests := []struct {
		name   string
		misses []readiness.Miss
		want   []string
	}{
		{
			name: "measured misses keep their order, one line per dataset follows",
			misses: []readiness.Miss{
				absent("completeness.label", "deals", readiness.LevelFail),
				measured("duplicates.exact.rate", "leads", readiness.LevelFail, 0.2, 0.05),
				absent("completeness.owner", "deals", readiness.LevelWarn),
				measured("completeness.email", "leads", readiness.LevelWarn, 0.9, 0.95),
				absent("volume.label_positive", "deals", readiness.LevelFail),
			},
			want: []string{
				"fail duplicates.exact.rate missed (leads)",
				"warn completeness.email missed (leads)",
				`fail deals: no column for label, owner: add {column: ..., role: label}, {column: ..., role: owner} to its columns in the config (3 thresholds not measured)`,
			},
		},
		{
			name: "a dataset with the roles a metric reads says what else it lacks",
			misses: []readiness.Miss{
				absent("volume.records", "leads", readiness.LevelWarn),
				absent("staleness.freshness_days", "leads", readiness.LevelFail),
			},
			want: []string{"fail leads: no column for last_activity_at: add {column: ..., role: last_activity_at} to its columns in the config; " +
				"also not measured: volume.records (why) (2 thresholds not measured)"},
		},
		{
			name: "datasets keep the order of their first miss; process findings come last",
			misses: []readiness.Miss{
				{Metric: "process.owner", Level: readiness.LevelFail, Message: "no owner (who answers for the model)"},
				absent("completeness.region", "leads", readiness.LevelFail),
				absent("completeness.close_date", "deals", readiness.LevelFail),
				absent("completeness.phone", "leads", readiness.LevelWarn),
			},
			want: []string{
				"fail leads: no column for region, phone: add {column: ..., role: region}, {column: ..., role: phone} to its columns in the config (2 thresholds not measured)",
				"fail deals: no column for close_date: add {column: ..., role: close_date} to its columns in the config (1 threshold not measured)",
				"fail no owner (who answers for the model)",
			},
		},
		{
			name:   "a dataset the report lacks names every role",
			misses: []readiness.Miss{absent("completeness.email", "gone", readiness.LevelWarn)},
			want:   []string{"warn gone: no column for email: add {column: ..., role: email} to its columns in the config (1 threshold not measured)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &UseCase{Verdict: readiness.Verdict{Misses: tt.misses}}
			var got []string
			for _, x := range Reasons(r, u) {
				got = append(got, string(x.Level)+" "+x.Text())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("reasons:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestConsoleSummary: the summary reads out three reasons, a hint under its miss, and how many
// there are; a dataset no use case judges takes one line; --detail reads out every reason
// and what was measured.
func TestConsoleSummary(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	miss := func(metric string, value float64) readiness.Miss {
		return readiness.Miss{Metric: metric, Dataset: "leads", Level: readiness.LevelFail, Value: v(value), Threshold: v(0.5), Unit: checks.Ratio,
			Message: metric + " missed"}
	}
	first := miss("volume.win_rate", 0.9)
	first.Window, first.Hint = "200d", "nearly every lead converted"
	r := &Report{Tool: "crmready test", Verdict: readiness.NoGo,
		UseCases: []UseCase{{Verdict: readiness.Verdict{UseCase: "lead_scoring", Status: readiness.NoGo, Datasets: []string{"leads"},
			Misses: []readiness.Miss{first, miss("staleness.stale_share", 0.8), miss("duplicates.exact.rate", 0.7), miss("staleness.future_share", 0.6)}}}},
		Datasets: []Dataset{{Name: "leads", Object: "lead", ObjectSource: "file name", Rows: 10, Metrics: []checks.Metric{{ID: "volume.rows", Value: 10, Unit: checks.Count}}},
			{Name: "vendors", Object: "other", ObjectSource: "no object-specific headers", Rows: 3}}}
	render := func(detail bool) string {
		var b strings.Builder
		if err := (&Console{Detail: detail}).Write(&b, r); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	summary, detail := render(false), render(true)
	for _, want := range []string{
		"lead_scoring: NO-GO, 3 of 4 reasons (--detail lists every one)\n  fail  volume.win_rate missed (leads)\n        probably: nearly every lead converted\n",
		"leads: lead (from file name), 10 records\n  missed: volume.win_rate[200d] 90% (lead_scoring fail), staleness.stale_share 80% (lead_scoring fail), duplicates.exact.rate 70% (lead_scoring fail) (+1 more)\n",
		"vendors: other (from no object-specific headers), 3 records; judged by no use case\n",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "metrics:") || strings.Contains(summary, "staleness.future_share missed") {
		t.Errorf("summary prints what only --detail should:\n%s", summary)
	}
	for _, want := range []string{"  fail  staleness.future_share missed (leads)\n", "  metrics:\n    volume.rows", "\nvendors: other (object from no object-specific headers), 3 records\n"} {
		if !strings.Contains(detail, want) {
			t.Errorf("--detail lacks %q:\n%s", want, detail)
		}
	}
}
