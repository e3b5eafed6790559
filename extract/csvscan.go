package extract

import "io"

// quoteTracker sits between the decoded text and encoding/csv. It follows quoting the way
// encoding/csv does with LazyQuotes, to catch the one case that reader accepts silently: a quote
// that is never closed, which turns the rest of the file into one value. It also turns the lone
// CR line ends of old Mac files (Excel for Mac's "CSV (Macintosh)") into LF when crLines is set;
// encoding/csv would otherwise read such a file as a single row.
type quoteTracker struct {
	r        io.Reader
	comma    byte
	crLines  bool
	state    quoteState
	line     int64 // the line being read, 1-based
	openedOn int64 // the line where the current quoted field starts
	eof      bool
}

type quoteState uint8

const (
	fieldStart quoteState = iota
	unquoted              // in a field that does not start with a quote: quotes are literal
	quoted                // in a quoted field
	quoteSeen             // a quote in a quoted field: an escape, the end, or a literal (lazy)
	quoteCR               // a quote, then CR: the end if LF follows
)

// Read implements io.Reader.
func (q *quoteTracker) Read(p []byte) (int, error) {
	n, err := q.r.Read(p)
	for i, c := range p[:n] {
		if q.crLines && c == '\r' {
			c, p[i] = '\n', '\n'
		}
		q.step(c)
	}
	if err == io.EOF {
		q.eof = true
	}
	return n, err
}

func (q *quoteTracker) step(c byte) {
	if c == '\n' {
		q.line++
	}
	switch q.state {
	case fieldStart:
		switch c {
		case '"':
			q.state, q.openedOn = quoted, q.line
		case q.comma, '\n':
		default:
			q.state = unquoted
		}
	case unquoted:
		if c == q.comma || c == '\n' {
			q.state = fieldStart
		}
	case quoted:
		if c == '"' {
			q.state = quoteSeen
		}
	case quoteSeen:
		switch c {
		case '"':
			q.state = quoted // "" is an escaped quote
		case q.comma, '\n':
			q.state = fieldStart
		case '\r':
			q.state = quoteCR
		default:
			q.state = quoted // a lone quote inside a quoted field is kept
		}
	case quoteCR:
		q.state = fieldStart
		if c != '\n' {
			q.state = quoted
			if c == '"' {
				q.state = quoteSeen
			}
		}
	}
}

// unclosed reports whether the text ended inside a quoted field.
func (q *quoteTracker) unclosed() bool { return q.eof && q.state == quoted }
