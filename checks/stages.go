package checks

import (
	"strings"

	"github.com/crmready/crmready/extract"
)

// Outcome is where an opportunity stands.
type Outcome uint8

// The outcomes.
const (
	Open Outcome = iota
	Won
	Lost
)

// StageMap says which opportunity stage values are closed-won and closed-lost. Values are
// compared by their normalized form (NormalizeHeader: "Closed Won" = "closed_won"). It is the
// volume check's settings as the config decodes them (checks.volume), read by the checks that
// judge outcomes once defaulted (WithDefaults).
type StageMap struct {
	// Won and Lost list the opportunity stage values that are closed-won and closed-lost,
	// replacing the defaults when given.
	Won  []string `mapstructure:"won"`
	Lost []string `mapstructure:"lost"`
}

// WithDefaults returns m, or DefaultStages when m lists no stage.
func (m StageMap) WithDefaults() StageMap {
	if m.IsZero() {
		return DefaultStages
	}
	return m
}

// DefaultStages reads "Closed Won", "Won", "closedwon" as won and "Closed Lost", "Lost",
// "closedlost" as lost, as Salesforce, HubSpot, Dynamics 365 and Pipedrive name them.
var DefaultStages = StageMap{
	Won:  []string{"closed won", "won", "closedwon", "closed - won", "deal won"},
	Lost: []string{"closed lost", "lost", "closedlost", "closed - lost", "deal lost"},
}

// Outcome classifies a stage value.
func (m StageMap) Outcome(stage string) Outcome {
	s := extract.NormalizeHeader(stage)
	for _, w := range m.Won {
		if s == extract.NormalizeHeader(w) {
			return Won
		}
	}
	for _, l := range m.Lost {
		if s == extract.NormalizeHeader(l) {
			return Lost
		}
	}
	return Open
}

// IsZero reports whether the map is unset.
func (m StageMap) IsZero() bool { return len(m.Won) == 0 && len(m.Lost) == 0 }

// truth reads row i of a label column as yes or no (extract.YesNo, and the outcome a label names:
// converted, won, churned); ok is false when it is neither.
func truth(v *extract.Vector, i int) (yes, ok bool) {
	if yes, ok := extract.YesNo(v, i); ok || v.Null[i] {
		return yes, ok
	}
	switch strings.ToLower(strings.TrimSpace(v.Text(i))) {
	case "converted", "won", "churned":
		return true, true
	}
	return false, false
}
