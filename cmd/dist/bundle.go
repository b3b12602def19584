package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

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
		return "", nil, bundleErrors(res.Errors)
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

// split is the page's bundle cut into chunks (esbuild's code splitting):
// the entry, and the chunks it and the modules it imports with import()
// load, by the names esbuild gave them (relative to the output folder).
type split struct {
	entry  string            // the entry's output name
	files  map[string]string // output name -> code
	static map[string]bool   // the chunks the entry imports statically
	inputs []string          // the files of the site it was made of
}

// entryOut is the entry's output name before hashing: one no module of
// the site is named, so that a string literal naming it can only be an
// import of it.
const entryOut = "rtcprice-entry.js"

// compileHint heads every file of the page's bundle: V8's explicit
// compile hint (Chromium 136 and later; a comment to other engines). A
// script so marked is compiled whole as it loads, on a background thread,
// while calc.wasm is still on its way; without it each function is
// compiled on the main thread when first called, and on a phone profile
// (make bench-load) those compilations fell between calc.wasm's answer and
// the first quote on screen (about 30 ms of its main thread, in a trace).
const compileHint = "//# allFunctionsCalledOnLoad"

// bundleSplit bundles the module source entry, whose imports are relative
// to dir, into an ES module entry and chunks: a module the code imports
// with import() (a view the page draws when it is shown) is loaded then,
// and code it shares with the entry goes into chunks both import.
func bundleSplit(dir, entry string) (*split, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
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
		Splitting:         true,
		Banner:            map[string]string{"js": compileHint},
		Format:            api.FormatESModule,
		Target:            api.ES2022,
		MinifyWhitespace:  true,
		MinifySyntax:      true,
		MinifyIdentifiers: true,
		LegalComments:     api.LegalCommentsNone,
		Write:             false,
		LogLevel:          api.LogLevelSilent,
		Outdir:            "out",
		EntryNames:        strings.TrimSuffix(entryOut, ".js"),
		ChunkNames:        "[name]-[hash]",
		Charset:           api.CharsetUTF8,
		TreeShaking:       api.TreeShakingTrue,
		Metafile:          true,
	})
	if len(res.Errors) > 0 {
		return nil, bundleErrors(res.Errors)
	}
	var meta struct {
		Inputs  map[string]json.RawMessage `json:"inputs"`
		Outputs map[string]struct {
			EntryPoint string `json:"entryPoint"`
			Imports    []struct {
				Path string `json:"path"`
				Kind string `json:"kind"`
			} `json:"imports"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return nil, fmt.Errorf("bundling: metafile: %w", err)
	}
	outDir := filepath.Join(abs, "out")
	s := &split{files: map[string]string{}, static: map[string]bool{}}
	for _, f := range res.OutputFiles {
		rel, err := filepath.Rel(outDir, f.Path)
		if err != nil || strings.Contains(rel, string(filepath.Separator)) || path.Ext(rel) != ".js" {
			return nil, fmt.Errorf("bundling: unexpected output %s", f.Path)
		}
		s.files[rel] = string(f.Contents)
	}
	if _, ok := s.files[entryOut]; !ok {
		return nil, fmt.Errorf("bundling: no %s among the outputs", entryOut)
	}
	s.entry = entryOut
	for name, o := range meta.Outputs {
		if path.Base(name) != entryOut {
			continue
		}
		for _, im := range o.Imports {
			if im.Kind == "import-statement" {
				s.static[path.Base(im.Path)] = true
			}
		}
	}
	for in := range meta.Inputs {
		if in == "<entry>" || strings.HasPrefix(in, "..") || strings.HasPrefix(in, "/") {
			continue
		}
		s.inputs = append(s.inputs, filepath.ToSlash(in))
	}
	sort.Strings(s.inputs)
	return s, nil
}

// hashChunks gives every output of s a content-hashed name, base.<hash>.js
// (base: the name esbuild gave it, less its own hash), and names it so in
// the chunks that import it: a chunk is hashed after the chunks it names,
// so that its name changes whenever anything it loads does. It returns
// the old name -> new name.
func hashChunks(s *split, entryBase string) (map[string]string, error) {
	names := make([]string, 0, len(s.files))
	for n := range s.files {
		names = append(names, n)
	}
	sort.Strings(names)
	done := map[string]string{}
	for len(done) < len(names) {
		progress := false
		for _, n := range names {
			if _, ok := done[n]; ok {
				continue
			}
			js := s.files[n]
			ready := true
			for _, o := range names {
				if o != n && named(js, o) {
					if _, ok := done[o]; !ok {
						ready = false
						break
					}
				}
			}
			if !ready {
				continue
			}
			for _, o := range names {
				if h, ok := done[o]; ok && o != n {
					js = rename(js, o, h)
				}
			}
			base := chunkBase.ReplaceAllString(n, ".js")
			if n == s.entry {
				base = entryBase
			}
			s.files[n] = js
			done[n] = hashedName(base, []byte(js))
			progress = true
		}
		if !progress {
			return nil, errors.New("bundling: the chunks import each other in a cycle")
		}
	}
	return done, nil
}

// chunkBase is the "-<hash>.js" esbuild's ChunkNames add.
var chunkBase = regexp.MustCompile(`-[A-Z0-9]{8}\.js$`)

// bundleErrors is esbuild's errors as one error, each with its place.
func bundleErrors(errs []api.Message) error {
	msgs := make([]string, 0, len(errs))
	for _, e := range errs {
		loc := ""
		if e.Location != nil {
			loc = fmt.Sprintf("%s:%d: ", e.Location.File, e.Location.Line)
		}
		msgs = append(msgs, loc+e.Text)
	}
	return errors.New("bundling: " + strings.Join(msgs, "; "))
}
