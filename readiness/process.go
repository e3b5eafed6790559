package readiness

import (
	"fmt"
	"strings"
	"time"

	"github.com/crmready/crmready/checks"
)

// ProcessStatus is the state of one process item.
type ProcessStatus string

// The states of a process item. Missing and Overdue are findings that count in the verdict of a
// use case declared in a config file; ToDefine lists what a config-less first look leaves open,
// without counting; NotRecorded says there is nothing to judge (no last review date).
const (
	ProcessDefined     ProcessStatus = "defined"
	ProcessMissing     ProcessStatus = "missing"
	ProcessToDefine    ProcessStatus = "to_define"
	ProcessOverdue     ProcessStatus = "overdue"
	ProcessNotRecorded ProcessStatus = "not_recorded"
)

// ProcessDef describes one process item: a decision a team writes down beside the data before
// a model is switched on.
type ProcessDef struct {
	// ID is the item's stable name in reports, misses and explain ("process.owner").
	ID string
	// Key is the use-case config key that holds it ("owner").
	Key string
	// Doc says what the item is, in plain words; Short in a few.
	Doc   string
	Short string
	// Level is how bad a missing (or overdue) item is in a use case declared in a config file.
	Level Level
	// Example is a value as a team would write it.
	Example string
}

// ProcessItems are the process items, in report order. A missing success metric or owner is
// NO-GO for a use case declared in a config file (a team that gates on a use case must say what
// better means and who answers for it); a missing override or review period, or an overdue
// review, is WARN.
var ProcessItems = []ProcessDef{
	{ID: "process.success_metric", Key: "success_metric", Short: "what better means", Level: LevelFail,
		Doc:     "what better means, measurably: the number the model must move, from what to what, by when",
		Example: "MQL-to-SQL conversion from 12% to 15% within two quarters"},
	{ID: "process.owner", Key: "owner", Short: "who answers for the model", Level: LevelFail,
		Doc:     "who answers for the model: a named person or role",
		Example: "Dana Reyes, RevOps lead"},
	{ID: "process.override", Key: "override", Short: "how a person overrules a prediction", Level: LevelWarn,
		Doc:     "how a person overrules a prediction in the workflow",
		Example: "a rep can reassign a routed lead; reassignments are reviewed weekly"},
	{ID: "process.review_every", Key: "review_every", Short: "when the model is revisited", Level: LevelWarn,
		Doc:     "how often the model and this audit are revisited (the drift plan), as a period",
		Example: "90d"},
	{ID: "process.last_reviewed", Key: "last_reviewed", Short: "the last review", Level: LevelWarn,
		Doc:     "the date of the last review; a review older than review_every, judged at as_of, is overdue",
		Example: "2026-11-25"},
}

// LookupProcess returns the process item with the given ID, or false.
func LookupProcess(id string) (ProcessDef, bool) {
	for _, d := range ProcessItems {
		if d.ID == id {
			return d, true
		}
	}
	return ProcessDef{}, false
}

// ProcessPlan is the process half of a use case, as a config file writes it down.
type ProcessPlan struct {
	SuccessMetric string
	Owner         string
	Override      string
	// ReviewEvery is zero when not given; LastReviewed is zero when not given (a date, midnight
	// UTC).
	ReviewEvery  checks.Period
	LastReviewed time.Time
	// Declared is true when a config file declares the use case: missing items then count in
	// its verdict. Otherwise they are listed as to define.
	Declared bool
	// Source names the config file ("config crmready.yaml").
	Source string
}

// ProcessItem is one process item of a use case as judged.
type ProcessItem struct {
	ID     string        `json:"id"`
	Status ProcessStatus `json:"status"`
	// Value is what the config says, when it says something.
	Value string `json:"value,omitempty"`
	// Level is set for a finding that counts in the verdict: fail or warn.
	Level Level `json:"level,omitempty"`
	// Source names where the value, or the requirement it misses, came from.
	Source  string `json:"source,omitempty"`
	Message string `json:"message"`
}

// Process is a use case's process readiness: every item, defined or not.
type Process struct {
	// Declared is true when a config file declares the use case, so that missing items count.
	Declared bool          `json:"declared"`
	Items    []ProcessItem `json:"items"`
}

// JudgeProcess judges a use case's process items at asOf.
func JudgeProcess(p ProcessPlan, asOf time.Time) Process {
	out := Process{Declared: p.Declared, Items: make([]ProcessItem, 0, len(ProcessItems))}
	for _, def := range ProcessItems {
		out.Items = append(out.Items, judgeItem(def, p, asOf))
	}
	return out
}

// placeholders are the texts that say nothing (TBD, N/A, ?, ...): the data's built-in dictionary.
var placeholders = checks.NewPlaceholders(checks.BuiltinPlaceholders)

// written returns s trimmed, or "" when it is blank or a placeholder ("TBD", "n/a").
func written(s string) string {
	s = strings.TrimSpace(s)
	if placeholders.Match(s) {
		return ""
	}
	return s
}

func judgeItem(def ProcessDef, p ProcessPlan, asOf time.Time) ProcessItem {
	it := ProcessItem{ID: def.ID}
	var value string
	switch def.Key {
	case "success_metric":
		value = written(p.SuccessMetric)
	case "owner":
		value = written(p.Owner)
	case "override":
		value = written(p.Override)
	case "review_every":
		if !p.ReviewEvery.IsZero() {
			value = p.ReviewEvery.String()
		}
	case "last_reviewed":
		return judgeReview(def, p, asOf)
	}
	switch {
	case value != "":
		it.Status, it.Value, it.Source = ProcessDefined, value, p.Source
		it.Message = fmt.Sprintf("%s: %s", def.Key, value)
	case p.Declared:
		it.Status, it.Level, it.Source = ProcessMissing, def.Level, "use case declared in "+p.Source
		it.Message = fmt.Sprintf("no %s (%s)", def.Key, def.Short)
	default:
		it.Status = ProcessToDefine
		it.Message = fmt.Sprintf("%s to define: %s", def.Key, def.Doc)
	}
	return it
}

// judgeReview judges the last review against the review period: the next review is due
// review_every after last_reviewed, and is overdue once as_of is past the end of that day (UTC).
func judgeReview(def ProcessDef, p ProcessPlan, asOf time.Time) ProcessItem {
	it := ProcessItem{ID: def.ID}
	if p.LastReviewed.IsZero() {
		it.Status = ProcessNotRecorded
		it.Message = "no last_reviewed date: whether a review is overdue cannot be judged"
		return it
	}
	last := p.LastReviewed.Format(time.DateOnly)
	it.Value, it.Source = last, p.Source
	if p.ReviewEvery.IsZero() {
		it.Status = ProcessDefined
		it.Message = fmt.Sprintf("last reviewed %s; no review_every to judge it against", last)
		return it
	}
	due := ReviewDue(p.LastReviewed, p.ReviewEvery)
	if !asOf.Before(due.AddDate(0, 0, 1)) {
		it.Status, it.Level = ProcessOverdue, def.Level
		if !p.Declared {
			it.Level = ""
		}
		it.Message = fmt.Sprintf("review overdue: last reviewed %s, every %s, so due %s (as_of %s)",
			last, p.ReviewEvery, due.Format(time.DateOnly), asOf.Format(time.DateOnly))
		return it
	}
	it.Status = ProcessDefined
	it.Message = fmt.Sprintf("last reviewed %s; next review due %s", last, due.Format(time.DateOnly))
	return it
}

// ReviewDue is the day a review falls due: every after last.
func ReviewDue(last time.Time, every checks.Period) time.Time {
	return last.AddDate(every.Years, every.Months, every.Days)
}

// misses returns the process findings that count in the verdict, as misses.
func (p Process) misses() []Miss {
	var out []Miss
	for _, it := range p.Items {
		if it.Level == "" {
			continue
		}
		out = append(out, Miss{Metric: it.ID, Level: it.Level, Source: it.Source, Message: it.Message})
	}
	return out
}
