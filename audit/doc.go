// Package audit runs an audit end to end: it opens each dataset's files, detects object types
// and column roles, folds every batch through every check in one pass (batches in parallel,
// states merged), judges the use cases, and assembles the Report. Data flows one way:
// extract -> checks -> readiness -> reports.
package audit
