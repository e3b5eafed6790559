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
// compared by their normalized form (NormalizeHeader: "Closed Won" = "closed_won").
type StageMap struct {
	Won, Lost []string
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

// truth reads row i of a label column as yes or no; ok is false when it is neither.
func truth(v *extract.Vector, i int) (yes, ok bool) {
	if v.Null[i] || v.Bad[i] {
		return false, false
	}
	switch v.Type {
	case extract.Bool:
		return v.Bool[i], true
	case extract.Int:
		return v.Int[i] != 0, v.Int[i] == 0 || v.Int[i] == 1
	case extract.Float:
		return v.Float[i] != 0, v.Float[i] == 0 || v.Float[i] == 1
	case extract.String:
		switch strings.ToLower(strings.TrimSpace(v.Str[i])) {
		case "true", "yes", "y", "1", "t", "converted", "won", "churned":
			return true, true
		case "false", "no", "n", "0", "f":
			return false, true
		}
	}
	return false, false
}
