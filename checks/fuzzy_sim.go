package checks

// String similarity for the fuzzy duplicate tier, on the normalized bytes the tier stores
// (lower-case words separated by single spaces). Jaro-Winkler is go-edlib's textbook definition
// (JaroWinklerSimilarity), rewritten on bytes without allocating: go-edlib converts both strings
// to runes and allocates per call (344 ns and 2 allocations a name pair on this machine, against
// 87 ns and none; BenchmarkJaroWinkler), and the tier compares millions of pairs. A test holds
// the two equal on generated names.

// jaroWinkler returns the Jaro-Winkler similarity of a and b (0..1): Jaro's matching characters
// and transpositions, raised for a common prefix of up to four characters (scaling 0.1).
func jaroWinkler(a, b []byte) float64 {
	j := jaro(a, b)
	if j == 0 || j == 1 {
		return j
	}
	prefix := 0
	for prefix < min(len(a), len(b), 4) && a[prefix] == b[prefix] {
		prefix++
	}
	return j + 0.1*float64(prefix)*(1-j)
}

// jaro returns the Jaro similarity of a and b. Strings longer than 255 bytes compare by their
// first 255 (the tier stores no longer values).
func jaro(a, b []byte) float64 {
	a, b = a[:min(len(a), 255)], b[:min(len(b), 255)]
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if string(a) == string(b) {
		return 1
	}
	var ma, mb [255]bool
	window := max(len(a), len(b))/2 - 1
	match := 0
	for i := range a {
		for j := max(0, i-window); j < min(len(b), i+window+1); j++ {
			if a[i] == b[j] && !mb[j] {
				ma[i], mb[j] = true, true
				match++
				break
			}
		}
	}
	if match == 0 {
		return 0
	}
	t, p := 0, 0
	for i := range a {
		if !ma[i] {
			continue
		}
		for !mb[p] {
			p++
		}
		if a[i] != b[p] {
			t++
		}
		p++
	}
	m := float64(match)
	return (m/float64(len(a)) + m/float64(len(b)) + (m-float64(t)/2)/m) / 3
}

// tokenSimilarity compares two texts word by word (Monge-Elkan, made symmetric): each word
// takes the Jaro-Winkler similarity of its best match among the other text's words, and the
// result is the mean of the two directions' averages. Word order does not matter ("ritz-carlton
// cafe" and "cafe ritz carlton" agree) and an extra word costs only its share.
func tokenSimilarity(a, b []byte) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if string(a) == string(b) {
		return 1
	}
	return (mongeElkan(a, b) + mongeElkan(b, a)) / 2
}

// containment is tokenSimilarity weighted toward the better direction: a name whose words all
// appear in the other ("four seasons" in "four seasons grill room") scores high.
func containment(a, b []byte) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if string(a) == string(b) {
		return 1
	}
	x, y := mongeElkan(a, b), mongeElkan(b, a)
	return (2*max(x, y) + min(x, y)) / 3
}

// mongeElkan averages, over the words of a, the best Jaro-Winkler similarity to a word of b.
func mongeElkan(a, b []byte) float64 {
	sum, n := 0.0, 0
	for wa := range words(a) {
		best := 0.0
		for wb := range words(b) {
			if s := jaroWinkler(wa, wb); s > best {
				best = s
				if s == 1 {
					break
				}
			}
		}
		sum += best
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// words yields the space-separated words of s.
func words(s []byte) func(yield func([]byte) bool) {
	return func(yield func([]byte) bool) {
		start := 0
		for i := 0; i <= len(s); i++ {
			if i == len(s) || s[i] == ' ' {
				if i > start && !yield(s[start:i]) {
					return
				}
				start = i + 1
			}
		}
	}
}

// editsAtMostOne reports whether a and b differ by at most one substituted character or one
// transposition of neighbours (equal length): typing slips in a postcode or a birth date.
func editsAtMostOne(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	diff := -1
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if diff >= 0 {
			// a second difference: only a transposition of the two neighbours is allowed
			return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && string(a[i+1:]) == string(b[i+1:])
		}
		diff = i
	}
	return true
}

// soundex appends the American Soundex code of a word (letter and three digits, "robert" ->
// "r163") to dst; nothing for a word without letters. Non-letters are skipped.
func soundex(dst []byte, w []byte) []byte {
	const codes = "01230120022455012623010202" // a..z
	start := len(dst)
	var last byte
	for _, c := range w {
		if c < 'a' || c > 'z' {
			continue
		}
		code := codes[c-'a']
		if len(dst) == start {
			dst = append(dst, c)
			last = code
			continue
		}
		switch {
		case c == 'h' || c == 'w': // do not separate equal codes
		case code == '0':
			last = 0
		case code != last:
			dst = append(dst, code)
			last = code
		}
		if len(dst)-start == 4 {
			return dst
		}
	}
	if len(dst) == start {
		return dst
	}
	for len(dst)-start < 4 {
		dst = append(dst, '0')
	}
	return dst
}
