//go:build js && wasm

package main

import "github.com/rtcprice/rtcprice/calc"

// quote prices a quote request. Until the core has calc.QuoteJSON this is
// the one place that stands in for it: the export exists and answers
// "internal" so that the page can be built against the full API.
func quote([]byte) (any, error) {
	return nil, &calc.Error{Code: calc.CodeInternal, Message: "quote is not in this build of the pricing core yet"}
}
