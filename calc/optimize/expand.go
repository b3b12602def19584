package optimize

import (
	"math"
	"sort"
)

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
	P0, C0 := s.P+ex.F, s.C+ex.Fp
	trans := md.transRow(ph, s.key)
	// Parts by size: those ending inside month k without the best
	// package come first.
	split := sort.Search(len(ph.byT), func(i int) bool { return P0+ph.parts[ph.byT[i]].T >= ex.Ak1 })
	if ex.post {
		ex.endInside(s, P0, C0, trans, split)
	}
	ex.landWithout(s, P0, C0, trans, split)
	if ex.ss > 0 {
		ex.landWith(s, P0, C0, trans)
	}
}

// endInside is rule 4 (extremes): cohorts ending inside month k (X <
// Ak1) all reach position Ak1, the rest of the month being overage; only
// the cheapest per key matters, and per part the cost is linear in a:
// a = 0 or the most.
func (ex *expander) endInside(s state, P0, C0 int64, trans []int32, split int) {
	md, ph := ex.md, ex.ph
	parts := ph.parts
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

// landWithout is rule 2 (transfer) for cohorts without the best
// package, ending past month k: they land in month j or are capped at the
// window's end, within the part's smallest package of its start.
func (ex *expander) landWithout(s state, P0, C0 int64, trans []int32, split int) {
	md, ph := ex.md, ex.ph
	A, parts := md.A, ph.parts
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
}

// landWith is rule 2 (transfer) for cohorts with a ≥ 1 best packages:
// they land within min(best, smallest package) of a month's start Y,
// tried month by month in the window, then capped at its end.
func (ex *expander) landWith(s state, P0, C0 int64, trans []int32) {
	for j := ex.k + 1; j <= ex.winEnd; j++ {
		if ex.post && ex.work > ex.stop {
			// Far past the budget: the cohorts ending inside month k (overage
			// after) keep the walk going; the rest is not tried.
			ex.cut = true
			return
		}
		Y, Ynext, ok := ex.landingMonth(j)
		if !ok || Y <= P0 {
			continue
		}
		ex.landIn(&landing{s: s, P0: P0, C0: C0, trans: trans, j: j, Y: Y, Ynext: Ynext})
	}
}

// landingMonth is where cohorts landing in month j start (Y) and stop
// (Ynext): month j itself, or from the window's end on (j = winEnd, the
// cohort capped there); ok false for a month without demand.
func (ex *expander) landingMonth(j int) (Y, Ynext int64, ok bool) {
	if j < ex.winEnd {
		Y, Ynext = ex.md.A[j], ex.md.A[j+1]
		return Y, Ynext, Ynext != Y
	}
	return ex.Bk, math.MaxInt64, true
}

// landing is a state's cohort landing in month j: [Y, Ynext).
type landing struct {
	s        state
	P0, C0   int64
	trans    []int32
	j        int
	Y, Ynext int64
}

// landIn finds the parts whose cohort, with enough best packages to
// reach Y, lands in [Y, Y + lim): by rule 2 the residue (T − δ) mod best
// < lim, δ = (Y − P0) mod best, searched in each group of parts sharing
// lim (the residue range may wrap around).
func (ex *expander) landIn(l *landing) {
	ss := ex.ss
	delta := (l.Y - l.P0) % ss
	ex.work += int64(len(ex.ph.groups))
	for gi := range ex.ph.groups {
		g := &ex.ph.groups[gi]
		lo, hi := delta, delta+g.lim
		if hi <= ss {
			ex.landResidues(l, g, lo, hi)
		} else {
			ex.landResidues(l, g, lo, ss)
			ex.landResidues(l, g, 0, hi-ss)
		}
	}
}

// landResidues adds the cohorts of g's parts whose residue lies in
// [from, to): each with the fewest best packages reaching Y (a = 0 is
// landWithout's), unless that ends past the month.
func (ex *expander) landResidues(l *landing, g *limGroup, from, to int64) {
	parts := ex.ph.parts
	i := sort.Search(len(g.resid), func(x int) bool { return g.resid[x] >= from })
	for ; i < len(g.resid) && g.resid[i] < to; i++ {
		ex.work++
		pi := g.parts[i]
		nk := l.trans[pi]
		if nk < 0 {
			continue
		}
		pt := &parts[pi]
		base := l.P0 + pt.T
		if base >= l.Y {
			continue // a = 0: above
		}
		a := ceilDiv(l.Y-base, ex.ss)
		X := base + a*ex.ss
		if X >= l.Ynext {
			continue
		}
		P := X
		if l.j == ex.winEnd {
			P = ex.Bk
		}
		ex.add(l.s, P, l.C0+pt.price+a*ex.sp, nk, pi, a)
	}
}
