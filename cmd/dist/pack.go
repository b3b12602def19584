package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rtcprice/rtcprice/calc"
)

// PackageName is the npm package's name.
const PackageName = "rtcprice"

// packageFiles are the files of site/ the npm package carries: the
// element, the client (with its request walker and engine) and its
// Worker, the module, the page modules the
// element renders with (js/, added by packageSources) and the styles.
var packageFiles = []string{
	"rtcprice-element.js", "rtcprice-element.css", "rtcprice.js",
	"rtcprice-request.js", "rtcprice-engine.js", WorkerFile,
	"calc.wasm", "wasm_exec.js", "style.css", "tools.css",
}

// npmFiles are the package's own files in npm/ (declarations, README).
var npmFiles = []string{"README.md", "rtcprice.d.ts", "rtcprice-element.d.ts"}

// PackageJSON is package.json of the npm package. Its version is
// calc.Version, the one the module reports as rtcprice.version.
func PackageJSON() ([]byte, error) {
	exp := map[string]any{
		".":                      map[string]string{"types": "./rtcprice.d.ts", "default": "./rtcprice.js"},
		"./element":              map[string]string{"types": "./rtcprice-element.d.ts", "default": "./rtcprice-element.js"},
		"./rtcprice.js":          map[string]string{"types": "./rtcprice.d.ts", "default": "./rtcprice.js"},
		"./rtcprice-element.js":  map[string]string{"types": "./rtcprice-element.d.ts", "default": "./rtcprice-element.js"},
		"./rtcprice-worker.js":   "./rtcprice-worker.js",
		"./calc.wasm":            "./calc.wasm",
		"./wasm_exec.js":         "./wasm_exec.js",
		"./style.css":            "./style.css",
		"./tools.css":            "./tools.css",
		"./rtcprice-element.css": "./rtcprice-element.css",
		"./package.json":         "./package.json",
	}
	files := append(append([]string{}, packageFiles...), "js/", "rtcprice.d.ts", "rtcprice-element.d.ts")
	sort.Strings(files)
	pkg := map[string]any{
		"name":        PackageName,
		"version":     calc.Version,
		"description": "Pricing calculator for real-time audio/video minute packages: exact prices in WebAssembly, a Worker client and the <rtcprice-calculator> element",
		"license":     "MIT",
		"type":        "module",
		"main":        "./rtcprice.js",
		"types":       "./rtcprice.d.ts",
		"exports":     exp,
		"files":       files,
		"sideEffects": []string{"./rtcprice-element.js"},
		"keywords":    []string{"pricing", "calculator", "webassembly", "web-component", "rtc"},
	}
	b, err := json.MarshalIndent(pkg, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// PackageFile is the name npm pack gives the package's tarball.
func PackageFile() string {
	return fmt.Sprintf("%s-%s.tgz", PackageName, calc.Version)
}

// pack stages the npm package from site, npm/ (beside site) and LICENSE
// and writes out/rtcprice-<version>.tgz with npm pack.
func pack(site, out string) (string, error) {
	repo := filepath.Dir(filepath.Clean(site))
	if abs, err := filepath.Abs(site); err == nil {
		repo = filepath.Dir(abs)
	}
	stage, err := os.MkdirTemp("", "rtcprice-pack-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(stage)
	cp := func(from, to string) error {
		data, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	}
	for _, f := range packageFiles {
		if err := cp(filepath.Join(site, f), filepath.Join(stage, f)); err != nil {
			return "", err
		}
	}
	mods, err := filepath.Glob(filepath.Join(site, "js", "*.js"))
	if err != nil {
		return "", err
	}
	for _, m := range mods {
		if err := cp(m, filepath.Join(stage, "js", filepath.Base(m))); err != nil {
			return "", err
		}
	}
	for _, f := range npmFiles {
		if err := cp(filepath.Join(repo, "npm", f), filepath.Join(stage, f)); err != nil {
			return "", err
		}
	}
	if err := cp(filepath.Join(repo, "LICENSE"), filepath.Join(stage, "LICENSE")); err != nil {
		return "", err
	}
	pj, err := PackageJSON()
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(stage, "package.json"), pj, 0o644); err != nil {
		return "", err
	}
	dest, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return "", err
	}
	cmd := exec.Command("npm", "pack", "--pack-destination", dest)
	cmd.Dir = stage
	cmd.Env = append(os.Environ(), "npm_config_cache="+filepath.Join(stage, ".npm-cache"), "npm_config_update_notifier=false", "npm_config_fund=false", "npm_config_audit=false")
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("npm pack: %v: %s", err, msg)
	}
	name := PackageFile()
	if _, err := os.Stat(filepath.Join(dest, name)); err != nil {
		return "", fmt.Errorf("npm pack wrote no %s: %s", name, strings.TrimSpace(string(msg)))
	}
	return filepath.Join(dest, name), nil
}
