// Package static serves a built site (dist/, written by cmd/dist) the way
// a good static host does, so that `make serve` gives what a user should
// get and the README can say what a production host must do alike:
//
//   - precompressed variants: name.br or name.gz beside name is sent for
//     a request that accepts it (brotli first), with Content-Encoding and,
//     for every file that has a variant, Vary: Accept-Encoding;
//   - types: .wasm as application/wasm, text as UTF-8;
//   - caching: a content-hashed name (app.3f9a1c2e0b.js, as cmd/dist
//     writes them) is immutable for a year; everything else (the HTML,
//     calc.wasm, sw.js) is revalidated on every use (no-cache) against a
//     strong ETag from its contents, one per encoding;
//   - no directory listings: a directory is served by its index.html or
//     not at all; dotfiles and the .br/.gz variants themselves are 404;
//   - security headers: an HTML page's Content-Security-Policy (the one
//     its <meta http-equiv> states, as a header, so it holds from the
//     first byte of the response; none for a page that states none), X-Content-Type-Options: nosniff, Referrer-Policy:
//     no-referrer, Cross-Origin-Opener-Policy: same-origin. No
//     X-Frame-Options: the calculator is meant to be embedded (?embed=1).
package static

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Handler serves the files under a root directory.
type Handler struct {
	root string

	mu   sync.Mutex
	tags map[string]tagEntry // file path -> its ETag, while unchanged
}

type tagEntry struct {
	size int64
	mod  time.Time
	tag  string
	csp  string
}

// New returns a Handler for the files under root.
func New(root string) *Handler {
	return &Handler{root: root, tags: map[string]tagEntry{}}
}

// Immutable is the Cache-Control of a content-hashed asset.
const Immutable = "public, max-age=31536000, immutable"

// Revalidate is the Cache-Control of everything else.
const Revalidate = "no-cache"

// hashedName matches the names cmd/dist gives content-hashed assets:
// base.<10+ hex digits>.ext.
var hashedName = regexp.MustCompile(`\.[0-9a-f]{10,}\.[a-z0-9]+$`)

// Hashed reports whether a file name carries its content hash.
func Hashed(name string) bool { return hashedName.MatchString(name) }

var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".webmanifest": "application/manifest+json",
}

// ContentType is the type a file is served with.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// cspMeta finds a page's policy.
var cspMeta = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)

// PageCSP returns the Content-Security-Policy an HTML page states in its
// meta tag, or "".
func PageCSP(html []byte) string {
	m := cspMeta.FindSubmatch(html)
	if m == nil {
		return ""
	}
	return string(m[1])
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	clean, name, ok := cleanPath(r.URL.Path)
	if !ok {
		notFound(w)
		return
	}
	file := filepath.Join(h.root, filepath.FromSlash(name))
	info, err := os.Stat(file)
	if err != nil {
		notFound(w)
		return
	}
	if info.IsDir() {
		// A directory is its index page, at the address with a slash.
		if _, err := os.Stat(filepath.Join(file, "index.html")); err != nil {
			notFound(w)
			return
		}
		target := path.Base(clean) + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	tag, csp, err := h.etag(file, info)
	if err != nil {
		notFound(w)
		return
	}

	ctype := ContentType(name)
	hd.Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		// A page's own policy, never one it did not state (which could
		// refuse what the page needs, such as 'wasm-unsafe-eval').
		if csp != "" {
			hd.Set("Content-Security-Policy", csp)
		}
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	}
	if Hashed(name) {
		hd.Set("Cache-Control", Immutable)
	} else {
		hd.Set("Cache-Control", Revalidate)
	}

	serve, encoding, variants := negotiate(file, r.Header.Get("Accept-Encoding"))
	if variants {
		hd.Add("Vary", "Accept-Encoding")
	}
	f, err := os.Open(serve)
	if err != nil {
		hd.Del("Vary")
		notFound(w)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		notFound(w)
		return
	}
	if encoding != "" {
		hd.Set("Content-Encoding", encoding)
		// One strong ETag per representation.
		tag = strings.TrimSuffix(tag, `"`) + "-" + encoding + `"`
		// ServeContent leaves Content-Length out of an encoded response
		// (a browser then cannot show progress); ranges of an encoded
		// representation are of no use to a page: whole responses only.
		r.Header.Del("Range")
		hd.Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
	}
	hd.Set("ETag", tag)
	// ServeContent answers If-None-Match with 304 and HEAD, and ranges.
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// cleanPath checks a request path: it must be clean (no "..", no double
// slashes), name no hidden file or folder and no compressed copy. It
// returns the path and the name of the file it serves (a folder's
// index.html).
func cleanPath(p string) (clean, name string, ok bool) {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	clean = path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if clean != p {
		return "", "", false
	}
	for _, seg := range strings.Split(clean, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", "", false
		}
	}
	name = clean
	if strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
		return "", "", false
	}
	return clean, name, true
}

// negotiate picks the representation of file to send for an
// Accept-Encoding header: its brotli copy, else its gzip copy, else the
// file itself; variants reports whether it has compressed copies at all
// (the response then varies with Accept-Encoding).
func negotiate(file, accept string) (serve, encoding string, variants bool) {
	serve = file
	for _, enc := range []struct{ coding, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		vi, err := os.Stat(file + enc.ext)
		if err != nil || vi.IsDir() {
			continue
		}
		variants = true
		if encoding == "" && Accepts(accept, enc.coding) {
			serve, encoding = file+enc.ext, enc.coding
		}
	}
	return serve, encoding, variants
}

// etag returns a file's strong ETag (its content hash) and, for HTML, the
// policy its meta tag states; both are kept while the file is unchanged.
func (h *Handler) etag(file string, info os.FileInfo) (string, string, error) {
	h.mu.Lock()
	e, ok := h.tags[file]
	h.mu.Unlock()
	if ok && e.size == info.Size() && e.mod.Equal(info.ModTime()) {
		return e.tag, e.csp, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	sum := sha256.New()
	var head []byte
	if strings.HasSuffix(file, ".html") {
		data, err := io.ReadAll(f)
		if err != nil {
			return "", "", err
		}
		sum.Write(data)
		head = data
	} else if _, err := io.Copy(sum, f); err != nil {
		return "", "", err
	}
	e = tagEntry{size: info.Size(), mod: info.ModTime(), tag: `"` + hex.EncodeToString(sum.Sum(nil))[:20] + `"`, csp: PageCSP(head)}
	h.mu.Lock()
	h.tags[file] = e
	h.mu.Unlock()
	return e.tag, e.csp, nil
}

func notFound(w http.ResponseWriter) {
	hd := w.Header()
	for _, k := range []string{"Cache-Control", "Content-Encoding", "ETag", "Vary", "Content-Security-Policy"} {
		hd.Del(k)
	}
	hd.Set("Cache-Control", "no-cache")
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// Accepts reports whether an Accept-Encoding header value accepts coding
// (with a q-value above zero, by name or by "*").
func Accepts(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		name := strings.ToLower(strings.TrimSpace(fields[0]))
		q := 1.0
		for _, param := range fields[1:] {
			param = strings.TrimSpace(param)
			if v, ok := strings.CutPrefix(strings.ToLower(param), "q="); ok {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					f = 0
				}
				q = f
			}
		}
		switch name {
		case coding:
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}
