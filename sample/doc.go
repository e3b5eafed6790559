// Package sample writes synthetic CRM extracts (leads, contacts, opportunities) with defects
// injected at known rates, and a truth.json written from the injection log itself: what was
// injected, row by row, and the metric values that follow from it. Tests audit the samples and
// compare what crmready measures with that truth.
package sample
