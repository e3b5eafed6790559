// Package readiness turns measured metrics into a verdict per AI use case: GO, WARN, NO-GO or
// N/A, with every missed threshold listed worst first, and human waivers applied until they
// expire. Everything here is a pure function: no I/O, no clock (as_of is an argument).
package readiness
