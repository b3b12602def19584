package main

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// servedPage rewrites pub["index.html"] into the page as served: its
// module scripts, and any classic scripts before them, bundled (minified)
// into one content-hashed entry module and the chunks esbuild splits off
// (bundleSplit): what the page imports statically comes with the entry,
// each in a chunk the page's modulepreload links fetch with it (in
// practice one: the code the entry shares with the modules it imports
// later), and what it imports with import() (the views other than the
// quote, the English strings...) in chunks loaded when asked for; the
// client's Worker (WorkerFile, with the wasm_exec.js it imports) bundled
// into a module of its own, content-hashed, which the chunks name instead
// of rtcprice-worker.js; the page's own modulepreload links replaced by
// those of the chunks; its local stylesheets, and the wasm modules the
// bundles name (calc.wasm), published under content-hashed names.
// The page in site/ stays runnable unbundled for development and tests.
// It adds the new files to pub and returns the files of site that the
// served page and its Worker no longer load (the bundles' inputs, the
// unhashed names): they stay published, for the example pages and the
// client's users, but the service worker need not cache them.
func servedPage(site string, pub map[string][]byte) (map[string]bool, error) {
	html := string(pub["index.html"])
	consumed := map[string]bool{}
	entry, tags, first, err := pageEntry(html)
	if err != nil {
		return nil, err
	}
	s, err := bundleSplit(site, entry)
	if err != nil {
		return nil, err
	}
	for _, in := range s.inputs {
		consumed[in] = true
	}
	hashWasm := wasmHasher(pub, consumed)
	var all strings.Builder
	for _, js := range s.files {
		all.WriteString(js)
	}
	wname, err := bundleWorker(site, all.String(), pub, consumed, hashWasm)
	if err != nil {
		return nil, err
	}
	for n, js := range s.files {
		if wname != "" {
			js = rename(js, WorkerFile, wname)
		}
		s.files[n] = hashWasm(js)
	}
	names, err := hashChunks(s, strings.TrimSuffix(first, path.Ext(first))+".js")
	if err != nil {
		return nil, err
	}
	for n, js := range s.files {
		pub[names[n]] = []byte(js)
	}
	// The entry, and a modulepreload of each chunk it imports (fetched
	// with it rather than once it has been read); the chunks of the
	// modules it imports with import() load when the page asks for them.
	var static []string
	for n := range s.static {
		static = append(static, names[n])
	}
	sort.Strings(static)
	html = modulePreloads.ReplaceAllString(html, "")
	var tag strings.Builder
	for _, n := range static {
		fmt.Fprintf(&tag, "<link rel=\"modulepreload\" href=\"%s\">\n", n)
	}
	fmt.Fprintf(&tag, `<script type="module" src="%s"></script>`, names[s.entry])
	html = strings.Replace(html, tags[0], tag.String(), 1)
	for _, tag := range tags[1:] {
		html = strings.Replace(html, tag+"\n", "", 1)
		html = strings.Replace(html, tag, "", 1)
	}
	for f := range pub {
		if path.Ext(f) == ".wasm" && consumed[f] {
			html = strings.ReplaceAll(html, `href="`+f+`"`, `href="`+hashedName(f, pub[f])+`"`)
		}
	}
	pub["index.html"] = []byte(hashStylesheets(html, pub, consumed))
	return consumed, nil
}

// pageEntry is the bundle's entry for the page: an import of each module
// script and of the classic scripts before the first (they run before it;
// as the first imports of the bundle they still do; those after a module
// would not keep their order: they stay as they are). It returns the
// entry, the tags the bundle replaces (the module script to replace
// first) and the first module's src.
func pageEntry(html string) (entry string, tags []string, first string, err error) {
	mods := moduleScript.FindAllStringSubmatchIndex(html, -1)
	if len(mods) == 0 {
		return "", nil, "", errors.New("no <script type=\"module\" src=…>")
	}
	var b strings.Builder
	var classic []string
	for _, m := range classicScript.FindAllStringSubmatchIndex(html, -1) {
		if m[0] < mods[0][0] && local(html[m[2]:m[3]]) {
			classic = append(classic, html[m[0]:m[1]])
			fmt.Fprintf(&b, "import %q;\n", "./"+html[m[2]:m[3]])
		}
	}
	for _, m := range mods {
		tags = append(tags, html[m[0]:m[1]])
		fmt.Fprintf(&b, "import %q;\n", "./"+html[m[2]:m[3]])
	}
	return b.String(), append(tags, classic...), html[mods[0][2]:mods[0][3]], nil
}

// wasmHasher returns a function that gives the wasm modules a bundle
// loads by name ("calc.wasm" or "./calc.wasm", a string literal in the
// code) content-hashed names, so that the page and its engine are cached,
// and replaced, together (the page's preload of them follows, in
// servedPage).
func wasmHasher(pub map[string][]byte, consumed map[string]bool) func(string) string {
	var wasms []string
	for f := range pub {
		if path.Ext(f) == ".wasm" {
			wasms = append(wasms, f)
		}
	}
	sort.Strings(wasms)
	return func(js string) string {
		for _, f := range wasms {
			if named(js, f) {
				h := hashedName(f, pub[f])
				pub[h] = pub[f]
				consumed[f] = true
				js = rename(js, f, h)
			}
		}
		return js
	}
}

// bundleWorker bundles the client's Worker (rtcprice.js starts
// WorkerFile, by default beside itself, with "./rtcprice-worker.js") as
// a second entry, with what it imports (wasm_exec.js), into one module of
// its own under a content-hashed name, which it returns ("" when the
// page's bundle js, all its chunks, does not start it): the page's
// chunks name it instead. A page that bundles the client
// but does not name its Worker would load the unbundled one, which the
// service worker does not cache: that is an error here, not a page that
// fails offline.
func bundleWorker(site, js string, pub map[string][]byte, consumed map[string]bool, hashWasm func(string) string) (string, error) {
	if _, ok := pub[WorkerFile]; !ok || !(named(js, WorkerFile) || consumed["rtcprice.js"]) {
		return "", nil
	}
	if !named(js, WorkerFile) {
		return "", fmt.Errorf("the bundle has the client (rtcprice.js) but does not name %q", "./"+WorkerFile)
	}
	wjs, winputs, err := bundleEntry(site, fmt.Sprintf("import %q;\n", "./"+WorkerFile), api.FormatESModule, true)
	if err != nil {
		return "", fmt.Errorf("%s: %w", WorkerFile, err)
	}
	for _, in := range winputs {
		consumed[in] = true
	}
	wjs = hashWasm(wjs)
	wname := hashedName(WorkerFile, []byte(wjs))
	pub[wname] = []byte(wjs)
	return wname, nil
}

// hashStylesheets publishes the page's local stylesheets under
// content-hashed names and links those.
func hashStylesheets(html string, pub map[string][]byte, consumed map[string]bool) string {
	return replaceAll(stylesheetTag, html, func(m []string) string {
		href := m[1]
		data, ok := pub[href]
		if !local(href) || !ok {
			return m[0]
		}
		h := hashedName(href, data)
		pub[h] = data
		consumed[href] = true
		return strings.Replace(m[0], `href="`+href+`"`, `href="`+h+`"`, 1)
	})
}

// named reports whether js names the file f in a string literal, as
// "f" or "./f" (esbuild prints every string literal in double quotes).
func named(js, f string) bool {
	return strings.Contains(js, strconv.Quote(f)) || strings.Contains(js, strconv.Quote("./"+f))
}

// rename replaces the string literals "f" and "./f" in js with h.
func rename(js, f, h string) string {
	js = strings.ReplaceAll(js, strconv.Quote(f), strconv.Quote(h))
	return strings.ReplaceAll(js, strconv.Quote("./"+f), strconv.Quote("./"+h))
}

// local reports whether a reference names a file of the site (not
// another origin, not a data: URL, not an absolute path).
func local(ref string) bool {
	return ref != "" && !strings.Contains(ref, ":") && !strings.HasPrefix(ref, "/") && !strings.Contains(ref, "..")
}

var modulePreloads = regexp.MustCompile(`<link rel="modulepreload"[^>]*>\n?`)
