// Package checks measures data quality. Each check is an analyzer in the style of Deequ: it folds
// batches of typed columns into a state, states of the same check merge, and the merged state
// yields metrics and findings. A check never gives a verdict; the readiness package does.
//
// A check returns an error only when it cannot run; a missing role or a bad value is a finding.
package checks
