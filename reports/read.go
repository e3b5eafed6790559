package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Read decodes a JSON report written by the JSON writer, so that it can be rendered again in any
// format or compared. Fields it does not know are ignored (a newer report adds fields without
// changing its schema version); a report of another schema version is refused.
func Read(r io.Reader) (*Report, error) {
	dec := json.NewDecoder(r)
	var rep Report
	if err := dec.Decode(&rep); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case err == io.EOF:
			return nil, errors.New("empty file: not a crmready report")
		case errors.As(err, &se):
			return nil, fmt.Errorf("not a crmready report: invalid JSON at byte %d: %v", se.Offset, err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("not a crmready report: field %s holds a JSON %s", te.Field, te.Value)
		}
		return nil, fmt.Errorf("not a crmready report: %w", err)
	}
	if rep.Schema != SchemaVersion {
		if rep.Schema == "" {
			return nil, errors.New("not a crmready report: no \"schema\" field")
		}
		return nil, fmt.Errorf("report schema %q is not %q, the one this crmready reads", rep.Schema, SchemaVersion)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not a crmready report: data after the report's JSON object")
	}
	return &rep, nil
}
