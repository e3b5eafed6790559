package config

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/readiness"
)

// StarterDataset is what was detected of one dataset, for a starter config.
type StarterDataset struct {
	Name         string
	Object       extract.Object
	ObjectSource string
	Files        []string // as the config should list them (relative to the config file)
	Sheet        string
	Columns      []extract.Column
	Rejected     []string
}

// WriteStarter writes a starter config for the datasets: their object types and the roles
// detected, each with how it was decided, the header matches the values rejected, the columns
// with no role, and the preset use cases that apply to the objects found. The output loads as
// is; it is meant to be read and edited.
func WriteStarter(w io.Writer, ds []StarterDataset, from string) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "# crmready starter config, written by `crmready init` from %s.\n", from)
	b.WriteString("# Each line says how it was decided. Fix what is wrong, add roles where a column has one,\n")
	b.WriteString("# then: crmready audit --config <this file>\n")
	b.WriteString("version: 1\n")
	b.WriteString("# as_of: 2026-11-25   # pin the audit date for reproducible reports (default: now)\n")
	b.WriteString("datasets:\n")
	objects := map[extract.Object]bool{}
	for _, d := range ds {
		objects[d.Object] = true
		writeDataset(b, d)
	}
	presets, err := Presets()
	if err != nil {
		return err
	}
	var applies []string
	for _, p := range presets {
		for _, o := range p.Objects {
			if objects[extract.Object(o)] && !slices.Contains(applies, p.Name) {
				applies = append(applies, p.Name)
			}
		}
	}
	if len(applies) == 0 {
		b.WriteString("# No preset use case applies to these object types; define one under use_cases.\n")
	} else {
		b.WriteString("# The presets that apply to the objects found. Declared use cases are gated on: with no\n")
		b.WriteString("# dataset for one, it is NO-GO. Remove those you do not need; `crmready presets` lists them.\n")
		writeProcessHelp(b)
		b.WriteString("use_cases:\n")
		for _, name := range applies {
			fmt.Fprintf(b, "  - name: %s\n", name)
			for _, def := range readiness.ProcessItems {
				fmt.Fprintf(b, "    # %s: %s\n", def.Key, starterValue[def.Key])
			}
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// starterValue is the commented placeholder init writes for each process item.
var starterValue = map[string]string{"success_metric": "TBD", "owner": "TBD", "override": "TBD",
	"review_every": "90d", "last_reviewed": "YYYY-MM-DD"}

// writeProcessHelp explains the process items the starter lists, commented, under each use case.
func writeProcessHelp(b *strings.Builder) {
	b.WriteString("# Each declared use case needs its process written down: without a success_metric and an\n")
	b.WriteString("# owner it is NO-GO; without an override or a review_every, or with a last review older than\n")
	b.WriteString("# review_every, it is WARN. TBD counts as not written down. Uncomment and fill in:\n")
	for _, def := range readiness.ProcessItems {
		fmt.Fprintf(b, "#   %-15s %s\n", def.Key, def.Doc)
		fmt.Fprintf(b, "#   %-15s e.g. %s\n", "", def.Example)
	}
}

func writeDataset(b *strings.Builder, d StarterDataset) {
	fmt.Fprintf(b, "  - name: %s\n", quote(d.Name))
	fmt.Fprintf(b, "    object: %s   # %s\n", d.Object, d.ObjectSource)
	files := make([]string, len(d.Files))
	for i, f := range d.Files {
		files[i] = quote(f)
	}
	fmt.Fprintf(b, "    files: [%s]\n", strings.Join(files, ", "))
	if d.Sheet != "" {
		fmt.Fprintf(b, "    sheet: %s\n", quote(d.Sheet))
	}
	var none []string
	var mapped []extract.Column
	for _, c := range d.Columns {
		switch {
		case c.Skipped != "":
			none = append(none, fmt.Sprintf("%s (%s)", c.Name, c.Skipped))
		case c.Role == "":
			none = append(none, c.Name)
		default:
			mapped = append(mapped, c)
		}
	}
	if len(mapped) > 0 {
		b.WriteString("    columns:\n")
	} else {
		b.WriteString("    columns: []\n")
	}
	for _, c := range mapped {
		fmt.Fprintf(b, "      - {column: %s, role: %s}   # %s; %s\n", quote(c.Name), c.Role, c.RoleSource, c.Type)
	}
	for _, r := range d.Rejected {
		fmt.Fprintf(b, "      # rejected: %s\n", r)
	}
	if len(none) > 0 {
		b.WriteString("      # no role detected (add {column: ..., role: ...} where one applies):\n")
		for _, line := range wrap(none, 90) {
			fmt.Fprintf(b, "      #   %s\n", line)
		}
	}
}

// quote writes s as a YAML double-quoted scalar (JSON strings are valid YAML).
func quote(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// wrap joins names with ", " into lines of at most width characters.
func wrap(names []string, width int) []string {
	var lines []string
	line := ""
	for _, n := range names {
		switch {
		case line == "":
			line = n
		case len(line)+2+len(n) > width:
			lines = append(lines, line+",")
			line = n
		default:
			line += ", " + n
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
