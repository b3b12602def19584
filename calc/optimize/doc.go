// Package optimize finds the cheapest purchase plan of a quote
// (docs/billing.md §4): packages bought on the first day of horizon months, costed
// by the billing rules of docs/billing.md §1–§3, with a proof of optimality
// or an explicit optimal=false when the search ran out of its budget.
//
// # The model
//
// The free allowance is applied before packages and does not depend on
// them, so each meter faces a fixed net demand N[t] per month. Lots bought
// on the first day of month k are all eligible for the same months
// k..e(k) (the validity rule of a month's first day; e is increasing in
// k), so their expiries order them exactly by k: the catalog's deduction
// order (expiry first, which every catalog must start with) is
// first-in-first-out by purchase month, and lots of one month, which tie
// on expiry, act as one pooled cohort whatever the rest of the tie-break
// (the trial, granted on the horizon's first day, joins cohort 0).
//
// Lay the months' demand end to end on a line: month t is the interval
// [A[t], A[t+1]) with A[t] = N[0]+…+N[t-1]. First-in-first-out deduction
// then means: after cohorts 0..k-1, everything left of one position P is
// settled (covered, or overage) and everything right of it is untouched.
// Cohort k of S minutes starts at max(P, A[k]) (demand left of A[k] can
// no longer be covered: it is overage), covers up to S minutes but not
// past B[k] = A[e(k)+1], and the rest of it is forfeited. So a plan's cost
// is a walk of one integer position, and the state of the search after
// month k is that position (plus, for limited packages such as TRTC's
// experience, how many were bought). This is the ledger's own arithmetic;
// the chosen plan is re-run through ledger.Run by the caller.
//
// # The search: an exact dynamic programme with dominance
//
// Months are processed in order; the front holds (position, cost so far)
// states. A state with position P and cost C dominates one with P' ≤ P
// and C' ≥ C (from further along, copying the other's future purchases
// covers at least as much: coverage is a maximum flow and grows with
// demand already settled). When postpaid is on from here, a state also
// dominates one further along by d minutes that costs at least r·d more
// (r the overage rate per minute): the state behind can pay overage for
// those d minutes and then copy. Dominated states are dropped.
//
// Which cohorts a state may buy is limited to a canonical form that some
// optimal plan always has. Take, among the optimal plans, one with the
// fewest packages and, among those, the latest purchases; then:
//
//  1. Merge: it buys in month k only if the older lots do not cover all
//     of month k (else moving the cohort to month k+1 covers the same).
//  2. Transfer: if cohort k's minutes reach into month j (its virtual end
//     X = start + size lies in [A[j], A[j+1]), or past B[k] with j the
//     month after its window), then X − size(p) < A[j] for every package
//     p in it; else p moved to month j covers the same minutes, later.
//  3. Efficiency: no part of a cohort can be swapped for packages with at
//     least as many minutes at a lower price, or at the same price in
//     fewer packages (e.g. ten 25k packages for one 250k, four 250k for
//     one 1,000k); no package costing at least the overage rate per
//     minute is bought once postpaid is on (dropping it costs at most its
//     size in overage: coverage is 1-Lipschitz in a cohort's size).
//  4. Extremes: if a cohort ends inside its own month, its cost is linear
//     in the number of best-value packages, so that number is 0 or the
//     most that still ends inside the month.
//
// Rule 3 bounds every package count but one: the cheapest per minute,
// unlimited package p* ("best"). A cohort is therefore a small multiset
// (enumerated once per phase: 38 for an agora meter, 2 for trtc) plus
// a×p*, and by rules 2 and 4 only O(1) values of a per landing month are
// candidates, computed by division and found by residue (minutes modulo
// p*'s size): counts are arithmetic, never one lot at a time, so a
// million-minute month costs no more than a small one. Every canonical
// plan is among the walks the programme enumerates, and pruning only
// drops states no better than a kept one, so the cheapest walk is an
// optimal plan.
//
// Where each rule lives in the code: the walk over the months is
// meterData.search (run.go: walk.month, one month; walk.prune, the
// dominance above); rule 1 is walk.mergeCovered; rules 2 to 4 are the
// expander (expand.go: endInside is rule 4, landWithout and landWith,
// by landing month (landIn) and residue range (landResidues), rule 2);
// rule 3 shapes the phases (phase.go: worthBuying, dropReplaceable,
// bestUnlimited, countBounds, and partEnum.addOne and replaced for the
// parts), which also apply rule 2's whole-window bound to the parts.
//
// Each run is done twice: a quick pass with fronts of a few states finds
// a good plan, whose cost U bounds the exact pass: it drops every state
// whose cost plus a lower bound on the rest (the demand left at the
// least cost per minute of overage or any package) exceeds U. The
// optimal walk never does, so the exact pass still finds it.
//
// # Catalog rules that couple meters or months
//
// With postpaid always on (agora-2021-cny), meters are independent:
// packages pay only their own meter and the free allowance is fixed, so
// each meter is optimized alone and the plans are combined. With postpaid
// after a paid package (trtc-2019-cny), the search enumerates the month τ
// of the first activating purchase and the activating package q bought
// then: for each (τ, q) every meter is optimized with postpaid on exactly
// from τ, q pinned into month τ of its meter, no activating package
// before τ, and no overage before τ (unserved minutes make a walk
// infeasible). The best of all (τ, q), and of never activating, is the
// optimum: each evaluation is the true cost of a real plan, and the
// optimal plan is evaluated truthfully at its own (τ, q). Pins are tried
// in order of a lower bound (q's price plus the demand it leaves at the
// least cost per minute), stopping once that bound reaches the best plan
// found; a q that an unlimited activating package as large and no dearer
// replaces is not tried. Packages with a per-account limit (experience:
// one) are counted in the state.
//
// # Exact arithmetic and budgets
//
// Costs are int64 multiples of 10^-d of the currency, d chosen per meter
// so that every price and every per-minute overage rate is a whole
// number; a meter whose worst-case cost would not fit (absurd custom
// prices) is not searched: its plan is its pinned package and overage,
// not claimed optimal.
//
// Limited packages (maxPerAccount) are counted in the state's key. A
// limit above what the usage can absorb is no limit: a canonical plan
// buys a package of size s at most D/s + H + 1 times (rule 3: a cohort
// covering c holds at most ceil(c/s) of it), so the limit is cut to that.
// When the combinations of the limited packages still exceed maxKeys, the
// meter is searched over subsets of them that fit (in order of price per
// minute; leaving out each in turn; each first in turn), and the result
// is not claimed optimal.
//
// The search counts its work against Budget.MaxWork in units of about
// one state handled: cohorts tried, and for the new states of each month
// their making, sorting (n log n), merging and pruning, which is where
// the time goes, and building the phases (parts and key transitions). Each meter's run may use four times its even share of
// what is left; past its share, its fronts shrink and it keeps its quick
// pass; at twice its share (or twice the budget) it stops expanding more
// than one state a month. Past the budget, runs return their floor only,
// and activation months are still tried that way up to three times the
// budget. A run that is not proven returns the cheaper of its plan and
// its floor: the best plan buying nothing more than the pin, or one
// package only (a search of each package alone), and, while the budget allows, the greedy plan (a front
// of one state). Either way the plan returned is feasible when one was
// found and Optimal is false. DefaultMaxWork is 700,000: the heaviest
// embedded-catalog quotes of the tests (36 months, ten agora meters in
// the millions of minutes) need about 400,000 to 600,000 (at 350,000 one
// of 120 random quotes is no longer proven); the pathological custom list
// of internal/benchreq (32 meters, 200 packages just under the overage
// rate) runs out of it and answers in tens of milliseconds natively.
//
// Adding a package to a list: when the larger list's search is proven,
// its plan is optimal, so no dearer than any plan of the smaller list;
// when it is not, its plan is no dearer than its floor (each package
// alone, buying nothing more), but it may be dearer than the smaller
// list's plan, proven or not. A fallback that ruled this out would have
// to include whatever the smaller list's search finds; the larger search
// does not know which package was added, so that is the search of every
// sublist of its packages, which no budget bounds.
// TestBestAddingAPackageNeverCostsMore counts these cases (with -long, 1
// of 600 random lists, both searches unproven).
//
// # The latest plan among the cheapest (docs/billing.md §4.4, the tie rule)
//
// The search returns some least-cost plan; postpone (postpone.go) then
// moves its lots one horizon month later while the plan's exact cost
// (the walk above, per meter; every meter when the move makes postpaid
// turn on later) stays the same and every minute is still served, until
// no lot can move. Each move raises the sum of the lots' purchase months,
// so it ends; the moves are tried in a fixed order (months in order,
// then the catalog's package order; a whole purchase line, then half of
// it, down to one lot), so the plan is deterministic. The cost
// never changes, so optimality is kept.
//
// # Worst case
//
// Time is bounded by the budget, not by the input: about MaxWork units
// (three times it when activation months remain to be tried, and the
// floors' one-package searches, at most a few thousand units per package
// and (τ, q)), each a state made, compared or moved. The pieces not
// counted are linear in the input: building the phases (at most maxParts
// multisets per meter; a phase cut there is no longer exact), the
// postponement (a few walks of H months per
// purchase line) and the ledger's re-run by the caller. Memory is the
// fronts (maxStates states per month and key) and the nodes of the plans
// they hold. Natively the heaviest custom list we know within the
// documented limits (internal/benchreq.Pathological) answers in tens of
// milliseconds; BenchmarkQuotePathological in calc prints its ratio to an
// ordinary quote (goal: at most 50).
//
// # Glossary
//
// The code keeps the short names of the model:
//
//   - H: the horizon's months; months are 0..H-1, k the month a cohort
//     is bought, t or j other months.
//   - N[t]: the meter's net demand of month t (billed less the free
//     allowance), minutes.
//   - A[t]: N[0]+…+N[t-1], where month t starts on the line; A[H] = D.
//   - D: all the meter's net demand over the horizon.
//   - win[k] (e(k)+1 in the text): the first month a lot bought in month k
//     no longer pays for; B[k] = A[win[k]] (Bk in the code), the furthest
//     position cohort k can reach.
//   - Ak1: A[k+1], the end of month k.
//   - P: a state's position: demand left of it is settled.
//   - C: a state's cost so far, scaled (see "scale" below).
//   - X: a cohort's virtual end, start + its minutes, before the cap B[k].
//   - Y, Ynext: the start of the month a cohort is to land in, and of
//     the month after (rule 2).
//   - S: a cohort's minutes; T: a part's minutes; U, ub: the upper bound
//     on the cost from the quick pass; lb: the lower bound on the rest.
//   - r: the overage rate per minute, scaled; scale: costs are integers in
//     units of 10^-scale of the currency.
//   - pkg, pkgs: a meter's purchasable packages (size, scaled price,
//     limit, activates).
//   - part: a small multiset of packages other than the best one (rule
//     3); phase: the parts allowed before postpaid (pre) or after (post).
//   - star (p*): the phase's best unlimited package, cheapest per minute
//     then largest; ss, sp: its size and scaled price; a: how many of it a
//     cohort buys.
//   - lim, resid, delta: the residue search of rule 2 with a ≥ 1 star
//     packages: a part lands in month j when (T − delta) mod ss < lim,
//     delta = (Y − P0) mod ss, lim = min(ss, the part's smallest package).
//   - F, Fp: minutes and price forced into month k (the trial in month 0,
//     the pin in month tau); P0, C0: a state's position and cost after them.
//   - tau (τ): the month postpaid turns on (0 when always on, H never);
//     pin (q): the activating package bought in month tau.
//   - key: which limited packages a state has bought (mixed radix over
//     the limited packages, radix); nKeys: how many keys.
//   - front: the states kept after a month; fresh: the states made in
//     it; pass: those moving on unchanged (rule 1); inside: those that
//     buy; merged: pass and fresh in order, before pruning.
//   - cone: the dominance along a line of slope r (a state behind by d
//     minutes that costs at least r·d less); it holds once postpaid is on.
//   - probe: the quick pass (probeStates states a month); beamStates: the
//     front past the budget; floor: the single-package and greedy plans an
//     unproven run falls back to; variant: a search over a subset of the
//     limited packages; work, maxWork, share: the budget.
//   - W (tests): a meter's demand within a cohort's window.
//
// # A worked example
//
// One meter at 10 per 1,000 minutes (r = 0.01 a minute), one package S
// of 100 minutes at 0.80, and suppose a lot pays for its month and the
// next (win[k] = k+2). Demand N = [60, 150, 30], so A = [0, 60, 210,
// 240], B[0] = 210, B[1] = B[2] = 240. Pay-as-you-go costs 2.40.
//
// Month 0, from the state (P, C) = (0, 0): buying no S keeps (0, 0);
// one S covers [0, 100) and lands in month 1: (100, 0.80); two would land
// at 200, but 200 − 100 ≥ A[1] (rule 2: the second S could as well be
// bought in month 1); three reach past B[0], capped: (210, 2.40).
//
// Month 1 (it spans [60, 210)): (210, 2.40) already covers it and moves
// on (rule 1). From (0, 0) the cohort starts at A[1] = 60 (the 60 minutes
// of month 0 are overage, 0.60): no S, overage to 210: (210, 2.10); one
// S ends at 160 inside the month, overage to 210: (210, 1.90) (rule 4
// keeps this one, the most S that still end inside); two are capped at
// 240: (240, 2.20). From (100, 0.80): one S ends at 200, overage to 210:
// (210, 1.70); two: (240, 2.40). Pruning keeps (210, 1.70): it dominates
// every state at 210, and (240, 2.20) by the cone (30 minutes further for
// 0.50 more, while their overage costs 0.30).
//
// Month 2: from (210, 1.70), overage for its 30 minutes: 2.00; an S would
// cost 0.80. The plan: one S in month 0, one in month 1, total 2.00. The
// ledger agrees: month 0 deducts 60 from lot 1; month 1 deducts 40 from
// lot 1 (it expires first) and 100 from lot 2, 10 minutes overage; month
// 2 is 30 minutes overage. Neither lot can wait a month: lot 1 bought in
// month 1 costs 2.20, lot 2 bought in month 2 costs 2.70.
// TestDocWorkedExample runs this example.
//
// # Changing this package
//
// Run, after any change:
//
//	go test ./calc/optimize                     # fast: the brute force on a few hundred instances
//	go test ./calc/optimize -run Exhaustive -long   # the brute force on thousands (minutes)
//	go test ./calc -run 'Quote|Golden'          # end to end, the tie rule, the golden quotes
//	go test ./calc -run X -bench 'Quote' -benchtime=20x  # speed; BenchmarkQuotePathological's ratio
//
// The exhaustive tests enumerate every plan of a complete space, run
// each through the real ledger, and compare the least total and the
// tie rule with what Best returns: a rule of the canonical form that is
// wrong shows there as a cheaper plan the search missed. The model rests
// on two assumptions the inputs are checked for: windows() refuses a
// catalog whose expiry does not grow strictly with the purchase month
// (cohorts would not be first-in-first-out by month), and the catalog
// parser refuses a tieBreak that does not start with "expiry" (lots are
// deducted earliest expiry first, so cohorts are pooled by month) or does
// not end with "input". A new validity rule, deduction order or coupling
// between meters needs the model above re-argued before the code.
package optimize
