package readiness

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
)

// Status is a use case's verdict.
type Status string

// The verdicts, from best to worst; N/A means no dataset of the object type the use case needs
// was given.
const (
	Go   Status = "GO"
	Warn Status = "WARN"
	NoGo Status = "NO-GO"
	NA   Status = "N/A"
)

// Level is how bad a missed threshold is.
type Level string

// The levels; Skip applies only to WhenAbsent.
const (
	LevelFail Level = "fail"
	LevelWarn Level = "warn"
	LevelSkip Level = "skip"
)

// Threshold is a use case's requirement on one metric, at a warn and a fail level in the metric's
// unit and direction. Either level may be unset.
type Threshold struct {
	Metric string   `json:"metric"`
	Warn   *float64 `json:"warn,omitempty"`
	Fail   *float64 `json:"fail,omitempty"`
	// WhenAbsent is the level at which an unmeasured metric (no column for its role) misses.
	WhenAbsent Level `json:"when_absent"`
	// WarnSource and FailSource say where each level came from ("preset lead_scoring",
	// "config crmready.yaml", "env CRMREADY_THRESHOLD", "flag --threshold").
	WarnSource string `json:"warn_source,omitempty"`
	FailSource string `json:"fail_source,omitempty"`
	// Why justifies the numbers, for presets.
	Why string `json:"why,omitempty"`
	// Objects narrows the threshold to datasets of these object types; empty: every object the
	// use case evaluates.
	Objects []extract.Object `json:"objects,omitempty"`
}

// AppliesTo reports whether the threshold judges datasets of object type o.
func (t *Threshold) AppliesTo(o extract.Object) bool {
	return len(t.Objects) == 0 || slices.Contains(t.Objects, o)
}

// UseCase is a named AI use case: the object types it needs and its thresholds.
type UseCase struct {
	Name    string           `json:"name"`
	Doc     string           `json:"doc,omitempty"`
	Objects []extract.Object `json:"objects"`
	// MaxAge is the age beyond which a record is stale for this use case.
	MaxAge checks.Period `json:"max_age"`
	// Window is the period before as_of that volume requirements count.
	Window     checks.Period `json:"window"`
	Thresholds []Threshold   `json:"thresholds"`
	// Requested is true when the use case was asked for by name (flag or config): then missing
	// data is NO-GO instead of N/A.
	Requested bool `json:"requested"`
	// Source says where the use case was defined.
	Source string `json:"source"`
	// Process is what a config file writes down beside the data: success metric, owner,
	// override, review period.
	Process ProcessPlan `json:"-"`
}

// Applies reports whether the use case evaluates datasets of object type o.
func (u *UseCase) Applies(o extract.Object) bool { return slices.Contains(u.Objects, o) }

// Dataset is what readiness knows of a measured dataset.
type Dataset struct {
	Name    string
	Object  extract.Object
	Metrics []checks.Metric
}

// Miss is a threshold a dataset did not meet.
type Miss struct {
	Metric  string   `json:"metric"`
	Dataset string   `json:"dataset,omitempty"`
	Window  string   `json:"window,omitempty"`
	Value   *float64 `json:"value"` // nil when the metric was not measured
	Level   Level    `json:"level"`
	// Threshold is the level's number that was missed.
	Threshold *float64    `json:"threshold,omitempty"`
	Unit      checks.Unit `json:"unit,omitempty"`
	Higher    bool        `json:"higher_is_better"`
	Source    string      `json:"source"`
	Message   string      `json:"message"`
	// Waiver is set when a waiver covers the miss; Expired when that waiver no longer applies.
	Waiver  *Waiver `json:"waiver,omitempty"`
	Expired bool    `json:"waiver_expired,omitempty"`
	// Hint says what a miss of this metric on this object type probably means and what to check
	// in the CRM (the label balance: "the export has probably lost its unconverted leads ...").
	Hint string `json:"hint,omitempty"`
	gap  float64
}

// Verdict is the outcome for one use case.
type Verdict struct {
	UseCase   string   `json:"use_case"`
	Status    Status   `json:"status"`
	Requested bool     `json:"requested"`
	Datasets  []string `json:"datasets"`
	// Misses are the thresholds not met, worst first; Waived those a valid waiver covers.
	Misses []Miss `json:"misses"`
	Waived []Miss `json:"waived"`
	// Checked counts the thresholds evaluated, over all datasets.
	Checked int `json:"checked"`
	// Reason explains an N/A or a NO-GO for missing data.
	Reason string `json:"reason,omitempty"`
	// Process is the use case's process readiness; its findings that count are among Misses.
	Process Process `json:"process"`
}

// Evaluate judges every use case against the datasets it applies to. asOf decides which waivers
// have expired.
func Evaluate(ucs []UseCase, ds []Dataset, waivers []Waiver, asOf time.Time) []Verdict {
	out := make([]Verdict, 0, len(ucs))
	for i := range ucs {
		out = append(out, evaluate(&ucs[i], ds, waivers, asOf))
	}
	return out
}

func evaluate(uc *UseCase, ds []Dataset, waivers []Waiver, asOf time.Time) Verdict {
	v := Verdict{UseCase: uc.Name, Requested: uc.Requested, Misses: []Miss{}, Waived: []Miss{}, Datasets: []string{}}
	v.Process = JudgeProcess(uc.Process, asOf)
	// Process findings are not waivable: the fix is to write the decision down where a waiver
	// would go, in the same config file.
	v.Misses = append(v.Misses, v.Process.misses()...)
	for _, d := range ds {
		if !uc.Applies(d.Object) {
			continue
		}
		v.Datasets = append(v.Datasets, d.Name)
		for _, t := range uc.Thresholds {
			if !t.AppliesTo(d.Object) {
				continue
			}
			v.Checked++
			m, missed := judge(uc, t, d)
			if !missed {
				continue
			}
			if w, valid := findWaiver(waivers, uc.Name, m, asOf); w != nil {
				m.Waiver = w
				if valid {
					v.Waived = append(v.Waived, m)
					continue
				}
				m.Expired = true
			}
			v.Misses = append(v.Misses, m)
		}
	}
	slices.SortStableFunc(v.Misses, worstFirst)
	if len(v.Datasets) == 0 {
		v.Reason = fmt.Sprintf("no %s dataset", objectList(uc.Objects))
		v.Status = NA
		if uc.Requested {
			v.Status = NoGo
		}
		return v
	}
	slices.SortStableFunc(v.Waived, worstFirst)
	v.Status = Go
	for _, m := range v.Misses {
		if m.Level == LevelFail {
			v.Status = NoGo
			break
		}
		v.Status = Warn
	}
	return v
}

func objectList(os []extract.Object) string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = string(o)
	}
	return strings.Join(s, " or ")
}

// judge compares one threshold with a dataset's metric.
func judge(uc *UseCase, t Threshold, d Dataset) (Miss, bool) {
	def, err := checks.LookupMetric(t.Metric)
	if err != nil {
		return Miss{Metric: t.Metric, Dataset: d.Name, Level: LevelFail, Message: err.Error()}, true
	}
	window := ""
	switch def.Window {
	case "max_age":
		window = uc.MaxAge.String()
	case "window":
		window = uc.Window.String()
	}
	base := Miss{Metric: t.Metric, Dataset: d.Name, Window: window, Unit: def.Unit, Higher: def.HigherIsBetter}
	m, ok := find(d.Metrics, t.Metric, window)
	if !ok {
		if t.WhenAbsent == LevelSkip {
			return Miss{}, false
		}
		base.Level = t.WhenAbsent
		if base.Level == "" {
			base.Level = LevelFail
		}
		base.Source = t.FailSource
		base.Message = fmt.Sprintf("%s not measured: %s", t.Metric, def.Absent(t.Metric))
		return base, true
	}
	value := m.Value
	base.Value = &value
	for _, lv := range []struct {
		level  Level
		limit  *float64
		source string
	}{{LevelFail, t.Fail, t.FailSource}, {LevelWarn, t.Warn, t.WarnSource}} {
		if lv.limit == nil || meets(value, *lv.limit, def.HigherIsBetter) {
			continue
		}
		base.Level, base.Threshold, base.Source = lv.level, lv.limit, lv.source
		base.gap = gap(value, *lv.limit, def.Unit, def.HigherIsBetter)
		base.Message = describe(t.Metric, window, value, lv.level, *lv.limit, def)
		base.Hint = def.Hint(d.Object)
		return base, true
	}
	return Miss{}, false
}

func find(ms []checks.Metric, id, window string) (checks.Metric, bool) {
	for _, m := range ms {
		if m.ID == id && m.Window == window {
			return m, true
		}
	}
	return checks.Metric{}, false
}

func meets(v, limit float64, higher bool) bool {
	if higher {
		return v >= limit
	}
	return v <= limit
}

// gap is how far a value is past a missed limit: the natural logarithm of how many times the
// shortfall the limit allows the value has. The shortfall is what a value lacks in its
// direction: for a ratio where higher is better, its complement (95% complete allows 5% missing;
// 50% complete has ten times that, a gap of ln 10), otherwise the value itself (a 20% duplicate
// rate is four times a 5% limit); for a count or days where higher is better, the limit over
// the value (28 records against 1,000 wanted, about 36 times too few). Each side adds the
// unit's resolution (a tenth of a point, one record or day, 0.01 PSI) so that a zero limit or
// value stays finite. The logarithm makes twice too many and half too few equally far, so misses
// of every unit and direction compare.
func gap(v, limit float64, u checks.Unit, higher bool) float64 {
	eps := map[checks.Unit]float64{checks.Ratio: 0.001, checks.Count: 1, checks.Days: 1, checks.PSI: 0.01}[u]
	if eps == 0 {
		eps = 1e-9
	}
	bad, allowed := v, limit
	switch {
	case u == checks.Ratio && higher:
		bad, allowed = 1-v, 1-limit
	case higher:
		bad, allowed = limit, v
	}
	return math.Abs(math.Log((math.Max(bad, 0) + eps) / (math.Max(allowed, 0) + eps)))
}

func describe(id, window string, v float64, level Level, limit float64, def checks.MetricDef) string {
	op := "<"
	if !def.HigherIsBetter {
		op = ">"
	}
	name := id
	if window != "" {
		name = fmt.Sprintf("%s[%s]", id, window)
	}
	return fmt.Sprintf("%s = %s %s %s %s", name, FormatValue(v, def.Unit), op, level, FormatValue(limit, def.Unit))
}

// FormatValue writes a metric value in its unit: ratios as percentages with two decimals (more
// when two would round a value to a 0% or 100% it is not), counts and days as they are.
func FormatValue(v float64, u checks.Unit) string {
	switch u {
	case checks.Ratio:
		p := v * 100
		s := percent(p, 2)
		for prec := 3; prec <= 8 && (s == "0" && p != 0 || s == "100" && p != 100); prec++ {
			s = percent(p, prec)
		}
		return s + "%"
	case checks.Count, checks.Days:
		if v == math.Trunc(v) {
			return fmt.Sprintf("%.0f", v)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprintf("%.4g", v)
}

func percent(p float64, prec int) string {
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(p, 'f', prec, 64), "0"), ".")
}

// worstFirst orders misses as their reasons are read out: measured misses first, fail before
// warn, the farthest past its limit first (gap); then the metrics that could not be measured,
// fail before warn, grouped by dataset; then the process findings: the same for every use case
// and stated again in each report's process section, they would otherwise crowd out what the
// data says.
func worstFirst(a, b Miss) int {
	rank := func(l Level) int {
		if l == LevelFail {
			return 0
		}
		return 1
	}
	if c := cmp.Or(cmp.Compare(a.group(), b.group()), cmp.Compare(rank(a.Level), rank(b.Level)), cmp.Compare(b.gap, a.gap)); c != 0 {
		return c
	}
	if a.Unmeasured() {
		return cmp.Or(cmp.Compare(a.Dataset, b.Dataset), cmp.Compare(a.Metric, b.Metric))
	}
	return cmp.Or(cmp.Compare(a.Metric, b.Metric), cmp.Compare(a.Dataset, b.Dataset))
}

// group is where a miss is read out: 0 a measured miss, 1 a metric that could not be measured,
// 2 a process finding.
func (m Miss) group() int {
	if _, process := LookupProcess(m.Metric); process {
		return 2
	}
	if m.Value == nil {
		return 1
	}
	return 0
}

// Unmeasured reports whether the miss is a data metric that was not measured (no column for
// its role, no baseline ...), rather than a measured value or a process finding.
func (m Miss) Unmeasured() bool { return m.group() == 1 }

// Process reports whether the miss is a process finding (no owner, no success metric ...).
func (m Miss) Process() bool { return m.group() == 2 }

// Distance is how far a measured miss is past its threshold (see gap): 0 for a metric that was
// not measured and for a process finding. Measured misses of one level are ordered by it,
// farthest first.
func (m Miss) Distance() float64 {
	if m.Value == nil || m.Threshold == nil {
		return 0
	}
	return gap(*m.Value, *m.Threshold, m.Unit, m.Higher)
}

// Overall is the worst status among the use cases that were evaluated; N/A when none was.
func Overall(vs []Verdict) Status {
	worst := NA
	order := map[Status]int{NA: 0, Go: 1, Warn: 2, NoGo: 3}
	for _, v := range vs {
		if order[v.Status] > order[worst] {
			worst = v.Status
		}
	}
	return worst
}
