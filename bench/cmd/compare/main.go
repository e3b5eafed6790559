// Command compare prints, as a Markdown table, the figures crmready's JSON report and duck's JSON
// both hold, and exits 1 when any differs:
//
//	compare -report report.json -duck duck.json [-max-age 180d]
//
// The figures:
//
//   - rows;
//   - per column, empty cells (crmready's columns[].empty: nulls and blank values);
//   - duplicate emails: crmready's duplicates.normalized.email (records whose trimmed,
//     lower-cased email an earlier record had) against SQL's extra rows;
//   - stale records: crmready's staleness.stale_share count for the max age against SQL's.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

// report is the part of crmready's JSON report compared here.
type report struct {
	Datasets []struct {
		Name    string `json:"name"`
		Rows    int64  `json:"rows"`
		Columns []struct {
			Name  string `json:"name"`
			Empty int64  `json:"empty"`
		} `json:"columns"`
		Metrics []struct {
			ID     string `json:"id"`
			Window string `json:"window"`
			Count  *int64 `json:"count"`
		} `json:"metrics"`
	} `json:"datasets"`
}

// duck is duck's output.
type duck struct {
	Rows        int64            `json:"rows"`
	Columns     []string         `json:"columns"`
	Empty       map[string]int64 `json:"empty"`
	EmailGroups int64            `json:"email_groups"`
	EmailExtra  int64            `json:"email_extra"`
	Stale       int64            `json:"stale"`
}

func main() {
	rep := flag.String("report", "report.json", "crmready's JSON report")
	dk := flag.String("duck", "duck.json", "duck's JSON output")
	maxAge := flag.String("max-age", "180d", "the staleness window to compare")
	label := flag.String("label", "crmready", "column heading for crmready's figures")
	flag.Parse()
	var r report
	var d duck
	if err := load(*rep, &r); err != nil {
		fail(err)
	}
	if err := load(*dk, &d); err != nil {
		fail(err)
	}
	if len(r.Datasets) != 1 {
		fail(fmt.Errorf("%s: want one dataset, found %d", *rep, len(r.Datasets)))
	}
	ds := r.Datasets[0]
	metric := func(id, window string) (int64, bool) {
		for _, m := range ds.Metrics {
			if m.ID == id && (window == "" || m.Window == window) && m.Count != nil {
				return *m.Count, true
			}
		}
		return 0, false
	}
	differ := 0
	fmt.Printf("| figure | %s | DuckDB | |\n|---|---:|---:|---|\n", *label)
	row := func(name string, a int64, ok bool, b int64) {
		mark := "same"
		switch {
		case !ok:
			mark, differ = "**missing in report**", differ+1
		case a != b:
			mark, differ = fmt.Sprintf("**differs by %+d**", a-b), differ+1
		}
		av := "-"
		if ok {
			av = fmt.Sprint(a)
		}
		fmt.Printf("| %s | %s | %d | %s |\n", name, av, b, mark)
	}
	row("rows", ds.Rows, true, d.Rows)
	for _, c := range d.Columns {
		var v int64
		found := false
		for _, rc := range ds.Columns {
			if rc.Name == c {
				v, found = rc.Empty, true
			}
		}
		row("empty "+c, v, found, d.Empty[c])
	}
	v, ok := metric("duplicates.normalized.email", "")
	row("duplicate emails: extra rows (duplicates.normalized.email)", v, ok, d.EmailExtra)
	fmt.Printf("| duplicate emails: groups with >1 row (SQL only) | - | %d | |\n", d.EmailGroups)
	v, ok = metric("staleness.stale_share", *maxAge)
	row("stale records, "+*maxAge+" (staleness.stale_share count)", v, ok, d.Stale)
	if differ > 0 {
		fmt.Fprintf(os.Stderr, "compare: %d figures differ\n", differ)
		os.Exit(1)
	}
}

func load(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compare: %s\n", strings.Join(strings.Fields(err.Error()), " "))
	os.Exit(2)
}
