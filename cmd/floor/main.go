//go:build js && wasm

// Command floor is the smallest useful Go js/wasm module: it registers one
// trivial function through syscall/js and waits. `make size` builds it
// beside calc.wasm as the floor the Go runtime alone costs, so that
// calc.wasm's size is read against what any Go module must ship.
package main

import "syscall/js"

func main() {
	js.Global().Set("floor", js.FuncOf(func(js.Value, []js.Value) any { return "ok" }))
	select {}
}
