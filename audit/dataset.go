package audit

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/reports"
)

// opened is a dataset whose first part is open, with its object type and column roles detected
// from the file name, the headers and the first batch of values.
type opened struct {
	spec      datasetSpec
	first     extract.Reader
	ropts     extract.Options // for later parts: typed like the first
	schema    *extract.Schema
	sample    *extract.Batch // the first batch; nil for a file without records
	object    extract.Object
	objectHow string
	rejected  []string
	rules     []*checks.Rule          // the config's rules for this dataset, compiled by compileRules
	baseline  *checks.DatasetBaseline // what drift compares it with; nil for none
}

// openDataset opens a dataset's first part and detects what it holds.
func openDataset(s datasetSpec, opt Options) (*opened, error) {
	o := &opened{spec: s, ropts: extract.Options{Sheet: s.plan.Sheet, Password: opt.Password, BatchSize: opt.BatchSize, Types: map[string]extract.Type{}}}
	for _, c := range s.plan.Columns {
		if c.Type != "" {
			t, _ := extract.ParseType(c.Type) // validated with the config
			o.ropts.Types[c.Column] = t
		}
	}
	var err error
	if o.first, err = extract.Open(s.parts[0], o.ropts); err != nil {
		return nil, err
	}
	o.schema = o.first.Schema()
	if err := applyColumns(s.parts[0], o.schema, s.plan.Columns); err != nil {
		o.first.Close()
		return nil, err
	}
	for _, c := range o.schema.Columns {
		if _, forced := o.ropts.Types[c.Name]; !forced && c.Skipped == "" {
			o.ropts.Types[c.Name] = c.Type // later parts read like the first
		}
	}
	if o.sample, err = o.first.Next(); err != nil && err != io.EOF {
		o.first.Close()
		return nil, err
	}
	o.object, o.objectHow = s.plan.Object, "config"
	if o.object == "" {
		names := []string{s.parts[0].File}
		if s.parts[0].Sheet != "" {
			names = append(names, s.parts[0].Sheet)
		}
		d := extract.DecideObject(names, o.schema)
		o.object, o.objectHow = d.Object, d.String()
	}
	o.rejected = extract.DetectRoles(o.schema, o.sample, o.object)
	return o, nil
}

// compileRules compiles the config's consistency rules for the dataset, type-checked against its
// columns, before any record is read: a rule naming a column the dataset lacks is a config error.
func (o *opened) compileRules(plan *config.Plan) error {
	var err error
	o.rules, err = checks.CompileRules(plan.Rules, &checks.Dataset{Name: o.spec.name, Object: o.object, Schema: o.schema}, plan.AsOf)
	if err != nil {
		return fmt.Errorf("%s: %w", orDefault(plan.ConfigFile, "config"), err)
	}
	return nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// measured is what one pass over a dataset gave.
type measured struct {
	results results
	exports *checks.Exports
	rows    int64
	deleted int64
	files   []reports.File
}

// measure reads every part of an opened dataset once, folding each batch through the checks, and
// closes it. Soft-deleted records are left out and counted.
func (o *opened) measure(cs []*checks.Check, p *checks.Params, opt Options) (*measured, error) {
	m := &measured{exports: checks.NewExports(o.spec.name, o.object)}
	ds := &checks.Dataset{Name: o.spec.name, Object: o.object, Schema: o.schema}
	if e, ok := o.first.(extract.RowEstimator); ok {
		ds.RowsHint = e.EstimatedRows() // the first part's; a split export grows the tables as it goes
	}
	total := ds.RowsHint
	if len(o.spec.parts) > 1 {
		total = 0 // the other parts' sizes are not known yet
	}
	read := progressOf(opt).Phase(o.spec.name, PhaseRead, total)
	pl, err := newPipeline(cs, ds, p, opt, total)
	if err != nil {
		read.Done()
		o.first.Close()
		return nil, err
	}
	deleted := ds.Column(extract.RoleDeleted)
	mark := p.Marker(ds)
	var record int64
	feed := func(b *extract.Batch) {
		b.Record = record
		record += int64(b.Len)
		read.Add(int64(b.Len))
		if deleted >= 0 {
			var n int64
			b, n = dropDeleted(b, deleted)
			m.deleted += n
		}
		m.rows += int64(b.Len)
		mark(b) // once, before any check looks: placeholders are not matched again per check
		pl.push(b)
	}
	readErr := func() error {
		r := o.first
		for k, part := range o.spec.parts {
			if k > 0 {
				if r, err = extract.Open(part, o.ropts); err != nil {
					return err
				}
				if err := sameColumns(o.spec.parts[0], o.schema, part, r.Schema()); err != nil {
					r.Close()
					return err
				}
			} else if o.sample != nil {
				feed(o.sample)
			}
			for {
				b, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					r.Close()
					return err
				}
				feed(b)
			}
			st := r.Stats()
			r.Close()
			m.files = append(m.files, fileReport(part, st))
		}
		return nil
	}()
	read.Done()
	m.results = pl.finish(m.exports)
	return m, readErr
}

// auditDataset reads every part of an opened dataset in one pass and measures it with every
// check; present lists the object types of every dataset in the audit, users the user list
// (nil for none); lists, when not nil, receives the full fix lists.
func auditDataset(plan *config.Plan, o *opened, present map[extract.Object]bool, users *checks.Users, opt Options, lists *reports.FixLists) (reports.Dataset, *checks.Exports, error) {
	s := o.spec
	p := params(plan, s.plan, o.object)
	p.Present, p.Users, p.Baseline = present, users, o.baseline
	p.Rules = o.rules
	p.FullLists = lists != nil
	m, err := o.measure(checks.All, p, opt)
	if err != nil {
		return reports.Dataset{}, nil, err
	}
	d := reports.Dataset{Name: s.name, Object: string(o.object), ObjectSource: o.objectHow, Files: m.files,
		Rows: m.rows, Deleted: m.deleted, RolesRejected: append([]string{}, o.rejected...)}
	assemble(&d, o.schema, checks.All, m.results, plan.MaxFindings, lists)
	return d, m.exports, nil
}

// applyColumns applies the config's column settings to a schema; a column the config names that
// the file does not have is an error.
func applyColumns(part extract.Part, s *extract.Schema, cols []config.Column) error {
	for _, c := range cols {
		j := s.Index(c.Column)
		if j < 0 {
			return fmt.Errorf("%s: column %q named in the config not found (columns: %s)", part, c.Column, strings.Join(s.Names(), ", "))
		}
		col := &s.Columns[j]
		if c.Ignore {
			col.Skipped = "ignored by config"
			continue
		}
		if c.Role != "" {
			col.Role, col.RoleSource = extract.Role(c.Role), "config"
		}
	}
	return nil
}

// sameColumns checks that a later part of a dataset has the columns of the first.
func sameColumns(p0 extract.Part, s0 *extract.Schema, p extract.Part, s *extract.Schema) error {
	a, b := s0.Names(), s.Names()
	if slices.Equal(a, b) {
		return nil
	}
	var missing, extra []string
	for _, n := range a {
		if !slices.Contains(b, n) {
			missing = append(missing, n)
		}
	}
	for _, n := range b {
		if !slices.Contains(a, n) {
			extra = append(extra, n)
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return fmt.Errorf("%s: columns are in a different order than in %s", p, p0)
	}
	return fmt.Errorf("%s: columns differ from %s (missing: %s; extra: %s)", p, p0, orNone(missing), orNone(extra))
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// dropDeleted removes soft-deleted rows (deleted flag true) and returns how many it removed.
func dropDeleted(b *extract.Batch, col int) (*extract.Batch, int64) {
	v := b.Cols[col]
	keep := make([]bool, b.Len)
	var n int64
	for i := range keep {
		keep[i] = !isTrue(v, i)
		if !keep[i] {
			n++
		}
	}
	if n == 0 {
		return b, 0
	}
	return b.Keep(keep), n
}

// isTrue reads a soft-delete flag: set only when extract.YesNo reads it as yes.
func isTrue(v *extract.Vector, i int) bool {
	yes, ok := extract.YesNo(v, i)
	return ok && yes
}

func fileReport(p extract.Part, st extract.Stats) reports.File {
	f := reports.File{Path: p.File, Sheet: p.Sheet, Records: st.Records, BlankRows: st.BlankRows, Ragged: st.Ragged,
		HeaderRepeats: st.HeaderRepeats, FooterRows: st.FooterRows,
		Encoding: st.Decoded, Delimiter: st.Delimiter, Replaced: st.Replaced, Notes: slices.Clone(st.Notes)}
	if f.Notes == nil {
		f.Notes = []string{}
	}
	if st.Ragged > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("%d records have more or fewer fields than the header (first at line %s); missing fields read as empty, extra fields ignored",
			st.Ragged, joinInts(st.RaggedSample)))
	}
	return f
}

func joinInts(xs []int64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

// assemble puts the results of the checks cs, in their order, into the dataset report; lists,
// when not nil, takes the full lists of findings and clusters, and the report keeps maxFindings
// clusters.
func assemble(d *reports.Dataset, s *extract.Schema, cs []*checks.Check, rs results, maxFindings int, lists *reports.FixLists) {
	d.Metrics, d.Findings, d.Clusters = []checks.Metric{}, []checks.FindingGroup{}, []checks.Cluster{}
	for _, c := range cs {
		r, ok := rs[c]
		if !ok {
			continue
		}
		d.Metrics = append(d.Metrics, r.Metrics...)
		d.Clusters = append(d.Clusters, r.Clusters...)
		d.ClustersTotal += r.ClustersTotal
		for _, g := range r.Findings {
			d.Findings = append(d.Findings, keepFull(d.Name, prefixKind(c.ID, g), lists))
		}
		for j, st := range r.Columns {
			c := s.Columns[j]
			d.Columns = append(d.Columns, reports.Column{ColumnStats: st, TypeSource: c.Source, DateFormat: c.DateFormat,
				RoleSource: c.RoleSource, Skipped: c.Skipped})
		}
	}
	if lists != nil {
		lists.Dataset(d.Name).Clusters = d.Clusters
		d.Clusters = d.Clusters[:min(len(d.Clusters), max(maxFindings, 0))]
	}
}

// keepFull moves a group's full list, if it has one, into lists and returns the group as the
// report keeps it.
func keepFull(dataset string, g checks.FindingGroup, lists *reports.FixLists) checks.FindingGroup {
	if l := g.Full(); l != nil && lists != nil {
		lists.Dataset(dataset).AddFindings(g.Kind, l)
	}
	return g.WithoutFull()
}

// prefixKind names a finding group after its check ("duplicates.duplicate_email").
func prefixKind(check string, g checks.FindingGroup) checks.FindingGroup {
	g.Kind = check + "." + g.Kind
	return g
}

// addRelated adds the results of the cross-dataset checks to a dataset report.
func addRelated(d *reports.Dataset, related map[*checks.Check]checks.Result, lists *reports.FixLists) {
	for _, c := range checks.All {
		r, ok := related[c]
		if !ok {
			continue
		}
		d.Metrics = append(d.Metrics, r.Metrics...)
		for _, g := range r.Findings {
			d.Findings = append(d.Findings, keepFull(d.Name, prefixKind(c.ID, g), lists))
		}
	}
}
