// Package extract reads CRM extracts (CSV, Excel, Parquet) as streams of typed column batches,
// and detects what each column means (its role) from real export headers confirmed by the values.
//
// Readers never know a check: they decode values, count what could not be decoded, and say where
// each record came from. Open picks the reader from the file name.
package extract
