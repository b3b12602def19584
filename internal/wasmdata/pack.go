// Package wasmdata rewrites the data section of a WebAssembly module that
// the Go linker wrote, so that it compresses better, without changing the
// memory the module starts with.
//
// Go's linker (cmd/link/internal/wasm) writes each run of non-zero bytes
// of the initial memory as its own active data segment and leaves out
// any run of 8 or more zero bytes between them (linear memory starts
// zeroed). That makes the raw file smallest, but for calc.wasm it means
// 46,000 segments, most of them a few bytes long, each with a header
// (flags, an i32.const offset, a length) whose offset differs from every
// other's. Brotli packs the zeros it skips into almost nothing, but not
// those headers: merging the segments back, zeros included, wherever
// the gap between two is at most MaxGap bytes, makes the raw module
// larger (3.84 -> 4.30 MB) and its brotli smaller (778 -> 729 KB); the
// floor module (cmd/floor) goes from 440 to 414 KB.
//
// Pack keeps every other section byte for byte, and the memory image the
// segments describe is the same before and after (Image, TestPack*).
package wasmdata

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
)

// MaxGap is the longest run of zeros Pack writes out to join two
// segments. Measured on calc.wasm (brotli -11 of the whole module):
// 0 (Go's output) 778.3 KB, 16: 771.0, 64: 729.1, 256: 729.1, 4096:
// 730.7, everything in one segment: 729.8. Short gaps are where the
// headers cost; beyond a few hundred bytes it makes no difference.
const MaxGap = 256

// maxImage bounds the memory Image builds (calc.wasm's is about 1 MB).
const maxImage = 64 << 20

const (
	sectionData      = 11
	sectionDataCount = 12
	opI32Const       = 0x41
	opEnd            = 0x0b
)

// Segment is one active data segment of memory 0: its bytes are copied
// to Offset when the module is instantiated.
type Segment struct {
	Offset int
	Data   []byte
}

// Pack returns module with its data segments merged wherever at most
// maxGap zero bytes separate them. Only what Go's linker writes is
// accepted: active segments of memory 0 with constant offsets that do
// not overlap, none empty; anything else is an error and module is left
// as it is.
func Pack(module []byte, maxGap int) ([]byte, error) {
	secs, err := Sections(module)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(module[:8])
	for _, s := range secs {
		switch s.ID {
		case sectionData:
			segs, err := Segments(s.Body)
			if err != nil {
				return nil, err
			}
			for _, g := range segs {
				if len(g.Data) == 0 {
					// Instantiation still checks its offset against the
					// memory: merging would drop that check.
					return nil, fmt.Errorf("wasmdata: the segment at %d is empty; Go's linker writes none", g.Offset)
				}
			}
			merged := merge(segs, maxGap)
			body := encodeSegments(merged)
			out.WriteByte(sectionData)
			out.Write(uleb(uint64(len(body))))
			out.Write(body)
		case sectionDataCount:
			return nil, errors.New("wasmdata: the module has a data count section; Go's linker writes none")
		default:
			out.Write(module[s.Start:s.End])
		}
	}
	return out.Bytes(), nil
}

// Image is the initial memory the module's data section describes, from
// address 0 to the end of its last segment, for checks such as the
// tests'; it refuses an image over maxImage bytes.
func Image(module []byte) ([]byte, error) {
	secs, err := Sections(module)
	if err != nil {
		return nil, err
	}
	var img []byte
	for _, s := range secs {
		if s.ID != sectionData {
			continue
		}
		segs, err := Segments(s.Body)
		if err != nil {
			return nil, err
		}
		for _, g := range segs {
			end := g.Offset + len(g.Data)
			if end > maxImage {
				return nil, fmt.Errorf("wasmdata: a segment ends at %d, past the %d bytes Image builds", end, maxImage)
			}
			if end > len(img) {
				img = append(img, make([]byte, end-len(img))...)
			}
			copy(img[g.Offset:], g.Data)
		}
	}
	return img, nil
}

// Section is one section of a module.
type Section struct {
	ID         byte
	Start, End int // the whole section in the module: id, size, body
	Body       []byte
}

// Sections splits a module into its sections, in order.
func Sections(module []byte) ([]Section, error) {
	if len(module) < 8 || !bytes.Equal(module[:8], []byte{0, 'a', 's', 'm', 1, 0, 0, 0}) {
		return nil, errors.New("wasmdata: not a WebAssembly version 1 module")
	}
	var secs []Section
	r := Reader{B: module, I: 8}
	for r.I < len(module) {
		start := r.I
		id := r.Byte()
		n := r.Uleb()
		if r.Err != nil || n > uint64(len(module)-r.I) {
			return nil, fmt.Errorf("wasmdata: section at byte %d runs past the end of the module", start)
		}
		body := module[r.I : r.I+int(n)]
		r.I += int(n)
		secs = append(secs, Section{ID: id, Start: start, End: r.I, Body: body})
	}
	return secs, nil
}

// Segments reads a data section's body, sorted by offset; it refuses
// passive segments, other memories, non-constant offsets and overlaps.
func Segments(body []byte) ([]Segment, error) {
	r := Reader{B: body}
	count := r.Uleb()
	var segs []Segment
	for k := uint64(0); k < count && r.Err == nil; k++ {
		if flags := r.Uleb(); flags != 0 {
			return nil, fmt.Errorf("wasmdata: segment %d: flags %d (only active segments of memory 0 are packed)", k, flags)
		}
		if op := r.Byte(); op != opI32Const {
			return nil, fmt.Errorf("wasmdata: segment %d: its offset is not an i32.const", k)
		}
		off := r.Sleb()
		if op := r.Byte(); op != opEnd {
			return nil, fmt.Errorf("wasmdata: segment %d: its offset is not a single i32.const", k)
		}
		n := r.Uleb()
		if r.Err != nil || n > uint64(len(body)-r.I) || off < 0 || off > 1<<32 {
			return nil, fmt.Errorf("wasmdata: segment %d is malformed", k)
		}
		segs = append(segs, Segment{Offset: int(off), Data: body[r.I : r.I+int(n)]})
		r.I += int(n)
	}
	if r.Err != nil || r.I != len(body) {
		return nil, errors.New("wasmdata: the data section is malformed")
	}
	sort.SliceStable(segs, func(a, b int) bool { return segs[a].Offset < segs[b].Offset })
	for k := 1; k < len(segs); k++ {
		if prev := segs[k-1]; prev.Offset+len(prev.Data) > segs[k].Offset {
			return nil, fmt.Errorf("wasmdata: segments at %d and %d overlap", prev.Offset, segs[k].Offset)
		}
	}
	return segs, nil
}

// merge joins sorted, non-overlapping segments separated by at most
// maxGap bytes, writing the zeros between them.
func merge(segs []Segment, maxGap int) []Segment {
	var out []Segment
	for _, s := range segs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if gap := s.Offset - (last.Offset + len(last.Data)); gap <= maxGap {
				last.Data = append(append(last.Data, make([]byte, gap)...), s.Data...)
				continue
			}
		}
		out = append(out, Segment{Offset: s.Offset, Data: append([]byte(nil), s.Data...)})
	}
	return out
}

func encodeSegments(segs []Segment) []byte {
	var b bytes.Buffer
	b.Write(uleb(uint64(len(segs))))
	for _, s := range segs {
		b.WriteByte(0) // active, memory 0
		b.WriteByte(opI32Const)
		b.Write(sleb(int64(s.Offset)))
		b.WriteByte(opEnd)
		b.Write(uleb(uint64(len(s.Data))))
		b.Write(s.Data)
	}
	return b.Bytes()
}

func uleb(v uint64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func sleb(v int64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// Reader reads the encodings of the binary format from B at I: bytes,
// LEB128 numbers, names. Past the end of B, or on a malformed number, it
// records Err and returns zeros.
type Reader struct {
	B   []byte
	I   int
	Err error
}

var errShort = errors.New("wasmdata: unexpected end of input")

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if r.I >= len(r.B) {
		r.Err = errShort
		return 0
	}
	c := r.B[r.I]
	r.I++
	return c
}

// Uleb reads an unsigned LEB128 number.
func (r *Reader) Uleb() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		c := r.Byte()
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.Err = errors.New("wasmdata: LEB128 number too long")
	return 0
}

// Sleb reads a signed LEB128 number.
func (r *Reader) Sleb() int64 {
	var v int64
	for shift := uint(0); shift < 64; shift += 7 {
		c := r.Byte()
		v |= int64(c&0x7f) << shift
		if c < 0x80 {
			if shift+7 < 64 && c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return v
		}
	}
	r.Err = errors.New("wasmdata: LEB128 number too long")
	return 0
}

// Name reads a name: its length, then its bytes.
func (r *Reader) Name() string {
	n := r.Uleb()
	if r.Err != nil || n > uint64(len(r.B)-r.I) {
		r.Err = errShort
		return ""
	}
	s := string(r.B[r.I : r.I+int(n)])
	r.I += int(n)
	return s
}
