package main

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rtcprice/rtcprice/calc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The npm package's version is calc.Version (what the module reports as
// rtcprice.version), its name names the tarball, and it has exports,
// files, types and no dependencies.
func TestPackageJSON(t *testing.T) {
	b, err := PackageJSON()
	require.NoError(t, err)
	var pkg map[string]any
	require.NoError(t, json.Unmarshal(b, &pkg))
	assert.Equal(t, calc.Version, pkg["version"])
	assert.Equal(t, "rtcprice-"+calc.Version+".tgz", PackageFile())
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, pkg["version"])
	for _, k := range []string{"exports", "files", "types", "license"} {
		assert.Contains(t, pkg, k)
	}
	for _, k := range []string{"dependencies", "peerDependencies", "optionalDependencies"} {
		assert.NotContains(t, pkg, k)
	}
	// Every declared file and export target is one the package carries.
	for _, target := range []string{"./rtcprice.d.ts", "./rtcprice-element.d.ts"} {
		_, err := os.Stat(filepath.Join("..", "..", "npm", strings.TrimPrefix(target, "./")))
		assert.NoError(t, err, target)
	}
}

// importRe finds what a module loads: imports, and relative file names in
// string literals ('./calc.wasm', 'style.css').
var importRe = regexp.MustCompile(`(?m)(?:^import[^'"]*|^export[^'"]*from\s*|import\()\s*['"](\.[^'"]+)['"]|'((?:\./|\.\./)?[A-Za-z0-9_-]+\.(?:js|css|wasm))'`)

// The package carries every file the element and the client load: the
// modules they import, transitively, the Worker, the styles the element
// links and calc.wasm.
func TestPackageCarriesWhatTheElementLoads(t *testing.T) {
	site := filepath.Join("..", "..", "site")
	// js/catalogs-data.js is generated (make build writes it, as here)
	// before the package is packed.
	require.NoError(t, writeCatalogs(site))
	carried := map[string]bool{}
	for _, f := range packageFiles {
		carried[f] = true
	}
	mods, err := filepath.Glob(filepath.Join(site, "js", "*.js"))
	require.NoError(t, err)
	for _, m := range mods {
		carried["js/"+filepath.Base(m)] = true
	}
	seen := map[string]bool{}
	todo := []string{"rtcprice-element.js", "rtcprice.js", WorkerFile}
	for len(todo) > 0 {
		f := todo[0]
		todo = todo[1:]
		if seen[f] {
			continue
		}
		seen[f] = true
		assert.True(t, carried[f], "the package lacks %s", f)
		if !strings.HasSuffix(f, ".js") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(f)))
		require.NoError(t, err)
		for _, m := range importRe.FindAllStringSubmatch(string(src), -1) {
			for _, ref := range m[1:] {
				if ref != "" {
					todo = append(todo, path.Clean(path.Join(path.Dir(f), ref)))
				}
			}
		}
	}
	for _, want := range []string{"js/quote.js", "js/dom.js", "rtcprice-element.css", "style.css", "calc.wasm", "wasm_exec.js"} {
		assert.True(t, seen[want], "the walk did not reach %s (the import pattern is broken)", want)
	}
}
