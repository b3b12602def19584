package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
}

// A small site with the same shape as site/: the one-file build inlines
// it, bundles its modules, embeds the wasm and allows exactly its inline
// blocks by hash.
func TestOfflinePage(t *testing.T) {
	site := t.TempDir()
	write(t, site, "index.html", `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<link rel="preload" href="calc.wasm" as="fetch" type="application/wasm" crossorigin>
<link rel="modulepreload" href="js/f.js">
<link rel="stylesheet" href="style.css">
<link rel="stylesheet" href="print.css" media="print">
<script src="wasm_exec.js"></script>
<script type="module" src="app.js"></script>
</head><body><p>x</p></body></html>`)
	write(t, site, "style.css", "p{color:red}")
	write(t, site, "print.css", "p{color:black}")
	write(t, site, "wasm_exec.js", "globalThis.Go = function(){}; // </script> inside")
	write(t, site, "app.js", "import {f} from './js/f.js'; f();")
	write(t, site, "js/f.js", "export function f(){ document.title = 'ok' }")
	write(t, site, WorkerFile, "import './wasm_exec.js'; import {g} from './js/g.js'; addEventListener('message', () => postMessage(g() + '</script>'));")
	write(t, site, "js/g.js", "export const g = () => 'worker-answer'")
	wasm := bytes.Repeat([]byte("\x00asm-bytes"), 1000)
	require.NoError(t, os.WriteFile(filepath.Join(site, "calc.wasm"), wasm, 0o644))
	write(t, site, "floor.wasm", "not published")
	write(t, site, "sw.js", "importScripts('sw-manifest.js')")

	out := filepath.Join(t.TempDir(), "dist")
	require.NoError(t, build(site, out, DefaultBaseURL))

	for _, f := range []string{"index.html", "app.js", "js/f.js", "calc.wasm", "sw.js", "sw-manifest.js", OfflineFile} {
		for _, ext := range []string{"", ".gz", ".br"} {
			assert.FileExists(t, filepath.Join(out, f+ext))
		}
	}
	assert.NoFileExists(t, filepath.Join(out, "floor.wasm"))
	gz, err := os.ReadFile(filepath.Join(out, "calc.wasm.gz"))
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	require.NoError(t, err)
	plain, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, wasm, plain)

	manifest, err := os.ReadFile(filepath.Join(out, "sw-manifest.js"))
	require.NoError(t, err)
	assert.Contains(t, string(manifest), `"calc.wasm"`)
	assert.NotContains(t, string(manifest), `"sw.js"`)
	assert.NotContains(t, string(manifest), `floor.wasm`)

	page, err := os.ReadFile(filepath.Join(out, OfflineFile))
	require.NoError(t, err)
	html := string(page)
	assert.NotContains(t, html, `src="`, "nothing is loaded from a file")
	assert.NotContains(t, html, `href="`, "nothing is linked to a file")
	assert.NotContains(t, html, `href="style.css"`)
	assert.Contains(t, html, `<style media="print">p{color:black}</style>`)
	assert.Contains(t, html, `document.title`, "the imported module is bundled in")
	assert.NotContains(t, html, "import{", "no imports left")

	// The CSP lists the hash of every inline script and style, and no network.
	csp := regexp.MustCompile(`content="(default-src 'none';[^"]*)"`).FindStringSubmatch(html)
	require.Len(t, csp, 2)
	assert.Contains(t, csp[1], "connect-src 'none'")
	for _, re := range []string{`<script>(.*?)</script>`, `<script type="module">(.*?)</script>`, `<style[^>]*>(.*?)</style>`} {
		blocks := regexp.MustCompile(`(?s)`+re).FindAllStringSubmatch(html, -1)
		require.NotEmpty(t, blocks, re)
		for _, b := range blocks {
			sum := sha256.Sum256([]byte(b[1]))
			assert.Contains(t, csp[1], "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'", re)
		}
	}

	// The embedded wasm decodes to calc.wasm.
	data := regexp.MustCompile(`id="calc-wasm" data-encoding="gzip">([^<]+)<`).FindStringSubmatch(html)
	require.Len(t, data, 2)
	raw, err := base64.StdEncoding.DecodeString(data[1])
	require.NoError(t, err)
	zr, err = gzip.NewReader(bytes.NewReader(raw))
	require.NoError(t, err)
	plain, err = io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, wasm, plain)
	assert.True(t, strings.Index(html, `id="calc-wasm"`) < strings.Index(html, `<script type="module">`), "the data block precedes the module")

	// The Worker's code is a text block (not run by the page, so not in the
	// CSP's hashes), bundled with wasm_exec.js and its imports, run from a
	// Blob URL, which the CSP allows as a Worker and nothing else.
	worker := regexp.MustCompile(`(?s)<script type="text/plain" id="rtcprice-worker">(.*?)</script>`).FindStringSubmatch(html)
	require.Len(t, worker, 2)
	assert.Contains(t, worker[1], "globalThis.Go", "wasm_exec.js is bundled in")
	assert.Contains(t, worker[1], "worker-answer", "the worker's imports are bundled in")
	assert.Contains(t, worker[1], `<\/script>`, "a </script> inside is escaped")
	assert.NotContains(t, worker[1], "import ")
	assert.NotContains(t, worker[1], "export ", "a classic script")
	assert.True(t, strings.Index(html, `id="rtcprice-worker"`) < strings.Index(html, `<script type="module">`), "the worker block precedes the module")
	assert.Contains(t, csp[1], "worker-src blob:")
	assert.NotContains(t, csp[1], "script-src blob:")
	// Share links from the file point to the published site.
	assert.Contains(t, html, `<meta name="rtcprice-published" content="`+DefaultBaseURL+`">`)
}

// -base-url: the published address goes into the one-file build, escaped;
// "" leaves it out; anything but an http(s) folder address is refused.
func TestBaseURL(t *testing.T) {
	site := t.TempDir()
	write(t, site, "index.html", `<html><head><meta http-equiv="Content-Security-Policy" content="x"><script type="module" src="app.js"></script></head><body></body></html>`)
	write(t, site, "app.js", "document.title = 'x'")
	write(t, site, "calc.wasm", "wasm")
	write(t, site, WorkerFile, "postMessage('x')")
	page, err := offlinePage(site, `https://example.com/a&b"c/`)
	require.NoError(t, err)
	assert.Contains(t, string(page), `<meta name="rtcprice-published" content="https://example.com/a&amp;b&#34;c/">`)
	page, err = offlinePage(site, "")
	require.NoError(t, err)
	assert.NotContains(t, string(page), "rtcprice-published")
	for _, bad := range []string{"file:///tmp/", "https://example.com/page.html", "javascript:alert(1)//", "https://example.com/?x=1", "https://example.com/#s=", "//example.com/", "https://u:p@example.com/"} {
		_, err := offlinePage(site, bad)
		assert.Error(t, err, bad)
	}
	require.NoError(t, checkBaseURL(DefaultBaseURL))
}

// The manifest's version changes with any asset's content.
func TestManifestVersionFollowsContent(t *testing.T) {
	site := t.TempDir()
	write(t, site, "index.html", "a")
	write(t, site, "calc.wasm", "b")
	version := func() string {
		require.NoError(t, writeManifest(site))
		m, err := os.ReadFile(filepath.Join(site, "sw-manifest.js"))
		require.NoError(t, err)
		return regexp.MustCompile(`VERSION = "([0-9a-f]+)"`).FindStringSubmatch(string(m))[1]
	}
	v1 := version()
	assert.Equal(t, v1, version(), "same content, same version")
	write(t, site, "calc.wasm", "c")
	assert.NotEqual(t, v1, version())
}

// -offline-only writes the one-file build alone.
func TestBuildOfflineOnly(t *testing.T) {
	site := t.TempDir()
	write(t, site, "index.html", `<html><head><meta http-equiv="Content-Security-Policy" content="x"><script type="module" src="app.js"></script></head><body></body></html>`)
	write(t, site, "app.js", "document.title = 'x'")
	write(t, site, WorkerFile, "postMessage('x')")
	write(t, site, "calc.wasm", "wasm")
	out := t.TempDir()
	require.NoError(t, buildOffline(site, out, ""))
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, OfflineFile, entries[0].Name())
}
