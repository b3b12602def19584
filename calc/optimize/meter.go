package optimize

import (
	"math/big"
	"math/bits"
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
