package audit

import (
	"testing"

	"github.com/crmready/crmready/extract"
)

// TestDropDeleted reads a soft-delete flag with the one yes/no reader: "t" and "y" are deleted
// too, as they are in a checkbox column.
func TestDropDeleted(t *testing.T) {
	flags := []string{"t", "y", "Yes", "1", "TRUE", "false", "f", "n", "0", "", "maybe"}
	v := extract.NewVector(extract.String, len(flags), true)
	for i, s := range flags {
		v.Str[i], v.Null[i] = s, extract.IsBlank(s)
	}
	b := &extract.Batch{Len: len(flags), Cols: []*extract.Vector{v}, Pos: make([]int64, len(flags))}
	kept, n := dropDeleted(b, 0)
	if n != 5 || kept.Len != 6 {
		t.Fatalf("dropped %d, kept %d; want 5 and 6", n, kept.Len)
	}
	for i, want := range []string{"false", "f", "n", "0", "", "maybe"} {
		if got := kept.Cols[0].Str[i]; got != want {
			t.Errorf("kept row %d is %q, want %q", i, got, want)
		}
	}
}
