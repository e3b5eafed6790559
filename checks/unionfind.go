package checks

import "slices"

// unionFind groups record numbers into clusters.
type unionFind struct {
	parent map[int64]int64
}

func newUnionFind() *unionFind { return &unionFind{parent: map[int64]int64{}} }

func (u *unionFind) find(x int64) int64 {
	root := x
	for {
		p, ok := u.parent[root]
		if !ok {
			u.parent[root] = root
			break
		}
		if p == root {
			break
		}
		root = p
	}
	for x != root { // path compression
		next := u.parent[x]
		u.parent[x] = root
		x = next
	}
	return root
}

func (u *unionFind) union(a, b int64) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u.parent[max(ra, rb)] = min(ra, rb) // the lowest record number is the root
	}
}

// clusters returns the number of records in clusters of two or more, and the number of clusters.
func (u *unionFind) clusters() (records, clusters int64) {
	keys := make([]int64, 0, len(u.parent))
	for x := range u.parent {
		keys = append(keys, x)
	}
	slices.Sort(keys)
	size := map[int64]int64{}
	for _, x := range keys {
		size[u.find(x)]++
	}
	for _, n := range size {
		if n > 1 {
			records += n
			clusters++
		}
	}
	return records, clusters
}

// lookup returns x's root without adding x; ok is false when x is in no cluster.
func (u *unionFind) lookup(x int64) (int64, bool) {
	if _, ok := u.parent[x]; !ok {
		return x, false
	}
	return u.find(x), true
}

// clone returns a copy.
func (u *unionFind) clone() *unionFind {
	c := &unionFind{parent: make(map[int64]int64, len(u.parent))}
	for k, v := range u.parent {
		c.parent[k] = v
	}
	return c
}

// groups returns the clusters of two records or more, each sorted, in the order of their lowest
// record (the root).
func (u *unionFind) groups() [][]int64 {
	keys := make([]int64, 0, len(u.parent))
	for x := range u.parent {
		keys = append(keys, x)
	}
	slices.Sort(keys)
	by := map[int64][]int64{}
	var roots []int64
	for _, x := range keys {
		r := u.find(x)
		if _, ok := by[r]; !ok {
			roots = append(roots, r)
		}
		by[r] = append(by[r], x)
	}
	var out [][]int64
	for _, r := range roots {
		if len(by[r]) > 1 {
			out = append(out, by[r])
		}
	}
	return out
}

// largest returns the size of the largest cluster (0 when there is none).
func largest(groups [][]int64) int64 {
	n := 0
	for _, g := range groups {
		n = max(n, len(g))
	}
	return int64(n)
}
