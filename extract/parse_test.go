package extract_test

import (
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestNumberFormats(t *testing.T) {
	tests := []struct {
		name   string
		in     []string
		typ    extract.Type
		dec    byte // 0: plain numbers, no format
		values []float64
		note   string
	}{
		{"dollars", []string{"$22,700.00", "$1,234.50", "$0.99"}, extract.Float, '.', []float64{22700, 1234.5, 0.99}, ""},
		{"euros with decimal comma", []string{"1.234,56 €", "12,50 €", "€ 7"}, extract.Float, ',', []float64{1234.56, 12.5, 7}, ""},
		{"french spaces", []string{"1 234,56 €", "2 000,00 €"}, extract.Float, ',', []float64{1234.56, 2000}, ""},
		{"swiss apostrophes", []string{"CHF 1'234.50", "CHF 99.00"}, extract.Float, '.', []float64{1234.5, 99}, ""},
		{"accounting negatives", []string{"($1,234.00)", "$50.00", "-$3.00"}, extract.Float, '.', []float64{-1234, 50, -3}, ""},
		{"codes after the amount", []string{"22700 USD", "1,250.75 USD"}, extract.Float, '.', []float64{22700, 1250.75}, ""},
		{"a decimal comma proves the order", []string{"1.234", "12,5"}, extract.Float, ',', []float64{1234, 12.5}, ""},
		{"ambiguous groups read as thousands", []string{"1,234", "5,000"}, extract.Float, '.', []float64{1234, 5000},
			"decimal mark not provable (2 values like 1,234 or 1.234): read with a decimal point"},
		{"plain decimals need no format", []string{"12.5", "7"}, extract.Float, 0, []float64{12.5, 7}, ""},
		{"dates are not numbers", []string{"12.01.2026", "13.01.2026"}, extract.Time, 0, nil, ""},
		{"phones are not numbers", []string{"+1 415 555 0142", "555-0100"}, extract.String, 0, nil, ""},
		{"bad groups are not numbers", []string{"1,23,4", "12,34,56"}, extract.String, 0, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inf := extract.Infer(tt.in)
			if inf.Type != tt.typ {
				t.Fatalf("Infer(%q) = %s, want %s", tt.in, inf.Type, tt.typ)
			}
			switch {
			case tt.dec == 0 && inf.Number != nil:
				t.Errorf("format %v for plain values", *inf.Number)
			case tt.dec != 0 && (inf.Number == nil || inf.Number.Decimal != tt.dec):
				t.Errorf("format %v, want decimal %q", inf.Number, tt.dec)
			}
			if tt.typ == extract.Float && inf.Note != tt.note {
				t.Errorf("note %q, want %q", inf.Note, tt.note)
			}
			if tt.values == nil {
				return
			}
			// Read the values through a CSV file, as the audit does.
			data := "amount\n" + strings.Join(quoted(tt.in), "\n") + "\n"
			s, b := openSample(t, "amounts.csv", data)
			if s.Columns[0].Type != extract.Float {
				t.Fatalf("column typed %s", s.Columns[0].Type)
			}
			for i, want := range tt.values {
				if v := b.Cols[0]; v.Bad[i] || v.Float[i] != want {
					t.Errorf("value %q read as %v (bad %v), want %v", tt.in[i], v.Float[i], v.Bad[i], want)
				}
			}
		})
	}
}

func quoted(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = `"` + x + `"`
	}
	return out
}

func TestExcelSerialsInText(t *testing.T) {
	s, b := openSample(t, "leads.csv", "Id,CreatedDate,Score\n1,45140.4452314815,45140\n2,44197,44197\n")
	if c := s.Columns[1]; c.Type != extract.Time {
		t.Fatalf("CreatedDate typed %s (%s)", c.Type, c.Source)
	}
	if s.Columns[2].Type != extract.Int {
		t.Errorf("Score (no date header) typed %s", s.Columns[2].Type)
	}
	for i, want := range []string{"2023-08-02T10:41:08Z", "2021-01-01"} { // as Excel shows them, to the second
		if got := extract.FormatTime(b.Cols[1].Time[i]); got != want {
			t.Errorf("serial %d read as %s, want %s", i, got, want)
		}
	}
}

func TestInfer(t *testing.T) {
	ints := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = strings.Repeat("7", i%5+1)
		}
		return out
	}
	with := func(vs []string, more ...string) []string { return append(append([]string(nil), vs...), more...) }
	tests := []struct {
		name string
		in   []string
		typ  extract.Type
		used int // non-blank, non-null values the decision rests on
	}{
		{"no values", nil, extract.String, 0},
		{"only blanks", []string{"", " ", "\t", "\u00a0"}, extract.String, 0},
		{"only null tokens", []string{"N/A", "null", "-", "?", "#N/A", "(blank)", "NaN", "none", "unknown"}, extract.String, 0},
		{"bool words", []string{"Yes", "No", "yes", "NO", "true", "False", "Y", "n", "T", "f"}, extract.Bool, 10},
		{"bool words with null tokens", []string{"Yes", "N/A", "No", "", "null"}, extract.Bool, 2},
		{"zero and one are ints, not bools", []string{"0", "1", "1", "0"}, extract.Int, 4},
		{"ints", []string{"1", "22", "-3", "+4", " 5 "}, extract.Int, 5},
		{"zero among ints", []string{"0", "10", "5"}, extract.Int, 3},
		{"leading zeros stay strings", []string{"02134", "10001", "00501"}, extract.String, 3},
		{"identifiers with leading zeros", []string{"007", "008", "009"}, extract.String, 3},
		{"leading zero decimals stay strings", []string{"00.5", "01.25"}, extract.String, 2},
		{"zero point five is a number", []string{"0.5", "0.25", "1"}, extract.Float, 3},
		{"floats", []string{"1.5", "2", "3.25", "-0.5", "1e3"}, extract.Float, 5},
		{"whole amounts with a few decimals", with(ints(9), "10.5"), extract.Float, 10},
		{"90% ints and junk", with(ints(9), "abc"), extract.Int, 10},
		{"89% ints", with(ints(8), "abc"), extract.String, 9},
		{"thousands separators: amounts", []string{"1,000", "2,500"}, extract.Float, 2},
		{"hex is text", []string{"0x1F", "0x20"}, extract.String, 2},
		{"infinity is text", []string{"Inf", "inf", "Infinity"}, extract.String, 3},
		{"int64 overflow is a float", []string{"99999999999999999999", "1"}, extract.Float, 2},
		{"dates", []string{"2026-11-25", "2026-01-02T10:00:00Z"}, extract.Time, 2},
		{"90% dates", with([]string{"2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25"}, "soon"), extract.Time, 10},
		{"89% dates", with([]string{"2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25"}, "soon"), extract.String, 9},
		{"activity names are text", []string{"Email Opened", "Page Visited on Website", "Olark Chat Conversation"}, extract.String, 3},
		{"mixed kinds are text", []string{"1", "yes", "2026-01-01"}, extract.String, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inf := extract.Infer(tt.in)
			if inf.Type != tt.typ || inf.Values != tt.used {
				t.Errorf("Infer(%q) = %s from %d values, want %s from %d", tt.in, inf.Type, inf.Values, tt.typ, tt.used)
			}
			if inf.Type != extract.Time && inf.Number == nil && inf.Note != "" {
				t.Errorf("Infer(%q).Note = %q, want none for a %s column", tt.in, inf.Note, inf.Type)
			}
		})
	}
}

func TestIsBlank(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{" ", true},
		{" \t\r\n\v\f", true},
		{"\u00a0", true},        // non-breaking space: what a spreadsheet leaves in an "empty" cell
		{" \u2003\u3000", true}, // em space, ideographic space
		{"a", false},
		{" a ", false},
		{"\u00a0x", false},
		{"-", false},
		{"\x00", false},
		{"\xff", false},
	}
	for _, tt := range tests {
		if got := extract.IsBlank(tt.in); got != tt.want {
			t.Errorf("IsBlank(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseType(t *testing.T) {
	tests := []struct {
		in   string
		want extract.Type
		err  string
	}{
		{"string", extract.String, ""},
		{"text", extract.String, ""},
		{"int", extract.Int, ""},
		{"Integer", extract.Int, ""},
		{"float", extract.Float, ""},
		{"number", extract.Float, ""},
		{"decimal", extract.Float, ""},
		{"bool", extract.Bool, ""},
		{"boolean", extract.Bool, ""},
		{"time", extract.Time, ""},
		{"date", extract.Time, ""},
		{"DateTime", extract.Time, ""},
		{"timestamp", extract.Time, ""},
		{"", 0, `unknown type "" (valid: string, int, float, bool, time)`},
		{"money", 0, `unknown type "money" (valid: string, int, float, bool, time)`},
	}
	for _, tt := range tests {
		got, err := extract.ParseType(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseType(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseType(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
		// Every type's name reads back as itself.
		if back, err := extract.ParseType(got.String()); err != nil || back != got {
			t.Errorf("ParseType(%s.String()) = %s, %v", got, back, err)
		}
	}
	if got := extract.Type(9).String(); got != "type(9)" {
		t.Errorf("Type(9).String() = %q, want type(9)", got)
	}
}

// TestYesNo reads every word of the one yes/no reader, in every vector type a flag arrives in.
func TestYesNo(t *testing.T) {
	type want struct{ yes, ok bool }
	yes, no, neither := want{true, true}, want{false, true}, want{false, false}
	text := func(s string) *extract.Vector {
		v := extract.NewVector(extract.String, 1, true)
		v.Str[0], v.Null[0] = s, extract.IsBlank(s)
		return v
	}
	typed := func(typ extract.Type, set func(v *extract.Vector)) *extract.Vector {
		v := extract.NewVector(typ, 1, false)
		set(v)
		return v
	}
	bad := typed(extract.Int, func(v *extract.Vector) { v.Bad[0], v.Str = true, []string{"Yes"} })
	tests := []struct {
		name string
		v    *extract.Vector
		want want
	}{
		{"true", text("true"), yes}, {"TRUE", text("TRUE"), yes}, {"t", text("t"), yes}, {"T", text("T"), yes},
		{"yes", text("yes"), yes}, {"Yes", text(" Yes "), yes}, {"y", text("y"), yes}, {"Y", text("Y"), yes},
		{"1", text("1"), yes},
		{"false", text("false"), no}, {"False", text("False"), no}, {"f", text("f"), no}, {"no", text("no"), no},
		{"NO", text("NO"), no}, {"n", text("n"), no}, {"0", text("0"), no},
		{"blank", text("  "), neither}, {"other word", text("maybe"), neither}, {"2", text("2"), neither},
		{"bool true", typed(extract.Bool, func(v *extract.Vector) { v.Bool[0] = true }), yes},
		{"bool false", typed(extract.Bool, func(v *extract.Vector) {}), no},
		{"int 1", typed(extract.Int, func(v *extract.Vector) { v.Int[0] = 1 }), yes},
		{"int 0", typed(extract.Int, func(v *extract.Vector) {}), no},
		{"int 2", typed(extract.Int, func(v *extract.Vector) { v.Int[0] = 2 }), neither},
		{"float 1", typed(extract.Float, func(v *extract.Vector) { v.Float[0] = 1 }), yes},
		{"float 0.5", typed(extract.Float, func(v *extract.Vector) { v.Float[0] = 0.5 }), neither},
		{"time", typed(extract.Time, func(v *extract.Vector) { v.Time[0] = 1 }), neither},
		{"null", typed(extract.Bool, func(v *extract.Vector) { v.Null[0] = true }), neither},
		{"unparsed value read by its text", bad, yes},
	}
	for _, tt := range tests {
		if y, ok := extract.YesNo(tt.v, 0); (want{y, ok}) != tt.want {
			t.Errorf("%s: YesNo = %v, %v; want %v, %v", tt.name, y, ok, tt.want.yes, tt.want.ok)
		}
	}
}
