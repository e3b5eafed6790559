package checks

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// listRunSize is how many findings a full list holds in memory before it sorts them and writes
// them to its spill file as one sorted run.
const listRunSize = 8192

// FindingList is every finding of one kind, kept beside a group's capped sample when full lists
// are asked for (Params.FullLists), for fix lists written to files. It holds at most
// listRunSize findings in memory: the others are sorted in runs and written to a temporary
// file, so a million stale records cost disk, not memory. Each merges the runs back in record
// order. Close removes the temporary files.
type FindingList struct {
	pending []Finding
	runs    []listRun
	n       int64
	err     error
	// spill receives this list's runs; it belongs to the Findings the list was made in.
	spill *spillFile
}

// listRun is one sorted run in a spill file.
type listRun struct {
	file      *spillFile
	off, size int64
}

// Len returns the number of findings in the list.
func (l *FindingList) Len() int64 {
	if l == nil {
		return 0
	}
	return l.n
}

func (l *FindingList) add(f Finding) {
	l.pending = append(l.pending, f)
	l.n++
	if len(l.pending) >= listRunSize {
		l.flush()
	}
}

// flush sorts the pending findings and writes them as a run.
func (l *FindingList) flush() {
	if len(l.pending) == 0 || l.err != nil {
		return
	}
	slices.SortFunc(l.pending, compareListed)
	var buf bytes.Buffer
	for i := range l.pending {
		encodeFinding(&buf, &l.pending[i])
	}
	run, err := l.spill.write(buf.Bytes())
	if err != nil {
		l.err = err
		return
	}
	l.runs = append(l.runs, run)
	l.pending = l.pending[:0]
}

// Merge moves the findings of o into l; o is empty afterwards.
func (l *FindingList) Merge(o *FindingList) { l.merge(o) }

// merge moves the findings of o into l.
func (l *FindingList) merge(o *FindingList) {
	l.runs = append(l.runs, o.runs...)
	l.n += o.n - int64(len(o.pending))
	l.err = cmp.Or(l.err, o.err)
	o.runs = nil
	for _, f := range o.pending {
		l.add(f)
	}
	o.pending, o.n = nil, 0
}

// Each calls fn with every finding of the list, in record order, and stops at the first error.
func (l *FindingList) Each(fn func(Finding) error) error {
	if l == nil {
		return nil
	}
	if l.err != nil {
		return l.err
	}
	slices.SortFunc(l.pending, compareListed)
	h := &runHeap{}
	for _, r := range l.runs {
		if err := r.file.sync(); err != nil {
			return err
		}
		it := &runIter{r: bufio.NewReaderSize(io.NewSectionReader(r.file.f, r.off, r.size), 32<<10)}
		if err := it.next(); err != nil {
			return err
		}
		if it.ok {
			h.its = append(h.its, it)
		}
	}
	if len(l.pending) > 0 {
		h.its = append(h.its, &runIter{mem: l.pending[1:], cur: l.pending[0], ok: true})
	}
	heap.Init(h)
	for h.Len() > 0 {
		it := h.its[0]
		if err := fn(it.cur); err != nil {
			return err
		}
		if err := it.next(); err != nil {
			return err
		}
		if it.ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

// Close releases the list's temporary files; a file is removed once no list uses it.
func (l *FindingList) Close() error {
	if l == nil {
		return nil
	}
	var errs []error
	for _, r := range l.runs {
		errs = append(errs, r.file.release())
	}
	l.runs, l.pending, l.n = nil, nil, 0
	return errors.Join(errs...)
}

// compareListed orders a full list: by record, column and message as samples are, then by the
// rest, so that the order never depends on how batches were folded.
func compareListed(a, b Finding) int {
	return cmp.Or(compareFindings(a, b), cmp.Compare(a.Value, b.Value), cmp.Compare(a.File, b.File))
}

// spillFile is a temporary file that sorted runs are appended to. It is removed when the last run
// in it is released.
type spillFile struct {
	f    *os.File
	w    *bufio.Writer
	off  int64
	refs int
}

func (s *spillFile) write(b []byte) (listRun, error) {
	if s.f == nil {
		f, err := os.CreateTemp("", "crmready-findings-*")
		if err != nil {
			return listRun{}, fmt.Errorf("full finding lists: %w", err)
		}
		s.f, s.w, s.off = f, bufio.NewWriterSize(f, 64<<10), 0
	}
	if _, err := s.w.Write(b); err != nil {
		return listRun{}, fmt.Errorf("full finding lists: %w", err)
	}
	r := listRun{file: s, off: s.off, size: int64(len(b))}
	s.off += int64(len(b))
	s.refs++
	return r, nil
}

// sync makes every written run readable.
func (s *spillFile) sync() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("full finding lists: %w", err)
	}
	return nil
}

func (s *spillFile) release() error {
	s.refs--
	if s.refs > 0 || s.f == nil {
		return nil
	}
	name := s.f.Name()
	err := errors.Join(s.f.Close(), os.Remove(name))
	s.f, s.w = nil, nil
	return err
}

// runIter walks one run: from a spill file, or from memory.
type runIter struct {
	r   *bufio.Reader
	mem []Finding
	cur Finding
	ok  bool
}

func (it *runIter) next() error {
	if it.r == nil {
		it.ok = len(it.mem) > 0
		if it.ok {
			it.cur, it.mem = it.mem[0], it.mem[1:]
		}
		return nil
	}
	f, err := decodeFinding(it.r)
	if err == io.EOF {
		it.ok = false
		return nil
	}
	if err != nil {
		return fmt.Errorf("full finding lists: %w", err)
	}
	it.cur, it.ok = f, true
	return nil
}

type runHeap struct{ its []*runIter }

func (h *runHeap) Len() int           { return len(h.its) }
func (h *runHeap) Less(i, j int) bool { return compareListed(h.its[i].cur, h.its[j].cur) < 0 }
func (h *runHeap) Swap(i, j int)      { h.its[i], h.its[j] = h.its[j], h.its[i] }
func (h *runHeap) Push(x any)         { h.its = append(h.its, x.(*runIter)) }
func (h *runHeap) Pop() any {
	it := h.its[len(h.its)-1]
	h.its = h.its[:len(h.its)-1]
	return it
}

// The position kinds a spilled finding carries.
const (
	spillNoPos = iota
	spillLine
	spillRow
	spillIndex
)

// encodeFinding appends f to buf: varints and length-prefixed strings (its kind is the list's).
func encodeFinding(buf *bytes.Buffer, f *Finding) {
	var tmp [binary.MaxVarintLen64]byte
	num := func(x int64) { buf.Write(tmp[:binary.PutVarint(tmp[:], x)]) }
	str := func(s string) { num(int64(len(s))); buf.WriteString(s) }
	pos, kind := int64(0), spillNoPos
	switch {
	case f.Line > 0:
		pos, kind = f.Line, spillLine
	case f.Row > 0:
		pos, kind = f.Row, spillRow
	case f.Index != nil:
		pos, kind = *f.Index, spillIndex
	}
	num(f.Record)
	num(int64(kind))
	num(pos)
	str(f.Kind)
	str(f.File)
	str(f.Column)
	str(f.Value)
	str(f.Message)
}

func decodeFinding(r *bufio.Reader) (Finding, error) {
	var f Finding
	record, err := binary.ReadVarint(r)
	if err != nil {
		return f, err // io.EOF at a finding boundary ends the run
	}
	f.Record = record
	var kind, pos int64
	var strs [5]string
	fail := func(e error) (Finding, error) {
		if e == io.EOF {
			e = io.ErrUnexpectedEOF
		}
		return Finding{}, e
	}
	if kind, err = binary.ReadVarint(r); err != nil {
		return fail(err)
	}
	if pos, err = binary.ReadVarint(r); err != nil {
		return fail(err)
	}
	for i := range strs {
		n, err := binary.ReadVarint(r)
		if err != nil {
			return fail(err)
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(r, b); err != nil {
			return fail(err)
		}
		strs[i] = string(b)
	}
	f.Kind, f.File, f.Column, f.Value, f.Message = strs[0], strs[1], strs[2], strs[3], strs[4]
	switch kind {
	case spillLine:
		f.Line = pos
	case spillRow:
		f.Row = pos
	case spillIndex:
		f.Index = &pos
	}
	return f, nil
}
