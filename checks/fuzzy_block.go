package checks

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/zeebo/xxh3"
)

// Blocking: only records that share a blocking key are compared. Each record gets several keys
// (the union of their candidate pairs is compared), each from values a duplicate usually keeps
// intact even when others are mistyped:
//
//   - name: the Soundex code of the last name and the first letter of the first name;
//   - name2: the Soundex code of the first name and the first letter of the last name;
//   - email: the email's local part ("jon.smith" at any domain);
//   - phone: the last seven digits of the phone number;
//   - birth: the birth date;
//   - address: the postcode and the street number;
//   - street: the first two words of the street and the first two letters of the city;
//   - company: for people, the company with the first letter of the last name; for businesses,
//     each word of the name of three letters or more;
//   - domain: the web domain (for people, with the first letter of the last name).
//
// A key shared by at most maxBlock records compares all their pairs. A larger block (a common
// surname, a big company) is sorted by name and each record is compared with the next window
// records (sorted neighbourhood), so the cost stays linear in the number of records.
const (
	maxBlock = 40
	window   = 10
)

// blockEntry is one record's key.
type blockEntry struct {
	h uint64
	k uint32 // index in the store
}

// blockStats describes the candidate pairs blocking proposed.
type blockStats struct {
	keys     int   // keys made
	blocks   int   // keys shared by two records or more
	large    int   // blocks compared by sorted neighbourhood
	proposed int64 // pairs proposed, before removing those proposed by several keys
	distinct int64 // pairs proposed, each once
}

// candidates returns the pairs of store indexes (i < j, packed as i<<32|j) that share a
// blocking key, sorted and without repeats.
func (t *fuzzyTier) candidates() ([]uint64, blockStats) {
	var st blockStats
	var entries []blockEntry
	var km keyMaker
	for k := range t.store.len() {
		v := t.store.values(k)
		for _, key := range km.keys(&v, t.person) {
			entries = append(entries, blockEntry{xxh3.Hash(key), uint32(k)})
		}
	}
	st.keys = len(entries)
	slices.SortFunc(entries, func(a, b blockEntry) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.k, b.k)) })
	var pairs []uint64
	var group []uint32
	for lo := 0; lo < len(entries); {
		hi := lo + 1
		for hi < len(entries) && entries[hi].h == entries[lo].h {
			hi++
		}
		group = group[:0]
		for _, e := range entries[lo:hi] {
			if len(group) == 0 || group[len(group)-1] != e.k {
				group = append(group, e.k)
			}
		}
		lo = hi
		if len(group) < 2 {
			continue
		}
		st.blocks++
		if len(group) <= maxBlock {
			for a := range group {
				for b := a + 1; b < len(group); b++ {
					pairs = append(pairs, pack(group[a], group[b]))
				}
			}
			continue
		}
		st.large++
		sorted := make([]sortable, len(group))
		for i, k := range group {
			sorted[i] = sortable{k, t.sortKey(k)}
		}
		slices.SortFunc(sorted, func(a, b sortable) int { return cmp.Or(bytes.Compare(a.key, b.key), cmp.Compare(a.k, b.k)) })
		for i := range sorted {
			group[i] = sorted[i].k
		}
		for a := range group {
			for b := a + 1; b < min(len(group), a+1+window); b++ {
				pairs = append(pairs, pack(group[a], group[b]))
			}
		}
	}
	st.proposed = int64(len(pairs))
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	st.distinct = int64(len(pairs))
	return pairs, st
}

type sortable struct {
	k   uint32
	key []byte
}

func pack(a, b uint32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(b)
}

func unpack(p uint64) (a, b int) { return int(p >> 32), int(uint32(p)) }

// sortKey is what records of a large block are sorted by: the last and first name, or the
// company.
func (t *fuzzyTier) sortKey(k uint32) []byte {
	v := t.store.values(int(k))
	if len(v[fLast]) > 0 {
		return append(append(append([]byte{}, v[fLast]...), ' '), v[fFirst]...)
	}
	return v[fCompany]
}

// keyMaker makes blocking keys, reusing its storage from one record to the next.
type keyMaker struct {
	buf  []byte
	list [][]byte
}

// keys returns a record's keys, each prefixed by its kind so that kinds never collide; they are
// valid until the next call.
func (km *keyMaker) keys(v *fuzzyValues, person bool) [][]byte {
	buf, keys := km.buf[:0], km.list[:0]
	var starts [32]int
	n := 0
	mark := func(start int) {
		if n < len(starts) {
			starts[n] = start
			n++
		}
	}
	initial := func(w []byte) byte {
		if len(w) == 0 {
			return '_'
		}
		return w[0]
	}
	first, last := v[fFirst], v[fLast]
	if len(last) > 0 {
		s := len(buf)
		buf = soundex(append(buf, 'n'), last)
		buf = append(buf, initial(first))
		mark(s)
	}
	if len(first) > 0 && len(last) > 0 {
		s := len(buf)
		buf = soundex(append(buf, 'm'), first)
		buf = append(buf, initial(last))
		mark(s)
	}
	if e := v[fEmail]; len(e) > 0 {
		if at := bytes.LastIndexByte(e, '@'); at >= 3 {
			s := len(buf)
			buf = append(append(buf, 'e'), e[:at]...)
			mark(s)
		}
	}
	if p := v[fPhone]; len(p) >= 7 {
		s := len(buf)
		buf = append(append(buf, 'p'), p[len(p)-7:]...)
		mark(s)
	}
	if d := v[fBirth]; len(d) >= 6 {
		s := len(buf)
		buf = append(append(buf, 'b'), d...)
		mark(s)
	}
	if pc, no := v[fPostcode], v[fStreetNo]; len(pc) > 0 && len(no) > 0 {
		s := len(buf)
		buf = append(append(append(append(buf, 'a'), pc...), '|'), no...)
		mark(s)
	}
	if st := v[fStreet]; len(st) > 0 {
		s := len(buf)
		buf = append(buf, 's')
		n := 0
		for w := range words(st) {
			if n == 2 {
				break
			}
			buf = append(append(buf, w...), ' ')
			n++
		}
		c := v[fCity]
		buf = append(append(buf, '|'), c[:min(2, len(c))]...)
		mark(s)
	}
	if c := v[fCompany]; person && len(c) > 0 {
		s := len(buf)
		buf = append(append(append(append(buf, 'c'), c...), '|'), initial(last))
		mark(s)
	} else {
		for w := range words(c) {
			if len(w) < 3 {
				continue
			}
			s := len(buf)
			buf = append(append(buf, 'c'), w...)
			mark(s)
		}
	}
	if d := v[fDomain]; len(d) > 0 {
		s := len(buf)
		buf = append(append(buf, 'd'), d...)
		if person {
			buf = append(buf, '|', initial(last))
		}
		mark(s)
	}
	for i := range n {
		end := len(buf)
		if i+1 < n {
			end = starts[i+1]
		}
		keys = append(keys, buf[starts[i]:end])
	}
	km.buf, km.list = buf, keys
	return keys
}
