package benchreq

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc"
)

// TestRequestsSucceed: a benchmark of a request that fails would time the
// error path, not the pricing.
func TestRequestsSucceed(t *testing.T) {
	reqs := All()
	require.NotEmpty(t, reqs)
	exports := map[string]int{}
	for _, r := range reqs {
		t.Run(r.Name, func(t *testing.T) {
			exports[r.Export]++
			var err error
			switch r.Export {
			case "simulate":
				_, err = calc.SimulateJSON([]byte(r.JSON))
			case "quote":
				_, err = calc.QuoteJSON([]byte(r.JSON))
			default:
				t.Fatalf("unknown export %q", r.Export)
			}
			assert.NoError(t, err)
		})
	}
	assert.Positive(t, exports["simulate"])
	assert.Positive(t, exports["quote"])
}

func TestSeed002Totals(t *testing.T) {
	sim, err := calc.SimulateJSON([]byte(Seed002))
	require.NoError(t, err)
	assert.Equal(t, "3713.025", sim.Totals.Total.String())
}
