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

// auditDataset reads every part of a dataset in one pass and measures it.
func auditDataset(plan *config.Plan, s datasetSpec, opt Options) (reports.Dataset, error) {
	d := reports.Dataset{Name: s.name, RolesRejected: []string{}}
	ropts := extract.Options{Sheet: s.plan.Sheet, Password: opt.Password, Types: map[string]extract.Type{}}
	for _, c := range s.plan.Columns {
		if c.Type != "" {
			t, _ := extract.ParseType(c.Type) // validated with the config
			ropts.Types[c.Column] = t
		}
	}
	first, err := extract.Open(s.parts[0], ropts)
	if err != nil {
		return d, err
	}
	schema := first.Schema()
	if err := applyColumns(s.parts[0], schema, s.plan.Columns); err != nil {
		first.Close()
		return d, err
	}
	for _, c := range schema.Columns {
		if _, forced := ropts.Types[c.Name]; !forced && c.Skipped == "" {
			ropts.Types[c.Name] = c.Type // later parts read like the first
		}
	}
	sample, err := first.Next()
	if err != nil && err != io.EOF {
		first.Close()
		return d, err
	}
	obj, how := s.plan.Object, "config"
	if obj == "" {
		obj, how = extract.DetectObject(s.parts[0].File, schema)
	}
	d.Object, d.ObjectSource = string(obj), how
	d.RolesRejected = append(d.RolesRejected, extract.DetectRoles(schema, sample, obj)...)

	ds := &checks.Dataset{Name: s.name, Object: obj, Schema: schema}
	p := params(plan, s.plan, obj)
	pl, err := newPipeline(checks.All, ds, p, opt.Workers)
	if err != nil {
		first.Close()
		return d, err
	}
	deleted := ds.Column(extract.RoleDeleted)
	var record int64
	feed := func(b *extract.Batch) {
		b.Record = record
		record += int64(b.Len)
		if deleted >= 0 {
			var n int64
			b, n = dropDeleted(b, deleted)
			d.Deleted += n
		}
		d.Rows += int64(b.Len)
		pl.push(b)
	}
	var bad []int64
	readErr := func() error {
		r := first
		for k, part := range s.parts {
			if k > 0 {
				if r, err = extract.Open(part, ropts); err != nil {
					return err
				}
				if err := sameColumns(s.parts[0], schema, part, r.Schema()); err != nil {
					r.Close()
					return err
				}
			} else if sample != nil {
				feed(sample)
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
			d.Files = append(d.Files, fileReport(part, st))
			bad = addCounts(bad, st.Bad)
		}
		return nil
	}()
	results := pl.finish()
	if readErr != nil {
		return d, readErr
	}
	assemble(&d, schema, results, bad)
	return d, nil
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

func isTrue(v *extract.Vector, i int) bool {
	if v.Null[i] || v.Bad[i] {
		return false
	}
	switch v.Type {
	case extract.Bool:
		return v.Bool[i]
	case extract.Int:
		return v.Int[i] == 1
	case extract.String:
		s := strings.ToLower(strings.TrimSpace(v.Str[i]))
		return s == "true" || s == "1" || s == "yes"
	}
	return false
}

func addCounts(a, b []int64) []int64 {
	if a == nil {
		return slices.Clone(b)
	}
	for i := range a {
		if i < len(b) {
			a[i] += b[i]
		}
	}
	return a
}

func fileReport(p extract.Part, st extract.Stats) reports.File {
	f := reports.File{Path: p.File, Sheet: p.Sheet, Records: st.Records, BlankRows: st.BlankRows, Ragged: st.Ragged,
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

// assemble puts check results into the dataset report.
func assemble(d *reports.Dataset, s *extract.Schema, results []checks.Result, bad []int64) {
	d.Metrics, d.Findings = []checks.Metric{}, []checks.FindingGroup{}
	for k, r := range results {
		d.Metrics = append(d.Metrics, r.Metrics...)
		for _, g := range r.Findings {
			d.Findings = append(d.Findings, prefixKind(checks.All[k].ID, g))
		}
		for j, st := range r.Columns {
			c := s.Columns[j]
			if j < len(bad) {
				st.Unparsed = bad[j]
			}
			d.Columns = append(d.Columns, reports.Column{ColumnStats: st, TypeSource: c.Source, DateFormat: c.DateFormat,
				RoleSource: c.RoleSource, Skipped: c.Skipped})
		}
	}
	for j, c := range s.Columns {
		if j < len(bad) && bad[j] > 0 {
			d.Findings = append(d.Findings, checks.FindingGroup{Kind: "read.unparsed_value", Total: bad[j], Sample: []checks.Finding{{
				Kind: "unparsed_value", Column: c.Name,
				Message: fmt.Sprintf("%d values could not be read as %s; they are kept as text and counted, never dropped", bad[j], c.Type)}}})
		}
	}
}

// prefixKind names a finding group after its check ("duplicates.duplicate_email").
func prefixKind(check string, g checks.FindingGroup) checks.FindingGroup {
	g.Kind = check + "." + g.Kind
	return g
}
