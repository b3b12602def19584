package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A page whose entry imports a view with import(): the view and the code
// it shares with the entry become chunks of their own, each named by its
// content's hash and by that name where it is imported; the page
// preloads the chunk the entry imports, not the view's; the service
// worker caches every chunk; the one-file build carries it all in its one
// script.
func TestServedPageSplit(t *testing.T) {
	site := t.TempDir()
	write(t, site, "index.html", `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<link rel="modulepreload" href="app.js">
<script type="module" src="app.js"></script>
</head><body><p>x</p></body></html>`)
	write(t, site, "app.js", `import {shared} from './js/shared.js';
document.title = shared('entry');
document.body.onclick = () => import('./js/view.js').then((m) => m.show());`)
	write(t, site, "js/shared.js", "export function shared(s){ return 'shared code ' + s }")
	write(t, site, "js/view.js", "import {shared} from './shared.js';\nexport function show(){ document.body.textContent = shared('the lazy view') }")
	write(t, site, "sw.js", "importScripts('sw-manifest.js')")
	// The one-file build embeds the module and the Worker.
	write(t, site, "calc.wasm", "wasm")
	write(t, site, WorkerFile, "addEventListener('message', () => postMessage('answer'));")

	out := filepath.Join(t.TempDir(), "dist")
	require.NoError(t, build(site, out, DefaultBaseURL))
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	html := string(index)
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		assert.Equal(t, hashedName(regexp.MustCompile(`\.[0-9a-f]{12}\.js$`).ReplaceAllString(name, ".js"), b), name, "%s: the name is its content's hash", name)
		return string(b)
	}

	entry := regexp.MustCompile(`<script type="module" src="(app\.[0-9a-f]{12}\.js)"></script>`).FindStringSubmatch(html)
	require.Len(t, entry, 2, "one module script: the entry, content-hashed")
	js := read(entry[1])
	assert.NotContains(t, js, "shared code", "the shared code is in a chunk of its own")
	assert.NotContains(t, js, "the lazy view")

	preloads := regexp.MustCompile(`<link rel="modulepreload" href="([^"]+)">`).FindAllStringSubmatch(html, -1)
	require.Len(t, preloads, 1, "one preload: the chunk the entry imports")
	shared := preloads[0][1]
	assert.Regexp(t, `^[a-z0-9-]+\.[0-9a-f]{12}\.js$`, shared)
	assert.Contains(t, js, `"./`+shared+`"`, "the entry imports the preloaded chunk by its hashed name")
	assert.Contains(t, read(shared), "shared code")

	view := regexp.MustCompile(`import\("\./(view\.[0-9a-f]{12}\.js)"\)`).FindStringSubmatch(js)
	require.Len(t, view, 2, "the entry imports the view's chunk, by its hashed name, when asked: %s", js)
	vjs := read(view[1])
	assert.Contains(t, vjs, "the lazy view")
	assert.Contains(t, vjs, `"./`+shared+`"`, "the view imports the shared chunk")
	assert.NotContains(t, html, view[1], "the view is not preloaded")
	for _, f := range []string{entry[1], shared, view[1]} {
		for _, ext := range []string{".br", ".gz"} {
			assert.FileExists(t, filepath.Join(out, f+ext))
		}
	}
	// Each file of the bundle starts with V8's compile hint (compileHint):
	// compiled whole as it loads, not function by function when called.
	for _, f := range []string{entry[1], shared, view[1]} {
		assert.True(t, strings.HasPrefix(read(f), "//# allFunctionsCalledOnLoad\n"), "%s starts with the compile hint", f)
	}
	// No name esbuild gave a chunk is left anywhere.
	for _, f := range []string{entry[1], shared, view[1]} {
		assert.NotRegexp(t, `-[A-Z0-9]{8}\.js`, read(f))
	}

	m, err := os.ReadFile(filepath.Join(out, "sw-manifest.js"))
	require.NoError(t, err)
	for _, f := range []string{entry[1], shared, view[1]} {
		assert.Contains(t, string(m), `"`+f+`"`, "the service worker caches %s", f)
	}

	page, err := os.ReadFile(filepath.Join(out, OfflineFile))
	require.NoError(t, err)
	assert.Contains(t, string(page), "the lazy view", "the one-file build carries the view")
	assert.NotContains(t, string(page), "import(\"./", "the one-file build imports no file")
	assert.Equal(t, 1, strings.Count(string(page), "<script type=\"module\""), "the one-file build has one module script")
}
