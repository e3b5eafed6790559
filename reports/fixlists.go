package reports

import (
	"errors"

	"github.com/crmready/crmready/checks"
)

// FixLists are the full lists behind a report's capped samples: every finding of each kind and
// every duplicate cluster, per dataset. Only a live audit has them (audit.RunWithLists), for
// --findings DIR; a report, saved or not, holds its samples only. Close removes the temporary
// files the findings wait in.
type FixLists struct {
	datasets map[string]*DatasetLists
}

// DatasetLists are the full lists of one dataset.
type DatasetLists struct {
	// Findings holds a list per kind, keyed as the report names the kind
	// ("staleness.stale_record").
	Findings map[string]*checks.FindingList
	Clusters []checks.Cluster
}

// Dataset returns the lists of the dataset called name, creating them when needed.
func (l *FixLists) Dataset(name string) *DatasetLists {
	if l.datasets == nil {
		l.datasets = map[string]*DatasetLists{}
	}
	d := l.datasets[name]
	if d == nil {
		d = &DatasetLists{Findings: map[string]*checks.FindingList{}}
		l.datasets[name] = d
	}
	return d
}

// AddFindings adds a full list of findings of kind; lists of one kind from several checks are
// merged.
func (d *DatasetLists) AddFindings(kind string, list *checks.FindingList) {
	if prev := d.Findings[kind]; prev != nil {
		prev.Merge(list)
		return
	}
	d.Findings[kind] = list
}

// lookup returns the lists of a dataset, or nil.
func (l *FixLists) lookup(name string) *DatasetLists {
	if l == nil {
		return nil
	}
	return l.datasets[name]
}

// Close releases the temporary files of every list.
func (l *FixLists) Close() error {
	if l == nil {
		return nil
	}
	var errs []error
	for _, d := range l.datasets {
		for _, f := range d.Findings {
			errs = append(errs, f.Close())
		}
	}
	return errors.Join(errs...)
}
