//go:build js && wasm

package main

import (
	"errors"

	"github.com/hack-pad/safejs"

	"github.com/rtcprice/rtcprice/calc"
	"github.com/rtcprice/rtcprice/calc/fault"
)

// maxRequestBytes bounds a request's JSON text: 8 MiB of UTF-8.
const maxRequestBytes = 8 << 20

// op is the work of one export. It gets the request as JSON text (nil for
// an export that takes none) and appends its result's JSON to dst, or
// returns an error: a *calc.Error, or anything else, which is reported
// as "internal". There is no encoding/json in calc.wasm: calc writes its
// results and errors itself, byte for byte as encoding/json would, with
// one function per result type (calc.AppendQuoteJSON...): a result is
// never held in an interface, which would keep the Format methods of
// decimal and math/big in the module.
type op func(dst, req []byte) ([]byte, error)

// beforeCall, when set, runs at the start of every call of every export,
// inside the wrapper's recovery. Only tests set it (to inject a panic);
// it is nil in calc.wasm and nothing in JavaScript can reach it.
var beforeCall func(export string)

// module holds what the wrapper needs from JavaScript, looked up once at
// start so that a page replacing globalThis.Object later changes nothing.
type module struct {
	object safejs.Value // Object: Object(text).length is a string's length, read without copying it
}

func newModule(global safejs.Value) (*module, error) {
	object, err := global.Get("Object")
	if err != nil {
		return nil, err
	}
	if object.Type() != safejs.TypeFunction {
		return nil, errors.New("globalThis.Object is not a function")
	}
	return &module{object: object}, nil
}

// export wraps fn as the JS function rtcprice[name]. If takesRequest, its
// first argument is the request text and further arguments are ignored;
// otherwise all arguments are ignored.
//
// The JS function returns the envelope as a JS string and never throws:
// every panic is recovered, and the string is made a JS value before the
// recovery ends, so that safejs has nothing left to convert that could
// fail after it.
func (m *module) export(name string, fn op, takesRequest bool) (safejs.Func, error) {
	return safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		return m.call(name, fn, takesRequest, args)
	})
}

// call runs one call of an export and returns its envelope text as a JS
// string.
func (m *module) call(name string, fn op, takesRequest bool, args []safejs.Value) (out safejs.Value) {
	defer func() {
		if r := recover(); r != nil {
			out = text(failure(internal("%s failed: %v", name, r)))
		}
	}()
	if beforeCall != nil {
		beforeCall(name)
	}
	var req []byte
	if takesRequest {
		var e *calc.Error
		if req, e = m.request(args); e != nil {
			return text(failure(e))
		}
	}
	env := run(name, fn, req)
	out = text(env)
	// The envelope is now a JS string: its buffer is free for the next
	// call (calls come one at a time from the JS event loop).
	scratch = env[:0]
	return out
}

// request returns the text of the first argument, which must be a JS
// string of at most maxRequestBytes bytes of UTF-8. Nothing else of the
// argument is read.
func (m *module) request(args []safejs.Value) ([]byte, *calc.Error) {
	arg := safejs.Undefined()
	if len(args) > 0 {
		arg = args[0]
	}
	if t := typeOf(arg); t != "string" {
		return nil, fault.New("", fault.RequestNotText, fault.Params{"type": t},
			"the request must be a JSON text string, not %s (JSON.stringify a request object first)", t)
	}
	// A JS string's length counts UTF-16 units, each at least one byte of
	// UTF-8: past the limit in units, it is past it in bytes, and is
	// refused without copying it into Go's memory.
	wrapper, err := m.object.Invoke(arg)
	if err != nil {
		return nil, internal("cannot read the request's length: %v", err)
	}
	length, err := wrapper.Get("length")
	if err != nil {
		return nil, internal("cannot read the request's length: %v", err)
	}
	units, err := length.Int()
	if err != nil {
		return nil, internal("cannot read the request's length: %v", err)
	}
	if units > maxRequestBytes {
		return nil, tooLarge()
	}
	s, err := arg.String()
	if err != nil {
		return nil, internal("cannot read the request: %v", err)
	}
	if len(s) > maxRequestBytes {
		return nil, tooLarge()
	}
	return []byte(s), nil
}

func tooLarge() *calc.Error {
	return fault.New("", fault.RequestTooLarge, fault.Params{"limit": maxRequestBytes},
		"the request is more than %d bytes of JSON", maxRequestBytes)
}

// typeOf is JavaScript's typeof of v, except "null" for null. syscall/js
// knows no BigInt (Type panics on one): that panic is a BigInt.
func typeOf(v safejs.Value) (t string) {
	defer func() {
		if recover() != nil {
			t = "bigint"
		}
	}()
	switch v.Type() {
	case safejs.TypeUndefined:
		return "undefined"
	case safejs.TypeNull:
		return "null"
	case safejs.TypeBoolean:
		return "boolean"
	case safejs.TypeNumber:
		return "number"
	case safejs.TypeString:
		return "string"
	case safejs.TypeSymbol:
		return "symbol"
	case safejs.TypeFunction:
		return "function"
	default:
		return "object"
	}
}

// scratch is the buffer of the last envelope, reused by the next: results
// of megabytes are then written without growing a buffer from nothing
// on every call.
var scratch []byte

// run calls fn and returns the envelope text of its result or error.
func run(name string, fn op, req []byte) []byte {
	env, err := fn(append(scratch[:0], `{"ok":true,"result":`...), req)
	if err != nil {
		return failure(asCalcError(name, err))
	}
	return append(env, '}')
}

// lastResort is the envelope when even an error cannot be encoded.
const lastResort = `{"ok":false,"error":{"code":"internal","field":"","reason":"internal","params":{},` +
	`"message":"cannot encode an error (this is a bug in rtcprice; please report it)"}}`

// failure returns the error envelope {ok: false, error} of e.
func failure(e *calc.Error) []byte {
	env, err := calc.AppendJSON([]byte(`{"ok":false,"error":`), e)
	if err != nil {
		return []byte(lastResort)
	}
	return append(env, '}')
}

// text returns envelope text as a JS string; if even that fails (no
// memory left in JS), the JS value undefined.
func text(env []byte) (out safejs.Value) {
	defer func() {
		if recover() != nil {
			out = safejs.Undefined()
		}
	}()
	v, err := safejs.ValueOf(string(env))
	if err != nil {
		return safejs.Undefined()
	}
	return v
}

// asCalcError returns err as the *calc.Error of an envelope: calc's own
// errors as they are, anything else as "internal".
func asCalcError(name string, err error) *calc.Error {
	var ce *calc.Error
	if errors.As(err, &ce) && ce != nil && ce.Code != "" {
		return ce
	}
	return internal("%s failed: %v", name, err)
}

// internal returns an "internal" error: a bug, never the caller's fault.
func internal(format string, args ...any) *calc.Error {
	return fault.Internal(format+" (this is a bug in rtcprice; please report it)", args...)
}
