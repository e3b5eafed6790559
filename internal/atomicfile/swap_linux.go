package atomicfile

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

var errNoExchange = errors.New("cannot exchange names")

// exchange swaps the names a and b in one step (renameat2 RENAME_EXCHANGE): b, a folder, is
// never missing nor half replaced. A filesystem without the call gives errNoExchange.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.ENOTSUP):
		return errNoExchange
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
}
