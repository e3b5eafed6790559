package extract_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/crmready/crmready/extract"
)

// writeTemp writes data to a file called name in a fresh temporary directory and returns its path.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// utf16With encodes s as UTF-16 with a byte-order mark, little- or big-endian.
func utf16With(s string, little bool) string {
	var b []byte
	put := func(u uint16) {
		if little {
			b = append(b, byte(u), byte(u>>8))
		} else {
			b = append(b, byte(u>>8), byte(u))
		}
	}
	put(0xFEFF)
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return string(b)
}

// read is what a reader returned for a whole file.
type read struct {
	cols    []string // "name:type", "name:time(D/M/Y)" for text dates
	sources []string
	rows    [][]string // cell per value, see cell
	pos     []int64
	batches []int // records per batch
	stats   extract.Stats
}

// cell shows a value as the reader decoded it: the typed value formatted canonically, <null>, or
// <bad TEXT> for a value kept as text because it could not be parsed.
func cell(v *extract.Vector, i int) string {
	switch {
	case v.Null[i]:
		return "<null>"
	case v.Bad[i]:
		return "<bad " + v.Str[i] + ">"
	}
	return v.Format(i)
}

// readAll reads the file at path through Parts, Open and Next, checking what every batch must
// hold whatever the input: record numbers that continue, one position per record, vectors of the
// schema's types and of the batch's length.
func readAll(t *testing.T, path string, o extract.Options) (read, error) {
	t.Helper()
	parts, err := extract.Parts(path, o)
	if err != nil {
		return read{}, err
	}
	if len(parts) != 1 || parts[0] != (extract.Part{File: path}) {
		t.Fatalf("Parts(%s) = %v, want the file itself", path, parts)
	}
	r, err := extract.Open(parts[0], o)
	if err != nil {
		return read{}, err
	}
	defer r.Close()
	var out read
	for _, c := range r.Schema().Columns {
		col := c.Name + ":" + c.Type.String()
		if c.DateFormat != "" {
			col = fmt.Sprintf("%s(%s)", col, c.DateFormat)
		}
		out.cols = append(out.cols, col)
		out.sources = append(out.sources, c.Source)
	}
	var records int64
	for {
		b, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, err
		}
		if b.File != path || b.PosKind != extract.PosLine || b.Record != records || b.Recs != nil {
			t.Fatalf("batch %d: File %q PosKind %d Record %d Recs %v; want %q, lines, %d, nil", len(out.batches), b.File, b.PosKind, b.Record, b.Recs, path, records)
		}
		if b.Len == 0 || len(b.Pos) != b.Len || len(b.Cols) != len(out.cols) {
			t.Fatalf("batch %d: Len %d, %d positions, %d columns", len(out.batches), b.Len, len(b.Pos), len(b.Cols))
		}
		for j, v := range b.Cols {
			if v.Type != r.Schema().Columns[j].Type || len(v.Null) != b.Len || len(v.Bad) != b.Len || len(v.Str) != b.Len {
				t.Fatalf("batch %d column %d: a %s vector of %d/%d/%d values in a %s column of %d records", len(out.batches), j, v.Type, len(v.Null), len(v.Bad), len(v.Str), r.Schema().Columns[j].Type, b.Len)
			}
		}
		for i := 0; i < b.Len; i++ {
			if b.RecordNo(i) != records+int64(i)+1 {
				t.Fatalf("batch %d row %d: RecordNo %d, want %d", len(out.batches), i, b.RecordNo(i), records+int64(i)+1)
			}
			row := make([]string, len(b.Cols))
			for j, v := range b.Cols {
				row[j] = cell(v, i)
			}
			out.rows = append(out.rows, row)
		}
		out.pos = append(out.pos, b.Pos...)
		out.batches = append(out.batches, b.Len)
		records += int64(b.Len)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("Next after io.EOF = %v, want io.EOF again", err)
	}
	out.stats = r.Stats()
	return out, nil
}

func TestCSV(t *testing.T) {
	var twelveShort strings.Builder
	twelveShort.WriteString("a,b,c\n")
	for i := range 12 {
		fmt.Fprintf(&twelveShort, "%d,x\n", i)
	}
	var ten strings.Builder
	ten.WriteString("n,note\n")
	for i := 1; i <= 10; i++ {
		switch i {
		case 4:
			fmt.Fprintf(&ten, "%d,\"two\nlines\"\n", i)
		case 7:
			fmt.Fprintf(&ten, ",\n%d,x\n", i)
		default:
			fmt.Fprintf(&ten, "%d,x\n", i)
		}
	}
	tests := []struct {
		name    string
		file    string // in.csv when empty
		data    string
		opts    extract.Options
		cols    []string
		sources []string // checked when set
		rows    [][]string
		pos     []int64
		batches []int         // checked when set
		stats   extract.Stats // Records, Delimiter "," and Decoded "utf-8" by default; Bad all 0
		err     string        // {file} stands for the path
	}{
		// Delimiters.
		{
			name: "comma",
			data: "id,name,amount\n1,Ann,10\n2,Bob,20\n",
			cols: []string{"id:int", "name:string", "amount:int"},
			rows: [][]string{{"1", "Ann", "10"}, {"2", "Bob", "20"}},
			pos:  []int64{2, 3},
		},
		{
			name:  "semicolon with quoted commas",
			data:  "Name;Company;Amount\n\"Smith, John\";\"Acme, Inc\";1\nJane;Beta, Ltd;2\n",
			cols:  []string{"Name:string", "Company:string", "Amount:int"},
			rows:  [][]string{{"Smith, John", "Acme, Inc", "1"}, {"Jane", "Beta, Ltd", "2"}},
			pos:   []int64{2, 3},
			stats: extract.Stats{Delimiter: ";"},
		},
		{
			name:  "semicolon header, commas in every value",
			data:  "Name;City\nAnn;Paris, France\nBob;Lyon, France\n",
			cols:  []string{"Name:string", "City:string"},
			rows:  [][]string{{"Ann", "Paris, France"}, {"Bob", "Lyon, France"}},
			pos:   []int64{2, 3},
			stats: extract.Stats{Delimiter: ";"},
		},
		{
			name:  "tab",
			file:  "in.tsv",
			data:  "a\tb\n1\tx, y; z\n2\tw\n",
			cols:  []string{"a:int", "b:string"},
			rows:  [][]string{{"1", "x, y; z"}, {"2", "w"}},
			pos:   []int64{2, 3},
			stats: extract.Stats{Delimiter: "\t"},
		},
		{
			name:  "tab in a .txt file",
			file:  "export.TXT",
			data:  "a\tb\n1\t2\n",
			cols:  []string{"a:int", "b:int"},
			rows:  [][]string{{"1", "2"}},
			pos:   []int64{2},
			stats: extract.Stats{Delimiter: "\t"},
		},
		{
			name:  "pipe with quoted pipes and commas",
			data:  "a|b|c\n\"x|y\"|\"1,2\"|3\n4|5|6\n",
			cols:  []string{"a:string", "b:float", "c:int"}, // "1,2": a decimal comma
			rows:  [][]string{{"x|y", "1.2", "3"}, {"4", "5", "6"}},
			pos:   []int64{2, 3},
			stats: extract.Stats{Delimiter: "|"},
		},
		{
			name: "comma with quoted semicolons, tabs and pipes",
			data: "a,b\n\"x;y;z\",\"p\tq|r\"\n1,2\n",
			cols: []string{"a:string", "b:string"},
			rows: [][]string{{"x;y;z", "p\tq|r"}, {"1", "2"}},
			pos:  []int64{2, 3},
		},
		{
			name: "single column",
			data: "email\na@x.com\nb@y.com\n",
			cols: []string{"email:string"},
			rows: [][]string{{"a@x.com"}, {"b@y.com"}},
			pos:  []int64{2, 3},
		},
		// Encodings.
		{
			name:  "utf-8 with BOM",
			data:  "\xef\xbb\xbfid,name\n1,Zoë\n",
			cols:  []string{"id:int", "name:string"},
			rows:  [][]string{{"1", "Zoë"}},
			pos:   []int64{2},
			stats: extract.Stats{Decoded: "utf-8 with BOM"},
		},
		{
			name:  "utf-16le with BOM",
			data:  utf16With("id\tname\r\n1\tZoë\r\n2\t日本\r\n", true),
			cols:  []string{"id:int", "name:string"},
			rows:  [][]string{{"1", "Zoë"}, {"2", "日本"}},
			pos:   []int64{2, 3},
			stats: extract.Stats{Delimiter: "\t", Decoded: "utf-16le"},
		},
		{
			name:  "utf-16be with BOM",
			data:  utf16With("id,name\n1,Zoë\n", false),
			cols:  []string{"id:int", "name:string"},
			rows:  [][]string{{"1", "Zoë"}},
			pos:   []int64{2},
			stats: extract.Stats{Decoded: "utf-16be"},
		},
		{
			name:  "windows-1252",
			data:  "id,name,price\n1,Caf\xe9,\x80 5\n2,Cr\xe8me \x93br\xfbl\xe9e\x94,\x80 7\n",
			cols:  []string{"id:int", "name:string", "price:float"},
			rows:  [][]string{{"1", "Café", "5"}, {"2", "Crème “brûlée”", "7"}},
			pos:   []int64{2, 3},
			stats: extract.Stats{Decoded: "windows-1252", Replaced: 8},
		},
		{
			name:  "windows-1252 in the header",
			data:  "Soci\xe9t\xe9,Pays\nAcme,France\n",
			cols:  []string{"Société:string", "Pays:string"},
			rows:  [][]string{{"Acme", "France"}},
			pos:   []int64{2},
			stats: extract.Stats{Decoded: "windows-1252", Replaced: 2},
		},
		{
			name:  "utf-8 mixed with windows-1252",
			data:  "id,name\n1,Café\n2,Caf\xe9\n3,Zoë\n",
			cols:  []string{"id:int", "name:string"},
			rows:  [][]string{{"1", "Café"}, {"2", "Café"}, {"3", "Zoë"}},
			pos:   []int64{2, 3, 4},
			stats: extract.Stats{Decoded: "utf-8, some bytes windows-1252", Replaced: 1},
		},
		{
			name:  "utf-8 with BOM mixed with windows-1252",
			data:  "\xef\xbb\xbfid,name\n1,Café\n2,Caf\xe9\n",
			cols:  []string{"id:int", "name:string"},
			rows:  [][]string{{"1", "Café"}, {"2", "Café"}},
			pos:   []int64{2, 3},
			stats: extract.Stats{Decoded: "utf-8 with BOM, some bytes windows-1252", Replaced: 1},
		},
		{
			name:  "truncated utf-8 sequence at the end",
			data:  "id,name\n1,x\xc3",
			cols:  []string{"id:int", "name:string"},
			rows:  [][]string{{"1", "xÃ"}},
			pos:   []int64{2},
			stats: extract.Stats{Decoded: "windows-1252", Replaced: 1},
		},
		// Line ends and quoting.
		{
			name: "crlf",
			data: "id,name\r\n1,Ann\r\n2,Bob\r\n",
			cols: []string{"id:int", "name:string"},
			rows: [][]string{{"1", "Ann"}, {"2", "Bob"}},
			pos:  []int64{2, 3},
		},
		{
			name: "no final newline",
			data: "id,name\n1,Ann\n2,Bob",
			cols: []string{"id:int", "name:string"},
			rows: [][]string{{"1", "Ann"}, {"2", "Bob"}},
			pos:  []int64{2, 3},
		},
		{
			name: "lone CR line ends (Excel for Mac)",
			data: "id,name\r1,Ann\r2,Bob\r",
			cols: []string{"id:int", "name:string"},
			rows: [][]string{{"1", "Ann"}, {"2", "Bob"}},
			pos:  []int64{2, 3},
		},
		{
			name: "a lone CR inside a CRLF file is a character",
			data: "id,name\r\n1,A\rB\r\n2,C\r\n",
			cols: []string{"id:int", "name:string"},
			rows: [][]string{{"1", "A\rB"}, {"2", "C"}},
			pos:  []int64{2, 3},
		},
		{
			name: "quoted multi-line fields: positions are the line each record starts on",
			data: "id,notes,n\n1,\"first line\nsecond line\",5\n2,plain,6\n3,\"a\n\nb\n\",7\n4,x,8\n",
			cols: []string{"id:int", "notes:string", "n:int"},
			rows: [][]string{{"1", "first line\nsecond line", "5"}, {"2", "plain", "6"}, {"3", "a\n\nb\n", "7"}, {"4", "x", "8"}},
			pos:  []int64{2, 4, 5, 9},
		},
		{
			name: "quoted multi-line fields with crlf",
			data: "id,notes\r\n1,\"a\r\nb\"\r\n2,c\r\n",
			cols: []string{"id:int", "notes:string"},
			rows: [][]string{{"1", "a\nb"}, {"2", "c"}},
			pos:  []int64{2, 4},
		},
		{
			name: "multi-line header",
			data: "id,\"long\nname\"\n1,x\n",
			cols: []string{"id:int", "long\nname:string"},
			rows: [][]string{{"1", "x"}},
			pos:  []int64{3},
		},
		{
			name: "escaped quotes",
			data: "id,q\n1,\"say \"\"hi\"\"\"\n2,\"\"\"\"\n",
			cols: []string{"id:int", "q:string"},
			rows: [][]string{{"1", `say "hi"`}, {"2", `"`}},
			pos:  []int64{2, 3},
		},
		{
			name: "bare quote in an unquoted field",
			data: "id,size\n1,5\" screen\n2,7\"\n",
			cols: []string{"id:int", "size:string"},
			rows: [][]string{{"1", `5" screen`}, {"2", `7"`}},
			pos:  []int64{2, 3},
		},
		{
			name: "undoubled quotes inside a quoted field",
			data: "id,q,n\n1,\"a \"b\" c\",2\n3,d,4\n",
			cols: []string{"id:int", "q:string", "n:int"},
			rows: [][]string{{"1", `a "b" c`, "2"}, {"3", "d", "4"}},
			pos:  []int64{2, 3},
		},
		{
			name: "unterminated quote would swallow the rest of the file",
			data: "id,name\n1,Ann\n2,\"Bob\n3,Cy\n4,Di\n",
			err:  `{file}: line 3: quote never closed: the value that starts here would run to the end of the file`,
		},
		{
			name: "unterminated quote on the last line",
			data: "id,name\n1,Ann\n2,\"Bob",
			err:  `{file}: line 3: quote never closed: the value that starts here would run to the end of the file`,
		},
		{
			name: "unterminated quote in the header",
			data: "id,\"name\n1,Ann\n",
			err:  `{file}: line 1: quote never closed: the value that starts here would run to the end of the file`,
		},
		{
			name: "unterminated quote after the sample",
			data: "n\n1\n2\n3\n\"4\n5\n",
			opts: extract.Options{SampleSize: 1, BatchSize: 2},
			err:  `{file}: line 5: quote never closed: the value that starts here would run to the end of the file`,
		},
		// Ragged and blank rows.
		{
			name:  "ragged rows are padded or cut, counted and sampled",
			data:  "a,b,c\n1,2\n3,4,5,6\n7,8,9\n",
			cols:  []string{"a:int", "b:int", "c:int"},
			rows:  [][]string{{"1", "2", "<null>"}, {"3", "4", "5"}, {"7", "8", "9"}},
			pos:   []int64{2, 3, 4},
			stats: extract.Stats{Ragged: 2, RaggedSample: []int64{2, 3}},
		},
		{
			name: "ragged sample keeps the first ten",
			data: twelveShort.String(),
			cols: []string{"a:int", "b:string", "c:string"},
			rows: [][]string{{"0", "x", "<null>"}, {"1", "x", "<null>"}, {"2", "x", "<null>"}, {"3", "x", "<null>"}, {"4", "x", "<null>"}, {"5", "x", "<null>"},
				{"6", "x", "<null>"}, {"7", "x", "<null>"}, {"8", "x", "<null>"}, {"9", "x", "<null>"}, {"10", "x", "<null>"}, {"11", "x", "<null>"}},
			pos:   []int64{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
			stats: extract.Stats{Ragged: 12, RaggedSample: []int64{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		},
		{
			name:  "blank rows are skipped and counted, empty lines too",
			data:  "a,b\n1,2\n,\n\n3,4\n \t, \u00a0\n5,6\n\n\n",
			cols:  []string{"a:int", "b:int"},
			rows:  [][]string{{"1", "2"}, {"3", "4"}, {"5", "6"}},
			pos:   []int64{2, 5, 7},
			stats: extract.Stats{BlankRows: 3},
		},
		{
			name:  "blank rows with crlf",
			data:  "a,b\r\n1,2\r\n\r\n\r\n3,4\r\n",
			cols:  []string{"a:int", "b:int"},
			rows:  [][]string{{"1", "2"}, {"3", "4"}},
			pos:   []int64{2, 5},
			stats: extract.Stats{BlankRows: 2},
		},
		{
			name:  "empty line after a multi-line record",
			data:  "a,b\n1,\"x\ny\"\n\n2,z\n",
			cols:  []string{"a:int", "b:string"},
			rows:  [][]string{{"1", "x\ny"}, {"2", "z"}},
			pos:   []int64{2, 5},
			stats: extract.Stats{BlankRows: 1},
		},
		{
			name: "empty lines before the header are not data",
			data: "\n\na,b\n1,2\n",
			cols: []string{"a:int", "b:int"},
			rows: [][]string{{"1", "2"}},
			pos:  []int64{4},
		},
		{
			name:  "a ragged blank row is blank, not ragged",
			data:  "a,b,c\n1,2,3\n,\n4,5,6\n",
			cols:  []string{"a:int", "b:int", "c:int"},
			rows:  [][]string{{"1", "2", "3"}, {"4", "5", "6"}},
			pos:   []int64{2, 4},
			stats: extract.Stats{BlankRows: 1},
		},
		// Headers.
		{
			name: "empty file",
			data: "",
			err:  "{file}: empty file: a header row is required",
		},
		{
			name: "whitespace-only file",
			data: " \n\t\r\n  \n",
			err:  "{file}: empty file: a header row is required",
		},
		{
			name: "BOM only",
			data: "\xef\xbb\xbf",
			err:  "{file}: empty file: a header row is required",
		},
		{
			name: "header only",
			data: "id,email\n",
			cols: []string{"id:string", "email:string"},
		},
		{
			name: "header only without a newline",
			data: "id,CreatedDate",
			cols: []string{"id:string", "CreatedDate:time(M/D/Y)"},
		},
		{
			name: "header and blank rows only",
			data: "id,email\n,\n\n,\n",
			cols: []string{"id:string", "email:string"},
			// The empty line between the two blank records is inside the data too.
			stats: extract.Stats{BlankRows: 3},
		},
		{
			name: "first row holds numbers, not names",
			data: "1,2,3\n4,5,6\n",
			err:  `{file}: no header row: the first row holds values ("1, 2, 3"), not column names`,
		},
		{
			name: "first row holds dates and amounts",
			data: "2026-01-02,10.5,,7,8\n",
			err:  `{file}: no header row: the first row holds values ("2026-01-02, 10.5, "), not column names`,
		},
		{
			name: "first row is empty",
			data: ",,\n1,2,3\n",
			err:  `{file}: no header row: the first row is empty`,
		},
		{
			name: "a header may name years",
			data: "name,2024,2025\nAnn,1,2\n",
			cols: []string{"name:string", "2024:int", "2025:int"},
			rows: [][]string{{"Ann", "1", "2"}},
			pos:  []int64{2},
		},
		{
			name: "blank header names",
			data: "id,,name, \n1,2,3,4\n",
			cols: []string{"id:int", "column 2:int", "name:int", "column 4:int"},
			rows: [][]string{{"1", "2", "3", "4"}},
			pos:  []int64{2},
		},
		{
			name: "header names are trimmed",
			data: " id ,\tname \n1,x\n",
			cols: []string{"id:int", "name:string"},
			rows: [][]string{{"1", "x"}},
			pos:  []int64{2},
		},
		{
			name: "duplicate header names",
			data: "a,a,b,a\n1,2,3,4\n",
			cols: []string{"a:int", "a (2):int", "b:int", "a (3):int"},
			rows: [][]string{{"1", "2", "3", "4"}},
			pos:  []int64{2},
		},
		{
			name: "a renamed duplicate does not take a name the header has",
			data: "a,a,a (2)\n1,2,3\n",
			cols: []string{"a:int", "a (3):int", "a (2):int"},
			rows: [][]string{{"1", "2", "3"}},
			pos:  []int64{2},
		},
		{
			name: "a blank name does not take a name the header has",
			data: "column 2,,x\n1,2,3\n",
			cols: []string{"column 2:int", "column 2 (2):int", "x:int"},
			rows: [][]string{{"1", "2", "3"}},
			pos:  []int64{2},
		},
		// Types.
		{
			name: "type inference",
			data: "flag,code,zip,amount,score,when,note,nothing\n" +
				"Yes,1,02134,10,1.5,2026-01-02,hi,\n" +
				"No,2,10001,20.5,2,2026-02-03T10:00:00Z,,\n",
			cols:    []string{"flag:bool", "code:int", "zip:string", "amount:float", "score:float", "when:time(M/D/Y)", "note:string", "nothing:string"},
			sources: []string{"inferred from 2 values", "inferred from 2 values", "inferred from 2 values", "inferred from 2 values", "inferred from 2 values", "inferred from 2 values", "inferred from 1 value", "inferred from 0 values"},
			rows: [][]string{
				{"true", "1", "02134", "10", "1.5", "2026-01-02", "hi", "<null>"},
				{"false", "2", "10001", "20.5", "2", "2026-02-03T10:00:00Z", "<null>", "<null>"},
			},
			pos: []int64{2, 3},
		},
		{
			name: "unparsed values are counted and kept as text",
			data: "n,b\n1,yes\n2,no\n3,yes\n4,no\n5,yes\n6,no\n7,yes\n8,no\n9,yes\n10,no\nabc,maybe\n",
			cols: []string{"n:int", "b:bool"},
			rows: [][]string{{"1", "true"}, {"2", "false"}, {"3", "true"}, {"4", "false"}, {"5", "true"}, {"6", "false"}, {"7", "true"}, {"8", "false"}, {"9", "true"},
				{"10", "false"}, {"<bad abc>", "<bad maybe>"}},
			pos:   []int64{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
			stats: extract.Stats{Bad: []int64{1, 1}},
		},
		{
			name:  "null tokens do not decide the type and are kept as text",
			data:  "n\n1\nN/A\n2\n-\n",
			cols:  []string{"n:int"},
			rows:  [][]string{{"1"}, {"<bad N/A>"}, {"2"}, {"<bad ->"}},
			pos:   []int64{2, 3, 4, 5},
			stats: extract.Stats{Bad: []int64{2}},
		},
		{
			name:  "invalid dates in a date column are unparsed",
			data:  "d\n2026-02-28\n2026-02-30\n",
			cols:  []string{"d:time(M/D/Y)"},
			rows:  [][]string{{"2026-02-28"}, {"<bad 2026-02-30>"}},
			pos:   []int64{2, 3},
			stats: extract.Stats{Bad: []int64{1}},
		},
		{
			name:  "day/month order decided per column",
			data:  "us,eu,amb\n12/25/2026,25.12.2026,01.02.2026\n1/2/2026,1.2.2026,03.04.2026\n",
			cols:  []string{"us:time(M/D/Y)", "eu:time(D/M/Y)", "amb:time(D/M/Y)"},
			rows:  [][]string{{"2026-12-25", "2026-12-25", "2026-02-01"}, {"2026-01-02", "2026-02-01", "2026-04-03"}},
			pos:   []int64{2, 3},
			stats: extract.Stats{Notes: []string{`column "amb": day/month order not provable (no day above 12 in 2 dates): read as D/M/Y`}},
		},
		{
			name: "mixed day/month orders are noted and the minority unparsed",
			data: "d\n25/12/2026\n26/12/2026\n12/27/2026\n",
			cols: []string{"d:time(D/M/Y)"},
			rows: [][]string{{"2026-12-25"}, {"2026-12-26"}, {"<bad 12/27/2026>"}},
			pos:  []int64{2, 3, 4},
			stats: extract.Stats{Bad: []int64{1},
				Notes: []string{`column "d": dates mix day/month orders (2 only valid as D/M/Y, 1 only as M/D/Y): read as D/M/Y, the others are unparsed`}},
		},
		{
			name:    "forced types",
			data:    "zip,code,when,flag,n\n02134,7,2026-01-02,1,1\n10001,8,x,no,2\n",
			opts:    extract.Options{Types: map[string]extract.Type{"zip": extract.Int, "code": extract.String, "when": extract.Time, "flag": extract.Bool, "absent": extract.Int}},
			cols:    []string{"zip:int", "code:string", "when:time(M/D/Y)", "flag:bool", "n:int"},
			sources: []string{"config", "config", "config", "config", "inferred from 2 values"},
			rows:    [][]string{{"2134", "7", "2026-01-02", "true", "1"}, {"10001", "8", "<bad x>", "false", "2"}},
			pos:     []int64{2, 3},
			stats:   extract.Stats{Bad: []int64{0, 0, 1, 0, 0}},
		},
		{
			name:    "a forced date column takes its order from the dates it has",
			data:    "d\n25/12/2026\nsoon\nlater\n13/01/2026\n",
			opts:    extract.Options{Types: map[string]extract.Type{"d": extract.Time}},
			cols:    []string{"d:time(D/M/Y)"},
			sources: []string{"config"},
			rows:    [][]string{{"2026-12-25"}, {"<bad soon>"}, {"<bad later>"}, {"2026-01-13"}},
			pos:     []int64{2, 3, 4, 5},
			stats:   extract.Stats{Bad: []int64{2}},
		},
		{
			name:    "a forced date column notes an unprovable order",
			data:    "d\n01.02.2026\n",
			opts:    extract.Options{Types: map[string]extract.Type{"d": extract.Time}},
			cols:    []string{"d:time(D/M/Y)"},
			sources: []string{"config"},
			rows:    [][]string{{"2026-02-01"}},
			pos:     []int64{2},
			stats:   extract.Stats{Notes: []string{`column "d": day/month order not provable (no day above 12 in 1 date): read as D/M/Y`}},
		},
		{
			name:    "a column without values is typed by its header",
			data:    "id,CreatedDate,Amount,Email\n1,,,\n2,,,\n",
			cols:    []string{"id:int", "CreatedDate:time(M/D/Y)", "Amount:string", "Email:string"},
			sources: []string{"inferred from 2 values", "no values to infer from: typed by its header", "inferred from 0 values", "inferred from 0 values"},
			rows:    [][]string{{"1", "<null>", "<null>", "<null>"}, {"2", "<null>", "<null>", "<null>"}},
			pos:     []int64{2, 3},
		},
		{
			name:  "the type is decided on the sample; later values that do not fit are unparsed",
			data:  "n\n1\n2\nx\n3\n",
			opts:  extract.Options{SampleSize: 2},
			cols:  []string{"n:int"},
			rows:  [][]string{{"1"}, {"2"}, {"<bad x>"}, {"3"}},
			pos:   []int64{2, 3, 4, 5},
			stats: extract.Stats{Bad: []int64{1}},
		},
		// Batches.
		{
			name:    "batches of three: record numbers and positions continue",
			data:    ten.String(),
			opts:    extract.Options{BatchSize: 3},
			cols:    []string{"n:int", "note:string"},
			rows:    [][]string{{"1", "x"}, {"2", "x"}, {"3", "x"}, {"4", "two\nlines"}, {"5", "x"}, {"6", "x"}, {"7", "x"}, {"8", "x"}, {"9", "x"}, {"10", "x"}},
			pos:     []int64{2, 3, 4, 5, 7, 8, 10, 11, 12, 13},
			batches: []int{3, 3, 3, 1},
			stats:   extract.Stats{BlankRows: 1},
		},
		{
			name:    "batches of three with a smaller sample",
			data:    ten.String(),
			opts:    extract.Options{BatchSize: 3, SampleSize: 2},
			cols:    []string{"n:int", "note:string"},
			rows:    [][]string{{"1", "x"}, {"2", "x"}, {"3", "x"}, {"4", "two\nlines"}, {"5", "x"}, {"6", "x"}, {"7", "x"}, {"8", "x"}, {"9", "x"}, {"10", "x"}},
			pos:     []int64{2, 3, 4, 5, 7, 8, 10, 11, 12, 13},
			batches: []int{3, 3, 3, 1},
			stats:   extract.Stats{BlankRows: 1},
		},
		{
			name:    "batches of one",
			data:    "n\n1\n2\n",
			opts:    extract.Options{BatchSize: 1},
			cols:    []string{"n:int"},
			rows:    [][]string{{"1"}, {"2"}},
			pos:     []int64{2, 3},
			batches: []int{1, 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "in.csv"
			}
			path := writeTemp(t, file, []byte(tt.data))
			got, err := readAll(t, path, tt.opts)
			if tt.err != "" {
				want := strings.ReplaceAll(tt.err, "{file}", path)
				if err == nil || err.Error() != want {
					t.Fatalf("error = %v\nwant    %s", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := tt.stats
			want.Records = int64(len(tt.rows))
			if want.Delimiter == "" {
				want.Delimiter = ","
			}
			if want.Decoded == "" {
				want.Decoded = "utf-8"
			}
			if want.Bad == nil {
				want.Bad = make([]int64, len(tt.cols))
			}
			if !reflect.DeepEqual(got.cols, tt.cols) {
				t.Errorf("columns = %q\nwant      %q", got.cols, tt.cols)
			}
			if tt.sources != nil && !reflect.DeepEqual(got.sources, tt.sources) {
				t.Errorf("sources = %q\nwant      %q", got.sources, tt.sources)
			}
			if !reflect.DeepEqual(got.rows, tt.rows) {
				t.Errorf("rows = %q\nwant   %q", got.rows, tt.rows)
			}
			if !reflect.DeepEqual(got.pos, tt.pos) {
				t.Errorf("positions = %v, want %v", got.pos, tt.pos)
			}
			if tt.batches != nil && !reflect.DeepEqual(got.batches, tt.batches) {
				t.Errorf("batch sizes = %v, want %v", got.batches, tt.batches)
			}
			if !reflect.DeepEqual(got.stats, want) {
				t.Errorf("stats = %+v\nwant    %+v", got.stats, want)
			}
		})
	}
}

func TestPartsAndOpenErrors(t *testing.T) {
	dir := t.TempDir()
	csvDir := filepath.Join(dir, "folder.csv")
	if err := os.Mkdir(csvDir, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.csv")
	supported := strings.Join(extract.Extensions(), ", ")
	tests := []struct {
		name  string
		path  string
		opts  extract.Options
		parts string // error from Parts
		open  string // error from Open on the file itself
	}{
		{"missing file", missing, extract.Options{}, missing + ": no such file", missing + ": no such file"},
		{"directory", dir, extract.Options{}, dir + ": is a directory, not a file", dir + ": is a directory, not a file"},
		{"directory named like a csv", csvDir, extract.Options{}, csvDir + ": is a directory, not a file", csvDir + ": is a directory, not a file"},
		{"xls", writeTemp(t, "old.xls", []byte("x")), extract.Options{}, "{path}: .xls is not supported: save as .xlsx", "{path}: .xls is not supported: save as .xlsx"},
		{"XLS upper case", writeTemp(t, "OLD.XLS", []byte("x")), extract.Options{}, "{path}: .xls is not supported: save as .xlsx", "{path}: .xls is not supported: save as .xlsx"},
		{"unknown extension", writeTemp(t, "leads.json", []byte("{}")), extract.Options{},
			"{path}: unsupported file type \".json\" (supported: " + supported + ")", "{path}: unsupported file type \".json\" (supported: " + supported + ")"},
		{"no extension", writeTemp(t, "leads", []byte("a,b\n")), extract.Options{},
			"{path}: unsupported file type \"\" (supported: " + supported + ")", "{path}: unsupported file type \"\" (supported: " + supported + ")"},
		{"sheet on a csv", writeTemp(t, "leads.csv", []byte("a,b\n")), extract.Options{Sheet: "Leads"},
			`{path}: has no sheets (--sheet "Leads" applies to workbooks)`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := extract.Parts(tt.path, tt.opts)
			if want := strings.ReplaceAll(tt.parts, "{path}", tt.path); err == nil || err.Error() != want {
				t.Errorf("Parts error = %v\nwant          %s", err, want)
			}
			if tt.open == "" {
				return
			}
			r, err := extract.Open(extract.Part{File: tt.path}, tt.opts)
			if err == nil {
				r.Close()
			}
			if want := strings.ReplaceAll(tt.open, "{path}", tt.path); err == nil || err.Error() != want {
				t.Errorf("Open error = %v\nwant         %s", err, want)
			}
		})
	}
}

func TestExtensions(t *testing.T) {
	exts := extract.Extensions()
	for _, want := range []string{".csv", ".tsv", ".txt"} {
		found := false
		for _, e := range exts {
			found = found || e == want
		}
		if !found {
			t.Errorf("Extensions() = %v, want it to hold %s", exts, want)
		}
	}
}

func TestCSVOpenReadOnly(t *testing.T) {
	data := []byte("id,name\n1,Caf\xe9\n")
	path := writeTemp(t, "leads.csv", data)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if _, err := readAll(t, path, extract.Options{}); err != nil {
		t.Fatalf("reading a read-only file: %v", err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(data) {
		t.Errorf("the file changed: %q, was %q", after, data)
	}
}

func TestPartString(t *testing.T) {
	if got := (extract.Part{File: "leads.csv"}).String(); got != "leads.csv" {
		t.Errorf("Part.String() = %q, want leads.csv", got)
	}
	if got := (extract.Part{File: "export.xlsx", Sheet: "Leads"}).String(); got != "export.xlsx[Leads]" {
		t.Errorf("Part.String() = %q, want export.xlsx[Leads]", got)
	}
}

// TestCSVBeyondTheSniffedHead reads files larger than the 64 KiB the delimiter and line ends are
// decided from, with a quoted multi-line field across that boundary.
func TestCSVBeyondTheSniffedHead(t *testing.T) {
	const rows = 5000
	build := func(eol string) string {
		var b strings.Builder
		b.WriteString("n;text" + eol)
		for i := 1; i <= rows; i++ {
			if i == 2500 { // around byte 65,000
				fmt.Fprintf(&b, "%d;\"a, b%sc\"%s", i, eol, eol)
				continue
			}
			fmt.Fprintf(&b, "%d;text, with a comma%s", i, eol)
		}
		return b.String()
	}
	tests := []struct {
		name, eol string
	}{
		{"lf", "\n"},
		{"crlf", "\r\n"},
		{"lone cr", "\r"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := build(tt.eol)
			if len(data) < 100_000 {
				t.Fatalf("only %d bytes", len(data))
			}
			got, err := readAll(t, writeTemp(t, "big.csv", []byte(data)), extract.Options{BatchSize: 1000})
			if err != nil {
				t.Fatal(err)
			}
			st := got.stats
			if st.Records != rows || st.Delimiter != ";" || st.Ragged != 0 || st.BlankRows != 0 {
				t.Errorf("stats = %+v, want %d records split on ; with none ragged or blank", st, rows)
			}
			if want := []string{"n:int", "text:string"}; !reflect.DeepEqual(got.cols, want) {
				t.Errorf("columns = %q, want %q", got.cols, want)
			}
			if r := got.rows[2499]; r[0] != "2500" || r[1] != "a, b\nc" {
				t.Errorf("record 2500 = %q", r)
			}
			if p := got.pos[rows-1]; p != rows+2 {
				t.Errorf("the last record starts on line %d, want %d", p, rows+2)
			}
		})
	}
}

// TestCSVWideHeader reads a header of 50,000 equal names: renaming them must stay linear.
func TestCSVWideHeader(t *testing.T) {
	const n = 50_000
	header := strings.TrimSuffix(strings.Repeat("a,", n), ",")
	start := time.Now()
	got, err := readAll(t, writeTemp(t, "wide.csv", []byte(header+"\n"+strings.Repeat("1,", n-1)+"1\n")), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.cols) != n || got.cols[1] != "a (2):int" || got.cols[n-1] != fmt.Sprintf("a (%d):int", n) {
		t.Errorf("%d columns, the second %q and the last %q", len(got.cols), got.cols[1], got.cols[n-1])
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestCSVFootersAndRepeatedHeaders(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		records []string // first field of each record
		footer  int64
		repeats int64
		note    string
	}{
		{"salesforce footer", "Name,Amount,Stage\nA,1,Won\nB,2,Lost\n\n\"Grand Totals (2 records)\",3,\n\n\"Confidential Information - Do Not Distribute\"\n\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n",
			[]string{"A", "B"}, 3, 0, `footer of 3 rows after the data (from line 5: "Grand Totals (2 records)") is not data: left out`},
		{"sparse rows inside the data are records", "Name,Amount,Stage\nA,1,Won\nTotal,,\nB,2,Lost\n", []string{"A", "Total", "B"}, 0, 0, ""},
		{"a sparse last row that is no footer is a record", "Name,Amount,Stage\nA,1,Won\nB,,\n", []string{"A", "B"}, 0, 0, ""},
		{"a header repeated by concatenation", "Name,Amount,Stage\nA,1,Won\nname , AMOUNT,Stage\nB,2,Lost\n", []string{"A", "B"}, 0, 1,
			"the header is repeated 1 time in the data (first at line 3): skipped, not records"},
		{"a two-column footer line", "Name,Amount,Stage,Owner\nA,1,Won,x\nTotal,1,,\n", []string{"A"}, 1, 0, `footer of 1 row after the data (from line 3: "Total") is not data: left out`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := extract.Open(extract.Part{File: writeTemp(t, "report.csv", []byte(tt.data))}, extract.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var got []string
			for {
				b, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < b.Len; i++ {
					got = append(got, b.Cols[0].Text(i))
				}
			}
			st := r.Stats()
			if !slices.Equal(got, tt.records) || st.FooterRows != tt.footer || st.HeaderRepeats != tt.repeats || st.Records != int64(len(tt.records)) {
				t.Errorf("records %q, footer %d, repeats %d, Records %d; want %q, %d, %d", got, st.FooterRows, st.HeaderRepeats, st.Records, tt.records, tt.footer, tt.repeats)
			}
			if tt.note != "" && !slices.Contains(st.Notes, tt.note) {
				t.Errorf("notes %q lack %q", st.Notes, tt.note)
			}
			if tt.note == "" && len(st.Notes) > 0 {
				t.Errorf("notes %q, want none", st.Notes)
			}
		})
	}
}

func TestCSVSparseTableHasNoFooter(t *testing.T) {
	r, err := extract.Open(extract.Part{File: writeTemp(t, "t.csv", []byte("a,b,c\nTotal:,237,\nx,,\n"))}, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := r.Next()
	if err != nil || b.Len != 2 || r.Stats().FooterRows != 0 {
		t.Errorf("a table of sparse rows lost rows as a footer: %v, %+v", err, r.Stats())
	}
}
