package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc"
)

// The page's copy of the catalogs, run as JavaScript (node), is exactly
// calc.Catalogs' JSON and calc.Version: the escaping into a JS string
// loses nothing. (e2e's TestShippedCatalogs compares it with calc.wasm's
// answer in the browser.)
func TestCatalogsModule(t *testing.T) {
	site := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(site, "js"), 0o755))
	require.NoError(t, writeCatalogs(site))
	file := filepath.Join(site, filepath.FromSlash(CatalogsFile))
	out, err := exec.Command("node", "--input-type=module", "-e",
		`const m = await import(process.argv[1]); process.stdout.write(JSON.stringify({version: m.VERSION, catalogs: m.CATALOGS}));`,
		"file://"+file).CombinedOutput()
	require.NoError(t, err, "%s", out)
	var got struct {
		Version  string          `json:"version"`
		Catalogs json.RawMessage `json:"catalogs"`
	}
	require.NoError(t, json.Unmarshal(out, &got), "%s", out)
	assert.Equal(t, calc.Version, got.Version)

	list, err := calc.Catalogs()
	require.NoError(t, err)
	want, err := json.Marshal(list.Catalogs)
	require.NoError(t, err)
	require.NotEmpty(t, list.Catalogs)
	assert.JSONEq(t, string(want), string(got.Catalogs))

	// Written again unchanged, the file is left alone (its time too).
	info, err := os.Stat(file)
	require.NoError(t, err)
	require.NoError(t, writeCatalogs(site))
	again, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, info.ModTime(), again.ModTime())
}
