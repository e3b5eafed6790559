package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/readiness"
)

// version, commit and date are stamped by the release build (.goreleaser.yaml):
//
//	-ldflags "-X main.version=1.2.3 -X main.commit=0123abc -X main.date=2026-12-08T00:00:00Z"
//
// Unstamped, they come from the build info: the module version for `go install ...@v1.2.3`, the
// VCS revision and time for a build from a checkout.
var version, commit, date string

// toolVersion is the version reports carry ("crmready " + toolVersion()): the stamped one, the
// module version of `go install`, or "dev" for a build from a checkout.
func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// buildStamp is the commit and build time: stamped, or the VCS settings Go records when it builds
// from a checkout; empty where neither is known.
func buildStamp() (rev, at string) {
	rev, at = commit, date
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && rev == "":
				rev = s.Value
			case s.Key == "vcs.time" && at == "":
				at = s.Value
			}
		}
	}
	return rev, at
}

// Exit codes: the contract CI relies on. They never depend on the output format.
const (
	exitGo       = 0 // every evaluated use case is GO (or WARN, unless --fail-on warn)
	exitNoGo     = 1 // at least one NO-GO (or WARN with --fail-on warn)
	exitNotRated = 2 // the audit could not be evaluated: bad config, unreadable input, nothing to evaluate
)

// outcome is what a command leaves for the exit code: a verdict for audits.
type outcome struct {
	verdict    readiness.Status
	failOnWarn bool
}

// exitCode decides the process exit code. It is the only place that does.
func exitCode(o outcome, err error) int {
	switch {
	case err != nil:
		return exitNotRated
	case o.verdict == readiness.NoGo:
		return exitNoGo
	case o.verdict == readiness.Warn && o.failOnWarn:
		return exitNoGo
	}
	return exitGo
}

// env is what commands write to.
type env struct {
	stdout, stderr io.Writer
	out            outcome
}

func run(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err != nil {
		fmt.Fprintf(stderr, "crmready: %s\n", oneLine(err.Error()))
	}
	return exitCode(e.out, err)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "crmready",
		Short: "Data-readiness gate for AI on CRM extracts",
		Long: `crmready reads CRM extracts (Leads, Contacts, Accounts, Opportunities) from CSV, Excel or
Parquet, measures them against the thresholds of each AI use case, and returns a GO / WARN /
NO-GO verdict per use case.

Checks: ` + strings.Join(checks.IDs(), ", ") + `
(crmready explain CHECK says what each measures).

Exit codes: 0 every evaluated use case is GO (or WARN, unless --fail-on warn); 1 at least one
NO-GO; 2 the audit could not be evaluated (bad config, unreadable input, nothing to evaluate).`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       toolVersion(),
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newAuditCmd(e), newInitCmd(e), newProfileCmd(e), newExplainCmd(e), newPresetsCmd(e), newSampleCmd(e), newReportCmd(e),
		newVersionCmd(e), newSchemaCmd(e))
	addCompletions(root)
	return root
}

// usageError is a mistake on the command line.
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, the commit it was built from and when",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			rev, at := buildStamp()
			if rev == "" {
				rev = "unknown"
			}
			if at == "" {
				at = "unknown"
			}
			_, err := fmt.Fprintf(e.stdout, "crmready %s\ncommit %s, built %s, %s %s/%s\n",
				toolVersion(), rev, at, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}

// isTerminal reports whether w is a terminal that wants colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	if _, set := os.LookupEnv("NO_COLOR"); set || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// nowFunc returns the current time; tests replace it.
var nowFunc = time.Now
