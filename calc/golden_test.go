package calc

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/ from the current results")

// TestSimulateGolden runs every testdata/simulate/<case>.input.json and
// compares the result with <case>.golden.json: whole statements a reviewer
// can read. After a deliberate change: go test ./calc -run Golden -update,
// then review the diff.
func TestSimulateGolden(t *testing.T) {
	golden(t, "simulate", func(t *testing.T, data []byte) any {
		s, err := SimulateJSON(data)
		require.NoError(t, err)
		checkConservation(t, s)
		checkTotals(t, s)
		return s
	})
}

// TestQuoteGolden does the same for testdata/quote: whole quotes, best
// plan and statements included.
func TestQuoteGolden(t *testing.T) {
	golden(t, "quote", func(t *testing.T, data []byte) any {
		q, err := QuoteJSON(data)
		require.NoError(t, err)
		require.True(t, q.Best.Optimal)
		return q
	})
}

func golden(t *testing.T, dir string, run func(t *testing.T, data []byte) any) {
	inputs, err := filepath.Glob("testdata/" + dir + "/*.input.json")
	require.NoError(t, err)
	require.NotEmpty(t, inputs)
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input.json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(in)
			require.NoError(t, err)
			got, err := json.MarshalIndent(run(t, data), "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			golden := strings.TrimSuffix(in, ".input.json") + ".golden.json"
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "missing golden file: run go test ./calc -run Golden -update")
			if !bytes.Equal(want, got) {
				assert.JSONEq(t, string(want), string(got), "%s differs from its golden file", name)
			}
		})
	}
}
