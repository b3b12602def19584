//go:build js && wasm

// Command depfloor is the floor module (cmd/floor) with the dependencies
// the project chose for calc.wasm and nothing of ours: it registers one
// function through hack-pad/safejs that parses two decimals with
// shopspring/decimal, adds, multiplies, divides and rounds them, and
// writes the result. shopspring/decimal reaches fmt (its errors and
// panics), reflect (through fmt) and math/big (its arithmetic, Int.Exp
// in every rescale, with Montgomery and GCD); safejs reaches fmt too.
//
// make size and make bench-load build it (packed as calc.wasm is) beside
// the floor: what calc.wasm cannot go below without replacing those
// dependencies, so that the part of calc.wasm's size and load time that
// is ours can be read apart from theirs.
package main

import (
	"strings"

	"github.com/hack-pad/safejs"
	"github.com/shopspring/decimal"
)

func main() {
	fn, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		s := "1.5 2.25"
		if len(args) > 0 {
			if a, err := args[0].String(); err == nil {
				s = a
			}
		}
		return calc(s)
	})
	if err != nil {
		println("depfloor:", err.Error())
		return
	}
	if err := safejs.Global().Set("floor", fn); err != nil {
		println("depfloor:", err.Error())
		return
	}
	select {}
}

// calc parses "x y", and answers "ok" when (x+y)·y/y rounded to cents is
// a decimal, or the parse error.
func calc(s string) string {
	a, b, _ := strings.Cut(s, " ")
	x, err := decimal.NewFromString(a)
	if err != nil {
		return err.Error()
	}
	y, err := decimal.NewFromString(b)
	if err != nil {
		return err.Error()
	}
	if y.IsZero() || x.Add(y).Mul(y).DivRound(y, 6).Round(2).String() == "" {
		return "no answer"
	}
	return "ok"
}
