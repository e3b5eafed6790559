package oserr_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmready/crmready/internal/oserr"
)

func TestCause(t *testing.T) {
	_, missing := os.Open(filepath.Join(t.TempDir(), "absent.csv"))
	other := errors.New("disk full")
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"a path error gives its cause", missing, fs.ErrNotExist},
		{"a wrapped path error too", fmt.Errorf("open leads: %w", missing), fs.ErrNotExist},
		{"a link error gives its cause", &os.LinkError{Op: "rename", Old: "a", New: "b", Err: fs.ErrPermission}, fs.ErrPermission},
		{"a syscall error gives its cause", os.NewSyscallError("fsync", fs.ErrInvalid), fs.ErrInvalid},
		{"any other error is itself", other, other},
	}
	for _, tt := range tests {
		got := oserr.Cause(tt.err)
		if !errors.Is(got, tt.want) {
			t.Errorf("%s: Cause(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
		var pe *os.PathError
		if errors.As(got, &pe) {
			t.Errorf("%s: Cause(%v) still holds the path error", tt.name, tt.err)
		}
	}
}
