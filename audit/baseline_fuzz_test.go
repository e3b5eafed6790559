package audit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzBaseline: a saved baseline profile is user input to `audit --baseline`. Whatever the
// bytes, loading it gives a baseline or an error, and an audit against a baseline that loads
// runs the drift check to a report or an error, without a panic.
func FuzzBaseline(f *testing.F) {
	file := "../testdata/crm/salesforce_leads_deleted.csv"
	p := plan(f, nil, file)
	_, b, err := ProfileBaseline(plan(f, nil, "../testdata/sample/leads.csv"), Options{Version: "test"})
	if err != nil {
		f.Fatal(err)
	}
	seed, err := json.Marshal(b)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"schema":"` + BaselineSchema + `","datasets":[{"name":"x","object":"lead","rows":0,"columns":[{"name":"Email","role":"email"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "baseline.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := readBaseline(path); err != nil {
			return
		}
		bp := *p
		bp.Baseline = path
		if _, err := Run(&bp, Options{Version: "test"}); err != nil {
			t.Logf("audit: %v", err) // an error is an answer; a panic is not
		}
	})
}
