// Command dist builds what rtcprice publishes:
//
//   - site/sw-manifest.js (-manifest): the service worker's list of assets
//     and a version that changes whenever any asset does, so that a new
//     release replaces the offline cache whole;
//   - dist/ (-out): the site's assets with precompressed .gz and .br
//     copies for static hosting, and rtcprice-offline.html: the whole
//     calculator in one file (scripts and styles inlined, calc.wasm
//     gzip-compressed and base64-encoded inside it, and the client's
//     Worker bundled with wasm_exec.js into a text block the page runs
//     from a Blob URL) that works when opened from disk with no server
//     and no network. Its share links point to the published site
//     (-base-url, the project's GitHub Pages address unless told
//     otherwise), never to the file itself;
//   - dist/rtcprice-<version>.tgz (with -out, or alone with -pack DIR):
//     the npm package (pack.go), staged and packed with npm pack; its
//     version is calc.Version.
//
// The page's modules are bundled into one for the single file with
// esbuild's Go API, a well-kept bundler, rather than a concatenation of
// our own that would have to understand ES module imports.
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	stdhtml "html"
	"io/fs"
	"log"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/evanw/esbuild/pkg/api"
)

// OfflineFile is the name of the one-file build inside the output folder.
const OfflineFile = "rtcprice-offline.html"

// WorkerFile is the client's Worker script in site/ (it imports
// wasm_exec.js); the one-file build carries it bundled in a data block.
const WorkerFile = "rtcprice-worker.js"

// DefaultBaseURL is where the site is published: the GitHub Pages address
// of github.com/rtcprice/rtcprice (go.mod; .github/workflows/pages.yml
// publishes dist/ there). Share links made in the one-file build open it.
const DefaultBaseURL = "https://rtcprice.github.io/rtcprice/"

// skip lists files of site/ that are not published.
var skip = map[string]bool{"floor.wasm": true, "floor.html": true}

func main() {
	site := flag.String("site", "site", "the site folder")
	out := flag.String("out", "", "write the published site here (dist)")
	manifest := flag.Bool("manifest", false, "write <site>/sw-manifest.js")
	offlineOnly := flag.Bool("offline-only", false, "with -out: write only "+OfflineFile+", uncompressed (for tests)")
	base := flag.String("base-url", DefaultBaseURL, "the published site's address, for share links made in "+OfflineFile+` ("" for none: the page then offers the statement file instead)`)
	quick := flag.Bool("quick", false, "with -out: compress at a fast brotli level (for tests)")
	packOnly := flag.String("pack", "", "write only the npm package into this folder")
	flag.Parse()
	if *quick {
		brotliLevel = 4
	}
	if err := checkBaseURL(*base); err != nil {
		log.Fatal("dist: -base-url: ", err)
	}
	if !*manifest && *out == "" && *packOnly == "" {
		log.Fatal("dist: nothing to do: give -manifest, -out DIR and/or -pack DIR")
	}
	if *packOnly != "" {
		tgz, err := pack(*site, *packOnly)
		if err != nil {
			log.Fatal("dist: ", err)
		}
		fmt.Println(tgz)
	}
	if *manifest {
		if err := writeManifest(*site); err != nil {
			log.Fatal("dist: ", err)
		}
	}
	switch {
	case *out != "" && *offlineOnly:
		if err := buildOffline(*site, *out, *base); err != nil {
			log.Fatal("dist: ", err)
		}
	case *out != "":
		if err := build(*site, *out, *base); err != nil {
			log.Fatal("dist: ", err)
		}
		if _, err := pack(*site, *out); err != nil {
			log.Fatal("dist: ", err)
		}
	}
}

// assets lists the published files of site, sorted, as slash paths.
func assets(site string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(site, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		name := path.Base(rel)
		if skip[name] || strings.HasPrefix(name, ".") || name == "sw-manifest.js" ||
			strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br") {
			return nil
		}
		files = append(files, rel)
		return nil
	})
	sort.Strings(files)
	return files, err
}

// writeManifest writes sw-manifest.js: every asset the service worker
// caches and a version hashed from their contents.
func writeManifest(site string) error {
	files, err := assets(site)
	if err != nil {
		return err
	}
	h := sha256.New()
	var cached []string
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(data))
		h.Write(data)
		if f == "sw.js" {
			continue // the worker itself is not cached by the worker
		}
		cached = append(cached, f)
	}
	version := hex.EncodeToString(h.Sum(nil))[:16]
	var b strings.Builder
	b.WriteString("// Generated by cmd/dist from the contents of site/: do not edit.\n")
	fmt.Fprintf(&b, "self.RTCPRICE_VERSION = %q;\n", version)
	b.WriteString("self.RTCPRICE_ASSETS = [\"./\"")
	for _, f := range cached {
		fmt.Fprintf(&b, ", %q", f)
	}
	b.WriteString("];\n")
	return os.WriteFile(filepath.Join(site, "sw-manifest.js"), []byte(b.String()), 0o644)
}

// build writes the published site into out: every asset of site with
// .gz and .br copies, and index.html as served (servedPage: its modules
// bundled into one content-hashed file, the client's Worker with
// wasm_exec.js into another, calc.wasm and the stylesheets
// content-hashed), with a service worker manifest of the files the served
// page and its Worker load.
func build(site, out, base string) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := writeManifest(site); err != nil {
		return err
	}
	files, err := assets(site)
	if err != nil {
		return err
	}
	pub := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		pub[f] = data
	}
	consumed, err := servedPage(site, pub)
	if err != nil {
		return fmt.Errorf("index.html: %w", err)
	}
	pub["sw-manifest.js"] = distManifest(pub, consumed)
	page, err := offlinePage(site, base)
	if err != nil {
		return fmt.Errorf("%s: %w", OfflineFile, err)
	}
	pub[OfflineFile] = page
	names := make([]string, 0, len(pub))
	for name := range pub {
		names = append(names, name)
	}
	sort.Strings(names)
	// Brotli at its best level is slow: compress on every core, and each
	// content once (calc.wasm and calc.<hash>.wasm are the same bytes).
	same := map[[32]byte][]string{}
	var order [][32]byte
	for _, name := range names {
		sum := sha256.Sum256(pub[name])
		if same[sum] == nil {
			order = append(order, sum)
		}
		same[sum] = append(same[sum], name)
	}
	errs := make([]error, len(order))
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for i, sum := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = publishAll(out, same[sum], pub[same[sum][0]])
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// hashedName is name with a content hash before its extension
// (style.css -> style.1a2b3c4d5e6f.css): internal/static serves such names
// as immutable.
func hashedName(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
}

// servedPage rewrites pub["index.html"] into the page as served: its
// module scripts, and any classic scripts before them, bundled into one
// content-hashed module, so that one request carries them; the client's
// Worker (WorkerFile, with the wasm_exec.js it imports) bundled into a
// second content-hashed module, which the first names instead of
// rtcprice-worker.js; its modulepreload links removed (there is nothing
// left to preload); its local stylesheets, and the wasm modules the
// bundles name (calc.wasm), published under content-hashed names.
// The page in site/ stays runnable unbundled for development and tests.
// It adds the new files to pub and returns the files of site that the
// served page and its Worker no longer load (the bundles' inputs, the
// unhashed names): they stay published, for the example pages and the
// client's users, but the service worker need not cache them.
func servedPage(site string, pub map[string][]byte) (map[string]bool, error) {
	html := string(pub["index.html"])
	consumed := map[string]bool{}
	mods := moduleScript.FindAllStringSubmatchIndex(html, -1)
	if len(mods) == 0 {
		return nil, errors.New("no <script type=\"module\" src=…>")
	}
	// Classic scripts before the first module run before it; as the first
	// imports of the bundle they still do. (Those after a module would not
	// keep their order: they stay as they are.)
	var entry strings.Builder
	var classic []string
	for _, m := range classicScript.FindAllStringSubmatchIndex(html, -1) {
		if m[0] < mods[0][0] && local(html[m[2]:m[3]]) {
			classic = append(classic, html[m[0]:m[1]])
			fmt.Fprintf(&entry, "import %q;\n", "./"+html[m[2]:m[3]])
		}
	}
	var moduleTags []string
	for _, m := range mods {
		moduleTags = append(moduleTags, html[m[0]:m[1]])
		fmt.Fprintf(&entry, "import %q;\n", "./"+html[m[2]:m[3]])
	}
	js, inputs, err := bundleEntry(site, entry.String(), api.FormatESModule, false)
	if err != nil {
		return nil, err
	}
	for _, in := range inputs {
		consumed[in] = true
	}
	// The wasm modules the bundles load by name ("calc.wasm" or
	// "./calc.wasm", a string literal in the code) get content-hashed
	// names, so that the page and its engine are cached, and replaced,
	// together; the page's preload of them follows.
	var wasms []string
	for f := range pub {
		if path.Ext(f) == ".wasm" {
			wasms = append(wasms, f)
		}
	}
	sort.Strings(wasms)
	hashWasm := func(js string) string {
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
	// The client's Worker (rtcprice.js starts WorkerFile, by default
	// beside itself, with "./rtcprice-worker.js"): a second entry, bundled
	// with what it imports (wasm_exec.js) into one module of its own under
	// a content-hashed name that the page's bundle then names instead. A
	// page that bundles the client but does not name its Worker would
	// load the unbundled one, which the service worker does not cache:
	// that is an error here, not a page that fails offline.
	if _, ok := pub[WorkerFile]; ok && (named(js, WorkerFile) || consumed["rtcprice.js"]) {
		if !named(js, WorkerFile) {
			return nil, fmt.Errorf("the bundle has the client (rtcprice.js) but does not name %q", "./"+WorkerFile)
		}
		wjs, winputs, err := bundleEntry(site, fmt.Sprintf("import %q;\n", "./"+WorkerFile), api.FormatESModule, false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", WorkerFile, err)
		}
		for _, in := range winputs {
			consumed[in] = true
		}
		wjs = hashWasm(wjs)
		wname := hashedName(WorkerFile, []byte(wjs))
		pub[wname] = []byte(wjs)
		js = rename(js, WorkerFile, wname)
	}
	js = hashWasm(js)
	first := html[mods[0][2]:mods[0][3]]
	name := hashedName(strings.TrimSuffix(first, path.Ext(first))+".js", []byte(js))
	pub[name] = []byte(js)
	for _, tag := range classic {
		html = strings.Replace(html, tag+"\n", "", 1)
		html = strings.Replace(html, tag, "", 1)
	}
	html = strings.Replace(html, moduleTags[0], `<script type="module" src="`+name+`"></script>`, 1)
	for _, tag := range moduleTags[1:] {
		html = strings.Replace(html, tag+"\n", "", 1)
		html = strings.Replace(html, tag, "", 1)
	}
	html = modulePreloads.ReplaceAllString(html, "")
	for _, f := range wasms {
		if consumed[f] {
			html = strings.ReplaceAll(html, `href="`+f+`"`, `href="`+hashedName(f, pub[f])+`"`)
		}
	}

	html = replaceAll(stylesheetTag, html, func(m []string) string {
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
	pub["index.html"] = []byte(html)
	return consumed, nil
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

// distManifest is the service worker manifest of the served site: the page
// ("./") and every published file it may load, that is all but the HTML
// pages (the example pages are not cached; index.html is "./"), the worker
// and its manifest, and the files the served page no longer loads. The
// version is a hash of exactly what is listed. RTCPRICE_IMMUTABLE names
// the content-hashed files: the worker may take them from the HTTP cache
// as they are (see site/sw.js).
func distManifest(pub map[string][]byte, consumed map[string]bool) []byte {
	var list []string
	for name := range pub {
		switch {
		case name == "sw.js", name == "sw-manifest.js", name == OfflineFile,
			strings.HasSuffix(name, ".html"), consumed[name]:
			continue
		}
		list = append(list, name)
	}
	sort.Strings(list)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", "./", len(pub["index.html"]))
	h.Write(pub["index.html"])
	var immutable []string
	for _, f := range list {
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(pub[f]))
		h.Write(pub[f])
		if hashedName(strings.Replace(f, "."+hashOf(f)+".", ".", 1), pub[f]) == f && hashOf(f) != "" {
			immutable = append(immutable, f)
		}
	}
	var b strings.Builder
	b.WriteString("// Generated by cmd/dist for the served site: do not edit.\n")
	fmt.Fprintf(&b, "self.RTCPRICE_VERSION = %q;\n", hex.EncodeToString(h.Sum(nil))[:16])
	b.WriteString("self.RTCPRICE_ASSETS = [\"./\"")
	for _, f := range list {
		fmt.Fprintf(&b, ", %q", f)
	}
	b.WriteString("];\nself.RTCPRICE_IMMUTABLE = [")
	for i, f := range immutable {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", f)
	}
	b.WriteString("];\n")
	return []byte(b.String())
}

var hashPart = regexp.MustCompile(`\.([0-9a-f]{12})\.[a-z0-9]+$`)

// hashOf returns the content hash in a name written by hashedName, or "".
func hashOf(name string) string {
	m := hashPart.FindStringSubmatch(name)
	if m == nil {
		return ""
	}
	return m[1]
}

// buildOffline writes only the one-file build into out.
func buildOffline(site, out, base string) error {
	page, err := offlinePage(site, base)
	if err != nil {
		return fmt.Errorf("%s: %w", OfflineFile, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, OfflineFile), page, 0o644)
}

// brotliLevel is the quality of the .br copies.
var brotliLevel = brotli.BestCompression

// publishAll publishes the same data under several names, compressing it
// once.
func publishAll(out string, names []string, data []byte) error {
	if err := publish(out, names[0], data); err != nil {
		return err
	}
	first := filepath.Join(out, filepath.FromSlash(names[0]))
	for _, name := range names[1:] {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		for _, ext := range []string{"", ".gz", ".br"} {
			b, err := os.ReadFile(first + ext)
			if err != nil {
				return err
			}
			if err := os.WriteFile(p+ext, b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// publish writes a file and its .gz and .br copies.
func publish(out, name string, data []byte) error {
	p := filepath.Join(out, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	gz, err := gzipBytes(data)
	if err != nil {
		return err
	}
	if err := os.WriteFile(p+".gz", gz, 0o644); err != nil {
		return err
	}
	var br bytes.Buffer
	w := brotli.NewWriterLevel(&br, brotliLevel)
	if _, err := w.Write(data); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(p+".br", br.Bytes(), 0o644)
}

func gzipBytes(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var (
	stylesheetTag = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"( media="([^"]+)")?>`)
	classicScript = regexp.MustCompile(`<script src="([^"]+)"></script>`)
	moduleScript  = regexp.MustCompile(`<script type="module" src="([^"]+)"></script>`)
	cspMeta       = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="[^"]*">`)
	// Links that fetch separate files have nothing to fetch in one file
	// (and its CSP would refuse them).
	fetchLinks = regexp.MustCompile(`<link rel="(manifest|preload|modulepreload|prefetch)"[^>]*>\n?`)
)

// offlinePage builds the one-file calculator from site/index.html: every
// stylesheet and script inlined, the modules bundled into one, calc.wasm
// embedded gzip-compressed in a data block and the Worker's code (bundled
// with wasm_exec.js) in another, both found by the page's loader
// (site/js/api.js: #calc-wasm, #rtcprice-worker), and a
// Content-Security-Policy that allows exactly these inline scripts and
// styles by hash, a Worker from a Blob URL, and no network at all.
// base (checkBaseURL) goes into <meta name="rtcprice-published">, where
// the page's share links look (site/js/share.js).
func offlinePage(site, base string) ([]byte, error) {
	if err := checkBaseURL(base); err != nil {
		return nil, err
	}
	read := func(name string) (string, error) {
		data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(name)))
		return string(data), err
	}
	html, err := read("index.html")
	if err != nil {
		return nil, err
	}
	var hashes struct{ scripts, styles []string }
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	var failed error
	fail := func(err error) string {
		if failed == nil {
			failed = err
		}
		return ""
	}

	html = replaceAll(stylesheetTag, html, func(m []string) string {
		css, err := read(m[1])
		if err != nil {
			return fail(err)
		}
		hashes.styles = append(hashes.styles, hash(css))
		media := ""
		if m[3] != "" {
			media = ` media="` + m[3] + `"`
		}
		return "<style" + media + ">" + css + "</style>"
	})
	html = replaceAll(classicScript, html, func(m []string) string {
		js, err := read(m[1])
		if err != nil {
			return fail(err)
		}
		js = strings.ReplaceAll(js, "</script", `<\/script`)
		hashes.scripts = append(hashes.scripts, hash(js))
		return "<script>" + js + "</script>"
	})
	var modules []string
	html = replaceAll(moduleScript, html, func(m []string) string {
		js, err := bundle(filepath.Join(site, filepath.FromSlash(m[1])))
		if err != nil {
			return fail(err)
		}
		js = strings.ReplaceAll(js, "</script", `<\/script`)
		hashes.scripts = append(hashes.scripts, hash(js))
		modules = append(modules, `<script type="module">`+js+"</script>")
		return ""
	})
	if failed != nil {
		return nil, failed
	}
	if len(modules) == 0 {
		return nil, errors.New("index.html has no <script type=\"module\" src=…>")
	}
	html = fetchLinks.ReplaceAllString(html, "")

	wasm, err := os.ReadFile(filepath.Join(site, "calc.wasm"))
	if err != nil {
		return nil, err
	}
	gz, err := gzipBytes(wasm)
	if err != nil {
		return nil, err
	}
	data := `<script type="application/octet-stream" id="calc-wasm" data-encoding="gzip">` +
		base64.StdEncoding.EncodeToString(gz) + "</script>\n"
	// A classic script: Chromium refuses a module Worker from a blob: URL
	// made by a file:// page (an opaque origin), not a classic one.
	worker, err := bundleAs(filepath.Join(site, WorkerFile), api.FormatIIFE)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", WorkerFile, err)
	}
	// A data block (not run as a script here: no hash needed) that the page
	// runs as the Worker, from a Blob URL.
	data += `<script type="text/plain" id="rtcprice-worker">` +
		strings.ReplaceAll(worker, "</script", `<\/script`) + "</script>\n"

	csp := "default-src 'none'; script-src " + strings.Join(hashes.scripts, " ") +
		" 'wasm-unsafe-eval'; style-src " + strings.Join(hashes.styles, " ") +
		"; img-src data:; connect-src 'none'; worker-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'"
	if !cspMeta.MatchString(html) {
		return nil, errors.New("index.html has no Content-Security-Policy meta tag")
	}
	published := ""
	if base != "" {
		published = "\n" + `<meta name="rtcprice-published" content="` + stdhtml.EscapeString(base) + `">`
	}
	html = cspMeta.ReplaceAllLiteralString(html, `<meta http-equiv="Content-Security-Policy" content="`+csp+`">`+published)

	end := strings.LastIndex(html, "</body>")
	if end < 0 {
		return nil, errors.New("index.html has no </body>")
	}
	html = html[:end] + data + strings.Join(modules, "\n") + "\n" + html[end:]
	return []byte(html), nil
}

// checkBaseURL accepts "" or an absolute http(s) URL of a folder (ending
// in "/") with no query or fragment: the hash of a share link is added to it.
func checkBaseURL(base string) error {
	if base == "" {
		return nil
	}
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || !strings.HasSuffix(u.Path, "/") {
		return fmt.Errorf("%q is not an http(s) address of a folder (like %s)", base, DefaultBaseURL)
	}
	return nil
}

func replaceAll(re *regexp.Regexp, s string, f func(m []string) string) string {
	return re.ReplaceAllStringFunc(s, func(match string) string { return f(re.FindStringSubmatch(match)) })
}

// bundle bundles an ES module and its imports into one ES module.
func bundle(entry string) (string, error) {
	return bundleAs(entry, api.FormatESModule)
}

// bundleAs bundles an ES module and its imports into one script of the
// given format.
func bundleAs(entry string, format api.Format) (string, error) {
	js, _, err := bundleEntry(filepath.Dir(entry), fmt.Sprintf("import %q;\n", "./"+filepath.Base(entry)), format, false)
	return js, err
}

// bundleEntry bundles the module source entry, whose imports are relative
// to dir, into one script of the given format, and returns the files of
// dir it was made of (slash paths relative to dir).
func bundleEntry(dir, entry string, format api.Format, minifyIdentifiers bool) (string, []string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil, err
	}
	res := api.Build(api.BuildOptions{
		Stdin: &api.StdinOptions{
			Contents:   entry,
			ResolveDir: abs,
			Sourcefile: "<entry>",
			Loader:     api.LoaderJS,
		},
		AbsWorkingDir:     abs,
		Bundle:            true,
		Format:            format,
		Target:            api.ES2022,
		MinifyWhitespace:  true,
		MinifySyntax:      true,
		LegalComments:     api.LegalCommentsNone,
		Write:             false,
		LogLevel:          api.LogLevelSilent,
		Outfile:           "bundle.js",
		Charset:           api.CharsetUTF8,
		TreeShaking:       api.TreeShakingTrue,
		MinifyIdentifiers: minifyIdentifiers,
		Metafile:          true,
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, e := range res.Errors {
			loc := ""
			if e.Location != nil {
				loc = fmt.Sprintf("%s:%d: ", e.Location.File, e.Location.Line)
			}
			msgs = append(msgs, loc+e.Text)
		}
		return "", nil, errors.New("bundling: " + strings.Join(msgs, "; "))
	}
	if len(res.OutputFiles) != 1 {
		return "", nil, fmt.Errorf("bundling gave %d files", len(res.OutputFiles))
	}
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return "", nil, fmt.Errorf("bundling: metafile: %w", err)
	}
	var inputs []string
	for in := range meta.Inputs {
		if in == "<entry>" || strings.HasPrefix(in, "..") || strings.HasPrefix(in, "/") {
			continue
		}
		inputs = append(inputs, filepath.ToSlash(in))
	}
	sort.Strings(inputs)
	return string(res.OutputFiles[0].Contents), inputs, nil
}
