// Package dedupeval scores duplicate clusters against labelled data: pairwise and B-cubed
// precision, recall and F1, and how well blocking kept the true pairs. Adapters read the truth
// encodings of the shared deduplication sets (FEBRL rec-N-org / rec-N-dup-k, a cluster column
// such as restaurant unique_id or patstat leuven_id). Tests and bench/cmd/dedup use it.
package dedupeval

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/crmready/crmready/checks"
)

// Labels holds each record's entity, record k at index k-1.
type Labels []string

// Column reads the labels of a CSV file from a column: records are data rows in order, as
// crmready numbers them (the file must have no blank rows); values are trimmed.
func Column(path, column string) (Labels, error) {
	return read(path, column, func(s string) (string, error) { return s, nil })
}

var febrlID = regexp.MustCompile(`^rec-(\d+)-(org|dup-\d+)$`)

// FEBRL reads the labels of a FEBRL file from its rec_id column: "rec-12-org" and "rec-12-dup-3"
// are entity 12.
func FEBRL(path string) (Labels, error) {
	return read(path, "rec_id", func(s string) (string, error) {
		m := febrlID.FindStringSubmatch(s)
		if m == nil {
			return "", fmt.Errorf("rec_id %q is not rec-N-org or rec-N-dup-k", s)
		}
		return m[1], nil
	})
}

func read(path, column string, label func(string) (string, error)) (Labels, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.TrimLeadingSpace, r.LazyQuotes, r.FieldsPerRecord = true, true, -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := -1
	for i, h := range head {
		if strings.TrimSpace(h) == column {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("%s: no column %q", path, column)
	}
	var out Labels
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if col >= len(rec) {
			return nil, fmt.Errorf("%s: record %d has no %s", path, len(out)+1, column)
		}
		l, err := label(strings.TrimSpace(rec[col]))
		if err != nil {
			return nil, fmt.Errorf("%s: record %d: %w", path, len(out)+1, err)
		}
		out = append(out, l)
	}
}

// Scores measure predicted clusters against labels.
type Scores struct {
	Records int
	// Pairwise: over pairs of records in one predicted cluster (clusters are transitive).
	TruePairs, PredictedPairs, CorrectPairs int64
	Precision, Recall, F1                   float64
	// B-cubed: per record, the share of its predicted cluster that is its entity (precision)
	// and of its entity that is in its predicted cluster (recall), averaged over records.
	BPrecision, BRecall, BF1 float64
	// Blocking: candidate pairs, the share of true pairs among them (pair completeness) and
	// the share of all pairs not proposed (reduction ratio).
	Candidates                   int64
	PairCompleteness, Reduction  float64
	LargestCluster, LargestTruth int
}

// Score scores clusters (every cluster with every member) and candidate pairs against labels.
func Score(labels Labels, clusters []checks.Cluster, candidates [][2]int64) (Scores, error) {
	n := len(labels)
	s := Scores{Records: n}
	pred := make([]int, n) // record -> predicted cluster (singletons: their own)
	for i := range pred {
		pred[i] = -1 - i
	}
	for ci, c := range clusters {
		if int64(len(c.Members)) != c.Size {
			return s, fmt.Errorf("cluster %d lists %d of %d members: score full lists", c.ID, len(c.Members), c.Size)
		}
		for _, m := range c.Members {
			if m.Record < 1 || int(m.Record) > n {
				return s, fmt.Errorf("cluster %d: record %d outside the %d labelled", c.ID, m.Record, n)
			}
			pred[m.Record-1] = ci
		}
		s.LargestCluster = max(s.LargestCluster, len(c.Members))
	}
	type cell struct {
		p int
		l string
	}
	predSize, truthSize, both := map[int]int64{}, map[string]int64{}, map[cell]int64{}
	for i := range n {
		predSize[pred[i]]++
		truthSize[labels[i]]++
		both[cell{pred[i], labels[i]}]++
	}
	pairs := func(k int64) int64 { return k * (k - 1) / 2 }
	for _, k := range predSize {
		s.PredictedPairs += pairs(k)
	}
	for _, k := range truthSize {
		s.TruePairs += pairs(k)
		s.LargestTruth = max(s.LargestTruth, int(k))
	}
	for _, k := range both {
		s.CorrectPairs += pairs(k)
	}
	s.Precision, s.Recall = ratio(s.CorrectPairs, s.PredictedPairs, 1), ratio(s.CorrectPairs, s.TruePairs, 1)
	s.F1 = f1(s.Precision, s.Recall)
	for i := range n {
		k := float64(both[cell{pred[i], labels[i]}])
		s.BPrecision += k / float64(predSize[pred[i]])
		s.BRecall += k / float64(truthSize[labels[i]])
	}
	if n > 0 {
		s.BPrecision /= float64(n)
		s.BRecall /= float64(n)
	}
	s.BF1 = f1(s.BPrecision, s.BRecall)
	s.Candidates = int64(len(candidates))
	var kept int64
	for _, p := range candidates {
		a, b := p[0]-1, p[1]-1
		if a >= 0 && b >= 0 && int(a) < n && int(b) < n && labels[a] == labels[b] {
			kept++
		}
	}
	s.PairCompleteness = ratio(kept, s.TruePairs, 1)
	s.Reduction = 1 - ratio(s.Candidates, pairs(int64(n)), 0)
	return s, nil
}

func ratio(a, b int64, none float64) float64 {
	if b == 0 {
		return none
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// String writes the scores on one line.
func (s Scores) String() string {
	return fmt.Sprintf("pairwise P %.3f R %.3f F1 %.3f (%d of %d true pairs, %d predicted); B-cubed P %.3f R %.3f F1 %.3f; blocking PC %.4f RR %.4f (%d candidates); largest cluster %d (truth %d)",
		s.Precision, s.Recall, s.F1, s.CorrectPairs, s.TruePairs, s.PredictedPairs, s.BPrecision, s.BRecall, s.BF1,
		s.PairCompleteness, s.Reduction, s.Candidates, s.LargestCluster, s.LargestTruth)
}
