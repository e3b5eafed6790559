package reports

import (
	"strings"
	"time"

	"github.com/crmready/crmready/readiness"
)

// WaiverHeader names the cells of WaiverRow, for the formats that show waivers as a table.
var WaiverHeader = []string{"Status", "Use case", "Metric", "Dataset", "Approved by", "Reason", "Expires", "Covered"}

// WaiverRow is one waiver as the cells of a table row, in WaiverHeader's order. Every format
// renders waivers through it (or WaiverText), so they all say the same thing.
func WaiverRow(w readiness.WaiverOutcome) []string {
	dataset := w.Dataset
	if dataset == "" {
		dataset = "every dataset"
	}
	return []string{string(w.Status), w.UseCase, w.Metric, dataset, w.ApprovedBy, w.Reason, w.Expires.Format(time.DateOnly), covered(w)}
}

// WaiverText is one waiver as a line of text: its status, what it is about, who approved it,
// why, until when, and what it covered.
func WaiverText(w readiness.WaiverOutcome) string {
	c := WaiverRow(w)
	return c[0] + ": " + c[1] + " " + c[2] + " (" + c[3] + "), approved by " + c[4] + " until " + c[6] + ": " + c[5] + "; " + c[7]
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
