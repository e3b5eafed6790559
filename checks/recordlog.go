package checks

import (
	"cmp"
	"encoding/binary"
	"os"
	"slices"
	"unicode/utf8"

	"github.com/klauspost/compress/s2"

	"github.com/crmready/crmready/extract"
)

// recordLog keeps, for every record, where it is in its source and its values in a few key
// columns, so that duplicate clusters can list their members once every batch is in (a
// record's cluster is only known at the end, and a first occurrence was folded long before its
// copies). Records are written in chunks compressed with S2 (40 to 60 bytes a record of ids,
// names, emails and phones); beyond logMemory the chunks go to a temporary file, read back only
// for the records clusters list, so memory does not grow with the file.
type recordLog struct {
	cols    []int    // the columns kept
	names   []string // their names
	files   []string // the files records came from
	fileIx  map[string]int
	chunks  []logChunk
	bufs    [][]byte   // per worker, the chunk being written
	pending []logChunk // per worker, the chunk written, compressed
	mem     int        // bytes of chunks held in memory
	spill   *os.File   // where chunks beyond logMemory go; nil until needed
	spillAt int64
	remove  string // the temporary file's name, when it could not be removed while open
	failed  bool   // the temporary file could not be written: chunks stay in memory
}

// logChunk is a run of records, compressed: in memory (data) or in the temporary file.
type logChunk struct {
	first, last int64 // record numbers
	data        []byte
	off, size   int64
}

// logMemory is how many bytes of compressed records the log keeps in memory (about 70,000
// records) before it writes them to a temporary file. Measured on 1M contacts: 4 MiB peaks
// about 45 MiB lower than 24 MiB (garbage collection scales the difference), in the same time: the
// file is written once, in order, and read only for the records clusters list.
var logMemory = 4 << 20

// maxLogValue caps the bytes of a value the log keeps.
const maxLogValue = 80

// logRoles are the roles whose columns clusters show, in order.
var logRoles = []extract.Role{extract.RoleID, extract.RoleName, extract.RoleFullName, extract.RoleFirstName, extract.RoleLastName,
	extract.RoleCompany, extract.RoleEmail, extract.RolePhone, extract.RoleWebsite, extract.RoleDomain,
	extract.RoleStreetNumber, extract.RoleStreet, extract.RoleCity, extract.RolePostcode, extract.RoleBirthDate}

func newRecordLog(ds *Dataset, workers int) *recordLog {
	l := &recordLog{fileIx: map[string]int{}, bufs: make([][]byte, workers), pending: make([]logChunk, workers)}
	for _, r := range logRoles {
		if j := ds.Column(r); j >= 0 {
			l.cols = append(l.cols, j)
			l.names = append(l.names, ds.Schema.Columns[j].Name)
		}
	}
	return l
}

// file returns the index of a file name, adding it when new. Not safe for concurrent use: call
// it before the workers write.
func (l *recordLog) file(name string) int {
	i, ok := l.fileIx[name]
	if !ok {
		i = len(l.files)
		l.files = append(l.files, name)
		l.fileIx[name] = i
	}
	return i
}

// write encodes and compresses rows lo..hi of b, read from file number file, as worker w's
// chunk; add appends it to the log.
func (l *recordLog) write(w int, b *extract.Batch, file, lo, hi int) {
	l.pending[w] = logChunk{}
	if hi <= lo {
		return
	}
	buf := l.bufs[w][:0]
	values := make([]string, len(l.cols))
	for i := lo; i < hi; i++ {
		for c, j := range l.cols {
			values[c] = ""
			if v := b.Cols[j]; !v.Null[i] {
				values[c] = truncateUTF8(v.Text(i), maxLogValue)
			}
		}
		buf = appendMember(buf, b.RecordNo(i), file, b.PosKind, b.Pos[i], values)
	}
	l.bufs[w] = buf
	l.pending[w] = logChunk{first: b.RecordNo(lo), last: b.RecordNo(hi - 1), data: s2.Encode(nil, buf)}
}

// appendMember encodes one record.
func appendMember(buf []byte, record int64, file int, kind extract.PosKind, pos int64, values []string) []byte {
	buf = binary.AppendUvarint(buf, uint64(record))
	buf = binary.AppendUvarint(buf, uint64(file))
	buf = append(buf, byte(kind))
	buf = binary.AppendVarint(buf, pos)
	for _, s := range values {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	return buf
}

// add appends worker w's chunk.
func (l *recordLog) add(w int) {
	if c := l.pending[w]; c.data != nil {
		l.chunks = append(l.chunks, l.store(c))
		l.pending[w] = logChunk{}
	}
}

// store keeps a chunk in memory while there is room, else writes it to the temporary file.
func (l *recordLog) store(c logChunk) logChunk {
	if l.mem+len(c.data) <= logMemory || l.failed {
		l.mem += len(c.data)
		return c
	}
	if l.spill == nil {
		f, err := os.CreateTemp("", "crmready-records-*")
		if err != nil {
			l.failed = true
			return l.store(c)
		}
		if os.Remove(f.Name()) != nil { // Windows: not while open
			l.remove = f.Name()
		}
		l.spill = f
	}
	if _, err := l.spill.WriteAt(c.data, l.spillAt); err != nil {
		l.failed = true
		return l.store(c)
	}
	c.off, c.size, c.data = l.spillAt, int64(len(c.data)), nil
	l.spillAt += c.size
	return c
}

// chunkData returns a chunk's compressed bytes, reading them back from the temporary file.
func (l *recordLog) chunkData(c logChunk, buf []byte) ([]byte, error) {
	if c.data != nil {
		return c.data, nil
	}
	buf = slices.Grow(buf[:0], int(c.size))[:c.size]
	_, err := l.spill.ReadAt(buf, c.off)
	return buf, err
}

// close removes the temporary file.
func (l *recordLog) close() {
	if l.spill != nil {
		l.spill.Close()
		if l.remove != "" {
			os.Remove(l.remove)
		}
		l.spill = nil
	}
}

// merge adds another log's chunks, their files renumbered into l's.
func (l *recordLog) merge(o *recordLog) {
	for _, c := range o.chunks {
		data, err := o.chunkData(c, nil)
		if err != nil {
			continue // the other log's file: read as it was written
		}
		raw, err := s2.Decode(nil, data)
		if err != nil {
			continue // written by this package: cannot happen
		}
		var out []byte
		for p := 0; p < len(raw); {
			m, next := decodeMember(raw, p, len(l.cols))
			p = next
			ix := 0
			if int(m.file) < len(o.files) {
				ix = l.file(o.files[m.file])
			}
			out = appendMember(out, m.record, ix, m.kind, m.pos, m.values)
		}
		l.chunks = append(l.chunks, l.store(logChunk{first: c.first, last: c.last, data: s2.Encode(nil, out)}))
	}
	o.close()
}

// logMember is a decoded record.
type logMember struct {
	record int64
	file   uint64
	kind   extract.PosKind
	pos    int64
	values []string
}

// decodeMember reads the record at p and returns it and where the next one starts.
func decodeMember(raw []byte, p, ncols int) (logMember, int) {
	var m logMember
	x, n := binary.Uvarint(raw[p:])
	m.record, p = int64(x), p+n
	m.file, n = binary.Uvarint(raw[p:])
	p += n
	m.kind, p = extract.PosKind(raw[p]), p+1
	m.pos, n = binary.Varint(raw[p:])
	p += n
	m.values = make([]string, ncols)
	for c := range ncols {
		l, n := binary.Uvarint(raw[p:])
		p += n
		m.values[c] = string(raw[p : p+int(l)])
		p += int(l)
	}
	return m, p
}

// members returns the cluster members of the given records (sorted), located and with their
// values.
func (l *recordLog) members(records []int64) map[int64]ClusterMember {
	out := make(map[int64]ClusterMember, len(records))
	slices.SortFunc(l.chunks, func(a, b logChunk) int { return cmp.Compare(a.first, b.first) })
	var raw, data []byte
	cur, p := -1, 0
	for _, rec := range records {
		c, _ := slices.BinarySearchFunc(l.chunks, rec, func(ch logChunk, r int64) int {
			if ch.last < r {
				return -1
			}
			if ch.first > r {
				return 1
			}
			return 0
		})
		if c >= len(l.chunks) || l.chunks[c].first > rec {
			out[rec] = ClusterMember{Record: rec, Values: []string{}}
			continue
		}
		if c != cur {
			var err error
			if data, err = l.chunkData(l.chunks[c], data); err == nil {
				raw, err = s2.Decode(raw[:0], data)
			}
			if err != nil { // the temporary file failed us: the member is located by record only
				raw = raw[:0]
			}
			cur, p = c, 0
		}
		for p < len(raw) { // records ascend within a chunk, as the records asked for do
			m, next := decodeMember(raw, p, len(l.cols))
			if m.record > rec {
				break
			}
			p = next
			if m.record == rec {
				out[rec] = m.member(l.files)
				break
			}
		}
		if _, ok := out[rec]; !ok {
			out[rec] = ClusterMember{Record: rec, Values: []string{}}
		}
	}
	return out
}

// member turns a decoded record into a cluster member.
func (m logMember) member(files []string) ClusterMember {
	cm := ClusterMember{Record: m.record, Values: m.values}
	if int(m.file) < len(files) {
		cm.File = files[m.file]
	}
	switch m.kind {
	case extract.PosLine:
		cm.Line = m.pos
	case extract.PosRow:
		cm.Row = m.pos
	case extract.PosIndex:
		pos := m.pos
		cm.Index = &pos
	}
	return cm
}

// truncateUTF8 cuts s to at most n bytes, on a character boundary.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
