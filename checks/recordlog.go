package checks

import (
	"cmp"
	"encoding/binary"
	"slices"
	"unicode/utf8"

	"github.com/klauspost/compress/s2"

	"github.com/crmready/crmready/extract"
)

// recordLog keeps, for every record, where it is in its source and its values in a few key
// columns, so that duplicate clusters can list their members once every batch is in (a
// record's cluster is only known at the end, and a first occurrence was folded long before its
// copies). Records are written in chunks compressed with S2: about 25 bytes a record for
// names, emails and phones, nothing for the garbage collector to scan.
type recordLog struct {
	cols    []int    // the columns kept
	names   []string // their names
	files   []string // the files records came from
	fileIx  map[string]int
	chunks  []logChunk
	bufs    [][]byte   // per worker, the chunk being written
	pending []logChunk // per worker, the chunk written, compressed
}

// logChunk is a run of records, compressed.
type logChunk struct {
	first, last int64 // record numbers
	data        []byte
}

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
		l.chunks = append(l.chunks, c)
		l.pending[w] = logChunk{}
	}
}

// merge adds another log's chunks, their files renumbered into l's.
func (l *recordLog) merge(o *recordLog) {
	for _, c := range o.chunks {
		raw, err := s2.Decode(nil, c.data)
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
		l.chunks = append(l.chunks, logChunk{first: c.first, last: c.last, data: s2.Encode(nil, out)})
	}
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
	var raw []byte
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
			if raw, err = s2.Decode(raw[:0], l.chunks[c].data); err != nil {
				continue
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
