package calc

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/catalog"
	"github.com/rtcprice/rtcprice/calc/fault"
	"github.com/rtcprice/rtcprice/calc/jsonin"
	"github.com/rtcprice/rtcprice/internal/benchreq"
)

// sameJSON fails t unless AppendJSON writes v byte for byte as
// encoding/json's Marshal does.
func sameJSON(t testing.TB, v any) {
	t.Helper()
	want, err := json.Marshal(v)
	require.NoError(t, err)
	got, err := AppendJSON([]byte("prefix"), v)
	require.NoError(t, err)
	if g, w := string(got), "prefix"+string(want); g != w {
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		from := max(i-80, 0)
		t.Fatalf("AppendJSON differs from encoding/json at byte %d:\n%q\n%q", i, g[from:min(i+80, len(g))], w[from:min(i+80, len(w))])
	}
}

// TestEncodingIsEncodingJSON: every golden request's result, the
// embedded catalogs, catalogs with every optional field set and unset,
// and errors with awkward text, are written exactly as encoding/json
// writes them.
func TestEncodingIsEncodingJSON(t *testing.T) {
	for _, dir := range []string{"quote", "simulate"} {
		inputs, err := filepath.Glob("testdata/" + dir + "/*.input.json")
		require.NoError(t, err)
		require.NotEmpty(t, inputs)
		for _, in := range inputs {
			data, err := os.ReadFile(in)
			require.NoError(t, err)
			if dir == "quote" {
				q, err := QuoteJSON(data)
				require.NoError(t, err, in)
				sameJSON(t, q)
			} else {
				s, err := SimulateJSON(data)
				require.NoError(t, err, in)
				sameJSON(t, s)
			}
		}
	}
	list, err := Catalogs()
	require.NoError(t, err)
	sameJSON(t, list)

	// Every optional field of a catalog, set and unset.
	unit := decimal.RequireFromString("12.5")
	full := *list.Catalogs[0].Catalog
	full.NameZh, full.Notes, full.Trial = "名", []string{"a <b> & \"c\"", ""}, "trial"
	full.Source = catalog.Source{Document: "d", Title: "t", Date: "2020-01-01", URL: "https://x/?a=1&b=2"}
	full.FreeAllowance = &catalog.FreeAllowance{MinutesPerMonth: 10000, Order: []string{"a"}}
	full.Calls = catalog.Calls{Model: "m", Meter: "x", Tiers: []catalog.Tier{
		{ID: "hd", MaxPixels: 921600, TierMeters: catalog.TierMeters{RTC: "r", Recording: "rec"}}, {ID: "top"},
	}, Audio: &catalog.TierMeters{RTC: "a"}}
	full.Meters = append([]catalog.Meter{{ID: "m", Name: "n", NameZh: "中", OveragePer1000: unit}}, full.Meters...)
	bare := catalog.Catalog{}
	sameJSON(t, &CatalogList{Catalogs: []CatalogInfo{
		{Catalog: &full, Packages: []PackageInfo{
			{Package: catalog.Package{ID: "p", UnitPer1000: &unit, ActivatesPostpaid: true, MaxPerAccount: 1, Note: "n", NameZh: "z"}, Per1000: unit},
			{},
		}},
		{Catalog: &bare},
		{},
	}})
	sameJSON(t, &CatalogList{})

	// Results with nil and empty lists, and null amounts.
	sameJSON(t, &QuoteResult{})
	sameJSON(t, &QuoteResult{Usage: []QuoteUsage{}, Packages: []QuotePackage{{VsOverage: &unit}}, Months: []Statement{{}},
		Lots: []LotInfo{}, Payg: QuotePayg{Total: &unit}, Best: QuoteBest{Savings: &unit, Purchases: []QuotePurchase{}}})
	sameJSON(t, &Simulation{})
	sameJSON(t, &Simulation{Months: []Statement{{Meters: []MeterBill{{}, {Deductions: []Deduction{{}}}},
		Forfeited: []Forfeit{}, Balances: []Balance{{}}}}, Lots: []LotInfo{{}}})

	// Errors: every kind of param, and text that needs escaping.
	for _, s := range []string{"", "plain", "<script>&amp;</script>", "\"\\/\b\f\n\r\t\x00\x1f\x7f", "\xff\xfe", "a\u2028b\u2029c",
		"caf\xc3\xa9 中文 😀", "\xed\xa0\x80", "\xf4\x90\x80\x80"} {
		sameJSON(t, fault.New("a[0]."+s, fault.NotADecimal, fault.Params{"value": s, s: 1, "int64": int64(-1 << 63),
			"uint": uint64(1<<64 - 1), "bool": true, "nil": nil, "int8": int8(-8)}, "%q is %s", s, s))
	}
	sameJSON(t, &fault.Error{Code: "invalid"})
	sameJSON(t, (*fault.Error)(nil))
	sameJSON(t, (*QuoteResult)(nil))
}

// AppendJSON refuses what it does not know rather than guessing.
func TestEncodingRefusesOtherValues(t *testing.T) {
	for _, v := range []any{nil, 1, "s", map[string]any{}, *new(Simulation),
		fault.New("", fault.NotADecimal, fault.Params{"value": 1.5}, "float"),
		fault.New("", fault.NotADecimal, fault.Params{"value": []string{}}, "list")} {
		b, err := AppendJSON([]byte("x"), v)
		require.Error(t, err, "%#v", v)
		require.Equal(t, "x", string(b))
	}
}

// The text of strings: every string of up to 3 bytes over an alphabet
// of the characters that matter is escaped as encoding/json escapes it.
func TestEncodingStringsExhaustive(t *testing.T) {
	alphabet := []string{"a", "\"", "\\", "<", ">", "&", "\x00", "\b", "\f", "\n", "\r", "\t", "\x1f", "\x7f",
		"\xff", "\xc3", "\xa9", "\u2028", "\u2029", "é", "😀", "\xe2\x80"}
	var walk func(prefix string, n int)
	walk = func(prefix string, n int) {
		sameJSON(t, &fault.Error{Message: prefix, Params: fault.Params{prefix: prefix}})
		if n == 0 {
			return
		}
		for _, s := range alphabet {
			walk(prefix+s, n-1)
		}
	}
	walk("", 3)
}

func FuzzEncodingStrings(f *testing.F) {
	for _, s := range []string{"", "<&>", "\xff", "\u2028", "a\"b\\c\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameJSON(t, &fault.Error{Code: s, Field: s, Reason: fault.Reason(s), Message: strings.Repeat(s, 2), Params: fault.Params{s: s}})
	})
}

// Benchmarks of the JSON in and out of calc against encoding/json, on
// the requests of make bench (internal/benchreq): the largest is a
// custom list of 32 meters and 200 packages. Compare the ns/op of each
// pair: go test ./calc -run '^$' -bench 'JSON' (natively, or under node
// with GOOS=js GOARCH=wasm and go_js_wasm_exec on PATH).
func BenchmarkParseJSON(b *testing.B) {
	for _, r := range benchreq.All() {
		data := []byte(r.JSON)
		b.Run(r.Name+"/jsonin", func(b *testing.B) {
			for b.Loop() {
				if _, err := jsonin.Parse(data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(r.Name+"/encoding_json", func(b *testing.B) {
			for b.Loop() {
				dec := json.NewDecoder(bytes.NewReader(data))
				dec.UseNumber()
				var v any
				if err := dec.Decode(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWriteJSON(b *testing.B) {
	for _, r := range benchreq.All() {
		var v any
		var err error
		if r.Export == "quote" {
			v, err = QuoteJSON([]byte(r.JSON))
		} else {
			v, err = SimulateJSON([]byte(r.JSON))
		}
		require.NoError(b, err)
		b.Run(r.Name+"/jsonout", func(b *testing.B) {
			var buf []byte // reused, as calc.wasm reuses its envelope's
			for b.Loop() {
				if buf, err = AppendJSON(buf[:0], v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(r.Name+"/encoding_json", func(b *testing.B) {
			for b.Loop() {
				if _, err := json.Marshal(v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
