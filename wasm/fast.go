//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/hack-pad/safejs"
)

// The fast path reads a JS object request in a number of boundary
// crossings that grows with the request's depth, not its size: every
// crossing that hands Go a JS object or string costs microseconds, so the
// exact walk (walk.value), which crosses several times per value, is
// kept for the requests the fast path cannot vouch for.
//
// It runs JSON.stringify, then proves that the text lost nothing: level
// by level it takes every value's kind (Object.prototype.toString) with
// a handful of bulk calls (map, filter, Object.entries, flat), and checks
// that the JSON has, at every depth, exactly as many objects, arrays,
// strings, numbers, booleans and nulls as the JS value has. What
// JSON.stringify would change shows up as a difference: NaN and ±Infinity
// become null (one number fewer), undefined, functions and symbols are
// dropped or nulled, holes of sparse arrays become null, a Map becomes
// {}, a Date a string. Then the exact walk runs and names the field.
//
// One difference is not seen: an object whose inherited toJSON method
// returns a value of the same shape. Such an object is read through its
// toJSON, as JSON.stringify reads it.
type fastReader struct {
	stringify    js.Value // JSON.stringify
	arrayOf      js.Value // Array.of
	tag          js.Value // (v) => Object.prototype.toString.call(v)
	entries      js.Value // Object.entries
	isExtensible js.Value // Object.isExtensible: true for objects that can hold new members, false for primitives
	object       js.Value // Object, to box a string and read its length
}

func newFastReader(global safejs.Value) (f *fastReader, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, errorOf(r)
		}
	}()
	g := safejs.Unsafe(global)
	object := g.Get("Object")
	toString := object.Get("prototype").Get("toString")
	call := g.Get("Function").Get("prototype").Get("call")
	return &fastReader{
		stringify:    g.Get("JSON").Get("stringify"),
		arrayOf:      g.Get("Array").Get("of"),
		tag:          call.Call("bind", toString),
		entries:      object.Get("entries"),
		isExtensible: object.Get("isExtensible"),
		object:       object,
	}, nil
}

// kinds counts the values of each JSON kind at one depth.
type kinds [6]int

const (
	kObject = iota
	kArray
	kString
	kNumber
	kBool
	kNull
)

// read returns the JSON text of v when JSON.stringify renders it exactly;
// ok is false when it cannot tell, and the exact walk must read v.
func (f *fastReader) read(v js.Value) (data []byte, ok bool) {
	defer func() {
		// A getter or Proxy trap that throws, a BigInt, a cycle: JS
		// exceptions in calls come back as panics. The walk will name
		// the field.
		if recover() != nil {
			data, ok = nil, false
		}
	}()
	// The kinds of the JS values, level by level: levels[0] is [root];
	// each later level holds key, value, key, value... of the objects
	// and arrays of the level before.
	var levels []any
	vals := f.arrayOf.Invoke(v)
	total := 0
	for depth := 0; ; depth++ {
		levels = append(levels, vals.Call("map", f.tag))
		containers := vals.Call("filter", f.isExtensible)
		if containers.Length() == 0 {
			break
		}
		if depth >= maxDepth {
			return nil, false
		}
		vals = containers.Call("map", f.entries).Call("flat", 2)
		if total += vals.Length() / 2; total > maxValues {
			return nil, false
		}
	}
	// One crossing brings back the request and its kinds:
	// [request, [kinds of level 0], [kinds of level 1], ...].
	all := f.stringify.Invoke(f.arrayOf.Invoke(append([]any{v}, levels...)...))
	if all.Type() != js.TypeString {
		return nil, false
	}
	// Refuse a huge text before copying it into Go memory (Go's heap
	// never gives memory back to the page). The tags are a few bytes per
	// value, so twice the limit is ample.
	if n := f.object.Invoke(all).Length(); n > 2*maxRequestBytes+64 {
		return nil, false
	}
	text := []byte(all.String())
	// text is "[" + request + "," + tags... + "]".
	req, tags, ok := splitFirst(text)
	if !ok || len(req) > maxRequestBytes {
		return nil, false
	}
	want, ok := shape(req)
	if !ok {
		return nil, false
	}
	got, ok := tagKinds(tags)
	if !ok || !sameKinds(want, got) {
		return nil, false
	}
	return req, true
}

func sameKinds(a, b []kinds) bool {
	for len(a) > 0 && a[len(a)-1] == (kinds{}) {
		a = a[:len(a)-1]
	}
	for len(b) > 0 && b[len(b)-1] == (kinds{}) {
		b = b[:len(b)-1]
	}
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// splitFirst splits the JSON text of an array into its first element and
// the text of the rest (starting after the comma).
func splitFirst(text []byte) (first, rest []byte, ok bool) {
	if len(text) < 2 || text[0] != '[' || text[len(text)-1] != ']' {
		return nil, nil, false
	}
	end, ok := skipValue(text, 1)
	if !ok || end >= len(text) || text[end] != ',' {
		return nil, nil, false
	}
	return text[1:end], text[end+1 : len(text)-1], true
}

// skipValue returns the index of the ',' or ']' that ends the JSON value
// starting at i, inside an array.
func skipValue(b []byte, i int) (int, bool) {
	depth := 0
	for i < len(b) {
		switch c := b[i]; {
		case c == '"':
			j, ok := skipString(b, i)
			if !ok {
				return 0, false
			}
			i = j
			continue
		case c == '{' || c == '[':
			depth++
		case (c == '}' || c == ']') && depth > 0:
			depth--
		case depth == 0 && (c == ',' || c == ']'):
			return i, true
		}
		i++
	}
	return 0, false
}

// skipString returns the index just past the JSON string starting at i.
func skipString(b []byte, i int) (int, bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return 0, false
}

// shape counts the values of each kind at each depth of a JSON text as
// JSON.stringify writes it (no spaces). Object keys are not values.
func shape(b []byte) ([]kinds, bool) {
	var out []kinds
	var stack []bool // true for an object
	expectKey := false
	count := func(k int) {
		d := len(stack)
		for len(out) <= d {
			out = append(out, kinds{})
		}
		out[d][k]++
	}
	for i := 0; i < len(b); {
		switch c := b[i]; {
		case c == '{':
			count(kObject)
			stack = append(stack, true)
			expectKey = true
			i++
		case c == '[':
			count(kArray)
			stack = append(stack, false)
			expectKey = false
			i++
		case c == '}' || c == ']':
			if len(stack) == 0 || stack[len(stack)-1] != (c == '}') {
				return nil, false
			}
			stack = stack[:len(stack)-1]
			expectKey = false
			i++
		case c == ',':
			expectKey = len(stack) > 0 && stack[len(stack)-1]
			i++
		case c == ':':
			expectKey = false
			i++
		case c == '"':
			j, ok := skipString(b, i)
			if !ok {
				return nil, false
			}
			if !expectKey {
				count(kString)
			}
			i = j
		case c == 't' || c == 'f' || c == 'n':
			if c == 'n' {
				count(kNull)
			} else {
				count(kBool)
			}
			for i < len(b) && b[i] >= 'a' && b[i] <= 'z' {
				i++
			}
		case c == '-' || (c >= '0' && c <= '9'):
			count(kNumber)
			for i < len(b) && (b[i] == '-' || b[i] == '+' || b[i] == '.' || b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9')) {
				i++
			}
		default:
			return nil, false
		}
	}
	return out, len(stack) == 0
}

// tagKinds counts, level by level, the kinds of the values listed in
// tags: the JSON arrays of Object.prototype.toString results that read
// builds, separated by commas. Level 0 is all values; in later levels
// the even entries are keys, which must be strings. Any tag that JSON
// cannot render exactly makes ok false.
func tagKinds(tags []byte) ([]kinds, bool) {
	var out []kinds
	level, pos := -1, 0
	for i := 0; i < len(tags); {
		switch tags[i] {
		case '[':
			level++
			pos = 0
			out = append(out, kinds{})
			i++
		case ']', ',':
			i++
		case '"':
			j, ok := skipString(tags, i)
			if !ok {
				return nil, false
			}
			k := tagKind(string(tags[i+1 : j-1]))
			i = j
			if level < 0 || k < 0 {
				return nil, false
			}
			isKey := level > 0 && pos%2 == 0
			pos++
			if isKey {
				if k != kString {
					return nil, false
				}
				continue
			}
			out[level][k]++
		default:
			return nil, false
		}
	}
	return out, true
}

// tagKind maps an Object.prototype.toString result to the JSON kind
// JSON.stringify renders it as exactly, or -1. Boxed strings, numbers
// and booleans render as their primitive value, like the primitives.
func tagKind(tag string) int {
	switch tag {
	case "[object Object]":
		return kObject
	case "[object Array]":
		return kArray
	case "[object String]":
		return kString
	case "[object Number]":
		return kNumber
	case "[object Boolean]":
		return kBool
	case "[object Null]":
		return kNull
	}
	return -1
}
