//go:build !js

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// The floor page: loads the floor module as the calculator loads calc.wasm
// and marks when it is ready (as e2e's floor page).
const floorHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>floor</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">
<link rel="icon" href="data:,">
<link rel="preload" href="floor.wasm" as="fetch" type="application/wasm" crossorigin>
<script src="wasm_exec.js"></script>
<script type="module" src="floor.js"></script>
</head><body><p id="s">loading</p></body></html>`

const floorJS = `
const go = new Go();
const { instance } = await WebAssembly.instantiateStreaming(fetch('floor.wasm'), go.importObject);
go.run(instance);
if (typeof globalThis.floor === 'function' && globalThis.floor() === 'ok') {
  performance.mark('floor:ready');
  document.getElementById('s').textContent = 'ready';
  document.documentElement.setAttribute('data-ready', 'true');
}
`

// floorSite writes the floor page with brotli and gzip copies into a
// temporary folder.
func floorSite(site, floorWasm string) (string, error) {
	dir, err := os.MkdirTemp("", "rtcprice-floor-")
	if err != nil {
		return "", err
	}
	wasm, err := os.ReadFile(floorWasm)
	if err != nil {
		return "", fmt.Errorf("%w (make bench-load builds it)", err)
	}
	exec, err := os.ReadFile(filepath.Join(site, "wasm_exec.js"))
	if err != nil {
		return "", err
	}
	for name, data := range map[string][]byte{
		"index.html": []byte(floorHTML), "floor.js": []byte(floorJS),
		"wasm_exec.js": exec, "floor.wasm": wasm,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", err
		}
		var b bytes.Buffer
		w := brotli.NewWriterLevel(&b, brotli.BestCompression)
		w.Write(data)
		if err := w.Close(); err != nil {
			return "", err
		}
		if err := os.WriteFile(p+".br", b.Bytes(), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}
