package checks

import (
	"bytes"
	"cmp"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/zeebo/xxh3"
)

// Blocking: only records that share a blocking key are compared. Each record gets several keys
// (the union of their candidate pairs is compared), each from values a duplicate usually keeps
// intact even when others are mistyped:
//
//   - name: the Soundex code of the last name and the first letter of the first name;
//   - name2: the Soundex code of the first name and the first letter of the last name (first
//     names by their full form: Bob as Robert), of the same kind as name, so that a record
//     meets its copy with first and last name swapped;
//   - email: the email's local part ("jon.smith" at any domain);
//   - phone: the last seven digits of the phone number;
//   - birth: the birth date; the Soundex code of the last name and the year of birth; the first
//     two letters of the first name and the year of birth (the other name missing or changed);
//   - postcode: the Soundex code of the last name, and of the first name, with the postcode's
//     district (all but its last three characters, at least three: "tq13 8df", "606" of 60623);
//   - address: the postcode and the street number;
//   - street: the first two words of the street and the first two letters of the city;
//   - company: for people, the company with the first letter of the last name; for businesses,
//     each word of the name of three letters or more;
//   - domain: the web domain (for people, with the first letter of the last name);
//   - account: for people, the account they belong to with the first letter of the last name.
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
	h    uint64
	k    uint32 // index in the store
	kind byte   // the key's kind: its first byte
}

// blockStats describes the candidate pairs blocking proposed.
type blockStats struct {
	keys     int   // keys made
	blocks   int   // keys shared by two records or more
	large    int   // blocks compared by sorted neighbourhood
	proposed int64 // pairs proposed, before removing those proposed by several keys
	distinct int64 // pairs proposed, each once
}

// Blocking runs on every worker: records' keys go to key buckets by their hash, each bucket's
// blocks propose pairs into parts by their lower record, and each part is sorted and stripped of
// repeats. Parts keep a record's pairs together and in order, and let scoring balance its work.
const (
	keyBuckets = 64
	pairParts  = 64
)

// candidates returns the pairs of store indexes (i < j, packed as i<<32|j) that share a
// blocking key, in parts by the range of i: each part sorted and without repeats, the parts in
// order.
func (t *fuzzyTier) candidates() ([][]uint64, blockStats) {
	n, workers := t.store.len(), max(1, t.workers)
	// Keys, by bucket.
	keyed := make([][keyBuckets][]blockEntry, workers) // per share of the records
	parallel(workers, workers, func(_, c int) {
		var km keyMaker
		for k := c * n / workers; k < (c+1)*n/workers; k++ {
			v := t.store.values(k)
			for _, key := range km.keys(&v, t.person) {
				h := xxh3.Hash(key)
				keyed[c][h>>58] = append(keyed[c][h>>58], blockEntry{h, uint32(k), key[0]})
			}
		}
	})
	// Pairs, by part, per worker; blocks never span buckets.
	parts := make([][pairParts][]uint64, workers)
	stats := make([]blockStats, workers)
	part := func(a uint32) int { return int(uint64(a) * pairParts / uint64(n)) }
	parallel(keyBuckets, workers, func(w, bucket int) {
		var entries []blockEntry
		for i := range keyed {
			entries = append(entries, keyed[i][bucket]...)
			keyed[i][bucket] = nil
		}
		t.propose(entries, &stats[w], func(p uint64) {
			i := part(uint32(p >> 32))
			parts[w][i] = append(parts[w][i], p)
		})
	})
	var st blockStats
	for _, s := range stats {
		st.keys, st.blocks, st.large, st.proposed = st.keys+s.keys, st.blocks+s.blocks, st.large+s.large, st.proposed+s.proposed
	}
	out := make([][]uint64, pairParts)
	parallel(pairParts, workers, func(_, i int) {
		var pairs []uint64
		for w := range parts {
			pairs = append(pairs, parts[w][i]...)
			parts[w][i] = nil
		}
		slices.Sort(pairs)
		out[i] = slices.Clip(slices.Compact(pairs))
	})
	for _, p := range out {
		st.distinct += int64(len(p))
	}
	return out, st
}

// propose proposes the pairs of the blocks among entries (the keys of one bucket): every pair
// of a block of at most maxBlock records, each record with the next window ones, sorted, in a
// larger block.
func (t *fuzzyTier) propose(entries []blockEntry, st *blockStats, emit func(uint64)) {
	st.keys += len(entries)
	slices.SortFunc(entries, func(a, b blockEntry) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.k, b.k)) })
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
		kind := entries[lo].kind
		lo = hi
		if len(group) < 2 {
			continue
		}
		st.blocks++
		if len(group) <= maxBlock {
			for a := range group {
				for b := a + 1; b < len(group); b++ {
					emit(pack(group[a], group[b]))
					st.proposed++
				}
			}
			continue
		}
		st.large++
		sorted := make([]sortable, len(group))
		for i, k := range group {
			sorted[i] = sortable{k, t.sortKey(k, kind)}
		}
		slices.SortFunc(sorted, func(a, b sortable) int { return cmp.Or(bytes.Compare(a.key, b.key), cmp.Compare(a.k, b.k)) })
		for i := range sorted {
			group[i] = sorted[i].k
		}
		for a := range group {
			for b := a + 1; b < min(len(group), a+1+window); b++ {
				emit(pack(group[a], group[b]))
				st.proposed++
			}
		}
	}
}

// parallel calls f(w, i) for i in 0..n-1 on the given number of workers (w is the worker's
// number) and returns when all calls have.
func parallel(n, workers int, f func(w, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range min(workers, n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(w, i)
			}
		})
	}
	wg.Wait()
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

// sortKey is what records of a large block are sorted by: what the block's key does not hold
// first, so that a record and its misspelt copy sort together. A block of last names (name)
// sorts by first name, then last; the others by last name, then first; businesses by name.
func (t *fuzzyTier) sortKey(k uint32, kind byte) []byte {
	v := t.store.values(int(k))
	a, b := v[fLast], v[fFirst]
	if kind == 'n' {
		a, b = b, a
	}
	if len(a)+len(b) > 0 {
		return append(append(append([]byte{}, a...), ' '), b...)
	}
	return append([]byte{}, v[fCompany]...)
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
	first, last := canonicalGiven(v[fFirst]), v[fLast] // Bob blocks with Robert
	if len(last) > 0 {
		s := len(buf)
		buf = soundex(append(buf, 'n'), last)
		buf = append(buf, initial(first))
		mark(s)
	}
	if len(first) > 0 && len(last) > 0 {
		s := len(buf)
		buf = soundex(append(buf, 'n'), first) // of kind n too: "Caleb Rowe" meets "Rowe Caleb"
		buf = append(buf, initial(last))
		mark(s)
	}
	if d := v[fBirth]; len(d) >= 4 { // a name and the year of birth: the other name missing or changed
		if len(last) > 0 {
			s := len(buf)
			buf = append(append(soundex(append(buf, 'y'), last), '|'), d[:4]...)
			mark(s)
		}
		if len(first) > 0 {
			s := len(buf)
			buf = append(append(append(buf, 'z'), first[:min(2, len(first))]...), d[:4]...)
			mark(s)
		}
	}
	if pc := v[fPostcode]; len(pc) > 0 { // a name and the postcode's district: the other name missing or misspelt
		pc = pc[:min(len(pc), max(3, len(pc)-3))] // "tq138df" -> "tq13", "60623" -> "606"
		if len(last) > 0 {
			s := len(buf)
			buf = append(append(soundex(append(buf, 'q'), last), '|'), pc...)
			mark(s)
		}
		if len(first) > 0 {
			s := len(buf)
			buf = append(append(soundex(append(buf, 'o'), first), '|'), pc...)
			mark(s)
		}
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
	if a := v[fAccount]; person && len(a) > 0 {
		s := len(buf)
		buf = append(append(append(append(buf, 'r'), a...), '|'), initial(last))
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
