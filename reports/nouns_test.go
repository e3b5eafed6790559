package reports

import (
	"testing"

	"github.com/crmready/crmready/extract"
)

// TestNounOfEveryObject names the records of every object type in a sentence: no object type
// is left as "the records of ...".
func TestNounOfEveryObject(t *testing.T) {
	for _, o := range extract.Objects {
		got := nounOf(&Dataset{Name: "x", Object: string(o)}, "x")
		if (got == "the records of x") != (o == extract.Other) {
			t.Errorf("%s: %q", o, got)
		}
	}
	if got := nounOf(&Dataset{Name: "Line items", Object: "line_item"}, ""); got != "line items" {
		t.Errorf("line items: %q", got)
	}
}
