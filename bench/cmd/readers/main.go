// Command readers reads a whole file with one reader and prints what it read, so that one
// process measures one reader (wall time and peak RSS are taken around it by run.sh):
//
//	readers -reader crmready  FILE   crmready's extract.Parts, extract.Open and Reader.Next (any format crmready reads)
//	readers -reader xitongsys FILE   xitongsys/parquet-go ReadColumnByIndex, column by column
//	readers -reader pqrows    FILE   parquet-go/parquet-go GenericReader[contacts.Contact], rows into structs
//	readers -reader excelize  FILE   excelize Rows() with raw cell values (the XLSX baseline)
//
// -cpuprofile and -memprofile profile the read (the heap profile near the heap's peak).
//
// Every reader counts rows and empty cells (nulls and blank strings) the same way, so their
// output lines must agree; a reader that disagrees read something else than the others.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	xreader "github.com/xitongsys/parquet-go/reader"
	xsource "github.com/xitongsys/parquet-go/source"
	"github.com/xuri/excelize/v2"

	"github.com/crmready/crmready/bench/internal/contacts"
	"github.com/crmready/crmready/bench/internal/prof"
	"github.com/crmready/crmready/extract"
)

// batch is the number of rows each reader asks for at a time (crmready's default batch size).
const batch = extract.DefaultBatchSize

// counts is what every reader reports.
type counts struct {
	rows, cells, empty int64
}

func main() {
	name := flag.String("reader", "crmready", "crmready, xitongsys, pqrows or excelize")
	cpu := flag.String("cpuprofile", "", "write a CPU profile here")
	mem := flag.String("memprofile", "", "write a heap profile here, taken when the heap was largest")
	flag.Parse()
	if flag.NArg() != 1 {
		fail(errors.New("usage: readers -reader NAME FILE"))
	}
	readers := map[string]func(string) (counts, error){
		"crmready": readCrmready, "xitongsys": readXitongsys, "pqrows": readPqrows, "excelize": readExcelize,
	}
	read, ok := readers[*name]
	if !ok {
		fail(fmt.Errorf("unknown reader %q (crmready, xitongsys, pqrows, excelize)", *name))
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
	}
	var peak *prof.PeakHeap
	if *mem != "" {
		peak = prof.WatchHeap(*mem)
	}
	start := time.Now()
	c, err := read(flag.Arg(0))
	if *cpu != "" {
		pprof.StopCPUProfile()
	}
	if peak != nil {
		if perr := peak.Stop(); err == nil {
			err = perr
		}
	}
	if err != nil {
		fail(err)
	}
	fmt.Printf("reader=%s rows=%d cells=%d empty=%d seconds=%.3f\n", *name, c.rows, c.cells, c.empty, time.Since(start).Seconds())
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "readers: %s\n", strings.Join(strings.Fields(err.Error()), " "))
	os.Exit(1)
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// readCrmready reads every part of the file through crmready's public API, as the audit does.
func readCrmready(path string) (counts, error) {
	var c counts
	parts, err := extract.Parts(path, extract.Options{})
	if err != nil {
		return c, err
	}
	for _, p := range parts {
		r, err := extract.Open(p, extract.Options{})
		if err != nil {
			return c, err
		}
		for {
			b, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				r.Close()
				return c, err
			}
			c.rows += int64(b.Len)
			for _, v := range b.Cols {
				c.cells += int64(b.Len)
				for _, null := range v.Null[:b.Len] {
					if null {
						c.empty++
					}
				}
			}
		}
		if err := r.Close(); err != nil {
			return c, err
		}
	}
	return c, nil
}

// localFile is the xitongsys source.ParquetFile over an os.File (the library's own lives in a
// separate module).
type localFile struct {
	path string
	*os.File
}

func (f *localFile) Open(name string) (xsource.ParquetFile, error) {
	if name == "" {
		name = f.path
	}
	g, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return &localFile{path: name, File: g}, nil
}

func (f *localFile) Create(string) (xsource.ParquetFile, error) {
	return nil, errors.New("read-only")
}

// readXitongsys reads each leaf column in turn, batch values at a time, with ReadColumnByIndex.
func readXitongsys(path string) (c counts, err error) {
	defer func() { // the library panics on some malformed input
		if r := recover(); r != nil {
			err = fmt.Errorf("xitongsys/parquet-go: %v", r)
		}
	}()
	src, err := (&localFile{path: path}).Open("")
	if err != nil {
		return c, err
	}
	defer src.Close()
	pr, err := xreader.NewParquetColumnReader(src, 1)
	if err != nil {
		return c, err
	}
	defer pr.ReadStop()
	n := pr.GetNumRows()
	c.rows = n
	for col := range len(pr.SchemaHandler.ValueColumns) {
		for done := int64(0); done < n; {
			vals, _, _, err := pr.ReadColumnByIndex(int64(col), min(batch, n-done))
			if err != nil {
				return c, err
			}
			if len(vals) == 0 {
				return c, fmt.Errorf("column %d: no values after %d of %d rows", col, done, n)
			}
			done += int64(len(vals))
			c.cells += int64(len(vals))
			for _, v := range vals {
				switch x := v.(type) {
				case nil:
					c.empty++
				case string:
					if blank(x) {
						c.empty++
					}
				}
			}
		}
	}
	return c, nil
}

// readPqrows reads rows into contacts.Contact structs with parquet-go's GenericReader.
func readPqrows(path string) (counts, error) {
	var c counts
	f, err := os.Open(path)
	if err != nil {
		return c, err
	}
	defer f.Close()
	r := parquet.NewGenericReader[contacts.Contact](f)
	defer r.Close()
	rows := make([]contacts.Contact, batch)
	for {
		n, err := r.Read(rows)
		for i := range rows[:n] {
			c.empty += int64(rows[i].Empty())
		}
		c.rows += int64(n)
		if err == io.EOF {
			break
		}
		if err != nil {
			return c, err
		}
	}
	c.cells = c.rows * int64(len(contacts.Columns))
	return c, nil
}

// readExcelize streams every sheet's rows with raw cell values (no number formatting): the
// cheapest way through excelize, and the floor under any excelize-based reader. The first row
// of each sheet is the header.
func readExcelize(path string) (counts, error) {
	var c counts
	f, err := excelize.OpenFile(path)
	if err != nil {
		return c, err
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			return c, err
		}
		width := -1
		for rows.Next() {
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				return c, err
			}
			if width < 0 { // header
				width = len(cols)
				continue
			}
			c.rows++
			c.cells += int64(width)
			for k := range width {
				if k >= len(cols) || blank(cols[k]) { // trailing empty cells are not returned
					c.empty++
				}
			}
		}
		if err := rows.Close(); err != nil {
			return c, err
		}
	}
	return c, nil
}
