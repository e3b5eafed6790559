package reports

import (
	"strings"
	"unicode/utf8"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/extract"
)

// personal lists the roles whose values identify a person.
var personal = map[string]bool{
	string(extract.RoleEmail): true, string(extract.RolePhone): true, string(extract.RoleFirstName): true,
	string(extract.RoleLastName): true, string(extract.RoleFullName): true,
}

// Redacted returns a copy of r whose record values in email, phone and name columns are masked
// ("j***@acme.com", "***67", "J***"), in finding samples and duplicate clusters. A value not
// tied to a column of the dataset (a duplicate's name-at-company key) is masked too. Placeholder
// values are kept: they are not personal data.
func Redacted(r *Report) *Report {
	out := *r
	out.Datasets = make([]Dataset, len(r.Datasets))
	for i, d := range r.Datasets {
		m := newMasker(&d, true)
		d.Findings = append(d.Findings[:0:0], d.Findings...)
		for k, g := range d.Findings {
			g.Sample = append(g.Sample[:0:0], g.Sample...)
			for j, f := range g.Sample {
				g.Sample[j] = m.finding(f)
			}
			d.Findings[k] = g
		}
		d.Clusters = append(d.Clusters[:0:0], d.Clusters...)
		for k, c := range d.Clusters {
			d.Clusters[k] = m.cluster(c)
		}
		out.Datasets[i] = d
	}
	return &out
}

// masker masks the personal values of one dataset; the zero masker masks nothing.
type masker struct {
	roles map[string]string // column name -> role
}

// newMasker returns a masker for d's columns, or one that masks nothing when !on.
func newMasker(d *Dataset, on bool) masker {
	if !on {
		return masker{}
	}
	m := masker{roles: map[string]string{}}
	for _, c := range d.Columns {
		m.roles[c.Name] = c.Role
	}
	return m
}

// value masks v, a value of column col.
func (m masker) value(col, v string) string {
	if m.roles == nil || v == "" {
		return v
	}
	role, known := m.roles[col]
	if !known { // a key built from several columns: assume it names someone
		return Mask(v, "")
	}
	if personal[role] {
		return Mask(v, role)
	}
	return v
}

func (m masker) finding(f checks.Finding) checks.Finding {
	f.Value = m.value(f.Column, f.Value)
	return f
}

func (m masker) cluster(c checks.Cluster) checks.Cluster {
	if m.roles == nil {
		return c
	}
	c.Members = append(c.Members[:0:0], c.Members...)
	for i, mb := range c.Members {
		mb.Values = append(mb.Values[:0:0], mb.Values...)
		for k := range mb.Values {
			if k < len(c.Columns) {
				mb.Values[k] = m.value(c.Columns[k], mb.Values[k])
			} else {
				mb.Values[k] = Mask(mb.Values[k], "")
			}
		}
		c.Members[i] = mb
	}
	return c
}

// Mask hides a personal value, keeping enough to recognise its shape: an email keeps its first
// letter and domain, a phone its last two digits, a name its initial.
func Mask(v, role string) string {
	if v == "" {
		return ""
	}
	switch role {
	case string(extract.RoleEmail):
		if at := strings.LastIndexByte(v, '@'); at > 0 {
			r, _ := utf8.DecodeRuneInString(v)
			return string(r) + "***" + v[at:]
		}
	case string(extract.RolePhone):
		digits := 0
		for i := len(v) - 1; i >= 0; i-- {
			if v[i] >= '0' && v[i] <= '9' {
				digits++
				if digits == 2 {
					return "***" + v[i:]
				}
			}
		}
		return "***"
	}
	r, _ := utf8.DecodeRuneInString(v)
	return string(r) + "***"
}
