package optimize

import (
	"math"
	"slices"

	"github.com/shopspring/decimal"
)

// runResult is one meter's best plan for one (tau, pin).
type runResult struct {
	feasible  bool
	exact     bool
	cost      decimal.Decimal
	scaled    int64 // cost in units of 10^-scale
	purchases []Purchase
}

// state is a point of the search after some months: demand left of
// position P is settled at cost C; key counts the limited packages
// bought. A state made this month carries its decision (part, a) until
// it survives pruning and gets a node.
type state struct {
	P, C int64
	a    int64
	node int32
	part int32 // -1: no decision pending
	key  int32
}

// node records a decision for rebuilding the plan.
type node struct {
	parent int32
	month  int32
	part   int32
	post   bool
	a      int64
}

// beamStates is the front size once the work budget is spent.
const beamStates = 64

// run searches the meter's plans with postpaid on from month tau (always
// for a catalog whose postpaid is always on) and package pin (an index in
// pkgs, -1 for none) bought in month tau.
func (md *meterData) run(tau, pin int, b *budget) *runResult {
	if md.scaleErr {
		b.inexact = true
		return md.fallback(tau, pin)
	}
	H, A := md.H, md.A
	D := A[H]
	initKey := 0
	var pinSize, pinPrice int64
	if pin >= 0 {
		pinSize, pinPrice = md.pkgs[pin].size, md.pkgs[pin].price
		if initKey = md.addToKey(0, []pcount{{pin, 1}}); initKey < 0 {
			return &runResult{exact: true}
		}
	}
	front := []state{{node: -1, part: -1, key: int32(initKey)}}
	var next []state
	var nodes []node
	exact := true
	for k := 0; k < H; k++ {
		post := md.always || k >= tau
		ph := md.phaseFor(post)
		exact = exact && ph.exact
		var F, Fp int64
		if k == 0 {
			F += md.trial
		}
		if k == tau && pin >= 0 {
			F += pinSize
			Fp += pinPrice
		}
		Ak, Ak1, Bk := A[k], A[k+1], A[md.win[k]]
		_ = Ak
		var ss, sp int64
		if ph.star >= 0 {
			ss, sp = md.pkgs[ph.star].size, md.pkgs[ph.star].price
		}
		winEnd := md.win[k]
		next = next[:0]
		for _, s := range front {
			if s.P >= Ak1 {
				// Month k is covered by older lots: only the pinned lots are
				// bought (rule 1).
				if F > 0 {
					s.P = min(s.P+F, Bk)
					s.C += Fp
				}
				next = append(next, s)
				continue
			}
			for pi := range ph.parts {
				nk := ph.trans[s.key][pi]
				if nk < 0 {
					continue
				}
				pt := &ph.parts[pi]
				base := s.P + F + pt.T
				c0 := s.C + Fp + pt.price
				emit := func(a int64) {
					X := base + a*ss
					C := c0 + a*sp
					minNP := pt.minSize
					if a > 0 && ss < minNP {
						minNP = ss
					}
					hasNP := pt.n > 0 || a > 0
					var P int64
					switch {
					case X < Ak1:
						// The cohort ends inside its month: the rest is overage.
						if !post {
							return
						}
						C += md.r * (Ak1 - X)
						P = Ak1
					case X >= Bk:
						// Capped at the window's end; rule 2 against waste.
						if hasNP && X-minNP >= Bk {
							return
						}
						P = Bk
					default:
						if hasNP {
							j := k + 1
							for j+1 < winEnd && A[j+1] <= X {
								j++
							}
							if X-minNP >= A[j] {
								return // rule 2
							}
						}
						P = X
					}
					ns := state{P: P, C: C, node: s.node, part: -1, key: nk}
					if hasNP {
						ns.part, ns.a = int32(pi), a
					}
					next = append(next, ns)
				}
				emit(0)
				if ss == 0 {
					continue
				}
				// Rule 4: inside month k only the most best-value packages.
				if base < Ak1 {
					if a1 := (Ak1 - 1 - base) / ss; a1 > 0 {
						emit(a1)
					}
				}
				// Rule 2: landing in month j, within a package of its start.
				lim := min(ss, pt.minSize)
				for j := k + 1; j < winEnd; j++ {
					Aj, Aj1 := A[j], A[j+1]
					if Aj1 == Aj || base >= Aj {
						continue
					}
					a := ceilDiv(Aj-base, ss)
					if X := base + a*ss; X < Aj1 && X-Aj < lim {
						emit(a)
					}
				}
				// Capped at the window's end with the fewest packages.
				if base < Bk {
					emit(ceilDiv(Bk-base, ss))
				}
			}
		}
		b.work += int64(len(next))
		maxStates := b.maxStates
		if b.work > b.maxWork {
			maxStates = min(maxStates, beamStates)
		}
		cone := md.always || k+1 >= tau
		pruned, trimmed := md.prune(next, cone, maxStates, D)
		if trimmed {
			exact = false
			b.inexact = true
		}
		next = front[:0]
		front = pruned
		for i := range front {
			s := &front[i]
			if s.part >= 0 {
				nodes = append(nodes, node{parent: s.node, month: int32(k), part: s.part, post: post, a: s.a})
				s.node = int32(len(nodes) - 1)
				s.part, s.a = -1, 0
			}
		}
	}
	if len(front) == 0 {
		return &runResult{exact: exact}
	}
	bi := 0
	for i := range front {
		if front[i].C < front[bi].C {
			bi = i
		}
	}
	best := front[bi]
	r := &runResult{feasible: true, exact: exact, scaled: best.C, cost: decimal.New(best.C, -md.scale)}
	counts := map[[2]int]int64{}
	for n := best.node; n >= 0; n = nodes[n].parent {
		nd := &nodes[n]
		ph := md.phaseFor(nd.post)
		for _, pc := range ph.parts[nd.part].counts {
			counts[[2]int{int(nd.month), md.pkgs[pc.pkg].idx}] += pc.count
		}
		if nd.a > 0 {
			counts[[2]int{int(nd.month), md.pkgs[ph.star].idx}] += nd.a
		}
	}
	if pin >= 0 {
		counts[[2]int{tau, md.pkgs[pin].idx}]++
	}
	for k, n := range counts {
		r.purchases = append(r.purchases, Purchase{Month: k[0], Package: k[1], Count: n})
	}
	return r
}

// prune drops dominated states (package doc) and, past maxStates, the
// least promising ones; it reports whether it had to.
func (md *meterData) prune(st []state, cone bool, maxStates int, D int64) ([]state, bool) {
	if len(st) <= 1 {
		return st, false
	}
	slices.SortFunc(st, func(a, b state) int {
		switch {
		case a.key != b.key:
			return int(a.key) - int(b.key)
		case a.P != b.P:
			return cmp64(b.P, a.P)
		case a.C != b.C:
			return cmp64(a.C, b.C)
		case a.node != b.node:
			return int(a.node) - int(b.node)
		case a.part != b.part:
			return int(a.part) - int(b.part)
		}
		return cmp64(a.a, b.a)
	})
	out := st[:0]
	for i := 0; i < len(st); {
		j := i
		start := len(out)
		best := int64(math.MaxInt64)
		for ; j < len(st) && st[j].key == st[i].key; j++ {
			if st[j].C < best {
				best = st[j].C
				out = append(out, st[j])
			}
		}
		if cone {
			// Ascending P: drop a state that costs at least r per minute
			// ahead more than one behind it.
			grp := out[start:]
			m := int64(math.MaxInt64)
			for x := len(grp) - 1; x >= 0; x-- {
				v := grp[x].C - md.r*grp[x].P
				if v >= m {
					grp[x].key = -1
				} else {
					m = v
				}
			}
		}
		i = j
	}
	kept := out[:0]
	for _, s := range out {
		if s.key >= 0 {
			kept = append(kept, s)
		}
	}
	if len(kept) <= maxStates {
		return kept, false
	}
	// Keep the states with the least cost plus overage on what is left.
	slices.SortStableFunc(kept, func(a, b state) int {
		return cmp64(a.C+md.r*(D-a.P), b.C+md.r*(D-b.P))
	})
	return kept[:maxStates], true
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// fallback is the plan of a meter that cannot be searched exactly: the
// pinned package, if any, and overage (infeasible if postpaid is off in a
// month with demand). Its cost ignores what the trial and the pin cover.
func (md *meterData) fallback(tau, pin int) *runResult {
	r := &runResult{feasible: true}
	if pin >= 0 {
		p := &md.c.Packages[md.pkgs[pin].idx]
		r.cost = p.Price
		r.purchases = []Purchase{{Month: tau, Package: md.pkgs[pin].idx, Count: 1}}
	}
	for t, n := range md.N {
		if n == 0 {
			continue
		}
		if !md.always && t < tau {
			r.feasible = false
			return r
		}
		r.cost = r.cost.Add(decimal.NewFromInt(n).Mul(md.rate).Shift(-3))
	}
	return r
}
