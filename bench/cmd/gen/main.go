// Command gen writes the benchmark's contacts, deterministically from a seed, as Parquet (snappy,
// equal row groups), CSV and XLSX (excelize StreamWriter). Every file given gets the same rows
// 0..N-1, so a CSV and a Parquet file written in one run hold the same values.
//
//	gen -rows 1000000 -parquet data/contacts_1000000.parquet -csv data/contacts_1000000.csv
//	gen -rows 200000 -xlsx data/contacts_200000.xlsx
//
// Each file is written under a temporary name and renamed when complete, so an interrupted run
// never leaves a truncated file that a later run would take for cached data.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/xuri/excelize/v2"

	"github.com/crmready/crmready/bench/internal/contacts"
)

func main() {
	rows := flag.Int64("rows", 1_000_000, "number of rows")
	seed := flag.Uint64("seed", 1, "random seed: the same seed writes the same rows")
	groups := flag.Int64("row-groups", 8, "Parquet row groups (equal sizes)")
	pq := flag.String("parquet", "", "write a Parquet file here")
	cs := flag.String("csv", "", "write a CSV file here")
	xl := flag.String("xlsx", "", "write an XLSX workbook here (sheet Contacts)")
	flag.Parse()
	if *pq == "" && *cs == "" && *xl == "" {
		fail(fmt.Errorf("give at least one of -parquet, -csv, -xlsx"))
	}
	if *rows <= 0 || *groups <= 0 {
		fail(fmt.Errorf("-rows and -row-groups must be positive"))
	}
	start := time.Now()
	if err := write(contacts.Gen{Seed: *seed}, *rows, *groups, *pq, *cs, *xl); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "gen: %d rows in %.1fs\n", *rows, time.Since(start).Seconds())
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "gen: %s\n", strings.Join(strings.Fields(err.Error()), " "))
	os.Exit(1)
}

// sink receives rows in order.
type sink interface {
	add(c *contacts.Contact) error
	close() error // finishes the file and renames it into place
}

func write(g contacts.Gen, rows, groups int64, pq, cs, xl string) error {
	var sinks []sink
	abort := func() {
		for _, s := range sinks {
			if a, ok := s.(interface{ abort() }); ok {
				a.abort()
			}
		}
	}
	add := func(s sink, err error) error {
		if err != nil {
			abort()
			return err
		}
		sinks = append(sinks, s)
		return nil
	}
	if pq != "" {
		if err := add(newParquet(pq, rows, groups)); err != nil {
			return err
		}
	}
	if cs != "" {
		if err := add(newCSV(cs)); err != nil {
			return err
		}
	}
	if xl != "" {
		if err := add(newXLSX(xl)); err != nil {
			return err
		}
	}
	for i := int64(0); i < rows; i++ {
		c := g.Row(i)
		for _, s := range sinks {
			if err := s.add(&c); err != nil {
				abort()
				return err
			}
		}
	}
	for _, s := range sinks {
		if err := s.close(); err != nil {
			abort()
			return err
		}
	}
	return nil
}

// tmpFile is a file written under path+".tmp" and renamed to path when done.
type tmpFile struct {
	path string
	f    *os.File
}

func createTmp(path string) (*tmpFile, error) {
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return nil, err
	}
	return &tmpFile{path: path, f: f}, nil
}

func (t *tmpFile) commit() error {
	if err := t.f.Close(); err != nil {
		return fmt.Errorf("%s: %w", t.path, err)
	}
	return os.Rename(t.path+".tmp", t.path)
}

func (t *tmpFile) abort() {
	t.f.Close()
	os.Remove(t.path + ".tmp")
}

// Parquet: snappy, row groups of ceil(rows/groups) rows, one flush per row group.
type parquetSink struct {
	*tmpFile
	w        *parquet.GenericWriter[contacts.Contact]
	buf      []contacts.Contact
	perGroup int64
	inGroup  int64
}

func newParquet(path string, rows, groups int64) (sink, error) {
	t, err := createTmp(path)
	if err != nil {
		return nil, err
	}
	perGroup := (rows + groups - 1) / groups
	w := parquet.NewGenericWriter[contacts.Contact](t.f, parquet.Compression(&snappy.Codec{}),
		parquet.MaxRowsPerRowGroup(perGroup), parquet.CreatedBy("crmready-bench", "gen", ""))
	return &parquetSink{tmpFile: t, w: w, perGroup: perGroup}, nil
}

func (p *parquetSink) add(c *contacts.Contact) error {
	p.buf = append(p.buf, *c)
	if len(p.buf) == 4096 {
		return p.flushBuf()
	}
	return nil
}

func (p *parquetSink) flushBuf() error {
	for len(p.buf) > 0 {
		n := min(int64(len(p.buf)), p.perGroup-p.inGroup)
		if _, err := p.w.Write(p.buf[:n]); err != nil {
			return fmt.Errorf("%s: %w", p.path, err)
		}
		p.buf = p.buf[n:]
		p.inGroup += n
		if p.inGroup == p.perGroup {
			if err := p.w.Flush(); err != nil {
				return fmt.Errorf("%s: %w", p.path, err)
			}
			p.inGroup = 0
		}
	}
	p.buf = p.buf[:0:0]
	return nil
}

func (p *parquetSink) close() error {
	if err := p.flushBuf(); err != nil {
		return err
	}
	if err := p.w.Close(); err != nil {
		return fmt.Errorf("%s: %w", p.path, err)
	}
	return p.commit()
}

// CSV: a header, then one line per row; RFC 4180 quoting as encoding/csv writes it.
type csvSink struct {
	*tmpFile
	b   *bufio.Writer
	w   *csv.Writer
	rec []string
}

func newCSV(path string) (sink, error) {
	t, err := createTmp(path)
	if err != nil {
		return nil, err
	}
	b := bufio.NewWriterSize(t.f, 1<<20)
	w := csv.NewWriter(b)
	if err := w.Write(contacts.Columns); err != nil {
		t.abort()
		return nil, err
	}
	return &csvSink{tmpFile: t, b: b, w: w}, nil
}

func (s *csvSink) add(c *contacts.Contact) error {
	s.rec = c.Text(s.rec)
	return s.w.Write(s.rec)
}

func (s *csvSink) close() error {
	s.w.Flush()
	if err := s.w.Error(); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	if err := s.b.Flush(); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	return s.commit()
}

// XLSX: one sheet "Contacts" written by excelize's StreamWriter (inline strings; times as
// serials with number format 22, as StreamWriter stores time.Time).
type xlsxSink struct {
	path  string
	f     *excelize.File
	sw    *excelize.StreamWriter
	row   int
	cells []any
}

func newXLSX(path string) (sink, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Contacts"); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("Contacts")
	if err != nil {
		return nil, err
	}
	head := make([]any, len(contacts.Columns))
	for i, c := range contacts.Columns {
		head[i] = c
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	return &xlsxSink{path: path, f: f, sw: sw, row: 1}, nil
}

func (x *xlsxSink) add(c *contacts.Contact) error {
	x.row++
	x.cells = c.Cells(x.cells)
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.cells)
}

func (x *xlsxSink) close() error {
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("%s: %w", x.path, err)
	}
	t, err := createTmp(x.path)
	if err != nil {
		return err
	}
	if _, err := x.f.WriteTo(t.f); err != nil {
		t.abort()
		return fmt.Errorf("%s: %w", x.path, err)
	}
	x.f.Close()
	return t.commit()
}

func (x *xlsxSink) abort() { x.f.Close() }
