package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/internal/testkit"
)

// compile compiles an embedded schema with santhosh-tekuri/jsonschema (it reads the draft from $schema).
func compile(t *testing.T, name string, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s does not compile: %v", name, err)
	}
	return s
}

// TestGoldenReportsValid validates every JSON report under testdata/ (any .json file whose
// "schema" names a crmready report) against the report schema.
func TestGoldenReportsValid(t *testing.T) {
	s := compile(t, "report.schema.json", Report)
	root := filepath.Join(testkit.Root(t), "testdata")
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var head struct{ Schema string }
		if json.Unmarshal(b, &head) != nil || !strings.HasPrefix(head.Schema, "crmready.report/") {
			return nil
		}
		n++
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return err
		}
		if err := s.Validate(doc); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no golden report found under testdata/: the test validates nothing")
	}
}

// TestReportSchemaRejects: the report schema is not a schema that accepts anything.
func TestReportSchemaRejects(t *testing.T) {
	s := compile(t, "report.schema.json", Report)
	golden, err := os.ReadFile(filepath.Join(testkit.Root(t), "testdata/golden/sample.report.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(string) string{
		"another schema version": func(s string) string {
			return strings.Replace(s, `"schema": "crmready.report/v1"`, `"schema": "crmready.report/v2"`, 1)
		},
		"an unknown verdict": func(s string) string { return strings.Replace(s, `"verdict": "NO-GO"`, `"verdict": "MAYBE"`, 1) },
		"rows as text":       func(s string) string { return regexp.MustCompile(`"rows": (\d+)`).ReplaceAllString(s, `"rows": "$1"`) },
		"a process item without status": func(s string) string {
			return strings.Replace(s, `"status": "to_define",`, ``, 1)
		},
	} {
		bad := edit(string(golden))
		if bad == string(golden) {
			t.Fatalf("%s: the edit changed nothing", name)
		}
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s.Validate(doc) == nil {
			t.Errorf("%s: valid", name)
		}
	}
}

// TestConfigSchema: every config the loader accepts under config/testdata validates, and so
// does the README's example; configs with a mistake the schema can see do not.
func TestConfigSchema(t *testing.T) {
	s := compile(t, "config.schema.json", Config)
	root := testkit.Root(t)
	good, _ := filepath.Glob(filepath.Join(root, "config/testdata/*.good.yml"))
	if len(good) == 0 {
		t.Fatal("no good configs")
	}
	for _, f := range good {
		if err := s.Validate(yamlFile(t, f)); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(version: 1\n.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README has no config example starting with version: 1")
	}
	if err := s.Validate(yamlDoc(t, m[1])); err != nil {
		t.Errorf("README config example: %v", err)
	}
	for _, name := range []string{"unknown_key", "unknown_nested_key", "unknown_role", "unknown_object", "unknown_metric",
		"bad_period", "bad_when_absent", "fail_on", "wrong_type", "wrong_type_list", "version_2", "dataset_without_files",
		"use_case_without_name", "waiver_bad_date", "waiver_incomplete", "max_findings_negative", "unknown_column_type",
		"process_bad_review_every", "process_bad_last_reviewed", "bad_as_of"} {
		f := filepath.Join(root, "config/testdata", name+".bad.yml")
		if s.Validate(yamlFile(t, f)) == nil {
			t.Errorf("%s.bad.yml validates against the schema", name)
		}
	}
}

// TestSchemaRulesMatchValidation: the values the schema lists for a column type are those
// extract.ParseType reads.
func TestSchemaRulesMatchValidation(t *testing.T) {
	for _, n := range columnTypes {
		if _, err := extract.ParseType(n); err != nil {
			t.Errorf("schema lists column type %q: %v", n, err)
		}
	}
	for _, n := range []string{"varchar", "dates"} {
		if _, err := extract.ParseType(n); err == nil {
			t.Errorf("%q reads as a type", n)
		}
	}
	period := regexp.MustCompile(periodPattern)
	for s, ok := range map[string]bool{"180d": true, "26w": true, " 24MO ": true, "2y": true, "0d": false, "d": false, "3m": false, "-1d": false, "10d2": false} {
		if period.MatchString(s) != ok {
			t.Errorf("period pattern on %q: %v", s, !ok)
		}
	}
	asOf := regexp.MustCompile(asOfPattern)
	for s, ok := range map[string]bool{"2026-11-25": true, "now": true, "NOW": true, "2026-11-25T10:00:00+01:00": true, "2026-11-25 10:00": true,
		"2026-11-25T10:00:00.123Z": true, "yesterday": false, "25/11/2026": false} {
		if asOf.MatchString(s) != ok {
			t.Errorf("as_of pattern on %q: %v", s, !ok)
		}
	}
}

func yamlFile(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return yamlDoc(t, b)
}

// yamlDoc reads YAML as an editor's language server does: a date written without quotes is
// text, as YAML 1.2 reads it.
func yamlDoc(t *testing.T, b []byte) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(b, &n); err != nil {
		t.Fatal(err)
	}
	if len(n.Content) == 0 {
		return map[string]any{}
	}
	v, err := nodeValue(n.Content[0])
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func nodeValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			v, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			return json.Number(strings.ReplaceAll(n.Value, "_", "")), nil
		case "!!bool":
			return strconv.ParseBool(strings.ToLower(n.Value))
		case "!!null":
			return nil, nil
		}
		return n.Value, nil
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}
