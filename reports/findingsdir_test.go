package reports

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// listedExactly fails unless dir holds index.csv and exactly the files it lists.
func listedExactly(t *testing.T, dir string) []string {
	t.Helper()
	listed, err := indexFiles(filepath.Join(dir, indexName))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{indexName}
	for name := range listed {
		want = append(want, name)
	}
	slices.Sort(want)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s holds %v, its index lists %v", dir, got, want)
	}
	return got
}

// TestFindingsReplacedWhole: a second audit's fix lists replace the first's as a whole: the
// lists of a dataset the second lacks are gone, and index.csv lists exactly the files beside
// it, whatever the datasets are called.
func TestFindingsReplacedWhole(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fixes")
	first := fixture(t)
	first.Datasets[0].Name = "-leads" // its file name is quoted in index.csv
	if err := WriteFindings(dir, first, nil, false); err != nil {
		t.Fatal(err)
	}
	before := listedExactly(t, dir)
	second := fixture(t)
	second.Datasets = second.Datasets[1:]
	if err := WriteFindings(dir, second, nil, false); err != nil {
		t.Fatal(err)
	}
	after := listedExactly(t, dir)
	if len(after) >= len(before) || slices.ContainsFunc(after, func(n string) bool { return strings.HasPrefix(n, "-leads.") }) {
		t.Errorf("before %v, after %v: the first dataset's lists stayed", before, after)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
		t.Errorf("left beside the folder: %v", entries)
	}
}

// TestFindingsRefusesOtherFolders: a folder holding anything but an earlier audit's fix lists
// is not replaced (that would delete the user's files); the error says why and nothing changes.
func TestFindingsRefusesOtherFolders(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"a file the index does not list", func(t *testing.T, dir string) {
			if err := WriteFindings(dir, fixture(t), nil, false); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
		}, "holds notes.txt, which its index.csv does not list: it is not an earlier audit's fix list; give a new or empty folder"},
		{"no index", func(t *testing.T, dir string) {
			os.Mkdir(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
		}, "not empty, and not an earlier audit's fix lists (index.csv: no such file or directory); give a new or empty folder"},
		{"another index", func(t *testing.T, dir string) {
			os.Mkdir(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "index.csv"), []byte("name,size\n"), 0o644)
		}, "not empty, and not an earlier audit's fix lists (index.csv: header is not dataset,list,total,rows,file); give a new or empty folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "fixes")
			tt.setup(t, dir)
			before := readDir(t, dir)
			err := WriteFindings(dir, fixture(t), nil, false)
			if want := "--findings " + dir + ": " + tt.want; err == nil || err.Error() != want {
				t.Errorf("error %v\nwant %s", err, want)
			}
			if readDir(t, dir) != before {
				t.Error("the folder changed")
			}
			if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
				t.Errorf("left beside the folder: %v", entries)
			}
		})
	}
	parent := filepath.Join(t.TempDir(), "nope")
	err := WriteFindings(filepath.Join(parent, "fixes"), fixture(t), nil, false)
	if want := "--findings " + filepath.Join(parent, "fixes") + ": folder " + parent + " does not exist"; err == nil || err.Error() != want {
		t.Errorf("missing parent: %v\nwant %s", err, want)
	}
}
