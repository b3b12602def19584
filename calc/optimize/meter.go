package optimize

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/rtcprice/rtcprice/calc/catalog"
)

// pkg is a purchasable package of one meter, its price scaled to an
// integer.
type pkg struct {
	idx       int // index in Catalog.Packages
	size      int64
	price     int64 // scaled
	limit     int   // per-account limit; 0: none
	activates bool
}

// meterData is one meter's demand and packages.
type meterData struct {
	c     *catalog.Catalog
	m     int
	H     int
	N     []int64 // net demand per month
	A     []int64 // A[t] = N[0]+…+N[t-1], len H+1
	win   []int   // cohort k pays for months k..win[k]-1
	wmax  int64   // the most demand one cohort's window holds
	wlen  int     // the most months one window holds
	trial int64   // trial minutes pinned into month 0, if any
	rate  decimal.Decimal
	scale int32 // costs are integers in units of 10^-scale
	r     int64 // overage per minute, scaled
	pkgs  []pkg
	// scaleErr: some price or rate cannot be scaled into int64.
	scaleErr bool
	always   bool // postpaid always on
	phases   [2]*phase
	// limited packages, for the state key.
	limited []int // indices into pkgs
	radix   []int
	nKeys   int
	// inParts: the packages cohorts may buy (nil: all); a variant, which
	// leaves out some limited packages, also has no floor of its own.
	inParts []bool
	variant bool
	// built: the work of building phases not yet counted in a budget.
	built int64
	// variants: when the limited packages have more combinations than
	// maxKeys, the searches over subsets of them that fit.
	variants []*meterData
	// singles: one-package variants, the floor of an unproven search.
	singles []*meterData
}

func newMeterData(c *catalog.Catalog, m int, net []int64, win []int, trial int64) *meterData {
	H := len(net)
	md := &meterData{c: c, m: m, H: H, N: net, win: win, trial: trial, rate: c.Meters[m].OveragePer1000,
		always: c.Postpaid == catalog.PostpaidAlways}
	md.A = make([]int64, H+1)
	for t, v := range net {
		md.A[t+1] = md.A[t] + v
	}
	for k := 0; k < H; k++ {
		md.wmax = max(md.wmax, md.A[win[k]]-md.A[k])
		md.wlen = max(md.wlen, win[k]-k)
	}
	// Scale: every price of the meter and the per-minute rate are whole.
	d := decimals(md.rate) + 3
	var ps []*catalog.Package
	for i := range c.Packages {
		p := &c.Packages[i]
		if p.Meter == c.Meters[m].ID && p.Purchasable {
			ps = append(ps, p)
			d = max(d, decimals(p.Price))
		}
	}
	md.scale = int32(d)
	var ok bool
	if md.r, ok = scaled(md.rate.Shift(-3), d); !ok {
		md.scaleErr = true
	}
	for _, p := range ps {
		sp, ok := scaled(p.Price, d)
		if !ok {
			md.scaleErr = true
		}
		i, _ := c.PackageIndex(p.ID)
		md.pkgs = append(md.pkgs, pkg{idx: i, size: p.Minutes, price: sp, limit: p.MaxPerAccount, activates: p.ActivatesPostpaid})
	}
	// A canonical plan buys a package p at most D/size(p) + H + 1 times
	// (rule 3 of the package doc: a cohort of S minutes that covers c
	// holds p only if S − size(p) < c, so at most ceil(c/size(p)) of it;
	// the c add up to at most D, over at most H cohorts, plus the pin), so
	// a larger per-account limit is no limit at all.
	for i := range md.pkgs {
		p := &md.pkgs[i]
		if p.limit > 0 {
			p.limit = int(min(int64(p.limit), md.A[H]/p.size+int64(H)+1))
		}
	}
	keysFit := md.setKeys(nil)
	if !md.scaleErr && !md.fits() {
		md.scaleErr = true
	}
	if !md.scaleErr && !keysFit {
		md.variants = md.limitedVariants()
	}
	return md
}

// derive returns a copy of md whose cohorts buy only the packages of
// inParts, the limited ones at most limits[i] times (limits[i] ≤ the
// package's limit; 0 for the others): a search of a subset of plans.
func (md *meterData) derive(inParts []bool, limits []int) *meterData {
	v := *md
	v.pkgs = slices.Clone(md.pkgs)
	for i, l := range limits {
		if l > 0 {
			v.pkgs[i].limit = l
		}
	}
	v.phases = [2]*phase{}
	v.variants, v.singles = nil, nil
	v.variant = true
	v.setKeys(inParts)
	return &v
}

// limitedVariants are the searches of a meter whose limited packages
// have more combinations than a state can count: every unlimited
// package, and limited ones added in order of price per minute while
// their combinations fit, the last one added capped to fit; then the
// same leaving out each limited package in turn (so that a catalog one
// limited package larger is searched at least over the plans of the
// smaller one when those fit); then with each limited package first.
func (md *meterData) limitedVariants() []*meterData {
	var lim []int
	for i, p := range md.pkgs {
		if p.limit > 0 {
			lim = append(lim, i)
		}
	}
	sort.SliceStable(lim, func(a, b int) bool {
		p, q := &md.pkgs[lim[a]], &md.pkgs[lim[b]]
		return cmpRatio(p.price, p.size, q.price, q.size) < 0
	})
	seen := map[string]bool{}
	var out []*meterData
	// Variant v: seed first (none for v = 0), then the others but skip.
	type plan struct{ seed, skip int }
	plans := []plan{{-1, -1}}
	for _, i := range lim {
		plans = append(plans, plan{-1, i})
	}
	for _, i := range lim {
		plans = append(plans, plan{i, -1})
	}
	for _, pl := range plans {
		in := make([]bool, len(md.pkgs))
		limits := make([]int, len(md.pkgs))
		for i, p := range md.pkgs {
			in[i] = p.limit == 0
		}
		keys := 1
		add := func(i int) {
			l := min(md.pkgs[i].limit, maxKeys/keys-1)
			if l < 1 || in[i] || i == pl.skip {
				return
			}
			in[i], limits[i] = true, l
			keys *= l + 1
		}
		if pl.seed >= 0 {
			add(pl.seed)
		}
		for _, i := range lim {
			add(i)
		}
		sig := fmt.Sprint(limits)
		if seen[sig] {
			continue
		}
		seen[sig] = true
		out = append(out, md.derive(in, limits))
	}
	return out
}

// single returns (and caches) the variant of md that buys only package
// i (and the pin); i = -1: none.
func (md *meterData) single(i int) *meterData {
	if md.singles == nil {
		md.singles = make([]*meterData, len(md.pkgs)+1)
	}
	if md.singles[i+1] == nil {
		in := make([]bool, len(md.pkgs))
		limits := make([]int, len(md.pkgs))
		if i >= 0 {
			in[i] = true
			limits[i] = min(md.pkgs[i].limit, maxKeys-1)
		}
		md.singles[i+1] = md.derive(in, limits)
	}
	return md.singles[i+1]
}

// setKeys makes the packages of inParts (indices in pkgs; nil: every
// package) what cohorts may buy, and numbers the combinations of the
// limited ones bought so far (the state's key). It reports false when
// they are more than maxKeys.
func (md *meterData) setKeys(inParts []bool) bool {
	md.inParts = inParts
	md.nKeys = 1
	md.limited, md.radix = nil, nil
	for i, p := range md.pkgs {
		if p.limit == 0 || (inParts != nil && !inParts[i]) {
			continue
		}
		md.limited = append(md.limited, i)
		md.radix = append(md.radix, md.nKeys)
		md.nKeys *= p.limit + 1
		if md.nKeys > maxKeys {
			md.nKeys = 1
			md.limited, md.radix = nil, nil
			return false
		}
	}
	return true
}

// pinDominated reports whether an unlimited activating package of the
// meter is at least as large as package i and no dearer (strictly better
// in one, or equal with a lower index).
func (md *meterData) pinDominated(i int) bool {
	p := &md.pkgs[i]
	for j := range md.pkgs {
		q := &md.pkgs[j]
		if j == i || !q.activates || q.limit > 0 || q.size < p.size || q.price > p.price {
			continue
		}
		if q.size > p.size || q.price < p.price || j < i {
			return true
		}
	}
	return false
}

// leastCost is a lower bound on what covering n minutes of the meter
// costs: n at the cheapest rate per minute of overage or any package.
func (md *meterData) leastCost(n int64) decimal.Decimal {
	if n <= 0 {
		return decimal.Zero
	}
	nd := decimal.NewFromInt(n)
	best := md.rate.Mul(nd).Shift(-3)
	for _, p := range md.pkgs {
		// Rounded down, so that it stays a lower bound.
		q, _ := md.c.Packages[p.idx].Price.Mul(nd).QuoRem(decimal.NewFromInt(p.size), md.scale+2)
		if q.LessThan(best) {
			best = q
		}
	}
	return best
}

// maxKeys bounds the combinations of limited packages tracked in a state.
const maxKeys = 256

// idle reports a meter with no demand: nothing is worth buying on it.
func (md *meterData) idle() bool { return md.A[md.H] == 0 }

// fits reports whether every cost the search can form fits comfortably
// in int64: per cohort at most the most expensive rate per minute times
// twice the largest window plus two package sizes, over H cohorts, plus
// overage on all demand.
func (md *meterData) fits() bool {
	var maxSize int64
	for _, p := range md.pkgs {
		maxSize = max(maxSize, p.size)
	}
	supply := new(big.Int).SetInt64(md.wmax)
	supply.Mul(supply, big.NewInt(2))
	supply.Add(supply, big.NewInt(2*maxSize+md.trial))
	total := new(big.Int)
	for _, p := range md.pkgs {
		// price/size × supply, rounded up, plus one price for the pin.
		x := new(big.Int).Mul(big.NewInt(p.price), supply)
		x.Quo(x, big.NewInt(p.size))
		x.Add(x, big.NewInt(p.price+1))
		if x.Cmp(total) > 0 {
			total = x
		}
	}
	total.Mul(total, big.NewInt(int64(md.H)+1))
	over := new(big.Int).Mul(big.NewInt(md.r), big.NewInt(md.A[md.H]))
	total.Add(total, over.Mul(over, big.NewInt(2)))
	return total.Cmp(big.NewInt(1<<61)) < 0
}

// decimals is the number of digits after the point of x, written without
// trailing zeros.
func decimals(x decimal.Decimal) int {
	s := x.String()
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// scaled returns x × 10^d as an int64 when it is whole and fits.
func scaled(x decimal.Decimal, d int) (int64, bool) {
	y := x.Shift(int32(d))
	if !y.IsInteger() {
		return 0, false
	}
	b := y.BigInt()
	if !b.IsInt64() || b.Int64() < 0 || b.Int64() > 1<<61 {
		return 0, false
	}
	return b.Int64(), true
}

// cmpRatio compares p1/s1 with p2/s2 (all non-negative, s > 0) exactly.
func cmpRatio(p1, s1, p2, s2 int64) int {
	h1, l1 := bits.Mul64(uint64(p1), uint64(s2))
	h2, l2 := bits.Mul64(uint64(p2), uint64(s1))
	switch {
	case h1 != h2:
		if h1 < h2 {
			return -1
		}
		return 1
	case l1 != l2:
		if l1 < l2 {
			return -1
		}
		return 1
	}
	return 0
}

// mulLess reports whether a × b < c (a, b, c ≥ 0) without overflow.
func mulLess(a, b, c int64) bool {
	h, l := bits.Mul64(uint64(a), uint64(b))
	return h == 0 && l < uint64(c)
}

// mulEq reports whether a × b == c (a, b, c ≥ 0) without overflow.
func mulEq(a, b, c int64) bool {
	h, l := bits.Mul64(uint64(a), uint64(b))
	return h == 0 && l == uint64(c)
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

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
// package doc).
func (md *meterData) buildPhase(post bool) *phase {
	ph := &phase{star: -1, exact: true}
	var allowed []int
	for i := range md.pkgs {
		p := &md.pkgs[i]
		if md.inParts != nil && !md.inParts[i] {
			continue
		}
		if post {
			// Rule 3: at or above the overage rate it is never worth buying
			// once postpaid is on (the pinned activator is not a part).
			if mulLess(md.r, p.size, p.price+1) {
				// r × size ≤ price: not cheaper than overage.
				continue
			}
		} else if p.activates && !md.always {
			continue // before the first activation by definition
		}
		allowed = append(allowed, i)
	}
	// Rule 3 for one package: an unlimited package at least as large and
	// no dearer replaces it (the lower index kept between equals).
	kept := allowed[:0]
	for _, i := range allowed {
		p := &md.pkgs[i]
		dominated := false
		for _, j := range allowed {
			q := &md.pkgs[j]
			if j == i || q.limit > 0 || q.size < p.size || q.price > p.price {
				continue
			}
			if q.size > p.size || q.price < p.price || j < i {
				dominated = true
				break
			}
		}
		if !dominated {
			kept = append(kept, i)
		}
	}
	allowed = kept
	// The best unlimited package: cheapest per minute, then largest.
	for _, i := range allowed {
		p := &md.pkgs[i]
		if p.limit > 0 {
			continue
		}
		if ph.star < 0 {
			ph.star = i
			continue
		}
		s := &md.pkgs[ph.star]
		if c := cmpRatio(p.price, p.size, s.price, s.size); c < 0 || (c == 0 && p.size > s.size) {
			ph.star = i
		}
	}
	// Count bounds of the others.
	type other struct {
		i     int
		bound int64
	}
	var others []other
	for _, i := range allowed {
		if i == ph.star {
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

	var unlimited []int
	for _, i := range allowed {
		if md.pkgs[i].limit == 0 {
			unlimited = append(unlimited, i)
		}
	}
	// dominated: some unlimited package, bought ceil(T/size) times, gives
	// at least T minutes for less, or as much in fewer packages.
	dominated := func(pt *part) bool {
		for _, j := range unlimited {
			q := &md.pkgs[j]
			n := ceilDiv(pt.T, q.size)
			if mulLess(n, q.price, pt.price) || (mulEq(n, q.price, pt.price) && n < pt.n) {
				return true
			}
		}
		return false
	}
	cur := part{minSize: math.MaxInt64}
	var rec func(k int) bool
	rec = func(k int) bool {
		if k == len(others) {
			if len(ph.parts) >= maxParts {
				ph.exact = false
				return false
			}
			pt := cur
			pt.counts = append([]pcount(nil), cur.counts...)
			ph.parts = append(ph.parts, pt)
			return true
		}
		o := others[k]
		p := &md.pkgs[o.i]
		saved := cur
		for n := int64(0); n <= o.bound; n++ {
			if n > 0 {
				cur.T += p.size
				cur.price += p.price
				cur.n++
				cur.minSize = min(cur.minSize, p.size)
				if cur.price < 0 || cur.T < 0 || cur.price > 1<<61 {
					break
				}
				// Rule 2: a cohort whose part alone reaches a whole window
				// past its smallest package is never canonical.
				if cur.T-cur.minSize >= md.wmax {
					break
				}
				if dominated(&cur) {
					break
				}
				cur.counts = append(saved.counts[:len(saved.counts):len(saved.counts)], pcount{o.i, n})
			}
			if !rec(k + 1) {
				cur = saved
				return false
			}
		}
		cur = saved
		return true
	}
	rec(0)

	ph.byT = make([]int, len(ph.parts))
	for i := range ph.byT {
		ph.byT[i] = i
	}
	slices.SortStableFunc(ph.byT, func(a, b int) int { return cmp64(ph.parts[a].T, ph.parts[b].T) })
	if ph.star >= 0 {
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
			slices.SortStableFunc(g.parts, func(a, b int) int { return cmp64(ph.parts[a].T%ss, ph.parts[b].T%ss) })
			for _, pi := range g.parts {
				g.resid = append(g.resid, ph.parts[pi].T%ss)
			}
		}
	}

	// Key transitions over limited packages.
	// Key transitions over limited packages, a row per key when first
	// needed (see transRow).
	ph.trans = make([][]int32, md.nKeys)
	// Building it is work too: the parts enumerated, sorted and keyed.
	md.built += int64(len(ph.parts)) * (int64(len(md.pkgs)) + 16)
	return ph
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
