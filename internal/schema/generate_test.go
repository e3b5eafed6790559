package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/invopop/jsonschema"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/extract"
	"github.com/crmready/crmready/internal/testkit"
	"github.com/crmready/crmready/readiness"
	"github.com/crmready/crmready/reports"
)

// The schemas are generated here, from the Go types, with invopop/jsonschema: it reads field
// names from the tag a type is decoded with (mapstructure for the config, json for the report),
// and descriptions from the doc comments. What the config's validate tags say (required,
// one of, a period, a metric ID ...) is added to each property from the same tags
// config.Validate checks, so the schema and the validation cannot disagree on a rule either.

const module = "github.com/crmready/crmready"

// TestSchemasGolden regenerates both schemas and compares them with the embedded files;
// -update rewrites them.
func TestSchemasGolden(t *testing.T) {
	t.Chdir(testkit.Root(t)) // comments are read from the source, relative to the module root
	for _, tt := range []struct {
		file     string
		generate func() (*jsonschema.Schema, error)
		embedded []byte
	}{
		{"internal/schema/config.schema.json", configSchema, Config},
		{"internal/schema/report.schema.json", reportSchema, Report},
	} {
		s, err := tt.generate()
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		b, err := draft07(s)
		if err != nil {
			t.Fatal(err)
		}
		testkit.Golden(t, tt.file, b)
		if !*testkit.Update && !bytes.Equal(b, tt.embedded) {
			t.Errorf("%s: the embedded copy is stale", tt.file)
		}
	}
}

// draft07 writes a schema as JSON Schema draft-07, the draft editors' YAML and JSON language
// servers support in full (they warn that 2020-12 is not): definitions under "definitions"
// rather than "$defs". No keyword the generator uses differs between the two drafts.
func draft07(s *jsonschema.Schema) ([]byte, error) {
	s.Version = "http://json-schema.org/draft-07/schema#"
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	if bytes.Count(b, []byte(`"$defs": {`)) != 1 {
		return nil, fmt.Errorf("expected one $defs section")
	}
	b = bytes.Replace(b, []byte(`"$defs": {`), []byte(`"definitions": {`), 1)
	b = bytes.ReplaceAll(b, []byte(`"$ref": "#/$defs/`), []byte(`"$ref": "#/definitions/`))
	if bytes.Contains(b, []byte("$defs")) {
		return nil, fmt.Errorf("a $defs reference is left")
	}
	return append(b, '\n'), nil
}

// reflector returns a reflector that reads field names from tag and descriptions from the doc
// comments of the packages the config and the report are made of.
func reflector(tag string) (*jsonschema.Reflector, error) {
	r := &jsonschema.Reflector{FieldNameTag: tag, Anonymous: true, ExpandedStruct: true, Mapper: enums}
	for _, dir := range []string{"config", "reports", "readiness", "checks"} {
		if err := r.AddGoComments(module, dir); err != nil {
			return nil, err
		}
	}
	for k, v := range r.CommentMap {
		r.CommentMap[k] = strings.Join(strings.Fields(v), " ")
	}
	return r, nil
}

func configSchema() (*jsonschema.Schema, error) {
	r, err := reflector("mapstructure")
	if err != nil {
		return nil, err
	}
	r.RequiredFromJSONSchemaTags = true // required comes from the validate tags, below
	s := r.Reflect(&config.Config{})
	s.Title = "crmready config"
	s.Description = "The YAML configuration of crmready (crmready audit --config FILE). Unknown keys are errors."
	if err := walk(s, reflect.TypeOf(config.Config{}), applyValidate); err != nil {
		return nil, err
	}
	return s, nil
}

func reportSchema() (*jsonschema.Schema, error) {
	r, err := reflector("json")
	if err != nil {
		return nil, err
	}
	r.AllowAdditionalProperties = true // fields are added without a version change
	s := r.Reflect(&reports.Report{})
	s.Title = "crmready JSON report (" + reports.SchemaVersion + ")"
	if err := walk(s, reflect.TypeOf(reports.Report{}), nullable); err != nil {
		return nil, err
	}
	version, _ := s.Properties.Get("schema")
	version.Const = reports.SchemaVersion
	return s, nil
}

// enums gives the report's named string types their values.
func enums(t reflect.Type) *jsonschema.Schema {
	values := map[reflect.Type][]any{
		reflect.TypeOf(readiness.Status("")):        {readiness.Go, readiness.Warn, readiness.NoGo, readiness.NA},
		reflect.TypeOf(readiness.Level("")):         {readiness.LevelFail, readiness.LevelWarn, readiness.LevelSkip},
		reflect.TypeOf(readiness.ProcessStatus("")): {readiness.ProcessDefined, readiness.ProcessMissing, readiness.ProcessToDefine, readiness.ProcessOverdue, readiness.ProcessNotRecorded},
		reflect.TypeOf(checks.Unit("")):             {checks.Ratio, checks.Count, checks.Days, checks.PSI},
	}[t]
	if values == nil {
		return nil
	}
	return &jsonschema.Schema{Type: "string", Enum: values}
}

// walk calls f for every field of struct type t (embedded structs' fields included) and of the
// struct types it holds, with the definition the field's property belongs to.
func walk(root *jsonschema.Schema, t reflect.Type, f func(def *jsonschema.Schema, name string, field reflect.StructField) error) error {
	seen := map[reflect.Type]bool{}
	names := map[string]reflect.Type{} // invopop names definitions by type name only
	var visit func(t reflect.Type, def *jsonschema.Schema) error
	visit = func(t reflect.Type, def *jsonschema.Schema) error {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() == "time" {
			return nil
		}
		if def == nil {
			if seen[t] {
				return nil
			}
			seen[t] = true
			if other, ok := names[t.Name()]; ok {
				return fmt.Errorf("types %s and %s share the definition %q: give the reflector a Namer", other, t, t.Name())
			}
			names[t.Name()] = t
			if def = root.Definitions[t.Name()]; def == nil {
				return fmt.Errorf("no definition for %s", t)
			}
		}
		for i := range t.NumField() {
			field := t.Field(i)
			if !field.IsExported() {
				continue
			}
			name := tagName(field, root)
			if field.Anonymous && name == "" {
				if err := visit(field.Type, def); err != nil {
					return err
				}
				continue
			}
			if name == "-" || name == "" {
				continue
			}
			if err := f(def, name, field); err != nil {
				return fmt.Errorf("%s.%s: %w", t.Name(), field.Name, err)
			}
			if err := visit(field.Type, nil); err != nil {
				return err
			}
		}
		return nil
	}
	seen[t] = true
	return visit(t, root) // the root type is expanded into the root schema
}

// tagName is the name a field is decoded under: its mapstructure tag in the config, its json
// tag in the report ("" for an embedded struct).
func tagName(f reflect.StructField, root *jsonschema.Schema) string {
	tag := "json"
	if root.Title == "crmready config" {
		tag = "mapstructure"
	}
	name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
	return name
}

// nullable lets a report field that encoding/json can write as null (a pointer without
// omitempty: an unmeasured value) be null.
func nullable(def *jsonschema.Schema, name string, f reflect.StructField) error {
	if f.Type.Kind() != reflect.Pointer || strings.Contains(f.Tag.Get("json"), "omitempty") {
		return nil
	}
	prop, ok := def.Properties.Get(name)
	if !ok {
		return fmt.Errorf("no property %q", name)
	}
	inner := *prop
	*prop = jsonschema.Schema{Description: inner.Description, AnyOf: []*jsonschema.Schema{&inner, {Type: "null"}}}
	inner.Description = ""
	return nil
}

// applyValidate turns a config field's validate tag into schema keywords. A tag it does not
// know is an error, so a new validation rule cannot be left out of the schema.
func applyValidate(def *jsonschema.Schema, name string, f reflect.StructField) error {
	tag := f.Tag.Get("validate")
	if tag == "" {
		return nil
	}
	prop, ok := def.Properties.Get(name)
	if !ok {
		return fmt.Errorf("no property %q", name)
	}
	target := prop
	for _, rule := range strings.Split(tag, ",") {
		key, param, _ := strings.Cut(rule, "=")
		switch key {
		case "omitempty":
		case "dive":
			if target.Items == nil {
				return fmt.Errorf("dive on %q, which is not a list", name)
			}
			target = target.Items
		case "required":
			if target == prop {
				def.Required = append(def.Required, name)
			}
			if target.Type == "string" {
				one := uint64(1)
				target.MinLength = &one
			}
		case "min":
			n := uint64(0)
			fmt.Sscan(param, &n)
			target.MinItems = &n
		case "eq":
			target.Const = json.Number(param)
		case "gte":
			target.Minimum = json.Number(param)
		case "gt":
			target.ExclusiveMinimum = json.Number(param)
		case "lt":
			target.ExclusiveMaximum = json.Number(param)
		case "oneof":
			for _, v := range strings.Fields(param) {
				target.Enum = append(target.Enum, v)
			}
		default:
			kw, ok := customRules[key]
			if !ok {
				return fmt.Errorf("validate tag %q has no JSON Schema mapping: add one to customRules", key)
			}
			kw(target)
		}
	}
	return nil
}

// customRules map config's own validation tags (config.fieldRules) to schema keywords.
var customRules = map[string]func(*jsonschema.Schema){
	"object": func(s *jsonschema.Schema) {
		for _, o := range extract.Objects {
			s.Enum = append(s.Enum, string(o))
		}
	},
	"role": func(s *jsonschema.Schema) {
		for _, r := range extract.Roles() {
			s.Enum = append(s.Enum, string(r))
		}
	},
	"coltype": func(s *jsonschema.Schema) {
		for _, n := range columnTypes {
			s.Enum = append(s.Enum, n)
		}
	},
	"metric":          func(s *jsonschema.Schema) { metricSchema(s, false) },
	"metric_or_check": func(s *jsonschema.Schema) { metricSchema(s, true) },
	"rulename": func(s *jsonschema.Schema) {
		s.Pattern = checks.RuleNamePattern
		s.Examples = []any{"won_has_amount"}
	},
	"expression": func(s *jsonschema.Schema) {
		s.Examples = []any{`stage == "Closed Won"`, "amount > 0"}
	},
	"period": func(s *jsonschema.Schema) {
		s.Pattern = periodPattern
		s.Examples = []any{"180d", "26w", "24mo", "2y"}
	},
	"date": func(s *jsonschema.Schema) {
		s.Pattern = `^\s*\d{4}-\d{2}-\d{2}\s*$`
		s.Examples = []any{"2026-12-31"}
	},
	"asof": func(s *jsonschema.Schema) {
		s.Pattern = asOfPattern
		s.Examples = []any{"2026-11-25", "2026-11-25T10:00:00+01:00", "now"}
	},
	"region": func(s *jsonschema.Schema) {
		s.Pattern = `^[A-Za-z]{2}$`
		s.Examples = []any{"US", "GB", "DE"}
	},
}

const (
	periodPattern = `^\s*[0-9]*[1-9][0-9]*\s*([dDwWyY]|[mM][oO])\s*$`
	asOfPattern   = `^\s*([nN][oO][wW]|\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([zZ]|[+-]\d{2}:\d{2})?)?)?\s*$`
)

// columnTypes are the names extract.ParseType reads (checked by TestSchemaRulesMatchValidation).
var columnTypes = []string{"string", "text", "int", "integer", "float", "number", "decimal", "bool", "boolean", "time", "date", "datetime", "timestamp"}

// metricIDs lists every metric ID a threshold or a waiver may name: role metrics once per role.
// metricSchema makes s accept a metric ID (or a check ID too): the fixed IDs as an enum, the
// IDs of config rules by pattern.
func metricSchema(s *jsonschema.Schema, checkIDs bool) {
	ids := &jsonschema.Schema{}
	for _, id := range metricIDs() {
		ids.Enum = append(ids.Enum, id)
	}
	if checkIDs {
		for _, id := range checks.IDs() {
			ids.Enum = append(ids.Enum, id)
		}
	}
	s.AnyOf = []*jsonschema.Schema{ids}
	for _, c := range checks.All {
		for _, m := range c.Metrics {
			if prefix, ok := strings.CutSuffix(m.ID, "<name>"); ok {
				s.AnyOf = append(s.AnyOf, &jsonschema.Schema{Pattern: "^" + regexp.QuoteMeta(prefix) + checks.RuleNamePattern[1:]})
			}
		}
	}
}

func metricIDs() []string {
	var ids []string
	for _, c := range checks.All {
		for _, m := range c.Metrics {
			if strings.HasSuffix(m.ID, "<name>") {
				continue // matched by pattern
			}
			prefix, ok := strings.CutSuffix(m.ID, "<role>")
			if !ok {
				ids = append(ids, m.ID)
				continue
			}
			for _, r := range extract.Roles() {
				ids = append(ids, prefix+string(r))
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
