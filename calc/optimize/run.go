package optimize

import (
	"math"
	"math/bits"
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

// beamStates is the front size once the work budget is spent;
// probeStates the front size of the first, quick pass that gives the
// exact pass its upper bound.
const (
	beamStates  = 64
	probeStates = 8
)

// run searches the meter's plans with postpaid on from month tau (always
// for a catalog whose postpaid is always on) and package pin (an index in
// pkgs, -1 for none) bought in month tau. A quick pass with small fronts
// finds a good plan; its cost bounds the exact pass, which drops every
// state whose cost plus a lower bound on the rest exceeds it (the
// optimal walk never does). A run that cannot prove its plan returns the
// cheaper of it and the floor (see floor).
func (md *meterData) run(tau, pin int, b *budget) *runResult {
	if md.scaleErr {
		b.inexact = true
		return md.fallback(tau, pin)
	}
	if md.variants != nil {
		// More limited combinations than a state counts: the best of the
		// searches over subsets that fit, and the floor; no proof.
		b.inexact = true
		r := md.floor(tau, pin, b, true)
		for _, v := range md.variants {
			if b.over() {
				break // the others would return their (empty) floors
			}
			r = cheaper(r, v.run(tau, pin, b))
		}
		r.exact = false
		return r
	}
	if b.over() {
		b.inexact = true
		return md.floor(tau, pin, b, true)
	}
	probe := md.search(tau, pin, probeStates, math.MaxInt64, b)
	if b.over() {
		// Out of budget: the quick pass's plan, unproven.
		b.inexact = true
		probe.exact = false
		return cheaper(probe, md.floor(tau, pin, b, false))
	}
	ub := int64(math.MaxInt64)
	if probe.feasible {
		ub = probe.scaled
	}
	r := md.search(tau, pin, b.maxStates, ub, b)
	if probe.feasible && (!r.feasible || probe.scaled < r.scaled) {
		probe.exact = r.exact && r.feasible && probe.scaled <= r.scaled
		r = probe
	}
	if !r.exact {
		b.inexact = true
		r = cheaper(r, md.floor(tau, pin, b, false))
	}
	return r
}

// floor is what an unproven run returns at worst: the cheapest of the
// plans that buy nothing (but the pin) or one package only (any number of
// it, in any months; found by a search of that package alone, small
// fronts) and, unless the run
// made its quick pass (greedy false) or the search is far past its
// budget, of a greedy search of all packages (a front of one state). So adding a package to a
// catalog never makes an unproven plan dearer than the best plan of that
// package alone. A variant has none: its parent adds it.
func (md *meterData) floor(tau, pin int, b *budget, greedy bool) *runResult {
	if md.variant {
		return &runResult{}
	}
	n := probeStates
	r := &runResult{}
	if b.exhausted() {
		n = 1
	} else if greedy && md.variants == nil {
		// (A meter with variants counts no limits itself: they do.)
		r = md.search(tau, pin, 1, math.MaxInt64, b)
	}
	// A one-package search is small (no more than n states, each buying
	// in at most a window's months): no state of it is left unexpanded.
	end, share := b.runEnd, b.runShare
	b.runEnd, b.runShare = math.MaxInt64/4, 0
	r = cheaper(r, md.single(-1).search(tau, pin, 1, math.MaxInt64, b)) // buying nothing more
	for i := range md.pkgs {
		r = cheaper(r, md.single(i).search(tau, pin, n, math.MaxInt64, b))
	}
	b.runEnd, b.runShare = end, share
	r.exact = false
	return r
}

// cheaper returns the cheaper of two results, a feasible one before an
// infeasible one, x between equals.
func cheaper(x, y *runResult) *runResult {
	switch {
	case x == nil || (!x.feasible && y.feasible):
		return y
	case y == nil || !y.feasible:
		return x
	case y.scaled < x.scaled:
		return y
	}
	return x
}

// search is one pass of the dynamic programme: fronts of at most
// maxStates states, dropping states that cannot finish at or below ub. b
// accounts the work; past its budget, fronts shrink to beamStates.
func (md *meterData) search(tau, pin, maxStates int, ub int64, b *budget) *runResult {
	initKey := 0
	if pin >= 0 {
		if initKey = md.addToKey(0, []pcount{{pin, 1}}); initKey < 0 {
			return &runResult{exact: true}
		}
	}
	// The walk's lists are reused from search to search, which run one
	// at a time (they grow to thousands of states: growing them anew
	// each time costs more than the search).
	w := &b.scratch
	*w = walk{md: md, tau: tau, pin: pin, maxStates: maxStates, ub: ub, b: b, lb: md.restBound(), exact: true,
		front: append(w.front[:0], state{node: -1, part: -1, key: int32(initKey)}),
		fresh: w.fresh[:0], merged: w.merged[:0], inside: w.inside[:0], nodes: w.nodes[:0],
		best: w.best, pf: w.pf, ex: expander{bestKeys: w.ex.bestKeys[:0]}}
	for k := 0; k < md.H; k++ {
		w.month(k)
	}
	return w.result()
}

// restBound returns the lower bound on the cost of the demand right of
// a position: the rest at the least cost of a minute, overage or a
// package (the exact pass drops a state whose cost plus it exceeds ub).
func (md *meterData) restBound() func(P int64) int64 {
	D := md.A[md.H]
	lbNum, lbDen := md.r, int64(1)
	for i := range md.pkgs {
		p := &md.pkgs[i]
		if cmpRatio(p.price, p.size, lbNum, lbDen) < 0 {
			lbNum, lbDen = p.price, p.size
		}
	}
	return func(P int64) int64 {
		hi, lo := bits.Mul64(uint64(lbNum), uint64(D-P))
		q, _ := bits.Div64(hi, lo, uint64(lbDen))
		return int64(q)
	}
}

// walk is one search's state: the front after the months done, the
// buffers it reuses and the nodes of the plans it holds. best holds no
// set entry between months (endInside clears what it sets), so it is
// reused from search to search like the lists.
type walk struct {
	md                           *meterData
	tau, pin, maxStates          int
	ub                           int64
	b                            *budget
	lb                           func(int64) int64
	front, fresh, merged, inside []state
	nodes                        []node
	best                         []inBest // the expanders' per-key scratch
	pf                           passFront
	ex                           expander // the month's, reused
	exact                        bool
}

// month moves the front over month k: the states month k's older lots
// cover move on (rule 1), the others buy a canonical cohort (rules 2 to
// 4, see expander), and the new front is what survives pruning.
func (w *walk) month(k int) {
	md := w.md
	post := md.always || k >= w.tau
	ph := md.phaseFor(post)
	w.b.work += md.built
	md.built = 0
	w.exact = w.exact && ph.exact
	F, Fp := w.forced(k)
	Ak1, Bk := md.A[k+1], md.A[md.win[k]]
	pass := w.mergeCovered(Ak1, Bk, F, Fp)
	cone := md.always || k+1 >= w.tau
	w.pf.reset(pass, md.nKeys, cone, md.r)
	expandWork := w.buyCohorts(ph, k, post, F, Fp)
	w.prune(pass, expandWork, cone)
	w.record(k, post)
}

// forced is the minutes and price bought in month k whatever the
// state: the trial in month 0, the pin in month tau.
func (w *walk) forced(k int) (F, Fp int64) {
	md := w.md
	if k == 0 {
		F += md.trial
	}
	if k == w.tau && w.pin >= 0 {
		F += md.pkgs[w.pin].size
		Fp += md.pkgs[w.pin].price
	}
	return F, Fp
}

// mergeCovered is rule 1 (merge): a state whose older lots cover all of
// month k (position at or past its end Ak1) buys nothing but the forced
// lots and moves on; it returns those states, in place in the front, and
// puts the others in w.inside.
func (w *walk) mergeCovered(Ak1, Bk, F, Fp int64) []state {
	w.inside = w.inside[:0]
	pass := w.front[:0] // in place: the write index trails the read
	for _, s := range w.front {
		if s.P < Ak1 {
			w.inside = append(w.inside, s)
			continue
		}
		if F > 0 {
			s.P = min(s.P+F, Bk)
			s.C += Fp
		}
		pass = append(pass, s)
	}
	return pass
}

// buyCohorts expands every state inside month k by the canonical cohorts
// of rules 2 to 4 (expander.expand) into new states (w.fresh); it returns
// the cohorts tried.
func (w *walk) buyCohorts(ph *phase, k int, post bool, F, Fp int64) int64 {
	md := w.md
	var ss, sp int64
	if ph.star >= 0 {
		ss, sp = md.pkgs[ph.star].size, md.pkgs[ph.star].price
	}
	w.ex = expander{md: md, ph: ph, k: k, post: post, F: F, Fp: Fp, Ak1: md.A[k+1], Bk: md.A[md.win[k]],
		winEnd: md.win[k], ss: ss, sp: sp, ub: w.ub, lb: w.lb, pf: &w.pf, fresh: w.fresh[:0], best: w.best,
		bestKeys: w.ex.bestKeys[:0]}
	ex := &w.ex
	ex.stop = w.b.hardLimit() - w.b.work
	for i, s := range w.inside {
		// Far past the budget the month's remaining states are not
		// expanded (the front keeps the cheapest-looking ones first
		// only by key and position, so this is no proof).
		if i > 0 && ex.work > ex.stop {
			w.exact = false
			break
		}
		ex.expand(s)
	}
	if ex.cut {
		w.exact = false
	}
	w.fresh, w.best = ex.fresh, ex.best
	return ex.work
}

// prune accounts the month's work and makes the new front: the moving
// states and the new ones merged, dominated states dropped (with the cone
// once postpaid is on), at most maxStates kept (beamStates past the
// budget).
func (w *walk) prune(pass []state, expandWork int64, cone bool) {
	md, b := w.md, w.b
	D := md.A[md.H]
	limit := w.maxStates
	// The work that costs: cohorts tried, then sorting the new states
	// (n log n), indexing, merging and pruning (linear).
	b.work += expandWork + 4*int64(len(w.fresh)) + sortCost(len(w.fresh)) + 2*int64(len(pass)+len(w.fresh))
	if b.over() {
		limit = min(limit, beamStates)
	}
	if keep := max(4*limit, 32); limit <= beamStates && len(w.fresh) > keep {
		// A small front (quick pass, greedy, past the budget): only the
		// most promising new states are worth sorting.
		w.fresh = md.selectBest(w.fresh, keep, D)
		w.exact = false
	}
	slices.SortFunc(w.fresh, cmpState)
	w.merged = mergeStates(w.merged[:0], pass, w.fresh)
	pruned, trimmed := md.prune(w.merged, cone, limit, D)
	if trimmed {
		w.exact = false
	}
	// The pruned states live in merged: swap buffers.
	w.front, w.merged = pruned, w.front[:0]
}

// record gives each state of the front that bought in month k a node
// holding its decision.
func (w *walk) record(k int, post bool) {
	for i := range w.front {
		s := &w.front[i]
		if s.part >= 0 {
			w.nodes = append(w.nodes, node{parent: s.node, month: int32(k), part: s.part, post: post, a: s.a})
			s.node = int32(len(w.nodes) - 1)
			s.part, s.a = -1, 0
		}
	}
}

// result is the cheapest state of the last front and its plan, rebuilt
// from its nodes.
func (w *walk) result() *runResult {
	md := w.md
	if len(w.front) == 0 {
		return &runResult{exact: w.exact}
	}
	bi := 0
	for i := range w.front {
		if w.front[i].C < w.front[bi].C {
			bi = i
		}
	}
	best := w.front[bi]
	r := &runResult{feasible: true, exact: w.exact, scaled: best.C, cost: decimal.New(best.C, -md.scale)}
	counts := map[[2]int]int64{}
	for n := best.node; n >= 0; n = w.nodes[n].parent {
		nd := &w.nodes[n]
		ph := md.phaseFor(nd.post)
		for _, pc := range ph.parts[nd.part].counts {
			counts[[2]int{int(nd.month), md.pkgs[pc.pkg].idx}] += pc.count
		}
		if nd.a > 0 {
			counts[[2]int{int(nd.month), md.pkgs[ph.star].idx}] += nd.a
		}
	}
	if w.pin >= 0 {
		counts[[2]int{w.tau, md.pkgs[w.pin].idx}]++
	}
	for k, n := range counts {
		r.purchases = append(r.purchases, Purchase{Month: k[0], Package: k[1], Count: n})
	}
	return r
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
