package checks

import (
	"cmp"
	"strings"
)

// DefaultPhoneRegion is the region national phone numbers are read in unless the config says.
const DefaultPhoneRegion = "US"

// DuplicatesSettings are the duplicates check's settings: the config decodes them (under
// checks.duplicates), defaults them once (WithDefaults) and the check reads them as they are.
// The validity check reads PhoneRegion too.
type DuplicatesSettings struct {
	// PhoneRegion is the ISO 3166 region national phone numbers are read in (default US).
	PhoneRegion string `mapstructure:"phone_region" validate:"omitempty,region"`
	// Fuzzy sets the fuzzy tier: similar names, companies, addresses and birth dates.
	Fuzzy FuzzySettings `mapstructure:"fuzzy"`
}

// FuzzySettings are the settings of the duplicates check's fuzzy tier.
type FuzzySettings struct {
	// Enabled runs the tier (default true).
	Enabled *bool `mapstructure:"enabled"`
	// Threshold is the match probability at or above which two records are joined (default
	// checks.DefaultFuzzyThreshold).
	Threshold float64 `mapstructure:"threshold" validate:"omitempty,gt=0,lt=1"`
	// MaxRecords is the most records with a name or company the tier compares in a dataset
	// (default checks.DefaultFuzzyMaxRecords; 0: no limit): its memory grows with them, about
	// 0.7 GiB a million (README).
	MaxRecords *int64 `mapstructure:"max_records" validate:"omitempty,gte=0"`
}

// WithDefaults returns s with every setting the config left unset at its default: phones read
// in DefaultPhoneRegion (the region upper-cased), the fuzzy tier on, at DefaultFuzzyThreshold,
// for up to DefaultFuzzyMaxRecords records. The check reads the settings as they are: a tier
// whose Enabled is unset does not run.
func (s DuplicatesSettings) WithDefaults() DuplicatesSettings {
	s.PhoneRegion = strings.ToUpper(cmp.Or(s.PhoneRegion, DefaultPhoneRegion))
	f := &s.Fuzzy
	if f.Enabled == nil {
		on := true
		f.Enabled = &on
	}
	f.Threshold = cmp.Or(f.Threshold, DefaultFuzzyThreshold)
	if f.MaxRecords == nil {
		limit := int64(DefaultFuzzyMaxRecords)
		f.MaxRecords = &limit
	}
	return s
}

// on reports whether the fuzzy tier runs.
func (f FuzzySettings) on() bool { return f.Enabled != nil && *f.Enabled }

// limit returns the most records the tier compares, 0 for no limit.
func (f FuzzySettings) limit() int64 {
	if f.MaxRecords == nil {
		return 0
	}
	return *f.MaxRecords
}
