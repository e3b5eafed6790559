// Package reports holds the one Report type every output format renders, and a writer per
// format. The JSON form is versioned (SchemaVersion) and holds no wall-clock measurement, so
// the same inputs, config and as_of give byte-identical JSON.
package reports
