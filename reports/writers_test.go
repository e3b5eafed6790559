package reports

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/internal/testkit"
	"github.com/crmready/crmready/readiness"
)

// jsonBytes renders r as JSON.
func jsonBytes(t testing.TB, r *Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := (JSON{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readBack(t testing.TB, data []byte) *Report {
	t.Helper()
	r, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return r
}

// TestRoundTripProperty: for random reports, the JSON read back renders the same bytes in every
// format as the report itself, so a saved report can be rendered again later; and its JSON is
// byte-identical.
func TestRoundTripProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := fixture(t)
	for i := range 16 {
		r := mutate(t, base, rng)
		data := jsonBytes(t, r)
		back := readBack(t, data)
		if got := jsonBytes(t, back); !bytes.Equal(got, data) {
			t.Fatalf("report %d: JSON read back and written again differs", i)
		}
		for _, f := range Formats {
			o := Options{ShowValues: i%2 == 0}
			if want, got := render(t, f, r, o), render(t, f, back, o); !bytes.Equal(want, got) {
				t.Fatalf("report %d: %s rendered from the JSON differs from the report's", i, f.Name)
			}
		}
	}
}

// mutate returns a copy of r with random statuses, values, strings and lists.
func mutate(t testing.TB, r *Report, rng *rand.Rand) *Report {
	out := readBack(t, jsonBytes(t, r)) // a deep copy
	words := []string{"", "=1+2", "<b>x</b>", "Zoë Ångström", "a|b", "line\nbreak", "tab\there", `"quoted"`, "-5", "@x", "日本語", "\x01ctl"}
	word := func() string { return words[rng.IntN(len(words))] }
	statuses := []readiness.Status{readiness.Go, readiness.Warn, readiness.NoGo, readiness.NA}
	out.Verdict = statuses[rng.IntN(len(statuses))]
	out.Notes = append(out.Notes, word())
	for i := range out.UseCases {
		u := &out.UseCases[i]
		u.Status = statuses[rng.IntN(len(statuses))]
		if rng.IntN(3) == 0 && len(u.Misses) > 0 {
			u.Misses = u.Misses[:rng.IntN(len(u.Misses))]
		}
	}
	for i := range out.Datasets {
		d := &out.Datasets[i]
		for k := range d.Metrics {
			if rng.IntN(4) == 0 {
				d.Metrics[k].Value = rng.Float64() * []float64{1, 1e6}[rng.IntN(2)]
			}
		}
		for k := range d.Findings {
			for j := range d.Findings[k].Sample {
				if rng.IntN(3) == 0 {
					d.Findings[k].Sample[j].Value = word()
				}
			}
		}
		if rng.IntN(3) == 0 {
			d.Columns = d.Columns[:rng.IntN(len(d.Columns)+1)]
		}
	}
	if rng.IntN(3) == 0 {
		out.Trend = nil
	}
	return out
}

// TestWritersAreDeterministic: rendering twice gives the same bytes (the workbook's dates are
// the report's as_of, not the clock).
func TestWritersAreDeterministic(t *testing.T) {
	r := fixture(t)
	for _, f := range Formats {
		if a, b := render(t, f, r, Options{}), render(t, f, r, Options{}); !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings differ", f.Name)
		}
	}
}

// personalValues are the values of email, phone and name columns, and of cluster keys, in r.
func personalValues(r *Report) []string {
	var out []string
	for _, d := range r.Datasets {
		roles := map[string]string{}
		placeholders := map[string]bool{}
		for _, c := range d.Columns {
			roles[c.Name] = c.Role
			for _, p := range c.Placeholders {
				placeholders[p.Value] = true
			}
		}
		for _, g := range d.Findings {
			for _, f := range g.Sample {
				if role, known := roles[f.Column]; f.Value != "" && !placeholders[f.Value] && (!known || personal[role]) {
					out = append(out, f.Value)
				}
			}
		}
		for _, c := range d.Clusters {
			for _, m := range c.Members {
				for k, v := range m.Values {
					if personal[roles[c.Columns[k]]] {
						out = append(out, v)
					}
				}
			}
		}
	}
	return out
}

// TestCIFormatsCarryNoValues: Markdown and JUnit, shared in CI, show no record value unless
// asked to; with ShowValues they do.
func TestCIFormatsCarryNoValues(t *testing.T) {
	r := fixture(t)
	values := personalValues(r)
	if len(values) < 10 {
		t.Fatalf("only %d personal values in the fixture: the test proves little", len(values))
	}
	for _, name := range []string{"md", "junit"} {
		f, _ := ByName(name)
		out := string(render(t, f, r, Options{}))
		for _, v := range values {
			if len(v) > 4 && (strings.Contains(out, v) || strings.Contains(out, xmlEscaped(v))) {
				t.Errorf("%s shows %q without --show-values", name, v)
			}
		}
		if strings.Contains(out, `have "web"`) {
			t.Errorf("%s shows a value quoted in a message", name)
		}
		shown := string(render(t, f, r, Options{ShowValues: true}))
		if !strings.Contains(shown, "dennis.allen.851@soylent.co") {
			t.Errorf("%s does not show values with --show-values", name)
		}
	}
}

func xmlEscaped(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// TestRedactedEveryFormat: no personal value of the report survives Redacted in any format, the
// workbook's fix lists and the CSV fix lists included.
func TestRedactedEveryFormat(t *testing.T) {
	r := fixture(t)
	red := Redacted(r)
	values := personalValues(r)
	for _, f := range Formats {
		out := render(t, f, red, Options{ShowValues: true})
		text := string(out)
		if f.Binary {
			text = dumpWorkbook(t, out)
		}
		for _, v := range values {
			if len(v) > 3 && strings.Contains(text, v) {
				t.Errorf("%s: %q survived redaction", f.Name, v)
			}
		}
	}
	dir := t.TempDir()
	if err := WriteFindings(dir, r, nil, true); err != nil {
		t.Fatal(err)
	}
	text := readDir(t, dir)
	for _, v := range values {
		if len(v) > 3 && strings.Contains(text, v) {
			t.Errorf("--findings: %q survived redaction", v)
		}
	}
	if !strings.Contains(text, "d***@soylent.co") || !strings.Contains(text, "Umbrella") {
		t.Error("redaction masked the wrong values")
	}
	if personalValues(r)[0] != values[0] {
		t.Error("Redacted changed the original report")
	}
}

// readDir concatenates the files of dir, each under its name, in name order.
func readDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %s\n%s", e.Name(), data)
	}
	return b.String()
}

// TestFindingsDirGolden writes the fixture's fix lists as CSV: values that would be formulas
// in a spreadsheet are quoted.
func TestFindingsDirGolden(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFindings(dir, fixture(t), nil, false); err != nil {
		t.Fatal(err)
	}
	text := readDir(t, dir)
	for _, want := range []string{`'=HYPERLINK(""http://evil.example""`, `'@SUM(A1:A9)`, `'=cmd|' /C calc'!A0`, `'-1 415 200 0759`} {
		if !strings.Contains(text, want) {
			t.Errorf("the CSV lacks %s", want)
		}
	}
	testkit.Golden(t, "testdata/golden/fixture.findings.txt", []byte(text))
}

// TestWorkbookValuesAreText: every value from the data is a text cell with the text format, so
// that no value can become a formula, even when someone edits the cell.
func TestWorkbookValuesAreText(t *testing.T) {
	f, _ := ByName("xlsx")
	book, err := excelize.OpenReader(bytes.NewReader(render(t, f, fixture(t), Options{})))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	found := 0
	for _, sh := range book.GetSheetList() {
		rows, _ := book.GetRows(sh)
		for r, row := range rows {
			for c, v := range row {
				if v == "" || v == "-" || !strings.ContainsRune("=+-@", rune(v[0])) {
					continue
				}
				found++
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, _ := book.GetCellType(sh, ref)
				formula, _ := book.GetCellFormula(sh, ref)
				style, _ := book.GetCellStyle(sh, ref)
				st, _ := book.GetStyle(style)
				if formula != "" || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) || st.NumFmt != 49 {
					t.Errorf("%s!%s %q: type %v, formula %q, format %d", sh, ref, v, typ, formula, st.NumFmt)
				}
			}
		}
	}
	if found < 4 {
		t.Errorf("only %d formula-like values found: the test proves little", found)
	}
}

// TestWorkbookLongList streams a fix list far longer than the fixture's, row by row.
func TestWorkbookLongList(t *testing.T) {
	r := fixture(t)
	const n = 12000
	g := checks.FindingGroup{Kind: "staleness.stale_record", Total: 2 * n}
	for i := range n {
		g.Sample = append(g.Sample, checks.Finding{Kind: "stale_record", Record: int64(i + 1), Line: int64(i + 2), Column: "LastActivityDate",
			Value: "2025-01-02", Message: "old"})
	}
	for i := range r.Datasets {
		r.Datasets[i].Findings = nil
	}
	r.Datasets[0].Findings = []checks.FindingGroup{g}
	f, _ := ByName("xlsx")
	book, err := excelize.OpenReader(bytes.NewReader(render(t, f, r, Options{})))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.Rows(sheetStale)
	if err != nil {
		t.Fatal(err)
	}
	var count int
	var last []string
	for rows.Next() {
		count++
		last, _ = rows.Columns(excelize.Options{RawCellValue: true})
	}
	if notes := 3; count != notes+n || last[1] != fmt.Sprint(n) || last[6] != "692" {
		t.Errorf("%d rows, last %q; want %d rows, the last record %d and 692 days old", count, last, notes+n, n)
	}
}

func TestRead(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{``, "empty file"},
		{`# title`, "invalid JSON at byte 1"},
		{`{"schema": "crmready.report/v0"}`, `report schema "crmready.report/v0" is not "crmready.report/v1"`},
		{`{"verdict": "GO"}`, `no "schema" field`},
		{`{"schema": "crmready.report/v1", "datasets": 3}`, "field datasets holds a JSON number"},
		{`{"schema": "crmready.report/v1"} {}`, "data after the report"},
	} {
		if _, err := Read(strings.NewReader(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Read(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
	if r, err := Read(strings.NewReader(`{"schema": "crmready.report/v1", "verdict": "GO", "added_later": 1}`)); err != nil || r.Verdict != "GO" {
		t.Errorf("a field added later must be ignored: %v", err)
	}
}

func TestCompare(t *testing.T) {
	then := &Report{AsOf: "2026-08-25", UseCases: []UseCase{{Verdict: readiness.Verdict{UseCase: "a", Status: readiness.Go}}, {Verdict: readiness.Verdict{UseCase: "gone", Status: readiness.NoGo}}},
		Datasets: []Dataset{{Name: "leads", Metrics: []checks.Metric{
			{ID: "completeness.email", Value: 0.8, Unit: checks.Ratio, HigherIsBetter: true},
			{ID: "duplicates.exact.rate", Value: 0.05, Unit: checks.Ratio},
			{ID: "volume.records", Window: "200d", Value: 900, Unit: checks.Count, HigherIsBetter: true},
			{ID: "staleness.freshness_days", Value: 3, Unit: checks.Days},
		}}}}
	now := &Report{AsOf: "2026-11-25", UseCases: []UseCase{{Verdict: readiness.Verdict{UseCase: "a", Status: readiness.Warn}}, {Verdict: readiness.Verdict{UseCase: "new", Status: readiness.Go}}},
		Datasets: []Dataset{{Name: "leads", Metrics: []checks.Metric{
			{ID: "completeness.email", Value: 0.9, Unit: checks.Ratio, HigherIsBetter: true},
			{ID: "duplicates.exact.rate", Value: 0.07, Unit: checks.Ratio},
			{ID: "volume.records", Window: "200d", Value: 900, Unit: checks.Count, HigherIsBetter: true},
			{ID: "volume.records", Window: "90d", Value: 12, Unit: checks.Count, HigherIsBetter: true},
		}}}}
	tr := Compare(then, now)
	var ucs []string
	for _, u := range tr.UseCases {
		ucs = append(ucs, fmt.Sprintf("%s %s>%s", u.UseCase, u.Then, u.Now))
	}
	if want := []string{"a GO>WARN", "new >GO", "gone NO-GO>"}; !slices.Equal(ucs, want) {
		t.Errorf("use cases %v, want %v", ucs, want)
	}
	var ms []string
	for _, m := range tr.Metrics {
		ms = append(ms, fmt.Sprintf("%s %s %s %s %s>%s", m.Name(), m.Change, m.Arrow(), m.Delta(), m.Value(m.Then), m.Value(m.Now)))
	}
	want := []string{
		"completeness.email better ↑ +10 pts 80%>90%",
		"duplicates.exact.rate worse ↑ +2 pts 5%>7%",
		"volume.records[200d] same →  900>900",
		"volume.records[90d] new new  ->12",
		"staleness.freshness_days gone gone  3>-",
	}
	if !slices.Equal(ms, want) {
		t.Errorf("metrics:\n%s\nwant:\n%s", strings.Join(ms, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlain(t *testing.T) {
	leads := &Dataset{Name: "leads", Object: "lead"}
	q3 := &Dataset{Name: "Q3 export", Object: "opportunity"}
	v := func(x float64) *float64 { return &x }
	for _, tt := range []struct {
		m    readiness.Miss
		d    *Dataset
		want string
	}{
		{readiness.Miss{Metric: "completeness.email", Value: v(0.82), Threshold: v(0.9), Level: readiness.LevelFail, Unit: checks.Ratio}, leads,
			"18% of leads have no email; the threshold is 10%"},
		{readiness.Miss{Metric: "completeness.created_at", Value: v(0.97), Threshold: v(0.99), Level: readiness.LevelWarn, Unit: checks.Ratio}, leads,
			"3% of leads have no creation date; the warning threshold is 1%"},
		{readiness.Miss{Metric: "volume.records", Window: "200d", Value: v(103), Threshold: v(1000), Level: readiness.LevelFail, Unit: checks.Count}, leads,
			"103 leads were created in the last 200 days; the threshold is 1,000"},
		{readiness.Miss{Metric: "volume.label_positive", Window: "24mo", Value: v(166), Threshold: v(200), Level: readiness.LevelFail, Unit: checks.Count}, q3,
			"166 opportunities in Q3 export created in the last 24 months were won; the threshold is 200"},
		{readiness.Miss{Metric: "staleness.stale_share", Window: "180d", Value: v(0.6), Threshold: v(0.5), Level: readiness.LevelFail, Unit: checks.Ratio}, leads,
			"60% of leads have not been touched for more than 180 days; the threshold is 50%"},
		{readiness.Miss{Metric: "validity.email", Value: v(0.95), Threshold: v(0.98), Level: readiness.LevelWarn, Unit: checks.Ratio}, leads,
			"5% of the email values in leads are not valid; the warning threshold is 2%"},
		{readiness.Miss{Metric: "completeness.region", Level: readiness.LevelWarn, Dataset: "leads", Message: "completeness.region not measured: no column for role region"}, leads,
			"region completeness not measured in leads: no column for role region"},
		{readiness.Miss{Metric: "volume.win_rate", Window: "200d", Value: v(0.9055), Threshold: v(0.7), Level: readiness.LevelFail, Unit: checks.Ratio}, leads,
			"90.55% of leads created in the last 200 days converted; the threshold is 70%"},
		{readiness.Miss{Metric: "volume.negative_share", Window: "24mo", Value: v(0.99), Threshold: v(0.98), Level: readiness.LevelFail, Unit: checks.Ratio}, q3,
			"99% of opportunities in Q3 export closed in the last 24 months were lost; the threshold is 98%"},
		{readiness.Miss{Metric: "drift.psi.amount", Value: v(0.31), Threshold: v(0.25), Level: readiness.LevelFail, Unit: checks.PSI}, leads,
			"the population stability index of the amount of leads against the baseline is 0.31; the threshold is 0.25"},
		{readiness.Miss{Metric: "drift.psi_max", Value: v(0.31), Threshold: v(0.25), Level: readiness.LevelFail, Unit: checks.PSI}, leads,
			"the largest population stability index of leads against the baseline is 0.31; the threshold is 0.25"},
		{readiness.Miss{Metric: "duplicates.fuzzy.rate", Value: v(0.04), Threshold: v(0.03), Level: readiness.LevelWarn, Unit: checks.Ratio}, leads,
			"4% of leads are likely duplicates of another record (exact, normalized or similar names); the warning threshold is 3%"},
		{readiness.Miss{Metric: "duplicates.exact.largest", Value: v(12), Threshold: v(5), Level: readiness.LevelFail, Unit: checks.Count}, leads,
			"the largest group of exact duplicate leads holds 12 records; the threshold is 5"},
		{readiness.Miss{Metric: "ownership.owned", Value: v(0.85), Threshold: v(0.9), Level: readiness.LevelFail, Unit: checks.Ratio}, leads,
			"85% of leads have an owner; the threshold is 90%"},
		{readiness.Miss{Metric: "consistency.modified_before_created", Value: v(0.012), Threshold: v(0.01), Level: readiness.LevelWarn, Unit: checks.Ratio}, q3,
			"1.2% of opportunities in Q3 export were last modified on a day before they were created; the warning threshold is 1%"},
		{readiness.Miss{Metric: "staleness.freshness_days", Value: v(1234), Threshold: v(30), Level: readiness.LevelFail, Unit: checks.Days}, leads,
			"the newest of the leads is 1,234 days old; the threshold is 30 days"},
	} {
		if got := Plain(tt.m, tt.d); got != tt.want {
			t.Errorf("Plain(%s) =\n  %s\nwant\n  %s", tt.m.Metric, got, tt.want)
		}
	}
}

// TestFormatsRegistry: every format has a name and an extension, and the extensions select
// their format; an unknown one lists the valid ones.
func TestFormatsRegistry(t *testing.T) {
	var exts []string
	for _, f := range Formats {
		if f.Name == "" || len(f.Exts) == 0 || f.New == nil {
			t.Errorf("format %+v is incomplete", f.Name)
		}
		for _, e := range f.Exts {
			got, err := ByPath("dir/report" + strings.ToUpper(e))
			if err != nil || got.Name != f.Name {
				t.Errorf("ByPath(%s) = %s, %v", e, got.Name, err)
			}
			exts = append(exts, e)
		}
	}
	sort.Strings(exts)
	if len(slices.Compact(exts)) != len(exts) {
		t.Error("an extension selects two formats")
	}
	_, err := ByPath("report.pdf")
	if err == nil || !strings.Contains(err.Error(), ".xlsx") || !strings.Contains(err.Error(), ".md") {
		t.Errorf("ByPath(report.pdf) = %v", err)
	}
}

func TestCounted(t *testing.T) {
	for _, c := range []struct {
		n      int
		noun   string
		plural []string
		want   string
	}{
		{0, "dataset", nil, "0 datasets"},
		{1, "dataset", nil, "1 dataset"},
		{3, "dataset", nil, "3 datasets"},
		{1, "file or sheet", []string{"files or sheets"}, "1 file or sheet"},
		{2, "file or sheet", []string{"files or sheets"}, "2 files or sheets"},
	} {
		if got := counted(c.n, c.noun, c.plural...); got != c.want {
			t.Errorf("counted(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}

// TestPlainSentences walks checks.All: every metric states its value in a sentence of its own,
// every placeholder of it filled, and never its raw ID.
func TestPlainSentences(t *testing.T) {
	leads := &Dataset{Name: "leads", Object: "lead"}
	v := func(x float64) *float64 { return &x }
	for _, c := range checks.All {
		for _, d := range c.Metrics {
			id := strings.NewReplacer("<role>", "email", "<name>", "won_has_amount").Replace(d.ID)
			got := Plain(readiness.Miss{Metric: id, Window: "90d", Value: v(0.5), Threshold: v(0.4), Level: readiness.LevelFail, Unit: d.Unit}, leads)
			_, local, _ := strings.Cut(id, ".") // "psi_max", "exact.largest": a raw name, unless one plain word
			if !strings.ContainsAny(local, "._") {
				local = id
			}
			switch {
			case d.Plain == "":
				t.Errorf("%s: no Plain sentence", d.ID)
			case strings.Contains(got, id) || strings.Contains(got, local) || strings.Contains(got, d.ID):
				t.Errorf("%s: the sentence holds the raw ID: %s", d.ID, got)
			case strings.ContainsAny(got, "{}"):
				t.Errorf("%s: a placeholder is left: %s", d.ID, got)
			case !strings.Contains(got, "leads"):
				t.Errorf("%s: the sentence does not name the records: %s", d.ID, got)
			}
		}
	}
}
