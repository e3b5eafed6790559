package extract

// sheetRow is one row of a sheet: its values from column A on (excelize cuts trailing empty
// cells, so rows differ in length) and its row number as Excel shows it.
type sheetRow struct {
	cells []string
	num   int
}

// cellAt returns the value in 0-based column c of a row, "" past its end.
func cellAt(cells []string, c int) string {
	if c < len(cells) {
		return cells[c]
	}
	return ""
}

// headerScanRows is how many rows that hold values are searched for the header.
const headerScanRows = 30

// findHeader picks the header among the first rows that hold values (blank rows already left
// out). The header is the first row whose values are all text, not numbers or dates, with at
// least two of them (one when the rows below hold one value), filling at least half as many
// columns as the rows below it. Rows above it must read as a title: text in one cell, or in
// fewer cells than the next row. It returns -1 when the sheet has no header row: its first row
// is already data.
func findHeader(rows []sheetRow) int {
	for i, r := range rows {
		if isHeaderRow(r.cells, rows[i+1:min(len(rows), i+6)]) {
			return i
		}
		if !isTitleRow(r.cells, rows[i+1:]) {
			return -1
		}
	}
	return -1
}

// countCells returns how many cells hold a value and how many of those look like data.
func countCells(cells []string) (values, data int) {
	for _, s := range cells {
		if IsBlank(s) {
			continue
		}
		values++
		if looksLikeData(s) || isExcelError(s) {
			data++
		}
	}
	return values, data
}

func isHeaderRow(cells []string, below []sheetRow) bool {
	n, data := countCells(cells)
	if n == 0 || data > 0 {
		return false
	}
	width := 0
	for _, r := range below {
		w, _ := countCells(r.cells)
		width = max(width, w)
	}
	if n < 2 && width > 1 {
		return false
	}
	return 2*n >= width
}

func isTitleRow(cells []string, rest []sheetRow) bool {
	n, data := countCells(cells)
	if data > 0 {
		return false
	}
	if n <= 1 {
		return true
	}
	if len(rest) == 0 {
		return false
	}
	next, _ := countCells(rest[0].cells)
	return n < next
}

// fillHeaderMerges gives every header cell covered by a merged range that starts on the header
// row the range's value, so that a header merged across two columns names both: "Address",
// "Address (2)".
func fillHeaderMerges(header []string, num int, merges []mergeRange) []string {
	for _, m := range merges {
		if m.top != num || m.right == m.left || m.left > len(header) || IsBlank(header[m.left-1]) {
			continue
		}
		for c := m.left + 1; c <= m.right; c++ {
			if c > len(header) {
				header = append(header, make([]string, c-len(header))...)
			}
			if IsBlank(header[c-1]) {
				header[c-1] = header[m.left-1]
			}
		}
	}
	return header
}

// tableColumns returns the 0-based sheet columns of the table: those with a header name or a
// value in a sample row. Empty columns (before the table, between its columns, or styled but
// empty after it) are not columns.
func tableColumns(header []string, sample []sheetRow) []int {
	width := len(header)
	for _, r := range sample {
		width = max(width, len(r.cells))
	}
	used := make([]bool, width)
	for c, s := range header {
		used[c] = !IsBlank(s)
	}
	for _, r := range sample {
		for c, s := range r.cells {
			used[c] = used[c] || !IsBlank(s)
		}
	}
	var cols []int
	for c, u := range used {
		if u {
			cols = append(cols, c)
		}
	}
	return cols
}

// columnNames names the table's columns from the header row: a blank name becomes the column's
// letters ("column C"), repeated names are numbered.
func columnNames(header []string, cols []int) []string {
	rec := make([]string, len(cols))
	for j, c := range cols {
		rec[j] = cellAt(header, c)
	}
	return uniqueNames(rec, func(j int) string { return "column " + colName(cols[j]) })
}

// excelErrors are the values Excel shows for a formula that failed.
var excelErrors = map[string]bool{
	"#NULL!": true, "#DIV/0!": true, "#VALUE!": true, "#REF!": true, "#NAME?": true, "#NUM!": true,
	"#N/A": true, "#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true, "#FIELD!": true,
	"#BLOCKED!": true, "#UNKNOWN!": true, "#CONNECT!": true, "#BUSY!": true, "#PYTHON!": true,
	"#EXTERNAL!": true,
}

func isExcelError(s string) bool { return len(s) > 1 && s[0] == '#' && excelErrors[s] }
