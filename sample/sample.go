package sample

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Options control what is generated.
type Options struct {
	// Rows is the number of records per object before duplicates are added.
	Rows int
	// Seed makes the output reproducible.
	Seed uint64
	// AsOf is the instant dates are generated around; ages and windows in the truth are
	// relative to it.
	AsOf time.Time
	// Rates are the defect rates.
	Rates Rates
	// Formats are the file formats to write (Formats lists them); CSV when empty.
	Formats []string
}

// Rates are the share of records that get each defect.
type Rates struct {
	Missing     float64 // a blank value in a role column
	Placeholder float64 // a placeholder value ("N/A", "unknown", "noemail@...") in a role column
	Duplicate   float64 // an extra copy of an earlier record with a new id
	SameID      float64 // an extra record reusing an earlier record's id with other values
	Near        float64 // an extra copy with a new id, the email upper-cased and the phone rewritten
	Fuzzy       float64 // an extra record of the same person written differently: a misspelt or nicknamed name, the email to match, no phone, a lead's company without its legal form
	Stale       float64 // last activity older than the stale age
	Future      float64 // last activity after as_of
}

// DefaultRates are the rates `crmready sample` uses.
var DefaultRates = Rates{Missing: 0.05, Placeholder: 0.03, Duplicate: 0.03, SameID: 0.01, Near: 0.02, Fuzzy: 0.02, Stale: 0.25, Future: 0.01}

// StaleAge is the max age the truth's stale counts are computed for (the lead-scoring preset's).
const StaleAge = 180

// Day ranges used for dates, in days before as_of. Stale and fresh ranges stay clear of the
// StaleAge boundary so calendar arithmetic cannot move a record across it.
const (
	freshMin, freshMax = 0, StaleAge - 15
	staleMin, staleMax = StaleAge + 15, 900
	createdMax         = 1000
	futureMax          = 300
)

// Placeholders injected, per role; all are in checks.BuiltinPlaceholders.
var placeholderValues = map[string][]string{
	"email":   {"noemail@example.com", "test@test.com", "N/A"},
	"default": {"N/A", "unknown", "-", "TBD", "n/a", "Select"},
	"phone":   {"000-000-0000", "N/A"},
}

// gen is a generator's random source and log.
type gen struct {
	r    *rand.Rand
	o    Options
	asOf time.Time
}

func newGen(o Options, stream uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(o.Seed, stream)), o: o, asOf: o.AsOf.UTC()}
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// daysAgo returns a timestamp between lo and hi whole days before as_of, at a random time of day
// that keeps it before as_of.
func (g *gen) daysAgo(lo, hi int) time.Time {
	d := lo + g.r.IntN(hi-lo+1)
	t := g.asOf.AddDate(0, 0, -d).Truncate(24 * time.Hour)
	if d == 0 {
		return t
	}
	return t.Add(time.Duration(g.r.IntN(86400)) * time.Second)
}

// daysAhead returns a timestamp 1 to hi days after as_of.
func (g *gen) daysAhead(hi int) time.Time {
	return g.asOf.AddDate(0, 0, 1+g.r.IntN(hi)).Truncate(24 * time.Hour).Add(time.Duration(g.r.IntN(86400)) * time.Second)
}

var (
	firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim", "Margaret", "Linus", "Anita", "Dennis", "Hedy",
		"Robert", "William", "James", "John", "Michael", "David", "Daniel", "Thomas", "Christopher", "Matthew", "Anthony", "Steven",
		"Joseph", "Richard", "Charles", "Edward", "Andrew", "Benjamin", "Nicholas", "Alexander", "Samuel", "Timothy", "Gregory",
		"Jeffrey", "Joshua", "Ronald", "Kenneth", "Lawrence", "Patrick", "Katherine", "Elizabeth", "Jennifer", "Susan", "Deborah",
		"Rebecca", "Amanda", "Victoria", "Kimberly", "Jessica", "Stephanie", "Melissa", "Dorothy", "Peter", "Philip", "Henry",
		"Sophia", "Olivia", "Emily", "Isabella", "Abigail", "Mei", "Wei", "Priya", "Arjun", "Fatima", "Omar", "Ingrid", "Lars",
		"Chloe", "Mateo", "Lucia", "Olga", "Ivan", "Aisha", "Kwame", "Zoe", "Hiroshi", "Yuki", "Lukas", "Sophie", "Noah", "Elena",
		"Marco", "Anna", "Paul", "Laura", "Carlos", "Maria", "Diego", "Nora", "Erik", "Astrid", "Rafael", "Leila", "Tariq", "Hana"}
	lastNames = append([]string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman",
		"Berners-Lee", "Hamilton", "Torvalds", "Borg", "Ritchie", "Lamarr", "Smith", "Johnson", "Garcia", "Martinez", "Nguyen",
		"Kowalski", "Obrien", "Mueller", "Schmidt", "Rossi", "Dubois", "Tanaka", "Patel", "Kim", "Vanderberg"}, surnames()...)
	companies = []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Soylent", "Tyrell", "Cyberdyne"}
	sources   = []string{"Web", "Referral", "Trade Show", "Partner", "Cold Call", "Advertisement"}
	statuses  = []string{"Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"}
	countries = []string{"United States", "Germany", "France", "United Kingdom", "Netherlands", "Spain", "Canada"}
	titles    = []string{"CEO", "CTO", "VP Sales", "RevOps Manager", "Engineer", "Buyer"}
	stages    = []string{"Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost"}
	owners    = []string{"005A0000001", "005A0000002", "005A0000003", "005A0000004", "005A0000005"}
)

// surnames composes 1,200 English-looking surnames from syllables ("Ashford", "Whitmore"), so
// that a million generated people are not a few hundred names repeated.
func surnames() []string {
	heads := []string{"Ash", "Black", "Brad", "Brook", "Carl", "Chat", "Craw", "Dal", "Dun", "Elling", "Fair", "Fen", "Gar",
		"Glad", "Hal", "Ham", "Har", "Hart", "Hol", "Hunt", "Kings", "Lang", "Lind", "Mar", "Mid", "Mor", "Nor", "Old",
		"Pem", "Ral", "Red", "Rich", "Ros", "Rut", "Sal", "Shel", "Stan", "Stock", "Sum", "Thorn", "Wal", "War", "Wel",
		"Wes", "Whit", "Win", "Wood", "Wy"}
	tails := []string{"ford", "ton", "ley", "wood", "well", "ridge", "field", "by", "worth", "more", "stone", "son", "man",
		"er", "ham", "land", "bury", "ing", "stead", "wick", "combe", "dale", "ster", "mont", "cott"}
	var out []string
	for _, h := range heads {
		for _, t := range tails {
			out = append(out, h+t)
		}
	}
	return out
}

// legalForms are written after some generated company names; fuzzy copies drop them.
var legalForms = []string{"", "", " Inc.", " LLC", " Ltd", " GmbH", " Corp.", " S.A.", " B.V."}

// mailDomains are the (fictional) companies the sample's people work for. Reserved example
// domains would be placeholders.
var mailDomains = []string{"acme-corp.com", "globex.io", "initech.net", "umbrella-group.com", "hooli.com", "soylent.co"}

// unique returns a name-based value made unique by n, so no two generated records collide.
func unique(g *gen, n int) (first, last, email string) {
	first, last = g.pick(firstNames), g.pick(lastNames)
	email = fmt.Sprintf("%s.%s.%d@%s", lower(first), lower(last), n, mailDomains[n%len(mailDomains)])
	return first, last, email
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
