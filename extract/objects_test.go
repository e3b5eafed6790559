package extract_test

import (
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestDecideObject(t *testing.T) {
	tests := []struct {
		name     string
		names    []string // file, then sheet
		headers  []string
		want     extract.Object
		runnerUp extract.Object
		weak     bool
		kind     string
	}{
		{"Leads.csv", []string{"Leads.csv"}, nil, extract.Lead, "", false, ""},
		{"a path is judged by its base name", []string{"/data/exports/sf_lead_data.csv"}, nil, extract.Lead, "", false, ""},
		{"pardot prospects", []string{"pardot_prospects.csv"}, nil, extract.Lead, "", false, ""},
		{"hubspot deals", []string{"hubspot-crm-exports-all-deals-2024-01-05.csv"}, nil, extract.Opportunity, "", false, ""},
		{"opportunities", []string{"Opportunities.xlsx"}, nil, extract.Opportunity, "", false, ""},
		{"zoho's former name for deals", []string{"Potentials.csv"}, nil, extract.Opportunity, "", false, ""},
		{"people", []string{"people.csv"}, nil, extract.Contact, "", false, ""},
		{"hubspot companies", []string{"hubspot-crm-exports-all-companies.csv"}, nil, extract.Account, "", false, ""},
		{"hubspot tickets", []string{"hubspot-crm-exports-all-tickets.csv"}, nil, extract.Case, "", false, ""},
		{"dynamics phone calls", []string{"Phone Calls.xlsx"}, nil, extract.Activity, "", false, ""},
		{"dynamics appointments", []string{"export.xlsx", "Appointments"}, nil, extract.Activity, "", false, ""},
		{"salesforce api name, camel case", []string{"OpportunityLineItem.csv"}, nil, extract.LineItem, extract.Opportunity, false, ""},
		{"campaign members", []string{"CampaignMember.csv"}, nil, extract.CampaignMember, "", false, ""},
		{"a campaign's leads are its members", []string{"Campaign_Lead_Status.csv"}, []string{"Campaign Name", "Status"}, extract.CampaignMember, extract.Campaign, false, ""},
		{"the head of a name decides", []string{"Sales_Order_Line_Items.csv"}, nil, extract.LineItem, extract.Order, false, ""},
		{"invoices", []string{"Invoices.csv"}, []string{"INVOICEID", "Subject", "Invoice Owner", "Grand Total"}, extract.Invoice, "", false, ""},
		{"a vendor is other, with its kind", []string{"Vendors.csv"}, []string{"VENDORID", "Vendor Name"}, extract.Other, "", false, "vendor"},
		{"a word inside a longer word is not a name", []string{"leaderboard.csv"}, []string{"Name", "Score"}, extract.Other, "", false, ""},
		{"no headers", []string{"export.csv"}, nil, extract.Other, "", false, ""},
		// The dataset's own id is its first column; ids of other entities are references.
		{"a deal with the lead it came from", []string{"export.csv"},
			[]string{"Potential Name", "Potential Owner", "Closing Date", "Amount", "Expected Revenue", "Stage", "LEADID"}, extract.Opportunity, "", false, ""},
		{"calls carry lead and deal ids", []string{"Calls.csv"},
			[]string{"TASKID", "Call Start Time", "Call Owner", "Subject", "CONTACTID", "ACCOUNTID", "POTENTIALID", "LEADID"}, extract.Activity, "", false, ""},
		{"own id column", []string{"export.csv"}, []string{"Opportunity ID", "Account"}, extract.Opportunity, "", true, ""},
		{"prospect id and converted", []string{"export.csv"}, []string{"Prospect ID", "Converted"}, extract.Lead, "", false, ""},
		// The header signature decides whatever the file is called, and outweighs a weak name.
		{"stage, close date and amount", []string{"export.csv"}, []string{"Deal Name", "Deal Stage", "Close Date", "Amount"}, extract.Opportunity, "", false, ""},
		{"two of the signature is weak", []string{"export.csv"}, []string{"Id", "StageName", "Amount"}, extract.Opportunity, "", true, ""},
		{"the name against two signature groups", []string{"accounts.csv"}, []string{"StageName", "CloseDate"}, extract.Account, extract.Opportunity, true, ""},
		{"a person's headers are weak evidence of a contact", []string{"export.csv"}, []string{"Email", "First Name", "Last Name"}, extract.Contact, "", true, ""},
		{"lead status and email", []string{"export.csv"}, []string{"Lead Status", "Email"}, extract.Lead, "", true, ""},
		{"line item headers", []string{"export.csv"}, []string{"Product Name", "List Price", "Quantity"}, extract.LineItem, "", true, ""},
		// Totals belong to quotes, orders and invoices alike: undecidable, so other, with why.
		{"a tie is other", []string{"export.csv"}, []string{"Quote Owner", "Invoice Owner"}, extract.Other, extract.Quote, false, ""},
		{"the sheet name counts", []string{"crm.xlsx", "Leads"}, []string{"Email"}, extract.Lead, extract.Contact, false, ""},
		{"pipedrive deal fields", []string{"export.csv"}, []string{"Deal - Title", "Deal - Value", "Deal - Status", "Person - Name", "Organization - Name"},
			extract.Opportunity, extract.Contact, false, ""},
		{"a dynamics 365 export's hidden key names its entity", []string{"My Open Records.xlsx"},
			[]string{"(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Topic", "Potential Customer", "Est. Revenue"},
			extract.Opportunity, "", false, ""},
		{"dynamics 365 phone calls", []string{"export.xlsx"}, []string{"(Do Not Modify) Phone Call", "Subject", "Due"}, extract.Activity, "", true, ""},
		{"hubspot property names", []string{"export.csv"}, []string{"deal_id", "property_dealname", "property_amount", "property_closedate", "property_dealstage"},
			extract.Opportunity, "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &extract.Schema{}
			for _, h := range tt.headers {
				s.Columns = append(s.Columns, extract.Column{Name: h})
			}
			d := extract.DecideObject(tt.names, s)
			if d.Object != tt.want || d.RunnerUp != tt.runnerUp || d.Weak != tt.weak || d.Kind != tt.kind {
				t.Errorf("DecideObject(%q, %q) = %s (runner-up %q, weak %v, kind %q): %s; want %s (runner-up %q, weak %v, kind %q)",
					tt.names, tt.headers, d.Object, d.RunnerUp, d.Weak, d.Kind, d, tt.want, tt.runnerUp, tt.weak, tt.kind)
			}
			how := d.String()
			settle := strings.Contains(how, "`object:")
			if settle != (d.Weak || d.Object == extract.Other && d.Kind == "") {
				t.Errorf("%q: a config line is given %v, want it for weak or undecided calls only", how, settle)
			}
			if d.Object != extract.Other && !strings.Contains(how, "evidence scoring ") {
				t.Errorf("%q does not show the evidence", how)
			}
		})
	}
}

func TestObjectDecisionString(t *testing.T) {
	s := &extract.Schema{}
	for _, h := range []string{"Potential Name", "Potential Owner", "Closing Date", "Amount", "Stage", "LEADID"} {
		s.Columns = append(s.Columns, extract.Column{Name: h})
	}
	tests := []struct {
		names []string
		want  string
	}{
		{[]string{"Potentials.csv"}, `evidence scoring 9: name "Potentials.csv" (potential) +3, headers stage, close date, amount (3 of 5) +3, owner column "Potential Owner" +2, name column "Potential Name" +1`},
		{[]string{"Leads.csv"}, `evidence scoring 6: headers stage, close date, amount (3 of 5) +3, owner column "Potential Owner" +2, name column "Potential Name" +1` +
			`; runner-up lead 3 (name "Leads.csv" (lead))`},
	}
	for _, tt := range tests {
		if got := extract.DecideObject(tt.names, s).String(); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.names, got, tt.want)
		}
	}
	line := extract.DecideObject([]string{"Sales_Order_Line_Items.csv"}, &extract.Schema{}).String()
	if want := `evidence scoring 3: name "Sales_Order_Line_Items.csv" (line item) +3; runner-up order 1 (name word "sales order" qualifies "line item")`; line != want {
		t.Errorf("line items:\n got %s\nwant %s", line, want)
	}
	tie := extract.DecideObject([]string{"x.csv"}, &extract.Schema{Columns: []extract.Column{{Name: "Quote Owner"}, {Name: "Invoice Owner"}}})
	if want := "conflicting evidence: quote and invoice score 2 each; runner-up quote 2 (owner column \"Quote Owner\"); set the dataset's `object:` in the config to judge it"; tie.String() != want {
		t.Errorf("tie:\n got %s\nwant %s", tie, want)
	}
}
