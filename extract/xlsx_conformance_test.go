package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sharedXLSX is the folder of workbooks from other projects' test suites (see its FILES.md).
const sharedXLSX = "../../shared/data/xlsx"

// sheetWant is what one sheet of a shared workbook must read as.
type sheetWant struct {
	sheet   string
	header  int // the header's row; 1 for the first row, -1 when the sheet has none
	names   []string
	types   []Type
	records int64
	blank   int64
	first   []string // the first record, as readAll renders it
	check   func(t *testing.T, s readSheet)
}

// needShared skips a test when the shared workbooks are absent, and fails it in CI (CI set),
// which has them, as internal/testkit.Data does. (This package cannot import testkit: the
// Parquet fixtures define their own -update flag.)
func needShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sharedXLSX); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared data missing in CI: %v", err)
		}
		t.Skipf("shared workbooks not found at %s (the shared data folder sits beside the checkout): %v", sharedXLSX, err)
	}
}

func TestXLSXConformance(t *testing.T) {
	needShared(t)
	tests := []struct {
		file   string
		opts   Options
		err    string // the error after "path: ", when the workbook must be refused
		sheets []sheetWant
		check  func(t *testing.T, sheets []readSheet)
	}{
		{file: "calamine_date.xlsx", sheets: []sheetWant{{sheet: "Sheet1", header: -1,
			names: []string{"column A", "column B"}, types: []Type{Time, Int}, records: 3,
			first: []string{"2021-01-01", "15"},
			check: func(t *testing.T, s readSheet) {
				// A3 holds 10.632 days formatted [hh]:mm:ss, a duration in a date column: as a
				// date it is day 10 of the 1900 system.
				if got := s.rows[2][0]; got != "1900-01-10T15:10:10Z" {
					t.Errorf("A3 = %s", got)
				}
			}}}},
		{file: "calamine_date_1904.xlsx", sheets: []sheetWant{{sheet: "Sheet1", header: -1,
			names: []string{"column A", "column B"}, types: []Type{Time, Int}, records: 3,
			first: []string{"2021-01-01", "15"},
			check: func(t *testing.T, s readSheet) {
				if got := s.rows[2][0]; got != "1904-01-11T15:10:10Z" {
					t.Errorf("A3 = %s", got)
				}
			}}}},
		{file: "calamine_date_iso.xlsx", sheets: []sheetWant{{sheet: "Sheet", header: -1,
			names: []string{"column A"}, types: []Type{String}, records: 6, first: []string{"2021-01-01"},
			// Three t="d" cells, then three lines of text: not a date column, but with the type
			// given the ISO values read as dates.
			check: func(t *testing.T, s readSheet) {
				typed, err := readPart(s.part, Options{Types: map[string]Type{"column A": Time}})
				if err != nil {
					t.Fatal(err)
				}
				want := []string{"2021-01-01", "2021-01-01T10:10:10Z", "!10:10:10"}
				for i, w := range want {
					if typed.rows[i][0] != w {
						t.Errorf("typed as time, row %d = %q, want %q", i+1, typed.rows[i][0], w)
					}
				}
			}}}},
		{file: "calamine_header-row.xlsx", sheets: []sheetWant{{sheet: "Sheet1", header: 9,
			names: []string{"Columns", "Column A", "Column B", "Column C"}, types: []Type{String, Int, Int, Int},
			records: 1, first: []string{"put data here", "1", "2", "3"}}}},
		{file: "calamine_issue127_libreoffice_8sheets.xlsx",
			err: "no data: every sheet is empty (sheets: Sheet1, Sheet2, Sheet3, Sheet4, Sheet5, Sheet6, Sheet7, Sheet8)"},
		{file: "calamine_issue_174_gnumeric_xfd.xlsx", sheets: []sheetWant{{sheet: "Sheet1", header: 1,
			names: []string{"Your Ref #", "Contact Name", "Contact Number", "Address", "City", "Weight", "Pieces",
				"Material Cost", "SPL Instruction", "Remarks", "Your Company"},
			types:   []Type{Int, String, String, String, String, Float, Int, Float, String, String, String},
			records: 1, first: []string{"123", "Test Contact Name", "Test Contact Number", "Hello Address", "My City",
				"1.5", "1", "1.201", "Nothing SPL", "No Remarks", "My Company?"}}}},
		{file: "excelize_BadWorkbook.xlsx", err: "no sheets: the workbook lists none"},
		{file: "excelize_Book1.xlsx", sheets: []sheetWant{
			{sheet: "Sheet1", header: -1, names: []string{"column A", "column B", "column C", "column D"},
				types: []Type{String, Int, String, String}, records: 3, blank: 1, first: []string{"Total:", "237", "", ""}},
			{sheet: "Sheet2", header: 1, names: []string{"Monitor", "column B", "Brand", "column D", "inlineStr"},
				types: []Type{String, Int, String, Int, String}, records: 10, first: []string{"> 23 Inch", "19", "HP", "200", ""},
				check: func(t *testing.T, s readSheet) {
					// C11 is a t="str" formula result; E11:I11 are formulas without cached values.
					if got := s.rows[9]; !reflect.DeepEqual(got, []string{"", "", "Other", "37", ""}) {
						t.Errorf("row 11 = %q", got)
					}
				}},
		}},
		{file: "excelize_MergeCell.xlsx", sheets: []sheetWant{{sheet: "Sheet1", header: 1,
			names: []string{"A1", "A1 (2)", "C1", "D1"}, types: []Type{String, String, String, String}, records: 11,
			first: []string{"A2", "B2", "C2", "D2"},
			check: func(t *testing.T, s readSheet) {
				// A2:A3, A4:B5 and A7:C10 repeat their value down their first column.
				for i, want := range []string{"A2", "A2", "A4", "A4", "A6", "A7", "A7", "A7", "A7", "A11", "A12"} {
					if s.rows[i][0] != want {
						t.Errorf("row %d column A = %q, want %q", s.pos[i], s.rows[i][0], want)
					}
				}
				if s.rows[3][1] != "" || !hasNote(s.stats.Notes, "5 cells below the top of a merged range read its value") {
					t.Errorf("B5 = %q (want empty), notes %q", s.rows[3][1], s.stats.Notes)
				}
			}}}},
		{file: "excelize_SharedStrings.xlsx", sheets: []sheetWant{
			{sheet: "Sheet1", header: 1, names: []string{"A"}, types: []Type{String}},
			{sheet: "Sheet2", header: 1, names: []string{"Test Weight (Kgs)"}, types: []Type{String}},
		}},
		{file: "excelize_encryptAES_password.xlsx", err: "encrypted workbook: export it without a password, or pass --password-env VAR"},
		{file: "excelize_encryptAES_password.xlsx", opts: Options{Password: "password"}, sheets: []sheetWant{
			{sheet: "Sheet1", header: 1, names: []string{"SECRET"}, types: []Type{String}}}},
		{file: "tealeg_empty_rows.xlsx", sheets: []sheetWant{
			{sheet: "EmptyRows", header: 3, names: []string{"A3", "B3"}, types: []Type{String, String}, records: 1, first: []string{"A4", "B4"}},
			{sheet: "EmptyCols", header: 1, names: []string{"C1", "D1"}, types: []Type{String, String}, records: 1, first: []string{"C2", "D2"},
				check: func(t *testing.T, s readSheet) {
					if !hasNote(s.stats.Notes, "the table starts at column C") {
						t.Errorf("notes %q", s.stats.Notes)
					}
				}},
			{sheet: "EmptyRowsAndCols", header: 3, names: []string{"C3", "D3"}, types: []Type{String, String}, records: 1, first: []string{"C4", "D4"}},
		}},
		{file: "tealeg_empty_rows_in_the_rest.xlsx", sheets: []sheetWant{{sheet: "工作表1", header: -1,
			names: []string{"column A", "column B", "column C", "column D", "column E", "column F"},
			types: []Type{Int, Int, Int, Int, Int, Int}, records: 1, first: []string{"1", "2", "3", "4", "5", "6"}}}},
		{file: "tealeg_googleDocsTest.xlsx", sheets: []sheetWant{{sheet: "Sheet1", header: 1,
			names: []string{"This is a test spreadsheet", "It has a couple of columns"}, types: []Type{String, String},
			records: 1, first: []string{"as well as a couple of rows", "hello hello"}}}},
		{file: "tealeg_merged_cells_google.xlsx", sheets: []sheetWant{{sheet: "Sheet1", header: 1,
			names: []string{"Date", "Product", "Quantity"}, types: []Type{Time, String, Float}, records: 6,
			first: []string{"2016-01-01", "A", "4"},
			check: func(t *testing.T, s readSheet) {
				want := [][]string{{"2016-01-01", "B", "23"}, {"2016-01-02", "A", "1"}, {"2016-01-02", "C", "5"},
					{"2016-01-03", "B", "9"}, {"2017-12-31", "Happy New Year!", ""}}
				if !reflect.DeepEqual(s.rows[1:], want) {
					t.Errorf("rows 3-7 = %q, want %q", s.rows[1:], want)
				}
			}}}},
		{file: "tealeg_testFileToSlice_styled_blanks.xlsx", err: "no data: every sheet is empty (sheets: data)"},

		// FILES.md lists these, but the folder may not hold them: each is skipped when absent.
		{file: "poi_bug62181_19k_rows_dates.xlsx", check: func(t *testing.T, sheets []readSheet) {
			s := sheets[0]
			if len(sheets) != 1 || len(s.types) < 4 || s.types[3] != Time || s.stats.Records < 19000 {
				t.Fatalf("%d sheets, types %v, %d records; want one sheet with a date column D and ~19,455 records", len(sheets), s.types, s.stats.Records)
			}
			for i, r := range s.rows {
				if r[3] != "" && !strings.HasPrefix(r[3], "2018-") {
					t.Fatalf("row %d: D = %q, want a date in 2018", s.pos[i], r[3])
				}
			}
		}},
		{file: "poi_65016_google_3sheets.xlsx", check: func(t *testing.T, sheets []readSheet) {
			if len(sheets) != 1 || sheets[0].stats.Records < 400 || !containsType(sheets[0].types, Time) {
				t.Errorf("%d sheets; want only the data sheet, ~441 records, timestamps read from text", len(sheets))
			}
		}},
		{file: "poi_bug67784_libreoffice_formulas.xlsx", check: func(t *testing.T, sheets []readSheet) {}},
		{file: "poi_58896_wide_353cols_merges.xlsx", check: func(t *testing.T, sheets []readSheet) {}},
		{file: "poi_MalformedSSTCount_libreoffice.xlsx", check: func(t *testing.T, sheets []readSheet) {}},
	}
	for _, tt := range tests {
		name := strings.TrimSuffix(tt.file, ".xlsx")
		if tt.opts.Password != "" {
			name += "/with_password"
		}
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(sharedXLSX, tt.file)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("%s is listed in FILES.md but not in %s", tt.file, sharedXLSX)
			}
			sheets, err := readAll(path, tt.opts)
			if tt.err != "" {
				if err == nil || err.Error() != path+": "+tt.err {
					t.Fatalf("error = %v, want %s: %s", err, path, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, sheets)
				return
			}
			if len(sheets) != len(tt.sheets) {
				t.Fatalf("read %d sheets, want %d", len(sheets), len(tt.sheets))
			}
			for i, want := range tt.sheets {
				checkSheet(t, sheets[i], want)
			}
		})
	}
}

func checkSheet(t *testing.T, s readSheet, want sheetWant) {
	t.Helper()
	if s.part.Sheet != want.sheet {
		t.Errorf("sheet %q, want %q", s.part.Sheet, want.sheet)
	}
	switch note := hasNote(s.stats.Notes, "no header row"); {
	case want.header == -1 && !note:
		t.Errorf("%s: notes %q, want no header row", want.sheet, s.stats.Notes)
	case want.header > 1 && !hasNote(s.stats.Notes, "header found on row "+formatFloat(float64(want.header))):
		t.Errorf("%s: notes %q, want the header on row %d", want.sheet, s.stats.Notes, want.header)
	case want.header == 1 && (note || hasNote(s.stats.Notes, "header found")):
		t.Errorf("%s: notes %q, want the header on row 1", want.sheet, s.stats.Notes)
	}
	if !reflect.DeepEqual(s.names, want.names) || !reflect.DeepEqual(s.types, want.types) {
		t.Errorf("%s: columns %q %v, want %q %v", want.sheet, s.names, s.types, want.names, want.types)
	}
	if s.stats.Records != want.records || int64(len(s.rows)) != want.records || s.stats.BlankRows != want.blank {
		t.Errorf("%s: %d records (%d rows), %d blank rows; want %d, %d", want.sheet, s.stats.Records, len(s.rows), s.stats.BlankRows, want.records, want.blank)
	}
	if want.first != nil && (len(s.rows) == 0 || !reflect.DeepEqual(s.rows[0], want.first)) {
		t.Errorf("%s: first record %q, want %q", want.sheet, s.rows, want.first)
	}
	if want.check != nil && len(s.rows) == int(want.records) {
		want.check(t, s)
	}
}

func containsType(types []Type, t Type) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// TestXLSXSameDatesInBothSystems reads the 1900 and 1904 versions of one workbook: the dates
// must be the same instants.
func TestXLSXSameDatesInBothSystems(t *testing.T) {
	needShared(t)
	a, errA := readAll(filepath.Join(sharedXLSX, "calamine_date.xlsx"), Options{})
	b, errB := readAll(filepath.Join(sharedXLSX, "calamine_date_1904.xlsx"), Options{})
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if !reflect.DeepEqual(a[0].rows[:2], b[0].rows[:2]) {
		t.Errorf("1900 system %q, 1904 system %q", a[0].rows[:2], b[0].rows[:2])
	}
}
