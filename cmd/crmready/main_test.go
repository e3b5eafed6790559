package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

func TestMain(m *testing.M) {
	version = "test" // golden files must not depend on how the test binary was built
	os.Exit(m.Run())
}

// cli runs crmready with args and returns the exit code, stdout and stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func repo(t *testing.T, rel string) string { return filepath.Join(testkit.Root(t), rel) }

func sampleFiles(t *testing.T) []string {
	var fs []string
	for _, f := range []string{"leads.csv", "contacts.csv", "opportunities.csv"} {
		fs = append(fs, repo(t, "testdata/sample/"+f))
	}
	return fs
}

func TestExitCodes(t *testing.T) {
	clean, warn := repo(t, "testdata/cli/clean_leads.csv"), repo(t, "testdata/cli/warn_leads.csv")
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"GO", []string{"audit", "--as-of", "2026-11-25", "--use-case", "lead_routing", clean}, 0},
		{"WARN passes by default", []string{"audit", "--as-of", "2026-11-25", "-u", "lead_routing", warn}, 0},
		{"WARN fails with --fail-on warn", []string{"audit", "--as-of", "2026-11-25", "-u", "lead_routing", "--fail-on", "warn", warn}, 1},
		{"NO-GO", []string{"audit", "--as-of", "2026-11-25", "-u", "lead_scoring", clean}, 1},
		{"requested use case without its data is NO-GO", []string{"audit", "--as-of", "2026-11-25", "-u", "opportunity_scoring", clean}, 1},
		{"config gates a use case", []string{"audit", "--config", repo(t, "testdata/cli/routing.yaml")}, 0},
		{"format does not change the exit code", []string{"audit", "--as-of", "2026-11-25", "-u", "lead_scoring", "--format", "json", clean}, 1},
		{"quiet does not change the exit code", []string{"audit", "--as-of", "2026-11-25", "-u", "lead_scoring", "-q", clean}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := cli(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
		})
	}
}

// TestBadInput: every way the audit cannot be evaluated is one line on stderr naming the input
// and the cause, and exit 2.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	cliDir := repo(t, "testdata/cli")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"audit", filepath.Join(dir, "nope.csv")}, "crmready: " + filepath.Join(dir, "nope.csv") + ": no such file"},
		{"a directory", []string{"audit", dir}, "crmready: " + dir + ": is a directory, not a file"},
		{"empty file", []string{"audit", cliDir + "/empty.csv"}, "crmready: " + cliDir + "/empty.csv: empty file: a header row is required"},
		{"unsupported extension", []string{"audit", cliDir + "/typo.yaml"}, `crmready: ` + cliDir + `/typo.yaml: unsupported file type ".yaml" (supported: .csv, .tsv, .txt`},
		{"unknown use case", []string{"audit", "-u", "lead_scorin", cliDir + "/clean_leads.csv"}, `crmready: unknown use case "lead_scorin" (valid: lead_scoring, opportunity_scoring, forecasting, churn_prediction, follow_up_timing, lead_routing)`},
		{"unknown config key", []string{"audit", "--config", cliDir + "/typo.yaml"}, `crmready: ` + cliDir + `/typo.yaml: unknown key "datasets[0].colums"`},
		{"config column that does not exist", []string{"audit", "--config", cliDir + "/missing_column.yaml"}, `crmready: ` + cliDir + `/clean_leads.csv: column "Lead Sorce" named in the config not found (columns: Id, Email, Company, LeadSource, Region, OwnerId, CreatedDate)`},
		{"missing config", []string{"audit", "--config", dir + "/c.yaml", cliDir + "/clean_leads.csv"}, "crmready: " + dir + "/c.yaml: no such file"},
		{"unknown format", []string{"audit", "--format", "xml", cliDir + "/clean_leads.csv"}, `crmready: unknown format "xml" (valid: console, json`},
		{"unknown out extension", []string{"audit", "--out", dir + "/r.pdf", cliDir + "/clean_leads.csv"}, `crmready: ` + dir + `/r.pdf: cannot tell the format from extension ".pdf"`},
		{"bad as-of", []string{"audit", "--as-of", "yesterday", cliDir + "/clean_leads.csv"}, `crmready: flag --as-of: as_of: invalid as_of "yesterday"`},
		{"bad fail-on", []string{"audit", "--fail-on", "maybe", cliDir + "/clean_leads.csv"}, `crmready: flag --fail-on: fail_on: "maybe" is not one of no-go, warn`},
		{"unknown flag", []string{"audit", "--colour", cliDir + "/clean_leads.csv"}, "crmready: unknown flag: --colour"},
		{"password variable not set", []string{"audit", "--password-env", "CRMREADY_TEST_NO_SUCH_VAR", cliDir + "/clean_leads.csv"}, "crmready: --password-env CRMREADY_TEST_NO_SUCH_VAR: no such environment variable"},
		{"password variable not set (profile)", []string{"profile", "--password-env", "CRMREADY_TEST_NO_SUCH_VAR", cliDir + "/clean_leads.csv"}, "crmready: --password-env CRMREADY_TEST_NO_SUCH_VAR: no such environment variable"},
		{"no files", []string{"audit"}, "crmready: audit: give at least one file, or a config with datasets (--config)"},
		{"nothing to evaluate", []string{"audit", cliDir + "/misc.csv"}, "crmready: nothing to evaluate: no use case applies to the datasets (misc: other)"},
		{"bad threshold flag", []string{"audit", "--threshold", "lead_scoring:completeness.email:fail=2", cliDir + "/clean_leads.csv"}, `crmready: flag --threshold "lead_scoring:completeness.email:fail=2": completeness.email fail 2 is a ratio and must be between 0 and 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.HasPrefix(stderr, tt.want) {
				t.Errorf("stderr = %q\nwant it to start %q", stderr, tt.want)
			}
			if strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

// TestSampleReportGolden renders the audit of the shipped sample as JSON and console text and
// compares them with the golden files; the JSON is also the fixture the report writers render.
func TestSampleReportGolden(t *testing.T) {
	t.Chdir(testkit.Root(t))
	files := []string{"testdata/sample/leads.csv", "testdata/sample/contacts.csv", "testdata/sample/opportunities.csv"}
	for _, format := range []string{"json", "console"} {
		code, stdout, stderr := cli(t, append([]string{"audit", "--as-of", "2026-11-25", "--format", format}, files...)...)
		if code != 1 || stderr != "" {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		ext := map[string]string{"json": "json", "console": "txt"}[format]
		testkit.Golden(t, "testdata/golden/sample.report."+ext, []byte(stdout))
	}
}

func TestOutFiles(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.json")
	code, stdout, _ := cli(t, "audit", "--as-of", "2026-11-25", "-q", "--out", out, repo(t, "testdata/cli/clean_leads.csv"))
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(b, []byte(`"schema": "crmready.report/v1"`)) {
		t.Fatalf("report file: %v\n%s", err, b)
	}
}

func TestSampleCommand(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := cli(t, "sample", "--rows", "50", "--seed", "3", "--as-of", "2026-11-25", "--out", dir)
	if code != 0 || !strings.Contains(stdout, "truth.json") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, f := range []string{"leads.csv", "contacts.csv", "opportunities.csv", "truth.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if code, _, stderr := cli(t, "sample"); code != 2 || !strings.Contains(stderr, "--out DIR is required") {
		t.Errorf("sample without --out: exit %d, %q", code, stderr)
	}
}

func TestVersionAndPresets(t *testing.T) {
	if code, out, _ := cli(t, "version"); code != 0 || !strings.HasPrefix(out, "crmready ") {
		t.Errorf("version: %d %q", code, out)
	}
	code, out, _ := cli(t, "presets")
	if code != 0 || !strings.Contains(out, "lead_scoring") || !strings.Contains(out, "volume.records") {
		t.Errorf("presets: %d %q", code, out)
	}
	code, out, _ = cli(t, "presets", "--yaml")
	if code != 0 || !strings.Contains(out, "Einstein Lead Scoring") {
		t.Errorf("presets --yaml: %d", code)
	}
}

func TestRedact(t *testing.T) {
	rawEmail := regexp.MustCompile(`"value": "[a-z]+\.[a-z-]+\.[0-9]+@[a-z.-]+"`)
	args := append([]string{"audit", "--as-of", "2026-11-25", "--format", "json"}, sampleFiles(t)...)
	if _, out, _ := cli(t, args...); !rawEmail.MatchString(out) {
		t.Fatal("the plain report has no email value to redact: the test proves nothing")
	}
	code, out, _ := cli(t, append(args, "--redact")...)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	if m := rawEmail.FindString(out); m != "" {
		t.Errorf("an email survived --redact: %s", m)
	}
	if !regexp.MustCompile(`"value": "[a-z]\*\*\*@[a-z.-]+"`).MatchString(out) {
		t.Error("no masked email in the redacted report")
	}
}

// TestInitThenAudit: the starter config init writes loads, and auditing with it judges the use
// cases it declares.
func TestInitThenAudit(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "crmready.yaml")
	code, _, stderr := cli(t, "init", "--out", out, repo(t, "testdata/cli/clean_leads.csv"))
	if code != 0 || !strings.Contains(stderr, "wrote "+out) {
		t.Fatalf("init: exit %d, %q", code, stderr)
	}
	b, _ := os.ReadFile(out)
	for _, want := range []string{`object: lead   # evidence scoring 3: name "clean_leads.csv" (lead) +3`, `{column: "OwnerId", role: owner}`, "- name: lead_routing"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("starter config lacks %q:\n%s", want, b)
		}
	}
	if code, _, stderr := cli(t, "init", "--out", out, repo(t, "testdata/cli/clean_leads.csv")); code != 2 || !strings.Contains(stderr, "already exists (--force replaces it)") {
		t.Errorf("init over an existing file: exit %d, %q", code, stderr)
	}
	code, stdout, stderr := cli(t, "audit", "--config", out, "--as-of", "2026-11-25", "--format", "json")
	if code != 1 || stderr != "" || !strings.Contains(stdout, `"use_case": "lead_routing"`) {
		t.Errorf("audit with the starter config: exit %d, stderr %q", code, stderr)
	}
}

func TestProfile(t *testing.T) {
	code, out, stderr := cli(t, "profile", repo(t, "testdata/cli/warn_leads.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"warn_leads: lead", "OwnerId", "2.5%", "2026-10-02"} {
		if !strings.Contains(out, want) {
			t.Errorf("profile lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = cli(t, "profile", "--format", "json", repo(t, "testdata/cli/warn_leads.csv"))
	if code != 0 || !strings.Contains(out, `"missing_share": 0.025`) {
		t.Errorf("json profile: exit %d\n%s", code, out)
	}
}
