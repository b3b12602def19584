package optimize

import (
	"math"
	"sort"
)

// part is a cohort's multiset of packages other than the best one.
type part struct {
	T       int64 // minutes
	price   int64 // scaled
	minSize int64 // smallest package in it; math.MaxInt64 when empty
	n       int64 // packages in it
	counts  []pcount
}

type pcount struct {
	pkg   int // index in meterData.pkgs
	count int64
}

// phase is what a cohort may buy: before postpaid is on (pre) or after
// (post).
type phase struct {
	star  int // index in pkgs of the best unlimited package; -1: none
	parts []part
	// byT lists the parts by minutes; groups them by min(best size,
	// smallest package) and minutes modulo the best size.
	byT    []int
	groups []limGroup
	trans  [][]int32 // [key][part]: key after buying the part; -1: over a limit; nil: not built yet
	exact  bool      // parts were not truncated
}

// limGroup is the parts whose cohorts may end at most lim minutes past a
// month's start when they include the best package, by resid = minutes
// modulo the best package's size.
type limGroup struct {
	lim   int64
	resid []int64
	parts []int
}

// maxParts bounds the small multisets enumerated per phase.
const maxParts = 1_024

// phaseFor returns (and caches) the phase of months with postpaid on or
// off.
func (md *meterData) phaseFor(post bool) *phase {
	i := 0
	if post {
		i = 1
	}
	if md.phases[i] == nil {
		md.phases[i] = md.buildPhase(post)
	}
	return md.phases[i]
}

// buildPhase enumerates the cohorts' small multisets (rule 3 of the
// package doc) and indexes them for rule 2's landing search.
func (md *meterData) buildPhase(post bool) *phase {
	ph := &phase{star: -1, exact: true}
	allowed := md.dropReplaceable(md.worthBuying(post))
	ph.star = md.bestUnlimited(allowed)
	md.enumerateParts(ph, md.countBounds(allowed, ph.star), unlimitedOf(md, allowed))
	md.indexParts(ph)
	// Key transitions over limited packages, a row per key when first
	// needed (see transRow).
	ph.trans = make([][]int32, md.nKeys)
	// Building it is work too: the parts enumerated, sorted and keyed.
	md.built += int64(len(ph.parts)) * (int64(len(md.pkgs)) + 16)
	return ph
}

// worthBuying lists the packages a cohort may buy in the phase: rule 3,
// none at or above the overage rate once postpaid is on (the pinned
// activator is not a part), and none that turns postpaid on before it is.
func (md *meterData) worthBuying(post bool) []int {
	var allowed []int
	for i := range md.pkgs {
		p := &md.pkgs[i]
		if md.inParts != nil && !md.inParts[i] {
			continue
		}
		if post {
			if mulLess(md.r, p.size, p.price+1) {
				// r × size ≤ price: not cheaper than overage.
				continue
			}
		} else if p.activates && !md.always {
			continue // before the first activation by definition
		}
		allowed = append(allowed, i)
	}
	return allowed
}

// dropReplaceable is rule 3 for one package: an unlimited package at
// least as large and no dearer replaces it (the lower index kept between
// equals).
func (md *meterData) dropReplaceable(allowed []int) []int {
	kept := allowed[:0]
	for _, i := range allowed {
		if !md.replaceable(i, allowed) {
			kept = append(kept, i)
		}
	}
	return kept
}

func (md *meterData) replaceable(i int, allowed []int) bool {
	p := &md.pkgs[i]
	for _, j := range allowed {
		q := &md.pkgs[j]
		if j == i || q.limit > 0 || q.size < p.size || q.price > p.price {
			continue
		}
		if q.size > p.size || q.price < p.price || j < i {
			return true
		}
	}
	return false
}

// bestUnlimited is p* (star): the unlimited package cheapest per minute,
// then largest; -1 when none.
func (md *meterData) bestUnlimited(allowed []int) int {
	star := -1
	for _, i := range allowed {
		p := &md.pkgs[i]
		if p.limit > 0 {
			continue
		}
		if star < 0 {
			star = i
			continue
		}
		s := &md.pkgs[star]
		if c := cmpRatio(p.price, p.size, s.price, s.size); c < 0 || (c == 0 && p.size > s.size) {
			star = i
		}
	}
	return star
}

// other is a package of a part, with the most of it a cohort buys.
type other struct {
	i     int
	bound int64
}

// countBounds is rule 3's bound on how many of each package but p* a
// cohort buys: its limit, and below the copies that a package cheaper
// per minute (or as cheap and larger) replaces with as many minutes;
// largest packages first.
func (md *meterData) countBounds(allowed []int, star int) []other {
	var others []other
	for _, i := range allowed {
		if i == star {
			continue
		}
		p := &md.pkgs[i]
		b := int64(math.MaxInt64)
		if p.limit > 0 {
			b = int64(p.limit)
		}
		for _, j := range allowed {
			q := &md.pkgs[j]
			if j == i || q.limit > 0 {
				continue
			}
			c := cmpRatio(q.price, q.size, p.price, p.size)
			if c < 0 || (c == 0 && q.size > p.size) {
				// size_q/g copies of p are lcm minutes: size_p/g copies of q
				// give as many for less, or as much in fewer packages.
				b = min(b, q.size/gcd(p.size, q.size)-1)
			}
		}
		if b > 0 {
			others = append(others, other{i, b})
		}
	}
	sort.SliceStable(others, func(a, b int) bool { return md.pkgs[others[a].i].size > md.pkgs[others[b].i].size })
	return others
}

func unlimitedOf(md *meterData, allowed []int) []int {
	var unlimited []int
	for _, i := range allowed {
		if md.pkgs[i].limit == 0 {
			unlimited = append(unlimited, i)
		}
	}
	return unlimited
}

// enumerateParts lists every multiset of others within their bounds that
// rules 2 and 3 allow: none reaching a whole window past its smallest
// package, none that an unlimited package, bought ceil(T/size) times,
// replaces with at least as many minutes for less or as much in fewer
// packages. At maxParts the phase is cut and no longer exact.
func (md *meterData) enumerateParts(ph *phase, others []other, unlimited []int) {
	e := &partEnum{md: md, ph: ph, others: others, unlimited: unlimited, cur: part{minSize: math.MaxInt64}}
	e.rec(0)
}

// partEnum is enumerateParts' depth-first walk: cur is the multiset of
// others[:k] chosen so far.
type partEnum struct {
	md        *meterData
	ph        *phase
	others    []other
	unlimited []int
	cur       part
}

// rec tries every count of others[k] with the counts chosen before it;
// false once the phase is full (maxParts).
func (e *partEnum) rec(k int) bool {
	if k == len(e.others) {
		return e.emit()
	}
	o := e.others[k]
	p := &e.md.pkgs[o.i]
	saved := e.cur
	for n := int64(0); n <= o.bound; n++ {
		if n > 0 && !e.addOne(p, saved, o.i, n) {
			break
		}
		if !e.rec(k + 1) {
			e.cur = saved
			return false
		}
	}
	e.cur = saved
	return true
}

// emit appends the current multiset to the phase's parts.
func (e *partEnum) emit() bool {
	if len(e.ph.parts) >= maxParts {
		e.ph.exact = false
		return false
	}
	pt := e.cur
	pt.counts = append([]pcount(nil), e.cur.counts...)
	e.ph.parts = append(e.ph.parts, pt)
	return true
}

// addOne adds one more package p (index i, now n of it) to the current
// multiset; false when that, and so any more of it, is not canonical:
// rule 2 (transfer), a part alone reaching a whole window past its
// smallest package, or rule 3 (efficiency), replaced by an unlimited
// package; or when the sums would overflow.
func (e *partEnum) addOne(p *pkg, saved part, i int, n int64) bool {
	cur := &e.cur
	cur.T += p.size
	cur.price += p.price
	cur.n++
	cur.minSize = min(cur.minSize, p.size)
	if cur.price < 0 || cur.T < 0 || cur.price > 1<<61 {
		return false
	}
	if cur.T-cur.minSize >= e.md.wmax || e.replaced(cur) {
		return false
	}
	cur.counts = append(saved.counts[:len(saved.counts):len(saved.counts)], pcount{i, n})
	return true
}

// replaced is rule 3 against the unlimited packages: one of them, bought
// ceil(T/size) times, gives at least the part's minutes for less, or for
// as much in fewer packages.
func (e *partEnum) replaced(pt *part) bool {
	for _, j := range e.unlimited {
		q := &e.md.pkgs[j]
		n := ceilDiv(pt.T, q.size)
		if mulLess(n, q.price, pt.price) || (mulEq(n, q.price, pt.price) && n < pt.n) {
			return true
		}
	}
	return false
}

// indexParts sorts the parts by minutes (byT) and, with p*, groups them
// by lim = min(p*'s size, their smallest package), sorted by residue
// modulo p*'s size: rule 2's landing search. (sort.SliceStable, not
// slices.SortStableFunc: its one non-generic copy is linked anyway, where
// a generic stable sort of []int would add its own to calc.wasm.)
func (md *meterData) indexParts(ph *phase) {
	ph.byT = make([]int, len(ph.parts))
	for i := range ph.byT {
		ph.byT[i] = i
	}
	sort.SliceStable(ph.byT, func(i, j int) bool { return ph.parts[ph.byT[i]].T < ph.parts[ph.byT[j]].T })
	if ph.star < 0 {
		return
	}
	ss := md.pkgs[ph.star].size
	at := map[int64]int{}
	for pi := range ph.parts {
		lim := min(ss, ph.parts[pi].minSize)
		gi, ok := at[lim]
		if !ok {
			gi = len(ph.groups)
			at[lim] = gi
			ph.groups = append(ph.groups, limGroup{lim: lim})
		}
		ph.groups[gi].parts = append(ph.groups[gi].parts, pi)
	}
	for gi := range ph.groups {
		g := &ph.groups[gi]
		sort.SliceStable(g.parts, func(i, j int) bool { return ph.parts[g.parts[i]].T%ss < ph.parts[g.parts[j]].T%ss })
		for _, pi := range g.parts {
			g.resid = append(g.resid, ph.parts[pi].T%ss)
		}
	}
}

// transRow returns, for each part of ph, the key after a state of key
// buys it (-1: over a limit), building the row on first use.
func (md *meterData) transRow(ph *phase, key int32) []int32 {
	if row := ph.trans[key]; row != nil {
		return row
	}
	row := make([]int32, len(ph.parts))
	for pi := range ph.parts {
		row[pi] = int32(md.addToKey(int(key), ph.parts[pi].counts))
	}
	ph.trans[key] = row
	md.built += int64(len(ph.parts))
	return row
}

// addToKey returns the key after buying counts, or -1 past a limit.
func (md *meterData) addToKey(key int, counts []pcount) int {
	out := key
	for _, pc := range counts {
		for li, i := range md.limited {
			if i != pc.pkg {
				continue
			}
			used := (key / md.radix[li]) % (md.pkgs[i].limit + 1)
			if used+int(pc.count) > md.pkgs[i].limit {
				return -1
			}
			out += int(pc.count) * md.radix[li]
		}
	}
	return out
}
