package config

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/spf13/viper"
)

//go:embed presets.yaml
var presetsYAML []byte

var (
	presetsOnce sync.Once
	presets     []UseCase
	presetsErr  error
)

// Presets returns the built-in use cases, decoded strictly from the embedded presets.yaml.
func Presets() ([]UseCase, error) {
	presetsOnce.Do(func() {
		v := viper.New()
		v.SetConfigType("yaml")
		if err := v.ReadConfig(bytes.NewReader(presetsYAML)); err != nil {
			presetsErr = fmt.Errorf("presets.yaml: %w", err)
			return
		}
		var c Config
		if err := v.UnmarshalExact(&c, keepDatesAsText); err != nil {
			presetsErr = fmt.Errorf("presets.yaml: %s", decodeMessage(err))
			return
		}
		noPresets := func(c *Config) []error { return checkThresholds(c, nil) }
		if err := validateWith(&c, []func(*Config) []error{uniqueUseCases, noPresets}); err != nil {
			presetsErr = fmt.Errorf("presets.yaml: %w", err)
			return
		}
		presets = c.UseCases
	})
	return presets, presetsErr
}

// PresetsYAML returns the embedded presets file, comments included.
func PresetsYAML() []byte { return presetsYAML }

// PresetNames lists the built-in use cases in order.
func PresetNames() []string {
	ps, _ := Presets()
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}

func presetByName(name string) (UseCase, bool) {
	ps, _ := Presets()
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return UseCase{}, false
}
