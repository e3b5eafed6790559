package parquet

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/crmready/crmready/extract/internal/vector"
	"github.com/parquet-go/parquet-go/deprecated"
	pq "github.com/parquet-go/parquet-go/format"
)

// conv says how a leaf's physical values become a Vector's values.
type conv uint8

const (
	convBool     conv = iota // BOOLEAN -> Bool
	convInt32                // INT32 -> Int
	convUint32               // INT32 unsigned -> Int
	convInt64                // INT64 -> Int
	convUint64               // INT64 unsigned -> Int; above MaxInt64 unparsed
	convDate                 // INT32 days -> Time
	convStamp                // INT64 timestamp in units of leaf.unit -> Time
	convInt96                // INT96 Julian day and nanoseconds -> Time
	convDec32                // INT32 decimal -> Float
	convDec64                // INT64 decimal -> Float
	convDecBytes             // big-endian two's complement decimal -> Float
	convFloat32              // FLOAT -> Float
	convFloat64              // DOUBLE -> Float
	convFloat16              // FIXED_LEN_BYTE_ARRAY(2) FLOAT16 -> Float
	convText                 // byte array -> String, the bytes as they are
	convHex                  // byte array -> String, hexadecimal
	convUUID                 // FIXED_LEN_BYTE_ARRAY(16) -> String, canonical UUID
)

// natural is the Vector type each conversion produces.
var natural = [...]vector.Type{
	convBool: vector.Bool, convInt32: vector.Int, convUint32: vector.Int, convInt64: vector.Int, convUint64: vector.Int,
	convDate: vector.Time, convStamp: vector.Time, convInt96: vector.Time, convDec32: vector.Float, convDec64: vector.Float,
	convDecBytes: vector.Float, convFloat32: vector.Float, convFloat64: vector.Float, convFloat16: vector.Float,
	convText: vector.String, convHex: vector.String, convUUID: vector.String,
}

// leaf is one primitive column of the Parquet schema.
type leaf struct {
	name   string // dotted path
	index  int    // position among the leaves, and of its chunk in a row group
	phys   pq.Type
	width  int // FIXED_LEN_BYTE_ARRAY length; 12 for INT96
	maxDef uint8
	maxRep uint8
	col    int  // the schema column it feeds
	nested bool // part of a skipped column: levels are checked, values are not decoded
	conv   conv
	scale  int   // decimal scale
	unit   int64 // timestamp units per millisecond
	infer  bool  // text whose type is inferred from its values, as CSV does
}

// maxSchemaDepth bounds the nesting of the schema (definition levels are bytes).
const maxSchemaDepth = 64

// schemaBuilder walks the flattened schema tree of the footer.
type schemaBuilder struct {
	elems  []pq.SchemaElement
	i      int
	fields []Field
	leaves []*leaf
}

// buildSchema returns the columns (one per top-level field) and the leaves, in column chunk order.
func buildSchema(elems []pq.SchemaElement) ([]Field, []*leaf, error) {
	if len(elems) == 0 {
		return nil, nil, errors.New("malformed footer: empty schema")
	}
	root := &elems[0]
	if !root.NumChildren.Valid || root.NumChildren.V < 0 {
		return nil, nil, errors.New("malformed footer: the schema root is not a group")
	}
	b := &schemaBuilder{elems: elems, i: 1}
	for k := 0; k < int(root.NumChildren.V); k++ {
		if b.i >= len(elems) {
			return nil, nil, errors.New("malformed footer: the schema ends before its last field")
		}
		if err := b.field(); err != nil {
			return nil, nil, err
		}
	}
	if b.i != len(elems) {
		return nil, nil, fmt.Errorf("malformed footer: %d schema elements after the last field", len(elems)-b.i)
	}
	dedupeNames(b.fields)
	return b.fields, b.leaves, nil
}

// field adds the top-level field at b.i as one column.
func (b *schemaBuilder) field() error {
	e := &b.elems[b.i]
	j := len(b.fields)
	name := e.Name
	if strings.TrimSpace(name) == "" {
		name = fmt.Sprintf("column %d", j+1)
	}
	col := Field{Name: name}
	first := len(b.leaves)
	if err := b.node(nil, 0, 0, j); err != nil {
		return err
	}
	if isGroup(e) || rep(e) == pq.Repeated {
		col.Skipped = skipReason(e)
		for _, l := range b.leaves[first:] {
			l.nested = true
		}
	} else {
		l := b.leaves[first]
		col.Type, col.Source = mapType(l, e)
		col.Name = name
	}
	b.fields = append(b.fields, col)
	return nil
}

// node walks the subtree at b.i, adding its leaves.
func (b *schemaBuilder) node(path []string, def, repLevel uint8, col int) error {
	e := &b.elems[b.i]
	b.i++
	if len(path) >= maxSchemaDepth {
		return fmt.Errorf("malformed footer: schema nested deeper than %d levels", maxSchemaDepth)
	}
	path = append(path[:len(path):len(path)], e.Name)
	switch rep(e) {
	case pq.Required:
	case pq.Optional:
		def++
	case pq.Repeated:
		def++
		repLevel++
	default:
		return fmt.Errorf("malformed footer: field %q has an invalid repetition type %d", strings.Join(path, "."), e.RepetitionType.V)
	}
	if isGroup(e) {
		if e.NumChildren.V < 0 {
			return fmt.Errorf("malformed footer: group %q has %d children", strings.Join(path, "."), e.NumChildren.V)
		}
		for k := 0; k < int(e.NumChildren.V); k++ {
			if b.i >= len(b.elems) {
				return errors.New("malformed footer: the schema ends inside a group")
			}
			if err := b.node(path, def, repLevel, col); err != nil {
				return err
			}
		}
		return nil
	}
	l := &leaf{name: strings.Join(path, "."), index: len(b.leaves), maxDef: def, maxRep: repLevel, col: col}
	if !e.Type.Valid || e.Type.V < pq.Boolean || e.Type.V > pq.FixedLenByteArray {
		return fmt.Errorf("column %q: invalid physical type %d in the schema", l.name, e.Type.V)
	}
	l.phys = e.Type.V
	switch l.phys {
	case pq.FixedLenByteArray:
		if !e.TypeLength.Valid || e.TypeLength.V <= 0 || e.TypeLength.V > math.MaxInt16 {
			return fmt.Errorf("column %q: invalid FIXED_LEN_BYTE_ARRAY length %d", l.name, e.TypeLength.V)
		}
		l.width = int(e.TypeLength.V)
	case pq.Int96:
		l.width = 12
	}
	b.leaves = append(b.leaves, l)
	return nil
}

// isGroup reports whether a schema element is a group (a struct, list or map) rather than a leaf.
func isGroup(e *pq.SchemaElement) bool {
	return e.NumChildren.Valid && (!e.Type.Valid || e.NumChildren.V > 0)
}

// rep returns an element's repetition, REQUIRED when unset.
func rep(e *pq.SchemaElement) pq.FieldRepetitionType {
	if e.RepetitionType.Valid {
		return e.RepetitionType.V
	}
	return pq.Required
}

// skipReason says why a nested top-level field is not audited.
func skipReason(e *pq.SchemaElement) string {
	kind := "struct"
	switch lt := e.LogicalType.Value.(type) {
	case *pq.ListType, *pq.MapType, *pq.VariantType:
		kind = fmt.Sprint(lt)
	default:
		if e.ConvertedType.Valid {
			switch e.ConvertedType.V {
			case deprecated.List:
				kind = "LIST"
			case deprecated.Map, deprecated.MapKeyValue:
				kind = "MAP"
			}
		}
	}
	if !isGroup(e) {
		return "repeated column: not audited"
	}
	return fmt.Sprintf("nested column (%s): not audited", kind)
}

// dedupeNames makes column names unique as CSV headers are: "name (2)".
func dedupeNames(cols []Field) {
	seen := map[string]int{}
	for i := range cols {
		seen[cols[i].Name]++
		if n := seen[cols[i].Name]; n > 1 {
			cols[i].Name = fmt.Sprintf("%s (%d)", cols[i].Name, n)
		}
	}
}

// mapType decides a flat leaf's conversion and returns its column type and the Source text.
func mapType(l *leaf, e *pq.SchemaElement) (vector.Type, string) {
	src := "parquet " + l.phys.String()
	if l.phys == pq.FixedLenByteArray {
		src = fmt.Sprintf("parquet FIXED_LEN_BYTE_ARRAY(%d)", l.width)
	}
	l.conv, l.unit = physicalConv(l.phys), 1
	note := ""
	switch lt := logicalOf(e).(type) {
	case nil:
		if l.phys == pq.ByteArray {
			l.infer = true
			note = " (no logical type): bytes read as text"
		} else if l.phys == pq.FixedLenByteArray {
			note = " (no logical type): hexadecimal"
		} else if e.LogicalType.Value == nil && e.ConvertedType.Valid {
			note = fmt.Sprintf(" (converted type %d ignored)", e.ConvertedType.V)
		}
		return natural[l.conv], src + note
	case *pq.StringType:
		l.infer = l.phys == pq.ByteArray
		l.conv = convText
	case *pq.EnumType, *pq.JsonType:
		l.conv = convText
	case *pq.BsonType, *pq.GeometryType, *pq.GeographyType:
		l.conv, note = convHex, ": hexadecimal"
	case *pq.UUIDType:
		if l.width == 16 {
			l.conv = convUUID
		}
	case *pq.Float16Type:
		if l.width == 2 {
			l.conv = convFloat16
		}
	case *pq.DateType:
		if l.phys == pq.Int32 {
			l.conv = convDate
		}
	case *pq.DecimalType:
		l.scale = int(lt.Scale)
		switch l.phys {
		case pq.Int32:
			l.conv = convDec32
		case pq.Int64:
			l.conv = convDec64
		case pq.ByteArray, pq.FixedLenByteArray:
			l.conv = convDecBytes
		}
	case *pq.IntType:
		switch {
		case l.phys == pq.Int32 && !lt.IsSigned:
			l.conv = convUint32
		case l.phys == pq.Int64 && !lt.IsSigned:
			l.conv, note = convUint64, ": values above 9223372036854775807 are counted unparsed"
		}
	case *pq.TimestampType:
		if l.phys == pq.Int64 {
			l.conv, l.unit = convStamp, unitsPerMilli(&lt.Unit)
			if !lt.IsAdjustedToUTC {
				note = ": local time, read as UTC"
			}
		}
	case *pq.TimeType:
		note = fmt.Sprintf(": %s since midnight", unitWord(&lt.Unit))
	case intervalType:
		l.conv, note = convHex, ": hexadecimal"
	}
	return natural[l.conv], fmt.Sprintf("%s %s%s", src, logicalName(e), note)
}

// intervalType stands for the legacy INTERVAL converted type, which has no logical type.
type intervalType struct{}

// physicalConv is the conversion of a physical type without a logical type.
func physicalConv(t pq.Type) conv {
	switch t {
	case pq.Boolean:
		return convBool
	case pq.Int32:
		return convInt32
	case pq.Int64:
		return convInt64
	case pq.Int96:
		return convInt96
	case pq.Float:
		return convFloat32
	case pq.Double:
		return convFloat64
	case pq.ByteArray:
		return convText
	}
	return convHex
}

// logicalOf returns the element's logical type, from the LogicalType field or else from the
// legacy ConvertedType; nil when it has none (or one crmready does not know).
func logicalOf(e *pq.SchemaElement) any {
	if lt := e.LogicalType.Value; lt != nil {
		return lt
	}
	if !e.ConvertedType.Valid {
		return nil
	}
	switch c := e.ConvertedType.V; c {
	case deprecated.UTF8:
		return &pq.StringType{}
	case deprecated.Enum:
		return &pq.EnumType{}
	case deprecated.Json:
		return &pq.JsonType{}
	case deprecated.Bson:
		return &pq.BsonType{}
	case deprecated.Date:
		return &pq.DateType{}
	case deprecated.Decimal:
		return &pq.DecimalType{Scale: e.Scale.V, Precision: e.Precision.V}
	case deprecated.TimeMillis:
		return &pq.TimeType{IsAdjustedToUTC: true, Unit: pq.TimeUnit{Value: &pq.MilliSeconds{}}}
	case deprecated.TimeMicros:
		return &pq.TimeType{IsAdjustedToUTC: true, Unit: pq.TimeUnit{Value: &pq.MicroSeconds{}}}
	case deprecated.TimestampMillis:
		return &pq.TimestampType{IsAdjustedToUTC: true, Unit: pq.TimeUnit{Value: &pq.MilliSeconds{}}}
	case deprecated.TimestampMicros:
		return &pq.TimestampType{IsAdjustedToUTC: true, Unit: pq.TimeUnit{Value: &pq.MicroSeconds{}}}
	case deprecated.Interval:
		return intervalType{}
	case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32, deprecated.Uint64:
		return &pq.IntType{BitWidth: int8(8 << (c - deprecated.Uint8)), IsSigned: false}
	case deprecated.Int8, deprecated.Int16, deprecated.Int32, deprecated.Int64:
		return &pq.IntType{BitWidth: int8(8 << (c - deprecated.Int8)), IsSigned: true}
	}
	return nil
}

// logicalName names the element's logical type as Source shows it: "TIMESTAMP(MICROS)".
func logicalName(e *pq.SchemaElement) string {
	switch lt := logicalOf(e).(type) {
	case *pq.DecimalType:
		return fmt.Sprintf("DECIMAL(%d,%d)", lt.Precision, lt.Scale)
	case *pq.TimestampType:
		return fmt.Sprintf("TIMESTAMP(%s)", unitName(&lt.Unit))
	case *pq.TimeType:
		return fmt.Sprintf("TIME(%s)", unitName(&lt.Unit))
	case *pq.IntType:
		return fmt.Sprintf("INT(%d,%t)", lt.BitWidth, lt.IsSigned)
	case intervalType:
		return "INTERVAL"
	case fmt.Stringer:
		return lt.String()
	}
	return ""
}

// unitName names a time unit as logical types do: "MICROS".
func unitName(u *pq.TimeUnit) string {
	switch u.Value.(type) {
	case *pq.MilliSeconds:
		return "MILLIS"
	case *pq.MicroSeconds:
		return "MICROS"
	case *pq.NanoSeconds:
		return "NANOS"
	}
	return "unknown unit"
}

// unitWord names a time unit in words.
func unitWord(u *pq.TimeUnit) string {
	switch u.Value.(type) {
	case *pq.MilliSeconds:
		return "milliseconds"
	case *pq.MicroSeconds:
		return "microseconds"
	case *pq.NanoSeconds:
		return "nanoseconds"
	}
	return "units"
}

// unitsPerMilli is the number of a timestamp's units in a millisecond.
func unitsPerMilli(u *pq.TimeUnit) int64 {
	switch u.Value.(type) {
	case *pq.MicroSeconds:
		return 1000
	case *pq.NanoSeconds:
		return 1000000
	}
	return 1
}
