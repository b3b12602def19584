package optimize

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtcprice/rtcprice/calc/civil"
)

// ruleCase is a meter of a random custom list, with random demand, and
// an expander for month k from a state at position P0 (cost 0, no
// limited package bought), every new state kept.
type ruleCase struct {
	md    *meterData
	ex    *expander
	P0    int64
	trans []int32
}

func newRuleCase(t *testing.T, rng *rand.Rand, post bool) (*ruleCase, bool) {
	c := randomCatalog(t, rng)
	H := 1 + rng.IntN(14)
	start := civil.Month{Year: 2021 + rng.IntN(3), Month: 1 + rng.IntN(12)}
	billed := make([][]int64, H)
	for k := range billed {
		billed[k] = make([]int64, len(c.Meters))
		for m := range billed[k] {
			billed[k][m] = int64(rng.IntN(4)) * int64(rng.IntN(400))
		}
	}
	win, err := windows(c, start, H)
	require.NoError(t, err)
	md := newMeterData(c, 0, netDemand(c, billed)[0], win, 0)
	if md.scaleErr || md.variants != nil || (!post && md.always) {
		return nil, false
	}
	ph := md.phaseFor(post)
	k := rng.IntN(H)
	if ph.star < 0 || md.A[k+1] == 0 {
		return nil, false
	}
	pf := &passFront{}
	pf.reset(nil, md.nKeys, post, md.r)
	ss, sp := md.pkgs[ph.star].size, md.pkgs[ph.star].price
	ex := &expander{md: md, ph: ph, k: k, post: post, Ak1: md.A[k+1], Bk: md.A[md.win[k]], winEnd: md.win[k],
		ss: ss, sp: sp, ub: math.MaxInt64, lb: func(int64) int64 { return 0 }, pf: pf, stop: math.MaxInt64}
	return &ruleCase{md: md, ex: ex, P0: rng.Int64N(md.A[k+1]), trans: md.transRow(ph, 0)}, true
}

func cmpStates(x, y state) int {
	return cmp.Or(cmp.Compare(x.P, y.P), cmp.Compare(x.C, y.C), cmp.Compare(x.part, y.part), cmp.Compare(x.a, y.a), cmp.Compare(x.key, y.key))
}

// Rule 2 (transfer) with a ≥ 1 best packages: the residue search of
// landWith (landIn, landResidues, wrapping around) makes exactly the
// cohorts a scan of every part and landing month finds: the fewest best
// packages reaching the month's start Y, ending within min(best, the
// part's smallest package) of Y and inside the month (or capped at the
// window's end).
func TestRule2LandingByResidueIsAScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2))
	for n := 0; n < 300; {
		rc, ok := newRuleCase(t, rng, rng.IntN(2) == 0)
		if !ok {
			continue
		}
		n++
		ex, md, ph, P0 := rc.ex, rc.md, rc.ex.ph, rc.P0
		s := state{P: P0, node: -1, part: -1}
		ex.landWith(s, P0, 0, rc.trans)
		var want []state
		for j := ex.k + 1; j <= ex.winEnd; j++ {
			Y, Ynext := ex.Bk, int64(math.MaxInt64)
			if j < ex.winEnd {
				Y, Ynext = md.A[j], md.A[j+1]
				if Y == Ynext {
					continue
				}
			}
			if Y <= P0 {
				continue
			}
			for pi, pt := range ph.parts {
				base := P0 + pt.T
				if rc.trans[pi] < 0 || base >= Y {
					continue
				}
				a := ceilDiv(Y-base, ex.ss)
				X := base + a*ex.ss
				if X >= Ynext || X-Y >= min(ex.ss, pt.minSize) {
					continue
				}
				P := X
				if j == ex.winEnd {
					P = ex.Bk
				}
				want = append(want, state{P: P, C: pt.price + a*ex.sp, node: -1, part: int32(pi), a: a, key: rc.trans[pi]})
			}
		}
		got := slices.Clone(ex.fresh)
		slices.SortFunc(got, cmpStates)
		slices.SortFunc(want, cmpStates)
		require.Equal(t, want, got, "month %d of %d, P0 %d, A %v, best %d", ex.k, md.H, P0, md.A, ex.ss)
	}
}

// Rule 4 (extremes): for the cohorts ending inside month k, endInside
// keeps per key the least cost over every part and every count of the
// best package that still ends inside the month (the rest of the month
// overage), though it tries only a = 0 and the most.
func TestRule4EndInsideIsTheLeastOverEveryCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 4))
	for n := 0; n < 300; {
		rc, ok := newRuleCase(t, rng, true)
		if !ok {
			continue
		}
		n++
		ex, md, ph, P0 := rc.ex, rc.md, rc.ex.ph, rc.P0
		split := sort.Search(len(ph.byT), func(i int) bool { return P0+ph.parts[ph.byT[i]].T >= ex.Ak1 })
		ex.endInside(state{P: P0, node: -1, part: -1}, P0, 0, rc.trans, split)
		want := map[int32]int64{}
		for pi, pt := range ph.parts {
			nk := rc.trans[pi]
			if nk < 0 {
				continue
			}
			for X, a := P0+pt.T, int64(0); X < ex.Ak1; X, a = X+ex.ss, a+1 {
				c := pt.price + a*ex.sp + md.r*(ex.Ak1-X)
				if w, ok := want[nk]; !ok || c < w {
					want[nk] = c
				}
			}
		}
		got := map[int32]int64{}
		for _, s := range ex.fresh {
			require.Equal(t, ex.Ak1, s.P)
			got[s.key] = s.C
		}
		require.Equal(t, want, got, "month %d, P0 %d, A %v", ex.k, P0, md.A)
	}
}

// Rules 2 and 3 on the parts (partEnum): every part enumerated is a
// distinct multiset within its packages' bounds (countBounds), reaches
// less than a whole window past its smallest package, and no unlimited
// package of the phase, bought ceil(T/size) times, gives as many minutes
// for less, or for as much in fewer packages; the empty part is there.
func TestRules2And3PartsAreCanonical(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 3))
	for n := 0; n < 300; {
		rc, ok := newRuleCase(t, rng, rng.IntN(2) == 0)
		if !ok {
			continue
		}
		n++
		md, ph := rc.md, rc.ex.ph
		allowed := md.dropReplaceable(md.worthBuying(rc.ex.post))
		bound := map[int]int64{}
		for _, o := range md.countBounds(allowed, ph.star) {
			bound[o.i] = o.bound
		}
		seen := map[string]bool{}
		empty := false
		for _, pt := range ph.parts {
			key := ""
			var T, price, cnt int64
			for _, pc := range pt.counts {
				require.LessOrEqual(t, pc.count, bound[pc.pkg], "package %d over its bound", pc.pkg)
				require.Positive(t, pc.count)
				T += pc.count * md.pkgs[pc.pkg].size
				price += pc.count * md.pkgs[pc.pkg].price
				cnt += pc.count
				key += string(rune(pc.pkg)) + string(rune(pc.count)) + ","
			}
			require.Equal(t, [3]int64{T, price, cnt}, [3]int64{pt.T, pt.price, pt.n})
			require.False(t, seen[key], "part %v twice", pt.counts)
			seen[key] = true
			if pt.n == 0 {
				empty = true
				continue
			}
			require.Less(t, pt.T-pt.minSize, md.wmax, "rule 2: %v", pt.counts)
			for _, j := range unlimitedOf(md, allowed) {
				q := &md.pkgs[j]
				m := ceilDiv(pt.T, q.size)
				require.False(t, m*q.price < pt.price || (m*q.price == pt.price && m < pt.n),
					"rule 3: %v replaced by %d × package %d", pt.counts, m, j)
			}
		}
		require.True(t, empty)
	}
}
