// Package examples holds CI recipes that run crmready as a gate in any repository. Its test runs
// each recipe's shell commands in an empty folder (someone else's repository), against a release
// served on loopback, so a recipe that drifts from the release layout or the command line fails
// the build.
package examples

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/crmready/crmready/internal/testkit"
)

// githubWorkflow is the part of a GitHub Actions workflow the test reads.
type githubWorkflow struct {
	Env  map[string]string `yaml:"env"`
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
	Variables    map[string]string        `yaml:"variables"`
	Cache        struct{ Paths []string } `yaml:"cache"`
	BeforeScript []string                 `yaml:"before_script"`
	Script       []string                 `yaml:"script"`
	Artifacts    struct {
		When    string   `yaml:"when"`
		Paths   []string `yaml:"paths"`
		Reports struct {
			JUnit string `yaml:"junit"`
		} `yaml:"reports"`
	} `yaml:"artifacts"`
}

// basePath is the PATH a recipe's steps start with: no Go, as on a runner that never installed it.
const basePath = "/usr/bin:/bin"

func TestGitHubActionsRecipe(t *testing.T) {
	rel := serveRelease(t)
	var wf githubWorkflow
	readYAML(t, "github/crmready.yml", &wf)
	job, ok := wf.Jobs["readiness"]
	if !ok || len(job.Steps) == 0 {
		t.Fatalf("no steps in job readiness: %+v", wf)
	}
	for _, k := range []string{"CRMREADY_VERSION", "CRMREADY_RELEASES"} {
		if wf.Env[k] == "" {
			t.Fatalf("workflow env lacks %s: the pinned release", k)
		}
	}
	work, tmp := t.TempDir(), t.TempDir()
	summary, ghPath := filepath.Join(tmp, "step_summary.md"), filepath.Join(tmp, "github_path")
	env := []string{"RUNNER_TEMP=" + tmp, "RUNNER_TOOL_CACHE=" + filepath.Join(tmp, "toolcache"),
		"GITHUB_STEP_SUMMARY=" + summary, "GITHUB_PATH=" + ghPath, "GITHUB_WORKSPACE=" + work, "CI=true",
		"CRMREADY_VERSION=" + rel.version, "CRMREADY_RELEASES=" + rel.url}
	failed, ran, cached := false, 0, false
	for _, st := range job.Steps {
		if failed && st.If != "always()" {
			continue
		}
		switch {
		case st.Run != "":
			// GitHub runs a step's commands with bash -e -o pipefail, with the folders earlier
			// steps appended to $GITHUB_PATH in front of the PATH.
			path := basePath
			if b, err := os.ReadFile(ghPath); err == nil {
				for _, dir := range strings.Fields(string(b)) {
					path = dir + ":" + path
				}
			}
			code := run(t, work, append(env, "PATH="+path), "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", st.Run)
			ran++
			if code != 0 {
				checkGateExit(t, st.Name, code, work)
				failed = true
			}
		case strings.HasPrefix(st.Uses, "actions/cache@"):
			cached = strings.Contains(st.With["path"], "CRMREADY_VERSION")
		case strings.HasPrefix(st.Uses, "actions/upload-artifact@"):
			for _, p := range strings.Fields(st.With["path"]) {
				checkArtifact(t, work, p)
			}
		}
	}
	if ran < 2 {
		t.Fatalf("ran %d run steps; want the install and the audit", ran)
	}
	if !cached {
		t.Error("no actions/cache step keeps the installed release by version")
	}
	checkSummary(t, summary, work)
	checkRanRelease(t, work, rel.version)
}

func TestGitLabRecipe(t *testing.T) {
	rel := serveRelease(t)
	var jobs map[string]gitlabJob
	readYAML(t, "gitlab/.gitlab-ci.yml", &jobs)
	job, ok := jobs["crmready"]
	if !ok || len(job.Script) == 0 {
		t.Fatalf("no script in job crmready: %+v", jobs)
	}
	if job.Variables["CRMREADY_VERSION"] == "" {
		t.Fatal("job variables lack CRMREADY_VERSION: the pinned release")
	}
	if !strings.Contains(strings.Join(job.Cache.Paths, " "), ".crmready") {
		t.Errorf("cache paths %v do not keep the installed release", job.Cache.Paths)
	}
	work := t.TempDir()
	// The runner runs before_script and script in one shell and stops at the first line that
	// fails, as bash -e does.
	lines := append(append([]string{}, job.BeforeScript...), job.Script...)
	env := []string{"CI=true", "CI_PROJECT_DIR=" + work, "PATH=" + basePath,
		"CRMREADY_VERSION=" + rel.version, "CRMREADY_RELEASES=" + rel.url}
	code := run(t, work, env, "bash", "-e", "-c", strings.Join(lines, "\n"))
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
	checkRanRelease(t, work, rel.version)
}

// TestRecipesVerifyChecksums serves a release whose archive does not match checksums.txt: the
// install step of each recipe must refuse it.
func TestRecipesVerifyChecksums(t *testing.T) {
	rel := serveRelease(t)
	bad := t.TempDir()
	entries, err := os.ReadDir(rel.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() { // dist/ holds GoReleaser's build folders too
			continue
		}
		b, err := os.ReadFile(filepath.Join(rel.dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".tar.gz") {
			b = append(b, 0) // one byte more: another archive than the one checksummed
		}
		if err := os.WriteFile(filepath.Join(bad, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	url := serveDir(t, bad, rel.version)

	var wf githubWorkflow
	readYAML(t, "github/crmready.yml", &wf)
	for _, st := range wf.Jobs["readiness"].Steps {
		if st.Name != "Install crmready" {
			continue
		}
		tmp := t.TempDir()
		env := []string{"PATH=" + basePath, "RUNNER_TOOL_CACHE=" + tmp, "GITHUB_PATH=" + filepath.Join(tmp, "p"),
			"CRMREADY_VERSION=" + rel.version, "CRMREADY_RELEASES=" + url}
		if code := run(t, t.TempDir(), env, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", st.Run); code == 0 {
			t.Error("GitHub recipe installed an archive that does not match checksums.txt")
		}
	}
	var jobs map[string]gitlabJob
	readYAML(t, "gitlab/.gitlab-ci.yml", &jobs)
	work := t.TempDir()
	env := []string{"PATH=" + basePath, "CI_PROJECT_DIR=" + work, "CRMREADY_VERSION=" + rel.version, "CRMREADY_RELEASES=" + url}
	if code := run(t, work, env, "bash", "-e", "-c", strings.Join(jobs["crmready"].BeforeScript, "\n")); code == 0 {
		t.Error("GitLab recipe installed an archive that does not match checksums.txt")
	}
}

// release is a crmready release served on loopback as the recipes download it:
// URL/v<version>/crmready_<version>_linux_amd64.tar.gz and URL/v<version>/checksums.txt.
type release struct {
	dir, version, url string
}

// serveRelease serves the release GoReleaser built (CRMREADY_DIST, the dist folder of
// `goreleaser release --snapshot`, which .ci/run builds first), or else a stand-in built here with
// the same layout: the binary with a stamped version, README, LICENSE and the sample.
func serveRelease(t *testing.T) release {
	t.Helper()
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("the recipes install the linux_amd64 release")
	}
	var rel release
	if dist := os.Getenv("CRMREADY_DIST"); dist != "" {
		b, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
		if err != nil {
			t.Fatalf("CRMREADY_DIST: %v", err)
		}
		var meta struct {
			Version string `json:"version"`
		}
		if err := json.Unmarshal(b, &meta); err != nil || meta.Version == "" {
			t.Fatalf("CRMREADY_DIST: metadata.json has no version (%v)", err)
		}
		rel = release{dir: dist, version: meta.Version}
	} else {
		if testkit.CI() {
			t.Fatal("CRMREADY_DIST is not set: in CI the recipes are tested against the release .ci/run builds with GoReleaser")
		}
		rel = standInRelease(t)
	}
	rel.url = serveDir(t, rel.dir, rel.version)
	return rel
}

// serveDir serves dir's files under /v<version>/ on loopback and returns the base URL.
func serveDir(t *testing.T, dir, version string) string {
	t.Helper()
	prefix := "/v" + version + "/"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok || strings.Contains(name, "/") {
			http.NotFound(w, r)
			return
		}
		http.ServeFile(w, r, filepath.Join(dir, name))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// standInRelease builds what GoReleaser's archive for linux/amd64 holds (.goreleaser.yaml), for a
// developer's `go test` without a release build.
func standInRelease(t *testing.T) release {
	t.Helper()
	const version = "0.0.0-standin"
	root, dir := testkit.Root(t), t.TempDir()
	bin := filepath.Join(t.TempDir(), "crmready")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.version=v"+version, "-o", bin, "./cmd/crmready")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	files := map[string]string{"crmready": bin, "README.md": filepath.Join(root, "README.md"), "LICENSE": filepath.Join(root, "LICENSE")}
	for _, f := range []string{"leads.csv", "contacts.csv", "opportunities.csv"} {
		files["sample/"+f] = filepath.Join(root, "testdata", "sample", f)
	}
	name := "crmready_" + version + "_linux_amd64.tar.gz"
	if err := writeTarGz(filepath.Join(dir, name), files); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if err := os.WriteFile(filepath.Join(dir, "checksums.txt"), []byte(hex.EncodeToString(sum[:])+"  "+name+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return release{dir: dir, version: version}
}

func writeTarGz(path string, files map[string]string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for name, src := range files {
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		mode := int64(0o644)
		if name == "crmready" {
			mode = 0o755
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: mode, Size: int64(len(b))}); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	return errors.Join(tw.Close(), zw.Close())
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

// run runs a command in dir with env on top of a cleared environment (HOME and TMPDIR kept) and
// returns its exit code; output goes to the test log.
func run(t *testing.T, dir string, env []string, name string, args ...string) int {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"HOME=" + os.Getenv("HOME"), "TMPDIR=" + os.TempDir()}, env...)
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
	if v := report(t, work).Verdict; v != "NO-GO" {
		t.Fatalf("step %q exited 1 but the report's verdict is %q", step, v)
	}
}

type reportJSON struct {
	Tool     string `json:"tool"`
	Verdict  string `json:"verdict"`
	UseCases []struct {
		UseCase string `json:"use_case"`
	} `json:"use_cases"`
}

func report(t *testing.T, work string) reportJSON {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(work, "crmready-out", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reportJSON
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// checkRanRelease checks the report came from the release installed, not from any other build.
func checkRanRelease(t *testing.T, work, version string) {
	t.Helper()
	if got, want := report(t, work).Tool, "crmready v"+version; got != want {
		t.Errorf("report tool = %q; want %q (the pinned release)", got, want)
	}
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
	md, r := string(b), report(t, work)
	if !strings.Contains(md, r.Verdict) {
		t.Errorf("summary lacks the verdict %s:\n%s", r.Verdict, md)
	}
	for _, u := range r.UseCases {
		if !strings.Contains(md, u.UseCase) {
			t.Errorf("summary lacks use case %s", u.UseCase)
		}
	}
}
