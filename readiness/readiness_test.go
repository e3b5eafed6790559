package readiness_test

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/readiness"
)

func f(v float64) *float64 { return &v }

// m is a measured metric; id may carry a window as "id[window]".
func m(id string, v float64) checks.Metric {
	window := ""
	if i := strings.Index(id, "["); i > 0 {
		id, window = id[:i], strings.TrimSuffix(id[i+1:], "]")
	}
	def, err := checks.LookupMetric(id)
	if err != nil {
		panic(err)
	}
	return checks.Metric{ID: id, Value: v, Unit: def.Unit, HigherIsBetter: def.HigherIsBetter, Window: window}
}

// th is a threshold with both levels from "preset test".
func th(metric string, warn, fail float64, absent readiness.Level) readiness.Threshold {
	return readiness.Threshold{Metric: metric, Warn: f(warn), Fail: f(fail), WhenAbsent: absent, WarnSource: "preset test", FailSource: "preset test"}
}

var asOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// useCase needs leads; its thresholds cover both directions, a count and two windowed metrics.
func useCase(ths ...readiness.Threshold) readiness.UseCase {
	if ths == nil {
		ths = []readiness.Threshold{
			th("completeness.email", 0.95, 0.8, readiness.LevelFail),
			th("duplicates.exact.rate", 0.02, 0.05, readiness.LevelFail),
			th("volume.records", 1250, 1000, readiness.LevelFail),
			th("staleness.stale_share", 0.3, 0.5, readiness.LevelFail),
		}
	}
	return readiness.UseCase{Name: "test", Objects: []extract.Object{extract.Lead}, MaxAge: checks.MustPeriod("180d"),
		Window: checks.MustPeriod("200d"), Thresholds: ths, Source: "preset"}
}

// good are metrics that meet every threshold of useCase().
func good(over ...checks.Metric) []checks.Metric {
	ms := []checks.Metric{m("completeness.email", 0.99), m("duplicates.exact.rate", 0.01), m("volume.records[200d]", 5000), m("staleness.stale_share[180d]", 0.1)}
	for _, o := range over {
		for i := range ms {
			if ms[i].ID == o.ID && ms[i].Window == o.Window {
				ms[i] = o
			}
		}
	}
	return ms
}

func leads(name string, ms ...checks.Metric) readiness.Dataset {
	return readiness.Dataset{Name: name, Object: extract.Lead, Metrics: ms}
}

// miss describes a miss the way a person reads it, with its dataset, source and waiver state.
func miss(x readiness.Miss) string {
	s := fmt.Sprintf("%s @%s (%s)", x.Message, x.Dataset, x.Source)
	switch {
	case x.Expired:
		s += " [waiver expired " + x.Waiver.Expires.Format(time.DateOnly) + "]"
	case x.Waiver != nil:
		s += " [waived by " + x.Waiver.ApprovedBy + "]"
	}
	return s
}

func misses(ms []readiness.Miss) []string {
	out := []string{}
	for _, x := range ms {
		out = append(out, miss(x))
	}
	return out
}

func TestEvaluate(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			panic(err)
		}
		return d.Add(24*time.Hour - time.Millisecond)
	}
	waiver := func(metric, dataset, by, expires string) readiness.Waiver {
		return readiness.Waiver{UseCase: "test", Metric: metric, Dataset: dataset, ApprovedBy: by, Reason: "r", Expires: day(expires)}
	}
	requested := useCase()
	requested.Requested = true
	multi := useCase()
	multi.Objects = []extract.Object{extract.Account, extract.Contact}
	tests := []struct {
		name     string
		uc       readiness.UseCase
		ds       []readiness.Dataset
		waivers  []readiness.Waiver
		status   readiness.Status
		datasets []string
		checked  int
		misses   []string
		waived   []string
		reason   string
	}{
		{
			name: "every threshold met", uc: useCase(), ds: []readiness.Dataset{leads("leads", good()...)},
			status: readiness.Go, datasets: []string{"leads"}, checked: 4,
		},
		{
			name: "below warn, higher is better", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("completeness.email", 0.9))...)},
			status: readiness.Warn, datasets: []string{"leads"}, checked: 4,
			misses: []string{"completeness.email = 90% < warn 95% @leads (preset test)"},
		},
		{
			name: "below fail, higher is better", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("completeness.email", 0.7))...)},
			status: readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{"completeness.email = 70% < fail 80% @leads (preset test)"},
		},
		{
			name: "equal to warn meets it", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("completeness.email", 0.95))...)},
			status: readiness.Go, datasets: []string{"leads"}, checked: 4,
		},
		{
			name: "equal to fail meets fail, not warn", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("completeness.email", 0.8))...)},
			status: readiness.Warn, datasets: []string{"leads"}, checked: 4,
			misses: []string{"completeness.email = 80% < warn 95% @leads (preset test)"},
		},
		{
			name: "computed ratio equal to the level meets it", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("completeness.email", 19.0/20))...)},
			status: readiness.Go, datasets: []string{"leads"}, checked: 4,
		},
		{
			name: "above warn, lower is better", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.03))...)},
			status: readiness.Warn, datasets: []string{"leads"}, checked: 4,
			misses: []string{"duplicates.exact.rate = 3% > warn 2% @leads (preset test)"},
		},
		{
			name: "equal to warn meets it, lower is better", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.02))...)},
			status: readiness.Go, datasets: []string{"leads"}, checked: 4,
		},
		{
			name: "equal to fail meets fail, lower is better", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.05))...)},
			status: readiness.Warn, datasets: []string{"leads"}, checked: 4,
			misses: []string{"duplicates.exact.rate = 5% > warn 2% @leads (preset test)"},
		},
		{
			name: "just above fail, lower is better", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.0501))...)},
			status: readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{"duplicates.exact.rate = 5.01% > fail 5% @leads (preset test)"},
		},
		{
			name: "a count on the fail level", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("volume.records[200d]", 1000))...)},
			status: readiness.Warn, datasets: []string{"leads"}, checked: 4,
			misses: []string{"volume.records[200d] = 1000 < warn 1250 @leads (preset test)"},
		},
		{
			name: "a count one below fail", uc: useCase(), ds: []readiness.Dataset{leads("leads", good(m("volume.records[200d]", 999))...)},
			status: readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{"volume.records[200d] = 999 < fail 1000 @leads (preset test)"},
		},
		{
			name: "windowed metrics are matched by the use case's window and max_age",
			uc:   useCase(),
			ds: []readiness.Dataset{leads("leads", m("completeness.email", 1), m("duplicates.exact.rate", 0),
				m("volume.records[365d]", 10), m("volume.records[200d]", 2000), m("volume.records[90d]", 10),
				m("staleness.stale_share[90d]", 0.9), m("staleness.stale_share[180d]", 0.4))},
			status: readiness.Warn, datasets: []string{"leads"}, checked: 4,
			misses: []string{"staleness.stale_share[180d] = 40% > warn 30% @leads (preset test)"},
		},
		{
			name:   "a windowed metric for other windows only is not measured",
			uc:     useCase(),
			ds:     []readiness.Dataset{leads("leads", m("completeness.email", 1), m("duplicates.exact.rate", 0), m("volume.records[365d]", 5000), m("staleness.stale_share[180d]", 0))},
			status: readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{"volume.records not measured: no created_at column with dates @leads (preset test)"},
		},
		{
			name:   "absent metric, when_absent fail",
			uc:     useCase(th("completeness.phone", 0.9, 0.5, readiness.LevelFail)),
			ds:     []readiness.Dataset{leads("leads", good()...)},
			status: readiness.NoGo, datasets: []string{"leads"}, checked: 1,
			misses: []string{"completeness.phone not measured: no column for role phone @leads (preset test)"},
		},
		{
			name:   "absent metric, when_absent unset is fail",
			uc:     useCase(th("completeness.phone", 0.9, 0.5, "")),
			ds:     []readiness.Dataset{leads("leads", good()...)},
			status: readiness.NoGo, datasets: []string{"leads"}, checked: 1,
			misses: []string{"completeness.phone not measured: no column for role phone @leads (preset test)"},
		},
		{
			name:   "absent metric, when_absent warn",
			uc:     useCase(th("completeness.phone", 0.9, 0.5, readiness.LevelWarn)),
			ds:     []readiness.Dataset{leads("leads", good()...)},
			status: readiness.Warn, datasets: []string{"leads"}, checked: 1,
			misses: []string{"completeness.phone not measured: no column for role phone @leads (preset test)"},
		},
		{
			name:   "absent metric, when_absent skip",
			uc:     useCase(th("completeness.phone", 0.9, 0.5, readiness.LevelSkip)),
			ds:     []readiness.Dataset{leads("leads", good()...)},
			status: readiness.Go, datasets: []string{"leads"}, checked: 1,
		},
		{
			name:   "only a fail level",
			uc:     useCase(readiness.Threshold{Metric: "completeness.email", Fail: f(0.8), FailSource: "flag --threshold"}),
			ds:     []readiness.Dataset{leads("leads", good(m("completeness.email", 0.85))...)},
			status: readiness.Go, datasets: []string{"leads"}, checked: 1,
		},
		{
			name:   "only a warn level",
			uc:     useCase(readiness.Threshold{Metric: "completeness.email", Warn: f(0.9), WarnSource: "config c.yaml"}),
			ds:     []readiness.Dataset{leads("leads", good(m("completeness.email", 0.1))...)},
			status: readiness.Warn, datasets: []string{"leads"}, checked: 1,
			misses: []string{"completeness.email = 10% < warn 90% @leads (config c.yaml)"},
		},
		{
			name: "no dataset of the object type is N/A", uc: useCase(),
			ds:     []readiness.Dataset{{Name: "deals", Object: extract.Opportunity, Metrics: good()}},
			status: readiness.NA, datasets: []string{}, reason: "no lead dataset",
		},
		{
			name: "no dataset at all, several object types", uc: multi,
			status: readiness.NA, datasets: []string{}, reason: "no account or contact dataset",
		},
		{
			name: "no dataset of a requested use case is NO-GO", uc: requested,
			ds:     []readiness.Dataset{{Name: "deals", Object: extract.Opportunity, Metrics: good()}},
			status: readiness.NoGo, datasets: []string{}, reason: "no lead dataset",
		},
		{
			name: "several datasets: the worst wins and misses name it", uc: useCase(),
			ds:     []readiness.Dataset{leads("leads_a", good()...), leads("leads_b", good(m("duplicates.exact.rate", 0.5))...), leads("leads_c", good(m("completeness.email", 0.9))...)},
			status: readiness.NoGo, datasets: []string{"leads_a", "leads_b", "leads_c"}, checked: 12,
			misses: []string{"duplicates.exact.rate = 50% > fail 5% @leads_b (preset test)", "completeness.email = 90% < warn 95% @leads_c (preset test)"},
		},
		{
			name: "datasets of other object types are left out", uc: multi,
			ds: []readiness.Dataset{{Name: "accounts", Object: extract.Account, Metrics: good()}, leads("leads", good(m("completeness.email", 0))...),
				{Name: "contacts", Object: extract.Contact, Metrics: good()}},
			status: readiness.Go, datasets: []string{"accounts", "contacts"}, checked: 8,
		},
		{
			name: "misses worst first: fail before warn, then the relative gap",
			uc:   useCase(),
			ds: []readiness.Dataset{leads("leads", m("completeness.email", 0.5), m("duplicates.exact.rate", 0.2),
				m("volume.records[200d]", 1100), m("staleness.stale_share[180d]", 0.31))},
			status: readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{
				"duplicates.exact.rate = 20% > fail 5% @leads (preset test)", // 3 times the limit
				"completeness.email = 50% < fail 80% @leads (preset test)",   // 38% short
				"volume.records[200d] = 1100 < warn 1250 @leads (preset test)",
				"staleness.stale_share[180d] = 31% > warn 30% @leads (preset test)",
			},
		},
		{
			name: "unmeasured metrics come after every measured miss, fail before warn",
			uc: useCase(th("completeness.email", 0.95, 0.8, readiness.LevelFail), th("completeness.phone", 0.9, 0.5, readiness.LevelWarn),
				th("completeness.owner", 0.9, 0.5, readiness.LevelFail), th("duplicates.exact.rate", 0.02, 0.05, readiness.LevelFail)),
			ds:     []readiness.Dataset{leads("leads", m("completeness.email", 0.01), m("duplicates.exact.rate", 0.03))},
			status: readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{
				"completeness.email = 1% < fail 80% @leads (preset test)",
				"duplicates.exact.rate = 3% > warn 2% @leads (preset test)",
				"completeness.owner not measured: no column for role owner @leads (preset test)",
				"completeness.phone not measured: no column for role phone @leads (preset test)",
			},
		},
		{
			name: "equal gaps are ordered by metric, then dataset", uc: useCase(),
			ds: []readiness.Dataset{leads("b", good(m("completeness.email", 0.4), m("duplicates.exact.rate", 0.075))...),
				leads("a", good(m("completeness.email", 0.4))...)},
			status: readiness.NoGo, datasets: []string{"b", "a"}, checked: 8,
			misses: []string{
				"completeness.email = 40% < fail 80% @a (preset test)",
				"completeness.email = 40% < fail 80% @b (preset test)",
				"duplicates.exact.rate = 7.5% > fail 5% @b (preset test)",
			},
		},
		{
			name: "a valid waiver moves a miss to waived and the status improves", uc: useCase(),
			ds:      []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.2), m("completeness.email", 0.9))...)},
			waivers: []readiness.Waiver{waiver("duplicates.exact.rate", "", "Jane", "2026-12-31")},
			status:  readiness.Warn, datasets: []string{"leads"}, checked: 4,
			misses: []string{"completeness.email = 90% < warn 95% @leads (preset test)"},
			waived: []string{"duplicates.exact.rate = 20% > fail 5% @leads (preset test) [waived by Jane]"},
		},
		{
			name: "every miss waived is GO", uc: useCase(),
			ds:      []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.2))...)},
			waivers: []readiness.Waiver{waiver("duplicates.exact.rate", "", "Jane", "2026-12-31")},
			status:  readiness.Go, datasets: []string{"leads"}, checked: 4,
			waived: []string{"duplicates.exact.rate = 20% > fail 5% @leads (preset test) [waived by Jane]"},
		},
		{
			name: "a waiver applies through the last day of its expiry", uc: useCase(),
			ds:      []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.2))...)},
			waivers: []readiness.Waiver{waiver("duplicates.exact.rate", "", "Jane", "2026-11-25")},
			status:  readiness.Go, datasets: []string{"leads"}, checked: 4,
			waived: []string{"duplicates.exact.rate = 20% > fail 5% @leads (preset test) [waived by Jane]"},
		},
		{
			name: "an expired waiver does not apply and is marked", uc: useCase(),
			ds:      []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.2))...)},
			waivers: []readiness.Waiver{waiver("duplicates.exact.rate", "", "Jane", "2026-11-24")},
			status:  readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{"duplicates.exact.rate = 20% > fail 5% @leads (preset test) [waiver expired 2026-11-24]"},
		},
		{
			name: "a valid waiver wins over an expired one for the same miss", uc: useCase(),
			ds: []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.2))...)},
			waivers: []readiness.Waiver{waiver("duplicates.exact.rate", "", "Old", "2025-01-31"), waiver("duplicates.exact.rate", "", "New", "2027-01-31"),
				waiver("duplicates.exact.rate", "", "Older", "2024-01-31")},
			status: readiness.Go, datasets: []string{"leads"}, checked: 4,
			waived: []string{"duplicates.exact.rate = 20% > fail 5% @leads (preset test) [waived by New]"},
		},
		{
			name: "of expired waivers, the last to expire is shown", uc: useCase(),
			ds:      []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.2))...)},
			waivers: []readiness.Waiver{waiver("duplicates.exact.rate", "", "A", "2025-01-31"), waiver("duplicates.exact.rate", "leads", "B", "2026-06-30"), waiver("duplicates.exact.rate", "", "C", "2024-01-31")},
			status:  readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{"duplicates.exact.rate = 20% > fail 5% @leads (preset test) [waiver expired 2026-06-30]"},
		},
		{
			name: "a waiver scoped to a dataset covers only that dataset", uc: useCase(),
			ds:      []readiness.Dataset{leads("leads_a", good(m("duplicates.exact.rate", 0.2))...), leads("leads_b", good(m("duplicates.exact.rate", 0.1))...)},
			waivers: []readiness.Waiver{waiver("duplicates.exact.rate", "leads_a", "Jane", "2026-12-31")},
			status:  readiness.NoGo, datasets: []string{"leads_a", "leads_b"}, checked: 8,
			misses: []string{"duplicates.exact.rate = 10% > fail 5% @leads_b (preset test)"},
			waived: []string{"duplicates.exact.rate = 20% > fail 5% @leads_a (preset test) [waived by Jane]"},
		},
		{
			name: "a waiver for another use case or metric does not apply", uc: useCase(),
			ds: []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.2))...)},
			waivers: []readiness.Waiver{{UseCase: "other", Metric: "duplicates.exact.rate", ApprovedBy: "X", Expires: day("2027-01-01")},
				waiver("completeness.email", "", "Y", "2027-01-01")},
			status: readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{"duplicates.exact.rate = 20% > fail 5% @leads (preset test)"},
		},
		{
			name: "a waiver naming a check covers each of its metrics", uc: useCase(),
			ds:      []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.2), m("completeness.email", 0.5))...)},
			waivers: []readiness.Waiver{waiver("duplicates", "", "Jane", "2026-12-31"), waiver("dup", "", "Typo", "2026-12-31")},
			status:  readiness.NoGo, datasets: []string{"leads"}, checked: 4,
			misses: []string{"completeness.email = 50% < fail 80% @leads (preset test)"},
			waived: []string{"duplicates.exact.rate = 20% > fail 5% @leads (preset test) [waived by Jane]"},
		},
		{
			name:    "a waiver covers an unmeasured metric",
			uc:      useCase(th("completeness.phone", 0.9, 0.5, readiness.LevelFail)),
			ds:      []readiness.Dataset{leads("leads")},
			waivers: []readiness.Waiver{waiver("completeness.phone", "leads", "Jane", "2026-12-01")},
			status:  readiness.Go, datasets: []string{"leads"}, checked: 1,
			waived: []string{"completeness.phone not measured: no column for role phone @leads (preset test) [waived by Jane]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := readiness.Evaluate([]readiness.UseCase{tt.uc}, tt.ds, tt.waivers, asOf)
			if len(vs) != 1 {
				t.Fatalf("%d verdicts for one use case", len(vs))
			}
			v := vs[0]
			want := tt.misses
			if want == nil {
				want = []string{}
			}
			wantWaived := tt.waived
			if wantWaived == nil {
				wantWaived = []string{}
			}
			if v.UseCase != tt.uc.Name || v.Requested != tt.uc.Requested || v.Status != tt.status || v.Reason != tt.reason || v.Checked != tt.checked {
				t.Errorf("verdict %s (requested %v): %s, reason %q, checked %d; want %s, %q, %d", v.UseCase, v.Requested, v.Status, v.Reason, v.Checked, tt.status, tt.reason, tt.checked)
			}
			if !reflect.DeepEqual(v.Datasets, tt.datasets) {
				t.Errorf("datasets = %q, want %q", v.Datasets, tt.datasets)
			}
			if got := misses(v.Misses); !reflect.DeepEqual(got, want) {
				t.Errorf("misses:\n got %q\nwant %q", got, want)
			}
			if got := misses(v.Waived); !reflect.DeepEqual(got, wantWaived) {
				t.Errorf("waived:\n got %q\nwant %q", got, wantWaived)
			}
		})
	}
}

// TestWorstFirst: the order reasons are read out in. Measured misses come first, fail before
// warn, the farthest past its limit first, however the metric's unit and direction: how far is
// the ratio of the shortfall to what the limit allows (a missing share for a ratio where higher
// is better, the value itself otherwise, the limit over the value for a count that must be
// high). Unmeasured metrics follow, fail before warn, grouped by dataset.
func TestWorstFirst(t *testing.T) {
	fresh := th("staleness.freshness_days", 14, 60, readiness.LevelFail)
	tests := []struct {
		name    string
		ths     []readiness.Threshold
		process readiness.ProcessPlan
		ds      []readiness.Dataset
		want    []string // metric@dataset, in order
	}{
		{
			name:    "process findings come after what the data says, measured or not",
			ths:     []readiness.Threshold{th("completeness.email", 0.95, 0.8, readiness.LevelFail), th("completeness.owner", 0.9, 0.5, readiness.LevelWarn)},
			process: readiness.ProcessPlan{Declared: true, SuccessMetric: "x", Override: "y", ReviewEvery: checks.MustPeriod("90d")},
			ds:      []readiness.Dataset{leads("leads", m("completeness.email", 0.9))},
			want:    []string{"completeness.email@leads", "completeness.owner@leads", "process.owner@"},
		},
		{
			name: "a count far short beats a ratio short by less",
			ds:   []readiness.Dataset{leads("leads", good(m("completeness.email", 0.5), m("volume.records[200d]", 28))...)},
			want: []string{"volume.records@leads", "completeness.email@leads"}, // 1,000 / 28 ≈ 36 times; 50% missing / 20% allowed = 2.5 times
		},
		{
			name: "a lower-is-better ratio compares its value, a higher-is-better one its complement",
			ds:   []readiness.Dataset{leads("leads", good(m("completeness.email", 0.5), m("duplicates.exact.rate", 0.2))...)},
			want: []string{"duplicates.exact.rate@leads", "completeness.email@leads"}, // 4 times against 2.5
		},
		{
			name: "a nearly complete column is not far past its limit although its value is far below 1",
			ds:   []readiness.Dataset{leads("leads", good(m("completeness.email", 0.75), m("staleness.stale_share[180d]", 0.9))...)},
			want: []string{"staleness.stale_share@leads", "completeness.email@leads"}, // 1.8 times against 1.25
		},
		{
			name: "days past the limit compare with a ratio past its own",
			ths:  append(useCase().Thresholds, fresh),
			ds:   []readiness.Dataset{leads("leads", append(good(m("staleness.stale_share[180d]", 0.9)), m("staleness.freshness_days", 600))...)},
			want: []string{"staleness.freshness_days@leads", "staleness.stale_share@leads"}, // 10 times against 1.8
		},
		{
			name: "fail before warn, whatever the distance",
			ds:   []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.049), m("volume.records[200d]", 999))...)},
			want: []string{"volume.records@leads", "duplicates.exact.rate@leads"},
		},
		{
			name: "a zero limit stays finite and ordered",
			ths:  []readiness.Threshold{th("staleness.future", 0, 0, readiness.LevelFail), th("staleness.undated", 0, 0, readiness.LevelFail)},
			ds:   []readiness.Dataset{leads("leads", m("staleness.future", 3), m("staleness.undated", 40))},
			want: []string{"staleness.undated@leads", "staleness.future@leads"},
		},
		{
			name: "unmeasured metrics follow the measured ones, fail before warn, grouped by dataset",
			ths: []readiness.Threshold{th("completeness.email", 0.95, 0.8, readiness.LevelFail), th("completeness.phone", 0.9, 0.5, readiness.LevelWarn),
				th("completeness.owner", 0.9, 0.5, readiness.LevelFail), th("duplicates.exact.rate", 0.02, 0.05, readiness.LevelFail)},
			ds: []readiness.Dataset{leads("b", m("completeness.email", 0.9)), leads("a", m("duplicates.exact.rate", 0.03), m("completeness.phone", 0.2))},
			want: []string{"completeness.phone@a", "completeness.email@b", "duplicates.exact.rate@a",
				"completeness.email@a", "completeness.owner@a", "completeness.owner@b", "duplicates.exact.rate@b", "completeness.phone@b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			uc := useCase(tt.ths...)
			uc.Process = tt.process
			v := readiness.Evaluate([]readiness.UseCase{uc}, tt.ds, nil, asOf)[0]
			var got []string
			for _, x := range v.Misses {
				got = append(got, x.Metric+"@"+x.Dataset)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("order:\n got %q\nwant %q", got, tt.want)
			}
			for i := 1; i < len(v.Misses); i++ {
				a, b := v.Misses[i-1], v.Misses[i]
				if a.Level == b.Level && !a.Unmeasured() && !b.Unmeasured() && a.Distance() < b.Distance() {
					t.Errorf("%s (%.3g past) before %s (%.3g past)", a.Metric, a.Distance(), b.Metric, b.Distance())
				}
			}
		})
	}
}

func TestEvaluateMissFields(t *testing.T) {
	uc := useCase()
	vs := readiness.Evaluate([]readiness.UseCase{uc}, []readiness.Dataset{leads("leads", good(m("volume.records[200d]", 900))...)}, nil, asOf)
	got := vs[0].Misses
	want := []readiness.Miss{{Metric: "volume.records", Dataset: "leads", Window: "200d", Value: f(900), Level: readiness.LevelFail, Threshold: f(1000),
		Unit: checks.Count, Higher: true, Source: "preset test", Message: "volume.records[200d] = 900 < fail 1000"}}
	if len(got) != 1 || got[0].Metric != want[0].Metric || got[0].Dataset != want[0].Dataset || got[0].Window != want[0].Window ||
		*got[0].Value != *want[0].Value || got[0].Level != want[0].Level || *got[0].Threshold != *want[0].Threshold || got[0].Unit != want[0].Unit ||
		got[0].Higher != want[0].Higher || got[0].Source != want[0].Source || got[0].Message != want[0].Message || got[0].Waiver != nil || got[0].Expired {
		t.Errorf("misses = %+v\nwant     %+v", got, want)
	}
	absent := readiness.Evaluate([]readiness.UseCase{useCase(th("completeness.phone", 0.9, 0.5, readiness.LevelWarn))}, []readiness.Dataset{leads("leads")}, nil, asOf)[0].Misses
	if len(absent) != 1 || absent[0].Value != nil || absent[0].Threshold != nil || absent[0].Level != readiness.LevelWarn {
		t.Errorf("an unmeasured metric's miss = %+v, want no value or threshold at level warn", absent)
	}
}

func TestEvaluateKeepsOrder(t *testing.T) {
	a, b := useCase(), useCase()
	a.Name, b.Name = "b_first", "a_second"
	vs := readiness.Evaluate([]readiness.UseCase{a, b}, nil, nil, asOf)
	if len(vs) != 2 || vs[0].UseCase != "b_first" || vs[1].UseCase != "a_second" {
		t.Errorf("verdicts %v, want one per use case in the order given", vs)
	}
	if vs := readiness.Evaluate(nil, nil, nil, asOf); vs == nil || len(vs) != 0 {
		t.Errorf("Evaluate(nil) = %#v, want an empty list", vs)
	}
}

func TestOverall(t *testing.T) {
	tests := []struct {
		in   []readiness.Status
		want readiness.Status
	}{
		{nil, readiness.NA},
		{[]readiness.Status{readiness.NA, readiness.NA}, readiness.NA},
		{[]readiness.Status{readiness.NA, readiness.Go}, readiness.Go},
		{[]readiness.Status{readiness.Go, readiness.Warn, readiness.Go}, readiness.Warn},
		{[]readiness.Status{readiness.Warn, readiness.NoGo, readiness.NA}, readiness.NoGo},
		{[]readiness.Status{readiness.NoGo, readiness.Go}, readiness.NoGo},
	}
	for _, tt := range tests {
		var vs []readiness.Verdict
		for _, s := range tt.in {
			vs = append(vs, readiness.Verdict{Status: s})
		}
		if got := readiness.Overall(vs); got != tt.want {
			t.Errorf("Overall(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		v    float64
		unit checks.Unit
		want string
	}{
		{0.95, checks.Ratio, "95%"},
		{0.9512, checks.Ratio, "95.12%"},
		{0.95126, checks.Ratio, "95.13%"},
		{0.5, checks.Ratio, "50%"},
		{0.001, checks.Ratio, "0.1%"},
		{0.075, checks.Ratio, "7.5%"},
		{1, checks.Ratio, "100%"},
		{0, checks.Ratio, "0%"},
		{1.5, checks.Ratio, "150%"},
		// Rounding never shows a value as the 0% or 100% it is not.
		{0.00004, checks.Ratio, "0.004%"},
		{0.0000004, checks.Ratio, "0.00004%"},
		{0.99999, checks.Ratio, "99.999%"},
		{0.9999999, checks.Ratio, "99.99999%"},
		{1000, checks.Count, "1000"},
		{1234567, checks.Count, "1234567"},
		{0, checks.Count, "0"},
		{12.5, checks.Days, "12.5"},
		{1000.5, checks.Count, "1000.5"},
		{14, checks.Days, "14"},
		{0.1234567, checks.PSI, "0.1235"},
		{2, checks.PSI, "2"},
		{math.Inf(1), checks.Count, "+Inf"},
	}
	for _, tt := range tests {
		if got := readiness.FormatValue(tt.v, tt.unit); got != tt.want {
			t.Errorf("FormatValue(%v, %s) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

func TestUseCaseApplies(t *testing.T) {
	uc := readiness.UseCase{Objects: []extract.Object{extract.Account, extract.Contact}}
	for o, want := range map[extract.Object]bool{extract.Account: true, extract.Contact: true, extract.Lead: false, extract.Other: false} {
		if got := uc.Applies(o); got != want {
			t.Errorf("Applies(%s) = %v, want %v", o, got, want)
		}
	}
}

// TestOutcomes: every waiver is reported with what became of it at as_of, and the misses it
// covered.
func TestOutcomes(t *testing.T) {
	day := func(s string) time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return d.Add(24*time.Hour - time.Millisecond)
	}
	uc := useCase()
	ds := []readiness.Dataset{leads("leads", good(m("duplicates.exact.rate", 0.2), m("staleness.stale_share[180d]", 0.4))...)}
	ws := []readiness.Waiver{
		{UseCase: "test", Metric: "duplicates.exact.rate", ApprovedBy: "Jane", Reason: "dedup in Q1", Expires: day("2026-12-31")},  // applied
		{UseCase: "test", Metric: "staleness", Dataset: "leads", ApprovedBy: "Ann", Reason: "archive", Expires: day("2026-11-24")}, // expired
		{UseCase: "test", Metric: "completeness.email", ApprovedBy: "Bob", Reason: "met anyway", Expires: day("2027-01-31")},       // unused: met
		{UseCase: "other", Metric: "duplicates", ApprovedBy: "Cy", Reason: "no such use case here", Expires: day("2027-01-31")},    // unused
		{UseCase: "test", Metric: "volume", ApprovedBy: "Di", Reason: "expired and met", Expires: day("2025-01-01")},               // expired, nothing
	}
	vs := readiness.Evaluate([]readiness.UseCase{uc}, ds, ws, asOf)
	if vs[0].Status != readiness.Warn {
		t.Fatalf("status %s, want WARN: the duplicate miss is waived, the stale share is not", vs[0].Status)
	}
	got := readiness.Outcomes(ws, vs, asOf)
	type row struct {
		status  readiness.WaiverStatus
		covered []string
	}
	want := []row{
		{readiness.WaiverApplied, []string{"test duplicates.exact.rate@leads fail: duplicates.exact.rate = 20% > fail 5%"}},
		{readiness.WaiverExpired, []string{"test staleness.stale_share@leads warn: staleness.stale_share[180d] = 40% > warn 30%"}},
		{readiness.WaiverUnused, nil},
		{readiness.WaiverUnused, nil},
		{readiness.WaiverExpired, nil},
	}
	if len(got) != len(ws) {
		t.Fatalf("%d outcomes for %d waivers", len(got), len(ws))
	}
	for i, o := range got {
		var cs []string
		for _, c := range o.Covered {
			cs = append(cs, fmt.Sprintf("%s %s@%s %s: %s", c.UseCase, c.Metric, c.Dataset, c.Level, c.Message))
		}
		if o.Waiver != ws[i] || o.Status != want[i].status || !reflect.DeepEqual(cs, want[i].covered) || o.Covered == nil {
			t.Errorf("waiver %d (%s): %s %q, want %s %q", i, o.ApprovedBy, o.Status, cs, want[i].status, want[i].covered)
		}
	}
	if got := readiness.Outcomes(nil, vs, asOf); got == nil || len(got) != 0 {
		t.Errorf("Outcomes(no waivers) = %#v, want an empty list", got)
	}
}

// TestThresholdObjects: a threshold narrowed to some objects judges datasets of those objects
// only, and counts as checked only there.
func TestThresholdObjects(t *testing.T) {
	email := th("completeness.email", 0.95, 0.8, readiness.LevelFail)
	email.Objects = []extract.Object{extract.Lead}
	uc := useCase(email, th("volume.rows", 10, 5, readiness.LevelFail))
	uc.Objects = []extract.Object{extract.Lead, extract.Activity}
	calls := readiness.Dataset{Name: "calls", Object: extract.Activity, Metrics: []checks.Metric{m("volume.rows", 100)}}
	tests := []struct {
		name        string
		ds          []readiness.Dataset
		wantMisses  []string
		wantChecked int
	}{
		{"an activity without email is not judged on email", []readiness.Dataset{calls}, nil, 1},
		{"a lead without email still is", []readiness.Dataset{leads("leads", m("volume.rows", 100))}, []string{"completeness.email@leads"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := readiness.Evaluate([]readiness.UseCase{uc}, tt.ds, nil, asOf)[0]
			var got []string
			for _, x := range v.Misses {
				got = append(got, x.Metric+"@"+x.Dataset)
			}
			if !slices.Equal(got, tt.wantMisses) || v.Checked != tt.wantChecked {
				t.Errorf("misses %v, checked %d; want %v, %d", got, v.Checked, tt.wantMisses, tt.wantChecked)
			}
		})
	}
}
