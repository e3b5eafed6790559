package reports

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/internal/atomicfile"
	"github.com/crmready/crmready/internal/oserr"
)

// WriteFindings writes the fix lists as CSV files into dir, replacing it as a whole: per
// dataset one file per finding kind ("leads.staleness.stale_record.csv") and one of its
// duplicate clusters, one row per record ("leads.duplicates.clusters.csv"), and index.csv,
// which lists every file with the total of its kind and the rows written (fewer only for kinds
// a check counts beyond its sample). The lists come from lists (a live audit's full lists);
// without them, from the report's samples. Cells that a spreadsheet would read as a formula
// are prefixed with a quote. With redact, personal values are masked as Redacted masks them.
func WriteFindings(dir string, r *Report, lists *FixLists, redact bool) error {
	p, err := PrepareFindings(dir, r, lists, redact)
	if err != nil {
		return err
	}
	if err := p.Commit(); err != nil {
		return fmt.Errorf("--findings %w", err)
	}
	return nil
}

// PrepareFindings writes what WriteFindings writes into a new folder beside dir, and returns it
// to be committed (it then takes dir's place as a whole, so that a reader never sees old and
// new lists mixed and index.csv lists exactly the files beside it) or aborted. dir is created
// when missing, but the folder it is in must exist. A dir already there is replaced only when
// it is empty or holds nothing but an earlier audit's fix lists: the files its index.csv lists.
func PrepareFindings(dir string, r *Report, lists *FixLists, redact bool) (*atomicfile.Dir, error) {
	if err := replaceable(dir); err != nil {
		return nil, fmt.Errorf("--findings %s: %w", dir, err)
	}
	p, err := atomicfile.CreateDir(dir)
	if err != nil {
		return nil, fmt.Errorf("--findings %w", err)
	}
	if err := writeFindings(findingsOut{tmp: p.Path(), dest: dir}, r, lists, redact); err != nil {
		p.Abort()
		return nil, err
	}
	return p, nil
}

// findingsOut is where the lists are written (tmp) and where they will be (dest).
type findingsOut struct{ tmp, dest string }

func writeFindings(out findingsOut, r *Report, lists *FixLists, redact bool) error {
	index := [][]string{indexHeader}
	used := map[string]bool{}
	for di := range r.Datasets {
		d := &r.Datasets[di]
		dl := lists.lookup(d.Name)
		mask := newMasker(d, redact)
		base := uniqueName(safeFileName(d.Name), used)
		for _, g := range d.Findings {
			name := base + "." + safeFileName(g.Kind) + ".csv"
			var list *checks.FindingList
			if dl != nil {
				list = dl.Findings[g.Kind]
			}
			n, err := out.writeCSV(name, func(w *csv.Writer) (int64, error) { return findingRows(w, g, list, mask) })
			if err != nil {
				return err
			}
			index = append(index, []string{d.Name, g.Kind, strconv.FormatInt(g.Total, 10), strconv.FormatInt(n, 10), name})
		}
		clusters := d.Clusters
		if dl != nil && dl.Clusters != nil {
			clusters = dl.Clusters
		}
		if len(clusters) > 0 || d.ClustersTotal > 0 {
			name := base + ".duplicates.clusters.csv"
			n, err := out.writeCSV(name, func(w *csv.Writer) (int64, error) { return clusterRows(w, clusters, mask) })
			if err != nil {
				return err
			}
			index = append(index, []string{d.Name, "duplicates.clusters", strconv.FormatInt(d.ClustersTotal, 10), strconv.FormatInt(n, 10), name})
		}
	}
	_, err := out.writeCSV(indexName, func(w *csv.Writer) (int64, error) {
		for _, row := range index {
			if err := w.Write(csvSafe(row)); err != nil {
				return 0, err
			}
		}
		return int64(len(index)), nil
	})
	return err
}

const indexName = "index.csv"

var indexHeader = []string{"dataset", "list", "total", "rows", "file"}

// replaceable returns an error unless dir is missing, empty, or holds only the files its
// index.csv lists: replacing it loses nothing but an earlier audit's fix lists.
func replaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return oserr.Cause(err)
	}
	listed, err := indexFiles(filepath.Join(dir, indexName))
	if err != nil {
		return fmt.Errorf("not empty, and not an earlier audit's fix lists (%s: %v); give a new or empty folder", indexName, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || (e.Name() != indexName && !listed[e.Name()]) {
			return fmt.Errorf("holds %s, which its %s does not list: it is not an earlier audit's fix list; give a new or empty folder", e.Name(), indexName)
		}
	}
	return nil
}

// indexFiles reads the file names an index.csv lists.
func indexFiles(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, oserr.Cause(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || !slices.Equal(rows[0], indexHeader) {
		return nil, fmt.Errorf("header is not %s", strings.Join(indexHeader, ","))
	}
	listed := map[string]bool{}
	for _, row := range rows[1:] {
		listed[csvUnquote(row[len(row)-1])] = true
	}
	return listed, nil
}

// writeCSV creates name in the new folder, writes its rows with fill and syncs it; it returns
// the rows fill wrote. Errors name the file where it will be.
func (out findingsOut) writeCSV(name string, fill func(*csv.Writer) (int64, error)) (int64, error) {
	f, err := os.Create(filepath.Join(out.tmp, name))
	if err != nil {
		return 0, fmt.Errorf("--findings %s: %v", filepath.Join(out.dest, name), oserr.Cause(err))
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	w := csv.NewWriter(bw)
	n, err := fill(w)
	w.Flush()
	err = errors.Join(err, w.Error(), bw.Flush())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("--findings %s: %v", filepath.Join(out.dest, name), oserr.Cause(err))
	}
	return n, nil
}

var findingHeader = []string{"record", "file", "line", "sheet_row", "row_index", "column", "value", "message"}

// findingRows writes a group's findings: its full list, or its sample.
func findingRows(w *csv.Writer, g checks.FindingGroup, list *checks.FindingList, mask masker) (int64, error) {
	if err := w.Write(findingHeader); err != nil {
		return 0, err
	}
	var n int64
	write := func(f checks.Finding) error {
		n++
		f = mask.finding(f)
		idx := ""
		if f.Index != nil {
			idx = strconv.FormatInt(*f.Index, 10)
		}
		return w.Write(csvSafe([]string{num64(f.Record), f.File, num64(f.Line), num64(f.Row), idx, f.Column, f.Value, f.Message}))
	}
	if list != nil {
		return n, list.Each(write)
	}
	for _, f := range g.Sample {
		if err := write(f); err != nil {
			return n, err
		}
	}
	return n, nil
}

// clusterRows writes one row per record of every cluster, with the key values it shows.
func clusterRows(w *csv.Writer, clusters []checks.Cluster, mask masker) (int64, error) {
	var keys []string
	for _, c := range clusters {
		keys = addKeys(keys, c)
	}
	head := append([]string{"cluster", "tier", "size", "score", "evidence", "record", "file", "line", "sheet_row", "row_index"}, keys...)
	if err := w.Write(csvSafe(head)); err != nil {
		return 0, err
	}
	var n int64
	for _, c := range clusters {
		c = mask.cluster(c)
		score := ""
		if c.Score > 0 {
			score = strconv.FormatFloat(c.Score, 'f', -1, 64)
		}
		for _, m := range c.Members {
			idx := ""
			if m.Index != nil {
				idx = strconv.FormatInt(*m.Index, 10)
			}
			row := []string{num64(c.ID), c.Tier, num64(c.Size), score, strings.Join(c.Evidence, "; "), num64(m.Record), m.File, num64(m.Line), num64(m.Row), idx}
			for _, k := range keys {
				row = append(row, keyValue(c, m, k))
			}
			if err := w.Write(csvSafe(row)); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

func num64(x int64) string {
	if x == 0 {
		return ""
	}
	return strconv.FormatInt(x, 10)
}

// csvSafe prefixes with a quote every cell a spreadsheet would read as a formula: one starting
// with =, +, -, @, a tab or a carriage return (OWASP's advice for CSV injection).
func csvSafe(row []string) []string {
	for i, s := range row {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			row[i] = "'" + s
		}
	}
	return row
}

// csvUnquote undoes csvSafe.
func csvUnquote(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// safeFileName keeps a name's letters, digits, dots, dashes and underscores.
func safeFileName(s string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
	if strings.Trim(out, "._") == "" {
		return "dataset"
	}
	return out
}

// uniqueName returns name, or name-2, name-3 ... when it was used already.
func uniqueName(name string, used map[string]bool) string {
	out := name
	for i := 2; used[strings.ToLower(out)]; i++ {
		out = fmt.Sprintf("%s-%d", name, i)
	}
	used[strings.ToLower(out)] = true
	return out
}
