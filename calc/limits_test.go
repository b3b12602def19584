package calc

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/calls"
	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/jsonin"
	"github.com/rtcprice/rtcprice/internal/limitreq"
)

// nativeEnvelope is the envelope the wasm export would make of a call of
// export on req, made natively.
func nativeEnvelope(t *testing.T, export, req string) []byte {
	t.Helper()
	var res any
	var err error
	switch export {
	case "quote":
		res, err = QuoteJSON([]byte(req))
	case "simulate":
		res, err = SimulateJSON([]byte(req))
	}
	var out []byte
	if err != nil {
		var e *Error
		require.True(t, errors.As(err, &e), "%T: %v", err, err)
		out, err = json.Marshal(map[string]any{"ok": false, "error": e})
	} else {
		out, err = json.Marshal(map[string]any{"ok": true, "result": res})
	}
	require.NoError(t, err)
	return out
}

// Every documented limit the engine enforces (docs/api.md, "Limits"): the
// request at the limit gets the right answer, the one just past it the
// documented refusal. The module's and the client's limits are tested in
// wasm/ and e2e/ from the same list.
func TestDocumentedLimits(t *testing.T) {
	for _, c := range limitreq.Cases() {
		if c.Layer != limitreq.Engine {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			assert.NoError(t, c.CheckAt(nativeEnvelope(t, c.Export, c.At)), "at the limit")
			assert.NoError(t, c.CheckPast(nativeEnvelope(t, c.Export, c.Past)), "past the limit")
		})
	}
}

// docs/api.md's Limits table and limitreq's cases say the same: every
// case's words are in its row, every number of the table is some case's,
// and each case's number is the constant the code enforces.
func TestLimitsDocumented(t *testing.T) {
	data, err := os.ReadFile("../docs/api.md")
	require.NoError(t, err)
	doc := string(data)
	i := strings.Index(doc, "### Limits\n")
	require.True(t, i >= 0, "docs/api.md has no Limits section")
	section := doc[i:]
	section = section[:strings.Index(section, "\n## ")]
	rows := map[string]string{} // what -> limit
	var order []string
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 2 || strings.HasPrefix(strings.TrimSpace(cells[0]), "---") || strings.TrimSpace(cells[0]) == "what" {
			continue
		}
		what := strings.TrimSpace(cells[0])
		rows[what] = strings.TrimSpace(cells[1])
		order = append(order, what)
	}
	require.NotEmpty(t, rows, "no rows in the Limits table")

	left := map[string]string{}
	for k, v := range rows {
		left[k] = v
	}
	for _, c := range limitreq.Cases() {
		limit, ok := rows[c.Row]
		if !assert.True(t, ok, "%s: docs/api.md's Limits table has no row %q", c.Name, c.Row) {
			continue
		}
		assert.Contains(t, limit, c.Says, c.Name)
		left[c.Row] = strings.Replace(left[c.Row], c.Says, "", 1)
	}
	digit := regexp.MustCompile(`[0-9¹²³⁰⁴⁵⁶⁷⁸⁹]`)
	for _, what := range order {
		assert.False(t, digit.MatchString(left[what]), "Limits row %q: %q says a number no case of internal/limitreq tests", what, left[what])
	}

	// Each case's number is the constant the code enforces.
	js, err := os.ReadFile("../site/rtcprice-request.js") // the client's walker: rtcprice.js re-exports its limits
	require.NoError(t, err)
	jsConst := func(name string) int64 {
		m := regexp.MustCompile(`export const ` + name + ` = ([0-9]+)( << ([0-9]+))?;`).FindStringSubmatch(string(js))
		require.NotNil(t, m, "site/rtcprice-request.js defines no %s", name)
		var n, s int64
		_, _ = fmtSscan(m[1], &n)
		if m[3] != "" {
			_, _ = fmtSscan(m[3], &s)
		}
		return n << s
	}
	constants := map[string]int64{
		"request 8 MiB":        jsConst("MAX_BYTES"), // the module's is tested in wasm/
		"nesting 64 levels":    jsConst("MAX_DEPTH"),
		"1,048,576 values":     jsConst("MAX_VALUES"),
		"240 simulated months": MaxSimulateMonths,
		"1,000 purchases":      MaxPurchases,
		"count 1,000":          MaxCount,
		"10,000 lots":          MaxLots,
		"100,000 usage rows":   MaxUsageRows,
		"10^12 minutes":        MaxMinutesAmount,
		"6x10^13 seconds":      MaxMinutesAmount * 60,
		"40 digits":            jsonin.MaxDigits,
		"exponent 40":          jsonin.MaxExponent,
		"months 36":            MaxQuoteMonths,
		"months 1":             1,
		"32 meters":            catalog.MaxMeters,
		"200 packages":         catalog.MaxPackages,
		"names 500 bytes":      500, // catalog's maxText; the case itself shows 500 in, 501 out
		"100 call profiles":    calls.MaxProfiles,
		"1,000 participants":   calls.MaxParticipants,
		"16,384 pixels":        calls.MaxDimension,
		"10^12 call minutes":   MaxMinutesAmount,
		"end 9999-12":          9999_12,
	}
	for _, c := range limitreq.Cases() {
		want, ok := constants[c.Name]
		if assert.True(t, ok, "no constant for case %q", c.Name) {
			assert.Equal(t, want, c.Value, c.Name)
		}
	}
}

func fmtSscan(s string, n *int64) (int, error) { return fmt.Sscan(s, n) }
