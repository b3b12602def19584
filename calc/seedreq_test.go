package calc

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/internal/seedreq"
)

// docs/billing.md §7.1: the worked example's golden scenario is the one
// request internal/seedreq defines, not a copy that could drift from it.
func TestSeed002GoldenInputIsSeedreq(t *testing.T) {
	data, err := os.ReadFile("testdata/simulate/seed-002-worked-example.input.json")
	require.NoError(t, err)
	assert.JSONEq(t, seedreq.Simulate, string(data))
}
