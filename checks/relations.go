package checks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/crmready/crmready/extract"
)

// Exports are what one dataset offers to the checks that span datasets: the values that name
// its records, the values of its references to other datasets, and its email keys. Analyzers
// that take part implement Exporter.
type Exports struct {
	Dataset string
	Object  extract.Object
	// Keys are the distinct values (trimmed) of the columns that name this dataset's records:
	// identifiers, and the company, product or person name.
	Keys map[string]bool
	// Refs holds, per reference role (account_ref, product_ref, owner), the values used.
	Refs map[extract.Role]*RefValues
	// Emails maps the hash of each normalized email to the first record holding it; for leads,
	// only unconverted leads' emails. Nil when the dataset offers none.
	Emails KeyShards
	// Truncated is set when a set grew past its cap and was dropped.
	Truncated bool
}

// RefValues are the distinct values of one reference column, with how many records use each and
// the first of them.
type RefValues struct {
	Column string
	Counts map[string]int64
	First  map[string]Finding // the location of the first record using each value
}

// Exporter is implemented by analyzers that contribute to cross-dataset checks.
type Exporter interface {
	Export(e *Exports)
}

// NewExports returns empty exports for a dataset.
func NewExports(name string, obj extract.Object) *Exports {
	return &Exports{Dataset: name, Object: obj, Keys: map[string]bool{}, Refs: map[extract.Role]*RefValues{}}
}

// refTargets says which object type each reference role points to.
var refTargets = map[extract.Role]extract.Object{
	extract.RoleAccountRef: extract.Account,
	extract.RoleProductRef: extract.Product,
	extract.RoleOwner:      extract.User,
}

// Relate runs the checks that span datasets: references that point to nothing
// (validity.references.<role>) and unconverted leads that are already contacts
// (duplicates.lead_is_contact). It returns, per dataset name, results to add to its own, keyed
// by the check they belong to.
func Relate(all []*Exports, p *Params) map[string]map[*Check]Result {
	out := map[string]map[*Check]Result{}
	add := func(ds string, check *Check, r Result) {
		if out[ds] == nil {
			out[ds] = map[*Check]Result{}
		}
		prev := out[ds][check]
		prev.Metrics = append(prev.Metrics, r.Metrics...)
		prev.Findings = append(prev.Findings, r.Findings...)
		out[ds][check] = prev
	}
	for _, e := range all {
		if r, ok := references(e, all, p); ok {
			add(e.Dataset, Validity, r)
		}
		if e.Object == extract.Lead {
			if r, ok := leadsAsContacts(e, all, p); ok {
				add(e.Dataset, Duplicates, r)
			}
		}
	}
	return out
}

// references checks each reference column of e against the datasets it points to.
func references(e *Exports, all []*Exports, p *Params) (Result, bool) {
	var r Result
	fs := p.NewFindings()
	roles := make([]extract.Role, 0, len(e.Refs))
	for role := range e.Refs {
		roles = append(roles, role)
	}
	slices.Sort(roles)
	for _, role := range roles {
		ref := e.Refs[role]
		target := refTargets[role]
		var targets []*Exports
		for _, t := range all {
			if t.Object == target && !t.Truncated {
				targets = append(targets, t)
			}
		}
		if len(targets) == 0 {
			if role != extract.RoleOwner {
				fs.Add(Finding{Kind: "reference_not_checked", Column: ref.Column,
					Message: fmt.Sprintf("%s not checked: no %s dataset was given", role, target)})
			}
			continue
		}
		found, total := int64(0), int64(0)
		var near map[string]string // built at the first missing reference
		values := make([]string, 0, len(ref.Counts))
		for v := range ref.Counts {
			values = append(values, v)
		}
		slices.SortFunc(values, func(a, b string) int { return cmp.Or(cmp.Compare(ref.Counts[b], ref.Counts[a]), cmp.Compare(a, b)) })
		for _, v := range values {
			n := ref.Counts[v]
			total += n
			if inAny(targets, v) {
				found += n
				continue
			}
			msg := fmt.Sprintf("%d records reference %s %q, which is not in %s", n, target, v, names(targets))
			if near == nil {
				near = normalizedKeys(targets)
			}
			if k := near[extract.NormalizeHeader(v)]; k != "" {
				msg += fmt.Sprintf(" (%q is, once case and spaces are ignored)", k)
			}
			f := ref.First[v]
			f.Kind, f.Column, f.Value, f.Message = "reference_not_found", ref.Column, v, msg+" (first at this record)"
			fs.Add(f)
		}
		m := ratioMetric(Validity.Metrics[7], "validity.references."+string(role), found, total)
		m.Column = ref.Column
		r.Metrics = append(r.Metrics, m)
	}
	r.Findings = fs.Groups()
	return r, len(r.Metrics) > 0 || len(r.Findings) > 0
}

func inAny(ts []*Exports, v string) bool {
	for _, t := range ts {
		if t.Keys[v] {
			return true
		}
	}
	return false
}

func names(ts []*Exports) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.Dataset
	}
	return strings.Join(s, ", ")
}

// normalizedKeys maps each target key, once case, spaces and punctuation are ignored, to the
// smallest key that normalizes to it: what a missing reference is suggested instead. It is
// built once per reference role, so that each missing value costs one lookup, not a pass over
// every key.
func normalizedKeys(ts []*Exports) map[string]string {
	out := map[string]string{}
	for _, t := range ts {
		for key := range t.Keys {
			k := extract.NormalizeHeader(key)
			if best, ok := out[k]; !ok || key < best {
				out[k] = key
			}
		}
	}
	return out
}

// leadsAsContacts counts unconverted leads whose normalized email a contact already has.
func leadsAsContacts(lead *Exports, all []*Exports, p *Params) (Result, bool) {
	var contacts []*Exports
	for _, e := range all {
		if e.Object == extract.Contact && e.Emails != nil {
			contacts = append(contacts, e)
		}
	}
	if len(contacts) == 0 || lead.Emails == nil {
		return Result{}, false
	}
	fs := p.NewFindings()
	var n int64
	lead.Emails.Each(func(h uint64, rec int64) {
		for _, c := range contacts {
			if crec, ok := c.Emails.Get(h); ok {
				n++
				fs.Add(Finding{Kind: "lead_is_contact", Record: rec,
					Message: fmt.Sprintf("unconverted lead with the email of %s record %d", c.Dataset, crec)})
				return
			}
		}
	})
	return Result{Metrics: []Metric{countMetric(Duplicates.Metrics[mLeadIsContact], n)}, Findings: fs.Groups()}, true
}
