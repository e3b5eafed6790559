package checks

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// NormalizeEmail trims and lower-cases an email address.
func NormalizeEmail(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// NormalizePhone returns a phone number in E.164 form ("+14155550142"), reading national numbers
// in region (an ISO 3166 code such as "US"); ok is false when the text is not a possible phone
// number. Numbers written in international form ("+44 (0)20 7946 0000") and North American
// numbers in a US or CA region take a fast path that gives libphonenumber's result without its
// cost (13.6 µs a number measured here); the rest go through nyaruka/phonenumbers.
func NormalizePhone(s, region string) (string, bool) {
	if e, ok, decided := fastPhone(s, region); decided {
		return e, ok
	}
	n, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// fastPhone handles the shapes whose E.164 form needs no metadata; decided is false for the
// others.
func fastPhone(s, region string) (e164 string, ok, decided bool) {
	s = strings.TrimSpace(s)
	var digits [20]byte
	n := 0
	plus := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(digits) {
				return "", false, false
			}
			digits[n] = c
			n++
		case c == '+' && n == 0 && !plus:
			plus = true
		case c == '(' && plus && strings.HasPrefix(s[i:], "(0)"):
			i += 2 // "+44 (0)20": the national trunk prefix is not dialled from abroad
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/':
		default:
			return "", false, false // letters (extensions, vanity numbers): let the library decide
		}
	}
	d := string(digits[:n])
	switch {
	case plus:
		if n < 8 || n > 15 || d[0] == '0' {
			return "", false, false
		}
		return "+" + d, true, true
	case region == "US" || region == "CA":
		if n == 11 && d[0] == '1' {
			d, n = d[1:], 10
		}
		if n == 10 && d[0] >= '2' && d[3] >= '2' {
			return "+1" + d, true, true
		}
	}
	return "", false, false
}

// legalSuffixes are the company-form words removed from the end of a company name.
var legalSuffixes = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "llp": true, "lp": true, "pllc": true, "ltd": true,
	"limited": true, "corp": true, "corporation": true, "co": true, "company": true, "plc": true,
	"gmbh": true, "ag": true, "kg": true, "ug": true, "ev": true, "sa": true, "sas": true, "sarl": true,
	"spa": true, "srl": true, "nv": true, "bv": true, "oy": true, "oyj": true, "ab": true, "as": true,
	"asa": true, "aps": true, "pty": true, "kk": true, "sl": true, "sau": true, "se": true,
}

// newFold returns a transformer that decomposes, drops accents, folds case and recomposes. A
// transformer keeps state, so each use takes a new one (goroutines fold at the same time).
func newFold() transform.Transformer {
	return transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), cases.Fold(), norm.NFKC)
}

// NormalizeCompany reduces a company name to a key: accents and case folded, punctuation
// removed, legal forms at the end (Inc, LLC, Ltd, GmbH, S.A., N.V., B.V., PLC, Corp ...) and a
// leading "the" dropped. "The Acme Corp." and "ACME, Inc" give "acme".
func NormalizeCompany(s string) string {
	folded := foldText(s)
	// Dotted abbreviations ("S.A.", "N.V.") become words ("sa", "nv") before splitting.
	words := strings.FieldsFunc(strings.ReplaceAll(folded, ".", ""), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&'
	})
	for len(words) > 1 && (legalSuffixes[words[len(words)-1]] || words[len(words)-1] == "&") {
		words = words[:len(words)-1] // "GmbH & Co. KG" goes word by word
	}
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// foldText folds case and removes accents; ASCII text takes a fast path.
func foldText(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			folded, _, err := transform.String(newFold(), s)
			if err != nil {
				return strings.ToLower(s)
			}
			return folded
		}
	}
	return strings.ToLower(s)
}

// NormalizeName reduces a person's name to a key: case and accents folded, punctuation removed,
// spaces collapsed ("O'Brien,  Mary-Jane" -> "obrien mary jane").
func NormalizeName(s string) string {
	words := strings.FieldsFunc(strings.ReplaceAll(foldText(s), "'", ""), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(words, " ")
}

// freeMail are email domains that say nothing about a person's company.
var freeMail = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "yahoo.com": true, "yahoo.co.uk": true, "yahoo.fr": true,
	"hotmail.com": true, "hotmail.co.uk": true, "hotmail.fr": true, "outlook.com": true, "live.com": true,
	"msn.com": true, "aol.com": true, "icloud.com": true, "me.com": true, "mac.com": true, "gmx.de": true,
	"gmx.net": true, "web.de": true, "t-online.de": true, "orange.fr": true, "free.fr": true, "laposte.net": true,
	"mail.ru": true, "yandex.ru": true, "qq.com": true, "163.com": true, "126.com": true, "proton.me": true,
	"protonmail.com": true, "zoho.com": true, "fastmail.com": true, "libero.it": true, "rediffmail.com": true,
}

// IsFreeMail reports whether an email domain is a free-mail provider's.
func IsFreeMail(domain string) bool { return freeMail[strings.ToLower(domain)] }

// DomainOfWebsite returns the host of a website value ("https://www.Acme.com/about" -> "acme.com").
func DomainOfWebsite(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "www."), ".")
	return s
}

// DomainOfEmail returns the domain of a work email, or "" for free-mail and malformed addresses.
func DomainOfEmail(s string) string {
	s = NormalizeEmail(s)
	at := strings.LastIndexByte(s, '@')
	if at < 0 || at == len(s)-1 {
		return ""
	}
	d := s[at+1:]
	if freeMail[d] {
		return ""
	}
	return d
}

// appendName appends NormalizeName(s) to dst, without allocating for ASCII text.
func appendName(dst []byte, s string) []byte {
	if !isASCII(s) {
		return append(dst, NormalizeName(s)...)
	}
	start, inWord := len(dst), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
		case isAlnum(c):
			if !inWord && len(dst) > start {
				dst = append(dst, ' ')
			}
			dst = append(dst, lowerByte(c))
			inWord = true
		default:
			inWord = false
		}
	}
	return dst
}

// appendCompany appends NormalizeCompany(s) to dst, without allocating for ASCII text: one pass
// writes the words lower-cased with their dots dropped, then legal forms are cut from the end and
// a leading "the" from the start.
func appendCompany(dst []byte, s string) []byte {
	if !isASCII(s) {
		return append(dst, NormalizeCompany(s)...)
	}
	start := len(dst)
	var words [24]int // where each word starts in dst
	n := 0
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			// dropped: "S.A." is the word "sa", and a word of dots is no word
		case isAlnum(c) || c == '&':
			if !inWord {
				if n == len(words) {
					return append(dst[:start], NormalizeCompany(s)...)
				}
				if n > 0 {
					dst = append(dst, ' ')
				}
				words[n] = len(dst)
				n++
				inWord = true
			}
			dst = append(dst, lowerByte(c))
		default:
			inWord = false
		}
	}
	for n > 1 {
		w := dst[words[n-1]:]
		if !legalSuffixes[string(w)] && string(w) != "&" {
			break
		}
		n--
		dst = dst[:words[n]-1] // the word and the space before it
	}
	if n > 1 && string(dst[words[0]:words[1]-1]) == "the" {
		dst = append(dst[:start], dst[words[1]:]...)
	}
	return dst
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
