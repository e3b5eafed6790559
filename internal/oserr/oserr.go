// Package oserr words the errors of package os for crmready's one-line messages, which name the
// file once.
package oserr

import (
	"errors"
	"os"
)

// Cause returns the cause an *os.PathError in err's chain carries ("no such file or directory",
// "permission denied") without the operation and the path a message names already; any other
// error as it is.
func Cause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
