package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/crmready/crmready/extract"
)

// Ownership measures who owns the records: whether each has an owner (a user or a queue), whether
// owners are active users when a user list is given, and how much of the data sits with the
// largest owner. Salesforce queues (owner IDs starting 00G, or names in Params.Users.Queues) own
// records: they are not missing owners, nor inactive users.
var Ownership = &Check{
	ID:       "ownership",
	Doc:      "owner present, a queue or an active user, and the share of records on the largest owner",
	Findings: ownershipFindings,
	Metrics: []MetricDef{
		{ID: "ownership.owned", Unit: Ratio, HigherIsBetter: true, Doc: "records with an owner, a user or a queue / records", Needs: "no owner column", Plain: "{value} of {records} have an owner"},
		{ID: "ownership.queue_owned", Unit: Ratio, Doc: "owned records whose owner is a queue / owned records", Needs: "no owner column, or no owned record", Plain: "{value} of the owned {records} sit in a queue"},
		{ID: "ownership.active_owner", Unit: Ratio, HigherIsBetter: true, Doc: "owned records whose owner is an active user or a queue / owned records", Needs: "no user list (checks.ownership), or no owned record", Plain: "{value} of the owned {records} belong to an active user or a queue"},
		{ID: "ownership.inactive_owner", Unit: Ratio, Doc: "owned records whose owner the user list marks inactive / owned records", Needs: "no user list that names inactive users (a users_file with an active flag, or inactive_users), or no owned record", Plain: "{value} of the owned {records} belong to an inactive user"},
		{ID: "ownership.top_owner_share", Unit: Ratio, Doc: "records of the owner with the most records / owned records", Needs: "no owner column, no owned record, or more distinct owners than the check counts", Plain: "one owner holds {value} of the owned {records}"},
		{ID: "ownership.owners", Unit: Count, HigherIsBetter: true, Doc: "distinct owners, users and queues", Needs: "no owner column, or more distinct owners than the check counts", Plain: "{records} have {value} distinct owners"},
	},
	New: newOwnership,
}

const (
	mOwned = iota
	mQueueOwned
	mActiveOwner
	mInactiveOwner
	mTopOwnerShare
	mOwners
)

// maxOwners caps the distinct owners counted: a column with more is not an owner column that
// a share of the largest owner can describe.
const maxOwners = 100_000

// Users is a list of users: who is active, who is not, and which owners are queues. Keys are
// identifying values of a user (id, name, email, username) as Key normalizes them.
type Users struct {
	Active   map[string]bool
	Inactive map[string]bool
	// Queues match owner values that are queues (names, or patterns with *), besides
	// Salesforce queue IDs.
	Queues *Placeholders
	// Source says where the list came from, for findings ("users.csv and the config").
	Source string
}

// Key normalizes a value that identifies a user: trimmed and lower-cased; a Salesforce 18-character
// user ID is cut to its 15-character form, so both forms match.
func Key(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) == 18 && strings.HasPrefix(s, "005") && sfID.MatchString(s) {
		s = s[:15]
	}
	return s
}

var (
	sfID      = regexp.MustCompile(`^[0-9a-z]{15}([0-9a-z]{3})?$`)
	sfQueueID = regexp.MustCompile(`^00G[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$`)
)

// IsQueue reports whether an owner value is a queue.
func (u *Users) IsQueue(owner string) bool {
	owner = strings.TrimSpace(owner)
	return sfQueueID.MatchString(owner) || u != nil && u.Queues != nil && u.Queues.Match(owner)
}

// Lists reports whether the list knows any user.
func (u *Users) Lists() bool { return u != nil && len(u.Active)+len(u.Inactive) > 0 }

type ownership struct {
	ds                                   *Dataset
	p                                    *Params
	owner                                int
	rows, owned, queue, active, inactive int64
	counts                               map[string]int64 // owner -> records
	capped                               bool
	fs                                   *Findings
	dict                                 []*Placeholders
}

func newOwnership(ds *Dataset, p *Params) (Analyzer, error) {
	o := &ownership{ds: ds, p: p, owner: ds.Column(extract.RoleOwner), counts: map[string]int64{}, fs: p.NewFindings()}
	if o.owner >= 0 {
		o.dict = p.placeholdersFor(ds)
	}
	return o, nil
}

func (o *ownership) Fold(b *extract.Batch) {
	o.rows += int64(b.Len)
	if o.owner < 0 {
		return
	}
	v := b.Cols[o.owner]
	col := o.ds.Schema.Columns[o.owner].Name
	users := o.p.Users
	for i := 0; i < b.Len; i++ {
		if isMissing(v, i, o.dict[o.owner]) {
			continue // listed by completeness as a missing value
		}
		o.owned++
		s := strings.TrimSpace(v.Text(i))
		if !addCapped(o.counts, s, 1, maxOwners) {
			o.capped = true
		}
		if users.IsQueue(s) {
			o.queue++
			o.active++
			continue
		}
		if !users.Lists() {
			continue
		}
		switch k := Key(s); {
		case users.Active[k]:
			o.active++
		case users.Inactive[k]:
			o.inactive++
			o.fs.Lazy("inactive_owner", b.RecordNo(i), func() Finding {
				return At(b, i, "inactive_owner", col, s, fmt.Sprintf("owned by %s, an inactive user in %s", s, users.Source))
			})
		default:
			o.fs.Lazy("unknown_owner", b.RecordNo(i), func() Finding {
				return At(b, i, "unknown_owner", col, s, fmt.Sprintf("owned by %s, who is not in %s", s, users.Source))
			})
		}
	}
}

func (o *ownership) Merge(other Analyzer) {
	x := other.(*ownership)
	o.rows += x.rows
	o.owned += x.owned
	o.queue += x.queue
	o.active += x.active
	o.inactive += x.inactive
	o.capped = o.capped || x.capped
	for s, n := range x.counts {
		if !addCapped(o.counts, s, n, maxOwners) {
			o.capped = true
		}
	}
	o.fs.Merge(x.fs)
}

func (o *ownership) Result() Result {
	var r Result
	if o.owner < 0 {
		if ownedObject(o.ds.Object) {
			r.Findings = []FindingGroup{{Kind: missingRoleKind.ID, Total: 1, Sample: []Finding{missingRole(extract.RoleOwner, "ownership not measured")}}}
		}
		return r
	}
	m := Ownership.Metrics
	r.Metrics = append(r.Metrics, ratioMetric(m[mOwned], "", o.owned, o.rows))
	fs := o.p.NewFindings()
	fs.Merge(o.fs)
	if o.owned > 0 {
		r.Metrics = append(r.Metrics, ratioMetric(m[mQueueOwned], "", o.queue, o.owned))
		users := o.p.Users
		if users.Lists() {
			r.Metrics = append(r.Metrics, ratioMetric(m[mActiveOwner], "", o.active, o.owned))
		}
		if users != nil && len(users.Inactive) > 0 {
			r.Metrics = append(r.Metrics, ratioMetric(m[mInactiveOwner], "", o.inactive, o.owned))
		}
		if o.capped {
			fs.Add(Finding{Kind: "owners_not_counted", Column: o.column(), Message: fmt.Sprintf("more than %d distinct owners: the largest owner's share is not measured", maxOwners)})
		} else {
			top := o.top()
			r.Metrics = append(r.Metrics, ratioMetric(m[mTopOwnerShare], "", top[0].Count, o.owned), countMetric(m[mOwners], int64(len(o.counts))))
			fs.Add(Finding{Kind: "top_owner", Column: o.column(), Value: top[0].Value, Message: o.describeTop(top)})
		}
	}
	r.Findings = fs.Groups()
	return r
}

func (o *ownership) column() string { return o.ds.Schema.Columns[o.owner].Name }

// top returns the owners with the most records, most first, up to three.
func (o *ownership) top() []ValueCount {
	all := sortedCounts(o.counts)
	return all[:min(3, len(all))]
}

func (o *ownership) describeTop(top []ValueCount) string {
	name := func(v ValueCount) string {
		s := fmt.Sprintf("%s (%s)", v.Value, pct(ratio(v.Count, o.owned)))
		if o.p.Users.IsQueue(v.Value) {
			s = "queue " + s
		}
		return s
	}
	msg := fmt.Sprintf("the largest owner is %s of %d owned records", name(top[0]), o.owned)
	if len(top) > 1 {
		var next []string
		for _, v := range top[1:] {
			next = append(next, name(v))
		}
		msg += "; next: " + strings.Join(next, ", ")
	}
	return msg
}

// ownedObject reports whether records of object type o normally have an owner.
func ownedObject(o extract.Object) bool {
	switch o {
	case extract.Lead, extract.Contact, extract.Account, extract.Opportunity, extract.Activity,
		extract.Campaign, extract.Case, extract.Quote, extract.Order, extract.Invoice:
		return true
	}
	return false
}
