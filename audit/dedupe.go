package audit

import (
	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
)

// DuplicateRun is the duplicates check's result on one dataset, with every cluster and member
// and, when the fuzzy tier ran, its candidate pairs.
type DuplicateRun struct {
	Name   string
	Rows   int64
	Result checks.Result
}

// Duplicates runs only the duplicates check on each dataset of a plan, asking for full lists
// and the fuzzy tier's candidate pairs: what the evaluation harness and the benchmarks score
// against labelled data.
func Duplicates(plan *config.Plan, opt Options) ([]DuplicateRun, error) {
	specs, err := expand(plan, opt)
	if err != nil {
		return nil, err
	}
	var out []DuplicateRun
	for _, s := range specs {
		o, err := openDataset(s, opt)
		if err != nil {
			return nil, err
		}
		p := params(plan, s.plan, o.object)
		p.FullLists, p.KeepPairs = true, true
		m, err := o.measure([]*checks.Check{checks.Duplicates}, p, opt)
		if err != nil {
			return nil, err
		}
		out = append(out, DuplicateRun{Name: s.name, Rows: m.rows, Result: m.results[checks.Duplicates]})
	}
	return out, nil
}
