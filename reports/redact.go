package reports

import (
	"strings"
	"unicode/utf8"

	"github.com/crmready/crmready/extract"
)

// personal lists the roles whose values identify a person.
var personal = map[string]bool{
	string(extract.RoleEmail): true, string(extract.RolePhone): true, string(extract.RoleFirstName): true,
	string(extract.RoleLastName): true, string(extract.RoleFullName): true,
}

// Redacted returns a copy of r whose finding values in email, phone and name columns are masked
// ("j***@acme.com", "***67", "J***"). Placeholder values are kept: they are not personal data.
func Redacted(r *Report) *Report {
	out := *r
	out.Datasets = make([]Dataset, len(r.Datasets))
	for i, d := range r.Datasets {
		roles := map[string]string{}
		for _, c := range d.Columns {
			roles[c.Name] = c.Role
		}
		d.Findings = append(d.Findings[:0:0], d.Findings...)
		for k, g := range d.Findings {
			g.Sample = append(g.Sample[:0:0], g.Sample...)
			for j, f := range g.Sample {
				if personal[roles[f.Column]] {
					g.Sample[j].Value = Mask(f.Value, roles[f.Column])
				}
			}
			d.Findings[k] = g
		}
		out.Datasets[i] = d
	}
	return &out
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
