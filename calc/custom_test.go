package calc

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/catalog"
)

// inlineCopy returns an embedded catalog as the JSON object a custom
// price list would send.
func inlineCopy(t *testing.T, id string) map[string]any {
	t.Helper()
	c, ok, err := catalog.Lookup(id)
	require.Nil(t, err)
	require.True(t, ok)
	data, jerr := json.Marshal(c)
	require.NoError(t, jerr)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}

// An inline copy of an embedded catalog gives the same statements as the
// embedded id; only the custom flag differs.
func TestInlineCatalogMatchesEmbedded(t *testing.T) {
	for _, id := range []string{"trtc-2019-cny", "agora-2021-cny"} {
		rng := newRand(7)
		for n := 0; n < 40; {
			req := randomSimRequest(rng)
			if req["catalog"] != id {
				continue
			}
			n++
			byID := sim(t, req)
			inline := cloneReq(req)
			inline["catalog"] = inlineCopy(t, id)
			custom := sim(t, inline)
			assert.False(t, byID.Custom)
			assert.True(t, custom.Custom, "an inline catalog is marked custom")
			custom.Custom = false
			a, _ := json.Marshal(byID)
			b, _ := json.Marshal(custom)
			require.JSONEq(t, string(a), string(b))
		}
	}
}

// A negotiated price changes the bill; a broken inline catalog is refused
// with the field under "catalog".
func TestInlineCatalogCustomPrices(t *testing.T) {
	c := inlineCopy(t, "trtc-2019-cny")
	c["name"] = `<img src=x onerror=alert(1)> Deal`
	pkgs := c["packages"].([]any)
	pkgs[2].(map[string]any)["price"] = "2950.40" // entry at 80%
	c["meters"].([]any)[0].(map[string]any)["overagePer1000"] = "20"
	req := cloneReq(seedExample)
	req["catalog"] = c
	s := sim(t, req)
	assert.Equal(t, "2950.4", s.Totals.Prepaid.String())
	assert.Equal(t, "20.02", s.Totals.Postpaid.String(), "1,001 minutes at 20 per 1,000")

	pkgs[3].(map[string]any)["price"] = "-9688"
	e := simErr(t, req)
	assert.Equal(t, "invalid", e.Code)
	assert.Equal(t, "catalog.packages[3].price", e.Field)
}
