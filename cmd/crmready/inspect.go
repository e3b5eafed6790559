package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/crmready/crmready/audit"
	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/internal/oserr"
	"github.com/crmready/crmready/readiness"
)

// readFlags are the flags of every command that reads files: which sheet, and a workbook's
// password.
type readFlags struct {
	sheet       string
	passwordEnv string
}

func (f *readFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.sheet, "sheet", "", "workbook sheet to read (default: every non-empty sheet)")
	cmd.Flags().StringVar(&f.passwordEnv, "password-env", "", "name of the environment variable holding an encrypted workbook's password")
}

// options are the audit options the flags ask for: the tool's version and the password.
func (f *readFlags) options() (audit.Options, error) {
	opts := audit.Options{Version: toolVersion()}
	if f.passwordEnv != "" {
		pw, ok := os.LookupEnv(f.passwordEnv)
		if !ok {
			return opts, fmt.Errorf("--password-env %s: no such environment variable", f.passwordEnv)
		}
		opts.Password = pw
	}
	return opts, nil
}

// plan resolves files (and a config, if any) into a plan and audit options.
func (f *readFlags) plan(configPath string, files []string) (*config.Plan, audit.Options, error) {
	opts, err := f.options()
	if err != nil {
		return nil, opts, err
	}
	c, src, err := config.Load(configPath, nil)
	if err != nil {
		return nil, opts, err
	}
	plan, err := config.Resolve(c, src, configPath, config.Request{Files: files, Sheet: f.sheet, Now: nowFunc()})
	return plan, opts, err
}

func newInitCmd(e *env) *cobra.Command {
	var (
		rf    readFlags
		out   string
		force bool
	)
	cmd := &cobra.Command{
		Use:   "init FILE...",
		Short: "Write a starter config with the detected object types, roles and presets",
		Long: `Read each file's headers and first records, and write a starter config: each dataset's object
type and column roles with how they were decided, the header matches the values contradicted,
the columns with no role, and the preset use cases that apply. Edit it, then audit with --config.`,
		Example: "  crmready init --out crmready.yaml exports/Leads.csv exports/Opportunities.csv",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if out != "" && !force {
				if _, err := os.Stat(out); err == nil {
					return fmt.Errorf("%s: already exists (--force replaces it)", out)
				}
			}
			plan, opts, err := rf.plan("", args)
			if err != nil {
				return err
			}
			dets, err := audit.Detect(plan, opts)
			if err != nil {
				return err
			}
			base := "."
			if out != "" {
				base = filepath.Dir(out)
			}
			var ds []config.StarterDataset
			for _, d := range dets {
				sd := config.StarterDataset{Name: d.Name, Object: d.Object, ObjectSource: d.ObjectSource, Sheet: d.Sheet, Columns: d.Columns, Rejected: d.Rejected}
				for _, f := range d.Files {
					sd.Files = append(sd.Files, relativeTo(base, f))
				}
				ds = append(ds, sd)
			}
			var b strings.Builder
			from := strings.Join(args, ", ")
			if len(args) > 3 {
				from = fmt.Sprintf("%d files", len(args))
			}
			if err := config.WriteStarter(&b, ds, from); err != nil {
				return err
			}
			if out == "" {
				_, err = fmt.Fprint(e.stdout, b.String())
				return err
			}
			if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
				return fmt.Errorf("%s: %v", out, oserr.Cause(err))
			}
			fmt.Fprintf(e.stderr, "crmready: wrote %s: review it, then run crmready audit --config %s\n", out, out)
			return nil
		},
	}
	rf.add(cmd)
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the config to this file instead of stdout")
	cmd.Flags().BoolVar(&force, "force", false, "replace the --out file if it exists")
	return cmd
}

// relativeTo writes path relative to dir when it can, so a config lists its files as seen from
// where it lives; an absolute path outside dir stays absolute ("/data/leads.csv", not
// "../../data/leads.csv").
func relativeTo(dir, path string) string {
	absDir, err1 := filepath.Abs(dir)
	absPath, err2 := filepath.Abs(path)
	if err := errors.Join(err1, err2); err != nil {
		return path
	}
	rel, err := filepath.Rel(absDir, absPath)
	if err != nil {
		return path
	}
	if filepath.IsAbs(path) && (rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))) {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

func newProfileCmd(e *env) *cobra.Command {
	var (
		rf         readFlags
		format     string
		configPath string
		save       string
	)
	cmd := &cobra.Command{
		Use:   "profile FILE...",
		Short: "Profile every column: type, role, missing share, distinct values, top values, range",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if format != "console" && format != "json" {
				return usageError{fmt.Errorf("unknown format %q (valid: console, json)", format)}
			}
			plan, opts, err := rf.plan(configPath, args)
			if err != nil {
				return err
			}
			stop := e.observe(&opts, false, false)
			ps, err := profileAndSave(e, plan, opts, save)
			stop()
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(ps)
			}
			return printProfiles(e, ps)
		},
	}
	rf.add(cmd)
	cmd.Flags().StringVarP(&format, "format", "f", "console", "output format: console or json")
	completeFlag(cmd, "format", func() []string { return []string{"console", "json"} })
	cmd.Flags().StringVarP(&configPath, "config", "c", "", "config file whose column settings apply")
	cmd.Flags().StringVar(&save, "save", "", "also write a baseline profile to this file (JSON), for audit --baseline")
	return cmd
}

// profileAndSave profiles the plan's datasets and, when save names a file, writes their
// baseline profile there.
func profileAndSave(e *env, plan *config.Plan, opts audit.Options, save string) ([]audit.DatasetProfile, error) {
	if save == "" {
		return audit.Profile(plan, opts)
	}
	ps, b, err := audit.ProfileBaseline(plan, opts)
	if err != nil {
		return nil, err
	}
	buf, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(save, append(buf, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("%s: %v", save, oserr.Cause(err))
	}
	fmt.Fprintf(e.stderr, "crmready: wrote baseline profile %s (%d datasets); compare later extracts with crmready audit --baseline %s\n", save, len(b.Datasets), save)
	return ps, nil
}

func printProfiles(e *env, ps []audit.DatasetProfile) error {
	for k, p := range ps {
		if k > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintf(e.stdout, "%s: %s (%s), %d records\n", p.Name, p.Object, p.ObjectSource, p.Rows)
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "COLUMN\tTYPE\tROLE\tMISSING\tDISTINCT\tTOP VALUES\tMIN\tMAX")
		for _, c := range p.Columns {
			distinct := fmt.Sprint(c.Distinct)
			if c.DistinctAtLeast {
				distinct = ">=" + distinct
			}
			var top []string
			for _, v := range c.Top[:min(3, len(c.Top))] {
				top = append(top, fmt.Sprintf("%s (%d)", clip(v.Value, 24), v.Count))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", clip(c.Name, 40), c.Type, orDash(c.Role),
				readiness.FormatValue(c.MissingShare, checks.Ratio), distinct, orDash(strings.Join(top, ", ")), orDash(c.Min), orDash(c.Max))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, r := range p.RolesRejected {
			fmt.Fprintf(e.stdout, "  %s\n", r)
		}
	}
	return nil
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
