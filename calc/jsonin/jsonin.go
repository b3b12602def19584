// Package jsonin reads JSON input strictly and names the field of every
// problem: unknown fields, wrong types, non-numeric or non-finite amounts
// are all reported as a fault.Error whose Field is the path of the value
// ("purchases[2].date").
//
// A Reader keeps the first error; every accessor after it is a no-op that
// returns zero values, so decoders read straight through and check Err
// once at the end.
package jsonin

import (
	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/fault"
)

// Reader collects the first error of a decode.
type Reader struct {
	err *fault.Error
}

// Fail records e unless an error was recorded already.
func (r *Reader) Fail(e *fault.Error) {
	if r.err == nil {
		r.err = e
	}
}

// Failed reports whether an error was recorded.
func (r *Reader) Failed() bool { return r.err != nil }

// Err returns the first error, or nil.
func (r *Reader) Err() *fault.Error { return r.err }

// Object is a JSON object being read; it remembers which keys were read
// so that Close can refuse the ones the API does not define.
type Object struct {
	r    *Reader
	path string
	m    map[string]any
	seen map[string]bool
}

// Object reads v at path as an object. On error it returns an empty
// object whose accessors find nothing.
func (r *Reader) Object(v any, path string) *Object {
	o := &Object{r: r, path: path, seen: map[string]bool{}}
	m, ok := v.(map[string]any)
	if !ok {
		r.Fail(fault.New(path, fault.NotAnObject, typeParam(v), "must be an object, not %s", kind(v)))
		return o
	}
	o.m = m
	return o
}

// Path is the object's own path.
func (o *Object) Path() string { return o.path }

// Field is the path of key inside the object.
func (o *Object) Field(key string) string { return fault.Join(o.path, key) }

// Has reports whether key is present (null counts as present).
func (o *Object) Has(key string) bool {
	_, ok := o.m[key]
	return ok
}

// Raw returns the value of key and whether it is present and not null.
func (o *Object) Raw(key string) (any, bool) {
	o.seen[key] = true
	v, ok := o.m[key]
	if !ok || v == nil {
		return nil, false
	}
	return v, true
}

// Require records a "required" error when key is absent or null.
func (o *Object) Require(key string) {
	if v, ok := o.m[key]; !ok || v == nil {
		o.r.Fail(fault.New(o.Field(key), fault.Required, nil, "is required"))
	}
}

// String reads an optional string.
func (o *Object) String(key string) (string, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		o.r.Fail(fault.New(o.Field(key), fault.NotAString, typeParam(v), "must be a string, not %s", kind(v)))
		return "", false
	}
	return s, true
}

// Bool reads an optional boolean.
func (o *Object) Bool(key string) (bool, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return false, false
	}
	b, isBool := v.(bool)
	if !isBool {
		o.r.Fail(fault.New(o.Field(key), fault.NotABoolean, typeParam(v), "must be true or false, not %s", kind(v)))
		return false, false
	}
	return b, true
}

// Decimal reads an optional amount given as a JSON number or a decimal
// string.
func (o *Object) Decimal(key string) (decimal.Decimal, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return decimal.Decimal{}, false
	}
	d, err := Decimal(v, o.Field(key))
	if err != nil {
		o.r.Fail(err)
		return decimal.Decimal{}, false
	}
	return d, true
}

// Int reads an optional whole number within [min, max].
func (o *Object) Int(key string, min, max int64) (int64, bool) {
	d, ok := o.Decimal(key)
	if !ok {
		return 0, false
	}
	n, err := Int(d, o.Field(key), min, max)
	if err != nil {
		o.r.Fail(err)
		return 0, false
	}
	return n, true
}

// Array reads an optional array of at most max elements; more is a
// "limit" error.
func (o *Object) Array(key string, max int) ([]any, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return nil, false
	}
	a, isArr := v.([]any)
	if !isArr {
		o.r.Fail(fault.New(o.Field(key), fault.NotAnArray, typeParam(v), "must be an array, not %s", kind(v)))
		return nil, false
	}
	if len(a) > max {
		o.r.Fail(fault.New(o.Field(key), fault.TooManyItems, fault.Params{"count": len(a), "limit": max},
			"has %d elements; at most %d are allowed", len(a), max))
		return nil, false
	}
	return a, true
}

// Object reads an optional nested object.
func (o *Object) Object(key string) (*Object, bool) {
	v, ok := o.Raw(key)
	if !ok || o.r.Failed() {
		return nil, false
	}
	return o.r.Object(v, o.Field(key)), !o.r.Failed()
}

// Keys returns the object's keys, sorted, and marks them all read.
func (o *Object) Keys() []string {
	keys := make([]string, 0, len(o.m))
	for k := range o.m {
		keys = append(keys, k)
		o.seen[k] = true
	}
	SortStrings(keys)
	return keys
}

// Close refuses the first (in sorted order) key that was never read: a
// field the API does not define.
func (o *Object) Close() {
	if o.r.Failed() {
		return
	}
	first, found := "", false
	for k := range o.m {
		if !o.seen[k] && (!found || k < first) {
			first, found = k, true
		}
	}
	if found {
		o.r.Fail(fault.New(o.Field(first), fault.UnknownField, fault.Params{"name": first},
			"is not a field the API defines"))
	}
}

// typeParam is the params {"type": the JSON type of v}.
func typeParam(v any) fault.Params { return fault.Params{"type": TypeName(v)} }

// TypeName is the JSON type of a decoded value: null, boolean, string,
// number, array or object.
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case Number, float64:
		return "number"
	case []any:
		return "array"
	default:
		return "object"
	}
}

func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	default:
		_ = x
		return "an unsupported value"
	}
}

// Fail records e on the object's reader.
func (o *Object) Fail(e *fault.Error) { o.r.Fail(e) }

// Failed reports whether the object's reader has an error.
func (o *Object) Failed() bool { return o.r.Failed() }

// Reader is the object's reader, for reading nested values.
func (o *Object) Reader() *Reader { return o.r }

// SortStrings sorts list in increasing order: a heap sort, so that
// calc.wasm does not link the generic sort of strings that sort.Strings
// instantiates (18 KiB of code) for the few lists it sorts.
func SortStrings(list []string) {
	for i := len(list)/2 - 1; i >= 0; i-- {
		siftDown(list, i, len(list))
	}
	for end := len(list) - 1; end > 0; end-- {
		list[0], list[end] = list[end], list[0]
		siftDown(list, 0, end)
	}
}

// siftDown restores the max-heap order of list[:n] below i.
func siftDown(list []string, i, n int) {
	for {
		child := 2*i + 1
		if child >= n {
			return
		}
		if child+1 < n && list[child] < list[child+1] {
			child++
		}
		if list[i] >= list[child] {
			return
		}
		list[i], list[child] = list[child], list[i]
		i = child
	}
}
