package extract

import (
	"fmt"
	"slices"
	"strings"
)

// Role is the meaning of a column in CRM terms. Checks speak roles, never column names.
type Role string

// The roles crmready knows.
const (
	RoleID             Role = "id"
	RoleEmail          Role = "email"
	RolePhone          Role = "phone"
	RoleFirstName      Role = "first_name"
	RoleLastName       Role = "last_name"
	RoleFullName       Role = "full_name"
	RoleCompany        Role = "company"
	RoleWebsite        Role = "website"
	RoleDomain         Role = "domain"
	RoleOwner          Role = "owner"
	RoleCreatedAt      Role = "created_at"
	RoleUpdatedAt      Role = "updated_at"
	RoleLastActivityAt Role = "last_activity_at"
	RoleStatus         Role = "status"
	RoleStage          Role = "stage"
	RoleCloseDate      Role = "close_date"
	RoleConvertedAt    Role = "converted_at"
	RoleAmount         Role = "amount"
	RoleLeadSource     Role = "lead_source"
	RoleIndustry       Role = "industry"
	RoleCountry        Role = "country"
	RoleRegion         Role = "region"
	RoleTitle          Role = "title"
	RoleLabel          Role = "label"
	RoleDeleted        Role = "deleted"
	RoleAccountRef     Role = "account_ref"
	RoleProductRef     Role = "product_ref"
	RoleOwnerRef       Role = "owner_ref"
	RoleName           Role = "name" // the name of a record that is not a person or a company: a product, a deal
	RoleStreet         Role = "street"
	RoleCity           Role = "city"
	RolePostcode       Role = "postcode"
	RoleState          Role = "state"
	RoleBirthDate      Role = "birth_date"
	RoleStreetNumber   Role = "street_number" // a house number kept apart from the street
	RoleStreet2        Role = "street2"       // a second address line
)

// Object is the CRM object type of a dataset.
type Object string

// The object types.
const (
	Lead        Object = "lead"
	Contact     Object = "contact"
	Account     Object = "account"
	Opportunity Object = "opportunity"
	Activity    Object = "activity"
	User        Object = "user"
	Product     Object = "product"
	// The objects real exports hold that no use case judges as people, companies or deals.
	Campaign       Object = "campaign"
	CampaignMember Object = "campaign_member" // a lead's or contact's membership of a campaign
	Case           Object = "case"            // a support case or ticket
	Quote          Object = "quote"
	Order          Object = "order" // a sales or purchase order
	Invoice        Object = "invoice"
	LineItem       Object = "line_item" // a line of a deal, quote, order or invoice
	Other          Object = "other"
)

// Objects lists every object type, in the order reports show them.
var Objects = []Object{Lead, Contact, Account, Opportunity, Activity, User, Product,
	Campaign, CampaignMember, Case, Quote, Order, Invoice, LineItem, Other}

// records are the object types whose records have a name that is not a person's or a company's.
var records = []Object{Product, Opportunity, Campaign, CampaignMember, Case, Quote, Order, Invoice, LineItem, Other}

// statusObjects are the object types with a status (an opportunity has a stage instead).
var statusObjects = []Object{Lead, Contact, Account, Activity, User, Campaign, CampaignMember, Case, Quote, Order, Invoice, LineItem, Product, Other}

// roleDef says which headers name a role and which value types confirm it.
type roleDef struct {
	role    Role
	headers []string // normalized (NormalizeHeader); earlier is stronger
	objects []Object // the role is only detected in datasets of these types; nil for any
	types   []Type   // value types that confirm the role; nil for any
	many    bool     // several columns may hold the role (identifiers)
}

var timeTypes = []Type{Time}

// roleDefs is the header dictionary: the headers real exports write (Salesforce API names and
// their snake_case forms, which normalize alike, and report labels; HubSpot, Dynamics 365,
// Pipedrive and Zoho labels). Each is labelled with its role in the header corpus or is in a
// vendor's documented field list (testdata/corpus/headers; TestAliasesJustified). Headers of
// the form "<Entity> <field>" are matched by entityRole, not listed.
var roleDefs = []roleDef{
	{role: RoleDeleted, headers: []string{"isdeleted", "fivetrandeleted"}, types: []Type{Bool, Int}},
	// Ids named for an entity ("POTENTIALID", "Deal ID", "Prospect ID") are matched by
	// entityRole: the dataset's own entity's is its id, another's a reference.
	{role: RoleID, headers: []string{"id", "recordid", "hsobjectid"}, many: true},
	{role: RoleEmail, headers: []string{"email", "emailaddress", "personemail", "workemail", "emailaddress1"}, types: []Type{String}},
	{role: RolePhone, headers: []string{"phone", "phonenumber", "businessphone", "mobilephone", "mobilephonenumber", "mobile", "telephone1"}},
	{role: RoleFirstName, headers: []string{"firstname"}, types: []Type{String}},
	{role: RoleLastName, headers: []string{"lastname"}, types: []Type{String}},
	{role: RoleFullName, headers: []string{"fullname", "name", "leadname", "personname"}, objects: []Object{Lead, Contact, User}, types: []Type{String}},
	{role: RoleCompany, headers: []string{"company", "companyname", "companyaccount", "accountname", "account", "organization", "organizationname"}, objects: []Object{Lead, Contact}, types: []Type{String}},
	{role: RoleCompany, headers: []string{"name", "accountname", "companyname", "account", "company"}, objects: []Object{Account}, types: []Type{String}},
	{role: RoleAccountRef, headers: []string{"accountid", "account", "accountname", "companyaccount", "associatedcompany", "associatedcompanyid", "potentialcustomer", "organization"},
		objects: []Object{Opportunity, Activity, Contact, Case, Quote, Order, Invoice}},
	{role: RoleAccountRef, headers: []string{"parentid", "parentaccountid", "parentaccount", "parentcompany"}, objects: []Object{Account}},
	{role: RoleAccountRef, headers: []string{"convertedaccountid", "convertedaccount"}, objects: []Object{Lead}},
	{role: RoleProductRef, headers: []string{"productid", "product2id", "product", "productname"}, objects: []Object{Opportunity, LineItem}},
	{role: RoleWebsite, headers: []string{"website", "websiteurl"}, types: []Type{String}},
	{role: RoleDomain, headers: []string{"domain", "companydomainname"}, types: []Type{String}},
	// "<Entity> Owner" of the dataset's own entity is matched by entityRole.
	{role: RoleOwner, headers: []string{"ownerid", "owner", "hubspotownerid", "hubspotowner", "assigneeid", "assignee"}},
	{role: RoleCreatedAt, headers: []string{"createddate", "createdat", "createdate", "createdon", "createdtime", "addtime"}, types: timeTypes},
	{role: RoleUpdatedAt, headers: []string{"lastmodifieddate", "updatedat", "modifiedon", "modifiedtime", "lastmodifiedtime", "updatetime", "systemmodstamp"}, types: timeTypes},
	{role: RoleLastActivityAt, headers: []string{"lastactivitydate", "lastactivity", "lastactivityat", "lastactivitytime", "lastengagementdate", "lastcontacted"}, types: timeTypes},
	{role: RoleStatus, headers: []string{"status", "leadstatus", "hsleadstatus", "lifecyclestage", "statusreason", "stage", "pipelinestage"}, objects: statusObjects, types: []Type{String}},
	{role: RoleStage, headers: []string{"stagename", "stage", "dealstage", "salesstage", "status", "pipelinephase", "pipelinestage", "stageid", "pipelinestageid"}, objects: []Object{Opportunity}, types: []Type{String}},
	{role: RoleCloseDate, headers: []string{"closedate", "closingdate", "estclosedate", "estimatedclosedate", "expectedclosedate", "actualclosedate", "closedat"}, objects: []Object{Opportunity}, types: timeTypes},
	{role: RoleConvertedAt, headers: []string{"converteddate", "becameacustomerdate"}, types: timeTypes},
	// Expected (weighted) revenue and probability are not the amount.
	{role: RoleAmount, headers: []string{"amount", "dealvalue", "value", "estrevenue"}, objects: []Object{Opportunity}, types: []Type{Int, Float}},
	{role: RoleLeadSource, headers: []string{"leadsource", "originalsource", "source"}, objects: []Object{Lead, Contact, Account, Opportunity}, types: []Type{String}}, // a meeting's source is not a lead source
	{role: RoleIndustry, headers: []string{"industry", "sector"}, types: []Type{String}},
	{role: RoleCountry, headers: []string{"country", "countrycode", "billingcountry", "mailingcountry", "countryregion"}, types: []Type{String}},
	{role: RoleRegion, headers: []string{"region", "territory"}, types: []Type{String}},
	{role: RoleTitle, headers: []string{"title", "jobtitle"}, objects: []Object{Lead, Contact, User}, types: []Type{String}},
	{role: RoleName, headers: []string{"name", "productname", "product", "opportunityname", "dealname", "topic"}, objects: records, types: []Type{String}},
	{role: RoleStreet, headers: []string{"street", "address", "streetaddress", "billingstreet", "mailingstreet", "address1line1", "addressone"}, types: []Type{String}},
	{role: RoleStreetNumber}, // no vendor writes a house number apart; set in config (FEBRL's street_number)
	{role: RoleStreet2, headers: []string{"address2", "street2", "address1line2", "streetaddress2", "addresstwo"}, types: []Type{String}},
	{role: RoleCity, headers: []string{"city", "billingcity", "mailingcity", "address1city"}, types: []Type{String}},
	{role: RolePostcode, headers: []string{"postalcode", "zip", "billingpostalcode", "mailingpostalcode", "address1postalcode"}},
	{role: RoleState, headers: []string{"state", "stateprovince", "stateregion", "billingstate", "mailingstate", "address1stateorprovince"}, types: []Type{String}},
	{role: RoleBirthDate, headers: []string{"birthdate", "dateofbirth", "birthday"}, types: timeTypes},
	{role: RoleLabel, headers: []string{"isconverted", "converted"}, objects: []Object{Lead}, types: []Type{Bool, Int, String}},
	{role: RoleLabel, headers: []string{"iswon", "won"}, objects: []Object{Opportunity}, types: []Type{Bool, Int, String}},
	{role: RoleLabel, headers: []string{"churned", "ischurned", "churn"}, objects: []Object{Account, Contact}, types: []Type{Bool, Int, String}},
}

// Roles lists every role in a stable order.
func Roles() []Role {
	var out []Role
	for _, d := range roleDefs {
		if !slices.Contains(out, d.role) {
			out = append(out, d.role)
		}
	}
	out = append(out, RoleOwnerRef)
	return out
}

// IsRole reports whether r is a known role.
func IsRole(r Role) bool { return slices.Contains(Roles(), r) }

// IsObject reports whether o is a known object type.
func IsObject(o Object) bool { return slices.Contains(Objects, o) }

// NormalizeHeader lower-cases a header and keeps only its letters and digits, so that
// "Lead Source", "lead_source" and "LeadSource" compare equal.
func NormalizeHeader(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// matchRole returns the role a normalized header names in a dataset of object type obj, and the
// header's rank (lower is stronger): the dictionary first, then the "<Entity> <field>" patterns.
func matchRole(h string, obj Object) (Role, int) {
	if e, rest, ok := headerEntity(h); ok && e == obj && (rest == "id" || rest == "number") {
		return RoleID, 0 // before the dictionary: "owner_id" is the id of a user
	}
	if r, rank := matchDict(h, obj); r != "" {
		return r, rank
	}
	return entityRole(h, obj)
}

// matchDict looks a normalized header up in the dictionary.
func matchDict(h string, obj Object) (Role, int) {
	for _, d := range roleDefs {
		if d.objects != nil && !slices.Contains(d.objects, obj) {
			continue
		}
		if i := slices.Index(d.headers, h); i >= 0 {
			return d.role, i
		}
	}
	return "", 0
}

// patternRank ranks the patterns' matches below every dictionary header.
const patternRank = 100

// entityRole names the role of a header "<Entity> <field>" that the dictionary does not know:
// on the dataset's own entity, its id or number is the record's id and any other field is the
// dictionary's ("Potential Owner", "Invoice Status", "Campaign Name", "Quote Stage"); on another
// entity, its id or name is a reference where the role exists ("Account Id" on an invoice, a
// "Product Name" on a line item) and nothing otherwise ("LEADID" on a deal).
func entityRole(h string, obj Object) (Role, int) {
	e, rest, ok := headerEntity(h)
	if !ok {
		return "", 0
	}
	if e != obj {
		if e == User && rest == "id" {
			return RoleOwner, patternRank + 10 // the user a record belongs to (Pardot's user_id)
		}
		if rest != "id" && rest != "name" {
			return "", 0
		}
		if r, rank := matchDict(entityRef[e]+rest, obj); r == RoleAccountRef || r == RoleProductRef {
			return r, patternRank + rank
		}
		return "", 0
	}
	switch rest {
	case "id", "number":
		return RoleID, patternRank
	}
	if r, rank := matchDict(rest, obj); r != "" {
		return r, patternRank + rank
	}
	return "", 0
}

// entityRef is the dictionary's word for a referenced entity ("company_id" is an account id).
var entityRef = map[Object]string{Account: "account", Product: "product"}

func roleDefFor(r Role, obj Object) *roleDef {
	for i, d := range roleDefs {
		if d.role == r && (d.objects == nil || slices.Contains(d.objects, obj)) {
			return &roleDefs[i]
		}
	}
	return nil
}

// DetectRoles sets the Role of every column of s that has none, from its header and the object
// type, confirmed by the column's type and, where it matters, by sample values (the first batch).
// A single-valued role goes to the strongest header; identifiers may be several. It returns the
// matches the values rejected, each with its reason.
func DetectRoles(s *Schema, sample *Batch, obj Object) []string {
	type cand struct{ col, rank int }
	best := map[Role]cand{}
	var rejected []string
	taken := map[Role]bool{}
	for _, c := range s.Columns {
		if c.Role != "" {
			taken[c.Role] = true
		}
	}
	for i := range s.Columns {
		c := &s.Columns[i]
		if c.Role != "" || c.Skipped != "" {
			continue
		}
		h, skip := headerKey(c.Name, obj)
		if skip != "" {
			c.Skipped = skip
			continue
		}
		r, rank := matchRole(h, obj)
		if r == "" {
			continue
		}
		if why := confirm(r, obj, c, vectorOf(sample, i)); why != "" {
			rejected = append(rejected, fmt.Sprintf("column %q: not %s: %s", c.Name, r, why))
			continue
		}
		if d := roleDefFor(r, obj); d != nil && d.many {
			c.Role, c.RoleSource = r, fmt.Sprintf("header %q", c.Name)
			continue
		}
		if taken[r] {
			continue
		}
		if b, ok := best[r]; !ok || rank < b.rank {
			best[r] = cand{i, rank}
		}
	}
	for r, b := range best {
		c := &s.Columns[b.col]
		c.Role, c.RoleSource = r, fmt.Sprintf("header %q", c.Name)
	}
	slices.Sort(rejected)
	return rejected
}

func vectorOf(b *Batch, i int) *Vector {
	if b == nil || i >= len(b.Cols) {
		return nil
	}
	return b.Cols[i]
}

// confirm returns why column c's values contradict role r, or "" when they agree.
func confirm(r Role, obj Object, c *Column, v *Vector) string {
	d := roleDefFor(r, obj)
	if d == nil {
		return ""
	}
	nonNull := 0
	if v != nil {
		for i := range v.Null {
			if !v.Null[i] {
				nonNull++
			}
		}
	}
	if nonNull == 0 {
		return "" // nothing to contradict the header
	}
	if d.types != nil && !slices.Contains(d.types, c.Type) {
		return fmt.Sprintf("values are %s, not %s (e.g. %q)", typeWord(c.Type), typeList(d.types), firstText(v))
	}
	switch r {
	case RoleEmail:
		at := 0
		for i, s := range v.Str {
			if !v.Null[i] && strings.Contains(s, "@") {
				at++
			}
		}
		if at*2 < nonNull {
			return fmt.Sprintf("only %d of %d values contain '@'", at, nonNull)
		}
	case RoleLabel, RoleDeleted:
		if c.Type == Int {
			for i, x := range v.Int {
				if !v.Null[i] && !v.Bad[i] && x != 0 && x != 1 {
					return fmt.Sprintf("values other than 0 and 1 (%d)", x)
				}
			}
		}
		if c.Type == String {
			for i, s := range v.Str {
				if _, ok := parseBool(s, false); !v.Null[i] && !ok {
					return fmt.Sprintf("values are not yes/no (%q)", s)
				}
			}
		}
	}
	return ""
}

func typeWord(t Type) string {
	switch t {
	case Time:
		return "dates"
	case Int, Float:
		return "numbers"
	case Bool:
		return "yes/no values"
	}
	return "text"
}

func typeList(ts []Type) string {
	var words []string
	for _, t := range ts {
		if w := typeWord(t); !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	return strings.Join(words, " or ")
}

func firstText(v *Vector) string {
	for i := range v.Null {
		if !v.Null[i] {
			return v.Text(i)
		}
	}
	return ""
}

// headerType returns the type a header implies when its role takes one kind of value (dates for
// "CreatedDate"), for columns with no values to infer a type from.
func headerType(name string) (Type, bool) {
	h := vendorKey(name)
	for _, d := range roleDefs {
		if len(d.types) == 1 && slices.Contains(d.headers, h) && d.types[0] != String {
			return d.types[0], true
		}
	}
	return 0, false
}
