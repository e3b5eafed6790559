package readiness

import (
	"strings"
	"time"
)

// Waiver is a recorded human decision to accept a missed threshold until a date. Metric is a
// metric ID, or a check ID ("duplicates") for every metric of that check.
type Waiver struct {
	UseCase    string    `json:"use_case"`
	Metric     string    `json:"metric"`
	Dataset    string    `json:"dataset,omitempty"` // every dataset when empty
	ApprovedBy string    `json:"approved_by"`
	Reason     string    `json:"reason"`
	Expires    time.Time `json:"expires"`
}

// ValidAt reports whether the waiver still applies at asOf: through the instant it expires.
func (w *Waiver) ValidAt(asOf time.Time) bool { return !w.Expires.Before(asOf) }

// Covers reports whether the waiver is about a miss of useCase's metric on dataset, whatever its
// expiry.
func (w *Waiver) Covers(useCase string, m Miss) bool {
	if w.UseCase != useCase || w.Dataset != "" && w.Dataset != m.Dataset {
		return false
	}
	if w.Metric == m.Metric {
		return true
	}
	// A check ID has no dot; the check's metrics all start with it and a dot.
	return !strings.Contains(w.Metric, ".") && strings.HasPrefix(m.Metric, w.Metric+".")
}

// findWaiver returns a waiver covering the miss that is valid at asOf; failing that, the covering
// waiver that expired last, to be shown as expired; or nil.
func findWaiver(ws []Waiver, useCase string, m Miss, asOf time.Time) (w *Waiver, valid bool) {
	for i := range ws {
		x := &ws[i]
		if !x.Covers(useCase, m) {
			continue
		}
		if x.ValidAt(asOf) {
			return x, true
		}
		if w == nil || x.Expires.After(w.Expires) {
			w = x
		}
	}
	return w, false
}

// WaiverStatus says what became of a waiver in an audit.
type WaiverStatus string

// The waiver statuses.
const (
	// WaiverApplied: valid at as_of, it turned at least one missed threshold into an exception.
	WaiverApplied WaiverStatus = "applied"
	// WaiverExpired: past its expiry at as_of, it covers nothing; the misses it would have
	// covered count.
	WaiverExpired WaiverStatus = "expired"
	// WaiverUnused: valid, but no missed threshold matched it (the metric is met, or the use
	// case, metric or dataset named nothing that was evaluated).
	WaiverUnused WaiverStatus = "unused"
)

// WaiverOutcome is one configured waiver and what became of it: the list every report shows.
type WaiverOutcome struct {
	Waiver
	Status WaiverStatus `json:"status"`
	// Covered lists the missed thresholds the waiver matched: those it waived when applied,
	// those it would have waived when expired; empty when unused.
	Covered []Covered `json:"covered"`
}

// Covered is one missed threshold a waiver matched.
type Covered struct {
	UseCase string `json:"use_case"`
	Metric  string `json:"metric"`
	Dataset string `json:"dataset,omitempty"`
	Level   Level  `json:"level"`
	Message string `json:"message"`
}

// Outcomes says, for each waiver of ws in order, whether it applied, expired or went unused at
// asOf, and which misses it covered. vs must come from Evaluate with the same ws: misses point
// to the waiver that covered them.
func Outcomes(ws []Waiver, vs []Verdict, asOf time.Time) []WaiverOutcome {
	out := make([]WaiverOutcome, len(ws))
	for i := range ws {
		w := &ws[i]
		o := WaiverOutcome{Waiver: *w, Status: WaiverUnused, Covered: []Covered{}}
		if !w.ValidAt(asOf) {
			o.Status = WaiverExpired
		}
		for _, v := range vs {
			for _, m := range append(v.Waived[:len(v.Waived):len(v.Waived)], v.Misses...) {
				if m.Waiver != w {
					continue
				}
				o.Covered = append(o.Covered, Covered{UseCase: v.UseCase, Metric: m.Metric, Dataset: m.Dataset, Level: m.Level, Message: m.Message})
				if !m.Expired {
					o.Status = WaiverApplied
				}
			}
		}
		out[i] = o
	}
	return out
}
