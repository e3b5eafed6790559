package reports

import (
	"encoding/json"
	"io"
)

// JSON writes the report as indented JSON, the versioned machine-readable form.
type JSON struct{}

// Write implements Writer.
func (JSON) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
