package audit

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/readiness"
	"github.com/crmready/crmready/reports"
)

// Options tune a run.
type Options struct {
	// Workers is the number of goroutines folding batches (GOMAXPROCS when 0).
	Workers int
	// Version is the crmready version written in the report.
	Version string
	// Logger receives what the run does: each dataset's records and time at Info, each check's
	// time folding batches and computing its result at Debug. Nil for none. Timings never
	// enter the report.
	Logger *slog.Logger
	// Progress receives the records read and the records folded by the checks that go in
	// record order, per dataset; nil for none.
	Progress Progress
	// Password opens encrypted workbooks.
	Password string
	// BatchSize is the number of records per batch (extract.DefaultBatchSize when 0).
	BatchSize int
}

// Run audits the datasets of a plan and judges its use cases. It returns an error when the audit
// cannot be evaluated: an unreadable file, a config column that does not exist, no dataset.
func Run(plan *config.Plan, opt Options) (*reports.Report, error) {
	return run(plan, opt, nil)
}

// RunWithLists audits as Run does and also keeps every finding and every duplicate cluster, for
// fix lists written to files (--findings DIR); the report still keeps plan.MaxFindings of each.
// Findings beyond the report's sample wait in temporary files until the lists are closed.
func RunWithLists(plan *config.Plan, opt Options) (*reports.Report, *reports.FixLists, error) {
	lists := &reports.FixLists{}
	r, err := run(plan, opt, lists)
	if err != nil {
		lists.Close()
		return nil, nil, err
	}
	return r, lists, nil
}

// run audits; lists, when not nil, receives the full fix lists.
func run(plan *config.Plan, opt Options, lists *reports.FixLists) (*reports.Report, error) {
	if len(plan.Datasets) == 0 {
		return nil, fmt.Errorf("nothing to audit: give files, or datasets in a config")
	}
	r := &reports.Report{
		Schema: reports.SchemaVersion, Tool: "crmready " + opt.Version,
		AsOf: formatAsOf(plan.AsOf), AsOfSource: plan.AsOfSource, Config: plan.ConfigFile,
		FailOn: string(readiness.NoGo), Notes: []string{},
	}
	if plan.FailOnWarn {
		r.FailOn = string(readiness.Warn)
	}
	if plan.WaiversIgnored > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("--no-waivers: the %d waivers of the config were not applied", plan.WaiversIgnored))
	}
	if len(plan.Waivers) > 0 && plan.AsOfSource != config.AsOfNotPinned {
		r.Notes = append(r.Notes, "as_of is pinned, so waiver expiry is judged at "+r.AsOf+", not today")
	}
	specs, err := expand(plan, opt)
	if err != nil {
		return nil, err
	}
	// Open every dataset first: knowing all object types tells the checks which cross-dataset
	// values are worth keeping (product references only when there is a product dataset).
	var opens []*opened
	defer func() {
		for _, o := range opens {
			o.first.Close() // after measure closed it, a second Close is harmless
		}
	}()
	present := map[extract.Object]bool{}
	for _, s := range specs {
		o, err := openDataset(s, opt)
		if err != nil {
			return nil, err
		}
		opens = append(opens, o)
		present[o.object] = true
		if err := o.compileRules(plan); err != nil {
			return nil, err
		}
	}
	users, err := loadUsers(plan.Users, opt)
	if err != nil {
		return nil, err
	}
	if err := matchBaselines(plan, opens, r, opt); err != nil {
		return nil, err
	}
	var exports []*checks.Exports
	for _, o := range opens {
		start := time.Now()
		d, e, err := auditDataset(plan, o, present, users, opt, lists)
		if err != nil {
			return nil, err
		}
		elapsed := time.Since(start)
		loggerOf(opt).Info("dataset audited", "dataset", d.Name, "records", d.Rows, "duration", elapsed.Round(time.Millisecond),
			"records_per_s", int64(float64(d.Rows)/max(elapsed.Seconds(), 1e-9)))
		r.Datasets = append(r.Datasets, d)
		exports = append(exports, e)
	}
	related := checks.Relate(exports, &checks.Params{MaxFindings: plan.MaxFindings, FullLists: lists != nil})
	var measured []readiness.Dataset
	for i := range r.Datasets {
		d := &r.Datasets[i]
		addRelated(d, related[d.Name], lists)
		measured = append(measured, readiness.Dataset{Name: d.Name, Object: extract.Object(d.Object), Metrics: d.Metrics})
	}
	verdicts := readiness.Evaluate(plan.UseCases, measured, plan.Waivers, plan.AsOf)
	for i, v := range verdicts {
		uc := plan.UseCases[i]
		objs := make([]string, len(uc.Objects))
		for k, o := range uc.Objects {
			objs[k] = string(o)
		}
		r.UseCases = append(r.UseCases, reports.UseCase{Verdict: v, Doc: uc.Doc, Objects: objs,
			MaxAge: uc.MaxAge.String(), Window: uc.Window.String(), Source: uc.Source, Thresholds: uc.Thresholds})
	}
	r.Verdict = readiness.Overall(verdicts)
	r.Waivers = readiness.Outcomes(plan.Waivers, verdicts, plan.AsOf)
	return r, nil
}

// matchBaselines loads the plan's baseline, if any, and gives each dataset the baseline dataset
// drift compares it with; a dataset with none gets a note.
func matchBaselines(plan *config.Plan, opens []*opened, r *reports.Report, opt Options) error {
	if plan.Baseline == "" {
		return nil
	}
	f, err := LoadBaseline(plan.Baseline, plan, opt)
	if err != nil {
		return err
	}
	r.Baseline = plan.Baseline
	for _, o := range opens {
		var why string
		if o.baseline, why = f.match(o.spec.name, o.object); o.baseline == nil {
			r.Notes = append(r.Notes, fmt.Sprintf("drift not measured on %s: %s", o.spec.name, why))
		}
	}
	return nil
}

func workers(opt Options) int {
	if opt.Workers > 0 {
		return opt.Workers
	}
	return runtime.GOMAXPROCS(0)
}

func formatAsOf(t time.Time) string {
	if t.Equal(t.Truncate(24*time.Hour)) && t.Location() == time.UTC {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// datasetSpec is one dataset to read: a name and its parts.
type datasetSpec struct {
	plan  config.DatasetPlan
	name  string
	parts []extract.Part
}

// expand lists the parts of every dataset; a file from the command line with several sheets
// gives one dataset per sheet.
func expand(plan *config.Plan, opt Options) ([]datasetSpec, error) {
	var out []datasetSpec
	for _, dp := range plan.Datasets {
		var parts []extract.Part
		for _, f := range dp.Files {
			ps, err := extract.Parts(f, extract.Options{Sheet: dp.Sheet, Password: opt.Password})
			if err != nil {
				return nil, err
			}
			parts = append(parts, ps...)
		}
		if dp.Name != "" {
			out = append(out, datasetSpec{plan: dp, name: dp.Name, parts: parts})
			continue
		}
		for _, p := range parts {
			out = append(out, datasetSpec{plan: dp, name: partName(p, len(parts) > 1), parts: []extract.Part{p}})
		}
	}
	seen := map[string]int{}
	for i := range out {
		seen[out[i].name]++
		if n := seen[out[i].name]; n > 1 {
			out[i].name = fmt.Sprintf("%s (%d)", out[i].name, n)
		}
	}
	return out, nil
}

// partName names a dataset after its file ("Leads" for Leads.csv) and sheet.
func partName(p extract.Part, sheets bool) string {
	base := strings.TrimSuffix(filepath.Base(p.File), filepath.Ext(p.File))
	if p.Sheet != "" && sheets {
		return base + "[" + p.Sheet + "]"
	}
	return base
}

// params gathers the check settings for a dataset: the periods of the use cases that apply to
// its object type.
func params(plan *config.Plan, dp config.DatasetPlan, obj extract.Object) *checks.Params {
	p := &checks.Params{AsOf: plan.AsOf, MaxFindings: plan.MaxFindings, Stages: plan.Stages, Duplicates: plan.Duplicates,
		Placeholders: checks.NewPlaceholders(plan.Placeholders).With(dp.Placeholders), NoRolePlaceholders: !plan.RolePlaceholders,
		Allowed: map[string][]string{}, ColumnPlaceholders: map[string]checks.ColumnPlaceholders{}}
	for _, c := range dp.Columns {
		if len(c.Allowed) > 0 {
			p.Allowed[c.Column] = c.Allowed
		}
		if len(c.Placeholders) > 0 || c.ReplacePlaceholders {
			p.ColumnPlaceholders[c.Column] = checks.ColumnPlaceholders{Entries: c.Placeholders, Replace: c.ReplacePlaceholders}
		}
	}
	for _, uc := range plan.UseCases {
		if !uc.Applies(obj) {
			continue
		}
		if !slices.Contains(p.MaxAges, uc.MaxAge) {
			p.MaxAges = append(p.MaxAges, uc.MaxAge)
		}
		if !slices.Contains(p.Windows, uc.Window) {
			p.Windows = append(p.Windows, uc.Window)
		}
	}
	// The shortest max age first: stale-record findings are listed against it.
	slices.SortFunc(p.MaxAges, func(a, b checks.Period) int {
		return a.Before(plan.AsOf).Compare(b.Before(plan.AsOf)) * -1
	})
	return p
}
