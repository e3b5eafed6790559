package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmready/crmready/config"
)

// TestReadmeConfig: the configuration example in the README loads and validates.
func TestReadmeConfig(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "## Configuration")
	_, block, ok2 := strings.Cut(section, "```yaml\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("no yaml block under ## Configuration in README.md")
	}
	path := filepath.Join(t.TempDir(), "crmready.yaml")
	if err := os.WriteFile(path, []byte(block), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := config.Load(path, nil); err != nil {
		t.Errorf("the README's example config: %v", err)
	}
}
