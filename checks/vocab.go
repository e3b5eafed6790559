package checks

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/crmready/crmready/extract"
)

// vocabularies are the standard values of common picklists, used to spot misspellings
// ("technolgy" for Technology) when a column has no list of allowed values in the config. A
// value that is simply not in the vocabulary is not flagged: companies extend these lists.
var vocabularies = map[extract.Role][]string{
	// Salesforce's standard Industry picklist.
	extract.RoleIndustry: {"Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications",
		"Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering", "Entertainment",
		"Environmental", "Finance", "Food & Beverage", "Government", "Healthcare", "Hospitality", "Insurance",
		"Machinery", "Manufacturing", "Media", "Not For Profit", "Recreation", "Retail", "Shipping",
		"Technology", "Telecommunications", "Transportation", "Utilities", "Software", "Marketing", "Medical",
		"Services", "Real Estate", "Pharmaceuticals", "Automotive", "Aerospace", "Logistics", "Legal"},
	// Salesforce's default Lead Source values and common additions.
	extract.RoleLeadSource: {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other", "Advertisement",
		"Employee Referral", "External Referral", "Partner", "Public Relations", "Seminar - Internal",
		"Seminar - Partner", "Trade Show", "Word of mouth", "Referral", "Google", "Organic Search", "Direct Traffic",
		"Email", "Social Media", "Webinar", "Event", "Cold Call", "LinkedIn", "Facebook"},
	// Salesforce's default opportunity stages.
	extract.RoleStage: {"Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
		"Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost",
		"Engaging", "Won", "Lost", "Proposal", "Negotiation", "Discovery", "Demo"},
}

var (
	countriesOnce sync.Once
	countries     map[string]string // normalized name or code -> ISO 3166 alpha-2
)

// countryAliases are names people write that are not the English display names.
var countryAliases = map[string]string{
	"usa": "US", "us": "US", "u s": "US", "u s a": "US", "united states of america": "US", "america": "US",
	"uk": "GB", "u k": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
	"wales": "GB", "northern ireland": "GB", "holland": "NL", "the netherlands": "NL", "deutschland": "DE",
	"korea": "KR", "republic of korea": "KR", "russian federation": "RU", "czech republic": "CZ",
	"ivory coast": "CI", "uae": "AE", "viet nam": "VN", "espana": "ES", "brasil": "BR", "schweiz": "CH",
	"suisse": "CH", "osterreich": "AT", "italia": "IT", "nederland": "NL", "belgique": "BE", "belgie": "BE",
	"hong kong sar china": "HK", "macao sar china": "MO", "turkiye": "TR", "burma": "MM",
}

// Country returns the ISO 3166 alpha-2 code of a country written as a name (in English, with
// common aliases) or an ISO code (alpha-2, alpha-3); ok is false when it is not recognised.
func Country(s string) (string, bool) {
	countriesOnce.Do(loadCountries)
	code, ok := countries[NormalizeName(s)]
	return code, ok
}

func loadCountries() {
	countries = map[string]string{}
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() {
				continue
			}
			r = r.Canonicalize()
			code := r.String()
			countries[strings.ToLower(code)] = code
			countries[strings.ToLower(r.ISO3())] = code
			if n := names.Name(r); n != "" {
				countries[NormalizeName(n)] = code
			}
		}
	}
	for alias, code := range countryAliases {
		countries[alias] = code
	}
}
