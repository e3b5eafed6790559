package checks

import (
	"strings"
	"unicode/utf8"
)

// ValidEmail reports whether s is a syntactically valid email address: one '@', a local part of
// at most 64 of the characters RFC 5322 allows unquoted (no leading, trailing or doubled dot),
// and a domain of dot-separated labels ending in a top-level domain of two or more letters.
func ValidEmail(s string) bool {
	s = strings.TrimSpace(s)
	at := strings.IndexByte(s, '@')
	if at < 1 || at > 64 || len(s) > 254 || strings.IndexByte(s[at+1:], '@') >= 0 {
		return false
	}
	local := s[:at]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !(isAlnum(c) || strings.IndexByte("!#$%&'*+/=?^_`{|}~.-", c) >= 0 || c >= utf8.RuneSelf) {
			return false
		}
	}
	return ValidDomain(s[at+1:])
}

// ValidDomain reports whether s is a well-formed host name with a top-level domain:
// "acme.com", "shop.acme.co.uk", "xn--mller-kva.de", "müller.de".
func ValidDomain(s string) bool {
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	labels, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			if c := s[i]; !(isAlnum(c) || c == '-' || c >= utf8.RuneSelf) {
				return false
			}
			continue
		}
		l := s[start:i]
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		labels++
		start = i + 1
	}
	if labels < 2 {
		return false
	}
	tld := s[strings.LastIndexByte(s, '.')+1:]
	if strings.HasPrefix(tld, "xn--") {
		return true
	}
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if c := tld[i]; c < utf8.RuneSelf && !(c|0x20 >= 'a' && c|0x20 <= 'z') {
			return false
		}
	}
	return true
}

// ValidWebsite reports whether s is a web address: an optional http(s) scheme, a valid host,
// and nothing that cannot be in a URL (spaces).
func ValidWebsite(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t") {
		return false
	}
	if i := strings.Index(s, "://"); i >= 0 {
		if scheme := strings.ToLower(s[:i]); scheme != "http" && scheme != "https" {
			return false
		}
	}
	return ValidDomain(DomainOfWebsite(s))
}

func isAlnum(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' }
