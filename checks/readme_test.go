package checks

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeMetricTable: the README's metric table lists every metric of checks.All, with its
// unit and direction, and no metric the registry does not hold.
func TestReadmeMetricTable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Metric definitions\n")
	_, table, ok2 := strings.Cut(section, "| metric | unit | direction | definition |\n|---|---|---|---|\n")
	if !ok || !ok2 {
		t.Fatal("README.md: no metric table under ## Metric definitions")
	}
	type row struct{ unit, direction string }
	rows := map[string]row{}
	id := regexp.MustCompile("`([a-z_.<>]+)`")
	for line := range strings.Lines(table) {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(line, " | ")
		if len(cells) < 4 {
			t.Errorf("README.md: a metric row without four cells: %s", line)
			continue
		}
		for _, m := range id.FindAllStringSubmatch(cells[0], -1) {
			rows[m[1]] = row{cells[1], cells[2]}
		}
	}
	for _, c := range All {
		for _, d := range c.Metrics {
			r, ok := rows[d.ID]
			if !ok {
				t.Errorf("README.md: the metric table has no row for %s (check %s)", d.ID, c.ID)
				continue
			}
			delete(rows, d.ID)
			if r.unit != string(d.Unit) {
				t.Errorf("README.md: %s has unit %s, the registry %s", d.ID, r.unit, d.Unit)
			}
			if want := "higher"; d.HigherIsBetter != (r.direction == want) {
				t.Errorf("README.md: %s has direction %s, the registry higher_is_better %v", d.ID, r.direction, d.HigherIsBetter)
			}
		}
	}
	for id := range rows {
		t.Errorf("README.md: the metric table lists %s, which no check of checks.All measures", id)
	}
}
