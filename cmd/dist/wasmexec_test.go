package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// site/wasm_exec.js must be the copy of the Go toolchain that builds
// calc.wasm: the glue and the module change together between releases.
func TestWasmExecMatchesToolchain(t *testing.T) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	require.NoError(t, err)
	want := filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js")
	toolchain, err := os.ReadFile(want)
	require.NoError(t, err)
	ours, err := os.ReadFile(filepath.Join("..", "..", "site", "wasm_exec.js"))
	require.NoError(t, err)
	if !bytes.Equal(toolchain, ours) {
		t.Fatalf("site/wasm_exec.js differs from %s, the copy of the Go toolchain that builds calc.wasm: run `make wasm-exec` and commit it", want)
	}
}
