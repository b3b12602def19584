package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

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
