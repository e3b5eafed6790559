package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

// TestCompletionScripts: each shell's completion script is written to stdout, and bash loads
// the bash one.
func TestCompletionScripts(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash":       "complete -o default -F __start_crmready crmready",
		"zsh":        "#compdef crmready",
		"fish":       "complete -c crmready",
		"powershell": "Register-ArgumentCompleter -CommandName 'crmready'",
	} {
		t.Run(shell, func(t *testing.T) {
			code, out, stderr := cli(t, "completion", shell)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			if !strings.Contains(out, marker) {
				t.Errorf("the %s script lacks %q:\n%.400s", shell, marker, out)
			}
		})
	}
	bash := testkit.NeedProgram(t, "bash", "bash")
	_, script, _ := cli(t, "completion", "bash")
	path := filepath.Join(t.TempDir(), "crmready.bash")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bash, "-c", "source "+path+" && complete -p crmready").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "__start_crmready") {
		t.Errorf("bash does not load the script: %v\n%s", err, out)
	}
}

// TestCompletionValues: flags that take a name from a fixed list, and explain's argument,
// complete to the names crmready accepts.
func TestCompletionValues(t *testing.T) {
	tests := []struct {
		args []string
		want []string
		not  []string
	}{
		{[]string{"audit", "--format", ""}, []string{"console", "json"}, []string{"xlsx"}},
		{[]string{"report", "--format", ""}, []string{"md", "junit"}, []string{"xlsx"}},
		{[]string{"profile", "--format", ""}, []string{"console", "json"}, []string{"md"}},
		{[]string{"sample", "--format", ""}, []string{"csv", "parquet", "xlsx"}, []string{"console"}},
		{[]string{"audit", "--use-case", "lead"}, []string{"lead_scoring", "lead_routing"}, nil},
		{[]string{"audit", "--fail-on", ""}, []string{"no-go", "warn"}, nil},
		{[]string{"explain", "process."}, []string{"process.owner", "process.success_metric", "process.last_reviewed"}, []string{"lead_scoring"}},
		{[]string{"explain", "staleness.s"}, []string{"staleness.stale_share"}, []string{"staleness.future"}},
		{[]string{"explain", "lead_"}, []string{"lead_scoring", "lead_routing"}, []string{"forecasting"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, _ := cli(t, append([]string{"__complete"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			lines := strings.Split(out, "\n")
			has := func(s string) bool {
				for _, l := range lines {
					if l == s {
						return true
					}
				}
				return false
			}
			for _, w := range tt.want {
				if !has(w) {
					t.Errorf("no %q among %q", w, lines)
				}
			}
			for _, n := range tt.not {
				if has(n) {
					t.Errorf("%q offered for %q", n, tt.args)
				}
			}
		})
	}
}
