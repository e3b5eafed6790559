package reports

import (
	"strings"
	"time"

	"github.com/crmready/crmready/readiness"
)

// WaiverText is one waiver as a line of text: its status, what it is about, who approved it,
// why, until when, and what it covered.
func WaiverText(w readiness.WaiverOutcome) string {
	dataset := w.Dataset
	if dataset == "" {
		dataset = "every dataset"
	}
	return string(w.Status) + ": " + w.UseCase + " " + w.Metric + " (" + dataset + "), approved by " + w.ApprovedBy +
		" until " + w.Expires.Format(time.DateOnly) + ": " + w.Reason + "; " + covered(w)
}

func covered(w readiness.WaiverOutcome) string {
	if len(w.Covered) == 0 {
		if w.Status == readiness.WaiverExpired {
			return "covers nothing (expired)"
		}
		return "no missed threshold matched it"
	}
	ms := make([]string, len(w.Covered))
	for i, c := range w.Covered {
		ms[i] = c.Message
		if c.Dataset != "" {
			ms[i] += " (" + c.Dataset + ")"
		}
	}
	verb := "waived: "
	if w.Status == readiness.WaiverExpired {
		verb = "not waived (expired): "
	}
	return verb + strings.Join(ms, "; ")
}
