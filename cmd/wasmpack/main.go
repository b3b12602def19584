// Command wasmpack rewrites, in place, the data section of WebAssembly
// modules built by Go so that they compress better (internal/wasmdata):
// the same initial memory, fewer and longer data segments.
//
//	wasmpack site/calc.wasm
//
// `make build` runs it on calc.wasm after `go build`.
package main

import (
	"fmt"
	"os"

	"github.com/rtcprice/rtcprice/internal/wasmdata"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: wasmpack module.wasm ...")
		os.Exit(2)
	}
	for _, path := range os.Args[1:] {
		if err := pack(path); err != nil {
			fmt.Fprintln(os.Stderr, "wasmpack:", err)
			os.Exit(1)
		}
	}
}

func pack(path string) error {
	in, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := wasmdata.Pack(in, wasmdata.MaxGap)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, out, 0o644)
}
