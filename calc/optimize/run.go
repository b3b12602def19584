package optimize

import (
	"math"
	"math/bits"
	"slices"
	"sort"

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
// (nil for the quick pass) accounts the work; past its budget, fronts
// shrink to beamStates.
func (md *meterData) search(tau, pin, maxStates int, ub int64, b *budget) *runResult {
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
	lbNum, lbDen := md.r, int64(1) // least cost of a minute: overage or a package
	for i := range md.pkgs {
		p := &md.pkgs[i]
		if cmpRatio(p.price, p.size, lbNum, lbDen) < 0 {
			lbNum, lbDen = p.price, p.size
		}
	}
	lb := func(P int64) int64 {
		hi, lo := bits.Mul64(uint64(lbNum), uint64(D-P))
		q, _ := bits.Div64(hi, lo, uint64(lbDen))
		return int64(q)
	}
	// The state lists are reused from search to search (they grow to
	// thousands of states: growing them anew each time costs more than
	// the search).
	sc := &b.scratch
	front := append(sc.front[:0], state{node: -1, part: -1, key: int32(initKey)})
	fresh, merged, inside := sc.fresh[:0], sc.merged[:0], sc.inside[:0]
	defer func() { sc.front, sc.fresh, sc.merged, sc.inside = front, fresh, merged, inside }()
	var nodes []node
	ex0 := &expander{}
	pf := &passFront{}
	exact := true
	for k := 0; k < H; k++ {
		post := md.always || k >= tau
		ph := md.phaseFor(post)
		b.work += md.built
		md.built = 0
		exact = exact && ph.exact
		var F, Fp int64
		if k == 0 {
			F += md.trial
		}
		if k == tau && pin >= 0 {
			F += pinSize
			Fp += pinPrice
		}
		Ak1, Bk := A[k+1], A[md.win[k]]
		var ss, sp int64
		if ph.star >= 0 {
			ss, sp = md.pkgs[ph.star].size, md.pkgs[ph.star].price
		}
		winEnd := md.win[k]
		fresh = fresh[:0]
		// The states whose month k older lots cover move on, buying only
		// the pinned lots (rule 1); the others buy.
		inside = inside[:0]
		pass := front[:0] // in place: the write index trails the read
		for _, s := range front {
			if s.P < Ak1 {
				inside = append(inside, s)
				continue
			}
			if F > 0 {
				s.P = min(s.P+F, Bk)
				s.C += Fp
			}
			pass = append(pass, s)
		}
		pf.reset(pass, md.nKeys, md.always || k+1 >= tau, md.r)
		ex := &expander{md: md, ph: ph, k: k, post: post, F: F, Fp: Fp, Ak1: Ak1, Bk: Bk,
			winEnd: winEnd, ss: ss, sp: sp, ub: ub, lb: lb, pf: pf, fresh: fresh[:0], best: ex0.best}
		ex.stop = b.hardLimit() - b.work
		for i, s := range inside {
			// Far past the budget the month's remaining states are not
			// expanded (the front keeps the cheapest-looking ones first
			// only by key and position, so this is no proof).
			if i > 0 && ex.work > ex.stop {
				exact = false
				break
			}
			ex.expand(s)
		}
		if ex.cut {
			exact = false
		}
		fresh, ex0.best = ex.fresh, ex.best
		limit := maxStates
		{
			// The work that costs: cohorts tried, then sorting the new
			// states (n log n), indexing, merging and pruning (linear).
			b.work += ex.work + 4*int64(len(fresh)) + sortCost(len(fresh)) + 2*int64(len(pass)+len(fresh))
			if b.over() {
				limit = min(limit, beamStates)
			}
		}
		if keep := max(4*limit, 32); limit <= beamStates && len(fresh) > keep {
			// A small front (quick pass, greedy, past the budget): only the
			// most promising new states are worth sorting.
			fresh = md.selectBest(fresh, keep, D)
			exact = false
		}
		slices.SortFunc(fresh, cmpState)
		merged = mergeStates(merged[:0], pass, fresh)
		cone := md.always || k+1 >= tau
		pruned, trimmed := md.prune(merged, cone, limit, D)
		if trimmed {
			exact = false
		}
		// The pruned states live in merged: swap buffers.
		front, merged = pruned, front[:0]
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

// passFront answers, for a new state, whether a state moving on
// unchanged already dominates it, before it is sorted and merged.
type passFront struct {
	st     []state
	lo, hi []int   // per key: the key's range in st
	sufMin []int64 // min of C - r·P over st[i:hi] of the key
	cone   bool
	r      int64
}

// reset indexes pass (sorted by cmpState, Pareto within each key).
func (pf *passFront) reset(pass []state, nKeys int, cone bool, r int64) {
	pf.st, pf.cone, pf.r = pass, cone, r
	pf.lo = slices.Grow(pf.lo[:0], nKeys)[:nKeys]
	pf.hi = slices.Grow(pf.hi[:0], nKeys)[:nKeys]
	for i := range pf.lo {
		pf.lo[i], pf.hi[i] = 0, 0
	}
	for i := len(pass) - 1; i >= 0; i-- {
		pf.lo[pass[i].key] = i
	}
	for i := range pass {
		pf.hi[pass[i].key] = i + 1
	}
	if cone {
		pf.sufMin = slices.Grow(pf.sufMin[:0], len(pass))[:len(pass)]
		m := int64(math.MaxInt64)
		for i := len(pass) - 1; i >= 0; i-- {
			if i+1 < len(pass) && pass[i+1].key != pass[i].key {
				m = math.MaxInt64
			}
			m = min(m, pass[i].C-r*pass[i].P)
			pf.sufMin[i] = m
		}
	}
}

// dominated reports whether some state of pass with the same key is
// ahead and no dearer, or (cone) behind by d minutes and cheaper by at
// least r·d.
func (pf *passFront) dominated(key int32, P, C int64) bool {
	lo, hi := pf.lo[key], pf.hi[key]
	if lo >= hi {
		return false
	}
	// First index of the key's range whose position is below P.
	i := lo + sort.Search(hi-lo, func(x int) bool { return pf.st[lo+x].P < P })
	if i > lo && pf.st[i-1].C <= C {
		return true
	}
	return pf.cone && i < hi && pf.sufMin[i] <= C-pf.r*P
}

// cmpState orders states by key, then position descending, then cost,
// then their history, so that every run is deterministic.
func cmpState(a, b state) int {
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
}

// mergeStates appends the merge of two sorted lists to dst.
func mergeStates(dst, x, y []state) []state {
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		if cmpState(x[i], y[j]) <= 0 {
			dst = append(dst, x[i])
			i++
		} else {
			dst = append(dst, y[j])
			j++
		}
	}
	dst = append(dst, x[i:]...)
	return append(dst, y[j:]...)
}

// prune drops dominated states (package doc) from st, sorted by
// cmpState, and, past maxStates, the least promising ones; it reports
// whether it had to.
func (md *meterData) prune(st []state, cone bool, maxStates int, D int64) ([]state, bool) {
	if len(st) <= 1 {
		return st, false
	}
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

// selectBest moves the keep states of st with the least cost plus
// overage on what is left to its front (quickselect, linear on average)
// and returns them.
func (md *meterData) selectBest(st []state, keep int, D int64) []state {
	v := func(s *state) int64 { return s.C + md.r*(D-s.P) }
	lo, hi := 0, len(st) // the keep-th smallest lies in st[lo:hi]
	for hi-lo > 1 {
		pv := v(&st[lo+(hi-lo)/2])
		// Three-way partition of st[lo:hi] around pv.
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch x := v(&st[i]); {
			case x < pv:
				st[lt], st[i] = st[i], st[lt]
				lt++
				i++
			case x > pv:
				gt--
				st[gt], st[i] = st[i], st[gt]
			default:
				i++
			}
		}
		switch {
		case keep <= lt:
			hi = lt
		case keep <= gt:
			return st[:keep]
		default:
			lo = gt
		}
	}
	return st[:keep]
}

// sortCost is the comparisons of sorting n states: n log2 n.
func sortCost(n int) int64 {
	return int64(n) * int64(bits.Len(uint(n)))
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

// expander makes the states a state inside month k can reach by buying
// cohort k: every canonical (part, a) of the package doc.
type expander struct {
	md       *meterData
	ph       *phase
	k        int
	post     bool
	F, Fp    int64 // pinned minutes and price of month k
	Ak1, Bk  int64
	winEnd   int
	ss, sp   int64 // the best package's size and price; 0: none
	ub       int64
	lb       func(int64) int64
	pf       *passFront
	fresh    []state
	best     []inBest // per key: the cheapest cohort ending inside month k
	bestKeys []int32
	work     int64 // cohorts tried
	// stop: the work past which expand tries no more landing months
	// (with postpaid on); cut: it did.
	stop int64
	cut  bool
}

// inBest is a candidate ending inside month k.
type inBest struct {
	C    int64
	part int32
	a    int64
	set  bool
}

// add appends a new state unless it cannot beat ub or a state moving on
// dominates it.
func (ex *expander) add(s state, P, C int64, key int32, part int, a int64) {
	if C > ex.ub || C+ex.lb(P) > ex.ub || ex.pf.dominated(key, P, C) {
		return
	}
	ns := state{P: P, C: C, node: s.node, part: -1, key: key}
	if ex.ph.parts[part].n > 0 || a > 0 {
		ns.part, ns.a = int32(part), a
	}
	ex.fresh = append(ex.fresh, ns)
}

// expand adds the cohorts state s can buy in month k.
func (ex *expander) expand(s state) {
	md, ph := ex.md, ex.ph
	A := md.A
	P0, C0 := s.P+ex.F, s.C+ex.Fp
	parts, trans := ph.parts, md.transRow(ph, s.key)
	// Parts by size: those ending inside month k without the best
	// package come first.
	split := sort.Search(len(ph.byT), func(i int) bool { return P0+parts[ph.byT[i]].T >= ex.Ak1 })

	// Ending inside month k (X < Ak1): all reach position Ak1, the rest
	// of the month being overage; only the cheapest per key matters, and
	// per part the cost is linear in a (rule 4): a = 0 or the most.
	if ex.post {
		if len(ex.best) < md.nKeys {
			ex.best = make([]inBest, md.nKeys)
		}
		ex.bestKeys = ex.bestKeys[:0]
		ex.work += int64(split)
		for _, pi := range ph.byT[:split] {
			nk := trans[pi]
			if nk < 0 {
				continue
			}
			pt := &parts[pi]
			base := P0 + pt.T
			c := C0 + pt.price + md.r*(ex.Ak1-base)
			var a int64
			if ex.ss > 0 {
				if a1 := (ex.Ak1 - 1 - base) / ex.ss; a1 > 0 {
					if c1 := C0 + pt.price + a1*ex.sp + md.r*(ex.Ak1-base-a1*ex.ss); c1 < c {
						c, a = c1, a1
					}
				}
			}
			b := &ex.best[nk]
			if !b.set {
				ex.bestKeys = append(ex.bestKeys, nk)
			}
			if !b.set || c < b.C || (c == b.C && (int32(pi) < b.part || (int32(pi) == b.part && a < b.a))) {
				*b = inBest{C: c, part: int32(pi), a: a, set: true}
			}
		}
		for _, nk := range ex.bestKeys {
			b := &ex.best[nk]
			ex.add(s, ex.Ak1, b.C, nk, int(b.part), b.a)
			b.set = false
		}
	}

	// Without the best package, ending past month k: landing in month j
	// or capped at the window's end, within the part's smallest package
	// of its start (rule 2).
	ex.work += int64(len(ph.byT) - split)
	for _, pi := range ph.byT[split:] {
		nk := trans[pi]
		if nk < 0 {
			continue
		}
		pt := &parts[pi]
		X := P0 + pt.T
		C := C0 + pt.price
		if X >= ex.Bk {
			if pt.n > 0 && X-pt.minSize >= ex.Bk {
				continue
			}
			ex.add(s, ex.Bk, C, nk, int(pi), 0)
			continue
		}
		if pt.n > 0 {
			j := ex.k + 1
			for j+1 < ex.winEnd && A[j+1] <= X {
				j++
			}
			if X-pt.minSize >= A[j] {
				continue
			}
		}
		ex.add(s, X, C, nk, int(pi), 0)
	}

	// With a ≥ 1 best packages, to land within min(best, smallest
	// package) of a month's start Y (rule 2): (T − δ) mod best < lim
	// with δ = (Y − P0) mod best, found by residue in each group of
	// parts sharing lim.
	if ex.ss == 0 {
		return
	}
	ss := ex.ss
	for j := ex.k + 1; j <= ex.winEnd; j++ {
		if ex.post && ex.work > ex.stop {
			// Far past the budget: the cohorts ending inside month k (overage
			// after) keep the walk going; the rest is not tried.
			ex.cut = true
			return
		}
		var Y, Ynext int64
		if j < ex.winEnd {
			Y, Ynext = A[j], A[j+1]
			if Ynext == Y {
				continue
			}
		} else {
			Y, Ynext = ex.Bk, math.MaxInt64 // capped at the window's end
		}
		if Y <= P0 {
			continue
		}
		delta := (Y - P0) % ss
		ex.work += int64(len(ph.groups))
		for gi := range ph.groups {
			g := &ph.groups[gi]
			lo, hi := delta, delta+g.lim
			visit := func(from, to int64) {
				i := sort.Search(len(g.resid), func(x int) bool { return g.resid[x] >= from })
				for ; i < len(g.resid) && g.resid[i] < to; i++ {
					ex.work++
					pi := g.parts[i]
					nk := trans[pi]
					if nk < 0 {
						continue
					}
					pt := &parts[pi]
					base := P0 + pt.T
					if base >= Y {
						continue // a = 0: above
					}
					a := ceilDiv(Y-base, ss)
					X := base + a*ss
					if X >= Ynext {
						continue
					}
					P := X
					if j == ex.winEnd {
						P = ex.Bk
					}
					ex.add(s, P, C0+pt.price+a*ex.sp, nk, int(pi), a)
				}
			}
			if hi <= ss {
				visit(lo, hi)
			} else {
				visit(lo, ss)
				visit(0, hi-ss)
			}
		}
	}
}
