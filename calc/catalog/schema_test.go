package catalog

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The JSON Schema and the loader agree: every embedded catalog is valid
// under both, and broken copies are refused by both.
func TestSchemaMatchesLoader(t *testing.T) {
	raw, err := os.ReadFile("catalog.schema.json")
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	require.NoError(t, err)
	comp := jsonschema.NewCompiler()
	require.NoError(t, comp.AddResource("catalog.schema.json", doc))
	schema, err := comp.Compile("catalog.schema.json")
	require.NoError(t, err)

	validate := func(data []byte) error {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		require.NoError(t, err)
		return schema.Validate(inst)
	}
	entries, err := files.ReadDir("data")
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		data, err := files.ReadFile("data/" + e.Name())
		require.NoError(t, err)
		assert.NoError(t, validate(data), e.Name())

		// What Catalogs() sends back out is valid input again.
		c, ferr := ParseJSON(data, "")
		require.Nil(t, ferr)
		out, err := json.Marshal(c)
		require.NoError(t, err)
		assert.NoError(t, validate(out), "%s marshalled", e.Name())
		_, ferr = ParseJSON(out, "")
		assert.Nil(t, ferr, "%s marshalled", e.Name())
	}

	trtc, err := files.ReadFile("data/trtc-2019-cny.json")
	require.NoError(t, err)
	broken := []func(m map[string]any){
		func(m map[string]any) { delete(m, "validity") },
		func(m map[string]any) { m["packages"].([]any)[2].(map[string]any)["price"] = "-1" },
		func(m map[string]any) { m["packages"].([]any)[2].(map[string]any)["minutes"] = 0 },
		func(m map[string]any) { m["discont"] = 1 },
		func(m map[string]any) { m["tieBreak"] = []any{"purchase", "input"} },
	}
	for i, edit := range broken {
		var m map[string]any
		require.NoError(t, json.Unmarshal(trtc, &m))
		edit(m)
		data, err := json.Marshal(m)
		require.NoError(t, err)
		assert.Error(t, validate(data), "case %d: schema accepts", i)
		_, ferr := ParseJSON(data, "")
		assert.NotNil(t, ferr, "case %d: loader accepts", i)
	}
}
