package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadUsers(t *testing.T) {
	file := writeFile(t, "users.csv", "Id,Name,Email,Username,IsActive,IsDeleted\n"+
		"005A00000000001AAA,Ann Lee,ann@acme.com,ann.lee,true,false\n"+
		"005A00000000002BBB,Bob Roe,bob@acme.com,bob.roe,false,false\n"+
		"005A00000000003CCC,Cy Poe,cy@acme.com,cy.poe,,false\n"+
		"005A00000000004DDD,Di Moe,di@acme.com,di.moe,true,true\n")
	us, err := loadUsers(config.UsersPlan{File: file, Active: []string{"bob@acme.com"}, Inactive: []string{"Cy Poe"}, Queues: []string{"Web*"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for owner, want := range map[string]string{
		"005A00000000001":    "active",
		"005A00000000001AAA": "active",
		"ann lee":            "active",
		"ANN@acme.com":       "active",
		"ann.lee":            "active",
		"005A00000000002":    "inactive", // Bob's flag is false ...
		"bob@acme.com":       "active",   // ... but the config lists this address as active
		"005A00000000003":    "active",   // a blank flag is active
		"cy poe":             "inactive", // the config says so
		"005A00000000004":    "inactive", // deleted
		"Eve":                "unknown",
	} {
		got := "unknown"
		switch k := checks.Key(owner); {
		case us.Active[k] && us.Inactive[k]:
			got = "both"
		case us.Active[k]:
			got = "active"
		case us.Inactive[k]:
			got = "inactive"
		}
		if got != want {
			t.Errorf("%s: %s, want %s", owner, got, want)
		}
	}
	if !us.IsQueue("Web Leads") || us.IsQueue("Ann Lee") || us.Source != file+" and the config's user lists" {
		t.Errorf("queues or source wrong: %q", us.Source)
	}

	if us, err := loadUsers(config.UsersPlan{}, Options{}); us != nil || err != nil {
		t.Errorf("no settings: %v, %v; want no list", us, err)
	}
	noFlag := writeFile(t, "team.csv", "Full Name,Region\nMoses Frase,Central\n")
	if us, err := loadUsers(config.UsersPlan{File: noFlag}, Options{}); err != nil || !us.Active["moses frase"] || len(us.Inactive) != 0 {
		t.Errorf("a file without an active flag: %+v, %v; want every user active", us, err)
	}
	bad := writeFile(t, "bad.csv", "code,description\n1,x\n")
	if _, err := loadUsers(config.UsersPlan{File: bad}, Options{}); err == nil || !strings.Contains(err.Error(), "bad.csv: no user id, name or email column to match owners with (columns: code, description)") {
		t.Errorf("a file with no user columns: %v", err)
	}
	if _, err := loadUsers(config.UsersPlan{File: filepath.Join(t.TempDir(), "nope.csv")}, Options{}); err == nil || !strings.Contains(err.Error(), "nope.csv: no such file") {
		t.Errorf("a missing file: %v", err)
	}
}
