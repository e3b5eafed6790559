package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// EnvPrefix is the prefix of the environment variables that override config values.
const EnvPrefix = "CRMREADY"

// scalar keys that environment variables and flags can set, with their flag names.
var overridable = []struct{ key, flag string }{
	{"as_of", "as-of"},
	{"fail_on", "fail-on"},
	{"max_findings", "max-findings"},
}

// Sources says where each overridable value came from.
type Sources map[string]string

// Load reads the config file at path ("" for none), applies CRMREADY_* environment variables and
// the flags in fs that were set, and decodes the result strictly. Errors name the file.
func Load(path string, fs *pflag.FlagSet) (*Config, Sources, error) {
	v := viper.New()
	v.SetEnvPrefix(EnvPrefix)
	src := Sources{}
	if path != "" {
		if err := readFile(v, path); err != nil {
			return nil, nil, err
		}
	}
	for _, o := range overridable {
		if err := v.BindEnv(o.key); err != nil {
			return nil, nil, err
		}
		if v.InConfig(o.key) {
			src[o.key] = "config " + path
		}
		if os.Getenv(envName(o.key)) != "" { // viper ignores an empty variable, and so do sources
			src[o.key] = "env " + envName(o.key)
		}
		if fs == nil {
			continue
		}
		if f := fs.Lookup(o.flag); f != nil && f.Changed {
			if err := v.BindPFlag(o.key, f); err != nil {
				return nil, nil, err
			}
			src[o.key] = "flag --" + o.flag
		}
	}
	for _, o := range overridable {
		if s := src[o.key]; strings.HasPrefix(s, "env ") || strings.HasPrefix(s, "flag ") {
			if err := checkOverride(o.key, v.Get(o.key)); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", s, err) // not the file's fault
			}
		}
	}
	var c Config
	if err := v.UnmarshalExact(&c, keepDatesAsText); err != nil {
		return nil, nil, fmt.Errorf("%s: %s", orDefault(path, "config"), decodeMessage(err))
	}
	if err := Validate(&c); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", orDefault(path, "config"), err)
	}
	return &c, src, nil
}

// keepDatesAsText lets dates be written unquoted: YAML reads "expires: 2026-12-31" as a timestamp,
// and the fields that hold dates are text, parsed and checked by validation.
func keepDatesAsText(c *mapstructure.DecoderConfig) {
	c.DecodeHook = mapstructure.ComposeDecodeHookFunc(func(_, to reflect.Type, data any) (any, error) {
		t, ok := data.(time.Time)
		if !ok || to.Kind() != reflect.String {
			return data, nil
		}
		if t.Location() == time.UTC && t.Equal(t.Truncate(24*time.Hour)) {
			return t.Format(time.DateOnly), nil
		}
		return t.Format(time.RFC3339Nano), nil
	}, c.DecodeHook)
}

// checkOverride decodes and validates one value set by the environment or a flag alone, so that
// an error names where the value came from.
func checkOverride(key string, value any) error {
	v := viper.New()
	v.Set(key, value)
	var c Config
	if err := v.UnmarshalExact(&c, keepDatesAsText); err != nil {
		return errors.New(decodeMessage(err))
	}
	return validateWith(&c, nil)
}

func envName(key string) string { return EnvPrefix + "_" + strings.ToUpper(key) }

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func readFile(v *viper.Viper, path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%s: no such file", path)
	case err != nil:
		return fmt.Errorf("%s: %v", path, err)
	case fi.IsDir():
		return fmt.Errorf("%s: is a directory, not a config file", path)
	}
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		msg := err.Error()
		var pe viper.ConfigParseError
		if errors.As(err, &pe) {
			msg = strings.TrimPrefix(pe.Unwrap().Error(), "yaml: ")
		}
		return fmt.Errorf("%s: invalid YAML: %s", path, oneLine(msg))
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// decodeMessage turns mapstructure's multi-line error into one line per problem, joined by "; ".
func decodeMessage(err error) string {
	var msgs []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var de *mapstructure.DecodeError
		if !errors.As(e, &de) {
			if u := errors.Unwrap(e); u != nil {
				walk(u)
				return
			}
			msgs = append(msgs, oneLine(e.Error()))
			return
		}
		msgs = append(msgs, describeDecodeError(de))
	}
	walk(err)
	slices.Sort(msgs)
	return strings.Join(slices.Compact(msgs), "; ")
}

func describeDecodeError(de *mapstructure.DecodeError) string {
	name := de.Name()
	if strings.Contains(name, ".Config") || name == "config.Config" {
		name = ""
	}
	inner := de.Unwrap()
	if keys, ok := strings.CutPrefix(inner.Error(), "has invalid keys: "); ok {
		var out []string
		for _, k := range strings.Split(keys, ", ") {
			out = append(out, fmt.Sprintf("unknown key %q", joinKey(name, k)))
		}
		return strings.Join(out, "; ")
	}
	var ute *mapstructure.UnconvertibleTypeError
	if errors.As(inner, &ute) {
		return fmt.Sprintf("%s: expected %s, got %v", name, kindWord(ute.Expected.Type()), ute.Value)
	}
	var pe *mapstructure.ParseError
	if errors.As(inner, &pe) {
		return fmt.Sprintf("%s: expected %s, got %v", name, kindWord(pe.Expected.Type()), pe.Value)
	}
	return fmt.Sprintf("%s: %s", name, oneLine(inner.Error()))
}

func joinKey(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func kindWord(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "a mapping"
	case reflect.Pointer:
		return kindWord(t.Elem())
	}
	return "text"
}
