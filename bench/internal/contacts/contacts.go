// Package contacts generates the benchmark's CRM contacts deterministically: row i depends only
// on the seed and i, so any row (and the email a later duplicate copies) can be regenerated, and
// the Parquet, CSV and XLSX files written from one seed hold the same values.
//
// The data is CRM-shaped, with realistic null rates, blank strings ("" and spaces), duplicate
// emails (some differing only in case or surrounding spaces) and dates spread over ten years
// before AsOf, none after it. It holds no placeholder values ("N/A", "test", "noemail@...",
// 1/1/1900) and no white space other than ASCII spaces, so that crmready's definitions (blank =
// white space only, normalized email = trimmed and lower-cased) and SQL's (trim(c) = ”,
// lower(trim(email))) count the same values.
package contacts

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// AsOf is the instant every generated date precedes; the audits measure ages from it.
var AsOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// first is the earliest creation date.
var first = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)

// Contact is one record. Pointer fields are nullable; the parquet tags give the file's schema
// and encodings, chosen as pyarrow, Spark or DuckDB would write a CRM export: repetitive text
// dictionary-encoded, unique text (ids, emails, phones) PLAIN (parquet-go's own default for text
// would be DELTA_LENGTH_BYTE_ARRAY, which those writers do not use by default), numbers and
// timestamps PLAIN.
type Contact struct {
	ID             string     `parquet:"id,plain"`
	FirstName      *string    `parquet:"first_name,optional,dict"`
	LastName       *string    `parquet:"last_name,optional,dict"`
	Email          *string    `parquet:"email,optional,plain"`
	Phone          *string    `parquet:"phone,optional,plain"`
	Company        *string    `parquet:"company,optional,dict"`
	Title          *string    `parquet:"title,optional,dict"`
	Country        *string    `parquet:"country,optional,dict"`
	OwnerID        *string    `parquet:"owner_id,optional,dict"`
	LeadSource     *string    `parquet:"lead_source,optional,dict"`
	CreatedAt      time.Time  `parquet:"created_at,timestamp(millisecond)"`
	UpdatedAt      *time.Time `parquet:"updated_at,optional,timestamp(millisecond)"`
	LastActivityAt *time.Time `parquet:"last_activity_at,optional,timestamp(millisecond)"`
	EmailOptOut    *bool      `parquet:"email_opt_out,optional"`
	AnnualRevenue  *float64   `parquet:"annual_revenue,optional"`
}

// Columns are the column names, in file order.
var Columns = []string{"id", "first_name", "last_name", "email", "phone", "company", "title", "country",
	"owner_id", "lead_source", "created_at", "updated_at", "last_activity_at", "email_opt_out", "annual_revenue"}

var (
	firstNames = []string{"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
		"Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos",
		"Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Paul", "Emily",
		"Steven", "Kimberly", "Andrew", "Donna", "Kenneth", "Michelle", "Joshua", "Carol", "Kevin", "Amanda",
		"Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Jason", "Laura",
		"Lukas", "Sophie", "Hiroshi", "Yuki", "Priya", "Arjun", "Fatima", "Omar", "Ingrid", "Lars", "Chloe",
		"Mateo", "Lucia", "Wei", "Mei", "Olga", "Ivan", "Aisha", "Kwame", "Zoe"}
	lastNames = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
		"Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
		"Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
		"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
		"Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Müller",
		"Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Tanaka", "Suzuki", "Sato", "Patel", "Sharma",
		"Kim", "Park", "Chen", "Wang", "Li", "Zhang", "Novak", "Kowalski", "Dubois", "Moreau", "Rossi", "Russo",
		"O'Brien", "Murphy", "Kelly", "Silva", "Santos", "Costa", "Johansson", "Andersson", "Larsen", "Hansen"}
	adjectives = []string{"Blue", "Summit", "Northern", "Pacific", "Bright", "Global", "Prime", "Silver", "Red",
		"Granite", "Vertex", "Apex", "Harbor", "Pioneer", "Cedar", "Atlas", "Nova", "Quantum", "Crescent", "Iron",
		"Golden", "Evergreen", "Stellar", "Urban", "Coastal", "Central", "United", "First", "Modern", "Swift"}
	nouns = []string{"Systems", "Logistics", "Health", "Foods", "Capital", "Dynamics", "Labs", "Energy", "Media",
		"Software", "Analytics", "Partners", "Industries", "Networks", "Robotics", "Pharma", "Retail", "Motors",
		"Solutions", "Consulting", "Insurance", "Bank", "Telecom", "Materials", "Devices", "Travel", "Studios",
		"Farms", "Holdings", "Works", "Supply", "Security", "Cloud", "Finance", "Education", "Construction",
		"Textiles", "Aerospace", "Chemicals", "Marine"}
	suffixes  = []string{"Inc.", "LLC", "Ltd", "GmbH", "Corp.", "S.A.", "AG", "Group", "Co.", "plc", "BV", "Pty Ltd"}
	freemails = []string{"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "gmx.de", "web.de"}
	titles    = []string{"CEO", "CTO", "CFO", "COO", "VP Sales", "VP Marketing", "VP Engineering", "Head of IT",
		"Director of Operations", "Sales Manager", "Account Executive", "Marketing Manager", "Product Manager",
		"Software Engineer", "Data Scientist", "Data Engineer", "IT Manager", "Procurement Manager", "Buyer",
		"Office Manager", "HR Manager", "Recruiter", "Controller", "Accountant", "Analyst", "Consultant",
		"Project Manager", "Operations Manager", "Customer Success Manager", "Founder", "Owner", "President",
		"Managing Director", "General Manager", "Business Development Manager", "Engineer", "Designer",
		"Administrator", "Coordinator", "Specialist"}
	countries = []string{"United States", "United States", "United States", "United States", "United States",
		"Canada", "United Kingdom", "United Kingdom", "Germany", "Germany", "France", "Australia", "Netherlands",
		"Spain", "Italy", "Sweden", "Switzerland", "Japan", "India", "Brazil", "Mexico", "Ireland", "Belgium",
		"Austria", "Denmark", "Norway", "Poland", "Singapore", "South Africa", "New Zealand", "Israel", "Portugal"}
	leadSources = []string{"Web", "Partner Referral", "Trade Show", "Inbound Call", "Advertisement",
		"Employee Referral", "Purchased List", "Webinar", "Social Media", "Email Campaign", "Organic Search"}
	areaCodes = []int{212, 213, 305, 312, 404, 415, 469, 503, 512, 617, 646, 702, 713, 720, 818, 917}
)

// Companies is the number of distinct company names.
const Companies = 25000

// Owners is the number of distinct record owners.
const Owners = 150

// rng returns the random source of row i.
func rng(seed uint64, i int64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(i)*0x9e3779b97f4a7c15+1))
}

// Gen generates rows from a seed.
type Gen struct {
	Seed uint64
}

// names returns the first and last name of row i (used for its email whether or not the name
// columns are null).
func names(r *rand.Rand) (string, string) {
	return firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
}

func company(k int) string {
	a := adjectives[k%len(adjectives)]
	n := nouns[(k/len(adjectives))%len(nouns)]
	s := suffixes[(k/(len(adjectives)*len(nouns)))%len(suffixes)]
	if k >= len(adjectives)*len(nouns)*len(suffixes) {
		return fmt.Sprintf("%s %s %d %s", a, n, k, s)
	}
	return a + " " + n + " " + s
}

// domain derives a company's web domain.
func domain(k int) string {
	a := strings.ToLower(adjectives[k%len(adjectives)])
	n := strings.ToLower(nouns[(k/len(adjectives))%len(nouns)])
	return fmt.Sprintf("%s%s%d.com", a, n, k)
}

// asciiLower lower-cases and keeps letters only ("O'Brien" -> "obrien", "Müller" -> "mller").
func asciiLower(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' {
			b = append(b, c)
		}
	}
	return string(b)
}

// baseEmail is the email row i was given, before duplication; it depends on seed and i only.
func (g Gen) baseEmail(i int64) string {
	r := rng(g.Seed, i)
	fn, ln := names(r)
	k := r.IntN(Companies)
	var d string
	if r.IntN(100) < 30 {
		d = freemails[r.IntN(len(freemails))]
	} else {
		d = domain(k)
	}
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%s.%s%d@%s", asciiLower(fn), asciiLower(ln), i, d)
	case 1:
		return fmt.Sprintf("%c%s%d@%s", asciiLower(fn)[0], asciiLower(ln), i, d)
	}
	return fmt.Sprintf("%s_%s.%d@%s", asciiLower(fn), asciiLower(ln), i, d)
}

func ptr[T any](v T) *T { return &v }

// str returns a nullable text value: nil with probability nullPct percent, a blank ("" or spaces)
// with probability blankPermille per mille, v otherwise.
func str(r *rand.Rand, v string, nullPct, blankPermille int) *string {
	x := r.IntN(1000)
	switch {
	case x < nullPct*10:
		return nil
	case x < nullPct*10+blankPermille:
		if x%2 == 0 {
			return ptr("")
		}
		return ptr("   "[:1+x%3])
	}
	return &v
}

// between returns a whole-second instant uniformly in [a, b).
func between(r *rand.Rand, a, b time.Time) time.Time {
	span := b.Unix() - a.Unix()
	if span <= 0 {
		return a
	}
	return time.Unix(a.Unix()+r.Int64N(span), 0).UTC()
}

// Row returns row i.
func (g Gen) Row(i int64) Contact {
	// Names and company come from the stream baseEmail replays; the rest from a second one.
	r := rng(g.Seed, i)
	fn, ln := names(r)
	k := r.IntN(Companies)
	r = rng(g.Seed^0x5bd1e995, i)
	c := Contact{ID: fmt.Sprintf("003Dn%010d", i+1)}
	c.FirstName = str(r, fn, 2, 5)
	c.LastName = str(r, ln, 0, 3)
	c.Email = g.email(r, i)
	c.Phone = str(r, phone(r), 22, 2)
	c.Company = str(r, company(k), 9, 4)
	c.Title = str(r, titles[r.IntN(len(titles))], 28, 5)
	c.Country = str(r, countries[r.IntN(len(countries))], 12, 2)
	c.OwnerID = str(r, fmt.Sprintf("005Dn00000%05d", r.IntN(Owners)), 1, 0)
	c.LeadSource = str(r, leadSources[r.IntN(len(leadSources))], 18, 3)
	end := AsOf.Add(-24 * time.Hour)
	// Creation skews recent: CRMs grow, so later years hold more records.
	u := math.Sqrt(r.Float64())
	c.CreatedAt = first.Add(time.Duration(u * float64(end.Sub(first)))).Truncate(time.Second)
	if r.IntN(100) >= 4 {
		c.UpdatedAt = ptr(between(r, c.CreatedAt, end))
	}
	if r.IntN(100) >= 38 {
		lo := c.CreatedAt
		if c.UpdatedAt != nil && r.IntN(2) == 0 {
			lo = *c.UpdatedAt
		}
		c.LastActivityAt = ptr(between(r, lo, end))
	}
	if r.IntN(100) >= 5 {
		c.EmailOptOut = ptr(r.IntN(10) == 0)
	}
	if r.IntN(100) >= 45 {
		v := math.Round(math.Exp(11+2*r.NormFloat64())*100) / 100
		c.AnnualRevenue = &v
	}
	return c
}

// email returns row i's email: null (6%), blank (1%), a copy of an earlier row's email (4%: half
// exact, the rest differing in case, surrounding spaces or both), or its own.
func (g Gen) email(r *rand.Rand, i int64) *string {
	x := r.IntN(1000)
	switch {
	case x < 60:
		return nil
	case x < 70:
		return ptr("  "[:x%3])
	case x < 110 && i > 0:
		j := r.Int64N(i) // any earlier row: exports are not sorted by email
		e := g.baseEmail(j)
		switch v := r.IntN(20); {
		case v < 10:
		case v < 15:
			e = strings.ToUpper(e[:1]) + e[1:]
		case v < 18:
			e = " " + e + " "
		default:
			e = " " + strings.ToUpper(e) + " "
		}
		return &e
	}
	return ptr(g.baseEmail(i))
}

func phone(r *rand.Rand) string {
	a, b, c := areaCodes[r.IntN(len(areaCodes))], 200+r.IntN(800), r.IntN(10000)
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("(%d) %03d-%04d", a, b, c)
	case 1:
		return fmt.Sprintf("+1 %d %03d %04d", a, b, c)
	case 2:
		return fmt.Sprintf("%d-%03d-%04d", a, b, c)
	case 3:
		return fmt.Sprintf("+44 20 %04d %04d", 3000+r.IntN(7000), c)
	}
	return fmt.Sprintf("+49 30 %d%04d", 200+r.IntN(800), c)
}

// Text formats a row as CSV fields; nulls become empty fields. Times are RFC 3339 UTC.
func (c *Contact) Text(out []string) []string {
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	t := func(p *time.Time) string {
		if p == nil {
			return ""
		}
		return p.Format(time.RFC3339)
	}
	out = append(out[:0], c.ID, s(c.FirstName), s(c.LastName), s(c.Email), s(c.Phone), s(c.Company),
		s(c.Title), s(c.Country), s(c.OwnerID), s(c.LeadSource), t(&c.CreatedAt), t(c.UpdatedAt),
		t(c.LastActivityAt))
	if c.EmailOptOut == nil {
		out = append(out, "")
	} else {
		out = append(out, strconv.FormatBool(*c.EmailOptOut))
	}
	if c.AnnualRevenue == nil {
		out = append(out, "")
	} else {
		out = append(out, strconv.FormatFloat(*c.AnnualRevenue, 'f', -1, 64))
	}
	return out
}

// Cells returns a row as spreadsheet cell values: nil for a null, time.Time for dates.
func (c *Contact) Cells(out []any) []any {
	s := func(p *string) any {
		if p == nil {
			return nil
		}
		return *p
	}
	t := func(p *time.Time) any {
		if p == nil {
			return nil
		}
		return *p
	}
	out = append(out[:0], c.ID, s(c.FirstName), s(c.LastName), s(c.Email), s(c.Phone), s(c.Company),
		s(c.Title), s(c.Country), s(c.OwnerID), s(c.LeadSource), c.CreatedAt, t(c.UpdatedAt), t(c.LastActivityAt))
	if c.EmailOptOut == nil {
		out = append(out, nil)
	} else {
		out = append(out, *c.EmailOptOut)
	}
	if c.AnnualRevenue == nil {
		out = append(out, nil)
	} else {
		out = append(out, *c.AnnualRevenue)
	}
	return out
}

// Empty counts a row's empty cells: nulls and blank (space-only) strings.
func (c *Contact) Empty() int {
	n := 0
	for _, p := range []*string{c.FirstName, c.LastName, c.Email, c.Phone, c.Company, c.Title, c.Country, c.OwnerID, c.LeadSource} {
		if p == nil || strings.TrimSpace(*p) == "" {
			n++
		}
	}
	if strings.TrimSpace(c.ID) == "" {
		n++
	}
	for _, b := range []bool{c.UpdatedAt == nil, c.LastActivityAt == nil, c.EmailOptOut == nil, c.AnnualRevenue == nil} {
		if b {
			n++
		}
	}
	return n
}
