package optimize

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sort"
)

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
	// Keep the states with the least cost plus overage on what is left,
	// ties in their cmpState order: kept is sorted by cmpState, which
	// orders by every field, so this is the stable sort by cost plus
	// overage, with the one sort code cmpState's sort already links.
	slices.SortFunc(kept, func(a, b state) int {
		return cmp.Or(cmp64(a.C+md.r*(D-a.P), b.C+md.r*(D-b.P)), cmpState(a, b))
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
