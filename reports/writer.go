package reports

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Writer renders a whole Report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// Options tune writers.
type Options struct {
	// Color asks the console writer for ANSI colours.
	Color bool
	// ShowValues lets the formats shared in CI (Markdown, JUnit) show record values.
	ShowValues bool
	// Detail asks the console writer for everything instead of its one-screen summary.
	Detail bool
}

// Format is an output format.
type Format struct {
	Name string
	// Exts are the file extensions that select the format for --out.
	Exts []string
	// Binary formats are written to files only, never to stdout.
	Binary bool
	New    func(o Options) Writer
}

// Formats is the registry of output formats.
var Formats = []Format{
	{Name: "console", Exts: []string{".txt"}, New: func(o Options) Writer { return &Console{Color: o.Color, Detail: o.Detail} }},
	{Name: "json", Exts: []string{".json"}, New: func(o Options) Writer { return JSON{} }},
	{Name: "md", Exts: []string{".md", ".markdown"}, New: func(o Options) Writer { return &Markdown{ShowValues: o.ShowValues} }},
	{Name: "junit", Exts: []string{".xml"}, New: func(o Options) Writer { return &JUnit{ShowValues: o.ShowValues} }},
	{Name: "html", Exts: []string{".html", ".htm"}, New: func(o Options) Writer { return &HTML{} }},
	{Name: "xlsx", Exts: []string{".xlsx"}, Binary: true, New: func(o Options) Writer { return &Workbook{} }},
}

// FormatNames lists the formats' names.
func FormatNames() []string {
	var out []string
	for _, f := range Formats {
		out = append(out, f.Name)
	}
	return out
}

// ByName returns the format called name, or an error listing the valid names.
func ByName(name string) (Format, error) {
	for _, f := range Formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("unknown format %q (valid: %s)", name, strings.Join(FormatNames(), ", "))
}

// ByPath returns the format a file name's extension selects, or an error listing the valid
// extensions.
func ByPath(path string) (Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	var exts []string
	for _, f := range Formats {
		for _, e := range f.Exts {
			if e == ext {
				return f, nil
			}
			exts = append(exts, e)
		}
	}
	return Format{}, fmt.Errorf("%s: cannot tell the format from extension %q (valid: %s)", path, ext, strings.Join(exts, ", "))
}
