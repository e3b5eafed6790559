// Package examples holds CI recipes that run crmready as a gate. Its test runs each recipe's
// shell commands against a copy of this tree, so a recipe that drifts from the command line fails
// the build.
package examples

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/crmready/crmready/internal/testkit"
)

// githubWorkflow is the part of a GitHub Actions workflow the test reads.
type githubWorkflow struct {
	Jobs map[string]struct {
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			If   string            `yaml:"if"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// gitlabJob is the part of a GitLab CI job the test reads.
type gitlabJob struct {
	Script    []string `yaml:"script"`
	Artifacts struct {
		When    string   `yaml:"when"`
		Paths   []string `yaml:"paths"`
		Reports struct {
			JUnit string `yaml:"junit"`
		} `yaml:"reports"`
	} `yaml:"artifacts"`
}

func TestGitHubActionsRecipe(t *testing.T) {
	var wf githubWorkflow
	readYAML(t, "github/crmready.yml", &wf)
	job, ok := wf.Jobs["readiness"]
	if !ok || len(job.Steps) == 0 {
		t.Fatalf("no steps in job readiness: %+v", wf)
	}
	work, tmp := copyTree(t), t.TempDir()
	summary := filepath.Join(tmp, "step_summary.md")
	env := []string{"RUNNER_TEMP=" + tmp, "GITHUB_STEP_SUMMARY=" + summary, "GITHUB_WORKSPACE=" + work, "CI=true"}
	failed, ran := false, 0
	for _, st := range job.Steps {
		if failed && st.If != "always()" {
			continue
		}
		switch {
		case st.Run != "":
			// GitHub runs a step's commands with bash -e -o pipefail.
			code := run(t, work, env, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", st.Run)
			ran++
			if code != 0 {
				checkGateExit(t, st.Name, code, work)
				failed = true
			}
		case strings.HasPrefix(st.Uses, "actions/upload-artifact@"):
			for _, p := range strings.Fields(st.With["path"]) {
				checkArtifact(t, work, p)
			}
		}
	}
	if ran < 2 {
		t.Fatalf("ran %d run steps; want the build and the audit", ran)
	}
	checkSummary(t, summary, work)
}

func TestGitLabRecipe(t *testing.T) {
	var jobs map[string]gitlabJob
	readYAML(t, "gitlab/.gitlab-ci.yml", &jobs)
	job, ok := jobs["crmready"]
	if !ok || len(job.Script) == 0 {
		t.Fatalf("no script in job crmready: %+v", jobs)
	}
	work := copyTree(t)
	// The runner stops at the first script line that fails, as bash -e does.
	code := run(t, work, []string{"CI=true", "CI_PROJECT_DIR=" + work}, "bash", "-e", "-c", strings.Join(job.Script, "\n"))
	if code != 0 {
		checkGateExit(t, "script", code, work)
	}
	if job.Artifacts.When != "always" {
		t.Errorf("artifacts.when = %q; the reports must be kept when the gate fails", job.Artifacts.When)
	}
	for _, p := range append(job.Artifacts.Paths, job.Artifacts.Reports.JUnit) {
		checkArtifact(t, work, p)
	}
	checkSummary(t, filepath.Join(work, "crmready-out", "summary.md"), work)
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// copyTree copies the repository (without .git and the bench module) into a temporary
// directory, where a recipe can build and write as in a fresh checkout.
func copyTree(t *testing.T) string {
	t.Helper()
	root, dst := testkit.Root(t), t.TempDir()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel == ".git" || rel == "bench" || rel == "crmready-out" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// run runs a command in dir and returns its exit code; output goes to the test log.
func run(t *testing.T, dir string, env []string, name string, args ...string) int {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	t.Logf("$ %s\n%s", args[len(args)-1], out)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// checkGateExit accepts a failing step only when it is the gate saying NO-GO: exit 1 with a
// NO-GO verdict in the JSON report.
func checkGateExit(t *testing.T, step string, code int, work string) {
	t.Helper()
	if code != 1 {
		t.Fatalf("step %q exited %d; only the gate's exit 1 (NO-GO) is expected", step, code)
	}
	if v := verdict(t, work); v != "NO-GO" {
		t.Fatalf("step %q exited 1 but the report's verdict is %q", step, v)
	}
}

func verdict(t *testing.T, work string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(work, "crmready-out", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Verdict string `json:"verdict"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r.Verdict
}

func checkArtifact(t *testing.T, work, path string) {
	t.Helper()
	p := filepath.Join(work, path)
	fi, err := os.Stat(p)
	if err != nil {
		t.Errorf("artifact %s: %v", path, err)
		return
	}
	if !fi.IsDir() {
		if fi.Size() == 0 {
			t.Errorf("artifact %s is empty", path)
		}
		return
	}
	for _, want := range []string{"junit.xml", "report.xlsx", "report.json"} {
		if fi, err := os.Stat(filepath.Join(p, want)); err != nil || fi.Size() == 0 {
			t.Errorf("artifact folder %s lacks %s", path, want)
		}
	}
}

// checkSummary checks the Markdown summary names the overall verdict and every use case the
// JSON report judged.
func checkSummary(t *testing.T, path, work string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	jb, err := os.ReadFile(filepath.Join(work, "crmready-out", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Verdict  string `json:"verdict"`
		UseCases []struct {
			UseCase string `json:"use_case"`
		} `json:"use_cases"`
	}
	if err := json.Unmarshal(jb, &r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, r.Verdict) {
		t.Errorf("summary lacks the verdict %s:\n%s", r.Verdict, md)
	}
	for _, u := range r.UseCases {
		if !strings.Contains(md, u.UseCase) {
			t.Errorf("summary lacks use case %s", u.UseCase)
		}
	}
}
