package checks

import (
	"strings"
	"sync"
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
// number (libphonenumber's IsPossibleNumber: the length fits the country, the area code need not
// be assigned). An extension ("x123", "ext. 45", "#9") is dropped, as E.164 has none. North
// American numbers (any area code, written nationally in a US or CA region or as +1), +44 and +49
// numbers and blanks take a fast path that gives libphonenumber's result without its cost (15 µs
// a number measured here, 0.1 µs on the fast path); the rest go through nyaruka/phonenumbers.
func NormalizePhone(s, region string) (string, bool) {
	if e, ok, decided := fastPhone(s, region); decided {
		return e, ok
	}
	return libPhone(s, region)
}

// libPhone is NormalizePhone without the fast path.
func libPhone(s, region string) (string, bool) {
	n, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// fastPhone decides the shapes whose libphonenumber result needs no metadata beyond the North
// American, British and German lengths; decided is false for the others. TestFastPhoneCorpus holds it to
// the library's answer.
func fastPhone(s, region string) (e164 string, ok, decided bool) {
	s, ext, good := splitPhone(s)
	if !good {
		return "", false, false
	}
	e164, ok, decided = fastMain(s, region)
	if ext && (!decided || !ok) {
		// The library keeps an extension's digits when the number before it is not viable.
		return "", false, false
	}
	return e164, ok, decided
}

// splitPhone trims what libphonenumber ignores before a number (quotes, brackets and
// punctuation before the first digit or plus; nothing is trimmed at the end) and cuts a trailing
// extension ("x123", "ext. 45", "extension 7", "#9", any case); good is false for any other
// letter or symbol before the number.
func splitPhone(s string) (main string, ext, good bool) {
	lo := 0
	for lo < len(s) && s[lo] != '+' && !isDigit(s[lo]) {
		if !phoneSep(s[lo]) && s[lo] != '"' {
			return "", false, false
		}
		lo++
	}
	s = s[lo:]
	k := len(s)
	for k > 0 && isDigit(s[k-1]) {
		k--
	}
	if k == len(s) || len(s)-k > 9 {
		return s, false, true // ends in no digits (or is empty), or too many for an extension: decided below
	}
	j := k
	for j > 0 && s[j-1] == ' ' {
		j--
	}
	if j > 0 && (s[j-1] == '.' || s[j-1] == ':') {
		j--
	}
	for _, label := range [...]string{"extension", "extn", "ext", "x", "#"} {
		if j >= len(label) && strings.EqualFold(s[j-len(label):j], label) {
			return s[:j-len(label)], true, true
		}
	}
	return s, false, true
}

// phoneSep reports whether c is punctuation libphonenumber ignores between digits.
func phoneSep(c byte) bool {
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// fastMain decides a number made of digits, punctuation and a leading plus.
func fastMain(s, region string) (e164 string, ok, decided bool) {
	var digits [20]byte
	n := 0
	plus, quote, trunk := false, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			if n == len(digits) {
				return "", false, false
			}
			digits[n] = c
			n++
		case c == '+' && n == 0 && !plus:
			plus = true
		case c == '(' && plus && string(digits[:n]) == "44" && strings.HasPrefix(s[i:], "(0)"):
			i += 2 // "+44 (0)20": the British trunk prefix is not dialled from abroad
			trunk = true
		case phoneSep(c):
		case c == '"':
			quote = true
		default:
			return "", false, false
		}
	}
	if quote {
		return "", false, true // a quote inside a number: not a viable number, whatever its digits
	}
	d := string(digits[:n])
	nanp := region == "US" || region == "CA"
	switch {
	case n == 0:
		return "", false, true // no digit at all: not a number
	case plus && n == 11 && d[0] == '1':
		return "+" + d, true, true // any area code: possible, if not valid
	case plus && n == 12 && d[:2] == "44" && d[2] != '0':
		return "+" + d, true, true
	case plus && !trunk && n >= 4:
		// +1, +44 and +49 with a national number starting 2-9: no prefix to strip, so only
		// the length decides.
		for _, cc := range [...]string{"1", "44", "49"} {
			if strings.HasPrefix(d, cc) && d[len(cc)] >= '2' {
				if nationalLengths()[cc][n-len(cc)] {
					return "+" + d, true, true
				}
				return "", false, true
			}
		}
	case plus:
	case nanp && n <= 6:
		return "", false, true // too short even for a local number
	case nanp && d[:3] == "011":
		// North America's international prefix: "011 44 ..." dials abroad, left to the library
	case nanp && n == 10:
		return "+1" + d, true, true
	case nanp && n == 11 && d[0] == '1' && d[1] == '1':
		return "", false, true // the library reads both ones as prefixes and is left with 9 digits
	case nanp && n == 11 && d[0] == '1':
		return "+" + d, true, true
	}
	return "", false, false
}

// nationalLengths says, per country code the fast path reads, which lengths of national number
// libphonenumber finds possible (for numbers with no national prefix to strip); it asks the
// library once, so that its metadata stays the reference.
var nationalLengths = sync.OnceValue(func() map[string][21]bool {
	out := map[string][21]bool{}
	for _, cc := range []string{"1", "44", "49"} {
		var possible [21]bool
		for l := range possible {
			_, possible[l] = libPhone("+"+cc+strings.Repeat("2", l), "")
		}
		out[cc] = possible
	}
	return out
})

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
