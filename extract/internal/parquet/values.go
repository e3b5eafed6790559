package parquet

import (
	"encoding/hex"
	"io"
	"slices"
	"strconv"

	"github.com/crmready/crmready/extract/internal/vector"
)

// resetVector makes v an empty vector of type t for n values, reusing its memory. Str is kept for
// String vectors only; others get one when a value turns out unparsed.
func resetVector(v *vector.Vector, t vector.Type, n int) {
	v.Type = t
	v.Null, v.Bad = grow(v.Null, n), grow(v.Bad, n)
	clear(v.Null)
	clear(v.Bad)
	v.Str = nil
	switch t {
	case vector.String:
		v.Str = grow(v.Str, n)
	case vector.Int:
		v.Int = grow(v.Int, n)
	case vector.Float:
		v.Float = grow(v.Float, n)
	case vector.Bool:
		v.Bool = grow(v.Bool, n)
	case vector.Time:
		v.Time = grow(v.Time, n)
	}
}

// bad marks value k of v unparsed, with text as its text.
func bad(v *vector.Vector, k int, text string) {
	if v.Str == nil {
		v.Str = make([]string, len(v.Null))
	}
	v.Bad[k], v.Str[k] = true, text
}

// floorDiv divides rounding toward minus infinity, so that instants before 1970 stay in their
// millisecond.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// convert turns the n values in c.phys into v, in the leaf's natural type.
func (c *Column) convert(v *vector.Vector, n int) {
	l, p := c.leaf, &c.phys
	resetVector(v, natural[l.conv], n)
	switch l.conv {
	case convBool:
		copy(v.Bool, p.bools[:n])
	case convInt32:
		for k, x := range p.i32[:n] {
			v.Int[k] = int64(x)
		}
	case convUint32:
		for k, x := range p.i32[:n] {
			v.Int[k] = int64(uint32(x))
		}
	case convInt64:
		copy(v.Int, p.i64[:n])
	case convUint64:
		for k, x := range p.i64[:n] {
			v.Int[k] = x
			if x < 0 {
				bad(v, k, strconv.FormatUint(uint64(x), 10))
			}
		}
	case convDate:
		for k, x := range p.i32[:n] {
			v.Time[k] = int64(x) * 86400000
		}
	case convStamp:
		for k, x := range p.i64[:n] {
			v.Time[k] = floorDiv(x, l.unit)
		}
	case convInt96:
		for k := range n {
			b := p.fixed[12*k : 12*k+12]
			var ok bool
			if v.Time[k], ok = int96Millis(b); !ok {
				bad(v, k, int96Text(b))
			}
		}
	case convDec32:
		for k, x := range p.i32[:n] {
			v.Float[k] = scaleFloat(int64(x), l.scale)
		}
	case convDec64:
		for k, x := range p.i64[:n] {
			v.Float[k] = scaleFloat(x, l.scale)
		}
	case convDecBytes:
		for k := range n {
			v.Float[k] = decimalFloat(p.value(k), l.scale)
		}
	case convFloat32:
		for k, x := range p.f32[:n] {
			v.Float[k] = float64(x)
		}
	case convFloat64:
		copy(v.Float, p.f64[:n])
	case convFloat16:
		for k := range n {
			v.Float[k] = float16(p.fixed[2*k:])
		}
	default:
		c.strings(v, n)
	}
}

// value returns byte array (or fixed-width) value k.
func (p *physValues) value(k int) []byte {
	if p.fixed != nil && p.width > 0 {
		return p.fixed[p.width*k : p.width*(k+1)]
	}
	return p.bytes[p.start[k]:p.end[k]]
}

// strings turns the n byte array values in c.phys into text, a few allocations per page.
func (c *Column) strings(v *vector.Vector, n int) {
	p, b := &c.phys, &c.blocks
	b.start(v.Str)
	for k := range n {
		val := p.value(k)
		switch c.leaf.conv {
		case convText:
			b.done(append(b.next(k, len(val)), val...))
		case convHex:
			buf := b.next(k, 2*len(val))
			b.done(hex.AppendEncode(buf, val))
		case convUUID:
			b.done(uuidText(b.next(k, 36), val))
		}
	}
	b.flush()
	for k, s := range v.Str[:n] {
		v.Null[k] = vector.IsBlank(s)
	}
	p.fixed, p.width = nil, 0
}

// Fill decodes the next n rows of a flat column into dst from row off; dec, when not nil, parses
// text values as its type.
func (c *Column) Fill(dst *vector.Vector, off, n int, dec Decoder) error {
	for n > 0 {
		if c.lpos == c.nv {
			if err := c.nextPage(); err == io.EOF {
				return c.errorf("the column chunk ends after %d rows where the footer says %d", c.rows, c.rgRows)
			} else if err != nil {
				return c.errorf("%v", err)
			}
			continue
		}
		k := min(n, c.nv-c.lpos)
		c.gather(dst, off, k, dec)
		c.rows += int64(k)
		off, n = off+k, n-k
	}
	return nil
}

// gather copies the next k rows of the current page into dst from row off.
func (c *Column) gather(dst *vector.Vector, off, k int, dec Decoder) {
	if !c.indexed && c.vals.Type == dst.Type {
		c.gatherRuns(dst, off, k)
		return
	}
	sel := grow(c.sel, k)
	c.sel = sel
	maxDef := c.leaf.maxDef
	for i := range sel {
		if maxDef > 0 && c.defs[c.lpos+i] != maxDef {
			sel[i] = -1
			continue
		}
		s := c.vpos
		c.vpos++
		if c.indexed {
			s = int(c.idx[s])
		}
		sel[i] = int32(s)
	}
	c.lpos += k
	src, flagged := c.vals, c.valsFlagged
	if c.indexed {
		src, flagged = c.dictFor(dec)
	}
	if dec != nil && src.Type == vector.String && dst.Type != vector.String {
		for i, s := range sel {
			if s < 0 {
				dst.Null[off+i] = true
			} else {
				dec.Decode(dst, off+i, src.Str[s])
			}
		}
		return
	}
	copyRows(dst, off, src, sel, flagged)
}

// gatherRuns copies the next k rows of a page of plain values, a run of present values at a time.
func (c *Column) gatherRuns(dst *vector.Vector, off, k int) {
	defs, maxDef := c.defs, c.leaf.maxDef
	for i := 0; i < k; {
		if maxDef > 0 && defs[c.lpos+i] != maxDef {
			dst.Null[off+i] = true
			i++
			continue
		}
		j := i + 1
		if maxDef == 0 {
			j = k
		}
		for j < k && defs[c.lpos+j] == maxDef {
			j++
		}
		copyRange(dst, off+i, c.vals, c.vpos, j-i, c.valsFlagged)
		c.vpos += j - i
		i = j
	}
	c.lpos += k
}

// dictFor returns the dictionary as the column's rows need it, and whether it holds nulls or
// unparsed values: parsed by the column's text decoder, if it has one, once per chunk rather
// than once per row.
func (c *Column) dictFor(dec Decoder) (*vector.Vector, bool) {
	if dec == nil || dec.Type() == vector.String {
		return c.dict, c.dictFlagged
	}
	if c.dictConv == nil {
		w := vector.New(dec.Type(), c.dictLen, true)
		for i, s := range c.dict.Str {
			dec.Decode(w, i, s)
		}
		c.dictConv, c.dictConvFlagged = w, flagged(w)
	}
	return c.dictConv, c.dictConvFlagged
}

// flagged reports whether any value of v is null or unparsed.
func flagged(v *vector.Vector) bool {
	return slices.Contains(v.Null, true) || slices.Contains(v.Bad, true)
}

// copyRange copies the k values of src from row from into dst from row off.
func copyRange(dst *vector.Vector, off int, src *vector.Vector, from, k int, flags bool) {
	if flags {
		copy(dst.Null[off:off+k], src.Null[from:from+k])
		copy(dst.Bad[off:off+k], src.Bad[from:from+k])
	}
	switch dst.Type {
	case vector.Int:
		copy(dst.Int[off:off+k], src.Int[from:from+k])
	case vector.Float:
		copy(dst.Float[off:off+k], src.Float[from:from+k])
	case vector.Bool:
		copy(dst.Bool[off:off+k], src.Bool[from:from+k])
	case vector.Time:
		copy(dst.Time[off:off+k], src.Time[from:from+k])
	}
	if src.Str != nil {
		if dst.Str == nil {
			dst.Str = make([]string, len(dst.Null))
		}
		copy(dst.Str[off:off+k], src.Str[from:from+k])
	}
}

// copyRows copies the rows sel of src (-1 for a null) into dst from row off; flags says whether
// src holds nulls or unparsed values to copy.
func copyRows(dst *vector.Vector, off int, src *vector.Vector, sel []int32, flags bool) {
	for i, s := range sel {
		switch {
		case s < 0:
			dst.Null[off+i] = true
		case flags:
			dst.Null[off+i], dst.Bad[off+i] = src.Null[s], src.Bad[s]
		}
	}
	switch dst.Type {
	case vector.Int:
		copySel(dst.Int[off:], src.Int, sel)
	case vector.Float:
		copySel(dst.Float[off:], src.Float, sel)
	case vector.Bool:
		copySel(dst.Bool[off:], src.Bool, sel)
	case vector.Time:
		copySel(dst.Time[off:], src.Time, sel)
	}
	if src.Str != nil {
		if dst.Str == nil {
			dst.Str = make([]string, len(dst.Null))
		}
		copySel(dst.Str[off:], src.Str, sel)
	}
}

// copySel copies src[sel[i]] to dst[i] for every sel[i] that is not -1.
func copySel[T any](dst, src []T, sel []int32) {
	for i, s := range sel {
		if s >= 0 {
			dst[i] = src[s]
		}
	}
}

// SkipRows consumes the levels of the next n rows of a nested column.
func (c *Column) SkipRows(n int64) error {
	for {
		for c.lpos < c.nv {
			if c.leaf.maxRep == 0 || c.reps[c.lpos] == 0 {
				if n == 0 {
					return nil
				}
				n--
				c.rows++
			}
			c.lpos++
		}
		if err := c.nextPage(); err == io.EOF {
			if n == 0 {
				return nil
			}
			return c.errorf("the column chunk ends after %d rows where the footer says %d", c.rows, c.rgRows)
		} else if err != nil {
			return c.errorf("%v", err)
		}
	}
}
