package checks

import (
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

// exportsOf folds a dataset through every exporting check and returns its exports.
func exportsOf(t *testing.T, name string, obj extract.Object, cols ...col) *Exports {
	t.Helper()
	ds, bs := dataset(t, obj, 2, cols...)
	ds.Name = name
	e := NewExports(name, obj)
	for _, c := range All {
		a, err := c.New(ds, testParams())
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			a.Fold(b)
		}
		if x, ok := a.(Exporter); ok {
			x.Export(e)
		}
	}
	return e
}

func TestRelateReferences(t *testing.T) {
	opps := exportsOf(t, "pipeline", extract.Opportunity,
		col{"product", extract.RoleProductRef, extract.String, []string{"GTX Pro", "GTXPro", "GTXPro", "MG Special", "", "Nope"}},
		col{"account", extract.RoleAccountRef, extract.String, []string{"Acme", "Acme", "", "", "", ""}})
	products := exportsOf(t, "products", extract.Product,
		col{"product", extract.RoleName, extract.String, []string{"GTX Pro", "MG Special"}})
	got := Relate([]*Exports{opps, products}, testParams())
	r := got["pipeline"][Validity]
	declared(t, Validity, r)
	checksMetric(t, r, "validity.references.product_ref", "", 2, 5)
	if hasMetric(r, "validity.references.account_ref") {
		t.Error("account references measured without an account dataset")
	}
	g := group(r, "reference_not_found")
	if g.Total != 2 || g.Sample[0].Value != "GTXPro" || !strings.Contains(g.Sample[0].Message, `"GTX Pro" is, once case and spaces are ignored`) || g.Sample[0].Line != 3 {
		t.Errorf("not found = %+v", g)
	}
	if g := group(r, "reference_not_checked"); g.Total != 1 || !strings.Contains(g.Sample[0].Message, "no account dataset") {
		t.Errorf("not checked = %+v", g)
	}
	if _, ok := got["products"]; ok {
		t.Error("products has no references, yet got results")
	}
}

func TestRelateLeadsThatAreContacts(t *testing.T) {
	leads := exportsOf(t, "leads", extract.Lead,
		col{"Email", extract.RoleEmail, extract.String, []string{"a@x.com", "B@x.com", "c@x.com", "d@x.com"}},
		col{"IsConverted", extract.RoleLabel, extract.Bool, []string{"false", "false", "true", ""}})
	contacts := exportsOf(t, "contacts", extract.Contact,
		col{"Email", extract.RoleEmail, extract.String, []string{"b@x.com", "c@x.com", "d@x.com", "e@x.com"}})
	r := Relate([]*Exports{leads, contacts}, testParams())["leads"][Duplicates]
	declared(t, Duplicates, r)
	// b (case aside) and d (no label: not converted) are unconverted leads already contacts; c converted.
	checksMetric(t, r, "duplicates.lead_is_contact", "", 2, 0)
	if g := group(r, "lead_is_contact"); g.Total != 2 {
		t.Errorf("findings = %+v", g)
	}
}

func TestCloseDateRequiredOnlyWhenClosed(t *testing.T) {
	ds, bs := dataset(t, extract.Opportunity, 2,
		col{"StageName", extract.RoleStage, extract.String, []string{"Closed Won", "Closed Lost", "Prospecting", "Engaging", "Won"}},
		col{"CloseDate", extract.RoleCloseDate, extract.Time, []string{"2026-01-01", "", "", "", "2026-02-01"}})
	r := run(t, Completeness, ds, testParams(), bs)
	checksMetric(t, r, "completeness.close_date", "", 2, 3)
	if st := r.Columns[1]; st.Missing != 3 || st.NotRequired != 2 || st.RequiredWhen == "" {
		t.Errorf("column stats = %+v", st)
	}
	if g := group(r, "missing_value"); g.Total != 1 || g.Sample[0].Record != 2 {
		t.Errorf("missing findings = %+v, want only the closed-lost deal", g)
	}
}
