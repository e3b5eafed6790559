// Package schema holds the JSON Schemas of crmready's config file and of its JSON report. Both
// are generated from the Go types (config.Config, reports.Report), their doc comments and their
// validation tags by this package's tests, which fail when a type changes and the schema does
// not: `go test ./internal/schema -update` rewrites them for review. They are embedded, so the
// binary needs no source to print them.
package schema

import _ "embed"

// Config is the JSON Schema of the YAML config file: editors use it for completion and
// validation.
//
//go:embed config.schema.json
var Config []byte

// Report is the JSON Schema of the JSON report (crmready.report/v1). It allows properties it
// does not list, since a field may be added to a report without a version change.
//
//go:embed report.schema.json
var Report []byte
