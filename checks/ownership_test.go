package checks

import (
	"strings"
	"testing"

	"github.com/crmready/crmready/extract"
)

func TestOwnership(t *testing.T) {
	owners := []string{
		"005A00000000001", // Ann, active
		"005A00000000001AAA",
		"00GA0000000QUEU", // a Salesforce queue
		"",
		"N/A",
		"005A00000000002", // Bob, inactive
		"Inbound Queue",   // a queue by name
		"005A00000000009", // not in the list
		"005A00000000001",
		"005A00000000001",
	}
	ds, bs := dataset(t, extract.Lead, 3, col{"OwnerId", extract.RoleOwner, extract.String, owners})
	users := &Users{Active: map[string]bool{Key("005A00000000001"): true}, Inactive: map[string]bool{Key("005a00000000002"): true},
		Queues: NewPlaceholders([]string{"inbound queue"}), Source: "users.csv"}
	tests := []struct {
		name     string
		users    *Users
		active   int64 // of 8 owned, -1 when not measured
		inactive int64
		queue    int64
		kinds    map[string]int64
	}{
		// Without a list, only the Salesforce queue ID is known to be a queue.
		{"no user list", nil, -1, -1, 1, map[string]int64{"top_owner": 1}},
		// Ann's 18-character ID is her 15-character one; two queues are active owners.
		{"a list with inactive users", users, 6, 1, 2, map[string]int64{"inactive_owner": 1, "unknown_owner": 1, "top_owner": 1}},
		{"a list of active users only", &Users{Active: users.Active, Source: "the config"}, 5, -1, 1, map[string]int64{"unknown_owner": 3, "top_owner": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testParams()
			p.Users = tt.users
			r := run(t, Ownership, ds, p, bs)
			checksMetric(t, r, "ownership.owned", "", 8, 10)
			checksMetric(t, r, "ownership.queue_owned", "", tt.queue, 8)
			checksMetric(t, r, "ownership.top_owner_share", "", 3, 8) // 005A00000000001 three times; its 18-character form is another value
			if m := metric(t, r, "ownership.owners", ""); m.Value != 6 {
				t.Errorf("owners = %v, want 6", m.Value)
			}
			for id, n := range map[string]int64{"ownership.active_owner": tt.active, "ownership.inactive_owner": tt.inactive} {
				if n < 0 {
					if hasMetric(r, id) {
						t.Errorf("%s measured without a list that can tell", id)
					}
					continue
				}
				checksMetric(t, r, id, "", n, 8)
			}
			if got := totals(r); len(got) != len(tt.kinds) {
				t.Errorf("findings %v, want %v", got, tt.kinds)
			}
			for k, n := range tt.kinds {
				if g := group(r, k); g.Total != n {
					t.Errorf("%s: %d findings, want %d", k, g.Total, n)
				}
			}
			if g := group(r, "top_owner"); !strings.HasPrefix(g.Sample[0].Message, "the largest owner is 005A00000000001 (37.5%) of 8 owned records; next: ") {
				t.Errorf("top owner: %q", g.Sample[0].Message)
			}
		})
	}
	p := testParams()
	p.Users = users
	r := run(t, Ownership, ds, p, bs)
	if f := group(r, "inactive_owner").Sample[0]; f.Record != 6 || f.Value != "005A00000000002" || f.Message != "owned by 005A00000000002, an inactive user in users.csv" {
		t.Errorf("inactive finding %+v", f)
	}
}

func TestOwnershipWithoutOwner(t *testing.T) {
	for obj, findings := range map[extract.Object]int64{extract.Lead: 1, extract.Product: 0} {
		ds, bs := dataset(t, obj, 0, col{"Name", extract.RoleName, extract.String, []string{"a"}})
		r := run(t, Ownership, ds, testParams(), bs)
		if len(r.Metrics) != 0 || group(r, "missing_role").Total != findings {
			t.Errorf("%s without an owner column: metrics %v, findings %v", obj, metricIDs(r), totals(r))
		}
	}
}

func TestUserKey(t *testing.T) {
	for in, want := range map[string]string{
		" Jane Doe ":         "jane doe",
		"005A0000001abcDEFG": "005a0000001abcd", // 18 characters: its 15-character form
		"005A0000001abcD":    "005a0000001abcd",
		"00GA0000001abcDEFG": "00ga0000001abcdefg", // a queue ID is not a user's
		"jane@acme.com":      "jane@acme.com",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
	var none *Users
	if !none.IsQueue("00GA0000001abcD") || none.IsQueue("005A0000001abcD") || none.IsQueue("Inbound Queue") || none.Lists() {
		t.Error("without a list, only Salesforce queue IDs are queues")
	}
}

// splitRun folds the batches into n analyzers, out of order, and merges them.
func splitRun(t *testing.T, c *Check, ds *Dataset, p *Params, bs []*extract.Batch, n int) Result {
	t.Helper()
	parts := make([]Analyzer, n)
	for k := range parts {
		var err error
		if parts[k], err = c.New(ds, p); err != nil {
			t.Fatal(err)
		}
	}
	for i, b := range bs {
		parts[(i*7)%n].Fold(b)
	}
	for _, a := range parts[1:] {
		parts[0].Merge(a)
	}
	return parts[0].Result()
}

func TestOwnershipMerge(t *testing.T) {
	var owners []string
	for i := range 300 {
		owners = append(owners, []string{"005A00000000001", "005A00000000002", "", "00GA0000000QUEU", "Zed"}[i*i%5])
	}
	ds, bs := dataset(t, extract.Opportunity, 7, col{"Owner", extract.RoleOwner, extract.String, owners})
	p := testParams()
	p.Users = &Users{Active: map[string]bool{Key("005A00000000001"): true}, Inactive: map[string]bool{Key("005A00000000002"): true}, Source: "test"}
	want := metricsJSON(t, run(t, Ownership, ds, p, bs), true)
	for n := 2; n <= 4; n++ {
		if got := metricsJSON(t, splitRun(t, Ownership, ds, p, bs, n), true); got != want {
			t.Errorf("split %d ways:\n got %s\nwant %s", n, got, want)
		}
	}
}
