package checks

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

func fuzzyParams() *Params {
	p := testParams()
	p.Duplicates = p.Duplicates.WithDefaults()
	return p
}

// foldedTier folds the one batch of ds into the duplicates check with the fuzzy tier on and
// returns the tier with its records sorted and the candidate pairs blocking proposes.
func foldedTier(t *testing.T, ds *Dataset, b *extract.Batch) (*fuzzyTier, [][]uint64) {
	t.Helper()
	a, err := Duplicates.New(ds, fuzzyParams())
	if err != nil {
		t.Fatal(err)
	}
	a.Fold(b)
	tier := a.(*duplicates).fuzzy
	tier.store.sortByRecord()
	cands, _ := tier.candidates()
	return tier, cands
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

// TestFuzzyNicknames: a nickname is its full name, in the first name (where it also blocks with
// it) and in the email's local part.
func TestFuzzyNicknames(t *testing.T) {
	ds, bs := dataset(t, extract.Contact, 0,
		col{"First", extract.RoleFirstName, extract.String, []string{"Robert", "Bob", "Margaret", "Peggy", "Robert"}},
		col{"Last", extract.RoleLastName, extract.String, []string{"Whitmore", "Whitmore", "Harford", "Harford", "Ashdale"}},
		col{"Email", extract.RoleEmail, extract.String, []string{"robert.whitmore@acme.com", "bob.whitmore@acme.com",
			"margaret.harford.7@globex.io", "peggy.harford.7@globex.io", "bob.ashdale@hooli.com"}})
	r := run(t, Duplicates, ds, fuzzyParams(), bs)
	if m := metric(t, r, "duplicates.fuzzy.clusters", ""); m.Count != 2 {
		t.Fatalf("fuzzy clusters = %d, want 2; clusters %+v", m.Count, r.Clusters)
	}
	want := regexp.MustCompile(`First 0\.95 \+[0-9.]+, Last same \+[0-9.]+, Email 0\.95 \+[0-9.]+`)
	for i := range 2 {
		if c := r.Clusters[i]; c.Size != 2 || !want.MatchString(c.Evidence[0]) {
			t.Errorf("cluster %d = %+v, want evidence %s", i+1, c, want)
		}
	}
}

func TestNicknamedLocal(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"bob.smith", "robert.smith", true},
		{"smith_bob", "smith_robert", true},
		{"peggy-harford-7", "margaret-harford-7", true},
		{"bob.smith", "bob.smith", false}, // equal is not a nickname
		{"bob.smyth", "robert.smith", false},
		{"bob.smith", "robert.smith.2", false},
		{"bob", "ann", false},
		{"bobsmith", "robertsmith", false},
	}
	for _, tt := range tests {
		if got := nicknamedLocal([]byte(tt.a), []byte(tt.b)); got != tt.want {
			t.Errorf("nicknamedLocal(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestFuzzyUnitBestPair: records an exact key made one (here an id reused for another person)
// are one entity, and a record similar to one of them joins them, however unlike the other.
func TestFuzzyUnitBestPair(t *testing.T) {
	ds, bs := dataset(t, extract.Contact, 0,
		col{"Id", extract.RoleID, extract.String, []string{"c1", "c1", "c3"}},
		col{"First", extract.RoleFirstName, extract.String, []string{"Zoe", "Olga", "Zoee"}},
		col{"Last", extract.RoleLastName, extract.String, []string{"Ashster", "Pemdale", "Ashster"}},
		col{"Email", extract.RoleEmail, extract.String, []string{"zoe.ashster@hooli.com", "olga@soylent.co", "zoee.ashster@hooli.com"}})
	r := run(t, Duplicates, ds, fuzzyParams(), bs)
	if m := metric(t, r, "duplicates.fuzzy.largest", ""); m.Count != 3 {
		t.Errorf("largest fuzzy cluster = %d, want 3; clusters %+v", m.Count, r.Clusters)
	}
}

// people generates n contacts with distinct names at accounts of five, for tests that need
// term frequencies (a hundred values or more).
func people(n int) (first, last, email, account []string) {
	for i := range n {
		first = append(first, fmt.Sprintf("Given%c%c", 'a'+i%26, 'a'+i/26%26))
		last = append(last, fmt.Sprintf("Family%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26))
		email = append(email, fmt.Sprintf("p%d@example-corp.com", i))
		account = append(account, fmt.Sprintf("001A%05d", i/5))
	}
	return
}

// TestFuzzyColleagues: two people at one account who share a rare surname are two people; the
// account is worth at most orgMax bits.
func TestFuzzyColleagues(t *testing.T) {
	first, last, email, account := people(2000)
	first = append(first, "Tariq", "Olga")
	last = append(last, "Sumcombe", "Sumcombe")
	email = append(email, "tariq.sumcombe.1@acme.com", "olga.sumcombe.2@acme.com")
	account = append(account, "001AX", "001AX")
	ds, bs := dataset(t, extract.Contact, 0,
		col{"First", extract.RoleFirstName, extract.String, first}, col{"Last", extract.RoleLastName, extract.String, last},
		col{"Email", extract.RoleEmail, extract.String, email}, col{"Account", extract.RoleAccountRef, extract.String, account})
	r := run(t, Duplicates, ds, fuzzyParams(), bs)
	if m := metric(t, r, "duplicates.fuzzy.clusters", ""); m.Count != 0 {
		t.Errorf("fuzzy clusters = %d, want 0: %+v", m.Count, r.Clusters)
	}
}

// TestFuzzyNumberedNames: businesses whose names differ by their numbers are two.
func TestFuzzyNumberedNames(t *testing.T) {
	ds, bs := dataset(t, extract.Account, 0,
		col{"Name", extract.RoleCompany, extract.String, []string{"Kingsridge Holdings 351", "Kingsridge Holdings 3561", "Ritz-Carlton Cafe", "Cafe Ritz Carlton"}},
		col{"City", extract.RoleCity, extract.String, []string{"Leeds", "Leeds", "Atlanta", "Atlanta"}})
	r := run(t, Duplicates, ds, fuzzyParams(), bs)
	if m := metric(t, r, "duplicates.fuzzy.clusters", ""); m.Count != 1 || r.Clusters[0].Members[0].Record != 3 {
		t.Errorf("fuzzy clusters = %d, want 1 (the cafe): %+v", m.Count, r.Clusters)
	}
}

// TestFuzzyNotDeals: deals, activities and products are not compared, whatever their names.
func TestFuzzyNotDeals(t *testing.T) {
	ds, bs := dataset(t, extract.Opportunity, 0,
		col{"Name", extract.RoleName, extract.String, []string{"Acme renewal 2025", "Acme renewal 2026", "Acme renewal 2026"}})
	r := run(t, Duplicates, ds, fuzzyParams(), bs)
	if hasMetric(r, "duplicates.fuzzy.rate") || r.Fuzzy != nil {
		t.Errorf("the fuzzy tier ran on opportunities: %v", metricIDs(r))
	}
}

// TestFuzzyMaxRecords: over its record limit the tier does not run and says so.
func TestFuzzyMaxRecords(t *testing.T) {
	first, last, email, _ := people(5)
	cols := []col{{"First", extract.RoleFirstName, extract.String, first}, {"Last", extract.RoleLastName, extract.String, last},
		{"Email", extract.RoleEmail, extract.String, email}}
	for _, tt := range []struct {
		limit int64
		chunk int
		runs  bool
	}{{0, 0, true}, {5, 2, true}, {4, 0, false}, {4, 2, false}, {1, 1, false}} {
		ds, bs := dataset(t, extract.Contact, tt.chunk, cols...)
		p := fuzzyParams()
		p.Duplicates.Fuzzy.MaxRecords = &tt.limit
		r := run(t, Duplicates, ds, p, bs)
		g := group(r, "fuzzy_not_run")
		if hasMetric(r, "duplicates.fuzzy.rate") != tt.runs || (r.Fuzzy != nil) != tt.runs || (g.Total > 0) == tt.runs {
			t.Errorf("limit %d, chunks of %d: metrics %v, finding %+v; want the tier to run: %v", tt.limit, tt.chunk, metricIDs(r), g, tt.runs)
		}
		if !tt.runs && !strings.Contains(g.Sample[0].Message, fmt.Sprintf("max_records (%d)", tt.limit)) {
			t.Errorf("finding = %q", g.Sample[0].Message)
		}
	}
}

// TestScorePruned: scoring with a floor skips comparisons only when they could not lift a pair
// to it: the pairs at or above the floor, and their scores, are those of full scoring.
func TestScorePruned(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	firsts := []string{"Robert", "Bob", "Margaret", "Peggy", "Ann", "Anne", "Jon", "John", "Priya"}
	lasts := []string{"Whitmore", "Whitmoore", "Harford", "Hartford", "Lee", "Smith", "Smyth", "Raghunathan"}
	companies := []string{"Acme Inc.", "ACME", "Globex", "Globex 12", "Globex 21", "", "Hooli"}
	var first, last, email, company, account []string
	for range 400 {
		f, l := firsts[r.IntN(len(firsts))], lasts[r.IntN(len(lasts))]
		c := companies[r.IntN(len(companies))]
		if r.IntN(2) == 0 { // rare companies weigh more
			c = fmt.Sprintf("Firm %c%c", 'a'+r.IntN(12), 'a'+r.IntN(12))
		}
		first, last, company = append(first, f), append(last, l), append(company, c)
		email = append(email, fmt.Sprintf("%s.%s.%d@acme.com", strings.ToLower(f), strings.ToLower(l), r.IntN(3)))
		account = append(account, fmt.Sprintf("001A%d", r.IntN(20)))
	}
	ds, bs := dataset(t, extract.Contact, 0,
		col{"First", extract.RoleFirstName, extract.String, first}, col{"Last", extract.RoleLastName, extract.String, last},
		col{"Email", extract.RoleEmail, extract.String, email}, col{"Company", extract.RoleCompany, extract.String, company},
		col{"Account", extract.RoleAccountRef, extract.String, account})
	tier, cands := foldedTier(t, ds, bs[0])
	sc := newScorer(&tier.store, cands, tier.person, 1)
	floor := sc.prior - math.Log2(1/DefaultFuzzyThreshold-1)
	above, pruned := 0, 0
	for i := range tier.store.len() {
		vi := tier.store.values(i)
		for j := i + 1; j < tier.store.len(); j++ {
			vj := tier.store.values(j)
			var ev []evidence
			full, got := sc.score(i, &vi, &vj, &ev, math.Inf(-1)), sc.score(i, &vi, &vj, nil, floor)
			if (full >= floor) != (got >= floor) || full >= floor && got != full {
				t.Fatalf("records %d and %d: %v with the floor %v, %v without", i+1, j+1, got, floor, full)
			}
			var words float64
			for _, e := range ev {
				switch e.field {
				case fFirst, fLast, fCompany, fStreet, fStreet2, fCity:
					words += e.bits
				}
			}
			if wb := sc.wordBound(i, &vi, &vj); words > wb+1e-9 {
				t.Fatalf("records %d and %d: names and words %v over their bound %v", i+1, j+1, words, wb)
			}
			if full >= floor {
				above++
			} else if got != full {
				pruned++
			}
		}
	}
	if above == 0 || pruned == 0 {
		t.Errorf("%d pairs above the floor, %d pruned: the test exercises nothing", above, pruned)
	}
}

// TestForReview: a cluster whose weakest fuzzy link is far below its strongest is flagged; one
// whose links are alike, or that has one link, is not.
func TestForReview(t *testing.T) {
	for _, tt := range []struct {
		ps   []float64
		want bool
	}{{[]float64{0.999999, 0.91}, true}, {[]float64{0.99, 0.95}, false}, {[]float64{1 - 1e-12, 0.995}, false}, {[]float64{0.91}, false}, {[]float64{0.93, 0.999999, 0.97}, true}} {
		var js []fuzzyJoin
		for i, p := range tt.ps {
			js = append(js, fuzzyJoin{a: int64(2 * i), b: int64(2*i + 1), p: p})
		}
		if s, got := forReview(js); got != tt.want || got && !strings.HasPrefix(s, "for review: its weakest link") {
			t.Errorf("forReview(%v) = %q, %v; want %v", tt.ps, s, got, tt.want)
		}
	}
}
