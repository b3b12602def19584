//go:build js && wasm

// Command wasm is calc.wasm: the pricing core of package calc behind the
// module layer of the JavaScript API (docs/api.md). Text in, text out.
//
// Started with go.run, it defines
//
//	globalThis.rtcprice = {version, catalogs(), quote(text), simulate(text)}
//
// dispatches new Event("rtcprice:ready") on globalThis where it has
// dispatchEvent, and then waits forever, serving calls. quote and
// simulate take one JSON text string; every function returns its
// envelope, {"ok":true,"result":…} or {"ok":false,"error":…}, as a JSON
// text string. Every export goes through one wrapper (export.go), which
// never throws and never lets a panic end the Go runtime.
//
// What crosses from JavaScript, before calc's own rules apply:
//   - The request must be a JS string: anything else (undefined, a
//     missing argument, null, a number, an object, a BigInt…) is
//     "invalid" with reason "request_not_text" and params {"type": its
//     typeof, or "null"}. Go only checks the argument's type and reads
//     the string: it never reads a property of a JS object, so no getter,
//     Proxy or prototype trick can reach it.
//   - A request of more than 8 MiB of UTF-8 is "limit" with reason
//     "request_too_large" and params {"limit": 8388608}; its length is
//     checked before the text is copied into Go.
//   - Arguments after the request are ignored; catalogs() ignores all of
//     its arguments.
package main

import (
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
	m, err := newModule(global)
	if err != nil {
		return err
	}
	api, err := m.object.New()
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
		fn, err := m.export(e.name, e.op, e.takesRequest)
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
var catalogsJSON []byte

// catalogs lists the embedded catalogs; it takes no request.
func catalogs(dst, _ []byte) ([]byte, error) {
	if catalogsJSON == nil {
		list, err := calc.Catalogs()
		if err != nil {
			return dst, err
		}
		catalogsJSON = calc.AppendCatalogListJSON(nil, list)
	}
	return append(dst, catalogsJSON...), nil
}

// quote prices a quote request: the best purchase plan.
func quote(dst, req []byte) ([]byte, error) {
	r, err := calc.QuoteJSON(req)
	if err != nil {
		return dst, err
	}
	return calc.AppendQuoteJSON(dst, r), nil
}

// simulate runs a simulate request.
func simulate(dst, req []byte) ([]byte, error) {
	s, err := calc.SimulateJSON(req)
	if err != nil {
		return dst, err
	}
	return calc.AppendSimulationJSON(dst, s), nil
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
