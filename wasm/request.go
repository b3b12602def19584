//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/hack-pad/safejs"

	"github.com/rtcprice/rtcprice/calc"
	"github.com/rtcprice/rtcprice/calc/fault"
)

// Limits on a request as it crosses from JavaScript. Past them a call
// fails with code "limit" before calc sees the request; calc's own limits
// (calc.MaxUsageRows and the rest) apply after.
const (
	// maxRequestBytes bounds the JSON text of a request: a JSON string
	// request, or the JSON a JS object request is turned into.
	maxRequestBytes = 8 << 20
	// maxDepth bounds how deep arrays and objects nest in an object
	// request; it also stops a cyclic object.
	maxDepth = 64
	// maxValues bounds the values (of any kind) in an object request.
	maxValues = 1 << 20
)

// reader turns the request argument of an export into JSON text.
//
// A JS object request is not simply handed to JSON.stringify, which would
// turn NaN and Infinity into null and silently drop undefined values and
// functions. Its text is used only when the fast path (fastReader) proves
// nothing was lost; otherwise the request is walked in Go, value by value,
// with a type check on each, and every value JSON cannot carry exactly is
// refused with an "invalid" error naming its field ("usage[0].minutes").
//
// Whatever may run page code (a getter, a Proxy trap) is done through a
// JS function call, never through syscall/js's Get, Index or Length: a JS
// exception thrown inside those unwinds straight through the Go stack and
// leaves the runtime broken, while an exception in a call comes back as
// an error.
type reader struct {
	object   safejs.Value // Object: Object.keys, and Object(s) to box a string
	isArray  safejs.Value // Array.isArray
	toString safejs.Value // Object.prototype.toString, for an object's kind
	get      safejs.Value // Reflect.get
	// unbox turns a String, Number or Boolean object into its primitive
	// the way JSON.stringify does, by its toString tag: String(v),
	// Number(v), Boolean.prototype.valueOf.call(v).
	unbox map[string]safejs.Value
	fast  *fastReader
}

func newReader(global safejs.Value) (*reader, error) {
	object, err := global.Get("Object")
	if err != nil {
		return nil, err
	}
	array, err := global.Get("Array")
	if err != nil {
		return nil, err
	}
	isArray, err := array.Get("isArray")
	if err != nil {
		return nil, err
	}
	proto, err := object.Get("prototype")
	if err != nil {
		return nil, err
	}
	toString, err := proto.Get("toString")
	if err != nil {
		return nil, err
	}
	reflect, err := global.Get("Reflect")
	if err != nil {
		return nil, err
	}
	get, err := reflect.Get("get")
	if err != nil {
		return nil, err
	}
	for _, f := range []safejs.Value{object, isArray, toString, get} {
		if f.Type() != safejs.TypeFunction {
			return nil, errors.New("the JS built-ins Object, Array.isArray, Object.prototype.toString and Reflect.get are required")
		}
	}
	unbox := map[string]safejs.Value{}
	for _, name := range []string{"String", "Number", "Boolean"} {
		ctor, err := global.Get(name)
		if err != nil {
			return nil, err
		}
		if name == "Boolean" {
			// Boolean(v) would be true for any object: read the value.
			if ctor, err = boundValueOf(global, ctor); err != nil {
				return nil, err
			}
		}
		unbox["[object "+name+"]"] = ctor
	}
	fast, err := newFastReader(global)
	if err != nil {
		return nil, err
	}
	return &reader{object: object, isArray: isArray, toString: toString, get: get, unbox: unbox, fast: fast}, nil
}

// boundValueOf returns Function.prototype.call.bind(ctor.prototype.valueOf):
// a function f with f(v) = v.valueOf() by the built-in method.
func boundValueOf(global, ctor safejs.Value) (safejs.Value, error) {
	proto, err := ctor.Get("prototype")
	if err != nil {
		return safejs.Value{}, err
	}
	valueOf, err := proto.Get("valueOf")
	if err != nil {
		return safejs.Value{}, err
	}
	fn, err := global.Get("Function")
	if err != nil {
		return safejs.Value{}, err
	}
	fnProto, err := fn.Get("prototype")
	if err != nil {
		return safejs.Value{}, err
	}
	call, err := fnProto.Get("call")
	if err != nil {
		return safejs.Value{}, err
	}
	return call.Call("bind", valueOf)
}

// typeOf is v.Type() without its panic on a JS type syscall/js does not
// know (a BigInt): ok is false for such a value.
func typeOf(v safejs.Value) (t safejs.Type, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return v.Type(), true
}

// request returns the JSON text of a request: a JSON string as it is, a
// JS value turned into JSON. A missing, undefined or null request is
// refused.
func (r *reader) request(v safejs.Value) ([]byte, *calc.Error) {
	t, known := typeOf(v)
	switch {
	case !known:
		// A BigInt: the walk says so.
	case t == safejs.TypeUndefined || t == safejs.TypeNull:
		return nil, fault.Invalid("", "a request is required: a JS object or a JSON string")
	case t == safejs.TypeString:
		s, ok, err := r.stringOf(v, maxRequestBytes)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fault.Limit("", "the request is more than %d bytes of JSON", maxRequestBytes)
		}
		return []byte(s), nil
	}
	if data, ok := r.fast.read(safejs.Unsafe(v)); ok {
		return data, nil
	}
	w := walk{r: r, budget: maxValues}
	if err := w.value(v, 0); err != nil {
		return nil, err
	}
	return w.buf, nil
}

// stringOf reads the JS string v; ok is false, and nothing is copied into
// Go memory, when it is longer than max bytes.
func (r *reader) stringOf(v safejs.Value, max int) (s string, ok bool, ferr *calc.Error) {
	boxed, err := r.object.Invoke(v)
	if err != nil {
		return "", false, internal("reading a string: %v", err)
	}
	n, err := boxed.Length()
	if err != nil {
		return "", false, internal("reading a string: %v", err)
	}
	// n counts UTF-16 code units: a lower bound on the UTF-8 bytes.
	if n > max {
		return "", false, nil
	}
	if s, err = v.String(); err != nil {
		return "", false, internal("reading a string: %v", err)
	}
	return s, len(s) <= max, nil
}

// walk is one conversion of a JS value to JSON.
type walk struct {
	r      *reader
	buf    []byte
	budget int   // values still allowed
	path   []seg // where the walk is, for error messages
}

// seg is one step of a field path: an object key or an array index.
type seg struct {
	key   string
	index int // -1 for a key
}

// field is the path of the value being read, as calc names fields.
func (w *walk) field() string {
	p := ""
	for _, s := range w.path {
		if s.index >= 0 {
			p = fault.Index(p, s.index)
		} else {
			p = fault.Join(p, s.key)
		}
	}
	return p
}

func (w *walk) invalid(format string, args ...any) *calc.Error {
	return fault.Invalid(w.field(), format, args...)
}

func (w *walk) limit(format string, args ...any) *calc.Error {
	return fault.Limit(w.field(), format, args...)
}

func (w *walk) jsError(what string, err error) *calc.Error {
	return w.invalid("cannot be read (%s threw: %v)", what, err)
}

// value appends the JSON of v, found at depth.
func (w *walk) value(v safejs.Value, depth int) *calc.Error {
	if w.budget--; w.budget < 0 {
		return w.limit("the request has more than %d values", maxValues)
	}
	t, ok := typeOf(v)
	if !ok {
		return w.invalid("is a BigInt (or another value JSON cannot hold): give a number or a decimal string")
	}
	switch t {
	case safejs.TypeNull:
		w.buf = append(w.buf, "null"...)
	case safejs.TypeUndefined:
		return w.invalid("is undefined: leave the field out or give it a value")
	case safejs.TypeBoolean:
		b, err := v.Bool()
		if err != nil {
			return internal("reading a boolean: %v", err)
		}
		w.buf = strconv.AppendBool(w.buf, b)
	case safejs.TypeNumber:
		f, err := v.Float()
		if err != nil {
			return internal("reading a number: %v", err)
		}
		switch {
		case math.IsNaN(f):
			return w.invalid("is NaN, not a finite number")
		case math.IsInf(f, 1):
			return w.invalid("is Infinity, not a finite number")
		case math.IsInf(f, -1):
			return w.invalid("is -Infinity, not a finite number")
		}
		w.buf = appendNumber(w.buf, f)
	case safejs.TypeString:
		s, ok, err := w.r.stringOf(v, maxRequestBytes-len(w.buf))
		if err != nil {
			return err
		}
		if !ok {
			return w.limit("makes the request more than %d bytes as JSON", maxRequestBytes)
		}
		w.buf = appendString(w.buf, s)
	case safejs.TypeFunction:
		return w.invalid("is a function: a request is plain data")
	case safejs.TypeSymbol:
		return w.invalid("is a symbol: a request is plain data")
	case safejs.TypeObject:
		if depth >= maxDepth {
			return w.limit("nests arrays and objects more than %d deep", maxDepth)
		}
		if err := w.object(v, depth+1); err != nil {
			return err
		}
	default:
		return w.invalid("is a JavaScript value of unknown type %v", t)
	}
	if len(w.buf) > maxRequestBytes {
		return w.limit("makes the request more than %d bytes as JSON", maxRequestBytes)
	}
	return nil
}

// object appends the JSON of a JS array or plain object, whose members
// are at depth.
func (w *walk) object(v safejs.Value, depth int) *calc.Error {
	arr, err := w.r.isArray.Invoke(v)
	if err != nil {
		return w.jsError("Array.isArray", err)
	}
	if isArr, _ := arr.Bool(); isArr {
		return w.array(v, depth)
	}
	tag, err := w.r.toString.Call("call", v)
	if err != nil {
		return w.jsError("Object.prototype.toString", err)
	}
	s, _ := tag.String()
	if f, ok := w.r.unbox[s]; ok {
		// A String, Number or Boolean object: JSON.stringify writes its
		// primitive value, and so does the walk.
		prim, err := f.Invoke(v)
		if err != nil {
			return w.jsError("its conversion to a primitive", err)
		}
		w.budget++ // the same value, counted once
		return w.value(prim, depth)
	}
	if s != "[object Object]" {
		kind := s
		if len(s) > len("[object ]") {
			kind = s[len("[object ") : len(s)-1]
		}
		return w.invalid("is a %s: a request holds only plain objects, arrays, strings, numbers, booleans and null", kind)
	}
	keys, err := w.r.object.Call("keys", v)
	if err != nil {
		return w.jsError("Object.keys", err)
	}
	// keys is a real array of strings that no page code can reach.
	n, err := keys.Length()
	if err != nil {
		return w.jsError("Object.keys", err)
	}
	if n > w.budget {
		return w.limit("has %d fields; the request may hold at most %d values", n, maxValues)
	}
	w.buf = append(w.buf, '{')
	for i := 0; i < n; i++ {
		kv, err := keys.Index(i)
		if err != nil {
			return w.jsError("Object.keys", err)
		}
		key, err := kv.String()
		if err != nil {
			return internal("reading a key: %v", err)
		}
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = appendString(w.buf, key)
		w.buf = append(w.buf, ':')
		w.path = append(w.path, seg{key: key, index: -1})
		x, err := w.r.get.Invoke(v, key)
		if err != nil {
			return w.jsError("its getter", err)
		}
		if ferr := w.value(x, depth); ferr != nil {
			return ferr
		}
		w.path = w.path[:len(w.path)-1]
	}
	w.buf = append(w.buf, '}')
	return nil
}

// array appends the JSON of a JS array, whose elements are at depth. A
// hole in a sparse array reads as undefined and is refused.
func (w *walk) array(v safejs.Value, depth int) *calc.Error {
	lv, err := w.r.get.Invoke(v, "length")
	if err != nil {
		return w.jsError("its length", err)
	}
	// A real array's length is a whole number below 2³²; a Proxy's may be
	// anything.
	lt, _ := typeOf(lv)
	f, _ := lv.Float()
	if lt != safejs.TypeNumber || f < 0 || f != math.Trunc(f) || f > math.MaxUint32 {
		return w.invalid("is an array whose length is not a whole number")
	}
	n := int(f)
	if n > w.budget {
		return w.limit("has %d elements; the request may hold at most %d values", n, maxValues)
	}
	w.buf = append(w.buf, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.path = append(w.path, seg{index: i})
		x, err := w.r.get.Invoke(v, i)
		if err != nil {
			return w.jsError("its getter", err)
		}
		if ferr := w.value(x, depth); ferr != nil {
			return ferr
		}
		w.path = w.path[:len(w.path)-1]
	}
	w.buf = append(w.buf, ']')
	return nil
}

// appendNumber appends a finite float64 as JSON in the shortest form that
// reads back as the same float64, written the way JavaScript writes
// numbers: plain digits from 1e-6 up to 1e21, an exponent outside. So a
// JS 0.1 reaches calc as the decimal 0.1, and 30000 as 30000.
func appendNumber(b []byte, f float64) []byte {
	if a := math.Abs(f); a == 0 || (a >= 1e-6 && a < 1e21) {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			// JS strings reach Go as valid UTF-8 (TextEncoder replaces
			// lone surrogates), so multi-byte runes pass through.
			i++
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
