package config

import "github.com/crmready/crmready/checks"

// Config is the YAML configuration file. Column names are values, never keys: viper lower-cases
// keys and splits them on dots, so per-column settings are lists of objects.
type Config struct {
	// Version is the config format version; only 1 exists.
	Version int `mapstructure:"version" validate:"omitempty,eq=1"`
	// AsOf is the instant ages and windows are measured from: a date (midnight UTC), a
	// timestamp with or without a zone, or "now".
	AsOf string `mapstructure:"as_of" validate:"omitempty,asof"`
	// FailOn is "no-go" (default) or "warn": the lowest verdict that fails the run.
	FailOn string `mapstructure:"fail_on" validate:"omitempty,oneof=no-go warn"`
	// MaxFindings caps the findings of each kind kept in the report.
	MaxFindings int `mapstructure:"max_findings" validate:"gte=0"`
	// Datasets names extracts, their object type and files.
	Datasets []Dataset `mapstructure:"datasets" validate:"dive"`
	// UseCases selects use cases (declared ones are requested: missing data is NO-GO), overrides
	// preset thresholds, or defines new use cases.
	UseCases []UseCase `mapstructure:"use_cases" validate:"dive"`
	// Checks holds check settings.
	Checks Checks `mapstructure:"checks"`
	// Waivers accept a missed threshold until a date.
	Waivers []Waiver `mapstructure:"waivers" validate:"dive"`
}

// Dataset is one named extract.
type Dataset struct {
	Name string `mapstructure:"name" validate:"required"`
	// Object is the CRM object type; detected when empty.
	Object string `mapstructure:"object" validate:"omitempty,object"`
	// Files form the dataset (a split export); relative to the config file.
	Files []string `mapstructure:"files" validate:"required,min=1,dive,required"`
	// Sheet is the workbook sheet to read.
	Sheet string `mapstructure:"sheet"`
	// Columns set roles and types of columns, or ignore them.
	Columns []Column `mapstructure:"columns" validate:"dive"`
	// Placeholders extend the placeholder dictionary for this dataset.
	Placeholders []string `mapstructure:"placeholders"`
}

// Column sets how one column is read.
type Column struct {
	Column string `mapstructure:"column" validate:"required"`
	Role   string `mapstructure:"role" validate:"omitempty,role"`
	Type   string `mapstructure:"type" validate:"omitempty,coltype"`
	// Ignore leaves the column out of every check.
	Ignore bool `mapstructure:"ignore"`
	// Allowed lists the values a picklist column may hold; others are validity findings, and
	// near misses are named ("technolgy": probably "technology").
	Allowed []string `mapstructure:"allowed"`
	// Placeholders are values that mean "nothing" in this column, added to the dataset's; with
	// ReplacePlaceholders they are the only ones for this column.
	Placeholders        []string `mapstructure:"placeholders"`
	ReplacePlaceholders bool     `mapstructure:"replace_placeholders"`
}

// UseCase overrides a preset or defines a use case.
type UseCase struct {
	Name string `mapstructure:"name" validate:"required"`
	Doc  string `mapstructure:"doc"`
	// Objects are the object types the use case evaluates (required for a new use case).
	Objects []string `mapstructure:"objects" validate:"dive,object"`
	// MaxAge and Window are periods like 180d, 26w, 24mo, 2y.
	MaxAge     string      `mapstructure:"max_age" validate:"omitempty,period"`
	Window     string      `mapstructure:"window" validate:"omitempty,period"`
	Thresholds []Threshold `mapstructure:"thresholds" validate:"dive"`
	// SuccessMetric says what better means, measurably ("MQL-to-SQL conversion from 12% to 15%
	// within two quarters"). Missing in a declared use case: NO-GO.
	SuccessMetric string `mapstructure:"success_metric"`
	// Owner is who answers for the model. Missing in a declared use case: NO-GO.
	Owner string `mapstructure:"owner"`
	// Override says how a person overrules a prediction in the workflow. Missing: WARN.
	Override string `mapstructure:"override"`
	// ReviewEvery is how often the model and this audit are revisited, a period like 90d or
	// 6mo (the drift plan). Missing: WARN.
	ReviewEvery string `mapstructure:"review_every" validate:"omitempty,period"`
	// LastReviewed is the date (YYYY-MM-DD) of the last review; older than ReviewEvery at
	// as_of is WARN.
	LastReviewed string `mapstructure:"last_reviewed" validate:"omitempty,date"`
}

// Threshold sets the warn and fail levels of one metric, in the metric's unit.
type Threshold struct {
	Metric     string   `mapstructure:"metric" validate:"required,metric"`
	Warn       *float64 `mapstructure:"warn"`
	Fail       *float64 `mapstructure:"fail"`
	WhenAbsent string   `mapstructure:"when_absent" validate:"omitempty,oneof=fail warn skip"`
	// Objects narrows the threshold to datasets of these object types among the use case's
	// (follow-up timing needs an email on leads and contacts, not on calls); empty: all of them.
	Objects []string `mapstructure:"objects" validate:"dive,object"`
	Why     string   `mapstructure:"why"`
}

// Checks holds the settings of checks.
type Checks struct {
	Completeness Completeness              `mapstructure:"completeness"`
	Duplicates   checks.DuplicatesSettings `mapstructure:"duplicates"`
	Volume       checks.StageMap           `mapstructure:"volume"`
	Consistency  ConsistencyCheck          `mapstructure:"consistency"`
	Ownership    OwnershipCheck            `mapstructure:"ownership"`
}

// Completeness settings.
type Completeness struct {
	// Placeholders extend the built-in placeholder dictionary; with ReplacePlaceholders they
	// replace it, the per-role lists included.
	Placeholders        []string `mapstructure:"placeholders"`
	ReplacePlaceholders bool     `mapstructure:"replace_placeholders"`
}

// Waiver accepts a missed threshold of a use case until a date.
type Waiver struct {
	UseCase string `mapstructure:"use_case" validate:"required"`
	// Metric is a metric ID, or a check ID for every metric of the check.
	Metric     string `mapstructure:"metric" validate:"required,metric_or_check"`
	Dataset    string `mapstructure:"dataset"`
	ApprovedBy string `mapstructure:"approved_by" validate:"required"`
	Reason     string `mapstructure:"reason" validate:"required"`
	// Expires is the last day (UTC) the waiver applies.
	Expires string `mapstructure:"expires" validate:"required,date"`
}
