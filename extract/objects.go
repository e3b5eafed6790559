package extract

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

// An object type is decided by scoring every candidate on every signal (objectSignals): the
// words of the file and sheet name, the dataset's own identifier column, headers that name the
// dataset's own entity ("Potential Owner") and the header signature (stage + close date +
// amount is a deal). Identifiers of other entities are references and count for nothing.

// Evidence is one signal for an object type, with its weight in the score.
type Evidence struct {
	Object Object
	Weight int
	Why    string // `name word "Potentials"`, `own id column "POTENTIALID"`
}

// ObjectDecision is a dataset's object type and how it was decided.
type ObjectDecision struct {
	Object      Object
	Kind        string // for Other: the kind the name gives ("vendor"), or ""
	Score       int
	RunnerUp    Object // the next best candidate, "" when no other has evidence
	RunnerScore int
	Evidence    []Evidence // every signal found, strongest first
	// Weak is set when the decision rests on little evidence or a close runner-up; Reason then
	// says so and gives the config line that settles it.
	Weak   bool
	Reason string // for Other: why no object could be decided
}

// Thresholds of a confident decision: a score of at least strongScore, ahead of the runner-up
// by at least clearMargin.
const (
	strongScore = 3
	clearMargin = 2
)

// DecideObject scores every object type on the evidence of a dataset's names (the file and,
// for a workbook, the sheet) and its headers, and decides the best one. A tie between the two
// best, or no evidence, is Other with the reason.
func DecideObject(names []string, s *Schema) ObjectDecision {
	var ev []Evidence
	kinds := map[string]int{}
	for _, n := range names {
		e, kind := nameEvidence(n)
		ev = append(ev, e...)
		if kind != "" {
			kinds[kind] += strongScore
		}
	}
	ev = append(ev, headerEvidence(s)...)
	scores := map[Object]int{}
	for _, e := range ev {
		scores[e.Object] += e.Weight
	}
	cands := make([]Object, 0, len(scores))
	for o := range scores {
		cands = append(cands, o)
	}
	rank := func(o Object) int { return slices.Index(Objects, o) }
	slices.SortFunc(cands, func(a, b Object) int {
		if scores[a] != scores[b] {
			return scores[b] - scores[a]
		}
		return rank(a) - rank(b)
	})
	slices.SortStableFunc(ev, func(a, b Evidence) int { return b.Weight - a.Weight })
	d := ObjectDecision{Evidence: ev}
	if len(cands) > 1 {
		d.RunnerUp, d.RunnerScore = cands[1], scores[cands[1]]
	}
	kind, kindScore := bestKind(kinds)
	switch {
	case len(cands) == 0 && kind != "":
		d.Object, d.Kind, d.Score = Other, kind, kindScore
		return d
	case len(cands) == 0:
		d.Object, d.Reason = Other, "no evidence of any object type in the names or headers"
		return d
	case kindScore > scores[cands[0]]:
		d.Object, d.Kind, d.Score = Other, kind, kindScore
		d.RunnerUp, d.RunnerScore = cands[0], scores[cands[0]]
		return d
	case d.RunnerUp != "" && d.RunnerScore == scores[cands[0]]:
		d.Object, d.Reason = Other, fmt.Sprintf("conflicting evidence: %s and %s score %d each", cands[0], d.RunnerUp, d.RunnerScore)
		d.RunnerUp = cands[0]
		return d
	}
	d.Object, d.Score = cands[0], scores[cands[0]]
	d.Weak = d.Score < strongScore || d.Score-d.RunnerScore < clearMargin
	return d
}

func bestKind(kinds map[string]int) (string, int) {
	best, n := "", 0
	for k, v := range kinds {
		if v > n || v == n && k < best {
			best, n = k, v
		}
	}
	return best, n
}

// String says how the object was decided, in one line for reports and `init`: the evidence
// for it, the runner-up, and, when the call is close or impossible, the config line that
// settles it.
func (d ObjectDecision) String() string {
	var b strings.Builder
	var own []string
	for _, e := range d.Evidence {
		if e.Object == d.Object {
			own = append(own, fmt.Sprintf("%s +%d", e.Why, e.Weight))
		}
	}
	switch {
	case d.Object == Other && d.Kind != "":
		fmt.Fprintf(&b, "a %s file by its name, no object crmready judges", d.Kind)
	case d.Object == Other:
		b.WriteString(d.Reason)
	default:
		fmt.Fprintf(&b, "evidence scoring %d: %s", d.Score, strings.Join(own, ", "))
	}
	if d.RunnerUp != "" {
		var why []string
		for _, e := range d.Evidence {
			if e.Object == d.RunnerUp {
				why = append(why, e.Why)
			}
		}
		fmt.Fprintf(&b, "; runner-up %s %d (%s)", d.RunnerUp, d.RunnerScore, strings.Join(why, ", "))
	}
	switch {
	case d.Object == Other && d.Kind == "":
		b.WriteString("; set the dataset's `object:` in the config to judge it")
	case d.Weak:
		fmt.Fprintf(&b, "; weak evidence: `object: %s` in the config settles it", d.Object)
	}
	return b.String()
}

// DetectObject decides a dataset's object type from its file name and headers; it returns the
// object and a sentence saying how it was decided (DecideObject has the detail).
func DetectObject(file string, s *Schema) (Object, string) {
	d := DecideObject([]string{file}, s)
	return d.Object, d.String()
}

// entityWords maps the words CRMs name their modules and records by, current and former, to
// objects: Zoho's Potentials (now Deals), Dynamics 365's Phone Calls, Appointments and Cases
// (incidents), HubSpot's tickets and engagements, Pardot's prospects.
var entityWords = map[string]Object{
	"lead": Lead, "prospect": Lead,
	"contact": Contact, "person": Contact, "people": Contact,
	"account": Account, "company": Account, "companies": Account, "organization": Account, "organisation": Account,
	"opportunity": Opportunity, "opportunities": Opportunity, "opp": Opportunity, "deal": Opportunity, "potential": Opportunity,
	"activity": Activity, "activities": Activity, "task": Activity, "event": Activity, "call": Activity, "phonecall": Activity,
	"meeting": Activity, "appointment": Activity, "engagement": Activity,
	"user": User, "owner": User, "rep": User, "employee": User,
	"product": Product, "catalog": Product, "catalogue": Product,
	"campaign": Campaign, "campaignmember": CampaignMember,
	"case": Case, "ticket": Case, "incident": Case,
	"quote": Quote, "quotation": Quote,
	"order": Order, "salesorder": Order, "purchaseorder": Order,
	"invoice":  Invoice,
	"lineitem": LineItem, "orderitem": LineItem, "quotelineitem": LineItem,
}

// otherKinds are record kinds of real exports that no use case judges: named, audited as Other.
var otherKinds = map[string]string{"vendor": "vendor", "contract": "contract", "note": "note", "pricebook": "price book"}

// nameWords splits a file or sheet name into lower-case words, at punctuation, digits and
// camelCase humps: "sf_opportunity_line_item_data.csv" and "OpportunityLineItem" both give
// opportunity, line, item. Compounds CRMs write as two words are joined ("price book",
// "line item", "phone call", "sales order", "campaign member").
func nameWords(name string) []string {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(base)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	for i := range words {
		words[i] = singular(words[i])
	}
	var out []string
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) {
			if j := words[i] + words[i+1]; compounds[j] {
				out = append(out, j)
				i++
				continue
			}
		}
		out = append(out, words[i])
	}
	return out
}

var compounds = map[string]bool{"pricebook": true, "lineitem": true, "phonecall": true, "salesorder": true,
	"purchaseorder": true, "campaignmember": true, "orderitem": true}

// spaced writes a joined compound as the two words it came from, for reports.
func spaced(w string) string {
	for _, second := range []string{"item", "book", "call", "order", "member"} {
		if compounds[w] && strings.HasSuffix(w, second) {
			return w[:len(w)-len(second)] + " " + second
		}
	}
	return w
}

// singular strips an English plural: "opportunities" -> "opportunity", "cases" -> "case".
func singular(w string) string {
	switch {
	case w == "people" || w == "sales" || w == "status" || len(w) < 4:
		return w
	case strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ses") && !strings.HasSuffix(w, "cases"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// nameEvidence scores the words of a file or sheet name. The last object word is the head of
// the name ("Invoice_Line_Items" are line items, "engagement_call" a call) and weighs most;
// the others qualify it. A campaign's leads or contacts are its members.
func nameEvidence(name string) ([]Evidence, string) {
	words := nameWords(name)
	type hit struct {
		obj  Object
		word string
	}
	var hits []hit
	kind := ""
	for _, w := range words {
		if o, ok := entityWords[w]; ok {
			hits = append(hits, hit{o, w})
		} else if k, ok := otherKinds[w]; ok {
			kind = k
		}
	}
	if len(hits) == 0 {
		return nil, kind
	}
	if hits[0].obj == Campaign && len(hits) > 1 && (hits[1].obj == Lead || hits[1].obj == Contact) {
		hits = []hit{{CampaignMember, hits[0].word + " " + hits[1].word}}
	}
	head := hits[len(hits)-1]
	out := []Evidence{{head.obj, strongScore, fmt.Sprintf("name %q (%s)", filepath.Base(name), spaced(head.word))}}
	for _, h := range hits[:len(hits)-1] {
		if h.obj != head.obj {
			out = append(out, Evidence{h.obj, 1, fmt.Sprintf("name word %q qualifies %q", spaced(h.word), spaced(head.word))})
		}
	}
	return out, ""
}

// headerEntity splits a normalized header that starts with an entity word into the entity's
// object and the rest: "potentialowner" -> opportunity, "owner"; "salesorderid" -> order, "id".
// The longest entity word wins; digits after it are dropped ("product2id").
// Kinds of Other ("VENDORID", "Vendor Owner") are entities of an Other dataset.
func headerEntity(h string) (Object, string, bool) {
	best, obj := "", Object("")
	for w, o := range entityWords {
		if len(w) > len(best) && strings.HasPrefix(h, w) && len(h) > len(w) {
			best, obj = w, o
		}
	}
	for w := range otherKinds {
		if len(w) > len(best) && strings.HasPrefix(h, w) && len(h) > len(w) {
			best, obj = w, Other
		}
	}
	if best == "" {
		return "", "", false
	}
	return obj, strings.TrimLeft(h[len(best):], "0123456789"), true
}

// headerEvidence scores a schema's headers: the first column as the dataset's own identifier
// ("POTENTIALID", "Deal ID", "Prospect ID"), "<Entity> Owner" and "<Entity> Name" headers,
// Pipedrive's "Entity - Field" headers, and the signatures of each object's headers.
func headerEvidence(s *Schema) []Evidence {
	var ev []Evidence
	owners := map[Object]string{}
	names := map[Object]string{}
	for i, c := range s.Columns {
		if o, ok := dynamicsEntity(c.Name); ok {
			ev = append(ev, Evidence{o, 2, fmt.Sprintf("Dynamics 365 key column %q", c.Name)})
			continue
		}
		h := vendorKey(c.Name)
		o, rest, ok := headerEntity(h)
		if !ok || o == Other {
			continue
		}
		switch {
		case i == 0 && rest == "id":
			ev = append(ev, Evidence{o, 2, fmt.Sprintf("own id column %q", c.Name)})
		case rest == "owner" || rest == "ownerid":
			if owners[o] == "" {
				owners[o] = c.Name
			}
		case rest == "name" && o != Account && o != Product:
			// an account's or product's name is as often a reference as the record's own
			if names[o] == "" {
				names[o] = c.Name
			}
		}
	}
	for _, o := range Objects {
		if owners[o] != "" {
			ev = append(ev, Evidence{o, 2, fmt.Sprintf("owner column %q", owners[o])})
		}
		if names[o] != "" {
			ev = append(ev, Evidence{o, 1, fmt.Sprintf("name column %q", names[o])})
		}
	}
	if o, how, ok := pipedriveObject(s); ok {
		ev = append(ev, Evidence{o, strongScore, how})
	}
	return append(ev, signatureEvidence(s)...)
}

// dynamicsEntity reads the entity of a Dynamics 365 export's hidden key column, "(Do Not
// Modify) Opportunity": the records' own, as their primary key.
func dynamicsEntity(header string) (Object, bool) {
	if !isHidden(header) {
		return "", false
	}
	rest := NormalizeHeader(strings.TrimSpace(header)[len(hiddenPrefix):])
	o, ok := entityWords[singular(rest)]
	return o, ok
}

// signature is a set of header groups that together mark an object type; each group is a list
// of normalized headers, any of which fills it.
type signature struct {
	obj    Object
	what   string
	groups [][]string
	min    int // groups that must be present
	weight int
}

var signatures = []signature{
	{Opportunity, "stage, close date, amount", [][]string{
		{"stagename", "stage", "dealstage", "salesstage", "pipelinestage", "pipelinephase"},
		{"closedate", "closingdate", "expectedclosedate", "estclosedate", "estimatedclosedate", "closedat"},
		{"amount", "dealvalue", "estrevenue"},
		{"iswon", "won"}, {"probability", "probabilitypercent", "expectedrevenue"}}, 1, 0},
	{Lead, "converted flag or lead status", [][]string{{"isconverted", "converted", "leadstatus", "converteddate", "convertedaccountid"}}, 1, 2},
	{Activity, "subject with a due date, start time or duration", [][]string{{"subject"},
		{"duedate", "activitydate", "startdatetime", "starttime", "enddatetime", "callduration", "calldurationinseconds", "durationinminutes", "calltype", "callstarttime", "activitydatetime"}}, 2, 2},
	{LineItem, "quantity with a unit or list price", [][]string{{"quantity"}, {"listprice", "unitprice", "totalprice", "salesprice"}}, 2, 2},
	{Case, "case origin or reason", [][]string{{"caseorigin", "casereason", "casenumber", "origin"}}, 1, 2},
	{Campaign, "budgeted and actual cost", [][]string{{"budgetedcost"}, {"actualcost", "expectedresponse", "numbersent"}}, 2, 2},
}

// signatureEvidence scores the header signatures. A person's email or name without lead headers
// is weak evidence of a contact.
func signatureEvidence(s *Schema) []Evidence {
	has := map[string]bool{}
	for _, c := range s.Columns {
		has[vendorKey(c.Name)] = true
	}
	var ev []Evidence
	for _, sig := range signatures {
		n := 0
		for _, g := range sig.groups {
			if slices.ContainsFunc(g, func(h string) bool { return has[h] }) {
				n++
			}
		}
		if n < sig.min {
			continue
		}
		w := sig.weight
		if w == 0 {
			w = min(n, strongScore)
		}
		ev = append(ev, Evidence{sig.obj, w, fmt.Sprintf("headers %s (%d of %d)", sig.what, n, len(sig.groups))})
	}
	lead := slices.ContainsFunc(ev, func(e Evidence) bool { return e.Object == Lead })
	if !lead && (has["email"] || has["firstname"] || has["lastname"]) {
		ev = append(ev, Evidence{Contact, 1, "person headers (email or name)"})
	}
	return ev
}
