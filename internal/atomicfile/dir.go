package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/crmready/crmready/internal/oserr"
)

// Dir is a folder being written to replace a destination folder as a whole: a reader sees the
// old folder or the new one, never old and new files mixed. Write the files into Path, each
// synced before it is closed (os.File.Sync), then Commit; Abort (safe to defer) removes them
// unless Commit put them in place.
type Dir struct {
	dest   string // as the caller named it: errors name it
	target string // dest, or the folder a symlink at dest points to
	tmp    string // the folder beside target the new content is written into
	done   bool
}

// CreateDir starts replacing the folder dest. dest itself need not exist (Commit creates it),
// but the folder it is in must. A symlink at dest is written through; a folder already there
// keeps its permissions, a new one gets 0755 less the umask.
func CreateDir(dest string) (*Dir, error) {
	target, err := resolve(dest)
	if err != nil {
		return nil, fail(dest, err)
	}
	perm := fs.FileMode(0o755)
	fi, err := os.Stat(target)
	switch {
	case err == nil && !fi.IsDir():
		return nil, fmt.Errorf("%s: not a folder", dest)
	case err == nil:
		perm = fi.Mode().Perm()
	case !absent(err):
		return nil, fail(dest, err)
	}
	parent := filepath.Dir(target)
	if err := folderExists(parent); err != nil {
		return nil, fail(dest, err)
	}
	tmp, err := mkdirTemp(parent, filepath.Base(target), perm)
	if err != nil {
		return nil, fail(dest, err)
	}
	if fi != nil {
		if err := os.Chmod(tmp, perm); err != nil {
			os.Remove(tmp)
			return nil, fail(dest, err)
		}
	}
	return &Dir{dest: dest, target: target, tmp: tmp}, nil
}

// Path is the folder to write the new content into.
func (d *Dir) Path() string { return d.tmp }

// Commit syncs the new folder and swaps it with the destination (atomically where the system
// can exchange two names, Linux; elsewhere the old folder is renamed aside first, so that for a
// moment there is no folder, never a mixed one), then removes the old content.
func (d *Dir) Commit() error {
	if d.done {
		return fmt.Errorf("%s: already committed or aborted", d.dest)
	}
	d.done = true
	if err := syncDir(d.tmp); err != nil {
		os.RemoveAll(d.tmp)
		return fail(d.dest, err)
	}
	old, err := swap(d.tmp, d.target)
	if err != nil {
		os.RemoveAll(d.tmp)
		return fail(d.dest, err)
	}
	if err := syncDir(filepath.Dir(d.target)); err != nil {
		return fail(d.dest, err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("%s: replaced, but the previous content stays in %s: %w", d.dest, old, oserr.Cause(err))
		}
	}
	return nil
}

// Abort implements Pending.
func (d *Dir) Abort() {
	if d.done {
		return
	}
	d.done = true
	os.RemoveAll(d.tmp)
}

// swap puts the folder tmp in place of target and returns where the old content went ("" when
// there was none).
func swap(tmp, target string) (string, error) {
	err := exchange(tmp, target)
	if err == nil {
		return tmp, nil
	}
	if !errors.Is(err, errNoExchange) && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	return swapAside(tmp, target)
}

// swapAside renames target aside, then tmp in its place; the one moment without a target is
// the price of systems that cannot exchange two names.
func swapAside(tmp, target string) (string, error) {
	if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
		return "", os.Rename(tmp, target)
	}
	old := tempName(filepath.Dir(target), filepath.Base(target)+".old")
	if err := os.Rename(target, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, target); err != nil {
		if back := os.Rename(old, target); back != nil {
			return "", fmt.Errorf("%w; the previous content is in %s", err, old)
		}
		return "", err
	}
	return old, nil
}

// mkdirTemp creates a new folder beside base with perm (less the umask).
func mkdirTemp(dir, base string, perm fs.FileMode) (string, error) {
	for range 100 {
		name := tempName(dir, base)
		err := os.Mkdir(name, perm)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", errors.New("no free temporary name")
}
