//go:build js && wasm

// Command wasm is calc.wasm: the pricing core of package calc behind the
// JavaScript API of docs/api.md.
//
// Started with go.run, it defines
//
//	globalThis.rtcprice = {version, catalogs, quote, simulate}
//
// dispatches new Event("rtcprice:ready") on globalThis, and then waits
// forever, serving calls. Every export goes through one wrapper (see
// export): it takes a plain JS object or a JSON string, returns an
// envelope {ok, result} or {ok, error} synchronously, never throws and
// never lets a panic end the Go runtime.
//
// What crosses from JavaScript, before calc's own rules apply:
//   - A missing, undefined or null request is "invalid"; arguments after
//     the request are ignored, and catalogs() ignores all of them.
//   - A JSON string request of more than 8 MiB is "limit".
//   - A JS object request must be plain data: objects (their own
//     enumerable string keys), arrays, strings, finite numbers, booleans
//     and null (String, Number and Boolean objects read as their values).
//     NaN, ±Infinity, undefined (a field or an array hole), functions,
//     symbols, BigInts, Maps, Dates and other non-plain objects are
//     "invalid" with the field named; past 64 levels of nesting (a cycle
//     included), 1,048,576 values or 8 MiB as JSON it is "limit". Objects
//     with an inherited toJSON method are not supported: they may be read
//     through it, as JSON.stringify reads them, or by their own fields.
//   - A getter or Proxy trap that throws makes the call "invalid" with
//     the field named, not a thrown exception.
//   - rtcprice:ready is dispatched only where globalThis has
//     dispatchEvent (a browser window or worker; not plain node, where
//     globalThis.rtcprice is defined once go.run has started).
package main

import (
	"encoding/json"

	"github.com/hack-pad/safejs"

	"github.com/rtcprice/rtcprice/calc"
)

func main() {
	if err := register(safejs.Global()); err != nil {
		println("rtcprice: cannot start:", err.Error())
		return
	}
	select {}
}

// register defines the rtcprice object on global and announces it with
// the "rtcprice:ready" event.
func register(global safejs.Value) error {
	b, err := newBridge(global)
	if err != nil {
		return err
	}
	api, err := newObject(global)
	if err != nil {
		return err
	}
	if err := api.Set("version", calc.Version); err != nil {
		return err
	}
	exports := []struct {
		name         string
		op           op
		takesRequest bool
	}{
		{"catalogs", catalogs, false},
		{"quote", quote, true},
		{"simulate", simulate, true},
	}
	for _, e := range exports {
		fn, err := b.export(e.name, e.op, e.takesRequest)
		if err != nil {
			return err
		}
		if err := api.Set(e.name, fn); err != nil {
			return err
		}
	}
	if err := global.Set("rtcprice", api); err != nil {
		return err
	}
	return announce(global)
}

// catalogsJSON is the JSON of the embedded catalogs once computed: they
// never change while the module runs. Calls come one at a time from the
// JS event loop, so no lock is needed.
var catalogsJSON json.RawMessage

// catalogs lists the embedded catalogs; it takes no request, and any
// argument is ignored. Each call still returns a fresh JS object.
func catalogs([]byte) (any, error) {
	if catalogsJSON == nil {
		list, err := calc.Catalogs()
		if err != nil {
			return nil, err
		}
		data, err := json.Marshal(list)
		if err != nil {
			return nil, err
		}
		catalogsJSON = data
	}
	return catalogsJSON, nil
}

// quote prices a quote request: the best purchase plan.
func quote(req []byte) (any, error) { return calc.QuoteJSON(req) }

// simulate runs a simulate request.
func simulate(req []byte) (any, error) { return calc.SimulateJSON(req) }

// newObject returns a new empty JS object.
func newObject(global safejs.Value) (safejs.Value, error) {
	ctor, err := global.Get("Object")
	if err != nil {
		return safejs.Value{}, err
	}
	return ctor.New()
}

// announce dispatches new Event("rtcprice:ready") on global. A JS host
// without events on its global object (plain node) is not an error: the
// API is defined all the same.
func announce(global safejs.Value) error {
	dispatch, err := global.Get("dispatchEvent")
	if err != nil || dispatch.Type() != safejs.TypeFunction {
		return err
	}
	ctor, err := global.Get("Event")
	if err != nil || ctor.Type() != safejs.TypeFunction {
		return err
	}
	ev, err := ctor.New("rtcprice:ready")
	if err != nil {
		return err
	}
	_, err = global.Call("dispatchEvent", ev)
	return err
}
