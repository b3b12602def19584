//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hack-pad/safejs"

	"github.com/rtcprice/rtcprice/calc"
)

// op is the work of one export. It gets the request as JSON text (nil for
// an export that takes none) and returns a result that encodes to JSON,
// or an error: a *calc.Error, or anything else, which is reported as
// "internal".
type op func(req []byte) (any, error)

// beforeCall, when set, runs at the start of every call of every export,
// inside the wrapper's recovery. Only tests set it (to inject a panic);
// it is nil in calc.wasm and nothing in JavaScript can reach it.
var beforeCall func(export string)

// bridge holds the JS functions the wrapper uses, looked up once at
// start so that a page replacing globalThis.JSON or Object later cannot
// break the API.
type bridge struct {
	parse safejs.Value // JSON.parse
	in    *reader
}

func newBridge(global safejs.Value) (*bridge, error) {
	jsonObj, err := global.Get("JSON")
	if err != nil {
		return nil, err
	}
	parse, err := jsonObj.Get("parse")
	if err != nil {
		return nil, err
	}
	if parse.Type() != safejs.TypeFunction {
		return nil, errors.New("JSON.parse is not a function")
	}
	in, err := newReader(global)
	if err != nil {
		return nil, err
	}
	return &bridge{parse: parse, in: in}, nil
}

// export wraps fn as the JS function rtcprice[name]. If takesRequest, its
// first argument is the request (a JS object or a JSON string) and further
// arguments are ignored; otherwise all arguments are ignored.
//
// The JS function returns an envelope and never throws: every panic is
// recovered, and the envelope is built into a JS value before the
// recovery ends, so that safejs has nothing left to convert that could
// fail after it.
func (b *bridge) export(name string, fn op, takesRequest bool) (safejs.Func, error) {
	return safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		return b.call(name, fn, takesRequest, args)
	})
}

// call runs one call of an export and returns its envelope as a JS value.
func (b *bridge) call(name string, fn op, takesRequest bool, args []safejs.Value) (out safejs.Value) {
	defer func() {
		if r := recover(); r != nil {
			out = b.failure(internal("%s failed: %v", name, r))
		}
	}()
	if beforeCall != nil {
		beforeCall(name)
	}
	var req []byte
	if takesRequest {
		arg := safejs.Undefined()
		if len(args) > 0 {
			arg = args[0]
		}
		var ferr *calc.Error
		if req, ferr = b.in.request(arg); ferr != nil {
			return b.failure(ferr)
		}
	}
	res, err := fn(req)
	if err != nil {
		return b.failure(asCalcError(name, err))
	}
	data, err := json.Marshal(res)
	if err != nil {
		return b.failure(internal("%s: cannot encode the result: %v", name, err))
	}
	env := make([]byte, 0, len(data)+len(`{"ok":true,"result":}`))
	env = append(env, `{"ok":true,"result":`...)
	env = append(env, data...)
	env = append(env, '}')
	v, err := b.value(env)
	if err != nil {
		return b.failure(internal("%s: cannot convert the result to JavaScript: %v", name, err))
	}
	return v
}

// value parses JSON text into a JS value with JSON.parse: one crossing of
// the boundary, however large the result.
func (b *bridge) value(data []byte) (safejs.Value, error) {
	return b.parse.Invoke(string(data))
}

// failure returns the error envelope {ok: false, error} of e as a JS
// value. It cannot panic; if even JS cannot build the envelope it
// returns undefined.
func (b *bridge) failure(e *calc.Error) (out safejs.Value) {
	defer func() {
		if recover() != nil {
			out = safejs.Undefined()
		}
	}()
	data, err := json.Marshal(struct {
		OK    bool        `json:"ok"`
		Error *calc.Error `json:"error"`
	}{false, e})
	if err != nil {
		return safejs.Undefined()
	}
	v, err := b.value(data)
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
	return &calc.Error{
		Code:    calc.CodeInternal,
		Message: fmt.Sprintf(format, args...) + " (this is a bug in rtcprice; please report it)",
	}
}

// errorOf turns a recovered panic value into an error.
func errorOf(r any) error {
	if err, ok := r.(error); ok {
		return err
	}
	return fmt.Errorf("%v", r)
}
