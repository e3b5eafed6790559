package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/crmready/crmready/internal/atomicfile"
	"github.com/crmready/crmready/internal/oserr"
	"github.com/crmready/crmready/readiness"
	"github.com/crmready/crmready/reports"
)

type reportFlags struct {
	out     outputFlags
	compare string
}

// outputFlags are the flags of the commands that write a report: audit and report.
type outputFlags struct {
	format     string
	outs       []string
	quiet      bool
	redact     bool
	showValues bool
	detail     bool
}

func (f *outputFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "console", "format written to stdout: "+joinFormats())
	completeFlag(cmd, "format", stdoutFormats)
	fl.StringArrayVarP(&f.outs, "out", "o", nil, "write the report to a file, format from its extension: "+joinExts()+" (repeatable)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "write nothing to stdout; the exit code and --out files only")
	fl.BoolVar(&f.redact, "redact", false, "mask emails, phones and names in every output")
	fl.BoolVar(&f.showValues, "show-values", false, "let Markdown and JUnit show record values (they carry none by default)")
	fl.BoolVar(&f.detail, "detail", false, "console text in full: every reason, metric and finding sample, not the one-screen summary")
}

// formats checks --format and the --out extensions before any work is done.
func (f *outputFlags) formats() (reports.Format, []reports.Format, error) {
	return outputFormats(f.format, f.outs)
}

// write redacts r when asked and writes it to stdout and the --out files; the outputs written
// already (the --findings folder) are committed with the files.
func (f *outputFlags) write(e *env, r *reports.Report, stdout reports.Format, outs []reports.Format, written atomicfile.Batch) error {
	if f.redact {
		r = reports.Redacted(r)
	}
	return writeOutputs(e, r, stdout, f.outs, outs, f.quiet, reports.Options{ShowValues: f.showValues, Detail: f.detail}, written)
}

func newReportCmd(e *env) *cobra.Command {
	var f reportFlags
	cmd := &cobra.Command{
		Use:   "report RUN.json",
		Short: "Render a saved JSON report in any format, or compare it with an older one",
		Long: `Render a report saved with --out report.json (or --format json) again, in any format:
console, json, md, junit, html, xlsx. With --compare OLD.json every format adds the trend: each
use case's verdict then and now, and each metric's change with an arrow.

The exit code is the saved report's: 0 GO (or WARN, unless it was audited with --fail-on warn),
1 NO-GO, 2 when a report cannot be read or written.`,
		Example: `  crmready report run.json --out report.xlsx --out report.html
  crmready report run.json --compare last-month.json --format md >> "$GITHUB_STEP_SUMMARY"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(e, f, args[0])
		},
	}
	f.out.add(cmd)
	cmd.Flags().StringVar(&f.compare, "compare", "", "an older JSON report of the same extracts: add the trend since then")
	return cmd
}

func runReport(e *env, f reportFlags, path string) error {
	stdout, outs, err := f.out.formats()
	if err != nil {
		return err
	}
	r, err := readReport(path)
	if err != nil {
		return err
	}
	if f.compare != "" {
		old, err := readReport(f.compare)
		if err != nil {
			return err
		}
		r.Trend = reports.Compare(old, r)
	}
	e.out = outcome{verdict: r.Verdict, failOnWarn: r.FailOn == string(readiness.Warn)}
	return f.out.write(e, r, stdout, outs, nil)
}

func readReport(path string) (*reports.Report, error) {
	file, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, oserr.Cause(err))
	}
	defer file.Close()
	r, err := reports.Read(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// outputFormats checks the stdout format and the --out files' extensions before any work is
// done: an unknown one is an error listing the valid ones.
func outputFormats(format string, outs []string) (reports.Format, []reports.Format, error) {
	stdout, err := reports.ByName(format)
	if err != nil {
		return stdout, nil, usageError{err}
	}
	if stdout.Binary {
		return stdout, nil, usageError{fmt.Errorf("--format %s: a workbook is written to a file: use --out report%s", format, stdout.Exts[0])}
	}
	var formats []reports.Format
	for _, o := range outs {
		of, err := reports.ByPath(o)
		if err != nil {
			return stdout, nil, usageError{err}
		}
		formats = append(formats, of)
	}
	return stdout, formats, nil
}

// writeOutputs writes r to every --out file in its format and, unless quiet, to stdout. Every
// file is rendered in full beside its destination before the first replaces its old one (with
// the outputs in written), so that a failure in any leaves every old file as it was.
func writeOutputs(e *env, r *reports.Report, stdout reports.Format, outs []string, formats []reports.Format, quiet bool, opts reports.Options, written atomicfile.Batch) error {
	batch := written
	defer func() { batch.Abort() }()
	for i, path := range outs {
		p, err := renderFile(path, formats[i].New(opts), r)
		if err != nil {
			return err
		}
		batch = append(batch, p)
	}
	if err := batch.Commit(); err != nil {
		return err
	}
	if quiet {
		return nil
	}
	opts.Color = stdout.Name == "console" && isTerminal(e.stdout)
	return stdout.New(opts).Write(e.stdout, r)
}
