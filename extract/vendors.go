package extract

import (
	"fmt"
	"strings"
)

// Header conventions of particular CRMs' exports, beyond the header dictionary.

// hiddenPrefix starts the hidden columns of a Dynamics 365 "Export to Excel" workbook
// ("(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum"): system keys for re-import,
// not data.
const hiddenPrefix = "(do not modify)"

// isHidden reports whether a header names a Dynamics 365 hidden column.
func isHidden(header string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(header)), hiddenPrefix)
}

// pipedriveEntities maps the entity part of Pipedrive's "Entity - Field" headers to objects.
var pipedriveEntities = map[string]Object{
	"deal": Opportunity, "person": Contact, "organization": Account, "organisation": Account,
	"lead": Lead, "activity": Activity, "product": Product,
}

// pipedriveFields renames a Pipedrive field, per entity, to the header the dictionary knows.
var pipedriveFields = map[Object]map[string]string{
	Opportunity: {"title": "dealname", "value": "dealvalue", "dealcreated": "createddate", "addtime": "createddate",
		"updatetime": "updatedat", "status": "stagename", "stage": "pipelinestage", "organization": "accountname",
		"closetime": "actualclosedate", "wontime": "actualclosedate", "id": "id"},
	Contact:  {"organization": "companyname", "updatetime": "updatedat", "addtime": "createddate", "personcreated": "createddate"},
	Account:  {"name": "name", "address": "street", "updatetime": "updatedat", "addtime": "createddate", "organizationcreated": "createddate"},
	Lead:     {"title": "leadname", "organization": "companyname", "leadcreated": "createddate", "addtime": "createddate"},
	Activity: {"duetime": "createddate", "addtime": "createddate"},
}

// vendorKey normalizes a header after dropping the prefixes of HubSpot's internal property
// names as Fivetran's connector writes them ("property_hs_lastmodifieddate", "property_dealname"),
// what is left is the property's name, which the dictionary knows, and a final parenthesized
// qualifier.
func vendorKey(header string) string {
	h := strings.ToLower(strings.TrimSpace(header))
	if rest, ok := strings.CutPrefix(h, "property_"); ok {
		h = rest
		if plain, ok := strings.CutPrefix(rest, "hs_"); ok && !dictionary[NormalizeHeader(rest)] {
			h = plain // "hs_lastmodifieddate"; but "hs_object_id" is known as it is
		}
	}
	if i := strings.LastIndex(h, " ("); i > 0 && strings.HasSuffix(h, ")") {
		h = h[:i] // a qualifier: "Email (Work)", "Probability (%)", "Amount (converted)"
	}
	return NormalizeHeader(h)
}

// dictionary holds every header of the role dictionary.
var dictionary = func() map[string]bool {
	m := map[string]bool{}
	for _, d := range roleDefs {
		for _, h := range d.headers {
			m[h] = true
		}
	}
	return m
}()

// splitPipedrive splits a Pipedrive header "Deal - Value" into its entity's object and field.
func splitPipedrive(header string) (Object, string, bool) {
	entity, field, ok := strings.Cut(header, " - ")
	if !ok {
		return "", "", false
	}
	obj, ok := pipedriveEntities[strings.ToLower(strings.TrimSpace(entity))]
	return obj, strings.TrimSpace(field), ok
}

// headerKey returns the normalized header a column's role is looked up by in a dataset of
// object type obj: Pipedrive's fields of the dataset's own entity by their field name, an
// organization's name on other entities as the company or account referred to, and nothing
// for other entities' fields. skip is non-empty for columns that are not data.
func headerKey(header string, obj Object) (key, skip string) {
	if isHidden(header) {
		return "", "Dynamics 365 hidden column (Do Not Modify): a system key, not data"
	}
	entity, field, ok := splitPipedrive(header)
	if !ok {
		return vendorKey(header), ""
	}
	f := vendorKey(field)
	switch {
	case entity == obj:
		if k, ok := pipedriveFields[obj][f]; ok {
			return k, ""
		}
		return f, ""
	case entity == Account && f == "name":
		if obj == Opportunity || obj == Activity {
			return "accountname", ""
		}
		return "companyname", ""
	}
	return "", "" // another entity's field: no role here
}

// pipedriveObject returns the entity most of a schema's Pipedrive-style headers belong to.
func pipedriveObject(s *Schema) (Object, string, bool) {
	counts := map[Object]int{}
	best, n := Object(""), 0
	for _, c := range s.Columns {
		if o, _, ok := splitPipedrive(c.Name); ok {
			counts[o]++
			if counts[o] > n || counts[o] == n && o < best {
				best, n = o, counts[o]
			}
		}
	}
	if n == 0 || 2*n < len(s.Columns) && n < 3 {
		return "", "", false
	}
	return best, fmt.Sprintf("Pipedrive headers (%d of %d columns are %s fields)", n, len(s.Columns), best), true
}
