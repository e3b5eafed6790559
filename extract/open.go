package extract

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DefaultBatchSize is the number of records in a batch unless Options say otherwise: small
// enough that the batches in flight between the reader and the checks stay in a few MiB, large
// enough that per-batch work does not show (measured on 1M rows x 15 columns: 8,192 was 7%
// faster and 10% lighter than 16,384, and 4,096 slower again).
const DefaultBatchSize = 8192

// DefaultSampleSize is the number of records a text reader looks at to decide column types.
const DefaultSampleSize = 16384

// Options tune how a file is read.
type Options struct {
	// BatchSize is the number of records per batch (DefaultBatchSize when 0).
	BatchSize int
	// SampleSize is the number of records a text reader looks at to decide column types
	// (DefaultSampleSize when 0; BatchSize when only that is set).
	SampleSize int
	// Types forces the type of the columns it names, instead of inferring it.
	Types map[string]Type
	// Sheet names the workbook sheet to read; every non-empty sheet when empty.
	Sheet string
	// Password opens an encrypted workbook.
	Password string
	// Limits bound the memory spent on a hostile file (and what a workbook may unpack to); the
	// zero value means the defaults.
	Limits Limits
}

func (o Options) batchSize() int {
	if o.BatchSize > 0 {
		return o.BatchSize
	}
	return DefaultBatchSize
}

func (o Options) sampleSize() int {
	if o.SampleSize > 0 {
		return o.SampleSize
	}
	if o.BatchSize > 0 {
		return o.BatchSize // a caller choosing batches chooses the sample with them (tests)
	}
	return DefaultSampleSize
}

// Part is one table in a file: the file itself, or one sheet of a workbook.
type Part struct {
	File  string
	Sheet string // "" for formats without sheets
}

// String names the part as reports show it: "leads.csv", "export.xlsx[Leads]".
func (p Part) String() string {
	if p.Sheet == "" {
		return p.File
	}
	return fmt.Sprintf("%s[%s]", p.File, p.Sheet)
}

// format is how a file is read, chosen by its extension.
type format struct {
	exts  []string
	parts func(path string, o Options) ([]Part, error)
	open  func(p Part, o Options) (Reader, error)
}

var formats = []format{
	{exts: []string{".csv", ".tsv", ".txt"}, parts: singlePart, open: openCSV},
	{exts: []string{".parquet"}, parts: singlePart, open: openParquet},
	{exts: []string{".xlsx", ".xlsm"}, parts: xlsxParts, open: openXLSX},
}

// Extensions lists the file extensions crmready reads.
func Extensions() []string {
	var out []string
	for _, f := range formats {
		out = append(out, f.exts...)
	}
	return out
}

func formatOf(path string) (*format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	for i, f := range formats {
		for _, e := range f.exts {
			if e == ext {
				return &formats[i], nil
			}
		}
	}
	if ext == ".xls" {
		return nil, errLegacyXLS
	}
	return nil, fmt.Errorf("unsupported file type %q (supported: %s)", ext, strings.Join(Extensions(), ", "))
}

// Parts lists the tables in the file at path: the file itself, or each non-empty sheet of a
// workbook (only o.Sheet when set). Errors name the file.
func Parts(path string, o Options) ([]Part, error) {
	if err := statFile(path); err != nil {
		return nil, err
	}
	f, err := formatOf(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f.parts(path, o)
}

func singlePart(path string, o Options) ([]Part, error) {
	if o.Sheet != "" {
		return nil, fmt.Errorf("%s: has no sheets (--sheet %q applies to workbooks)", path, o.Sheet)
	}
	return []Part{{File: path}}, nil
}

// Open opens a part for reading. Errors name the file.
func Open(p Part, o Options) (Reader, error) {
	if err := statFile(p.File); err != nil {
		return nil, err
	}
	f, err := formatOf(p.File)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.File, err)
	}
	return f.open(p, o)
}

// statFile checks that path names a file that exists.
func statFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fileError(path, err)
	}
	if fi.IsDir() {
		return fmt.Errorf("%s: is a directory, not a file", path)
	}
	return nil
}

// fileError turns an os error into "path: cause" without repeating the path.
func fileError(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return fmt.Errorf("%s: no such file", path)
		case errors.Is(err, os.ErrPermission):
			return fmt.Errorf("%s: permission denied", path)
		}
		return fmt.Errorf("%s: %v", path, pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}
