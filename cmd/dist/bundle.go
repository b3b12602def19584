package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
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
