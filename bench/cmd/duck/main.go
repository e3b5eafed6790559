// Command duck computes, with DuckDB in one process and one SQL statement, the figures the
// benchmark compares with crmready's report, and writes them as JSON:
//
//	duck -as-of 2026-11-25 -max-age 180 -out duck.json data/contacts_1000000.parquet
//
// The figures:
//
//   - per column, empty cells: NULL, or for text columns blank (trim(c) is the empty string);
//   - duplicate emails on lower(trim(email)) over non-blank emails: groups with more than one
//     row, and extra rows (rows in those groups minus the groups);
//   - stale records: coalesce(last_activity_at, updated_at, created_at) older than max-age days
//     before as_of.
//
// A .csv file is read with read_csv (types detected by DuckDB); anything else with read_parquet.
package main

import (
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// Result is what duck writes.
type Result struct {
	File    string           `json:"file"`
	AsOf    string           `json:"as_of"`
	MaxAge  int              `json:"max_age_days"`
	Rows    int64            `json:"rows"`
	Empty   map[string]int64 `json:"empty"`
	Columns []string         `json:"columns"`
	// EmailGroups counts normalized emails held by more than one row; EmailExtra the rows
	// beyond the first of each (what crmready's duplicates.normalized.email counts).
	EmailGroups int64   `json:"email_groups"`
	EmailExtra  int64   `json:"email_extra"`
	Stale       int64   `json:"stale"`
	Undated     int64   `json:"undated"`
	Seconds     float64 `json:"seconds"`
	Threads     int64   `json:"threads"`
	DuckDB      string  `json:"duckdb"`
	SQL         string  `json:"sql"`
}

func main() {
	asOf := flag.String("as-of", "2026-11-25", "instant ages are measured from (date, UTC midnight, or RFC 3339)")
	maxAge := flag.Int("max-age", 180, "days after which a record is stale")
	email := flag.String("email", "email", "email column")
	dates := flag.String("dates", "last_activity_at,updated_at,created_at", "date columns, in fallback order")
	out := flag.String("out", "", "write the JSON here (stdout when empty)")
	threads := flag.Int("threads", 0, "DuckDB threads (its default, one per core, when 0)")
	flag.Parse()
	if flag.NArg() != 1 {
		fail(fmt.Errorf("usage: duck [flags] FILE"))
	}
	if err := run(flag.Arg(0), *asOf, *maxAge, *email, strings.Split(*dates, ","), *out, *threads); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "duck: %s\n", strings.Join(strings.Fields(err.Error()), " "))
	os.Exit(1)
}

func parseAsOf(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// quote quotes an SQL identifier (q is a double quote) or a string literal (a single quote).
func quote(s string, q byte) string {
	return string(q) + strings.ReplaceAll(s, string(q), string(q)+string(q)) + string(q)
}

func run(file, asOfText string, maxAge int, email string, dates []string, out string, threads int) error {
	start := time.Now()
	asOf, err := parseAsOf(asOfText)
	if err != nil {
		return fmt.Errorf("-as-of %q: want YYYY-MM-DD or RFC 3339", asOfText)
	}
	if _, err := os.Stat(file); err != nil {
		return err
	}
	cutoff := asOf.AddDate(0, 0, -maxAge).UnixMilli()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if threads > 0 {
		if _, err := db.Exec(fmt.Sprintf("SET threads = %d", threads)); err != nil {
			return err
		}
	}
	src := "read_parquet(" + quote(file, '\'') + ")"
	if strings.EqualFold(filepath.Ext(file), ".csv") {
		src = "read_csv(" + quote(file, '\'') + ")"
	}
	cols, types, err := describe(db, src)
	if err != nil {
		return err
	}
	r := Result{File: file, AsOf: asOfText, MaxAge: maxAge, Columns: cols, Empty: map[string]int64{}}
	// One statement: the single-pass aggregates and the email grouping, each reading the file
	// itself (a shared CTE over the file would be materialized: the whole table in memory).
	var agg []string
	for i, c := range cols {
		cond := quote(c, '"') + " IS NULL"
		if types[i] == "VARCHAR" {
			cond += " OR trim(" + quote(c, '"') + ") = ''"
		}
		agg = append(agg, fmt.Sprintf("count(*) FILTER (WHERE %s) AS e%d", cond, i))
	}
	var ds []string
	for _, d := range dates {
		ds = append(ds, "epoch_ms("+quote(strings.TrimSpace(d), '"')+")")
	}
	age := "coalesce(" + strings.Join(ds, ", ") + ")"
	em := quote(email, '"')
	r.SQL = fmt.Sprintf(`WITH a AS (SELECT count(*) AS n, %s,
  count(*) FILTER (WHERE %s < %d) AS stale, count(*) FILTER (WHERE %s IS NULL) AS undated FROM %s),
g AS (SELECT lower(trim(%s)) AS k, count(*) AS n FROM %s WHERE %s IS NOT NULL AND trim(%s) <> '' GROUP BY k),
d AS (SELECT count(*) FILTER (WHERE n > 1) AS groups, coalesce(sum(n - 1), 0) AS extra FROM g)
SELECT * FROM a, d`, strings.Join(agg, ", "), age, cutoff, age, src, em, src, em, em)
	dest := []any{&r.Rows}
	empty := make([]int64, len(cols))
	for i := range empty {
		dest = append(dest, &empty[i])
	}
	dest = append(dest, &r.Stale, &r.Undated, &r.EmailGroups, &r.EmailExtra)
	if err := db.QueryRow(r.SQL).Scan(dest...); err != nil {
		return err
	}
	for i, c := range cols {
		r.Empty[c] = empty[i]
	}
	if err := db.QueryRow("SELECT current_setting('threads'), version()").Scan(&r.Threads, &r.DuckDB); err != nil {
		return err
	}
	r.Seconds = time.Since(start).Seconds()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep the SQL's < and > readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	if out == "" {
		_, err = os.Stdout.WriteString(b.String())
		return err
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// describe returns the column names and DuckDB types of a table expression.
func describe(db *sql.DB, src string) ([]string, []string, error) {
	rows, err := db.Query("DESCRIBE SELECT * FROM " + src)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cs, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var names, types []string
	for rows.Next() {
		vals := make([]any, len(cs))
		ptrs := make([]any, len(cs))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		names = append(names, fmt.Sprint(vals[0]))
		types = append(types, fmt.Sprint(vals[1]))
	}
	return names, types, rows.Err()
}
