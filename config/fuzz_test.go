package config_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmready/crmready/config"
)

// FuzzConfig: a config file is user input. Whatever its bytes, loading, validating and
// resolving it into a plan gives a plan or an error, without a panic.
func FuzzConfig(f *testing.F) {
	good, _ := filepath.Glob("testdata/*.yml")
	if len(good) == 0 {
		f.Fatal("no configs in testdata")
	}
	for _, name := range good {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "crmready.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, src, err := config.Load(path, nil)
		if err != nil {
			return
		}
		if err := config.Validate(c); err != nil {
			return
		}
		_, _ = config.Resolve(c, src, path, config.Request{Files: []string{filepath.Join(dir, "leads.csv")}, Now: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	})
}
