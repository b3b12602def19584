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
	"sort"
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

// The served page: one content-hashed bundle instead of the modules and
// the classic scripts before them, the client's Worker bundled with
// wasm_exec.js into a second content-hashed module that the first names,
// calc.wasm and the stylesheets hashed, no modulepreload links, and a
// worker manifest of what that page and its Worker load.
func TestServedPage(t *testing.T) {
	site := t.TempDir()
	write(t, site, "index.html", `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<link rel="stylesheet" href="style.css">
<link rel="preload" href="calc.wasm" as="fetch" type="application/wasm" crossorigin>
<link rel="modulepreload" href="app.js">
<link rel="modulepreload" href="js/f.js">
<script src="first.js"></script>
<script type="module" src="app.js"></script>
</head><body><p>x</p></body></html>`)
	write(t, site, "style.css", "p{color:red}")
	write(t, site, "first.js", "globalThis.First = function(){ return 'first ran' };")
	write(t, site, "app.js", "import {f} from './js/f.js'; import {load} from './rtcprice.js'; f(new First()); load();")
	write(t, site, "js/f.js", "export function f(g){ document.title = 'from f' }")
	// The client names its Worker and the module as site/rtcprice.js does.
	write(t, site, "rtcprice.js", `export function load(o = {}) {
  const w = new Worker(new URL(o.worker ?? './rtcprice-worker.js', import.meta.url), {type: 'module'});
  w.postMessage({wasm: new URL(o.wasm ?? './calc.wasm', import.meta.url).href});
}`)
	write(t, site, "rtcprice-worker.js", "import './wasm_exec.js';\naddEventListener('message', (e) => fetch(e.data.wasm).then(() => new Go()));")
	write(t, site, "wasm_exec.js", "globalThis.Go = function(){ return 'wasm_exec ran' };")
	write(t, site, "other.js", "// not part of the page")
	write(t, site, "calc.wasm", "wasm")
	write(t, site, "sw.js", "importScripts('sw-manifest.js')")

	out := filepath.Join(t.TempDir(), "dist")
	require.NoError(t, build(site, out, DefaultBaseURL))
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	html := string(index)
	assert.NotContains(t, html, "modulepreload")
	assert.NotContains(t, html, `src="first.js"`)
	assert.NotContains(t, html, `href="style.css"`)
	wasm := regexp.MustCompile(`<link rel="preload" href="(calc\.[0-9a-f]{12}\.wasm)"`).FindStringSubmatch(html)
	require.Len(t, wasm, 2, "the wasm preload stays, of the hashed name")
	assert.Equal(t, hashedName("calc.wasm", []byte("wasm")), wasm[1])

	bundle := regexp.MustCompile(`<script type="module" src="(app\.[0-9a-f]{12}\.js)"></script>`).FindStringSubmatch(html)
	require.Len(t, bundle, 2, "one module script, content-hashed")
	require.Len(t, regexp.MustCompile(`<script`).FindAllString(html, -1), 1, "one script in all")
	b, err := os.ReadFile(filepath.Join(out, bundle[1]))
	require.NoError(t, err)
	js := string(b)
	assert.Equal(t, hashedName("app.js", b), bundle[1], "the name is the content's hash")
	assert.Less(t, strings.Index(js, "first ran"), strings.Index(js, "from f"), "the classic script runs first")
	assert.NotContains(t, js, "import ")
	assert.NotContains(t, js, "wasm_exec ran", "wasm_exec.js is not on the main thread")
	assert.Contains(t, js, `"./`+wasm[1]+`"`, "the client loads the hashed wasm")
	assert.NotContains(t, js, `calc.wasm"`)

	// The Worker: a bundle of its own, with wasm_exec.js, named by the page's.
	worker := regexp.MustCompile(`"\./(rtcprice-worker\.[0-9a-f]{12}\.js)"`).FindStringSubmatch(js)
	require.Len(t, worker, 2, "the client starts the hashed Worker")
	assert.NotContains(t, js, `rtcprice-worker.js"`)
	b, err = os.ReadFile(filepath.Join(out, worker[1]))
	require.NoError(t, err)
	wjs := string(b)
	assert.Equal(t, hashedName(WorkerFile, b), worker[1], "the Worker's name is its content's hash")
	assert.Contains(t, wjs, "wasm_exec ran", "wasm_exec.js is bundled into the Worker")
	assert.Less(t, strings.Index(wjs, "wasm_exec ran"), strings.Index(wjs, "addEventListener"), "wasm_exec.js runs first in the Worker")
	assert.NotContains(t, wjs, "import ")

	for _, f := range []string{bundle[1], worker[1], wasm[1]} {
		for _, ext := range []string{".br", ".gz"} {
			assert.FileExists(t, filepath.Join(out, f+ext))
		}
	}
	css := regexp.MustCompile(`href="(style\.[0-9a-f]{12}\.css)"`).FindStringSubmatch(html)
	require.Len(t, css, 2)
	data, err := os.ReadFile(filepath.Join(out, css[1]))
	require.NoError(t, err)
	assert.Equal(t, "p{color:red}", string(data))

	// The unbundled files stay published (other pages and the client's
	// users load them by these names).
	for _, f := range []string{"app.js", "js/f.js", "first.js", "rtcprice.js", "rtcprice-worker.js", "wasm_exec.js", "style.css", "calc.wasm"} {
		assert.FileExists(t, filepath.Join(out, f))
		data, err := os.ReadFile(filepath.Join(out, f))
		require.NoError(t, err)
		src, err := os.ReadFile(filepath.Join(site, f))
		require.NoError(t, err)
		assert.Equal(t, string(src), string(data), "%s is published as it is", f)
	}
	m, err := os.ReadFile(filepath.Join(out, "sw-manifest.js"))
	require.NoError(t, err)
	manifest := string(m)
	assets := regexp.MustCompile(`RTCPRICE_ASSETS = \[(.*)\];`).FindStringSubmatch(manifest)
	require.Len(t, assets, 2)
	want := []string{bundle[1], wasm[1], worker[1], css[1]}
	sort.Strings(want)
	assert.Equal(t, `"./", "`+strings.Join(want, `", "`)+`"`, assets[1],
		"the page and what it and its Worker load: not the bundles' inputs, not files the page does not load (other.js)")
	want = []string{bundle[1], wasm[1], worker[1], css[1]}
	sort.Strings(want)
	assert.Contains(t, manifest, `RTCPRICE_IMMUTABLE = ["`+strings.Join(want, `", "`)+`"];`)

	// Another build of the same site gives the same names and version.
	out2 := filepath.Join(t.TempDir(), "dist")
	require.NoError(t, build(site, out2, DefaultBaseURL))
	m2, err := os.ReadFile(filepath.Join(out2, "sw-manifest.js"))
	require.NoError(t, err)
	assert.Equal(t, manifest, string(m2))
}

// A page that bundles the client but does not name its Worker in a way
// the build can follow would start the unbundled Worker, which the
// service worker does not cache: the build refuses it.
func TestServedPageClientWithoutWorkerName(t *testing.T) {
	site := t.TempDir()
	write(t, site, "index.html", `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<script type="module" src="app.js"></script>
</head><body></body></html>`)
	write(t, site, "app.js", "import {load} from './rtcprice.js'; load();")
	write(t, site, "rtcprice.js", "export function load() { new Worker(['rtcprice', 'worker.js'].join('-'), {type: 'module'}); }")
	write(t, site, "rtcprice-worker.js", "import './wasm_exec.js';")
	write(t, site, "wasm_exec.js", "globalThis.Go = function(){};")
	write(t, site, "calc.wasm", "wasm")
	write(t, site, "sw.js", "importScripts('sw-manifest.js')")
	err := build(site, filepath.Join(t.TempDir(), "dist"), DefaultBaseURL)
	require.Error(t, err)
	assert.Contains(t, err.Error(), WorkerFile)
}
