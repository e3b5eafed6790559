//go:build !linux

package atomicfile

import "errors"

var errNoExchange = errors.New("cannot exchange names")

// exchange is not available: swap renames the old folder aside first.
func exchange(a, b string) error { return errNoExchange }
