//go:build js && wasm

package main

import (
	"encoding/json"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomValue builds a random JSON value: mostly request-shaped objects,
// with odd numbers and strings mixed in.
func randomValue(rng *rand.Rand, depth int) any {
	keys := []string{"catalog", "start", "end", "trial", "purchases", "usage", "months",
		"monthly", "calls", "package", "date", "count", "month", "meter", "minutes", "seconds", "call"}
	switch k := rng.Intn(16); {
	case k < 4 && depth < 6:
		o := map[string]any{}
		for i := rng.Intn(5); i > 0; i-- {
			o[keys[rng.Intn(len(keys))]] = randomValue(rng, depth+1)
		}
		return o
	case k < 6 && depth < 6:
		a := []any{}
		for i := rng.Intn(4); i > 0; i-- {
			a = append(a, randomValue(rng, depth+1))
		}
		return a
	case k == 6:
		return json.Number([]string{"-0", "1e300", "5e-324", "1e400", "-1", "0.0000001", "123456789012345678901234567890"}[rng.Intn(7)])
	case k == 7:
		return nil
	case k == 8:
		return rng.Intn(3) == 0
	case k < 12:
		return []string{"trtc-2019-cny", "agora-2021-cny", "2019-07", "2019-08-01", "entry", "call",
			"199.5", "-1", "NaN", "1e400", "", "2019-02-30", strings.Repeat("9", 50), "\u0000", "\xff"}[rng.Intn(15)]
	default:
		return json.Number(randomNumber(rng))
	}
}

func randomNumber(rng *rand.Rand) string {
	n := rng.Intn(100000)
	switch rng.Intn(4) {
	case 0:
		return strconv.Itoa(n/1000) + "." + strconv.Itoa(n%1000)
	case 1:
		return "-" + strconv.Itoa(n)
	default:
		return strconv.Itoa(n)
	}
}

// mutate replaces one value, at a random depth, of req by v.
func mutate(rng *rand.Rand, req map[string]any, v any) {
	var at any = req
	for {
		switch x := at.(type) {
		case map[string]any:
			if len(x) == 0 {
				return
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			// Sorted, so that the seed alone decides the run.
			sort.Strings(keys)
			k := keys[rng.Intn(len(keys))]
			if rng.Intn(3) == 0 || !isContainer(x[k]) {
				x[k] = v
				return
			}
			at = x[k]
		case []any:
			if len(x) == 0 {
				return
			}
			i := rng.Intn(len(x))
			if rng.Intn(3) == 0 || !isContainer(x[i]) {
				x[i] = v
				return
			}
			at = x[i]
		default:
			return
		}
	}
}

func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// damage changes the text itself: a byte flipped, cut short, a piece
// repeated or a random byte put in.
func damage(rng *rand.Rand, text string) string {
	if text == "" {
		return text
	}
	i := rng.Intn(len(text))
	switch rng.Intn(4) {
	case 0:
		b := []byte(text)
		b[i] ^= byte(1 << rng.Intn(8))
		return string(b)
	case 1:
		return text[:i]
	case 2:
		j := i + rng.Intn(len(text)-i)
		return text[:j] + text[i:]
	default:
		return text[:i] + string(rune(rng.Intn(0x3000))) + text[i:]
	}
}

// TestRandomTextsNeverBreakTheModule: whatever text arrives, each export
// answers a well-formed envelope with a known code (call checks its
// shape), and the worked example still prices right afterwards.
func TestRandomTextsNeverBreakTheModule(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	codes := map[string]bool{"invalid": true, "not_found": true, "limit": true}
	seen := map[string]int{}
	bases := map[string]string{"simulate": seed002, "quote": quoteExample}
	for i := 0; i < 300; i++ {
		for _, name := range []string{"simulate", "quote"} {
			var text string
			switch i % 3 {
			case 0: // a valid request with one value replaced
				var req map[string]any
				dec := json.NewDecoder(strings.NewReader(bases[name]))
				dec.UseNumber()
				require.NoError(t, dec.Decode(&req))
				mutate(rng, req, randomValue(rng, 0))
				data, err := json.Marshal(req)
				require.NoError(t, err)
				text = string(data)
			case 1: // anything at all
				data, err := json.Marshal(randomValue(rng, 0))
				require.NoError(t, err)
				text = string(data)
			default: // damaged text
				text = damage(rng, damage(rng, bases[name]))
			}
			env := call(t, name, text)
			if env.OK {
				seen["ok"]++
				continue
			}
			require.True(t, codes[env.Error.Code], "%s(%s): %s", name, text, env.text)
			seen[env.Error.Code]++
			seen[env.Error.Reason]++
		}
	}
	t.Logf("outcomes: %v", seen)
	assert.Positive(t, seen["invalid"])
	assert.Positive(t, seen["ok"])
	checkSeed002(t)
}
