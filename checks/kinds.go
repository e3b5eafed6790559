package checks

import (
	"fmt"
	"strings"
)

// FindingKind declares a kind of finding a check reports, as MetricDef declares a metric: reports
// ask the declaration what a finding is and where it goes, never its name.
type FindingKind struct {
	// ID is the kind's stable name within its check ("stale_record"); a report names a group of
	// findings after its check too ("staleness.stale_record"). It may end in "<name>", standing
	// for a config rule's name.
	ID string
	// Severity says whether a finding is a record or value to fix, or a note on the measurement.
	Severity Severity
	// List is the fix list of the workbook that shows the findings (ListNone for none).
	List FixList
	// Action says what a reader should do about such a finding, in one plain sentence that
	// never holds the kind's ID.
	Action string
}

// Severity says what a finding is to its reader.
type Severity string

// The severities.
const (
	// Defect is a record or a value to fix: a missing or invalid value, a stale record, a
	// duplicate, a broken rule.
	Defect Severity = "defect"
	// Note is about the measurement, not a record: a column the check needs is missing, a
	// tier did not run, what the data was compared with.
	Note Severity = "note"
)

// FixList names a fix list of the workbook.
type FixList string

// The fix lists that take findings (duplicate clusters have a list of their own).
const (
	ListNone    FixList = ""
	ListStale   FixList = "stale"   // stale records, with the date their age came from
	ListInvalid FixList = "invalid" // invalid values and broken rules
)

// Matches reports whether a kind ID within its check is an instance of k.
func (k FindingKind) Matches(id string) bool {
	if prefix, ok := strings.CutSuffix(k.ID, "<name>"); ok {
		name, ok := strings.CutPrefix(id, prefix)
		return ok && ValidRuleName(name)
	}
	return k.ID == id
}

// Finding returns the declaration of the finding kind id ("stale_record") of c.
func (c *Check) Finding(id string) (FindingKind, bool) {
	for _, k := range c.Findings {
		if k.Matches(id) {
			return k, true
		}
	}
	return FindingKind{}, false
}

// LookupFinding returns the check and the declaration of a finding group's kind as a report names
// it ("staleness.stale_record"), or an error when no check of All declares it (a report saved by
// another version).
func LookupFinding(kind string) (*Check, FindingKind, error) {
	check, id, _ := strings.Cut(kind, ".")
	c, err := Lookup(check)
	if err != nil {
		return nil, FindingKind{}, fmt.Errorf("finding kind %q: %w", kind, err)
	}
	k, ok := c.Finding(id)
	if !ok {
		return nil, FindingKind{}, fmt.Errorf("finding kind %q: check %s declares no kind %q", kind, c.ID, id)
	}
	return c, k, nil
}

// missingRoleKind is shared by the checks that need a role a dataset may lack.
var missingRoleKind = FindingKind{ID: "missing_role", Severity: Note,
	Action: "map the column that holds the role in the config, or add it to the export, so that the check can measure it"}

var completenessFindings = []FindingKind{
	{ID: "missing_value", Severity: Defect, Action: "fill in the value, or map the column's placeholder if it means something"},
}

var duplicatesFindings = []FindingKind{
	missingRoleKind,
	{ID: "duplicate_id", Severity: Defect, Action: "merge or delete the records that share an identifier"},
	{ID: "duplicate_email", Severity: Defect, Action: "merge the records that share an email address"},
	{ID: "duplicate_record", Severity: Defect, Action: "delete the copy: every value but its identifiers repeats an earlier record"},
	{ID: "normalized_email", Severity: Defect, Action: "merge the records whose email differs only in case or spacing"},
	{ID: "normalized_phone", Severity: Defect, Action: "merge the records that share a phone number once written the same way"},
	{ID: "normalized_company", Severity: Defect, Action: "merge the accounts that name the same company"},
	{ID: "normalized_domain", Severity: Defect, Action: "merge the accounts that share a web domain"},
	{ID: "normalized_name", Severity: Defect, Action: "merge the records of the same person at the same company"},
	{ID: "lead_is_contact", Severity: Defect, Action: "convert the lead, or merge it into the contact it already is"},
	{ID: "fuzzy_not_run", Severity: Note, Action: "raise the fuzzy tier's record limit, or audit a smaller extract, to find similar names"},
}

var stalenessFindings = []FindingKind{
	missingRoleKind,
	{ID: "stale_record", Severity: Defect, List: ListStale, Action: "update the record, or archive it if nobody works it any more"},
	{ID: "future_date", Severity: Defect, Action: "correct the date: it is after the as-of date"},
}

var validityFindings = []FindingKind{
	{ID: "invalid_email", Severity: Defect, List: ListInvalid, Action: "correct the email address or remove it"},
	{ID: "invalid_phone", Severity: Defect, List: ListInvalid, Action: "correct the phone number, with its country code if it is not in the default region"},
	{ID: "unknown_country", Severity: Defect, List: ListInvalid, Action: "write the country as its English name or ISO code"},
	{ID: "invalid_website", Severity: Defect, List: ListInvalid, Action: "correct the website or domain"},
	{ID: "unparsed_value", Severity: Defect, List: ListInvalid, Action: "correct the value, or set the column's type in the config if it was read wrong"},
	{ID: "implausible_date", Severity: Defect, List: ListInvalid, Action: "correct the date: it is too early or too late to be true"},
	{ID: "picklist_variant", Severity: Defect, List: ListInvalid, Action: "write the value as the picklist's usual spelling"},
	{ID: "picklist_misspelling", Severity: Defect, List: ListInvalid, Action: "correct the misspelled picklist value"},
	{ID: "picklist_not_allowed", Severity: Defect, List: ListInvalid, Action: "replace the value with one the config allows, or allow it"},
	{ID: "reference_not_found", Severity: Defect, List: ListInvalid, Action: "correct the reference, or add the record it points to to the audit"},
	{ID: "reference_not_checked", Severity: Note, Action: "add the dataset the references point to, to check them"},
}

var consistencyFindings = []FindingKind{
	{ID: "close_before_created", Severity: Defect, List: ListInvalid, Action: "correct the close date or the creation date"},
	{ID: "won_missing_amount", Severity: Defect, List: ListInvalid, Action: "enter the amount of the won deal"},
	{ID: "won_missing_close_date", Severity: Defect, List: ListInvalid, Action: "enter the close date of the won deal"},
	{ID: "open_past_close", Severity: Defect, List: ListInvalid, Action: "close the deal, or move its close date forward"},
	{ID: "converted_unlinked", Severity: Defect, List: ListInvalid, Action: "link the converted lead to its account, or enter its conversion date"},
	{ID: "modified_before_created", Severity: Defect, List: ListInvalid, Action: "correct the dates: the record was changed before it existed"},
	{ID: "rule.<name>", Severity: Defect, List: ListInvalid, Action: "correct the record so that it meets the team's rule"},
	{ID: "rule_selects_nothing", Severity: Note, List: ListInvalid, Action: "check the rule's condition: it selects no record, so the rule measures nothing"},
}

var volumeFindings = []FindingKind{missingRoleKind}

var driftFindings = []FindingKind{
	{ID: "baseline", Severity: Note, Action: "confirm that the baseline is the extract the model was trained on"},
	{ID: "column_new", Severity: Note, Action: "retrain the model if it should use the new column"},
	{ID: "column_vanished", Severity: Defect, Action: "restore the column to the export, or retrain the model without it"},
	{ID: "missing_shift", Severity: Defect, Action: "find out why the column is filled in more or less often than before"},
	{ID: "type_changed", Severity: Defect, Action: "export the column as it was, or retrain the model on its new type"},
	{ID: "field_shift", Severity: Defect, Action: "find out why the field's distribution moved, and retrain if it is real"},
	{ID: "new_category", Severity: Defect, Action: "map the new value to a known one, or retrain the model to know it"},
	{ID: "categories_not_counted", Severity: Note, Action: "read the new-category count as a lower bound"},
	{ID: "vanished_category", Severity: Defect, Action: "find out why no record holds the value any more"},
}

var ownershipFindings = []FindingKind{
	missingRoleKind,
	{ID: "inactive_owner", Severity: Defect, Action: "reassign the record to an active user"},
	{ID: "unknown_owner", Severity: Defect, Action: "reassign the record, or add its owner to the user list"},
	{ID: "owners_not_counted", Severity: Note, Action: "read the largest owner's share as not measured"},
	{ID: "top_owner", Severity: Note, Action: "check that one owner holding this many records is intended"},
}
