package config

import (
	"path/filepath"
	"slices"
)

// OwnershipCheck settings: who the active users are, and which owners are queues.
type OwnershipCheck struct {
	// ActiveUsers and InactiveUsers list users by id, name, email or username.
	ActiveUsers   []string `mapstructure:"active_users"`
	InactiveUsers []string `mapstructure:"inactive_users"`
	// UsersFile is a user export (CSV, Excel or Parquet; relative to the config file): its id,
	// name, email and username columns identify each user, and an active flag (IsActive,
	// Active, Status) says who is active; every user is active when it has none.
	UsersFile string `mapstructure:"users_file"`
	// Queues are owner values that are queues, not people: names, or patterns with *.
	// Salesforce queue IDs (00G...) are queues without being listed.
	Queues []string `mapstructure:"queues"`
}

// UsersPlan is where the user list comes from.
type UsersPlan struct {
	Active, Inactive, Queues []string
	// File is the users file, resolved against the config file's folder; "" for none.
	File string
}

// usersPlan resolves the ownership settings of a config read from path.
func usersPlan(c *Config, path string) UsersPlan {
	o := c.Checks.Ownership
	u := UsersPlan{Active: slices.Clone(o.ActiveUsers), Inactive: slices.Clone(o.InactiveUsers), Queues: slices.Clone(o.Queues), File: o.UsersFile}
	if u.File != "" && !filepath.IsAbs(u.File) && path != "" {
		u.File = filepath.Join(filepath.Dir(path), u.File)
	}
	return u
}
