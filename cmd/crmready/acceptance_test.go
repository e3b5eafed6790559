package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/internal/testkit"
	"github.com/crmready/crmready/reports"
)

// The acceptance tests audit real CRM extracts nobody here wrote, with no config beyond what
// `crmready init` writes (plus as_of), and assert what a careful analyst finds there. The numbers
// were counted independently (see the issue and the closing note).

// initAndAudit runs init on files, then audit with the config it wrote and the extra args, and
// returns the exit code and the JSON report.
func initAndAudit(t *testing.T, files []string, args ...string) (int, *reports.Report) {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "crmready.yaml")
	if code, _, stderr := cli(t, append([]string{"init", "--out", cfg}, files...)...); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := cli(t, append([]string{"audit", "--config", cfg, "--format", "json", "--max-findings", "1000"}, args...)...)
	if code == 2 {
		t.Fatalf("audit: exit 2: %s", stderr)
	}
	var r reports.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("report: %v", err)
	}
	return code, &r
}

func dataset(t *testing.T, r *reports.Report, name string) reports.Dataset {
	t.Helper()
	for _, d := range r.Datasets {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no dataset %q", name)
	return reports.Dataset{}
}

func column(t *testing.T, d reports.Dataset, name string) reports.Column {
	t.Helper()
	for _, c := range d.Columns {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("%s: no column %q", d.Name, name)
	return reports.Column{}
}

func metricOf(t *testing.T, d reports.Dataset, id, window string) checks.Metric {
	t.Helper()
	for _, m := range d.Metrics {
		if m.ID == id && m.Window == window {
			return m
		}
	}
	t.Fatalf("%s: no metric %s[%s]", d.Name, id, window)
	return checks.Metric{}
}

func findings(d reports.Dataset, kind string) []checks.Finding {
	for _, g := range d.Findings {
		if g.Kind == kind {
			return g.Sample
		}
	}
	return nil
}

func verdict(t *testing.T, r *reports.Report, useCase string) reports.UseCase {
	t.Helper()
	for _, u := range r.UseCases {
		if u.UseCase == useCase {
			return u
		}
	}
	t.Fatalf("no use case %q", useCase)
	return reports.UseCase{}
}

func TestAcceptanceXEducationLeads(t *testing.T) {
	file := testkit.Data(t, "crm/xeducation_leads/Leads.csv")
	_, r := initAndAudit(t, []string{file}, "--as-of", "2016-01-01")
	d := dataset(t, r, "Leads")
	if d.Object != "lead" || d.Rows != 9237 {
		t.Errorf("object %s, %d rows; want lead, 9237", d.Object, d.Rows)
	}
	// "Select" is what the web form stored when nobody chose: a placeholder.
	for name, want := range map[string]int64{"Specialization": 1942, "How did you hear about X Education": 5041, "Lead Profile": 4144, "City": 2248} {
		c := column(t, d, name)
		if c.Placeholder != want || len(c.Placeholders) == 0 || c.Placeholders[0].Value != "Select" {
			t.Errorf("%s: %d placeholders %v, want %d Select", name, c.Placeholder, c.Placeholders, want)
		}
	}
	if c := column(t, d, "Specialization"); c.Missing != 1942+1438 {
		t.Errorf("Specialization missing = %d, want 1,942 Select + 1,438 blank", c.Missing)
	}
	for _, id := range []string{"Prospect ID", "Lead Number"} {
		if c := column(t, d, id); c.Role != "id" {
			t.Errorf("%s role %q, want id", id, c.Role)
		}
	}
	if m := metricOf(t, d, "duplicates.exact.record", ""); m.Count != 1281 {
		t.Errorf("records equal on every non-id column = %d, want 1,281", m.Count)
	}
	if m := metricOf(t, d, "duplicates.exact.clusters", ""); m.Count != 196 {
		t.Errorf("clusters = %d, want 196", m.Count)
	}
	variant := false
	for _, f := range findings(d, "validity.picklist_variant") {
		variant = variant || f.Column == "Lead Source" && f.Value == "google" && strings.Contains(f.Message, `"Google"`)
	}
	if !variant {
		t.Errorf("Google/google not flagged as variants of one Lead Source value: %v", findings(d, "validity.picklist_variant"))
	}
	if c := column(t, d, "Last Activity"); c.Role == "last_activity_at" || c.Type != "string" {
		t.Errorf("Last Activity (values like Email Opened) became %s %s", c.Role, c.Type)
	}
	if c := column(t, d, "Converted"); c.Role != "label" {
		t.Errorf("Converted role %q, want label", c.Role)
	}
}

func TestAcceptanceMavenOpportunities(t *testing.T) {
	dir := testkit.Data(t, "crm/maven_crm_sales_opportunities")
	files := []string{dir + "/accounts.csv", dir + "/products.csv", dir + "/sales_pipeline.csv", dir + "/sales_teams.csv"}

	code, r := initAndAudit(t, files, "--as-of", "2018-01-01")
	pipe := dataset(t, r, "sales_pipeline")
	if pipe.Object != "opportunity" || pipe.Rows != 8800 {
		t.Fatalf("pipeline: %s, %d rows", pipe.Object, pipe.Rows)
	}
	gtx := false
	for _, f := range findings(pipe, "validity.reference_not_found") {
		gtx = gtx || f.Value == "GTXPro" && strings.HasPrefix(f.Message, "1480 records reference product \"GTXPro\"") && strings.Contains(f.Message, `"GTX Pro"`)
	}
	if !gtx {
		t.Errorf("GTXPro (1,480 rows) not reported against products' GTX Pro: %v", findings(pipe, "validity.reference_not_found"))
	}
	if m := metricOf(t, pipe, "validity.references.product_ref", ""); m.Count != 8800-1480 || m.Of != 8800 {
		t.Errorf("product references found %d of %d", m.Count, m.Of)
	}
	typo := false
	for _, f := range findings(dataset(t, r, "accounts"), "validity.picklist_misspelling") {
		typo = typo || f.Value == "technolgy" && strings.Contains(f.Message, `"Technology"`)
	}
	if !typo {
		t.Error(`sector "technolgy" not flagged`)
	}
	// Blank close dates sit on open deals only: not a completeness defect.
	c := column(t, pipe, "close_date")
	if c.Missing != 2089 || c.NotRequired != 2089 {
		t.Errorf("close_date missing %d, not required %d; want 2,089 and 2,089", c.Missing, c.NotRequired)
	}
	if m := metricOf(t, pipe, "completeness.close_date", ""); m.Value != 1 {
		t.Errorf("completeness.close_date = %v, want 1", m.Value)
	}
	won, lost := metricOf(t, pipe, "volume.label_positive", "24mo"), metricOf(t, pipe, "volume.label_negative", "24mo")
	if won.Count != 4238 || lost.Count != 2473 {
		t.Errorf("won %d, lost %d; want 4,238 and 2,473", won.Count, lost.Count)
	}
	for _, m := range verdict(t, r, "opportunity_scoring").Misses {
		if strings.HasPrefix(m.Metric, "volume.") {
			t.Errorf("as of 2018-01-01 the volume requirement is met, yet: %s", m.Message)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1 (NO-GO on other grounds)", code)
	}

	// As of now the pipeline is years old: every use case judged on it is NO-GO on freshness.
	_, r = initAndAudit(t, files)
	for _, u := range r.UseCases {
		if len(u.Datasets) == 0 {
			continue
		}
		fresh := false
		for _, m := range u.Misses {
			fresh = fresh || m.Metric == "staleness.freshness_days" && m.Level == "fail"
		}
		if u.Status != "NO-GO" || !fresh {
			t.Errorf("%s: %s without a failed freshness threshold (%d misses)", u.UseCase, u.Status, len(u.Misses))
		}
	}
}

func TestAcceptanceSalesforceSeeds(t *testing.T) {
	dir := testkit.Data(t, "crm/salesforce_fivetran_seeds")
	var files []string
	for _, f := range []string{"sf_account_data.csv", "sf_contact_data.csv", "sf_lead_data.csv", "sf_opportunity_data.csv", "sf_task_data.csv", "sf_user_data.csv"} {
		files = append(files, filepath.Join(dir, f))
	}
	_, r := initAndAudit(t, files, "--as-of", "2024-01-01")
	wantObj := map[string]string{"sf_account_data": "account", "sf_contact_data": "contact", "sf_lead_data": "lead",
		"sf_opportunity_data": "opportunity", "sf_task_data": "activity", "sf_user_data": "user"}
	for name, obj := range wantObj {
		d := dataset(t, r, name)
		roles := map[string]string{}
		for _, c := range d.Columns {
			roles[c.Name] = c.Role
		}
		if d.Object != obj || roles["id"] != "id" || roles["owner_id"] != "owner" && obj != "user" {
			t.Errorf("%s: object %s, id %q, owner_id %q", name, d.Object, roles["id"], roles["owner_id"])
		}
	}
	opp := dataset(t, r, "sf_opportunity_data")
	for col, role := range map[string]string{"stage_name": "stage", "close_date": "close_date", "amount": "amount", "account_id": "account_ref", "is_won": "label"} {
		if c := column(t, opp, col); c.Role != role {
			t.Errorf("opportunity %s: role %q, want %s", col, c.Role, role)
		}
	}
}

func TestAcceptanceSoftDeleted(t *testing.T) {
	_, r := initAndAudit(t, []string{repo(t, "testdata/crm/salesforce_leads_deleted.csv")}, "--as-of", "2026-11-25")
	d := dataset(t, r, "salesforce_leads_deleted")
	if d.Rows != 7 || d.Deleted != 3 {
		t.Errorf("rows %d, deleted %d; want 7 and 3", d.Rows, d.Deleted)
	}
	// The deleted copy of Alan Turing is not a duplicate, and the deleted blank record is not
	// missing anything.
	if m := metricOf(t, d, "duplicates.normalized.rate", ""); m.Count != 0 {
		t.Errorf("duplicates among live records = %d, want 0", m.Count)
	}
	if m := metricOf(t, d, "completeness.email", ""); m.Count != 7 || m.Of != 7 {
		t.Errorf("completeness.email = %d of %d, want 7 of 7", m.Count, m.Of)
	}
}

// TestAcceptanceBadInput: a report export's footer is not records, a header repeated mid-file is
// detected, and a date column half D/M and half M/D is reported, not silently misread.
func TestAcceptanceBadInput(t *testing.T) {
	_, r := initAndAudit(t, []string{repo(t, "testdata/crm/salesforce_report_opportunities.csv")}, "--as-of", "2026-11-25")
	d := dataset(t, r, "salesforce_report_opportunities")
	f := d.Files[0]
	if d.Rows != 3 || f.FooterRows != 3 || f.HeaderRepeats != 1 {
		t.Errorf("rows %d, footer rows %d, header repeats %d; want 3, 3, 1", d.Rows, f.FooterRows, f.HeaderRepeats)
	}
	if c := column(t, d, "Amount"); c.Type != "float" || c.Unparsed != 0 {
		t.Errorf("Amount ($22,700.00) typed %s with %d unparsed", c.Type, c.Unparsed)
	}

	_, r = initAndAudit(t, []string{repo(t, "testdata/crm/mixed_day_month.csv")}, "--as-of", "2026-11-25")
	d = dataset(t, r, "mixed_day_month")
	mixed := false
	for _, n := range d.Files[0].Notes {
		mixed = mixed || strings.Contains(n, `column "CreatedDate": dates mix day/month orders (3 only valid as D/M/Y, 2 only as M/D/Y)`)
	}
	if !mixed {
		t.Errorf("mixed day/month order not reported: %q", d.Files[0].Notes)
	}
	if c := column(t, d, "CreatedDate"); c.Unparsed != 2 {
		t.Errorf("CreatedDate: %d unparsed, want the 2 dates only valid as M/D/Y", c.Unparsed)
	}
}

// TestAcceptanceZohoExport audits a whole Zoho CRM export (21 modules) as a new user would: each
// file read as the object it is, deals under Zoho's former module name Potentials judged by the
// opportunity use cases, calls and events by none of the lead use cases, and two lead files of
// one export both judged.
func TestAcceptanceZohoExport(t *testing.T) {
	dir := testkit.Data(t, "crm/zoho_crm_sample")
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(files) != 21 {
		t.Fatalf("%d files (%v), want the 21 modules", len(files), err)
	}
	// A second lead file of the same export, as a yearly split would give.
	leads2019 := filepath.Join(t.TempDir(), "Leads_2019.csv")
	data, err := os.ReadFile(filepath.Join(dir, "Leads.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(leads2019, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, r := initAndAudit(t, append(files, leads2019), "--as-of", "2021-06-01")
	want := map[string]string{"Accounts": "account", "Calls": "activity", "Campaign_Lead_Status": "campaign_member", "Campaigns": "campaign",
		"Cases": "case", "Contacts": "contact", "Events": "activity", "Invoice_Line_Items": "line_item", "Invoices": "invoice", "Leads": "lead",
		"Leads_2019": "lead", "Potentials": "opportunity", "Price_Books": "other", "Products": "product", "Purchase_Order_Line_Items": "line_item",
		"Purchase_Orders": "order", "Quotes": "quote", "Sales_Order_Line_Items": "line_item", "Sales_Orders": "order", "Tasks": "activity",
		"Users": "user", "Vendors": "other"}
	for name, obj := range want {
		if d := dataset(t, r, name); d.Object != obj || d.ObjectSource != "config" {
			t.Errorf("%s: object %s (%s), want %s from the config init wrote", name, d.Object, d.ObjectSource, obj)
		}
	}
	// init says how each object was decided: the evidence, and the runner-up.
	cfg := filepath.Join(t.TempDir(), "crmready.yaml")
	if code, _, stderr := cli(t, append([]string{"init", "--out", cfg}, files...)...); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	text, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		`object: opportunity   # evidence scoring 9: name "Potentials.csv" (potential) +3, headers stage, close date, amount (4 of 5) +3, owner column "Potential Owner" +2, name column "Potential Name" +1`,
		`object: activity   # evidence scoring 9: name "Calls.csv" (call) +3, own id column "TASKID" +2, owner column "Call Owner" +2`,
		`object: other   # a vendor file by its name, no object crmready judges`,
	} {
		if !strings.Contains(string(text), line) {
			t.Errorf("init config lacks %q", line)
		}
	}
	pot := dataset(t, r, "Potentials")
	for col, role := range map[string]string{"Potential Name": "name", "Potential Owner": "owner", "Closing Date": "close_date", "Amount": "amount",
		"Stage": "stage", "Created Time": "created_at", "LEADID": "", "Expected Revenue": ""} {
		if c := column(t, pot, col); c.Role != role {
			t.Errorf("Potentials %s: role %q, want %q", col, c.Role, role)
		}
	}
	for _, uc := range []string{"opportunity_scoring", "forecasting"} {
		if v := verdict(t, r, uc); v.Status == "N/A" || !slices.Equal(v.Datasets, []string{"Potentials"}) {
			t.Errorf("%s: %s on %q, want judged on Potentials", uc, v.Status, v.Datasets)
		}
	}
	if v := verdict(t, r, "lead_scoring"); !slices.Equal(v.Datasets, []string{"Leads", "Leads_2019"}) {
		t.Errorf("lead_scoring judged %q, want both lead files and nothing else", v.Datasets)
	}
	for _, u := range r.UseCases {
		for _, d := range u.Datasets {
			if o := want[d]; !slices.Contains(u.Objects, o) {
				t.Errorf("%s judged %s, a %s dataset", u.UseCase, d, o)
			}
		}
	}
}
