package checks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/internal/testkit"
)

// geFile is a Great Expectations test-definition file.
type geFile struct {
	Datasets []struct {
		Data  map[string][]any `json:"data"`
		Tests []struct {
			Title   string         `json:"title"`
			OnlyFor []string       `json:"only_for"`
			In      map[string]any `json:"in"`
			Out     struct {
				Success        bool     `json:"success"`
				UnexpectedList []any    `json:"unexpected_list"`
				Observed       *float64 `json:"observed_value"`
				Result         *struct {
					UnexpectedCount *int `json:"unexpected_count"`
				} `json:"result"`
			} `json:"out"`
		} `json:"tests"`
	} `json:"datasets"`
}

// TestGreatExpectations runs Great Expectations' own cases for not-null, unique and
// proportion-of-unique (pandas is the reference backend) against crmready's completeness and
// duplicates checks. The definitions differ and the test converts, it does not skip: GE's
// "unique" flags every occurrence of a repeated value, crmready counts the extra copies, so GE's
// unexpected count = crmready's extra copies + clusters.
func TestGreatExpectations(t *testing.T) {
	dir := testkit.Data(t, "oracles/great_expectations")
	cases := 0
	for _, name := range []string{"expect_column_values_to_not_be_null", "expect_column_values_to_be_unique", "expect_column_proportion_of_unique_values_to_be_between"} {
		var f geFile
		b, err := os.ReadFile(filepath.Join(dir, name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, ds := range f.Datasets {
			for _, tc := range ds.Tests {
				cases++
				t.Run(name+"/"+tc.Title, func(t *testing.T) {
					if len(tc.OnlyFor) > 0 && !contains(tc.OnlyFor, "pandas") {
						t.Skipf("only for %v: pandas, the reference backend, is excluded", tc.OnlyFor)
					}
					column := tc.In["column"].(string)
					values := ds.Data[column]
					typ, text, mixed := geColumn(values)
					if mixed {
						t.Skipf("column %q mixes numbers and text (%v): a CRM extract has one type per column", column, values)
					}
					c := col{name: column, role: extract.RoleID, typ: typ, values: text}
					d, bs := dataset(t, extract.Other, 0, c)
					n := int64(len(values))
					comp := run(t, Completeness, d, testParams(), bs).Columns[0]
					present := n - comp.Missing
					dup := run(t, Duplicates, d, testParams(), bs)
					extra := metric(t, dup, "duplicates.exact.id", "").Count
					clusters := metric(t, dup, "duplicates.exact.clusters", "").Count
					mostly := 1.0
					if m, ok := tc.In["mostly"].(float64); ok {
						mostly = m
					}
					switch name {
					case "expect_column_values_to_not_be_null":
						unexpected := comp.Missing
						if l := tc.Out.UnexpectedList; l != nil && int64(len(l)) != unexpected {
							t.Errorf("missing = %d, GE unexpected = %d", unexpected, len(l))
						}
						if r := tc.Out.Result; r != nil && r.UnexpectedCount != nil && int64(*r.UnexpectedCount) != unexpected {
							t.Errorf("missing = %d, GE unexpected_count = %d", unexpected, *r.UnexpectedCount)
						}
						if got := 1-ratio(unexpected, n) >= mostly; got != tc.Out.Success {
							t.Errorf("completeness %d/%d with mostly %v: success %v, GE says %v", present, n, mostly, got, tc.Out.Success)
						}
					case "expect_column_values_to_be_unique":
						unexpected := extra + clusters // every occurrence of a repeated value
						if l := tc.Out.UnexpectedList; l != nil && int64(len(l)) != unexpected {
							t.Errorf("extra copies %d + clusters %d = %d, GE flags %d", extra, clusters, unexpected, len(l))
						}
						if got := present == 0 || 1-ratio(unexpected, present) >= mostly; got != tc.Out.Success {
							t.Errorf("unique with mostly %v: success %v, GE says %v", mostly, got, tc.Out.Success)
						}
					case "expect_column_proportion_of_unique_values_to_be_between":
						observed := ratio(present-extra, present) // distinct / non-null
						if o := tc.Out.Observed; o != nil && !near(*o, observed) {
							t.Errorf("proportion unique = %v, GE observed %v", observed, *o)
						}
						lo, hasLo := tc.In["min_value"].(float64)
						hi, hasHi := tc.In["max_value"].(float64)
						got := (!hasLo || observed >= lo) && (!hasHi || observed <= hi)
						if got != tc.Out.Success {
							t.Errorf("proportion %v in [%v, %v]: success %v, GE says %v", observed, tc.In["min_value"], tc.In["max_value"], got, tc.Out.Success)
						}
					}
				})
			}
		}
	}
	if cases != 24 {
		t.Errorf("ran %d Great Expectations cases, want 24", cases)
	}
}

// geColumn converts GE's JSON values to text as a CRM extract would hold them, and the type a
// reader would give the column. mixed is true when numbers and strings share the column.
func geColumn(values []any) (extract.Type, []string, bool) {
	var nums, strs int
	text := make([]string, len(values))
	for i, v := range values {
		switch x := v.(type) {
		case nil:
		case float64:
			nums++
			text[i] = strconv.FormatFloat(x, 'f', -1, 64)
		case string:
			strs++
			text[i] = x
		default:
			text[i] = fmt.Sprint(x)
			strs++
		}
	}
	if nums > 0 && strs > 0 {
		return extract.String, text, true
	}
	if nums > 0 {
		return extract.Float, text, false
	}
	return extract.String, text, false
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}
