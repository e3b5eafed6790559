package checks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/crmready/crmready/extract"
)

// Completeness measures the share of values present, per column and per role. A value is missing
// when it is null, empty, only white space, or a placeholder.
var Completeness = &Check{
	ID:       "completeness",
	Doc:      "share of records with a value, per role and per column (null, blank and placeholder values are missing)",
	Findings: completenessFindings,
	Metrics: []MetricDef{
		{ID: "completeness.<role>", Unit: Ratio, HigherIsBetter: true, Doc: "non-missing values / records in the column holding the role", Needs: "no column for role <role>", Plain: "{1-value} of {records} have no {role}"},
		{ID: "completeness.overall", Unit: Ratio, HigherIsBetter: true, Doc: "non-missing cells / cells, over every column", Plain: "{1-value} of the cells of {records} are empty or placeholders"},
	},
	New: newCompleteness,
}

// ColumnStats are the completeness figures of one column.
type ColumnStats struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Role string `json:"role,omitempty"`
	// Rows is the number of records.
	Rows int64 `json:"rows"`
	// Empty counts nulls, empty and white-space-only values.
	Empty int64 `json:"empty"`
	// Placeholder counts placeholder values; Placeholders lists the most frequent.
	Placeholder  int64        `json:"placeholder"`
	Placeholders []ValueCount `json:"placeholders,omitempty"`
	// Missing is Empty + Placeholder; Completeness is 1 - Missing/Rows.
	Missing      int64   `json:"missing"`
	Completeness float64 `json:"completeness"`
	// NotRequired counts missing values on records that need none (a close date on an open
	// opportunity); the role's metric leaves those records out. RequiredWhen says which
	// records need a value.
	NotRequired  int64  `json:"not_required,omitempty"`
	RequiredWhen string `json:"required_when,omitempty"`
	// Unparsed counts present values that could not be read as Type (placeholders excluded:
	// they are missing). They are kept as text, never dropped.
	Unparsed int64 `json:"unparsed"`
}

// ValueCount is a value and how often it occurs.
type ValueCount struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
}

// addCapped adds n to the count of s in m, a copy of s becoming the key when m holds fewer than
// limit values; it reports false, counting nothing, when s is new and m is full. The caller
// notes that its counts are a lower bound.
func addCapped(m map[string]int64, s string, n int64, limit int) bool {
	if _, ok := m[s]; ok {
		m[s] += n
		return true
	}
	if len(m) >= limit {
		return false
	}
	m[strings.Clone(s)] = n
	return true
}

// byCount orders value counts most frequent first, then by value.
func byCount(a, b ValueCount) int {
	return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
}

// sortedCounts lists the values of m with their counts, most frequent first, then by value; the
// list is empty, not nil, when m is.
func sortedCounts(m map[string]int64) []ValueCount {
	out := make([]ValueCount, 0, len(m))
	for v, n := range m {
		out = append(out, ValueCount{v, n})
	}
	slices.SortFunc(out, byCount)
	return out
}

const maxPlaceholderValues = 5

type completeness struct {
	ds       *Dataset
	p        *Params
	rows     int64
	empty    []int64
	unparsed []int64
	// excused counts missing values on records that need none; required says, per column, when
	// a record needs a value (nil: always), with requiredWhen describing it.
	excused      []int64
	required     []func(b *extract.Batch, i int) bool
	requiredWhen []string
	requiredRows []int64
	ph           []map[string]int64 // per column: placeholder text (trimmed) -> count
	dict         []*Placeholders    // per column
	finding      *Findings
}

func newCompleteness(ds *Dataset, p *Params) (Analyzer, error) {
	n := len(ds.Schema.Columns)
	c := &completeness{ds: ds, p: p, empty: make([]int64, n), unparsed: make([]int64, n), ph: make([]map[string]int64, n), finding: p.NewFindings()}
	for i := range c.ph {
		c.ph[i] = map[string]int64{}
	}
	c.dict = p.placeholdersFor(ds)
	c.excused, c.requiredRows = make([]int64, n), make([]int64, n)
	c.required, c.requiredWhen = make([]func(*extract.Batch, int) bool, n), make([]string, n)
	c.conditions()
	return c, nil
}

// conditions sets the built-in rules for values only some records need: an opportunity has a
// close date once it is closed (won or lost); open deals may not have one yet.
func (c *completeness) conditions() {
	stage := c.ds.Column(extract.RoleStage)
	if c.ds.Object != extract.Opportunity || stage < 0 {
		return
	}
	if j := c.ds.Column(extract.RoleCloseDate); j >= 0 {
		c.required[j] = func(b *extract.Batch, i int) bool {
			s := b.Cols[stage]
			return !s.Null[i] && c.p.Stages.Outcome(s.Text(i)) != Open
		}
		c.requiredWhen[j] = "closed (won or lost) opportunities"
	}
}

func (c *completeness) Fold(b *extract.Batch) {
	c.rows += int64(b.Len)
	for j, v := range b.Cols {
		col := &c.ds.Schema.Columns[j]
		req := c.required[j]
		for i := 0; i < b.Len; i++ {
			needed := req == nil || req(b, i)
			if needed {
				c.requiredRows[j]++
			}
			switch {
			case v.Null[i]:
				c.empty[j]++
			case isMissing(v, i, c.dict[j]):
				k := placeholderText(v, i)
				if _, ok := c.ph[j][k]; !ok {
					k = strings.Clone(k)
				}
				c.ph[j][k]++
			default:
				if v.Bad[i] {
					c.unparsed[j]++
				}
				continue
			}
			if !needed {
				c.excused[j]++
				continue
			}
			if col.Role != "" && col.Role != extract.RoleID {
				c.finding.Lazy("missing_value", b.RecordNo(i), func() Finding {
					return At(b, i, "missing_value", col.Name, v.Text(i), fmt.Sprintf("%s is missing", col.Role))
				})
			}
		}
	}
}

// placeholderText is how a placeholder value is shown: its trimmed text, or a placeholder date.
func placeholderText(v *extract.Vector, i int) string {
	if v.Str != nil {
		return strings.TrimSpace(v.Str[i])
	}
	return v.Format(i)
}

func (c *completeness) Merge(other Analyzer) {
	o := other.(*completeness)
	c.rows += o.rows
	for j := range c.empty {
		c.empty[j] += o.empty[j]
		c.unparsed[j] += o.unparsed[j]
		c.excused[j] += o.excused[j]
		c.requiredRows[j] += o.requiredRows[j]
		for k, n := range o.ph[j] {
			c.ph[j][k] += n
		}
	}
	c.finding.Merge(o.finding)
}

func (c *completeness) Result() Result {
	var r Result
	var missingCells, cells int64
	for j, col := range c.ds.Schema.Columns {
		st := ColumnStats{Name: col.Name, Type: col.Type.String(), Role: string(col.Role), Rows: c.rows, Empty: c.empty[j], Unparsed: c.unparsed[j]}
		for v, n := range c.ph[j] {
			st.Placeholder += n
			st.Placeholders = append(st.Placeholders, ValueCount{v, n})
		}
		slices.SortFunc(st.Placeholders, byCount)
		st.Placeholders = st.Placeholders[:min(len(st.Placeholders), maxPlaceholderValues)]
		st.Missing = st.Empty + st.Placeholder
		st.Completeness = 1 - ratio(st.Missing, c.rows)
		st.NotRequired, st.RequiredWhen = c.excused[j], c.requiredWhen[j]
		if col.Skipped != "" {
			r.Columns = append(r.Columns, st)
			continue // not decoded: says nothing about the data
		}
		r.Columns = append(r.Columns, st)
		missingCells += st.Missing
		cells += c.rows
	}
	def := Completeness.Metrics[0]
	seen := map[extract.Role]bool{}
	for j, col := range c.ds.Schema.Columns {
		if col.Role == "" || seen[col.Role] {
			continue
		}
		seen[col.Role] = true
		st := r.Columns[j]
		need := c.requiredRows[j]
		m := ratioMetric(def, "completeness."+string(col.Role), need-(st.Missing-st.NotRequired), need)
		m.Column = col.Name
		r.Metrics = append(r.Metrics, m)
	}
	r.Metrics = append(r.Metrics, ratioMetric(Completeness.Metrics[1], "", cells-missingCells, cells))
	r.Findings = c.finding.Groups()
	return r
}
