package reports

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/crmready/crmready/readiness"
)

// process writes each use case's process readiness: what is to define, missing or overdue.
// When no config file declares any use case, one line says what is to define for all of them.
func (p *printer) process(ucs []UseCase) {
	if len(ucs) == 0 {
		return
	}
	if keys, same := allToDefine(ucs); same {
		p.f("\nProcess: to define for every use case (no config file declares them): %s. `crmready init` writes a config to fill in.\n",
			strings.Join(keys, ", "))
		return
	}
	p.f("\nProcess:\n")
	tw := tabwriter.NewWriter(p.w, 0, 4, 2, ' ', 0)
	for _, u := range ucs {
		fmt.Fprintf(tw, "  %s\t%s\n", u.UseCase, processSummary(u.Process))
	}
	if err := tw.Flush(); err != nil && p.err == nil {
		p.err = err
	}
}

// allToDefine reports whether every use case is undeclared with the same items to define, and
// which.
func allToDefine(ucs []UseCase) ([]string, bool) {
	var first []string
	for i, u := range ucs {
		if u.Process.Declared {
			return nil, false
		}
		keys := itemKeys(u.Process, readiness.ProcessToDefine)
		if i > 0 && !slices.Equal(keys, first) {
			return nil, false
		}
		first = keys
	}
	return first, len(first) > 0
}

// processSummary says in one line what a use case's process items lack, or "written down"; it
// is empty for a report without process items (one written before they existed).
func processSummary(pr readiness.Process) string {
	if len(pr.Items) == 0 {
		return ""
	}
	var parts []string
	if ks := itemKeys(pr, readiness.ProcessToDefine); len(ks) > 0 {
		parts = append(parts, "to define (not declared in a config file): "+strings.Join(ks, ", "))
	}
	var missing []string
	for _, it := range pr.Items {
		switch it.Status {
		case readiness.ProcessMissing:
			missing = append(missing, fmt.Sprintf("%s (%s)", key(it.ID), levelWord(it.Level)))
		case readiness.ProcessOverdue:
			parts = append(parts, it.Message)
		}
	}
	if len(missing) > 0 {
		parts = append([]string{"missing: " + strings.Join(missing, ", ")}, parts...)
	}
	if len(parts) == 0 {
		parts = append(parts, "written down")
		for _, it := range pr.Items {
			if it.ID == "process.last_reviewed" && it.Status == readiness.ProcessDefined {
				parts = append(parts, it.Message)
			}
		}
	}
	return strings.Join(parts, "; ")
}

// itemKeys lists the config keys of the items in state st.
func itemKeys(pr readiness.Process, st readiness.ProcessStatus) []string {
	var out []string
	for _, it := range pr.Items {
		if it.Status == st {
			out = append(out, key(it.ID))
		}
	}
	return out
}

func key(id string) string { return strings.TrimPrefix(id, "process.") }

func levelWord(l readiness.Level) string {
	if l == readiness.LevelFail {
		return string(readiness.NoGo)
	}
	return string(readiness.Warn)
}
