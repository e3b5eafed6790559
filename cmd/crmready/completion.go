package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/readiness"
)

// addCompletions completes the values of flags that take a name from a fixed list, and the
// argument of explain, in the scripts `crmready completion bash|zsh|fish|powershell` writes.
// --use-case and --fail-on mean the same on every command, so they are looked up by name on
// every command; --format means something else on each, so each command completes its own
// where it defines the flag (completeFlag).
func addCompletions(root *cobra.Command) {
	fixed := map[string]func() []string{
		"use-case": useCaseNames,
		"fail-on":  func() []string { return []string{"no-go", "warn"} },
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for name, values := range fixed {
			if c.Flags().Lookup(name) != nil {
				completeFlag(c, name, values)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, c := range root.Commands() {
		if c.Name() == "explain" {
			c.ValidArgsFunction = func(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return explainNames(prefix), cobra.ShellCompDirectiveNoFileComp
			}
		}
	}
}

// completeFlag completes cmd's flag name with values.
func completeFlag(cmd *cobra.Command, name string, values func() []string) {
	_ = cmd.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values(), cobra.ShellCompDirectiveNoFileComp
	})
}

func useCaseNames() []string { return config.PresetNames() }

// explainNames lists what explain knows that starts with prefix: use cases, checks, metrics
// (role metrics once per role), process items.
func explainNames(prefix string) []string {
	names := append(useCaseNames(), "process")
	for _, c := range checks.All {
		names = append(names, c.ID)
		for _, m := range c.Metrics {
			if !strings.Contains(m.ID, "<role>") {
				names = append(names, m.ID)
			}
		}
	}
	for _, d := range readiness.ProcessItems {
		names = append(names, d.ID)
	}
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}
