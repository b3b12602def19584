// Package jsonout writes JSON without reflection: a Writer appends
// objects, arrays, strings, integers and decimal amounts, byte for byte
// as encoding/json's Marshal writes the same Go values (strings escaped
// the same way, HTML characters included; decimals as quoted strings, as
// shopspring/decimal's MarshalJSON writes them). The fields of an object
// are written in the order the caller writes them.
//
// It exists so that calc.wasm need not link encoding/json and the
// reflection it needs (several hundred KiB). Its methods are not inlined:
// a call is a few bytes of wasm, an inlined append a few hundred, and
// the encoders call them thousands of times.
package jsonout

import (
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Writer appends JSON to a buffer. The zero Writer is ready to use.
type Writer struct {
	b     []byte
	start int // where this Writer's JSON starts in b
}

// Bytes is the buffer: what it held before, then the JSON written.
func (w *Writer) Bytes() []byte { return w.b }

// sep writes the comma before a member or element unless it is the first
// of its object or array, or a member's value: after '{', '[' or a key's
// ':' nothing is written, after a complete value (which never ends in
// one of those) a comma.
//
//go:noinline
func (w *Writer) sep() {
	if n := len(w.b); n > w.start {
		if c := w.b[n-1]; c != '{' && c != '[' && c != ':' {
			w.b = append(w.b, ',')
		}
	}
}

// Open starts an object; Close ends it.
//
//go:noinline
func (w *Writer) Open() { w.sep(); w.b = append(w.b, '{') }

// Close ends an object.
//
//go:noinline
func (w *Writer) Close() { w.b = append(w.b, '}') }

// OpenArray starts an array; CloseArray ends it.
//
//go:noinline
func (w *Writer) OpenArray() { w.sep(); w.b = append(w.b, '[') }

// CloseArray ends an array.
//
//go:noinline
func (w *Writer) CloseArray() { w.b = append(w.b, ']') }

// Key writes the name of an object's next member, which must need no
// escaping (an identifier such as the API's field names).
//
//go:noinline
func (w *Writer) Key(name string) {
	w.sep()
	w.b = append(w.b, '"')
	w.b = append(w.b, name...)
	w.b = append(w.b, '"', ':')
}

// Null writes null.
//
//go:noinline
func (w *Writer) Null() { w.sep(); w.b = append(w.b, "null"...) }

// Bool writes true or false.
//
//go:noinline
func (w *Writer) Bool(v bool) {
	w.sep()
	w.b = strconv.AppendBool(w.b, v)
}

// Int writes an integer.
//
//go:noinline
func (w *Writer) Int(v int64) {
	w.sep()
	w.b = strconv.AppendInt(w.b, v, 10)
}

// Uint writes an unsigned integer.
//
//go:noinline
func (w *Writer) Uint(v uint64) {
	w.sep()
	w.b = strconv.AppendUint(w.b, v, 10)
}

// Decimal writes d as a JSON string of its decimal digits ("12.5").
//
//go:noinline
func (w *Writer) Decimal(d decimal.Decimal) {
	w.sep()
	w.b = append(w.b, '"')
	w.b = append(w.b, d.String()...)
	w.b = append(w.b, '"')
}

// DecimalOrNull writes *d, or null when d is nil.
//
//go:noinline
func (w *Writer) DecimalOrNull(d *decimal.Decimal) {
	if d == nil {
		w.Null()
		return
	}
	w.Decimal(*d)
}

// Strings writes a list of strings; a nil list is null.
//
//go:noinline
func (w *Writer) Strings(list []string) {
	if list == nil {
		w.Null()
		return
	}
	w.OpenArray()
	for _, s := range list {
		w.String(s)
	}
	w.CloseArray()
}

// Raw writes data, which must be one JSON value, as it is.
//
//go:noinline
func (w *Writer) Raw(data []byte) {
	w.sep()
	w.b = append(w.b, data...)
}

const hex = "0123456789abcdef"

// String writes s as a JSON string as encoding/json does: '"' and '\\'
// escaped, control characters as \b \f \n \r \t or \u00XX, '<', '>' and
// '&' as \u003c \u003e \u0026, U+2028 and U+2029 as \u2028 and \u2029,
// and each byte of invalid UTF-8 as \ufffd.
func (w *Writer) String(s string) {
	w.sep()
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}

// NewWriter returns a Writer that appends to b.
func NewWriter(b []byte) *Writer { return &Writer{b: b, start: len(b)} }

// KeyString writes the name of an object's next member, escaped as any
// string.
//
//go:noinline
func (w *Writer) KeyString(name string) {
	w.String(name)
	w.b = append(w.b, ':')
}

// Scalar writes v if it is a string, a boolean, an integer or nil, and
// reports whether it was one of those.
func (w *Writer) Scalar(v any) bool {
	switch x := v.(type) {
	case nil:
		w.Null()
	case string:
		w.String(x)
	case bool:
		w.Bool(x)
	case int:
		w.Int(int64(x))
	case int8:
		w.Int(int64(x))
	case int16:
		w.Int(int64(x))
	case int32:
		w.Int(int64(x))
	case int64:
		w.Int(x)
	case uint:
		w.Uint(uint64(x))
	case uint8:
		w.Uint(uint64(x))
	case uint16:
		w.Uint(uint64(x))
	case uint32:
		w.Uint(uint64(x))
	case uint64:
		w.Uint(x)
	default:
		return false
	}
	return true
}
