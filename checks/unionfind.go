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
