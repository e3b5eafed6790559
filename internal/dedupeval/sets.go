package dedupeval

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/crmready/crmready/audit"
	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
)

// Set is a labelled deduplication set: a file under the shared data folder or the repository's
// testdata/dedup, how crmready reads it (object type, column roles; the truth columns ignored)
// and how its labels are read.
type Set struct {
	Name    string
	File    string // relative to the shared data folder, or to testdata when Local
	Local   bool   // the file is under the repository's testdata (its source in a SOURCE.md beside it)
	Object  string
	Columns []config.Column
	Labels  func(path string) (Labels, error)
}

// febrlColumns are FEBRL's person records: its headers are no CRM's, so their roles are set
// here; the social-security number is ignored (it would make the task trivial).
var febrlColumns = []config.Column{{Column: "rec_id", Ignore: true}, {Column: "soc_sec_id", Ignore: true},
	{Column: "given_name", Role: "first_name"}, {Column: "surname", Role: "last_name"},
	{Column: "street_number", Role: "street_number"}, {Column: "address_1", Role: "street"},
	{Column: "suburb", Role: "city"}, {Column: "postcode", Role: "postcode"}}

// Dirs are where the sets' files are: the shared data folder and the repository's testdata.
type Dirs struct{ Shared, Testdata string }

// path is set s's file.
func (d Dirs) path(s Set) string {
	if s.Local {
		return filepath.Join(d.Testdata, s.File)
	}
	return filepath.Join(d.Shared, s.File)
}

// Sets are the labelled sets: the shared ones and those kept in testdata (Local).
var Sets = []Set{
	{Name: "febrl1", File: "dedup/febrl/dataset1.csv", Labels: FEBRL, Object: "contact",
		Columns: febrlColumns},
	{Name: "febrl2", File: "dedup/febrl/dataset2.csv", Labels: FEBRL, Object: "contact",
		Columns: febrlColumns},
	{Name: "restaurant", File: "dedup/restaurant/restaurant_with_phone_febrl_secondstring.csv",
		Labels:  func(p string) (Labels, error) { return Column(p, "class") },
		Columns: []config.Column{{Column: "addr", Role: "street"}, {Column: "type", Ignore: true}, {Column: "class", Ignore: true}}},
	{Name: "patstat", File: "dedup/patstat/patstat_reference.csv", Object: "account",
		Labels: func(p string) (Labels, error) { return Column(p, "leuven_id") },
		Columns: []config.Column{{Column: "person_name", Role: "company"}, {Column: "person_id", Ignore: true},
			{Column: "leuven_id", Ignore: true}}},
	// The sets below are public sets of other shapes, added under testdata/dedup as a new user
	// would audit them: the roles detection gives, and the columns no CRM's header names
	// (surname, dob) mapped as a user's config would.
	{Name: "fake_1000", File: "dedup/fake_1000/fake_1000.csv", Local: true, Object: "contact",
		Labels: func(p string) (Labels, error) { return Column(p, "cluster") },
		Columns: []config.Column{{Column: "unique_id", Ignore: true}, {Column: "cluster", Ignore: true},
			{Column: "surname", Role: "last_name"}, {Column: "dob", Role: "birth_date"}}},
	{Name: "early_childhood", File: "dedup/early_childhood/csv_example_input_with_true_ids.csv", Local: true, Object: "account",
		Labels: func(p string) (Labels, error) { return Column(p, "True Id") },
		Columns: []config.Column{{Column: "Site name", Role: "company"}, {Column: "True Id", Ignore: true},
			{Column: "Id", Ignore: true}}},
	{Name: "historical", File: "dedup/historical/historical_3000.csv", Local: true, Object: "contact",
		Labels: func(p string) (Labels, error) { return Column(p, "cluster") },
		Columns: []config.Column{{Column: "unique_id", Ignore: true}, {Column: "cluster", Ignore: true},
			{Column: "surname", Role: "last_name"}, {Column: "dob", Role: "birth_date"},
			{Column: "birth_place", Role: "city"}, {Column: "postcode_fake", Role: "postcode"}}},
}

// Outcome is a set's scores and the fuzzy tier's work.
type Outcome struct {
	Set     string
	Scores  Scores
	Fuzzy   *checks.FuzzyStats // nil when the tier did not run
	Elapsed time.Duration      // the read and the duplicates check
	Result  checks.Result      // the duplicates check's, every cluster with every member
}

// Run audits a set's file for duplicates only, with the fuzzy tier on (at threshold, the
// default when 0) or off, and scores the clusters against the labels.
func Run(dirs Dirs, s Set, fuzzy bool, threshold float64) (Outcome, error) {
	path := dirs.path(s)
	labels, err := s.Labels(path)
	if err != nil {
		return Outcome{}, err
	}
	return run(config.Dataset{Name: s.Name, Object: s.Object, Files: []string{path}, Columns: s.Columns}, labels, fuzzy, threshold)
}

// RunGenerated audits a generated dataset for duplicates only, as Run does, and scores its
// clusters against the generator's truth.
func RunGenerated(g *Generated, fuzzy bool, threshold float64) (Outcome, error) {
	name := strings.TrimSuffix(filepath.Base(g.File), filepath.Ext(g.File))
	return run(config.Dataset{Name: name, Files: []string{g.File}}, g.Labels, fuzzy, threshold)
}

func run(ds config.Dataset, labels Labels, fuzzy bool, threshold float64) (Outcome, error) {
	enabled := fuzzy
	c := &config.Config{AsOf: "2026-11-25", Datasets: []config.Dataset{ds}}
	c.Checks.Duplicates.Fuzzy = checks.FuzzySettings{Enabled: &enabled, Threshold: threshold}
	if err := config.Validate(c); err != nil {
		return Outcome{}, err
	}
	plan, err := config.Resolve(c, config.Sources{"as_of": "test"}, "", config.Request{Now: time.Now()})
	if err != nil {
		return Outcome{}, err
	}
	start := time.Now()
	runs, err := audit.Duplicates(plan, audit.Options{Version: "eval"})
	if err != nil {
		return Outcome{}, err
	}
	elapsed := time.Since(start)
	if len(runs) != 1 {
		return Outcome{}, fmt.Errorf("%s: %d datasets, want 1", ds.Name, len(runs))
	}
	r := runs[0].Result
	if int(runs[0].Rows) != len(labels) {
		return Outcome{}, fmt.Errorf("%s: crmready read %d records, the labels %d", ds.Name, runs[0].Rows, len(labels))
	}
	var pairs [][2]int64
	if r.Fuzzy != nil {
		pairs = r.Fuzzy.Pairs
	}
	sc, err := Score(labels, r.Clusters, pairs)
	return Outcome{Set: ds.Name, Scores: sc, Fuzzy: r.Fuzzy, Elapsed: elapsed, Result: r}, err
}
