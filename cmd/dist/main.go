// Command dist builds what rtcprice publishes:
//
//   - site/js/catalogs-data.js (always, catalogs.go): the embedded
//     catalogs as the page's forms need them before calc.wasm is loaded;
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
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strings"
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
	// The page's copy of the catalogs: every build below carries it.
	if err := writeCatalogs(*site); err != nil {
		log.Fatal("dist: ", CatalogsFile, ": ", err)
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
