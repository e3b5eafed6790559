package checks

import (
	"strings"
	"sync"
)

// phoneCacheSize bounds the phones a phoneCache remembers; when full it starts again empty.
const phoneCacheSize = 1 << 14

// phoneCache remembers NormalizePhone's results for the values the fast path leaves to
// libphonenumber, so a repeated value is parsed once; results are those of NormalizePhone.
// It is safe for concurrent use; the lock is taken only for values the fast path cannot decide.
type phoneCache struct {
	region string
	limit  int // phoneCacheSize; tests lower it
	mu     sync.Mutex
	m      map[string]phoneResult
}

type phoneResult struct {
	e164 string
	ok   bool
}

// newPhoneCache returns an empty cache for national numbers read in region.
func newPhoneCache(region string) *phoneCache {
	return &phoneCache{region: region, limit: phoneCacheSize, m: map[string]phoneResult{}}
}

// Normalize is NormalizePhone(s, c's region).
func (c *phoneCache) Normalize(s string) (string, bool) {
	if e, ok, decided := fastPhone(s, c.region); decided {
		return e, ok
	}
	c.mu.Lock()
	r, seen := c.m[s]
	c.mu.Unlock()
	if seen {
		return r.e164, r.ok
	}
	r.e164, r.ok = libPhone(s, c.region)
	c.mu.Lock()
	if len(c.m) >= c.limit {
		clear(c.m)
	}
	c.m[strings.Clone(s)] = r // s may point into a reader's reused buffer
	c.mu.Unlock()
	return r.e164, r.ok
}
