package main

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	stdhtml "html"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

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

func replaceAll(re *regexp.Regexp, s string, f func(m []string) string) string {
	return re.ReplaceAllStringFunc(s, func(match string) string { return f(re.FindStringSubmatch(match)) })
}
