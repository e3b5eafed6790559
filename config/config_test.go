package config_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/readiness"
)

// TestGoodConfigs loads every testdata/*.good.yml: each must load and validate.
func TestGoodConfigs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.good.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no good configs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if _, _, err := config.Load(f, nil); err != nil {
				t.Errorf("Load: %v", err)
			}
		})
	}
}

// TestBadConfigs loads every testdata/*.bad.yml: each must fail with the one-line error written
// on its first line ("# want: MESSAGE"), after the file's path.
func TestBadConfigs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.bad.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad configs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			want := f + ": " + wantedError(t, f)
			_, _, err := config.Load(f, nil)
			if err == nil {
				t.Fatalf("Load succeeded, want %s", want)
			}
			if prefix, ok := strings.CutSuffix(want, "..."); ok && strings.HasPrefix(err.Error(), prefix) {
				return // the error lists every metric: the list follows the checks registry
			}
			if err.Error() != want {
				t.Errorf("Load error:\n got %s\nwant %s", err, want)
			}
		})
	}
}

// wantedError reads the "# want: " line that starts a bad config.
func wantedError(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	want, ok := strings.CutPrefix(strings.TrimRight(line, "\r\n"), "# want: ")
	if !ok || want == "" {
		t.Fatalf("%s does not start with # want: MESSAGE", path)
	}
	return want
}

// writeConfig writes a config file in a fresh directory and returns its path.
func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crmready.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// auditFlags returns the flags the audit command defines for the overridable settings, parsed
// from args.
func auditFlags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("audit", pflag.ContinueOnError)
	fs.String("as-of", "", "")
	fs.String("fail-on", "no-go", "")
	fs.Int("max-findings", 100, "")
	fs.StringArray("threshold", nil, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestLoadPrecedence(t *testing.T) {
	const file = "as_of: 2026-01-01\nfail_on: warn\nmax_findings: 10\n"
	tests := []struct {
		name    string
		file    string // no config file when empty
		env     map[string]string
		flags   []string
		asOf    string
		failOn  string
		max     int
		sources map[string]string // "config" stands for "config PATH"
		err     string            // {file} stands for the config path
	}{
		{
			name:    "nothing set",
			sources: map[string]string{},
		},
		{
			name: "file", file: file,
			asOf: "2026-01-01", failOn: "warn", max: 10,
			sources: map[string]string{"as_of": "config", "fail_on": "config", "max_findings": "config"},
		},
		{
			name: "unquoted YAML timestamps stay the text they say", file: "as_of: 2026-11-25T10:00:00+01:00\n",
			asOf:    "2026-11-25T10:00:00+01:00",
			sources: map[string]string{"as_of": "config"},
		},
		{
			name: "an unquoted YAML timestamp without a zone is UTC", file: "as_of: 2026-11-25 10:00:00\n",
			asOf:    "2026-11-25T10:00:00Z",
			sources: map[string]string{"as_of": "config"},
		},
		{
			name: "env over file", file: file,
			env:  map[string]string{"CRMREADY_AS_OF": "2026-02-02", "CRMREADY_FAIL_ON": "no-go", "CRMREADY_MAX_FINDINGS": "20"},
			asOf: "2026-02-02", failOn: "no-go", max: 20,
			sources: map[string]string{"as_of": "env CRMREADY_AS_OF", "fail_on": "env CRMREADY_FAIL_ON", "max_findings": "env CRMREADY_MAX_FINDINGS"},
		},
		{
			name: "flags over env over file", file: file,
			env:   map[string]string{"CRMREADY_AS_OF": "2026-02-02", "CRMREADY_FAIL_ON": "no-go", "CRMREADY_MAX_FINDINGS": "20"},
			flags: []string{"--as-of", "2026-03-03", "--fail-on", "warn", "--max-findings", "30"},
			asOf:  "2026-03-03", failOn: "warn", max: 30,
			sources: map[string]string{"as_of": "flag --as-of", "fail_on": "flag --fail-on", "max_findings": "flag --max-findings"},
		},
		{
			name: "each setting from its own place", file: file,
			env:   map[string]string{"CRMREADY_FAIL_ON": "no-go"},
			flags: []string{"--max-findings", "0"},
			asOf:  "2026-01-01", failOn: "no-go", max: 0,
			sources: map[string]string{"as_of": "config", "fail_on": "env CRMREADY_FAIL_ON", "max_findings": "flag --max-findings"},
		},
		{
			name:  "env and flags without a file",
			env:   map[string]string{"CRMREADY_AS_OF": "now"},
			flags: []string{"--fail-on", "warn"},
			asOf:  "now", failOn: "warn",
			sources: map[string]string{"as_of": "env CRMREADY_AS_OF", "fail_on": "flag --fail-on"},
		},
		{
			name: "flag defaults do not override the file", file: file,
			flags: []string{},
			asOf:  "2026-01-01", failOn: "warn", max: 10,
			sources: map[string]string{"as_of": "config", "fail_on": "config", "max_findings": "config"},
		},
		{
			name: "an empty variable is unset", file: file,
			env:  map[string]string{"CRMREADY_FAIL_ON": "", "CRMREADY_AS_OF": ""},
			asOf: "2026-01-01", failOn: "warn", max: 10,
			sources: map[string]string{"as_of": "config", "fail_on": "config", "max_findings": "config"},
		},
		{
			name: "a bad env value names the variable, not the file", file: file,
			env: map[string]string{"CRMREADY_MAX_FINDINGS": "many"},
			err: "env CRMREADY_MAX_FINDINGS: max_findings: expected a number, got many",
		},
		{
			name: "a bad env choice", file: file,
			env: map[string]string{"CRMREADY_FAIL_ON": "nogo"},
			err: `env CRMREADY_FAIL_ON: fail_on: "nogo" is not one of no-go, warn`,
		},
		{
			name:  "a bad flag value names the flag",
			flags: []string{"--as-of", "tomorrow"},
			err:   `flag --as-of: as_of: invalid as_of "tomorrow": want a date (2026-11-25), a timestamp (2026-11-25T10:00:00Z, +01:00 for a zone) or now`,
		},
		{
			name: "a bad env value under a good flag does not matter", file: file,
			env:   map[string]string{"CRMREADY_FAIL_ON": "nogo"},
			flags: []string{"--fail-on", "warn"},
			asOf:  "2026-01-01", failOn: "warn", max: 10,
			sources: map[string]string{"as_of": "config", "fail_on": "flag --fail-on", "max_findings": "config"},
		},
		{
			name: "a bad file value is the file's", file: "fail_on: sometimes\n",
			err: `{file}: fail_on: "sometimes" is not one of no-go, warn`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"CRMREADY_AS_OF", "CRMREADY_FAIL_ON", "CRMREADY_MAX_FINDINGS"} {
				t.Setenv(k, tt.env[k]) // unset ones are empty: the same as unset
			}
			path := ""
			if tt.file != "" {
				path = writeConfig(t, tt.file)
			}
			var fs *pflag.FlagSet
			if tt.flags != nil {
				fs = auditFlags(t, tt.flags...)
			}
			c, src, err := config.Load(path, fs)
			if tt.err != "" {
				if want := strings.ReplaceAll(tt.err, "{file}", path); err == nil || err.Error() != want {
					t.Fatalf("Load error = %v\nwant %s", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.AsOf != tt.asOf || c.FailOn != tt.failOn || c.MaxFindings != tt.max {
				t.Errorf("as_of %q, fail_on %q, max_findings %d; want %q, %q, %d", c.AsOf, c.FailOn, c.MaxFindings, tt.asOf, tt.failOn, tt.max)
			}
			want := config.Sources{}
			for k, v := range tt.sources {
				if v == "config" {
					v = "config " + path
				}
				want[k] = v
			}
			if !reflect.DeepEqual(src, want) {
				t.Errorf("sources = %v\nwant      %v", src, want)
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, path, err string
	}{
		{"missing file", filepath.Join(dir, "nope.yaml"), filepath.Join(dir, "nope.yaml") + ": no such file"},
		{"directory", dir, dir + ": is a directory, not a config file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := config.Load(tt.path, nil); err == nil || err.Error() != tt.err {
				t.Errorf("Load error = %v, want %s", err, tt.err)
			}
		})
	}
}

// levels describes a resolved threshold: its levels, where each came from, and when_absent.
func levels(th readiness.Threshold) string {
	level := func(v *float64, src string) string {
		if v == nil {
			return "- ()"
		}
		return fmt.Sprintf("%v (%s)", *v, src)
	}
	return fmt.Sprintf("warn %s, fail %s, absent %s", level(th.Warn, th.WarnSource), level(th.Fail, th.FailSource), th.WhenAbsent)
}

func findUseCase(ucs []readiness.UseCase, name string) *readiness.UseCase {
	for i := range ucs {
		if ucs[i].Name == name {
			return &ucs[i]
		}
	}
	return nil
}

func TestResolveThresholds(t *testing.T) {
	type want struct {
		source     string            // the use case's Source; {config} stands for "config PATH"
		maxAge     string            // checked when set
		window     string            // checked when set
		objects    []extract.Object  // checked when set
		thresholds map[string]string // metric -> levels(); {config} as above
		count      int               // number of thresholds, checked when set
	}
	tests := []struct {
		name   string
		config string // no file when empty
		flags  []string
		env    string // CRMREADY_THRESHOLD
		want   map[string]want
	}{
		{
			name: "presets",
			want: map[string]want{
				"lead_scoring": {source: "preset", maxAge: "180d", window: "200d", objects: []extract.Object{"lead"}, count: leadScoring, thresholds: map[string]string{
					"volume.records":             "warn 1250 (preset lead_scoring), fail 1000 (preset lead_scoring), absent fail",
					"completeness.lead_source":   "warn 0.9 (preset lead_scoring), fail 0.7 (preset lead_scoring), absent warn",
					"duplicates.normalized.rate": "warn 0.02 (preset lead_scoring), fail 0.05 (preset lead_scoring), absent fail",
				}},
				"opportunity_scoring": {source: "preset", maxAge: "365d", window: "24mo", thresholds: map[string]string{
					"volume.win_rate": "warn 0.7 (preset opportunity_scoring), fail 0.9 (preset opportunity_scoring), absent fail",
				}},
				"churn_prediction": {source: "preset", objects: []extract.Object{"account", "contact"}},
				"lead_routing": {source: "preset", thresholds: map[string]string{
					"completeness.country": "warn 0.9 (preset lead_routing), fail 0.75 (preset lead_routing), absent skip",
				}},
			},
		},
		{
			name:   "config changes one level of a preset threshold",
			config: "use_cases:\n  - name: lead_scoring\n    thresholds:\n      - {metric: duplicates.normalized.rate, fail: 0.04}\n",
			want: map[string]want{
				"lead_scoring": {source: "preset, overridden by {config}", maxAge: "180d", window: "200d", count: leadScoring, thresholds: map[string]string{
					"duplicates.normalized.rate": "warn 0.02 (preset lead_scoring), fail 0.04 ({config}), absent fail",
					"volume.records":             "warn 1250 (preset lead_scoring), fail 1000 (preset lead_scoring), absent fail",
				}},
			},
		},
		{
			name: "config changes when_absent, windows and adds a metric to a preset",
			config: "use_cases:\n  - name: lead_scoring\n    max_age: 26w\n    window: 1y\n    thresholds:\n" +
				"      - {metric: completeness.lead_source, when_absent: fail}\n" +
				"      - {metric: completeness.email, warn: 0.95, fail: 0.8, when_absent: warn, why: nurture}\n",
			want: map[string]want{
				"lead_scoring": {source: "preset, overridden by {config}", maxAge: "182d", window: "1y", objects: []extract.Object{"lead"}, count: leadScoring + 1, thresholds: map[string]string{
					"completeness.lead_source": "warn 0.9 (preset lead_scoring), fail 0.7 (preset lead_scoring), absent fail",
					"completeness.email":       "warn 0.95 ({config}), fail 0.8 ({config}), absent warn",
				}},
			},
		},
		{
			name: "a new use case",
			config: "use_cases:\n  - name: partner_scoring\n    objects: [lead, contact]\n    thresholds:\n" +
				"      - {metric: volume.records, fail: 500}\n      - {metric: completeness.email, warn: 0.9, when_absent: skip}\n",
			want: map[string]want{
				"partner_scoring": {source: "{config}", maxAge: "180d", window: "365d", objects: []extract.Object{"lead", "contact"}, count: 2, thresholds: map[string]string{
					"volume.records":     "warn - (), fail 500 ({config}), absent fail",
					"completeness.email": "warn 0.9 ({config}), fail - (), absent skip",
				}},
			},
		},
		{
			name:  "flags change a level",
			flags: []string{"--threshold", "lead_scoring:duplicates.normalized.rate:warn=0.01", "--threshold", "forecasting:volume.history_days:fail=400"},
			want: map[string]want{
				"lead_scoring": {source: "preset", count: leadScoring, thresholds: map[string]string{
					"duplicates.normalized.rate": "warn 0.01 (flag --threshold), fail 0.05 (preset lead_scoring), absent fail",
				}},
				"forecasting": {source: "preset", thresholds: map[string]string{
					"volume.history_days": "warn 540 (preset forecasting), fail 400 (flag --threshold), absent fail",
				}},
			},
		},
		{
			name:   "a flag beats the config",
			config: "use_cases:\n  - name: lead_scoring\n    thresholds:\n      - {metric: duplicates.normalized.rate, warn: 0.01, fail: 0.04}\n",
			flags:  []string{"--threshold", "lead_scoring:duplicates.normalized.rate:fail=0.03"},
			want: map[string]want{
				"lead_scoring": {source: "preset, overridden by {config}", thresholds: map[string]string{
					"duplicates.normalized.rate": "warn 0.01 ({config}), fail 0.03 (flag --threshold), absent fail",
				}},
			},
		},
		{
			name:  "a flag adds a metric to a preset",
			flags: []string{"--threshold", "lead_scoring:completeness.phone:fail=0.5"},
			want: map[string]want{
				"lead_scoring": {count: leadScoring + 1, thresholds: map[string]string{
					"completeness.phone": "warn - (), fail 0.5 (flag --threshold), absent fail",
				}},
			},
		},
		{
			name:   "a flag changes a new use case",
			config: "use_cases:\n  - name: partner_scoring\n    objects: [lead]\n    thresholds:\n      - {metric: volume.records, warn: 600, fail: 500}\n",
			flags:  []string{"--threshold", "partner_scoring:volume.records:warn=700"},
			want: map[string]want{
				"partner_scoring": {source: "{config}", thresholds: map[string]string{
					"volume.records": "warn 700 (flag --threshold), fail 500 ({config}), absent fail",
				}},
			},
		},
		{
			name: "env thresholds, separated by semicolons and spaces",
			env:  "lead_scoring:volume.records:fail=900; lead_routing:completeness.owner:warn=0.99 lead_routing:completeness.owner:fail=0.95",
			want: map[string]want{
				"lead_scoring": {thresholds: map[string]string{
					"volume.records": "warn 1250 (preset lead_scoring), fail 900 (env CRMREADY_THRESHOLD), absent fail",
				}},
				"lead_routing": {thresholds: map[string]string{
					"completeness.owner": "warn 0.99 (env CRMREADY_THRESHOLD), fail 0.95 (env CRMREADY_THRESHOLD), absent fail",
				}},
			},
		},
		{
			name:  "flags replace env thresholds",
			env:   "lead_scoring:volume.records:fail=900",
			flags: []string{"--threshold", "lead_scoring:volume.label_positive:fail=100"},
			want: map[string]want{
				"lead_scoring": {thresholds: map[string]string{
					"volume.records":        "warn 1250 (preset lead_scoring), fail 1000 (preset lead_scoring), absent fail",
					"volume.label_positive": "warn 150 (preset lead_scoring), fail 100 (flag --threshold), absent fail",
				}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CRMREADY_THRESHOLD", tt.env)
			t.Setenv("CRMREADY_USE_CASE", "")
			path := ""
			if tt.config != "" {
				path = writeConfig(t, tt.config)
			}
			c, src, err := config.Load(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			var thresholds []string
			for i := 1; i < len(tt.flags); i += 2 {
				thresholds = append(thresholds, tt.flags[i])
			}
			// Only the thresholds are under test: ask for every use case so that a config's
			// declarations do not narrow the list.
			plan, err := config.Resolve(c, src, path, config.Request{Thresholds: thresholds, UseCases: allUseCases(c), Now: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			sub := func(s string) string { return strings.ReplaceAll(s, "{config}", "config "+path) }
			for name, w := range tt.want {
				uc := findUseCase(plan.UseCases, name)
				if uc == nil {
					t.Fatalf("no use case %s", name)
				}
				if w.source != "" && uc.Source != sub(w.source) {
					t.Errorf("%s: Source = %q, want %q", name, uc.Source, sub(w.source))
				}
				if w.maxAge != "" && uc.MaxAge.String() != w.maxAge || w.window != "" && uc.Window.String() != w.window {
					t.Errorf("%s: max_age %s, window %s; want %s, %s", name, uc.MaxAge, uc.Window, w.maxAge, w.window)
				}
				if w.objects != nil && !reflect.DeepEqual(uc.Objects, w.objects) {
					t.Errorf("%s: objects %v, want %v", name, uc.Objects, w.objects)
				}
				if w.count != 0 && len(uc.Thresholds) != w.count {
					t.Errorf("%s: %d thresholds, want %d", name, len(uc.Thresholds), w.count)
				}
				for metric, lv := range w.thresholds {
					found := false
					for _, th := range uc.Thresholds {
						if th.Metric == metric {
							found = true
							if got := levels(th); got != sub(lv) {
								t.Errorf("%s %s:\n got %s\nwant %s", name, metric, got, sub(lv))
							}
						}
					}
					if !found {
						t.Errorf("%s: no threshold on %s", name, metric)
					}
				}
			}
		})
	}
}

// allUseCases names every preset and every use case of c.
func allUseCases(c *config.Config) []string {
	names := config.PresetNames()
	for _, u := range c.UseCases {
		if !slices.Contains(names, u.Name) {
			names = append(names, u.Name)
		}
	}
	return names
}

func TestResolveSelection(t *testing.T) {
	presets := "lead_scoring, opportunity_scoring, forecasting, churn_prediction, follow_up_timing, lead_routing"
	tests := []struct {
		name      string
		config    string
		useCases  []string
		env       string // CRMREADY_USE_CASE
		want      []string
		requested bool
		err       string
	}{
		{name: "every preset, none requested", want: strings.Split(presets, ", ")},
		{name: "by flag, in the order given", useCases: []string{"forecasting", "lead_scoring"}, want: []string{"forecasting", "lead_scoring"}, requested: true},
		{name: "named twice", useCases: []string{"lead_scoring", "lead_scoring"}, want: []string{"lead_scoring"}, requested: true},
		{name: "by env, commas or spaces", env: "lead_routing, forecasting churn_prediction", want: []string{"lead_routing", "forecasting", "churn_prediction"}, requested: true},
		{name: "the flag beats env", env: "lead_routing", useCases: []string{"forecasting"}, want: []string{"forecasting"}, requested: true},
		{
			name:   "a config's use cases are requested",
			config: "use_cases:\n  - name: lead_scoring\n    max_age: 90d\n  - name: partner\n    objects: [lead]\n    thresholds:\n      - {metric: volume.rows, fail: 1}\n",
			want:   []string{"lead_scoring", "partner"}, requested: true,
		},
		{
			name:     "the flag beats a config's declarations",
			config:   "use_cases:\n  - name: lead_scoring\n    max_age: 90d\n",
			useCases: []string{"forecasting"},
			want:     []string{"forecasting"}, requested: true,
		},
		{
			name:     "a config's new use case can be selected",
			config:   "use_cases:\n  - name: partner\n    objects: [lead]\n    thresholds:\n      - {metric: volume.rows, fail: 1}\n",
			useCases: []string{"partner", "lead_routing"},
			want:     []string{"partner", "lead_routing"}, requested: true,
		},
		{name: "unknown by flag", useCases: []string{"lead_scorign"}, err: `unknown use case "lead_scorign" (valid: ` + presets + `)`},
		{name: "unknown by env", env: "churn", err: `unknown use case "churn" (valid: ` + presets + `)`},
		{
			name:     "unknown lists the config's use cases",
			config:   "use_cases:\n  - name: partner\n    objects: [lead]\n    thresholds:\n      - {metric: volume.rows, fail: 1}\n",
			useCases: []string{"partners"},
			err:      `unknown use case "partners" (valid: ` + presets + `, partner)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CRMREADY_USE_CASE", tt.env)
			t.Setenv("CRMREADY_THRESHOLD", "")
			path := ""
			if tt.config != "" {
				path = writeConfig(t, tt.config)
			}
			c, src, err := config.Load(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := config.Resolve(c, src, path, config.Request{UseCases: tt.useCases, Now: time.Now()})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Resolve error = %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range plan.UseCases {
				got = append(got, u.Name)
				if u.Requested != tt.requested {
					t.Errorf("%s: Requested = %v, want %v", u.Name, u.Requested, tt.requested)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("use cases = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestResolveThresholdErrors(t *testing.T) {
	presets := "lead_scoring, opportunity_scoring, forecasting, churn_prediction, follow_up_timing, lead_routing"
	tests := []struct {
		name  string
		flags []string
		env   string
		err   string
	}{
		{"no level", []string{"lead_scoring:completeness.email=0.8"}, "",
			`flag --threshold "lead_scoring:completeness.email=0.8": want use_case:metric:level=value, like lead_scoring:completeness.email:fail=0.8`},
		{"no value", []string{"lead_scoring:completeness.email:fail"}, "",
			`flag --threshold "lead_scoring:completeness.email:fail": want use_case:metric:level=value, like lead_scoring:completeness.email:fail=0.8`},
		{"bad level", []string{"lead_scoring:completeness.email:error=0.8"}, "",
			`flag --threshold "lead_scoring:completeness.email:error=0.8": level "error" must be warn or fail`},
		{"bad number", []string{"lead_scoring:completeness.email:fail=80%"}, "",
			`flag --threshold "lead_scoring:completeness.email:fail=80%": value "80%" is not a number`},
		{"not a finite number", []string{"lead_scoring:volume.records:fail=NaN"}, "",
			`flag --threshold "lead_scoring:volume.records:fail=NaN": volume.records fail NaN must be a finite number`},
		{"ratio above one", []string{"lead_scoring:completeness.email:fail=80"}, "",
			`flag --threshold "lead_scoring:completeness.email:fail=80": completeness.email fail 80 is a ratio and must be between 0 and 1 (write 0.9 for 90%)`},
		{"looser than the preset's fail", []string{"lead_scoring:completeness.label:warn=0.5"}, "",
			`flag --threshold "lead_scoring:completeness.label:warn=0.5": completeness.label: warn 0.5 is looser than fail 0.95: higher is better, so warn must be >= fail`},
		{"looser than the preset's warn, lower is better", []string{"lead_scoring:duplicates.normalized.rate:fail=0.01"}, "",
			`flag --threshold "lead_scoring:duplicates.normalized.rate:fail=0.01": duplicates.normalized.rate: warn 0.02 is looser than fail 0.01: lower is better, so warn must be <= fail`},
		{"unknown use case", []string{"lead_scorign:completeness.email:fail=0.8"}, "",
			`flag --threshold "lead_scorign:completeness.email:fail=0.8": unknown use case "lead_scorign" (valid: ` + presets + `)`},
		{"unknown metric", []string{"lead_scoring:volume.rowz:fail=1"}, "",
			`flag --threshold "lead_scoring:volume.rowz:fail=1": ` + metricError("volume.rowz")},
		{"the second of two", []string{"lead_scoring:volume.records:fail=10", "lead_scoring:volume.records:warn=5"}, "",
			`flag --threshold "lead_scoring:volume.records:warn=5": volume.records: warn 5 is looser than fail 10: higher is better, so warn must be >= fail`},
		{"env", nil, "lead_scoring:volume.records:fail=ten",
			`env CRMREADY_THRESHOLD "lead_scoring:volume.records:fail=ten": value "ten" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CRMREADY_THRESHOLD", tt.env)
			t.Setenv("CRMREADY_USE_CASE", "")
			_, err := config.Resolve(nil, nil, "", config.Request{Thresholds: tt.flags, Now: time.Now()})
			if err == nil || err.Error() != tt.err {
				t.Errorf("Resolve error = %v\nwant %s", err, tt.err)
			}
		})
	}
}

func TestResolvePlan(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 4, 5, 0, time.UTC)
	full := "as_of: 2026-11-20\nfail_on: warn\nmax_findings: 7\n" +
		"datasets:\n" +
		"  - {name: leads, object: lead, files: [exports/leads.csv, /abs/leads-2.csv], sheet: S, placeholders: [n.a.]}\n" +
		"  - {name: deals, files: [deals.csv]}\n" +
		"checks:\n  completeness:\n    placeholders: [\"no company\"]\n  volume:\n    won: [Signed]\n    lost: [Dropped]\n" +
		"  duplicates:\n    fuzzy: {enabled: false, threshold: 0.8, max_records: 0}\n" +
		"waivers:\n" +
		"  - {use_case: lead_scoring, metric: duplicates.normalized.rate, dataset: leads, approved_by: Jane, reason: dedup in Q1, expires: 2026-12-31}\n"
	tests := []struct {
		name   string
		config string
		flags  []string
		req    config.Request
		check  func(t *testing.T, p *config.Plan, dir string)
	}{
		{
			name: "defaults without a config",
			req:  config.Request{Files: []string{"a.csv", "b.xlsx"}, Sheet: "Leads"},
			check: func(t *testing.T, p *config.Plan, dir string) {
				if !p.AsOf.Equal(now) || p.AsOfSource != "now (not pinned)" || p.FailOnWarn || p.MaxFindings != 100 {
					t.Errorf("as_of %v (%s), fail on warn %v, max findings %d", p.AsOf, p.AsOfSource, p.FailOnWarn, p.MaxFindings)
				}
				want := []config.DatasetPlan{{Files: []string{"a.csv"}, Sheet: "Leads"}, {Files: []string{"b.xlsx"}, Sheet: "Leads"}}
				if !reflect.DeepEqual(p.Datasets, want) {
					t.Errorf("datasets = %+v\nwant       %+v", p.Datasets, want)
				}
				if !reflect.DeepEqual(p.Placeholders, checks.BuiltinPlaceholders) || !reflect.DeepEqual(p.Stages, checks.DefaultStages) {
					t.Errorf("placeholders %q, stages %v: want the built-in ones", p.Placeholders, p.Stages)
				}
				if p.Waivers != nil {
					t.Errorf("waivers = %v", p.Waivers)
				}
				if fz := p.Duplicates.Fuzzy; !*fz.Enabled || fz.Threshold != checks.DefaultFuzzyThreshold || *fz.MaxRecords != checks.DefaultFuzzyMaxRecords || p.Duplicates.PhoneRegion != "US" {
					t.Errorf("fuzzy tier %v at %v up to %d records, phones in %s, want the defaults", *fz.Enabled, fz.Threshold, *fz.MaxRecords, p.Duplicates.PhoneRegion)
				}
			},
		},
		{
			name:   "a full config",
			config: full,
			req:    config.Request{Files: []string{"other.csv"}},
			check: func(t *testing.T, p *config.Plan, dir string) {
				if want := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC); !p.AsOf.Equal(want) || p.AsOfSource != "config "+p.ConfigFile {
					t.Errorf("as_of %v (%s), want %v from the config", p.AsOf, p.AsOfSource, want)
				}
				if !p.FailOnWarn || p.MaxFindings != 7 {
					t.Errorf("fail on warn %v, max findings %d", p.FailOnWarn, p.MaxFindings)
				}
				want := []config.DatasetPlan{
					{Name: "leads", Object: "lead", Files: []string{filepath.Join(dir, "exports", "leads.csv"), "/abs/leads-2.csv"}, Sheet: "S", Placeholders: []string{"n.a."}},
					{Name: "deals", Files: []string{filepath.Join(dir, "deals.csv")}},
					{Files: []string{"other.csv"}},
				}
				if !reflect.DeepEqual(p.Datasets, want) {
					t.Errorf("datasets = %+v\nwant       %+v", p.Datasets, want)
				}
				if ph := p.Placeholders; len(ph) != len(checks.BuiltinPlaceholders)+1 || ph[len(ph)-1] != "no company" {
					t.Errorf("placeholders = %q, want the built-in ones and \"no company\"", ph)
				}
				if want := (checks.StageMap{Won: []string{"Signed"}, Lost: []string{"Dropped"}}); !reflect.DeepEqual(p.Stages, want) {
					t.Errorf("stages = %v, want %v", p.Stages, want)
				}
				if fz := p.Duplicates.Fuzzy; *fz.Enabled || fz.Threshold != 0.8 || *fz.MaxRecords != 0 {
					t.Errorf("fuzzy tier %v at %v up to %d records, want off, at 0.8 without a limit", *fz.Enabled, fz.Threshold, *fz.MaxRecords)
				}
				wantW := []readiness.Waiver{{UseCase: "lead_scoring", Metric: "duplicates.normalized.rate", Dataset: "leads", ApprovedBy: "Jane", Reason: "dedup in Q1",
					Expires: time.Date(2026, 12, 31, 23, 59, 59, 999_000_000, time.UTC)}}
				if !reflect.DeepEqual(p.Waivers, wantW) {
					t.Errorf("waivers = %+v\nwant      %+v", p.Waivers, wantW)
				}
			},
		},
		{
			name:   "a file the config lists is not a second dataset",
			config: "datasets:\n  - {name: leads, files: [leads.csv]}\n",
			req:    config.Request{Files: []string{"{dir}/leads.csv", "{dir}/./other.csv"}},
			check: func(t *testing.T, p *config.Plan, dir string) {
				want := []config.DatasetPlan{{Name: "leads", Files: []string{filepath.Join(dir, "leads.csv")}}, {Files: []string{dir + "/./other.csv"}}}
				if !reflect.DeepEqual(p.Datasets, want) {
					t.Errorf("datasets = %+v\nwant       %+v", p.Datasets, want)
				}
			},
		},
		{
			name:   "placeholders replaced",
			config: "checks:\n  completeness:\n    placeholders: [\"-\"]\n    replace_placeholders: true\n",
			check: func(t *testing.T, p *config.Plan, dir string) {
				if !reflect.DeepEqual(p.Placeholders, []string{"-"}) {
					t.Errorf("placeholders = %q, want only \"-\"", p.Placeholders)
				}
			},
		},
		{
			name:   "as_of now in the config is not pinned",
			config: "as_of: now\n",
			check: func(t *testing.T, p *config.Plan, dir string) {
				if !p.AsOf.Equal(now) || p.AsOfSource != "now (not pinned)" {
					t.Errorf("as_of %v (%s)", p.AsOf, p.AsOfSource)
				}
			},
		},
		{
			name:   "a flag pins as_of over the config",
			config: "as_of: 2026-01-01\nmax_findings: 5\n",
			flags:  []string{"--as-of", "2026-06-01T12:00:00+02:00", "--max-findings", "0"},
			check: func(t *testing.T, p *config.Plan, dir string) {
				if want := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC); !p.AsOf.Equal(want) || p.AsOfSource != "flag --as-of" {
					t.Errorf("as_of %v (%s), want %v from the flag", p.AsOf, p.AsOfSource, want)
				}
				if p.MaxFindings != 0 {
					t.Errorf("max findings %d, want 0 from the flag", p.MaxFindings)
				}
			},
		},
		{
			name:   "--no-waivers leaves the config's waivers out and counts them",
			config: full,
			req:    config.Request{NoWaivers: true},
			check: func(t *testing.T, p *config.Plan, dir string) {
				if p.Waivers != nil || p.WaiversIgnored != 1 {
					t.Errorf("waivers = %+v, ignored %d; want none applied and 1 ignored", p.Waivers, p.WaiversIgnored)
				}
			},
		},
		{
			name:   "a waiver without a dataset, on a new use case",
			config: "use_cases:\n  - {name: p, objects: [lead], thresholds: [{metric: volume.rows, fail: 1}]}\nwaivers:\n  - {use_case: p, metric: volume.rows, approved_by: A, reason: R, expires: 2028-02-29}\n",
			check: func(t *testing.T, p *config.Plan, dir string) {
				want := []readiness.Waiver{{UseCase: "p", Metric: "volume.rows", ApprovedBy: "A", Reason: "R", Expires: time.Date(2028, 2, 29, 23, 59, 59, 999_000_000, time.UTC)}}
				if !reflect.DeepEqual(p.Waivers, want) {
					t.Errorf("waivers = %+v\nwant      %+v", p.Waivers, want)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"CRMREADY_AS_OF", "CRMREADY_FAIL_ON", "CRMREADY_MAX_FINDINGS", "CRMREADY_USE_CASE", "CRMREADY_THRESHOLD"} {
				t.Setenv(k, "")
			}
			path, dir := "", ""
			if tt.config != "" {
				path = writeConfig(t, tt.config)
				dir = filepath.Dir(path)
			}
			c, src, err := config.Load(path, auditFlags(t, tt.flags...))
			if err != nil {
				t.Fatal(err)
			}
			req := tt.req
			req.Now = now.In(time.FixedZone("CET", 3600))
			for i, f := range req.Files {
				req.Files[i] = strings.ReplaceAll(f, "{dir}", dir)
			}
			p, err := config.Resolve(c, src, path, req)
			if err != nil {
				t.Fatal(err)
			}
			if p.ConfigFile != path {
				t.Errorf("ConfigFile = %q, want %q", p.ConfigFile, path)
			}
			if p.AsOf.Location() != time.UTC && p.AsOfSource == "now (not pinned)" {
				t.Errorf("now is %v, want UTC", p.AsOf)
			}
			tt.check(t, p, dir)
		})
	}
}

func TestParseAsOf(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 4, 5, 0, time.FixedZone("CET", 3600))
	const bad = `want a date (2026-11-25), a timestamp (2026-11-25T10:00:00Z, +01:00 for a zone) or now`
	tests := []struct {
		in   string
		want time.Time
		err  string
	}{
		{"", now.UTC(), ""},
		{"now", now.UTC(), ""},
		{" NOW ", now.UTC(), ""},
		{"2026-11-25", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), ""},
		{"2026-11-25T10:00:00Z", time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), ""},
		{"2026-11-25T10:00:00.250Z", time.Date(2026, 11, 25, 10, 0, 0, 250_000_000, time.UTC), ""},
		{"2026-11-25T10:00:00+01:00", time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), ""},
		{"2026-11-25T10:00:00-05:00", time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC), ""},
		{"2026-11-25T10:00:00", time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), ""},
		{"2026-11-25 10:00:00", time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), ""},
		{"2026-11-25T10:00", time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), ""},
		{"2026-11-25 10:00", time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), ""},
		{"11/25/2026", time.Time{}, `invalid as_of "11/25/2026": ` + bad},
		{"2026-11-31", time.Time{}, `invalid as_of "2026-11-31": ` + bad},
		{"2026-11-25T25:00:00Z", time.Time{}, `invalid as_of "2026-11-25T25:00:00Z": ` + bad},
		{"tomorrow", time.Time{}, `invalid as_of "tomorrow": ` + bad},
	}
	for _, tt := range tests {
		got, err := config.ParseAsOf(tt.in, now)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseAsOf(%q) error = %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseAsOf(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// TestPresets checks the embedded presets: they validate as a config would, and every threshold
// names a metric that exists, with levels in its unit and a reason.
func TestPresets(t *testing.T) {
	ps, err := config.Presets()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"lead_scoring", "opportunity_scoring", "forecasting", "churn_prediction", "follow_up_timing", "lead_routing"}
	if got := config.PresetNames(); !reflect.DeepEqual(got, want) {
		t.Errorf("PresetNames() = %v, want %v", got, want)
	}
	if err := config.Validate(&config.Config{UseCases: ps}); err != nil {
		t.Errorf("the presets do not validate as a config: %v", err)
	}
	for _, p := range ps {
		if p.Doc == "" || len(p.Objects) == 0 || p.MaxAge == "" || p.Window == "" || len(p.Thresholds) == 0 {
			t.Errorf("%s: needs a doc, objects, max_age, window and thresholds", p.Name)
		}
		for _, th := range p.Thresholds {
			def, err := checks.LookupMetric(th.Metric)
			if err != nil {
				t.Errorf("%s: %v", p.Name, err)
				continue
			}
			if th.Why == "" {
				t.Errorf("%s %s: no why", p.Name, th.Metric)
			}
			if th.Warn == nil || th.Fail == nil {
				t.Errorf("%s %s: a preset gives both levels", p.Name, th.Metric)
			}
			if err := config.CheckLevels(th.Metric, th.Warn, th.Fail); err != nil {
				t.Errorf("%s: %v", p.Name, err)
			}
			if def.Window != "" && def.Window != "max_age" && def.Window != "window" {
				t.Errorf("%s %s: metric window %q", p.Name, th.Metric, def.Window)
			}
		}
	}
	if !strings.Contains(string(config.PresetsYAML()), "# crmready's built-in use cases") {
		t.Error("PresetsYAML() does not return the commented presets file")
	}
}

// metricError is the error that names the valid metrics: its list follows the checks registry.
func metricError(id string) string {
	_, err := checks.LookupMetric(id)
	return err.Error()
}

// leadScoring is the number of thresholds of the lead_scoring preset, read from the presets
// file: tests that override a level keep it, tests that add a metric add one.
var leadScoring = func() int {
	ps, err := config.Presets()
	if err != nil {
		panic(err)
	}
	for _, p := range ps {
		if p.Name == "lead_scoring" {
			return len(p.Thresholds)
		}
	}
	panic("no lead_scoring preset")
}()
