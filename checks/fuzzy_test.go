package checks

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

func fuzzyParams() *Params {
	p := testParams()
	p.Fuzzy = true
	return p
}

// TestFuzzyTier: misspelt names, nicknamed emails and dropped legal forms are found; people who
// only share a common name are not.
func TestFuzzyTier(t *testing.T) {
	ds, bs := dataset(t, extract.Contact, 2,
		col{"First", extract.RoleFirstName, extract.String, []string{"Jonathan", "Jonathon", "Mary", "Mary", "Priya", "Ann"}},
		col{"Last", extract.RoleLastName, extract.String, []string{"Efthimiou", "Efthimoiu", "Smith", "Smith", "Raghunathan", "Lee"}},
		col{"Email", extract.RoleEmail, extract.String, []string{"jonathan.efthimiou@acme.com", "jonathon.efthimoiu@acme.com",
			"mary.smith@globex.io", "msmith@initech.net", "priya@hooli.com", "ann.lee@soylent.co"}},
		col{"Company", extract.RoleCompany, extract.String, []string{"Acme Inc.", "ACME", "Globex", "Initech", "Hooli", "Soylent"}})
	r := run(t, Duplicates, ds, fuzzyParams(), bs)
	if m := metric(t, r, "duplicates.fuzzy.clusters", ""); m.Count != 1 {
		t.Fatalf("fuzzy clusters = %d, want 1 (the Efthimiou pair); clusters %+v", m.Count, r.Clusters)
	}
	if m := metric(t, r, "duplicates.fuzzy.rate", ""); m.Count != 1 || m.Of != 6 {
		t.Errorf("fuzzy rate = %d of %d", m.Count, m.Of)
	}
	if m := metric(t, r, "duplicates.normalized.rate", ""); m.Count != 0 {
		t.Errorf("normalized rate = %d, want 0", m.Count)
	}
	c := r.Clusters[0]
	if c.Tier != "fuzzy" || c.Size != 2 || len(c.Members) != 2 || c.Members[0].Record != 1 || c.Members[1].Record != 2 ||
		c.Members[1].Line != 3 || c.Score < 0.9 || len(c.Evidence) != 1 || !strings.Contains(c.Evidence[0], "Company same") {
		t.Errorf("cluster = %+v", c)
	}
	if got := strings.Join(c.Members[1].Values, "|"); got != "Jonathon|Efthimoiu|ACME|jonathon.efthimoiu@acme.com" {
		t.Errorf("member values = %q (columns %v)", got, c.Columns)
	}
	if r.Fuzzy == nil || r.Fuzzy.Records != 6 || r.Fuzzy.Matched != 1 {
		t.Errorf("stats = %+v", r.Fuzzy)
	}
}

// TestFuzzyNoChaining: a record that matches two groups which disagree with each other (its
// birth date from one, its address from the other) joins one of them, not both (average
// linkage; connected components would make one cluster of five).
func TestFuzzyNoChaining(t *testing.T) {
	ds, bs := dataset(t, extract.Contact, 0,
		col{"First", extract.RoleFirstName, extract.String, []string{"Katherine", "Katherine", "Katherine", "Katherine", "Katherine"}},
		col{"Last", extract.RoleLastName, extract.String, []string{"Vandermolen", "Vandermolen", "Vandermolen", "Vandermolen", "Vandermolen"}},
		col{"Birth", extract.RoleBirthDate, extract.Time, []string{"1970-01-02", "1970-01-02", "1970-01-02", "1985-07-09", "1985-07-09"}},
		col{"Postcode", extract.RolePostcode, extract.String, []string{"4011", "4011", "2600", "2600", "2600"}},
		col{"Street", extract.RoleStreet, extract.String, []string{"12 Forbes St", "12 Forbes Street", "3 Milne Cove", "3 Milne Cove", "3 Milne Cv"}})
	r := run(t, Duplicates, ds, fuzzyParams(), bs)
	if m := metric(t, r, "duplicates.fuzzy.largest", ""); m.Count != 3 {
		t.Errorf("largest fuzzy cluster = %d, want 3; clusters %+v", m.Count, r.Clusters)
	}
	if m := metric(t, r, "duplicates.fuzzy.clusters", ""); m.Count != 2 {
		t.Errorf("fuzzy clusters = %d, want 2", m.Count)
	}
}

// TestFuzzyOff: without the setting the tier does not run and its metrics are absent.
func TestFuzzyOff(t *testing.T) {
	ds, bs := dataset(t, extract.Contact, 0,
		col{"First", extract.RoleFirstName, extract.String, []string{"Jon", "John"}},
		col{"Last", extract.RoleLastName, extract.String, []string{"Smith", "Smith"}})
	r := run(t, Duplicates, ds, testParams(), bs)
	if hasMetric(r, "duplicates.fuzzy.rate") || r.Fuzzy != nil {
		t.Error("fuzzy tier ran while off")
	}
}

// TestClustersCapped: clusters are listed by lowest record, MaxFindings of them unless full
// lists are asked for; exact and normalized clusters say what joined them.
func TestClustersCapped(t *testing.T) {
	ds, bs := dataset(t, extract.Contact, 3,
		col{"Id", extract.RoleID, extract.String, []string{"1", "2", "3", "4", "5", "6"}},
		col{"Email", extract.RoleEmail, extract.String, []string{"a@x.com", "b@x.com", "c@x.com", "A@x.com", "b@x.com", "c@x.com"}})
	p := testParams()
	p.MaxFindings = 2
	r := run(t, Duplicates, ds, p, bs)
	if r.ClustersTotal != 3 || len(r.Clusters) != 2 || r.Clusters[0].Members[0].Record != 1 || r.Clusters[1].Members[0].Record != 2 {
		t.Fatalf("clusters: %d of %d: %+v", len(r.Clusters), r.ClustersTotal, r.Clusters)
	}
	if c := r.Clusters[0]; c.Tier != "normalized" || c.Evidence[0] != "same Email once trimmed and lower-cased" {
		t.Errorf("cluster 1 = %+v", c)
	}
	if c := r.Clusters[1]; c.Tier != "exact" || c.Evidence[0] != "same Email" {
		t.Errorf("cluster 2 = %+v", c)
	}
	p.FullLists = true
	if r := run(t, Duplicates, ds, p, bs); len(r.Clusters) != 3 {
		t.Errorf("full lists: %d clusters", len(r.Clusters))
	}
}

// TestClusterMembersSpilled: members are located and shown alike when the record log keeps its
// chunks in a temporary file.
func TestClusterMembersSpilled(t *testing.T) {
	emails := make([]string, 3000)
	for i := range emails {
		emails[i] = fmt.Sprintf("p%d@x.com", i%1000) // three of each
	}
	ds, bs := dataset(t, extract.Contact, 256, col{"Email", extract.RoleEmail, extract.String, emails})
	p := testParams()
	p.FullLists = true
	want := run(t, Duplicates, ds, p, bs)
	defer func(m int) { logMemory = m }(logMemory)
	logMemory = 1
	got := run(t, Duplicates, ds, p, bs)
	if len(got.Clusters) != 1000 || !reflect.DeepEqual(got.Clusters, want.Clusters) {
		t.Fatalf("spilled clusters differ: %d, want %d", len(got.Clusters), len(want.Clusters))
	}
	if c := got.Clusters[999]; c.Members[2].Record != 3000 || c.Members[2].Values[0] != "p999@x.com" || c.Members[2].Line != 3001 {
		t.Errorf("last cluster = %+v", c)
	}
}
