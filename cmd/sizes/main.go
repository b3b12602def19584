// Command sizes reports how big WebAssembly modules are as a browser
// downloads them: raw, gzip (level 9) and brotli (quality 11), and the
// ratio of the first module to the second (`make size` passes calc.wasm
// and the floor module). It prints Markdown, for a terminal or a CI job
// summary.
//
// Usage:
//
//	sizes [-breakdown unstripped.wasm [-floor-breakdown unstripped-floor.wasm]] [-top N] name=path floor=path
//
// With -breakdown it also lists what the code of an unstripped build of
// the first module is made of, by Go package (from the wasm "name"
// section), beside the data section (type information, strings, tables,
// embedded files); with -floor-breakdown too, what it adds to the
// floor's, largest first.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/rtcprice/rtcprice/internal/wasmdata"
)

func main() {
	breakdown := flag.String("breakdown", "", "an unstripped build of the first module, to list its code by package")
	floorBreakdown := flag.String("floor-breakdown", "", "an unstripped build of the second module, to list what the first adds to it")
	top := flag.Int("top", 12, "packages to list with -breakdown")
	funcs := flag.Int("funcs", 0, "with -breakdown, also list this many of the first module's largest functions")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: sizes [-breakdown unstripped.wasm] [-top N] name=path floor=path")
		os.Exit(2)
	}
	if err := run(os.Stdout, flag.Args(), *breakdown, *floorBreakdown, *top, *funcs); err != nil {
		fmt.Fprintln(os.Stderr, "sizes:", err)
		os.Exit(1)
	}
}

// Sizes are the sizes of one module, in bytes.
type Sizes struct {
	Raw, Gzip, Brotli int
}

// Measure compresses data as a server would precompress a static file.
func Measure(data []byte) (Sizes, error) {
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return Sizes{}, err
	}
	if _, err := zw.Write(data); err != nil {
		return Sizes{}, err
	}
	if err := zw.Close(); err != nil {
		return Sizes{}, err
	}
	var br bytes.Buffer
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	if _, err := bw.Write(data); err != nil {
		return Sizes{}, err
	}
	if err := bw.Close(); err != nil {
		return Sizes{}, err
	}
	return Sizes{Raw: len(data), Gzip: gz.Len(), Brotli: br.Len()}, nil
}

func run(w io.Writer, args []string, breakdown, floorBreakdown string, top, funcs int) error {
	names := make([]string, len(args))
	sizes := make([]Sizes, len(args))
	for i, a := range args {
		name, path, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("%q is not name=path", a)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s, err := Measure(data)
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		names[i], sizes[i] = name, s
	}
	m, f := sizes[0], sizes[1]
	fmt.Fprintf(w, "### Module size\n\n")
	fmt.Fprintf(w, "| module | raw | gzip -9 | brotli -11 |\n|---|---:|---:|---:|\n")
	for i := range names {
		s := sizes[i]
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", names[i], kib(s.Raw), kib(s.Gzip), kib(s.Brotli))
	}
	fmt.Fprintf(w, "| %s / %s | %.2f× | %.2f× | %.2f× |\n\n", names[0], names[1],
		ratio(m.Raw, f.Raw), ratio(m.Gzip, f.Gzip), ratio(m.Brotli, f.Brotli))
	verdict := "meets"
	if ratio(m.Brotli, f.Brotli) > 1.5 {
		verdict = "misses"
	}
	fmt.Fprintf(w, "Goal: brotli size at most 1.5× the floor's. %s: %.2f×, %s over the floor (measured, not asserted).\n",
		verdict, ratio(m.Brotli, f.Brotli), kib(m.Brotli-f.Brotli))
	if breakdown == "" {
		return nil
	}
	b, err := analyzeFile(breakdown)
	if err != nil {
		return err
	}
	floor := &Breakdown{ByFunc: map[string]int{}}
	if floorBreakdown != "" {
		if floor, err = analyzeFile(floorBreakdown); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\n### What %s is made of (unstripped builds)\n\n", names[0])
	fmt.Fprintf(w, "| part | %s | %s | added |\n|---|---:|---:|---:|\n", names[0], names[1])
	for _, p := range []struct {
		name string
		a, b int
	}{
		{"code, all functions", b.Code, floor.Code},
		{"data (type info, strings, tables, embedded files)", b.Data, floor.Data},
		{"other sections (names, imports, ...)", b.Other, floor.Other},
	} {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", p.name, kib(p.a), kib(p.b), kib(p.a-p.b))
	}
	fmt.Fprintf(w, "\nCode by Go package, by what it adds to %s:\n\n", names[1])
	fmt.Fprintf(w, "| package | %s | %s | added | share of added code |\n|---|---:|---:|---:|---:|\n", names[0], names[1])
	base := map[string]int{}
	for _, p := range floor.Packages() {
		base[p.Name] = p.Bytes
	}
	pkgs := b.Packages()
	sort.SliceStable(pkgs, func(i, j int) bool { return pkgs[i].Bytes-base[pkgs[i].Name] > pkgs[j].Bytes-base[pkgs[j].Name] })
	added := b.Code - floor.Code
	for i, p := range pkgs {
		if i == top {
			rest, restBase := 0, 0
			for _, q := range pkgs[i:] {
				rest += q.Bytes
				restBase += base[q.Name]
			}
			fmt.Fprintf(w, "| %d more packages | %s | %s | %s | %.1f%% |\n", len(pkgs)-i, kib(rest), kib(restBase), kib(rest-restBase), 100*ratio(rest-restBase, added))
			break
		}
		d := p.Bytes - base[p.Name]
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.1f%% |\n", p.Name, kib(p.Bytes), kib(base[p.Name]), kib(d), 100*ratio(d, added))
	}
	if funcs > 0 {
		fns := make([]Package, 0, len(b.ByFunc))
		for name, n := range b.ByFunc {
			fns = append(fns, Package{name, n})
		}
		sort.Slice(fns, func(i, j int) bool {
			if fns[i].Bytes != fns[j].Bytes {
				return fns[i].Bytes > fns[j].Bytes
			}
			return fns[i].Name < fns[j].Name
		})
		fmt.Fprintf(w, "\nLargest functions of %s:\n\n| function | code |\n|---|---:|\n", names[0])
		for _, f := range fns[:min(funcs, len(fns))] {
			fmt.Fprintf(w, "| %s | %s |\n", f.Name, kib(f.Bytes))
		}
	}
	return nil
}

func analyzeFile(path string) (*Breakdown, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b, err := Analyze(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return b, nil
}

func kib(n int) string { return fmt.Sprintf("%.1f KiB", float64(n)/1024) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Breakdown is what a wasm module's bytes are spent on.
type Breakdown struct {
	Code, Data, Other int
	// ByFunc is the body size of each defined function, by its name in
	// the "name" section.
	ByFunc map[string]int
}

// Package is the code of one Go package.
type Package struct {
	Name  string
	Bytes int
}

// Packages sums ByFunc by Go package, largest first.
func (b *Breakdown) Packages() []Package {
	sum := map[string]int{}
	for fn, n := range b.ByFunc {
		sum[packageOf(fn)] += n
	}
	out := make([]Package, 0, len(sum))
	for p, n := range sum {
		out = append(out, Package{p, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bytes != out[j].Bytes {
			return out[i].Bytes > out[j].Bytes
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// packageOf returns the package of a function name in a Go wasm "name"
// section, where the linker has replaced '/', '-' and the like with '_':
// "encoding_json.__decodeState_.object" is in encoding_json, and
// "github.com_shopspring_decimal.Decimal.Add" in
// github.com_shopspring_decimal.
func packageOf(sym string) string {
	dot := strings.Index(sym, ".")
	if dot < 0 {
		return sym
	}
	// A module path starting with a domain ("github.com_", "golang.org_"):
	// the package ends at the next dot.
	for _, tld := range []string{"com", "org", "net", "io", "in", "dev"} {
		if strings.HasPrefix(sym[dot+1:], tld+"_") && !strings.Contains(sym[:dot], "_") {
			if next := strings.Index(sym[dot+1:], "."); next >= 0 {
				return sym[:dot+1+next]
			}
		}
	}
	return sym[:dot]
}

// Analyze reads a wasm module's sections: the size of its code (by
// function, when it has a "name" section), its data and everything else.
func Analyze(data []byte) (*Breakdown, error) {
	secs, err := wasmdata.Sections(data)
	if err != nil {
		return nil, err
	}
	b := &Breakdown{ByFunc: map[string]int{}}
	var imported int
	var bodies []int
	names := map[int]string{}
	for _, s := range secs {
		sec := &wasmdata.Reader{B: s.Body}
		size := len(s.Body)
		switch s.ID {
		case 2: // imports: they come first in the function index space
			imported += importedFuncs(sec)
			b.Other += size
		case 10: // code
			bodies = append(bodies, codeBodies(sec)...)
			b.Code += size
		case 11: // data
			b.Data += size
		case 0: // custom: the "name" section names functions
			if sec.Name() == "name" {
				funcNames(sec, names)
			}
			b.Other += size
		default:
			b.Other += size
		}
		if sec.Err != nil {
			return nil, sec.Err
		}
	}
	for i, n := range bodies {
		name, ok := names[imported+i]
		if !ok {
			name = "(unnamed)"
		}
		b.ByFunc[name] += n
	}
	return b, nil
}

// importedFuncs reads the import section and counts its functions.
func importedFuncs(sec *wasmdata.Reader) int {
	funcs := 0
	for n := sec.Uleb(); n > 0 && sec.Err == nil; n-- {
		sec.Name()
		sec.Name()
		switch sec.Byte() {
		case 0: // function: its type index
			sec.Uleb()
			funcs++
		case 1: // table: element type, limits
			sec.Byte()
			limits(sec)
		case 2: // memory: limits
			limits(sec)
		case 3: // global: value type, mutability
			sec.Byte()
			sec.Byte()
		}
	}
	return funcs
}

// limits reads a table's or a memory's limits: flags, min, max if set.
func limits(sec *wasmdata.Reader) {
	if sec.Byte()&1 == 1 {
		sec.Uleb()
	}
	sec.Uleb()
}

// codeBodies reads the code section: the size of each function's body.
func codeBodies(sec *wasmdata.Reader) []int {
	var bodies []int
	for n := sec.Uleb(); n > 0 && sec.Err == nil; n-- {
		body := int(sec.Uleb())
		bodies = append(bodies, body)
		sec.I += body
	}
	return bodies
}

// funcNames reads the rest of the "name" section: its function names
// (subsection 1) by function index.
func funcNames(sec *wasmdata.Reader, names map[int]string) {
	for sec.I < len(sec.B) && sec.Err == nil {
		sub := sec.Byte()
		subSize := int(sec.Uleb())
		next := sec.I + subSize
		if sub == 1 {
			for n := sec.Uleb(); n > 0 && sec.Err == nil; n-- {
				idx := int(sec.Uleb())
				names[idx] = sec.Name()
			}
		}
		sec.I = next
	}
}

func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }
