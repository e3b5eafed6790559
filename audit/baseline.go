package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/internal/oserr"
)

// BaselineSchema identifies a saved baseline profile; it changes when a field is removed or
// changes meaning.
const BaselineSchema = "crmready.baseline/v1"

// BaselineFile is a saved baseline profile (`crmready profile --save`): the distribution of
// each column of each dataset, and nothing that changes from run to run.
type BaselineFile struct {
	Schema   string                   `json:"schema"`
	Tool     string                   `json:"tool"`
	Datasets []checks.DatasetBaseline `json:"datasets"`
}

// ProfileBaseline profiles each dataset of a plan, as Profile does, and builds its baseline in
// the same pass.
func ProfileBaseline(plan *config.Plan, opt Options) ([]DatasetProfile, *BaselineFile, error) {
	ps, bs, err := profile(plan, opt, true, true)
	if err != nil {
		return nil, nil, err
	}
	return ps, &BaselineFile{Schema: BaselineSchema, Tool: "crmready " + opt.Version, Datasets: bs}, nil
}

// LoadBaseline reads what drift compares with: a saved baseline profile (.json), or an extract
// profiled now with the plan's settings (placeholders, stages) but without its datasets.
func LoadBaseline(path string, plan *config.Plan, opt Options) (*BaselineFile, error) {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return readBaseline(path)
	}
	bp := *plan
	bp.Datasets = []config.DatasetPlan{{Files: []string{path}}}
	_, bs, err := profile(&bp, opt, false, true)
	if err != nil {
		return nil, err
	}
	return &BaselineFile{Schema: BaselineSchema, Tool: "crmready " + opt.Version, Datasets: bs}, nil
}

func readBaseline(path string) (*BaselineFile, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, oserr.Cause(err))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f BaselineFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: not a crmready baseline profile: %v", path, err)
	}
	if f.Schema != BaselineSchema {
		return nil, fmt.Errorf("%s: not a crmready baseline profile (schema %q, want %q; write one with crmready profile --save)", path, f.Schema, BaselineSchema)
	}
	for _, d := range f.Datasets {
		for _, c := range d.Columns {
			if err := checkDistribution(d, c); err != nil {
				return nil, fmt.Errorf("%s: dataset %s, column %s: %w", path, d.Name, c.Name, err)
			}
		}
	}
	return &f, nil
}

// checkDistribution refuses a distribution drift could not use: it was edited or damaged.
func checkDistribution(d checks.DatasetBaseline, c checks.Distribution) error {
	sum := c.Missing
	switch c.Kind {
	case checks.KindNumeric, checks.KindDate:
		if len(c.Bins) != len(c.Edges)+1 || !slices.IsSorted(c.Edges) {
			return fmt.Errorf("%d bins for %d edges (want one more bin than edges, edges ascending)", len(c.Bins), len(c.Edges))
		}
		for _, n := range c.Bins {
			sum += n
		}
	case checks.KindCategory:
		for _, v := range c.Top {
			sum += v.Count
		}
		sum += c.Other
	case checks.KindText:
		return nil
	default:
		return fmt.Errorf("unknown kind %q (valid: numeric, date, category, text)", c.Kind)
	}
	if sum != d.Rows {
		return fmt.Errorf("its counts add up to %d, not the dataset's %d records", sum, d.Rows)
	}
	return nil
}

// match returns the baseline dataset to compare a dataset with: the one of the same name, else
// the only one of the same object type; or nil and why not.
func (f *BaselineFile) match(name string, obj extract.Object) (*checks.DatasetBaseline, string) {
	var same []*checks.DatasetBaseline
	for i := range f.Datasets {
		b := &f.Datasets[i]
		if b.Name == name {
			return b, ""
		}
		if b.Object == obj {
			same = append(same, b)
		}
	}
	switch len(same) {
	case 1:
		return same[0], ""
	case 0:
		return nil, fmt.Sprintf("the baseline has no dataset named %s nor any %s dataset (it has: %s)", name, obj, f.names())
	}
	return nil, fmt.Sprintf("the baseline has several %s datasets and none named %s (it has: %s)", obj, name, f.names())
}

func (f *BaselineFile) names() string {
	var s []string
	for _, d := range f.Datasets {
		s = append(s, d.Name+" ("+string(d.Object)+")")
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
