// Package atomicfile is the one way crmready writes a file or a folder: the new content goes to a
// temporary name beside the destination, is synced, and is renamed over it, and the folder is
// synced, so that a full disk, an error or a kill leaves the old file whole, never a torn one.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/crmready/crmready/internal/oserr"
)

// A Pending is an output written in full under a temporary name and not yet in place.
type Pending interface {
	// Commit puts the output in place of the destination.
	Commit() error
	// Abort removes the temporary output; the destination stays as it was. It does nothing
	// after Commit.
	Abort()
}

// File is a file being written to replace a destination. Write to it, then Commit; Abort (safe
// to defer) removes the temporary file unless Commit put it in place.
type File struct {
	dest   string // as the caller named it: errors name it
	target string // where it lands: dest, or the file a symlink at dest points to
	tmp    string // the temporary file beside target ("" when direct)
	f      *os.File
	w      *bufio.Writer
	err    error // the first write error: every later Write and Commit fails with it
	direct bool  // target is a device or a pipe: written straight into, nothing to rename
	closed bool
	done   bool // committed or aborted
}

// Tests put a failing writer between the buffer and the temporary file, and shrink the buffer.
var (
	wrapWriter = func(w io.Writer) io.Writer { return w }
	bufSize    = 64 << 10
)

// Create starts replacing dest. A symlink at dest is written through (the link stays and the
// file it points to is replaced); a file already there keeps its permissions, a new one gets
// 0644 less the umask. dest's folder must exist: it is not created.
func Create(dest string) (*File, error) {
	target, err := resolve(dest)
	if err != nil {
		return nil, fail(dest, err)
	}
	perm := fs.FileMode(0o644)
	fi, err := os.Stat(target)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("%s: is a folder", dest)
	case err == nil && fi.Mode()&(fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket) != 0:
		return createDirect(dest, target)
	case err == nil && !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s: not a regular file", dest)
	case err == nil:
		perm = fi.Mode().Perm()
	case !absent(err):
		return nil, fail(dest, err)
	}
	dir := filepath.Dir(target)
	if err := folderExists(dir); err != nil {
		return nil, fail(dest, err)
	}
	f, err := createTemp(dir, filepath.Base(target), perm)
	if err != nil {
		return nil, fail(dest, err)
	}
	if fi != nil {
		// The umask applied at creation; the replaced file's permissions are kept exactly.
		if err := f.Chmod(perm); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, fail(dest, err)
		}
	}
	return &File{dest: dest, target: target, tmp: f.Name(), f: f, w: bufio.NewWriterSize(wrapWriter(f), bufSize)}, nil
}

func createDirect(dest, target string) (*File, error) {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return nil, fail(dest, err)
	}
	return &File{dest: dest, target: target, f: f, w: bufio.NewWriterSize(wrapWriter(f), bufSize), direct: true}, nil
}

// Write implements io.Writer. After an error every Write fails with it, so a renderer that
// ignores one cannot produce a file with a hole.
func (f *File) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.closed {
		return 0, fs.ErrClosed
	}
	n, err := f.w.Write(p)
	if err != nil {
		f.err = err
	}
	return n, err
}

// Close flushes and syncs the temporary file: the content is then whole on disk, not yet in
// place. On an error the temporary file is removed. Several outputs are all closed before the
// first is committed, so that a late failure (a full disk seen at sync) leaves every old one.
func (f *File) Close() error {
	if f.closed {
		return f.wrapped()
	}
	f.closed = true
	err := f.err
	if err == nil {
		err = f.w.Flush()
	}
	if err == nil && !f.direct {
		err = f.f.Sync()
	}
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		f.err = err
		f.Abort()
	}
	return f.wrapped()
}

// Fail returns err (a renderer's error) as one naming the destination, with the write error
// as its cause when a write failed first, and removes the temporary file.
func (f *File) Fail(err error) error {
	if f.err == nil {
		f.err = err
	}
	f.Abort()
	return f.wrapped()
}

func (f *File) wrapped() error {
	if f.err == nil {
		return nil
	}
	return fail(f.dest, f.err)
}

// Commit closes the file if needed, renames it over the destination and syncs the folder.
func (f *File) Commit() error {
	if err := f.Close(); err != nil {
		return err
	}
	if f.done {
		return fmt.Errorf("%s: already committed or aborted", f.dest)
	}
	f.done = true
	if f.direct {
		return nil
	}
	if err := os.Rename(f.tmp, f.target); err != nil {
		os.Remove(f.tmp)
		return fail(f.dest, err)
	}
	if err := syncDir(filepath.Dir(f.target)); err != nil {
		return fail(f.dest, err)
	}
	return nil
}

// Abort implements Pending.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	if !f.closed {
		f.closed = true
		f.f.Close()
	}
	if f.tmp != "" {
		os.Remove(f.tmp)
	}
}

// Write replaces dest with what fill writes, or leaves it as it was.
func Write(dest string, fill func(io.Writer) error) error {
	f, err := Create(dest)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		return f.Fail(err)
	}
	return f.Commit()
}

// WriteBytes replaces dest with b, or leaves it as it was.
func WriteBytes(dest string, b []byte) error {
	return Write(dest, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// Batch commits several outputs together: each is written in full first, then all are put in
// place, so that a failure while writing any leaves every destination as it was.
type Batch []Pending

// Commit commits the outputs in order. When one fails, the rest are aborted: the ones before
// it are in place, the others as they were.
func (b Batch) Commit() error {
	for i, p := range b {
		if err := p.Commit(); err != nil {
			b[i+1:].Abort()
			return err
		}
	}
	return nil
}

// Abort aborts every output not committed yet.
func (b Batch) Abort() {
	for _, p := range b {
		p.Abort()
	}
}

// resolve follows the symlinks at dest to the path a write lands on, so that a link keeps
// pointing where it did; a dangling link names the file to create.
func resolve(dest string) (string, error) {
	p := dest
	for range 64 {
		fi, err := os.Lstat(p)
		if absent(err) || (err == nil && fi.Mode()&fs.ModeSymlink == 0) {
			return p, nil
		}
		if err != nil {
			return "", err
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			// The link is relative to the folder it is in, as the system resolves it.
			dir, err := filepath.EvalSymlinks(filepath.Dir(p))
			if err != nil {
				return "", err
			}
			link = filepath.Join(dir, link)
		}
		p = link
	}
	return "", errors.New("too many levels of symbolic links")
}

// absent reports whether err says there is no such file (a path through a file is none).
func absent(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

func folderExists(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("folder %s does not exist", dir)
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	return nil
}

// tempName is a hidden name beside base that no other run picks.
func tempName(dir, base string) string {
	return filepath.Join(dir, "."+base+".crmready-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
}

// createTemp creates a new file beside base with perm (less the umask).
func createTemp(dir, base string, perm fs.FileMode) (*os.File, error) {
	for range 100 {
		f, err := os.OpenFile(tempName(dir, base), os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, errors.New("no free temporary name")
}

// fail names dest and the cause, without the temporary file's name the cause may carry.
func fail(dest string, err error) error {
	return fmt.Errorf("%s: %w", dest, oserr.Cause(err))
}

// syncDir makes a rename in dir durable. Filesystems that cannot sync a folder say so with
// EINVAL or ENOTSUP: the rename is then as durable as they make it.
func syncDir(dir string) error {
	if !canSyncDir {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		err = nil
	}
	return errors.Join(err, d.Close())
}
