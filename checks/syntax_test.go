package checks

import "testing"

func TestValidEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"jane@acme.com": true, "jane.doe+crm@shop.acme.co.uk": true, " jane@acme.com ": true, "o'brien@acme.ie": true,
		"jöns@müller.de": true, "x@xn--mller-kva.de": true,
		"jane": false, "jane@": false, "@acme.com": false, "jane@acme": false, "jane@@acme.com": false, "ja ne@acme.com": false,
		"jane.@acme.com": false, ".jane@acme.com": false, "ja..ne@acme.com": false, "jane@acme.c": false, "jane@acme.c0m": false,
		"jane@-acme.com": false, "jane@acme..com": false, "jane@acme.com.": false,
	} {
		if got := ValidEmail(s); got != want {
			t.Errorf("ValidEmail(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestValidWebsite(t *testing.T) {
	for s, want := range map[string]bool{
		"acme.com": true, "https://www.acme.com/about?x=1": true, "http://acme.co.uk:8080": true, "WWW.ACME.COM": true,
		"acme": false, "ftp://acme.com": false, "www.acme .com": false, "http://": false, "n/a": false,
	} {
		if got := ValidWebsite(s); got != want {
			t.Errorf("ValidWebsite(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCountry(t *testing.T) {
	for s, want := range map[string]string{
		"India": "IN", "united states": "US", "USA": "US", "U.S.": "US", "DEU": "DE", "de": "DE", "United Kingdom": "GB",
		"UK": "GB", "Côte d’Ivoire": "CI", "the Netherlands": "NL", "Deutschland": "DE", "Asia/Pacific Region": "", "unknown": "",
	} {
		got, ok := Country(s)
		if got != want || ok != (want != "") {
			t.Errorf("Country(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
}
