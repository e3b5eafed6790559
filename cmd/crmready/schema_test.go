package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles the schema crmready schema prints with args.
func compileSchema(t *testing.T, args ...string) *jsonschema.Schema {
	t.Helper()
	code, out, stderr := cli(t, append([]string{"schema"}, args...)...)
	if code != 0 {
		t.Fatalf("schema %v: exit %d: %s", args, code, stderr)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSchemaCommand: crmready schema prints the config schema, --report the report schema,
// and the reports of audits that exercise every part of a report validate against it.
func TestSchemaCommand(t *testing.T) {
	cfgSchema := compileSchema(t)
	if code, out, _ := cli(t, "schema"); code != 0 || !strings.Contains(out, `"title": "crmready config"`) {
		t.Errorf("schema: exit %d\n%.200s", code, out)
	}
	reportSchema := compileSchema(t, "--report")
	dir := t.TempDir()
	waivers := filepath.Join(dir, "waivers.yaml")
	leads := repo(t, "testdata/cli/warn_leads.csv")
	if err := os.WriteFile(waivers, []byte(`as_of: 2026-11-25
datasets:
  - {name: leads, object: lead, files: [`+leads+`]}
use_cases:
  - name: lead_routing
    owner: Dana
    review_every: 30d
    last_reviewed: 2026-01-01
  - name: lead_scoring
  - name: opportunity_scoring
waivers:
  - {use_case: lead_routing, metric: completeness.owner, approved_by: Dana, reason: cleanup, expires: 2027-01-31}
  - {use_case: lead_scoring, metric: volume.records, approved_by: Dana, reason: pilot, expires: 2026-01-31}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"config-less, every preset":                append([]string{"--as-of", "2026-11-25"}, sampleFiles(t)...),
		"process, waivers, expired waivers":        {"--config", waivers},
		"soft-deleted records and a report export": {"--as-of", "2026-11-25", repo(t, "testdata/crm/salesforce_leads_deleted.csv"), repo(t, "testdata/crm/salesforce_report_opportunities.csv")},
		"redacted": append([]string{"--as-of", "2026-11-25", "--redact"}, sampleFiles(t)...),
	} {
		t.Run(name, func(t *testing.T) {
			code, out, stderr := cli(t, append([]string{"audit", "--format", "json"}, args...)...)
			if code == 2 {
				t.Fatalf("exit 2: %s", stderr)
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(out)))
			if err != nil {
				t.Fatal(err)
			}
			if err := reportSchema.Validate(doc); err != nil {
				t.Error(err)
			}
			if name == "process, waivers, expired waivers" {
				for _, want := range []string{`"waiver_expired": true`, `"waived": [
        {`, `"status": "overdue"`} {
					if !strings.Contains(out, want) {
						t.Errorf("the report lacks %s: the test does not cover it", want)
					}
				}
			}
			if err := cfgSchema.Validate(doc); err == nil {
				t.Error("a report validates as a config: the schemas are mixed up")
			}
		})
	}
}
