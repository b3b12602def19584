package jsonin

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/rtcprice/rtcprice/calc/fault"
)

// referenceParse is Parse as it was with encoding/json: the behaviour
// Parse keeps, byte for byte.
func referenceParse(data []byte) (any, *fault.Error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fault.New("", fault.RequestEmpty, nil, "the request is empty")
		}
		offset := int64(len(data))
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			offset = syntax.Offset
		}
		return nil, fault.New("", fault.NotJSON, fault.Params{"offset": offset},
			"the request is not valid JSON at byte %d: %v", offset, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fault.New("", fault.TrailingData, nil, "the request has data after its JSON value")
	}
	return fromStdlib(v), nil
}

// fromStdlib replaces encoding/json's numbers by ours.
func fromStdlib(v any) any {
	switch x := v.(type) {
	case json.Number:
		return Number(x)
	case []any:
		for i := range x {
			x[i] = fromStdlib(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = fromStdlib(x[k])
		}
	}
	return v
}

// sameAsReference fails t unless Parse and referenceParse agree on data:
// the same value, or the same error (code, reason, params, message).
func sameAsReference(t *testing.T, data []byte) {
	t.Helper()
	got, gotErr := Parse(data)
	want, wantErr := referenceParse(data)
	if !reflect.DeepEqual(gotErr, wantErr) {
		t.Fatalf("Parse(%q) fails with %#v, encoding/json with %#v", data, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse(%q) = %#v, encoding/json gives %#v", data, got, want)
	}
}

var parseSeeds = []string{
	``, ` `, "\t\r\n", `{}`, `[]`, `{"a":1}`, `{"a":1,"a":2}`, `[1,2,3]`, `[1,]`, `{"a":1,}`, `{,}`, `{"a"}`, `{"a":}`,
	`{"a" 1}`, `{"a":1 "b":2}`, `[1 2]`, `01`, `[01]`, `-`, `-0`, `-01`, `1.`, `1.e5`, `1e`, `1e+`, `1e+5`, `1E-5x`,
	`.5`, `+1`, `0x10`, `1 x`, `1x`, `{}x`, `{} {}`, `[] ]`, `true`, `tru`, `trux`, `false`, `fals`, `nul`, `nULL`,
	`null`, `"abc`, `"a\"b"`, `"a\qb"`, `"\u00e9"`, `"\u00G9"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00\ud83d"`,
	`"\ud83dx"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, "\"a\x01b\"", "\"\xff\xfe\"", "\"caf\xc3\xa9\"", "\xef\xbb\xbf{}",
	"\"\xed\xa0\x80\"", `"\/\b\f\n\r\t\\"`, `{"catalog":"agora-2021-cny","usage":[{"meter":"audio","minutes":"12.5"}]}`,
	"[\x00]", "'a'", `{"a":[{"b":{"c":[true,false,null]}}]}`, "é", "[1,\n2,\n3", `{"a":1`, `{"a"`, `{"`, `["a\`,
	`"\u12`, `123456789012345678901234567890`, `1e400`, `-0.0e-0`, `[-]`, `[--1]`, `{"a":{"b":1}}}`,
}

func TestParseIsEncodingJSON(t *testing.T) {
	for _, s := range parseSeeds {
		sameAsReference(t, []byte(s))
	}
	// Depth: 10000 open arrays are allowed, 10001 are not (the error is
	// at the last '['); the same for objects.
	for _, n := range []int{9999, 10000, 10001, 10002} {
		sameAsReference(t, []byte(strings.Repeat("[", n)+strings.Repeat("]", n)))
		sameAsReference(t, []byte(strings.Repeat(`{"a":`, n)+"1"+strings.Repeat("}", n)))
		sameAsReference(t, []byte(strings.Repeat("[", n)))
	}
}

// Every document of up to 4 bytes over the characters JSON's grammar
// turns on gets the same value or error from Parse as from encoding/json.
func TestParseIsEncodingJSONExhaustive(t *testing.T) {
	eachString([]byte(`{}[]":,\ 0-1.eEtnu`+"\xff\n"), 4, func(b []byte) { sameAsReference(t, b) })
}

func FuzzParseIsEncodingJSON(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsReference(t, data)
	})
}
