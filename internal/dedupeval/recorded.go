package dedupeval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Recorded are the scores a labelled set is held to (testdata/dedup/scores.json): a set that
// drops below any of them fails TestLabelledSets.
type Recorded struct {
	Precision        float64 `json:"precision"`
	Recall           float64 `json:"recall"`
	F1               float64 `json:"f1"`
	BF1              float64 `json:"b_cubed_f1"`
	PairCompleteness float64 `json:"candidate_recall"`
}

// ReadRecorded reads the recorded scores of every set, by set name; unknown keys are errors.
func ReadRecorded(path string) (map[string]Recorded, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out struct {
		About string              `json:"about"`
		Sets  map[string]Recorded `json:"sets"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out.Sets, nil
}

// Below names the measures of s under their recorded floors, with the floor.
func (r Recorded) Below(s Scores) []string {
	var out []string
	for _, m := range []struct {
		name      string
		got, want float64
	}{{"precision", s.Precision, r.Precision}, {"recall", s.Recall, r.Recall}, {"f1", s.F1, r.F1},
		{"b_cubed_f1", s.BF1, r.BF1}, {"candidate_recall", s.PairCompleteness, r.PairCompleteness}} {
		if m.got < m.want {
			out = append(out, fmt.Sprintf("%s %.3f", m.name, m.want))
		}
	}
	return out
}
