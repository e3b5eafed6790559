package reports

import (
	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// SchemaVersion identifies the shape of the JSON report. It changes when a field is removed or
// changes meaning; adding a field does not change it.
const SchemaVersion = "crmready.report/v1"

// Report is the outcome of one audit.
type Report struct {
	Schema string `json:"schema"`
	// Tool is "crmready" and its version.
	Tool string `json:"tool"`
	// AsOf is the instant ages were measured from (RFC 3339, UTC unless given with a zone);
	// AsOfSource says where it came from.
	AsOf       string `json:"as_of"`
	AsOfSource string `json:"as_of_source"`
	// Config is the config file used, if any.
	Config string `json:"config,omitempty"`
	// Baseline is the extract or saved profile drift compared with (--baseline), if any.
	Baseline string `json:"baseline,omitempty"`
	// Verdict is the worst verdict among the use cases evaluated.
	Verdict  readiness.Status `json:"verdict"`
	UseCases []UseCase        `json:"use_cases"`
	Datasets []Dataset        `json:"datasets"`
	// Waivers lists every configured waiver with what became of it (applied, expired, unused).
	Waivers []readiness.WaiverOutcome `json:"waivers"`
	Notes   []string                  `json:"notes"`
	// FailOn is the lowest verdict that fails the run: "NO-GO" or "WARN".
	FailOn string `json:"fail_on"`
	// Trend compares the report with an older one (crmready report --compare); nil otherwise.
	Trend *Trend `json:"trend,omitempty"`
}

// UseCase is a verdict with the use case's definition beside it.
type UseCase struct {
	readiness.Verdict
	Doc        string                `json:"doc,omitempty"`
	Objects    []string              `json:"objects"`
	MaxAge     string                `json:"max_age"`
	Window     string                `json:"window"`
	Source     string                `json:"source"`
	Thresholds []readiness.Threshold `json:"thresholds"`
}

// Dataset is what was read and measured of one dataset.
type Dataset struct {
	Name         string `json:"name"`
	Object       string `json:"object"`
	ObjectSource string `json:"object_source"`
	Files        []File `json:"files"`
	// Rows is the number of records audited; Deleted the soft-deleted records left out.
	Rows    int64    `json:"rows"`
	Deleted int64    `json:"deleted"`
	Columns []Column `json:"columns"`
	// RolesRejected lists header matches the values contradicted.
	RolesRejected []string              `json:"roles_rejected"`
	Metrics       []checks.Metric       `json:"metrics"`
	Findings      []checks.FindingGroup `json:"findings"`
	// Clusters are the first duplicate clusters by lowest record; ClustersTotal counts all.
	Clusters      []checks.Cluster `json:"clusters"`
	ClustersTotal int64            `json:"clusters_total"`
}

// File is one file (or sheet) of a dataset as it was read.
type File struct {
	Path      string `json:"path"`
	Sheet     string `json:"sheet,omitempty"`
	Records   int64  `json:"records"`
	BlankRows int64  `json:"blank_rows"`
	Ragged    int64  `json:"ragged_rows"`
	// HeaderRepeats and FooterRows are rows that are not records: repeats of the header in the
	// data, and a report footer after it.
	HeaderRepeats int64    `json:"header_repeats,omitempty"`
	FooterRows    int64    `json:"footer_rows,omitempty"`
	Encoding      string   `json:"encoding,omitempty"`
	Delimiter     string   `json:"delimiter,omitempty"`
	Replaced      int64    `json:"bytes_read_as_windows_1252,omitempty"`
	Notes         []string `json:"notes"`
}

// Column is one column: how it was typed, its role, and its completeness figures.
type Column struct {
	checks.ColumnStats
	TypeSource string `json:"type_source"`
	DateFormat string `json:"date_format,omitempty"`
	RoleSource string `json:"role_source,omitempty"`
	Skipped    string `json:"skipped,omitempty"`
}
