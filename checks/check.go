package checks

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/crmready/crmready/extract"
)

// Check is a measurement with a stable ID. It is a struct, not an interface, so fields can be
// added without breaking anyone.
type Check struct {
	// ID is the check's stable name: config key, report key, JUnit testsuite name.
	ID string
	// Doc says what the check measures, in one line with no capital and no period.
	Doc string
	// Metrics lists the metrics the check produces.
	Metrics []MetricDef
	// Findings lists the kinds of finding the check reports.
	Findings []FindingKind
	// New returns an analyzer with an empty state for a dataset. It returns an error only when
	// the check cannot run at all.
	New func(ds *Dataset, p *Params) (Analyzer, error)
	// Sequential asks for batches in record order, folded by one analyzer. Merge must still be
	// correct for its metrics; sequential folding makes its findings name the first occurrence
	// of a thing the way a person reading the file top to bottom would.
	Sequential bool
}

// Analyzer folds batches of one dataset into a state.
type Analyzer interface {
	// Fold adds a batch to the state. It must not keep references to the batch's slices.
	Fold(b *extract.Batch)
	// Merge adds the state of another analyzer of the same check and dataset.
	Merge(other Analyzer)
	// Result computes metrics and findings from the state.
	Result() Result
}

// Result is what a check measured on a dataset.
type Result struct {
	Metrics  []Metric
	Findings []FindingGroup
	// Columns holds per-column figures (completeness only).
	Columns []ColumnStats
	// Profiles describes each column (the profile only).
	Profiles []ColumnProfile
	// Clusters are the duplicate clusters, first by lowest record, capped at MaxFindings
	// unless Params.FullLists; ClustersTotal counts them all (duplicates only).
	Clusters      []Cluster
	ClustersTotal int64
	// Fuzzy describes the fuzzy duplicate tier's work, when it ran (duplicates only; not
	// reported: the evaluation harness and benchmarks read it).
	Fuzzy *FuzzyStats
	// Baseline is the dataset's distributions, for drift (the baseline builder only).
	Baseline *DatasetBaseline
}

// Dataset is what a check knows of a dataset: its name, object type and columns with roles.
type Dataset struct {
	Name   string
	Object extract.Object
	Schema *extract.Schema
	// RowsHint estimates the number of records (0 when unknown), for sizing tables once.
	RowsHint int64
}

// Column returns the index of the first column holding role r, or -1. Identifier roles can be
// held by several columns; see Columns.
func (d *Dataset) Column(r extract.Role) int {
	for i, c := range d.Schema.Columns {
		if c.Role == r {
			return i
		}
	}
	return -1
}

// Columns returns the indexes of every column holding role r.
func (d *Dataset) Columns(r extract.Role) []int {
	var out []int
	for i, c := range d.Schema.Columns {
		if c.Role == r {
			out = append(out, i)
		}
	}
	return out
}

// Params are the settings checks run with, gathered from config and the selected use cases.
type Params struct {
	// AsOf is the instant ages are measured from.
	AsOf time.Time
	// MaxFindings caps the findings kept per kind.
	MaxFindings int
	// FullLists asks for every finding and every cluster, for fix lists written to files
	// (--findings DIR); the report still shows MaxFindings of each.
	FullLists bool
	// Placeholders are the values that count as missing in every column of the dataset; the
	// built-in RolePlaceholders add to them per role unless NoRolePlaceholders, and
	// ColumnPlaceholders per column name.
	Placeholders       *Placeholders
	NoRolePlaceholders bool
	ColumnPlaceholders map[string]ColumnPlaceholders
	// MaxAges are the ages beyond which a record is stale, one stale share each.
	MaxAges []Period
	// Windows are the periods before AsOf that volume counts records in.
	Windows []Period
	// Stages maps opportunity stage values to closed-won and closed-lost.
	Stages StageMap
	// Duplicates are the duplicates check's settings, defaulted (DuplicatesSettings.WithDefaults);
	// the validity check reads their phone region. KeepPairs asks for the fuzzy tier's
	// candidate pairs in Result.Fuzzy, for evaluating blocking.
	Duplicates DuplicatesSettings
	KeepPairs  bool
	// Meter, when set, starts counting a long step of a check's result (StepFuzzyPairs: the
	// candidate pairs the fuzzy tier compares, of about total), for a progress display.
	Meter func(step string, total int64) Meter
	// Allowed lists, per column name, the values a picklist column may hold.
	Allowed map[string][]string
	// Users lists active and inactive users and names queues, for the ownership check; nil
	// when no list was given.
	Users *Users
	// Baseline is what drift compares the dataset with; nil when there is none.
	Baseline *DatasetBaseline
	// Rules are the config's consistency rules compiled for the dataset (CompileRules).
	Rules []*Rule
	// Present lists the object types of every dataset in the audit; checks keep values for
	// cross-dataset checks only when the other side is there. Nil means every type.
	Present map[extract.Object]bool
}

// present reports whether a dataset of object type o is in the audit.
func (p *Params) present(o extract.Object) bool { return p.Present == nil || p.Present[o] }

// All is the registry of checks, in report order.
var All = []*Check{Completeness, Duplicates, Staleness, Validity, Consistency, Volume, Drift, Ownership}

// Lookup returns the check with the given ID, or an error listing the valid IDs.
func Lookup(id string) (*Check, error) {
	for _, c := range All {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, fmt.Errorf("unknown check %q (valid: %s)", id, strings.Join(IDs(), ", "))
}

// IDs lists the IDs of the registered checks, in report order.
func IDs() []string {
	ids := make([]string, len(All))
	for i, c := range All {
		ids[i] = c.ID
	}
	return ids
}

// Validate reports a check that lacks an ID, a doc, a constructor or documented metrics (a Doc,
// a Plain sentence and a unit each).
func Validate(cs []*Check) error {
	var errs []error
	seen := map[string]bool{}
	for _, c := range cs {
		switch {
		case c.ID == "":
			errs = append(errs, errors.New("check without ID"))
		case seen[c.ID]:
			errs = append(errs, fmt.Errorf("check %s registered twice", c.ID))
		case c.Doc == "" || c.New == nil:
			errs = append(errs, fmt.Errorf("check %s needs a Doc and a New", c.ID))
		}
		seen[c.ID] = true
		for _, k := range c.Findings {
			if k.ID == "" || k.Severity == "" || k.Action == "" {
				errs = append(errs, fmt.Errorf("check %s: finding kind %q needs an ID, a Severity and an Action", c.ID, k.ID))
			}
		}
		for _, m := range c.Metrics {
			if m.Doc == "" || m.Unit == "" || m.Plain == "" {
				errs = append(errs, fmt.Errorf("check %s: metric %s needs a Doc, a Plain and a Unit", c.ID, m.ID))
			}
		}
	}
	return errors.Join(errs...)
}

// missingRole is the finding for a role a check needs and the dataset lacks.
func missingRole(r extract.Role, why string) Finding {
	return Finding{Kind: missingRoleKind.ID, Column: "", Message: fmt.Sprintf("no column for role %s: %s", r, why)}
}

// Meter counts the work a long step of a check has done. Add and Done are called from one
// goroutine at a time.
type Meter interface {
	Add(n int64)
	// Done ends the step; the meter is not used after.
	Done()
}

// StepFuzzyPairs is the step of the fuzzy duplicate tier that scores candidate pairs: its
// meter counts pairs, not records.
const StepFuzzyPairs = "fuzzy pairs"

// meter starts counting step on p's Meter, or on one that counts nothing.
func (p *Params) meter(step string, total int64) Meter {
	if p == nil || p.Meter == nil {
		return noMeter{}
	}
	return p.Meter(step, total)
}

type noMeter struct{}

func (noMeter) Add(int64) {}
func (noMeter) Done()     {}
