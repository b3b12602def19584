package optimize

import (
	"fmt"
	"slices"
	"sort"
)

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
