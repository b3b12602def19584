//go:build browser

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// ensureFloor makes floor.wasm available to the floor page: site/floor.wasm
// when `make size` built it, else a build of ./cmd/floor into a temp dir.
func ensureFloor(t *testing.T) {
	t.Helper()
	if floorDir != "" {
		return
	}
	if _, err := os.Stat("../site/floor.wasm"); err == nil {
		abs, err := filepath.Abs("../site")
		if err != nil {
			t.Fatal(err)
		}
		floorDir = abs
		return
	}
	if _, err := os.Stat("../cmd/floor"); err != nil {
		t.Fatalf("no floor module: neither site/floor.wasm nor cmd/floor exists")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "floor.wasm"), "./cmd/floor")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the floor module: %v\n%s", err, out)
	}
	floorDir = dir
	t.Cleanup(func() { floorDir = "" })
}
