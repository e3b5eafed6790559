package extract_test

import (
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

// The labelled header corpus (testdata/corpus/headers, see its README): real column headers of
// public CRM exports, each with the role a careful reader gives it in its dataset (or none), the
// type of its values and, where the licence allows, one value; and file names with their object.

const corpusDir = "../testdata/corpus/headers"

// corpusFile is one export of the corpus: its object and its columns' labels.
type corpusFile struct {
	name, object string
	batch        string // files.csv: the order the files were added in; see the corpus README
	headers      []string
	roles        []extract.Role // the label of each header, "" for none
	types        []string
	examples     []string
}

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows[1:]
}

func loadCorpus(t *testing.T) []*corpusFile {
	t.Helper()
	var files []*corpusFile
	byName := map[string]*corpusFile{}
	for _, r := range readCSV(t, "files.csv") {
		f := &corpusFile{name: r[0], object: r[1], batch: r[5]}
		if !extract.IsObject(extract.Object(f.object)) {
			t.Fatalf("files.csv: %s: unknown object %q", f.name, f.object)
		}
		files = append(files, f)
		byName[f.name] = f
	}
	for _, r := range readCSV(t, "headers.csv") {
		f := byName[r[0]]
		if f == nil {
			t.Fatalf("headers.csv: file %q is not in files.csv", r[0])
		}
		if r[2] != "" && !extract.IsRole(extract.Role(r[2])) {
			t.Fatalf("headers.csv: %s %q: unknown role %q", r[0], r[1], r[2])
		}
		f.headers = append(f.headers, r[1])
		f.roles = append(f.roles, extract.Role(r[2]))
		f.types = append(f.types, r[3])
		f.examples = append(f.examples, r[4])
	}
	return files
}

// open builds the file's dataset as the readers would give it: its headers, each column typed as
// labelled, and one record of the examples (blank where the corpus holds no value).
func (f *corpusFile) open(t *testing.T) (*extract.Schema, *extract.Batch) {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(f.headers)
	w.Write(f.examples)
	w.Flush()
	types := map[string]extract.Type{}
	for i, h := range f.headers {
		if f.types[i] != "" {
			ty, err := extract.ParseType(f.types[i])
			if err != nil {
				t.Fatalf("%s %q: %v", f.name, h, err)
			}
			types[h] = ty
		}
	}
	p := filepath.Join(t.TempDir(), path.Base(f.name))
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := extract.Open(extract.Part{File: p}, extract.Options{Types: types})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sample, err := r.Next()
	if err != nil && err != io.EOF { // EOF: no examples, a blank record
		t.Fatalf("%s: %v", f.name, err)
	}
	return r.Schema(), sample
}

// score counts role detection against the labels. An identifier is scored per column (a
// dataset may have several); any other role per dataset, since it goes to one column: found
// when that column is labelled with it, wrong when not, missed when the label has it and no
// column got it.
type score struct {
	tp, fp, fn int
	misses     []string
}

func (s *score) add(o score) {
	s.tp, s.fp, s.fn = s.tp+o.tp, s.fp+o.fp, s.fn+o.fn
	s.misses = append(s.misses, o.misses...)
}

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func scoreRoles(f *corpusFile, s *extract.Schema) score {
	var sc score
	miss := func(kind, header string, want, got extract.Role) {
		sc.misses = append(sc.misses, fmt.Sprintf("%-6s %-48s %-40q label %-16s got %s", kind, f.name, header, orNone(want), orNone(got)))
	}
	labelled := map[extract.Role][]string{}
	for i, r := range f.roles {
		if r != "" && r != extract.RoleID {
			labelled[r] = append(labelled[r], f.headers[i])
		}
	}
	found := map[extract.Role]bool{}
	for i, c := range s.Columns {
		want, got := f.roles[i], c.Role
		switch {
		case got == extract.RoleID || want == extract.RoleID && got == "":
			if got == want {
				sc.tp++
			} else if got == extract.RoleID {
				sc.fp++
				miss("wrong", c.Name, want, got)
			}
			if want == extract.RoleID && got != extract.RoleID {
				sc.fn++
				miss("missed", c.Name, want, got)
			}
		case got != "":
			if slices.Contains(labelled[got], c.Name) {
				sc.tp++
				found[got] = true
			} else {
				sc.fp++
				miss("wrong", c.Name, want, got)
			}
		}
	}
	for r, cols := range labelled {
		if !found[r] {
			sc.fn++
			miss("missed", strings.Join(cols, " | "), r, "")
		}
	}
	return sc
}

func orNone(r extract.Role) string {
	if r == "" {
		return "none"
	}
	return string(r)
}

// TestHeaderCorpus scores object and role detection on the labelled corpus, on all of it and per
// batch (files.csv: 1 was seen when the rules were written, 2 was added after them and then used
// to fix them, 3 was added after the fixes and is held out), and prints the misses.
func TestHeaderCorpus(t *testing.T) {
	files := loadCorpus(t)
	var all score
	batches := map[string]*score{}
	objects, objectsRight, crms := 0, 0, map[string]bool{}
	headers := 0
	for _, f := range files {
		headers += len(f.headers)
		crms[strings.Split(f.name, "/")[0]] = true
		s, sample := f.open(t)
		d := extract.DecideObject([]string{f.name}, s)
		objects++
		if string(d.Object) == f.object {
			objectsRight++
		} else {
			t.Errorf("%s: object %s (%s), labelled %s", f.name, d.Object, d, f.object)
		}
		extract.DetectRoles(s, sample, extract.Object(f.object))
		sc := scoreRoles(f, s)
		all.add(sc)
		if batches[f.batch] == nil {
			batches[f.batch] = &score{}
		}
		batches[f.batch].add(sc)
	}
	if len(files) < 25 || headers < 400 || len(crms) < 5 {
		t.Errorf("corpus of %d files, %d headers, %d sources; want at least 25, 400 and 5", len(files), headers, len(crms))
	}
	t.Logf("corpus: %d files, %d headers, %d sources; objects %d of %d right", len(files), headers, len(crms), objectsRight, objects)
	t.Logf("roles, all files:      precision %.3f, recall %.3f (%d found, %d wrong, %d missed)", all.precision(), all.recall(), all.tp, all.fp, all.fn)
	for _, k := range slices.Sorted(maps.Keys(batches)) {
		b := batches[k]
		t.Logf("roles, batch %s:         precision %.3f, recall %.3f (%d found, %d wrong, %d missed)", k, b.precision(), b.recall(), b.tp, b.fp, b.fn)
	}
	slices.Sort(all.misses)
	for _, m := range all.misses {
		t.Log(m)
	}
	if all.precision() < 0.98 || all.recall() < 0.95 {
		t.Errorf("role precision %.3f, recall %.3f; want at least 0.98 and 0.95", all.precision(), all.recall())
	}
}

// TestFileNameCorpus decides the object of each labelled export file name from the name alone.
func TestFileNameCorpus(t *testing.T) {
	rows := readCSV(t, "names.csv")
	if len(rows) < 25 {
		t.Errorf("%d file names, want at least 25", len(rows))
	}
	right := 0
	for _, r := range rows {
		d := extract.DecideObject([]string{r[0]}, &extract.Schema{})
		if string(d.Object) != r[1] {
			t.Errorf("%q: %s (%s), labelled %s", r[0], d.Object, d, r[1])
			continue
		}
		right++
	}
	t.Logf("file names: %d of %d right", right, len(rows))
}
