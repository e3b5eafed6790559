package checks

import (
	"math"
	"math/bits"
)

// KeyTable remembers, for each key of a kind (an id, an email, a whole record), the first record
// (1-based) that had it. Keys are 64-bit hashes. It is an open-addressing table with linear
// probing over two flat arrays: 12 bytes a slot at up to 80% load, no per-key allocation and
// nothing for the garbage collector to scan, where a Go map takes about three times that.
// Duplicate detection keeps one table per key kind, so its memory grows with the number of
// distinct keys, not with the file. Records are numbered up to 4,294,967,295.
type KeyTable struct {
	hashes []uint64 // 0 marks an empty slot; a hash of 0 is stored as 1
	recs   []uint32
	n      int
}

// NewKeyTable returns an empty table with room for hint keys before it grows.
func NewKeyTable(hint int) *KeyTable {
	size := max(1024, hint*5/4+1)
	return &KeyTable{hashes: make([]uint64, size), recs: make([]uint32, size)}
}

// Len returns the number of keys.
func (t *KeyTable) Len() int { return t.n }

// home is the slot a hash starts probing at: the hash scaled to the table size, which need not
// be a power of two.
func (t *KeyTable) home(h uint64) int {
	hi, _ := bits.Mul64(h, uint64(len(t.hashes)))
	return int(hi)
}

func (t *KeyTable) next(i int) int {
	if i++; i == len(t.hashes) {
		return 0
	}
	return i
}

// Get returns the record stored for h.
func (t *KeyTable) Get(h uint64) (int64, bool) {
	h = nonZero(h)
	for i := t.home(h); ; i = t.next(i) {
		switch t.hashes[i] {
		case h:
			return int64(t.recs[i]), true
		case 0:
			return 0, false
		}
	}
}

// Put stores rec for h unless h is there already; it returns the record stored for h and
// whether h was there.
func (t *KeyTable) Put(h uint64, rec int64) (int64, bool) {
	t.reserve(1)
	return t.put(h, rec)
}

func (t *KeyTable) put(h uint64, rec int64) (int64, bool) {
	h = nonZero(h)
	for i := t.home(h); ; i = t.next(i) {
		switch t.hashes[i] {
		case h:
			return int64(t.recs[i]), true
		case 0:
			t.hashes[i], t.recs[i] = h, uint32(min(rec, math.MaxUint32))
			t.n++
			return rec, false
		}
	}
}

// Set stores rec for h, replacing any record there.
func (t *KeyTable) Set(h uint64, rec int64) {
	t.Put(h, rec)
	h = nonZero(h)
	for i := t.home(h); ; i = t.next(i) {
		if t.hashes[i] == h {
			t.recs[i] = uint32(min(rec, math.MaxUint32))
			return
		}
	}
}

// Each calls f for every key and record, in slot order.
func (t *KeyTable) Each(f func(h uint64, rec int64)) {
	for i, h := range t.hashes {
		if h != 0 {
			f(h, int64(t.recs[i]))
		}
	}
}

// reserve grows the table so that n more keys keep it at most 80% full.
func (t *KeyTable) reserve(n int) {
	if 5*(t.n+n) <= 4*len(t.hashes) {
		return
	}
	oldH, oldR := t.hashes, t.recs
	size := 2 * len(oldH)
	for 5*(t.n+n) > 4*size {
		size *= 2
	}
	t.hashes, t.recs, t.n = make([]uint64, size), make([]uint32, size), 0
	for i, h := range oldH {
		if h != 0 {
			t.put(h, int64(oldR[i]))
		}
	}
}

func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// KeyShards is a KeyTable split in shards by hash, so that several goroutines can fill it at
// once, each shard from one.
type KeyShards []*KeyTable

// NewKeyShards returns n empty shards with room for hint keys in all.
func NewKeyShards(n, hint int) KeyShards {
	ks := make(KeyShards, n)
	for i := range ks {
		ks[i] = NewKeyTable(hint / n)
	}
	return ks
}

// shard is the shard a hash belongs to: low bits, independent of the table position (high bits).
func (ks KeyShards) shard(h uint64) int { return int(nonZero(h) % uint64(len(ks))) }

// Get returns the record stored for h.
func (ks KeyShards) Get(h uint64) (int64, bool) { return ks[ks.shard(h)].Get(h) }

// Put is KeyTable.Put on h's shard.
func (ks KeyShards) Put(h uint64, rec int64) (int64, bool) { return ks[ks.shard(h)].Put(h, rec) }

// Set is KeyTable.Set on h's shard.
func (ks KeyShards) Set(h uint64, rec int64) { ks[ks.shard(h)].Set(h, rec) }

// Each calls f for every key of every shard, shard by shard.
func (ks KeyShards) Each(f func(h uint64, rec int64)) {
	for _, t := range ks {
		t.Each(f)
	}
}

// Len returns the number of keys in all shards.
func (ks KeyShards) Len() int {
	n := 0
	for _, t := range ks {
		n += t.Len()
	}
	return n
}
