// Package optimize finds the cheapest purchase plan of a quote (SPEC
// section 4): packages bought on the first day of horizon months, costed
// by the billing rules of SPEC sections 1–3, with a proof of optimality
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
// the time goes. Each meter's run may use four times its even share of
// what is left; past its share, its fronts shrink and it keeps its quick
// pass; at twice its share (or twice the budget) it stops expanding more
// than one state a month. Past the budget, runs return their floor only,
// and activation months are still tried that way up to three times the
// budget. A run that is not proven returns the cheaper of its plan and
// its floor: the best plan buying one package only (a search of each
// package alone) and, while the budget allows, the greedy plan (a front
// of one state). Either way the plan returned is feasible when one was
// found and Optimal is false. The embedded catalogs need at most about
// 600,000 at 36 months on ten meters; the pathological custom list of
// internal/benchreq (32 meters, 200 packages just under the overage
// rate) runs out of it and answers in about 1.4 million units, tens of
// milliseconds natively.
package optimize
