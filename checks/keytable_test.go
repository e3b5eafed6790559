package checks

import (
	"math/rand/v2"
	"testing"
)

func TestKeyTableAgreesWithMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	kt, m := NewKeyTable(0), map[uint64]int64{}
	for i := int64(1); i <= 50000; i++ {
		h := 2 + r.Uint64N(20000) // many repeats; 1 is where 0 is stored
		if i%1000 == 0 {
			h = 0 // the reserved value still works
		}
		got, had := kt.Put(h, i)
		want, ok := m[h]
		if !ok {
			m[h], want = i, i
		}
		if had != ok || got != want {
			t.Fatalf("Put(%d, %d) = %d, %v; map says %d, %v", h, i, got, had, want, ok)
		}
	}
	if kt.Len() != len(m) {
		t.Fatalf("Len = %d, want %d", kt.Len(), len(m))
	}
	n := 0
	kt.Each(func(h uint64, rec int64) {
		n++
		if h != 1 && m[h] != rec { // 0 is stored as 1
			t.Errorf("Each: %d -> %d, map %d", h, rec, m[h])
		}
	})
	if n != len(m) {
		t.Errorf("Each visited %d, want %d", n, len(m))
	}
	kt.Set(5, 99)
	if rec, ok := kt.Get(5); !ok || rec != 99 {
		t.Errorf("Set then Get = %d, %v", rec, ok)
	}
	if _, ok := kt.Get(1 << 60); ok {
		t.Error("Get of an absent key found something")
	}
}

func BenchmarkKeyTable(b *testing.B) {
	const n = 1 << 20
	hs := make([]uint64, n)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range hs {
		hs[i] = r.Uint64()
	}
	for range b.N {
		t := NewKeyTable(n)
		for i, h := range hs {
			t.Put(h, int64(i))
		}
	}
}
