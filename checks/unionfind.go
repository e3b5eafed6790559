package checks

import (
	"cmp"
	"slices"
)

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

// clusterCounts returns the number of records in groups, and the number of groups.
func clusterCounts(groups [][]int64) (records, clusters int64) {
	for _, g := range groups {
		records += int64(len(g))
	}
	return records, int64(len(groups))
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
	members := make([][2]int64, 0, len(u.parent)) // root, record
	for x := range u.parent {
		members = append(members, [2]int64{u.find(x), x})
	}
	slices.SortFunc(members, func(a, b [2]int64) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	flat := make([]int64, len(members))
	var out [][]int64
	for lo := 0; lo < len(members); {
		hi := lo + 1
		for hi < len(members) && members[hi][0] == members[lo][0] {
			hi++
		}
		if hi-lo > 1 {
			g := flat[lo:hi:hi]
			for i := range g {
				g[i] = members[lo+i][1]
			}
			out = append(out, g)
		}
		lo = hi
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
