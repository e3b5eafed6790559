package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExplain: explain states each definition, formula and threshold in force with where each
// level came from (preset, config file, environment variable, flag), and the process items.
func TestExplain(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(cfg, []byte("as_of: 2026-11-25\nuse_cases:\n  - name: lead_scoring\n    owner: Dana\n    review_every: 90d\n    last_reviewed: 2026-05-01\n    thresholds:\n      - {metric: completeness.email, warn: 0.9, fail: 0.5}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	routing := repo(t, "testdata/cli/routing.yaml")
	tests := []struct {
		name string
		args []string
		env  string // CRMREADY_THRESHOLD
		want []string
	}{
		{"a preset use case", []string{"lead_scoring"}, "", []string{
			"lead_scoring: predict which leads convert",
			"Defined by: a built-in preset.",
			"It judges datasets of type lead. A record is stale after 180d without activity; volume counts the last 200d before as_of.",
			"    volume.records (a count, higher is better)\n      NO-GO below 1000 (from preset lead_scoring); WARN below 1250 (from preset lead_scoring); if not measured: NO-GO\n      Why: Einstein Lead Scoring needs 1,000 leads",
			"duplicates.normalized.rate (a share, 0 to 100%, lower is better)\n      NO-GO above 5% (from preset lead_scoring); WARN above 2% (from preset lead_scoring)",
			"if not measured: not judged",
			"Process (no config file declares this use case, so missing items are to define and do not count):\n    success_metric: to define\n",
		}},
		{"a use case from a config file, process included", []string{"--config", cfg, "lead_scoring"}, "", []string{
			"Defined by: a preset, overridden by config file " + cfg + ".",
			"completeness.email (a share, 0 to 100%, higher is better)\n      NO-GO below 50% (from config file " + cfg + "); WARN below 90% (from config file " + cfg + ")",
			"Process (declared in config file " + cfg + ", so missing items count):",
			"    success_metric: not written down, so NO-GO (the use case is declared in a config file)\n",
			`    owner: "Dana" (from config file ` + cfg + ")\n",
			"    override: not written down, so WARN",
			"    last_reviewed: review overdue: last reviewed 2026-05-01, every 90d, so due 2026-07-30 (as_of 2026-11-25) (from config file " + cfg + "), so WARN",
		}},
		{"a threshold from the environment", []string{"lead_scoring"}, "lead_scoring:volume.records:fail=900", []string{
			"NO-GO below 900 (from environment variable CRMREADY_THRESHOLD); WARN below 1250 (from preset lead_scoring)",
		}},
		{"a threshold from a flag", []string{"--threshold", "lead_scoring:volume.records:fail=900", "lead_scoring"}, "", []string{
			"NO-GO below 900 (from flag --threshold); WARN below 1250 (from preset lead_scoring)",
		}},
		{"a check", []string{"staleness"}, "", []string{
			"staleness: age of records",
			"staleness.stale_share (a share, 0 to 100%, lower is better): dated records whose age exceeds the use case's max_age / dated records",
			"staleness.stale_record (a record to fix, on the workbook's stale records sheet): update the record, or archive it if nobody works it any more",
			"staleness.missing_role (a note on the measurement): map the column",
		}},
		{"a metric: formula, check, window and every threshold", []string{"staleness.stale_share"}, "", []string{
			"staleness.stale_share: a share, 0 to 100%, lower is better.",
			"Formula: dated records whose age exceeds the use case's max_age / dated records.",
			"Measured by the staleness check:",
			"Computed over each use case's max_age before as_of.",
			"Not measured when: no last_activity_at, updated_at or created_at column with dates.",
			"    lead_scoring: NO-GO above 50% (from preset lead_scoring); WARN above 30% (from preset lead_scoring); if not measured: NO-GO",
		}},
		{"a metric whose miss says what probably happened", []string{"volume.win_rate"}, "", []string{
			"  A miss probably means:\n    lead: nearly every lead converted: the export has probably lost its unconverted leads",
			"    opportunity: nearly every closed deal was won",
			"    other objects: nearly every outcome is positive",
			"    lead_scoring: NO-GO above 70% (from preset lead_scoring); WARN above 50% (from preset lead_scoring); if not measured: not judged",
		}},
		{"a role metric", []string{"completeness.email"}, "", []string{
			"Formula: non-missing values / records in the column holding the role (role email).",
			"Not measured when: no column for role email.",
			"    follow_up_timing: NO-GO below 80% (from preset follow_up_timing); WARN below 95% (from preset follow_up_timing)",
		}},
		{"a metric overridden by a config file", []string{"--config", cfg, "completeness.email"}, "", []string{
			"    lead_scoring: NO-GO below 50% (from config file " + cfg + "); WARN below 90% (from config file " + cfg + "); if not measured: NO-GO",
		}},
		{"process", []string{"process"}, "", []string{
			"process.success_metric (success_metric): what better means, measurably",
			"missing is NO-GO for a use case declared in a config file",
			"process.override (override): how a person overrules a prediction in the workflow; missing is WARN",
			"they take no threshold and no waiver",
		}},
		{"a process item, in force per use case", []string{"--config", routing, "process.owner"}, "", []string{
			"process.owner: who answers for the model: a named person or role.",
			"Rule: missing is NO-GO for a use case declared in a config file; in a first look without a config it does not change the verdict.",
			`    lead_routing: "Dana Reyes (RevOps lead)" (from config file ` + routing + ")",
		}},
		{"a process item without a config", []string{"process.review_every"}, "", []string{
			"    lead_scoring: to define\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CRMREADY_THRESHOLD", tt.env)
			code, out, stderr := cli(t, append([]string{"explain"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	t.Run("the config from CRMREADY_CONFIG", func(t *testing.T) {
		t.Setenv("CRMREADY_CONFIG", cfg)
		if _, out, _ := cli(t, "explain", "lead_scoring"); !strings.Contains(out, "Defined by: a preset, overridden by config file "+cfg) {
			t.Errorf("CRMREADY_CONFIG not read:\n%s", out)
		}
	})
	if code, _, stderr := cli(t, "explain", "nope"); code != 2 || !strings.Contains(stderr, `"nope" is not a use case, a check, a metric or a process item`) {
		t.Errorf("explain nope: exit %d, %q", code, stderr)
	}
}
