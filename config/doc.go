// Package config loads crmready's configuration: a YAML file read with viper and decoded
// strictly (an unknown key is an error, so a typo cannot switch a check off), CRMREADY_*
// environment variables, command-line flags, and the embedded use-case presets. It validates
// everything with validator/v10 and resolves it into a Plan, remembering where each threshold
// came from. Precedence: flags > environment > file > presets.
package config
