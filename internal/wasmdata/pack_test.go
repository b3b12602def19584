package wasmdata

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var header = []byte{0, 'a', 's', 'm', 1, 0, 0, 0}

func sec(id byte, body []byte) []byte {
	return append(append([]byte{id}, uleb(uint64(len(body)))...), body...)
}

// module is a header, a custom section, a data section with segs in the
// order given, and another custom section after it.
func module(segs ...Segment) []byte {
	m := append([]byte(nil), header...)
	m = append(m, sec(0, []byte("\x04name-before"))...)
	m = append(m, sec(sectionData, encodeSegments(segs))...)
	return append(m, sec(0, []byte("\x05after"))...)
}

func dataOf(t *testing.T, m []byte) []Segment {
	t.Helper()
	secs, err := Sections(m)
	require.NoError(t, err)
	for _, s := range secs {
		if s.ID == sectionData {
			segs, err := Segments(s.Body)
			require.NoError(t, err)
			return segs
		}
	}
	t.Fatal("no data section")
	return nil
}

func TestPackMergesShortGaps(t *testing.T) {
	in := module(
		Segment{Offset: 300, Data: []byte("far")}, // out of order, as a linker may write them
		Segment{Offset: 0, Data: []byte("ab")},
		Segment{Offset: 10, Data: []byte("cd")}, // 8 zeros after "ab"
		Segment{Offset: 12, Data: []byte("ef")}, // touching
		Segment{Offset: 1 << 20, Data: []byte("high")},
	)
	out, err := Pack(in, 16)
	require.NoError(t, err)
	assert.Equal(t, []Segment{
		{Offset: 0, Data: []byte("ab\x00\x00\x00\x00\x00\x00\x00\x00cdef")},
		{Offset: 300, Data: []byte("far")},
		{Offset: 1 << 20, Data: []byte("high")},
	}, dataOf(t, out))
	before, err := Image(in)
	require.NoError(t, err)
	after, err := Image(out)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the memory the module starts with")
	assert.True(t, bytes.HasPrefix(out, module()[:8+len(sec(0, []byte("\x04name-before")))]), "sections before the data kept")
	assert.True(t, bytes.HasSuffix(out, sec(0, []byte("\x05after"))), "sections after the data kept")

	all, err := Pack(in, 1<<21)
	require.NoError(t, err)
	assert.Len(t, dataOf(t, all), 1)
	again, err := Pack(out, 16)
	require.NoError(t, err)
	assert.Equal(t, out, again, "packing twice changes nothing")
}

func TestPackRefusesWhatGoDoesNotWrite(t *testing.T) {
	good := encodeSegments([]Segment{{Offset: 0, Data: []byte("x")}})
	for name, m := range map[string][]byte{
		"not wasm":   []byte("\x00asm\x02\x00\x00\x00"),
		"truncated":  append(append([]byte(nil), header...), sectionData, 50, 1),
		"passive":    append(append([]byte(nil), header...), sec(sectionData, []byte{1, 1, 0, 2, 'h', 'i'})...),
		"memory 1":   append(append([]byte(nil), header...), sec(sectionData, []byte{1, 2, 1, opI32Const, 0, opEnd, 1, 'x'})...),
		"global.get": append(append([]byte(nil), header...), sec(sectionData, []byte{1, 0, 0x23, 0, opEnd, 1, 'x'})...),
		"overlap":    module(Segment{Offset: 0, Data: []byte("abc")}, Segment{Offset: 2, Data: []byte("z")}),
		"negative":   append(append([]byte(nil), header...), sec(sectionData, []byte{1, 0, opI32Const, 0x7f, opEnd, 1, 'x'})...),
		"long data":  append(append([]byte(nil), header...), sec(sectionData, []byte{1, 0, opI32Const, 0, opEnd, 9, 'x'})...),
		"trailing":   append(append([]byte(nil), header...), sec(sectionData, append(append([]byte(nil), good...), 0))...),
		"data count": append(append(append([]byte(nil), header...), sec(sectionDataCount, []byte{1})...), sec(sectionData, good)...),
		// An empty segment writes nothing, but its offset is still checked
		// against the memory at instantiation: dropping it would change
		// what a module does (FuzzPack found it).
		"empty segment": module(Segment{Offset: 0, Data: []byte("x")}, Segment{Offset: 48}),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Pack(m, MaxGap)
			assert.Error(t, err)
		})
	}
}

// TestPackGoModule packs a module Go's linker wrote (cmd/floor) and
// checks what Pack promises of it: the same memory image, every other
// section unchanged, far fewer segments.
func TestPackGoModule(t *testing.T) {
	wasm := filepath.Join(t.TempDir(), "floor.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, "../../cmd/floor")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	in, err := os.ReadFile(wasm)
	require.NoError(t, err)

	packed, err := Pack(in, MaxGap)
	require.NoError(t, err)
	before, err := Image(in)
	require.NoError(t, err)
	after, err := Image(packed)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(before, after), "the memory image changed")

	inSecs, err := Sections(in)
	require.NoError(t, err)
	outSecs, err := Sections(packed)
	require.NoError(t, err)
	require.Len(t, outSecs, len(inSecs))
	for k := range inSecs {
		assert.Equal(t, inSecs[k].ID, outSecs[k].ID)
		if inSecs[k].ID != sectionData {
			assert.True(t, bytes.Equal(inSecs[k].Body, outSecs[k].Body), "section %d changed", inSecs[k].ID)
		}
	}
	n, m := len(dataOf(t, in)), len(dataOf(t, packed))
	t.Logf("segments %d -> %d, module %d -> %d bytes", n, m, len(in), len(packed))
	assert.Greater(t, n, 1000, "Go's linker writes a segment per run of non-zero bytes")
	assert.Less(t, m, 100)
}

// FuzzPack: no input makes Pack or Image panic, and whatever Pack
// accepts keeps its memory image.
func FuzzPack(f *testing.F) {
	f.Add(module(Segment{Offset: 0, Data: []byte("ab")}, Segment{Offset: 9, Data: []byte("c")}), 4)
	f.Add(module(Segment{Offset: 5, Data: []byte("ab")}, Segment{Offset: 1, Data: []byte("c")}), 0)
	f.Fuzz(func(t *testing.T, m []byte, gap int) {
		if gap < 0 || gap > 1<<16 {
			return
		}
		out, err := Pack(m, gap)
		if err != nil {
			return
		}
		before, err := Image(m)
		if err != nil {
			return // larger than Image builds
		}
		after, err := Image(out)
		require.NoError(t, err)
		require.True(t, bytes.Equal(before, after))
	})
}
