package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPackageOf(t *testing.T) {
	for sym, want := range map[string]string{
		"runtime.mallocgc":                                  "runtime",
		"runtime.__mheap_.alloc":                            "runtime",
		"runtime.morestack_noctxt":                          "runtime",
		"encoding_json.__decodeState_.object":               "encoding_json",
		"github.com_shopspring_decimal.Decimal.Add":         "github.com_shopspring_decimal",
		"github.com_rtcprice_rtcprice_calc.SimulateJSON":    "github.com_rtcprice_rtcprice_calc",
		"golang.org_x_text_unicode.Lookup":                  "golang.org_x_text_unicode",
		"slices.pdqsortCmpFunc_go.shape.struct___a.b_int__": "slices",
		"memeqbody": "memeqbody",
	} {
		assert.Equal(t, want, packageOf(sym), sym)
	}
}

// module builds a wasm module with one imported function and two defined
// ones, named in a "name" section.
func module() []byte {
	section := func(id byte, body ...byte) []byte {
		return append([]byte{id, byte(len(body))}, body...)
	}
	name := func(s string) []byte { return append([]byte{byte(len(s))}, s...) }
	var m []byte
	m = append(m, "\x00asm\x01\x00\x00\x00"...)
	m = append(m, section(1, 1, 0x60, 0, 0)...) // one type: () -> ()
	imp := append([]byte{1}, name("go")...)
	imp = append(imp, name("debug")...)
	imp = append(imp, 0, 0) // a function of type 0
	m = append(m, section(2, imp...)...)
	m = append(m, section(3, 2, 0, 0)...)                                // two functions
	m = append(m, section(10, 2, 2, 0, 0x0b, 4, 0, 0x01, 0x01, 0x0b)...) // bodies of 2 and 4 bytes
	m = append(m, section(11, 0)...)                                     // no data
	names := []byte{2}
	names = append(names, 1)
	names = append(names, name("pkg_a.small")...)
	names = append(names, 2)
	names = append(names, name("pkg_b.big")...)
	custom := append(name("name"), 1, byte(len(names)))
	custom = append(custom, names...)
	return append(m, section(0, custom...)...)
}

func TestAnalyze(t *testing.T) {
	b, err := Analyze(module())
	require.NoError(t, err)
	// Bodies are counted with their size prefix excluded.
	assert.Equal(t, map[string]int{"pkg_a.small": 2, "pkg_b.big": 4}, b.ByFunc)
	assert.Equal(t, []Package{{"pkg_b", 4}, {"pkg_a", 2}}, b.Packages())
	assert.Equal(t, 9, b.Code)

	_, err = Analyze([]byte("not wasm"))
	assert.Error(t, err)
	m := module()
	_, err = Analyze(m[:len(m)-3])
	assert.Error(t, err, "a truncated module")
}

func TestMeasure(t *testing.T) {
	data := []byte(strings.Repeat("rtcprice calc.wasm ", 5000))
	s, err := Measure(data)
	require.NoError(t, err)
	assert.Equal(t, len(data), s.Raw)
	assert.Less(t, s.Gzip, s.Raw/10)
	assert.Less(t, s.Brotli, s.Gzip)

	// What is measured is a real brotli stream of the data.
	var br bytes.Buffer
	w := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	assert.Equal(t, br.Len(), s.Brotli)
	back, err := io.ReadAll(brotli.NewReader(&br))
	require.NoError(t, err)
	assert.Equal(t, data, back)
}

func TestRunPrintsRatio(t *testing.T) {
	dir := t.TempDir()
	a, b := dir+"/a.wasm", dir+"/b.wasm"
	require.NoError(t, writeFile(a, module()))
	require.NoError(t, writeFile(b, module()[:8]))
	var out bytes.Buffer
	require.NoError(t, run(&out, []string{"calc=" + a, "floor=" + b}, a, b, 5, 0))
	assert.Contains(t, out.String(), "| calc / floor |")
	// The code section is 9 bytes: pkg_b's 4 are 44.4% of what calc adds.
	assert.Contains(t, out.String(), "| pkg_b | 0.0 KiB | 0.0 KiB | 0.0 KiB | 44.4% |")
}
