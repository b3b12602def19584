//go:build js && wasm

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/rtcprice/rtcprice/internal/limitreq"
)

// Every documented limit the engine or the module enforces (docs/api.md,
// "Limits"), through globalThis.rtcprice as a Worker calls it: the request
// at the limit gets the right answer, the one just past it the documented
// refusal (the 8 MiB request: exactly 8 MiB priced, one byte more refused).
func TestDocumentedLimits(t *testing.T) {
	assert.Equal(t, 8<<20, maxRequestBytes, "the module's request limit is docs/api.md's")
	for _, c := range limitreq.Cases() {
		if c.Layer == limitreq.Client {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			assert.NoError(t, c.CheckAt([]byte(call(t, c.Export, c.At).text)), "at the limit")
			assert.NoError(t, c.CheckPast([]byte(call(t, c.Export, c.Past).text)), "past the limit")
		})
	}
}
