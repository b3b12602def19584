package jsonin

import (
	"strconv"
	"unicode/utf8"

	"github.com/rtcprice/rtcprice/calc/fault"
)

// Number is a JSON number as written in the document.
type Number string

// maxNestingDepth is how many arrays and objects may be open at once.
const maxNestingDepth = 10000

// Parse decodes a JSON document into plain values: map[string]any,
// []any, string, bool, nil and Number. A document that is not one JSON
// value is refused.
//
// It reads exactly as encoding/json's Decoder (UseNumber, then a check
// for a further token) did before it, without reflection, and fails the
// same way: the same reason, offset and message for every input
// (FuzzParseIsEncodingJSON). Duplicate keys keep their last value;
// invalid UTF-8 and unpaired surrogate escapes in strings become U+FFFD.
func Parse(data []byte) (any, *fault.Error) {
	p := &parser{data: data}
	p.skipSpace()
	if p.i == len(data) {
		return nil, fault.New("", fault.RequestEmpty, nil, "the request is empty")
	}
	v := p.value()
	if p.msg != "" {
		// Where reading stopped: the offending byte (counted from 1), or
		// the end of a document cut short.
		offset, msg := int64(p.i+1), p.msg
		if p.i == len(data) {
			offset, msg = int64(len(data)), "unexpected EOF"
		}
		return nil, fault.New("", fault.NotJSON, fault.Params{"offset": offset},
			"the request is not valid JSON at byte %d: %v", offset, msg)
	}
	p.skipSpace()
	if p.i < len(data) {
		return nil, fault.New("", fault.TrailingData, nil, "the request has data after its JSON value")
	}
	return v, nil
}

// parser reads one JSON value from data at i. The first error stops it
// with msg set and i at the offending byte, or at len(data) when the
// document ended too soon.
type parser struct {
	data  []byte
	i     int
	depth int
	msg   string
}

func (p *parser) skipSpace() {
	i, data := p.i, p.data
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	p.i = i
}

// fail records the error of the byte at i (the end of data: cut short)
// in context, in encoding/json's words; it returns nil for the caller to
// return.
func (p *parser) fail(context string) any {
	if p.msg == "" {
		p.msg = "unexpected EOF"
		if p.i < len(p.data) {
			p.msg = "invalid character " + quoteChar(p.data[p.i]) + " " + context
		}
	}
	return nil
}

// peek is the byte at i, or 0 at the end (which no rule accepts).
func (p *parser) peek() byte {
	if p.i < len(p.data) {
		return p.data[p.i]
	}
	return 0
}

// value reads a value at i, after any space.
func (p *parser) value() any {
	p.skipSpace()
	c := p.peek()
	switch {
	case c == '{' || c == '[':
		if p.depth++; p.depth > maxNestingDepth {
			return p.fail("exceeded max depth")
		}
		p.i++
		var v any
		if c == '{' {
			v = p.object()
		} else {
			v = p.array()
		}
		p.depth--
		return v
	case c == '"':
		s, ok := p.str()
		if !ok {
			return nil
		}
		return s
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	}
	return p.fail("looking for beginning of value")
}

// object reads an object's members after its '{'.
func (p *parser) object() any {
	m := map[string]any{}
	p.skipSpace()
	if p.peek() == '}' {
		p.i++
		return m
	}
	for {
		p.skipSpace()
		if p.peek() != '"' {
			return p.fail("looking for beginning of object key string")
		}
		k, ok := p.str()
		if !ok {
			return nil
		}
		p.skipSpace()
		if p.peek() != ':' {
			return p.fail("after object key")
		}
		p.i++
		v := p.value()
		if p.msg != "" {
			return nil
		}
		m[k] = v
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return m
		default:
			return p.fail("after object key:value pair")
		}
	}
}

// array reads an array's elements after its '['.
func (p *parser) array() any {
	a := make([]any, 0)
	p.skipSpace()
	if p.peek() == ']' {
		p.i++
		return a
	}
	for {
		v := p.value()
		if p.msg != "" {
			return nil
		}
		a = append(a, v)
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return a
		default:
			return p.fail("after array element")
		}
	}
}

// literal reads the word lit (true, false or null), the value v.
func (p *parser) literal(lit string, v any) any {
	p.i++
	for j := 1; j < len(lit); j++ {
		if p.peek() != lit[j] {
			return p.fail("in literal " + lit + " (expecting " + quoteChar(lit[j]) + ")")
		}
		p.i++
	}
	return v
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? as written.
func (p *parser) number() any {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	switch c := p.peek(); {
	case c == '0':
		p.i++
	case c >= '1' && c <= '9':
		p.digits()
	default:
		return p.fail("in numeric literal")
	}
	if p.peek() == '.' {
		p.i++
		if !isDigit(p.peek()) {
			return p.fail("after decimal point in numeric literal")
		}
		p.digits()
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if !isDigit(p.peek()) {
			return p.fail("in exponent of numeric literal")
		}
		p.digits()
	}
	return Number(p.data[start:p.i])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) digits() {
	i, data := p.i, p.data
	for i < len(data) && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	p.i = i
}

// str reads a string at its opening quote and returns it unquoted.
func (p *parser) str() (string, bool) {
	p.i++
	start := p.i
	plain := true // no escapes and valid UTF-8: the bytes are the string
	for {
		// The plain run up to the next quote, backslash or control
		// character, in one loop (the hot path of long requests).
		i, data := p.i, p.data
		for i < len(data) && data[i] != '"' && data[i] != '\\' && data[i] >= 0x20 {
			i++
		}
		p.i = i
		c := p.peek()
		switch {
		case p.i == len(p.data):
			p.fail("")
			return "", false
		case c == '"':
			raw := p.data[start:p.i]
			p.i++
			if plain && utf8.Valid(raw) {
				return string(raw), true
			}
			return unquote(raw), true
		case c == '\\':
			plain = false
			p.i++
			switch p.peek() {
			case 'b', 'f', 'n', 'r', 't', '\\', '/', '"':
				p.i++
			case 'u':
				p.i++
				for range 4 {
					if hexValue(p.peek()) < 0 {
						p.fail(`in \u hexadecimal character escape`)
						return "", false
					}
					p.i++
				}
			default:
				p.fail("in string escape code")
				return "", false
			}
		case c < 0x20:
			p.fail("in string literal")
			return "", false
		default:
			p.i++
		}
	}
}

// hexValue is the value of the hex digit c, or -1.
func hexValue(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

// getu4 decodes the \uXXXX escape at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		h := hexValue(c)
		if h < 0 {
			return -1
		}
		r = r*16 + h
	}
	return r
}

// unquote decodes the escapes of a string's bytes, which str has
// checked, as encoding/json does: a surrogate escape not followed by the
// escape of its pair, and each byte of invalid UTF-8, become U+FFFD.
func unquote(s []byte) string {
	b := make([]byte, 0, len(s)+utf8.UTFMax)
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\' && s[r+1] == 'u':
			rr := getu4(s[r:])
			r += 6
			if rr >= 0xd800 && rr < 0xe000 {
				rr1 := getu4(s[r:])
				if rr < 0xdc00 && rr1 >= 0xdc00 && rr1 < 0xe000 {
					r += 6
					rr = (rr-0xd800)<<10 | (rr1 - 0xdc00) + 0x10000
				} else {
					rr = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, rr)
		case c == '\\':
			b = append(b, unescape(s[r+1]))
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return string(b)
}

// unescape is the byte a one-letter escape \c stands for.
func unescape(c byte) byte {
	switch c {
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return c // '"', '\\', '/'
}

// quoteChar formats c as a quoted character literal, as encoding/json's
// messages do.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}
