package catalog

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
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
	require.NotEmpty(t, sources)
	for _, e := range sources {
		data := e.data
		assert.NoError(t, validate(data), e.name)

		// What Catalogs() sends back out is valid input again.
		c, ferr := ParseJSON(data, "")
		require.Nil(t, ferr)
		out, err := json.Marshal(c)
		require.NoError(t, err)
		assert.NoError(t, validate(out), "%s marshalled", e.name)
		_, ferr = ParseJSON(out, "")
		assert.Nil(t, ferr, "%s marshalled", e.name)
	}

	trtc := trtc2019CNY
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

// Every file of data/ is embedded, byte for byte, in name order.
func TestEverySourceListed(t *testing.T) {
	entries, err := os.ReadDir("data")
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	var listed []string
	for _, s := range sources {
		listed = append(listed, s.name)
		data, err := os.ReadFile(filepath.Join("data", s.name))
		require.NoError(t, err)
		assert.Equal(t, data, s.data, "%s: the embedded bytes are the file's", s.name)
	}
	assert.Equal(t, names, listed, "add a //go:embed variable and a sources entry for each file of data/")
}
