package main

import "github.com/spf13/cobra"

func newSampleCmd(e *env) *cobra.Command {
	return &cobra.Command{Use: "sample", Short: "Write synthetic CRM extracts with known defects", Hidden: true}
}
