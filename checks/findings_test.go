package checks

import (
	"fmt"
	"os"
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestFindingsKeepLowestRecords(t *testing.T) {
	a, b := NewFindings(3), NewFindings(3)
	for _, r := range []int64{50, 7, 9, 1000, 3} {
		a.Add(Finding{Kind: "k", Record: r})
	}
	for _, r := range []int64{8, 2, 400} {
		b.Add(Finding{Kind: "k", Record: r})
	}
	b.Count("other", 5)
	a.Merge(b)
	gs := a.Groups()
	if len(gs) != 2 || gs[0].Kind != "k" || gs[1].Kind != "other" || gs[1].Total != 5 {
		t.Fatalf("groups = %+v", gs)
	}
	var got []int64
	for _, f := range gs[0].Sample {
		got = append(got, f.Record)
	}
	if gs[0].Total != 8 || len(got) != 3 || got[0] != 2 || got[1] != 3 || got[2] != 7 {
		t.Errorf("total %d, sample %v; want 8 and [2 3 7]", gs[0].Total, got)
	}
}

func TestFindingLocation(t *testing.T) {
	for _, tt := range []struct {
		kind      extract.PosKind
		line, row int64
		index     bool
	}{{extract.PosLine, 12, 0, false}, {extract.PosRow, 0, 12, false}, {extract.PosIndex, 0, 0, true}} {
		b := &extract.Batch{File: "f", PosKind: tt.kind, Record: 10, Len: 1, Pos: []int64{12}}
		f := At(b, 0, "k", "c", "v", "m")
		if f.Record != 11 || f.Line != tt.line || f.Row != tt.row || (f.Index != nil) != tt.index || (tt.index && *f.Index != 12) {
			t.Errorf("PosKind %d: %+v", tt.kind, f)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	p := NewPlaceholders(BuiltinPlaceholders).With([]string{"*@example.invalid", "Ünbekannt"})
	for s, want := range map[string]bool{
		"N/A": true, " n/a ": true, "SELECT": true, "noemail@x.com": true, "NOEMAIL@X": true, "test@test.com": true,
		"bob@example.invalid": true, "ünbekannt": true, "Web": false, "": false, "Selected": false, "noemail": false,
		"000-000-0000": true, "test": true, "testing": false,
	} {
		if got := p.Match(s); got != want {
			t.Errorf("Match(%q) = %v, want %v", s, got, want)
		}
	}
	ms, _ := extract.ParseTime("1900-01-01", extract.MDY)
	if !p.MatchTime(ms) {
		t.Error("1/1/1900 is a placeholder date")
	}
}

func BenchmarkPlaceholderMatch(b *testing.B) {
	p := NewPlaceholders(BuiltinPlaceholders)
	values := []string{"ada.lovelace.17@example.org", "Ada", "Lovelace", "N/A", "+1 415 555 0142", "Nancy", "Select", "United States"}
	b.ReportAllocs()
	for i := range b.N {
		p.Match(values[i%len(values)])
	}
}

func TestLazyFindingsBuildOnlyWhatCanBeKept(t *testing.T) {
	fs := NewFindings(2)
	built := 0
	for r := int64(1); r <= 100; r++ {
		fs.Lazy("k", r, func() Finding { built++; return Finding{Kind: "k", Record: r} })
	}
	fs.Lazy("k", 0, func() Finding { built++; return Finding{Kind: "k", Message: "about the dataset"} })
	g := fs.Groups()[0]
	if g.Total != 101 || len(g.Sample) != 2 || g.Sample[0].Record != 0 || g.Sample[1].Record != 1 {
		t.Errorf("group = %+v", g)
	}
	if built > 30 {
		t.Errorf("built %d findings for a sample of 2", built)
	}
}

// TestFullLists: with full lists, every finding is kept beside the capped sample, in record order
// whatever the order batches were folded and merged in, through runs spilled to a temporary file
// that Close removes.
func TestFullLists(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	p := &Params{MaxFindings: 5, FullLists: true}
	a, b := p.NewFindings(), p.NewFindings()
	const n = 3*listRunSize + 77
	idx := int64(4)
	for r := int64(n); r >= 1; r-- { // backwards: runs must be sorted and merged
		fs := a
		if r%3 == 0 {
			fs = b
		}
		fs.Lazy("stale_record", r, func() Finding {
			return Finding{Kind: "stale_record", Record: r, Column: "LastActivityDate", Value: "2020-01-02", Message: "old", Index: &idx}
		})
		if r%1000 == 0 {
			fs.Add(Finding{Kind: "invalid_email", Record: r, Line: r + 1, Value: "x@"})
		}
	}
	a.Merge(b)
	gs := a.Groups()
	if len(gs) != 2 {
		t.Fatalf("groups %+v", gs)
	}
	for _, g := range gs {
		if len(g.Sample) != min(5, int(g.Total)) || g.Full().Len() != g.Total {
			t.Errorf("%s: total %d, sample %d, full %d", g.Kind, g.Total, len(g.Sample), g.Full().Len())
		}
		var prev int64
		var seen int64
		err := g.Full().Each(func(f Finding) error {
			seen++
			if f.Record <= prev || f.Kind != g.Kind {
				return fmt.Errorf("record %d after %d (kind %s)", f.Record, prev, f.Kind)
			}
			if g.Kind == "stale_record" && (f.Index == nil || *f.Index != 4 || f.Value != "2020-01-02" || f.Column != "LastActivityDate") {
				return fmt.Errorf("finding changed on the way: %+v", f)
			}
			if g.Kind == "invalid_email" && f.Line != f.Record+1 {
				return fmt.Errorf("line lost: %+v", f)
			}
			prev = f.Record
			return nil
		})
		if err != nil || seen != g.Total {
			t.Errorf("%s: %v, saw %d of %d", g.Kind, err, seen, g.Total)
		}
	}
	if files, _ := os.ReadDir(tmp); len(files) == 0 {
		t.Error("nothing was spilled: the test does not exercise the runs")
	}
	for _, g := range gs {
		if err := g.Full().Close(); err != nil {
			t.Error(err)
		}
	}
	if files, _ := os.ReadDir(tmp); len(files) != 0 {
		t.Errorf("temporary files left: %v", files)
	}
}

func TestNoFullListsByDefault(t *testing.T) {
	fs := (&Params{MaxFindings: 2}).NewFindings()
	fs.Add(Finding{Kind: "k", Record: 1})
	if g := fs.Groups()[0]; g.Full() != nil {
		t.Error("a full list without Params.FullLists")
	}
}
