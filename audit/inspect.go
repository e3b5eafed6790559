package audit

import (
	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/reports"
)

// Detection is what crmready finds in a dataset on its own: its object type and column roles,
// each with how it was decided. `crmready init` writes it as a starter config.
type Detection struct {
	Name         string
	Files        []string
	Sheet        string
	Object       extract.Object
	ObjectSource string
	Columns      []extract.Column
	// Rejected lists header matches the values contradicted, with the reason.
	Rejected []string
}

// Detect opens each dataset of a plan, detects its object type and roles from the headers and
// the first batch of values, and closes it.
func Detect(plan *config.Plan, opt Options) ([]Detection, error) {
	specs, err := expand(plan, opt)
	if err != nil {
		return nil, err
	}
	var out []Detection
	for _, s := range specs {
		o, err := openDataset(s, opt)
		if err != nil {
			return nil, err
		}
		o.first.Close()
		d := Detection{Name: s.name, Sheet: s.parts[0].Sheet, Object: o.object, ObjectSource: o.objectHow,
			Columns: o.schema.Columns, Rejected: o.rejected}
		for _, p := range s.parts {
			d.Files = append(d.Files, p.File)
		}
		out = append(out, d)
	}
	return out, nil
}

// DatasetProfile is the profile of one dataset: what `crmready profile` prints.
type DatasetProfile struct {
	Name          string                 `json:"name"`
	Object        string                 `json:"object"`
	ObjectSource  string                 `json:"object_source"`
	Rows          int64                  `json:"rows"`
	Deleted       int64                  `json:"deleted"`
	Files         []reports.File         `json:"files"`
	Columns       []checks.ColumnProfile `json:"columns"`
	RolesRejected []string               `json:"roles_rejected"`
}

// Profile reads each dataset of a plan once and profiles every column.
func Profile(plan *config.Plan, opt Options) ([]DatasetProfile, error) {
	ps, _, err := profile(plan, opt, true, false)
	return ps, err
}

// profile reads each dataset once, profiling it (withProfile) and building its baseline
// (withBaseline) in the same pass.
func profile(plan *config.Plan, opt Options, withProfile, withBaseline bool) ([]DatasetProfile, []checks.DatasetBaseline, error) {
	specs, err := expand(plan, opt)
	if err != nil {
		return nil, nil, err
	}
	var cs []*checks.Check
	if withProfile {
		cs = append(cs, checks.Profile)
	}
	if withBaseline {
		cs = append(cs, checks.Baseline)
	}
	var out []DatasetProfile
	bs := []checks.DatasetBaseline{}
	for _, s := range specs {
		o, err := openDataset(s, opt)
		if err != nil {
			return nil, nil, err
		}
		m, err := o.measure(cs, params(plan, s.plan, o.object), opt)
		if err != nil {
			return nil, nil, err
		}
		if withProfile {
			out = append(out, DatasetProfile{Name: s.name, Object: string(o.object), ObjectSource: o.objectHow, Rows: m.rows,
				Deleted: m.deleted, Files: m.files, Columns: m.results[checks.Profile].Profiles, RolesRejected: append([]string{}, o.rejected...)})
		}
		if withBaseline {
			bs = append(bs, *m.results[checks.Baseline].Baseline)
		}
	}
	return out, bs, nil
}
