package dedupeval

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/crmready/crmready/internal/testkit"
)

var threshold = flag.Float64("threshold", 0, "fuzzy threshold to evaluate (default: the check's)")

func TestPrint(t *testing.T) {
	dir := filepath.Dir(filepath.Dir(filepath.Dir(testkit.Data(t, "dedup/febrl/dataset1.csv"))))
	for _, s := range Sets {
		for _, fz := range []bool{false, true} {
			o, err := Run(dir, s, fz, *threshold)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s fuzzy=%v %s (%v) %+v", s.Name, fz, o.Scores, o.Elapsed, statsNoPairs(o))
		}
	}
}

func statsNoPairs(o Outcome) any {
	if o.Fuzzy == nil {
		return nil
	}
	f := *o.Fuzzy
	f.Pairs = nil
	return f
}
