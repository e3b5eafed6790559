package audit

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/crmready/crmready/checks"
	"github.com/crmready/crmready/config"
	"github.com/crmready/crmready/extract"
)

// activeHeaders are the headers of a user export's active flag, normalized.
var activeHeaders = []string{"isactive", "active", "activeuser", "userisactive", "status", "userstatus"}

// loadUsers builds the ownership check's user list: the users file, then the config's lists
// (which win where they disagree with the file). It returns nil when nothing was given.
func loadUsers(u config.UsersPlan, opt Options) (*checks.Users, error) {
	if u.File == "" && len(u.Active)+len(u.Inactive)+len(u.Queues) == 0 {
		return nil, nil
	}
	us := &checks.Users{Active: map[string]bool{}, Inactive: map[string]bool{}, Queues: checks.NewPlaceholders(u.Queues)}
	var from []string
	if u.File != "" {
		if err := readUsers(u.File, us, opt); err != nil {
			return nil, err
		}
		from = append(from, u.File)
	}
	for _, s := range u.Active {
		us.Active[checks.Key(s)], us.Inactive[checks.Key(s)] = true, false
	}
	for _, s := range u.Inactive {
		us.Inactive[checks.Key(s)], us.Active[checks.Key(s)] = true, false
	}
	for _, m := range []map[string]bool{us.Active, us.Inactive} {
		for k, v := range m {
			if !v || k == "" {
				delete(m, k)
			}
		}
	}
	if len(u.Active)+len(u.Inactive) > 0 {
		from = append(from, "the config's user lists")
	}
	us.Source = strings.Join(from, " and ")
	return us, nil
}

// readUsers reads a user export: each record's identifying values are keys, active or inactive
// by its active flag (active when the file has none, or the record's flag is blank); a
// soft-deleted user is inactive.
func readUsers(path string, us *checks.Users, opt Options) error {
	parts, err := extract.Parts(path, extract.Options{Password: opt.Password})
	if err != nil {
		return err
	}
	for _, part := range parts {
		r, err := extract.Open(part, extract.Options{Password: opt.Password})
		if err != nil {
			return err
		}
		err = readUserPart(part, r, us)
		r.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func readUserPart(part extract.Part, r extract.Reader, us *checks.Users) error {
	s := r.Schema()
	b, err := r.Next()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	extract.DetectRoles(s, b, extract.User)
	var keys []int
	first, last, flag, deleted := -1, -1, -1, -1
	for j, c := range s.Columns {
		switch c.Role {
		case extract.RoleID, extract.RoleEmail, extract.RoleFullName:
			keys = append(keys, j)
		case extract.RoleFirstName:
			first = j
		case extract.RoleLastName:
			last = j
		case extract.RoleDeleted:
			deleted = j
		}
		h := extract.NormalizeHeader(c.Name)
		if (h == "username" || h == "alias") && c.Role == "" {
			keys = append(keys, j)
		}
		if flag < 0 && slices.Contains(activeHeaders, h) {
			flag = j
		}
	}
	if len(keys) == 0 && (first < 0 || last < 0) {
		return fmt.Errorf("%s: no user id, name or email column to match owners with (columns: %s)", part, strings.Join(s.Names(), ", "))
	}
	for ; err == nil; b, err = r.Next() {
		for i := 0; i < b.Len; i++ {
			m := us.Active
			if flag >= 0 && !userActive(b.Cols[flag], i) || deleted >= 0 && isTrue(b.Cols[deleted], i) {
				m = us.Inactive
			}
			for _, j := range keys {
				if k := checks.Key(b.Cols[j].Text(i)); k != "" {
					m[k] = true
				}
			}
			if first >= 0 && last >= 0 {
				if k := checks.Key(b.Cols[first].Text(i) + " " + b.Cols[last].Text(i)); k != "" {
					m[k] = true
				}
			}
		}
	}
	if err != io.EOF {
		return err
	}
	for k := range us.Active {
		delete(us.Inactive, k) // a name shared by an active and an inactive user is active
	}
	return nil
}

// userActive reads an active flag: yes or no as extract.YesNo reads it; "Inactive",
// "Disabled", "Deactivated", "Frozen", "Suspended" are inactive; blank and anything else active.
func userActive(v *extract.Vector, i int) bool {
	if v.Null[i] {
		return true
	}
	if yes, ok := extract.YesNo(v, i); ok {
		return yes
	}
	switch strings.ToLower(strings.TrimSpace(v.Text(i))) {
	case "inactive", "disabled", "deactivated", "frozen", "suspended":
		return false
	}
	return true
}
