package sample

import (
	"slices"
	"time"
)

// Truth is what the generator injected and the metric values that follow from it.
type Truth struct {
	Generator string       `json:"generator"`
	Seed      uint64       `json:"seed"`
	Rows      int          `json:"rows"`
	AsOf      string       `json:"as_of"`
	Rates     Rates        `json:"rates"`
	Datasets  []TruthTable `json:"datasets"`
}

// TruthTable is the truth of one generated extract.
type TruthTable struct {
	Name   string `json:"name"`
	Object string `json:"object"`
	// Files are the files holding the table, one per format.
	Files   []string `json:"files"`
	Records int      `json:"records"`
	// Roles maps each column to the role crmready should detect.
	Roles      map[string]string `json:"roles"`
	Metrics    []TruthMetric     `json:"metrics"`
	Injections []Injection       `json:"injections"`
}

// TruthMetric is a metric's expected count and denominator.
type TruthMetric struct {
	ID     string `json:"id"`
	Window string `json:"window,omitempty"`
	Count  int64  `json:"count"`
	Of     int64  `json:"of,omitempty"`
}

// Windows the truth reports volume for.
var truthWindows = map[string]string{"lead": "200d", "opportunity": "24mo", "contact": "90d"}

// truth derives the expected metrics of t from its injection log and the generated values.
func (t *table) truth(asOf time.Time) TruthTable {
	tt := TruthTable{Name: t.name, Object: t.object, Records: len(t.rows), Roles: map[string]string{},
		Injections: t.log}
	n := int64(len(t.rows))
	for _, f := range t.fields {
		if f.role != "" {
			tt.Roles[f.name] = f.role
		}
	}
	missing := map[string]int64{}
	for _, in := range t.log {
		if in.Defect == "missing" || in.Defect == "placeholder" {
			missing[in.Column]++
		}
	}
	// Copies carry the defects of the record they copy.
	blanked := map[int][]string{} // record -> columns made missing
	for _, in := range t.log {
		if in.Defect == "missing" || in.Defect == "placeholder" {
			blanked[in.Record] = append(blanked[in.Record], in.Column)
		}
	}
	for _, in := range t.log {
		if in.Defect == "duplicate" || in.Defect == "near_duplicate" || in.Defect == "fuzzy_duplicate" {
			for _, c := range blanked[in.Of] {
				missing[c]++
			}
		}
	}
	var closed int64
	for _, r := range t.rows {
		if r.label != nil {
			closed++
		}
	}
	for _, f := range t.fields {
		switch {
		case f.closedOnly: // never blanked by the generator
			tt.Metrics = append(tt.Metrics, TruthMetric{ID: "completeness." + f.role, Count: closed, Of: closed})
		case f.role != "" && f.role != "id":
			tt.Metrics = append(tt.Metrics, TruthMetric{ID: "completeness." + f.role, Count: n - missing[f.name], Of: n})
		}
	}
	records, clusters := clusterCounts(t.pairs)
	nrecords, nclusters := clusterCounts(append(append([][2]int(nil), t.pairs...), t.nearPairs...))
	tt.Metrics = append(tt.Metrics,
		TruthMetric{ID: "duplicates.exact.rate", Count: records - clusters, Of: n},
		TruthMetric{ID: "duplicates.exact.clusters", Count: clusters},
		TruthMetric{ID: "duplicates.exact.id", Count: int64(t.idDups)},
		TruthMetric{ID: "duplicates.exact.email", Count: int64(t.emailDups)},
		TruthMetric{ID: "duplicates.exact.record", Count: int64(t.recDups)},
		TruthMetric{ID: "duplicates.normalized.rate", Count: nrecords - nclusters, Of: n},
		TruthMetric{ID: "duplicates.normalized.clusters", Count: nclusters},
		TruthMetric{ID: "duplicates.normalized.email", Count: int64(t.normEmail)},
	)
	if t.phoneCol() >= 0 {
		tt.Metrics = append(tt.Metrics, TruthMetric{ID: "duplicates.normalized.phone", Count: int64(t.phones)})
	}
	cutoff := asOf.AddDate(0, 0, -StaleAge)
	var stale, dated, future, futureRecs int64
	for _, r := range t.rows {
		future += int64(r.future)
		if r.future > 0 {
			futureRecs++
		}
		if r.ageFrom.IsZero() {
			continue
		}
		dated++
		if r.ageFrom.Before(cutoff) {
			stale++
		}
	}
	tt.Metrics = append(tt.Metrics,
		TruthMetric{ID: "staleness.stale_share", Window: "180d", Count: stale, Of: dated},
		TruthMetric{ID: "staleness.future", Count: future},
		TruthMetric{ID: "staleness.future_share", Count: futureRecs, Of: n},
		TruthMetric{ID: "volume.rows", Count: n})
	tt.Metrics = append(tt.Metrics, t.volume(asOf)...)
	return tt
}

// volume counts records created, and labelled outcomes, in the object's window.
func (t *table) volume(asOf time.Time) []TruthMetric {
	w := truthWindows[t.object]
	if w == "" {
		return nil
	}
	var cutoff time.Time
	switch w {
	case "24mo":
		cutoff = asOf.AddDate(0, -24, 0)
	case "200d":
		cutoff = asOf.AddDate(0, 0, -200)
	case "90d":
		cutoff = asOf.AddDate(0, 0, -90)
	}
	in := func(x time.Time) bool { return !x.Before(cutoff) && !x.After(asOf) }
	created, closed := t.col("CreatedDate"), -1
	if t.object == "opportunity" {
		closed = t.col("CloseDate")
	}
	var records, pos, neg int64
	for _, r := range t.rows {
		if in(r.v[created].t) {
			records++
		}
		when := r.v[created].t
		if closed >= 0 && !r.v[closed].null {
			when = r.v[closed].t
		}
		if r.label != nil && in(when) {
			if *r.label {
				pos++
			} else {
				neg++
			}
		}
	}
	out := []TruthMetric{{ID: "volume.records", Window: w, Count: records}}
	if t.object != "contact" {
		out = append(out, TruthMetric{ID: "volume.label_positive", Window: w, Count: pos},
			TruthMetric{ID: "volume.label_negative", Window: w, Count: neg})
	}
	return out
}

// clusterCounts groups duplicate pairs transitively and returns the records in clusters and the
// number of clusters.
func clusterCounts(pairs [][2]int) (records, clusters int64) {
	parent := map[int]int{}
	var find func(int) int
	find = func(x int) int {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		parent[x] = x
		return x
	}
	for _, p := range pairs {
		a, b := find(p[0]), find(p[1])
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	size := map[int]int64{}
	keys := make([]int, 0, len(parent))
	for x := range parent {
		keys = append(keys, x)
	}
	slices.Sort(keys)
	for _, x := range keys {
		size[find(x)]++
	}
	for _, s := range size {
		records += s
		clusters++
	}
	return records, clusters
}
