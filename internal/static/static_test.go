package static

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const page = `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">
</head><body>hi</body></html>`

// site writes a small built site: every file with the given contents, and
// the .br/.gz variants marked by their own contents so that a test can
// tell which representation it got.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":             page,
		"index.html.br":          "BR:index",
		"index.html.gz":          "GZ:index",
		"calc.wasm":              "\x00asm-raw",
		"calc.wasm.br":           "BR:wasm",
		"calc.wasm.gz":           "GZ:wasm",
		"app.0123456789ab.js":    "console.log(1)",
		"app.0123456789ab.js.gz": "GZ:app",
		"style.css":              "body{}",
		"sub/note.txt":           "note",
		"docs/index.html":        "<!doctype html><p>docs</p>",
		".secret":                "no",
		"plain.html":             "<!doctype html><p>no policy</p>",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func get(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestEncodingNegotiation(t *testing.T) {
	h := New(site(t))
	for _, c := range []struct {
		accept, wantEnc, wantBody string
	}{
		{"gzip, deflate, br, zstd", "br", "BR:wasm"},
		{"br", "br", "BR:wasm"},
		{"gzip", "gzip", "GZ:wasm"},
		{"gzip, br;q=0", "gzip", "GZ:wasm"},
		{"br;q=0, gzip;q=0", "", "\x00asm-raw"},
		{"*", "br", "BR:wasm"},
		{"*, br;q=0", "gzip", "GZ:wasm"},
		{"identity", "", "\x00asm-raw"},
		{"", "", "\x00asm-raw"},
	} {
		rec := get(t, h, "GET", "/calc.wasm", map[string]string{"Accept-Encoding": c.accept})
		if rec.Code != 200 {
			t.Fatalf("Accept-Encoding %q: status %d", c.accept, rec.Code)
		}
		if got := rec.Header().Get("Content-Encoding"); got != c.wantEnc {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, got, c.wantEnc)
		}
		if got := rec.Body.String(); got != c.wantBody {
			t.Errorf("Accept-Encoding %q: body %q, want %q", c.accept, got, c.wantBody)
		}
		if got := rec.Header().Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q, want Accept-Encoding", c.accept, got)
		}
		if got := rec.Header().Get("Content-Type"); got != "application/wasm" {
			t.Errorf("calc.wasm: Content-Type %q", got)
		}
	}
	// Only a gzip copy: brotli is not invented.
	rec := get(t, h, "GET", "/app.0123456789ab.js", map[string]string{"Accept-Encoding": "br, gzip"})
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Body.String() != "GZ:app" {
		t.Errorf("app.js with only a .gz: got %q %q", rec.Header().Get("Content-Encoding"), rec.Body.String())
	}
	// No variant at all: no Vary, no encoding.
	rec = get(t, h, "GET", "/style.css", map[string]string{"Accept-Encoding": "br, gzip"})
	if rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("Vary") != "" || rec.Body.String() != "body{}" {
		t.Errorf("style.css without variants: encoding %q, Vary %q, body %q", rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"), rec.Body.String())
	}
}

func TestTypes(t *testing.T) {
	h := New(site(t))
	for target, want := range map[string]string{
		"/":                    "text/html; charset=utf-8",
		"/calc.wasm":           "application/wasm",
		"/app.0123456789ab.js": "text/javascript; charset=utf-8",
		"/style.css":           "text/css; charset=utf-8",
		"/sub/note.txt":        "text/plain; charset=utf-8",
	} {
		rec := get(t, h, "GET", target, nil)
		if rec.Code != 200 {
			t.Errorf("%s: status %d", target, rec.Code)
		}
		if got := rec.Header().Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", target, got, want)
		}
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", target, got)
		}
	}
}

func TestCaching(t *testing.T) {
	h := New(site(t))
	for target, want := range map[string]string{
		"/":                    Revalidate,
		"/index.html":          Revalidate,
		"/calc.wasm":           Revalidate,
		"/style.css":           Revalidate,
		"/app.0123456789ab.js": Immutable,
	} {
		rec := get(t, h, "GET", target, map[string]string{"Accept-Encoding": "br"})
		if got := rec.Header().Get("Cache-Control"); got != want {
			t.Errorf("%s: Cache-Control %q, want %q", target, got, want)
		}
		tag := rec.Header().Get("ETag")
		if !strings.HasPrefix(tag, `"`) || len(tag) < 10 {
			t.Fatalf("%s: no strong ETag: %q", target, tag)
		}
		// Revalidation: the same tag gives 304 with no body.
		again := get(t, h, "GET", target, map[string]string{"Accept-Encoding": "br", "If-None-Match": tag})
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("%s with If-None-Match %s: status %d, %d bytes", target, tag, again.Code, again.Body.Len())
		}
		if again.Header().Get("Cache-Control") != want {
			t.Errorf("%s: 304 without Cache-Control %q", target, want)
		}
	}
	// Each representation has its own tag, and the identity tag does not
	// validate the brotli one.
	br := get(t, h, "GET", "/calc.wasm", map[string]string{"Accept-Encoding": "br"}).Header().Get("ETag")
	gz := get(t, h, "GET", "/calc.wasm", map[string]string{"Accept-Encoding": "gzip"}).Header().Get("ETag")
	id := get(t, h, "GET", "/calc.wasm", nil).Header().Get("ETag")
	if br == gz || br == id || gz == id {
		t.Errorf("ETags of the representations are not distinct: br %s gzip %s identity %s", br, gz, id)
	}
	if rec := get(t, h, "GET", "/calc.wasm", map[string]string{"Accept-Encoding": "br", "If-None-Match": id}); rec.Code != 200 {
		t.Errorf("the identity ETag validated the brotli representation: status %d", rec.Code)
	}
}

func TestChangedFileGetsNewETag(t *testing.T) {
	dir := site(t)
	h := New(dir)
	before := get(t, h, "GET", "/style.css", nil).Header().Get("ETag")
	if err := os.WriteFile(filepath.Join(dir, "style.css"), []byte("body{color:red}"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := get(t, h, "GET", "/style.css", map[string]string{"If-None-Match": before})
	if rec.Code != 200 || rec.Body.String() != "body{color:red}" || rec.Header().Get("ETag") == before {
		t.Errorf("after a change: status %d, body %q, ETag %s (was %s)", rec.Code, rec.Body.String(), rec.Header().Get("ETag"), before)
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := New(site(t))
	rec := get(t, h, "GET", "/", map[string]string{"Accept-Encoding": "br"})
	if got, want := rec.Header().Get("Content-Security-Policy"), "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"; got != want {
		t.Errorf("CSP header %q, want the page's own %q", got, want)
	}
	if got := rec.Header().Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("Referrer-Policy %q", got)
	}
	if got := rec.Header().Get("X-Frame-Options"); got != "" {
		t.Errorf("X-Frame-Options %q would stop the embed", got)
	}
	if got := get(t, h, "GET", "/plain.html", nil).Header().Get("Content-Security-Policy"); got != "" {
		t.Errorf("a page without a policy: CSP %q, want none", got)
	}
}

func TestNoListingAnd404(t *testing.T) {
	h := New(site(t))
	for _, target := range []string{
		"/sub/", "/sub", "/missing.js", "/.secret", "/calc.wasm.br", "/index.html.gz",
		"/../etc/passwd", "/sub/../.secret", "/docs//index.html",
	} {
		rec := get(t, h, "GET", target, map[string]string{"Accept-Encoding": "br, gzip"})
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404 (body %.60q)", target, rec.Code, rec.Body.String())
		}
		if rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("ETag") != "" {
			t.Errorf("%s: a 404 with Content-Encoding %q, ETag %q", target, rec.Header().Get("Content-Encoding"), rec.Header().Get("ETag"))
		}
		if strings.Contains(rec.Body.String(), "note.txt") {
			t.Errorf("%s lists a directory", target)
		}
	}
	// A directory with an index page is served at its address with a slash.
	rec := get(t, h, "GET", "/docs?x=1", nil)
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/docs/?x=1" {
		t.Errorf("/docs: status %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := get(t, h, "GET", "/docs/", nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), "docs") {
		t.Errorf("/docs/: status %d", rec.Code)
	}
	if rec := get(t, h, "POST", "/", nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d", rec.Code)
	}
	if rec := get(t, h, "HEAD", "/calc.wasm", map[string]string{"Accept-Encoding": "br"}); rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Encoding") != "br" {
		t.Errorf("HEAD /calc.wasm: status %d, %d bytes, encoding %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Encoding"))
	}
}

// The policy the server sends with the calculator is the one its page
// states: the header cannot drift from the meta tag.
func TestSitePoliciesAreTheirMetaTags(t *testing.T) {
	h := New("../../site")
	for _, p := range []string{"/", "/api-example.html", "/embed-example.html"} {
		data, err := os.ReadFile(filepath.Join("../../site", strings.TrimPrefix(p, "/")+map[bool]string{true: "index.html"}[strings.HasSuffix(p, "/")]))
		if err != nil {
			t.Fatal(err)
		}
		want := PageCSP(data)
		if want == "" {
			t.Fatalf("site%s states no Content-Security-Policy", p)
		}
		if got := get(t, h, "GET", p, nil).Header().Get("Content-Security-Policy"); got != want {
			t.Errorf("%s: CSP header %q, want %q", p, got, want)
		}
	}
}

func TestEncodedLength(t *testing.T) {
	h := New(site(t))
	rec := get(t, h, "GET", "/calc.wasm", map[string]string{"Accept-Encoding": "br", "Range": "bytes=0-1"})
	if rec.Code != 200 || rec.Header().Get("Content-Length") != "7" || rec.Body.String() != "BR:wasm" {
		t.Errorf("brotli calc.wasm: status %d, Content-Length %q, body %q", rec.Code, rec.Header().Get("Content-Length"), rec.Body.String())
	}
	rec = get(t, h, "GET", "/calc.wasm", map[string]string{"Accept-Encoding": "br", "If-None-Match": rec.Header().Get("ETag")})
	if rec.Code != http.StatusNotModified || rec.Header().Get("Content-Length") != "" {
		t.Errorf("304: status %d, Content-Length %q", rec.Code, rec.Header().Get("Content-Length"))
	}
}
