// Package oserr words the errors of package os for crmready's one-line messages, which name the
// file once.
package oserr

import (
	"errors"
	"os"
)

// Cause returns the cause an *os.PathError, *os.LinkError or *os.SyscallError in err's chain
// carries ("no such file or directory", "permission denied") without the operation and the
// paths a message names already; any other error as it is.
func Cause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err
	}
	return err
}
