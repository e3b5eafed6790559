package extract

import (
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crmready/crmready/internal/testkit"
)

// sheetWant is what one sheet of a shared workbook must read as.
type sheetWant struct {
	sheet   string
	header  int // the header's row; 1 for the first row, -1 when the sheet has none
	names   []string
	types   []Type
	records int64
	blank   int64
	first   []string // the first record, as readAll renders it
	at      int64    // the first record's sheet row; 0 when not checked
	check   func(t *testing.T, s readSheet)
}

// sharedXLSX returns the folder of workbooks from other projects' test suites (see its
// FILES.md), or stops the test as testkit.Data does.
func sharedXLSX(t *testing.T) string {
	t.Helper()
	return testkit.Data(t, "xlsx")
}

func TestXLSXConformance(t *testing.T) {
	dir := sharedXLSX(t)
	tests := []struct {
		file   string
		opts   Options
		err    string      // the error after "path: ", when the workbook must be refused
		sheets []sheetWant // every sheet read, in order
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
				types: []Type{String, Int, String, String}, records: 3, blank: 1, first: []string{"Total:", "237", "", ""}, at: 19},
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

		// The expectations below were written from the workbooks' XML (sheet, shared-string and
		// style parts read with Python's zipfile: testdata/oracle/cells.py), not from FILES.md's
		// one-line descriptions.
		{file: "poi_bug62181_19k_rows_dates.xlsx", sheets: []sheetWant{{sheet: "List 2", header: -1,
			names: letterNames("A", "B", "C", "D", "E", "F", "G", "H", "I"), types: []Type{Int, Int, Int, Time, Int, Int, Int, Int, Int},
			// Rows 1 to 19,455 hold values; row 19,456 is styled and empty: not a record.
			records: 19455, first: []string{"0", "0", "123", "2018-02-01", "17060", "200", "4", "4", "5028"},
			check: func(t *testing.T, s readSheet) {
				// Column D is serials 43131..43161 under dd.mm.yyyy (numFmt 173): 23 distinct days
				// from 31 January to 2 March 2018.
				last := s.rows[len(s.rows)-1]
				if s.pos[len(s.pos)-1] != 19455 || !reflect.DeepEqual(last, []string{"19454", "48", "1675", "2018-03-01", "192", "2", "1", "6", "5028"}) {
					t.Errorf("last record (row %d) = %q", s.pos[len(s.pos)-1], last)
				}
				days := map[string]bool{}
				for _, r := range s.rows {
					days[r[3]] = true
				}
				lo, hi := minMax(days)
				if len(days) != 23 || lo != "2018-01-31" || hi != "2018-03-02" {
					t.Errorf("column D: %d distinct values from %s to %s, want 23 dates from 2018-01-31 to 2018-03-02", len(days), lo, hi)
				}
			}}}},
		{file: "poi_65016_google_3sheets.xlsx", sheets: []sheetWant{
			// Every element is x:-prefixed; row 1 holds only "Move samples" (Z1, merged Z1:AH1),
			// the header is row 2, AI is empty throughout, data runs from row 3 to row 9,807.
			{sheet: "26 Mar 2014 11_11_02", header: 2,
				names: []string{"Activity", "StartTime [ISO8601]", "Duration [s]", "Calories", "Distance [m]", "HrAvg", "Latitude", "Longitude",
					"SpeedAvg [km/h]", "TE", "AscentAltitude", "AscentTime", "DescentAltitude", "DescentTime", "FlatTime", "HighAltitude", "LowAltitude",
					"HrMin", "HrPeak", "SpeedMax", "TemperatureAvg", "TemperatureMax", "TemperatureMin", "SampleInterval", "Device", "LocalTime",
					"Altitude", "Distance", "EnergyConsumption", "HeartRate", "SeaLevelPressure", "Speed", "Temperature", "VerticalSpeed", "IBI"},
				types:   parseTypes("string time float int int int float float float float int int int int float int int int int int float float float int string time int int float int int float float float int"),
				records: 9805, at: 3,
				first: []string{"Running", "2014-03-26T11:11:02Z", "3860.6", "845", "12760", "151", "48.330288", "14.323766", "11.900016", "4.5",
					"22", "772", "30", "716", "2372.6", "266", "257", "82", "174", "7", "18.16045", "23.9", "15.9", "1", "Suunto Ambit2",
					"2014-03-26T11:11:02Z", "0", "0", "1.2", "85", "1014", "0.8", "23.8", "0", "931"},
				check: func(t *testing.T, s readSheet) {
					// LocalTime (Z) is 3,901 t="str" cells "2014-03-26 11:11:02" .. "12:33:35".
					checkTimeText(t, s, "LocalTime", 3901, "2014-03-26T11:11:02Z", "2014-03-26T12:33:35Z")
					if n := len(s.rows) - 1; s.pos[n] != 9807 || s.rows[n][34] != "725" {
						t.Errorf("last record: row %d, IBI %q; want row 9807, IBI 725", s.pos[n], s.rows[n][34])
					}
				}},
			// Row 1 holds the banners "Leg 1" .. "Leg 6"; row 2 six blocks of nine headers with an
			// empty column between blocks (J, T, AD, AN, AX); data rows 3 to 442. Numbers are
			// written "265.0": floats.
			{sheet: "Splits", header: 2, names: splitsNames(),
				types:   parseTypes(strings.Repeat("time float float float float float float float float ", 6)),
				records: 440, at: 3,
				first: []string{"2014-03-26T11:39:23Z", "265", "2379", "6.5", "111", "1014", "3.3", "18.9", "0",
					"2014-03-26T11:46:18Z", "261", "3862", "12.7", "149", "1014", "3", "16.5", "0",
					"2014-03-26T11:53:49Z", "261", "5370", "12.2", "141", "1014", "2.2", "16.2", "0.1",
					"2014-03-26T12:01:03Z", "260", "6869", "12.3", "145", "1014", "1.1", "17.5", "0",
					"2014-03-26T12:07:58Z", "260", "8368", "12.4", "152", "1014", "0.4", "18", "0",
					"2014-03-26T12:15:36Z", "265", "9862", "10.9", "147", "1014", "4.6", "17.8", "0"},
				check: func(t *testing.T, s readSheet) {
					// Each leg's LocalTime is shared-string text; counts and ranges from the XML.
					for _, c := range []struct {
						name     string
						n        int
						min, max string
					}{
						{"LocalTime", 415, "11:39:23", "11:46:17"}, {"LocalTime (2)", 440, "11:46:18", "11:53:46"},
						{"LocalTime (3)", 428, "11:53:49", "12:01:01"}, {"LocalTime (4)", 416, "12:01:03", "12:07:57"},
						{"LocalTime (5)", 434, "12:07:58", "12:15:31"}, {"LocalTime (6)", 424, "12:15:36", "12:22:37"},
					} {
						checkTimeText(t, s, c.name, c.n, "2014-03-26T"+c.min+"Z", "2014-03-26T"+c.max+"Z")
					}
				}},
			// SplitChart holds a drawing and no cells: not a dataset.
		}},
		{file: "poi_bug67784_libreoffice_formulas.xlsx", sheets: []sheetWant{{sheet: "Sheet1", header: -1,
			// A1:A9 are formulas with cached results: two booleans (t="b" 0 and 1), six errors
			// (#DIV/0! twice, #VALUE! three times, #NAME?) and A6, an external reference whose
			// cached number is 0, which a boolean column reads as false. B4 is a shared string.
			names: letterNames("A", "B"), types: []Type{Bool, String}, records: 9, first: []string{"false", ""},
			check: func(t *testing.T, s readSheet) {
				var a []string
				for _, r := range s.rows {
					a = append(a, r[0])
				}
				if want := []string{"false", "true", "", "", "", "false", "", "", ""}; !reflect.DeepEqual(a, want) {
					t.Errorf("column A = %q, want %q", a, want)
				}
				if s.rows[3][1] != "this is some text" {
					t.Errorf("B4 = %q", s.rows[3][1])
				}
				if !hasNote(s.stats.Notes, `column "column A": 6 formula error values (first #DIV/0!) read as empty`) {
					t.Errorf("notes %q, want the 6 error values of column A counted", s.stats.Notes)
				}
			}}}},
		{file: "poi_58896_wide_353cols_merges.xlsx", sheets: []sheetWant{{sheet: "Sheet0", header: -1,
			// A1:MO103: 8,501 values in 283 of the 353 columns, rows 10, 20, 30, 41, 51, 62, 73,
			// 83 and 94 empty; 1,475 merged ranges, every one a row across six columns whose
			// covered cells hold nothing. Row 1 ("Iteration", "Entry", "toString") is data.
			names: wideNames(), types: wideTypes(), records: 94, blank: 9,
			check: func(t *testing.T, s readSheet) {
				checkWideMerges(t, s)
			}}}},
		{file: "poi_MalformedSSTCount_libreoffice.xlsx", sheets: []sheetWant{{sheet: "Sheet1", header: 1,
			// sst count="8876876876876" uniqueCount="8" over 8 entries: every string still reads.
			names: []string{"sdgf", "fdsag", "dsafv", "asdf"}, types: []Type{String, String, String, String}, records: 2,
			first: []string{"asdc", "sadc", "asdfXZc", "sadf"},
			check: func(t *testing.T, s readSheet) {
				if !reflect.DeepEqual(s.rows[1], []string{"23", "24", "2", "1"}) {
					t.Errorf("row 3 = %q", s.rows[1])
				}
			}}}},
	}
	for _, tt := range tests {
		name := strings.TrimSuffix(tt.file, ".xlsx")
		if tt.opts.Password != "" {
			name += "/with_password"
		}
		t.Run(name, func(t *testing.T) {
			path := testkit.NeedFile(t, filepath.Join(dir, tt.file))
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
			if len(tt.sheets) == 0 {
				t.Fatal("the case asserts nothing: give the sheets it must read, or the error")
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
	if want.at != 0 && (len(s.pos) == 0 || s.pos[0] != want.at) {
		t.Errorf("%s: first record on rows %v, want row %d", want.sheet, s.pos[:min(len(s.pos), 1)], want.at)
	}
	if want.check != nil && len(s.rows) == int(want.records) {
		want.check(t, s)
	}
}

// TestXLSXSameDatesInBothSystems reads the 1900 and 1904 versions of one workbook: the dates
// must be the same instants.
func TestXLSXSameDatesInBothSystems(t *testing.T) {
	dir := sharedXLSX(t)
	a, errA := readAll(filepath.Join(dir, "calamine_date.xlsx"), Options{})
	b, errB := readAll(filepath.Join(dir, "calamine_date_1904.xlsx"), Options{})
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if !reflect.DeepEqual(a[0].rows[:2], b[0].rows[:2]) {
		t.Errorf("1900 system %q, 1904 system %q", a[0].rows[:2], b[0].rows[:2])
	}
}

// letterNames names columns by their letters, as a sheet without a header does.
func letterNames(letters ...string) []string {
	out := make([]string, len(letters))
	for i, l := range letters {
		out[i] = "column " + l
	}
	return out
}

// parseTypes reads a space-separated list of type names.
func parseTypes(s string) []Type {
	var out []Type
	for _, f := range strings.Fields(s) {
		ty, err := ParseType(f)
		if err != nil {
			panic(err) // a typo in the test table
		}
		out = append(out, ty)
	}
	return out
}

// splitsNames is the header of poi_65016's Splits sheet: six legs of the same nine columns,
// repeated names numbered from the second leg on.
func splitsNames() []string {
	var out []string
	for leg := 1; leg <= 6; leg++ {
		for _, n := range []string{"LocalTime", "Altitude", "Distance", "EnergyConsumption", "HeartRate", "SeaLevelPressure", "Speed", "Temperature", "VerticalSpeed"} {
			if leg > 1 {
				n += " (" + formatFloat(float64(leg)) + ")"
			}
			out = append(out, n)
		}
	}
	return out
}

// wideEmpty are the 70 columns of poi_58896's A:MO that hold no value in any row.
const wideEmpty = "D E N O X Y AH AI AR AS BB BC BL BM BV BW CF CG CP CQ CZ DA DJ DK DT DU ED EE EN EO EX EY FH FI " +
	"FR FS GB GC GL GM GV GW HF HG HP HQ HZ IA IJ IK IT IU JD JE JN JO JX JY KH KI KR KS LB LC LL LM LV LW MF MG"

// wideNames are poi_58896's 283 columns: A to MO less the empty ones.
func wideNames() []string {
	empty := map[string]bool{}
	for _, l := range strings.Fields(wideEmpty) {
		empty[l] = true
	}
	var out []string
	for c := 1; c <= 353; c++ { // A..MO
		l, _ := excelize.ColumnNumberToName(c)
		if !empty[l] {
			out = append(out, "column "+l)
		}
	}
	return out
}

// wideTypes: text everywhere except MJ:MM, which hold one number each (row 96: 0, 84554.19,
// 5373.48, 4163.66); every other column mixes labels and numbers.
func wideTypes() []Type {
	numbers := map[string]Type{"column MJ": Int, "column MK": Float, "column ML": Float, "column MM": Float}
	var out []Type
	for _, n := range wideNames() {
		ty, ok := numbers[n]
		if !ok {
			ty = String
		}
		out = append(out, ty)
	}
	return out
}

// checkWideMerges holds poi_58896 to the README's rule for merges: a range merged across columns
// on a data row is a banner, read once in its first column, its covered cells empty; none is
// merged down rows, so nothing is repeated. The ranges come from excelize's own reading of the
// sheet, not from crmready's.
func checkWideMerges(t *testing.T, s readSheet) {
	t.Helper()
	values := 0
	for _, r := range s.rows {
		for _, v := range r {
			if v != "" {
				values++
			}
		}
	}
	if values != 8501 || hasNote(s.stats.Notes, "merged range") {
		t.Errorf("%d values read, notes %q; want the sheet's 8,501 values, none copied by a merge", values, s.stats.Notes)
	}
	f, err := excelize.OpenFile(s.part.File)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	merges, err := f.GetMergeCells(s.part.Sheet)
	if err != nil || len(merges) != 1475 {
		t.Fatalf("excelize reads %d merged ranges (%v), want 1,475", len(merges), err)
	}
	colOf := map[string]int{}
	for j, n := range s.names {
		colOf[n] = j
	}
	rowOf := map[int64]int{}
	for i, p := range s.pos {
		rowOf[p] = i
	}
	bad := 0
	for _, m := range merges {
		c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		i, ok := rowOf[int64(r1)]
		if r1 != r2 || c2-c1 != 5 || !ok {
			t.Fatalf("merged range %s: want one data row across six columns", m.GetStartAxis()+":"+m.GetEndAxis())
		}
		for c := c1; c <= c2; c++ {
			l, _ := excelize.ColumnNumberToName(c)
			j, isCol := colOf["column "+l]
			want := ""
			if c == c1 {
				want = m.GetCellValue()
			}
			if isCol && s.rows[i][j] != want && bad < 5 {
				bad++
				t.Errorf("%s%d (in %s:%s) = %q, want %q", l, r1, m.GetStartAxis(), m.GetEndAxis(), s.rows[i][j], want)
			}
		}
	}
	// Three ranges read from the sheet XML by hand.
	for _, c := range []struct {
		row  int64
		col  string
		want string
	}{{3, "F", "Description"}, {103, "Z", "Bought TFSA"}, {102, "JP", "Bought RRSP"}} {
		if got := s.rows[rowOf[c.row]][colOf["column "+c.col]]; got != c.want {
			t.Errorf("%s%d = %q, want %q", c.col, c.row, got, c.want)
		}
	}
}

// checkTimeText checks a column of timestamps stored as text: it is a time column and its n
// values all parsed, from min to max.
func checkTimeText(t *testing.T, s readSheet, name string, n int, min, max string) {
	t.Helper()
	j := slices.Index(s.names, name)
	if j < 0 || s.types[j] != Time {
		t.Fatalf("column %q: not a time column (%q %v)", name, s.names, s.types)
	}
	seen := map[string]bool{}
	count := 0
	for i, r := range s.rows {
		switch v := r[j]; {
		case v == "":
		case strings.HasPrefix(v, "!"):
			t.Fatalf("%s row %d: %q did not parse", name, s.pos[i], v)
		default:
			count++
			seen[v] = true
		}
	}
	lo, hi := minMax(seen)
	if count != n || lo != min || hi != max {
		t.Errorf("%s: %d timestamps from %s to %s, want %d from %s to %s", name, count, lo, hi, n, min, max)
	}
}

// minMax returns the least and greatest of a set of strings.
func minMax(set map[string]bool) (lo, hi string) {
	keys := slices.Sorted(maps.Keys(set))
	if len(keys) == 0 {
		return "", ""
	}
	return keys[0], keys[len(keys)-1]
}
