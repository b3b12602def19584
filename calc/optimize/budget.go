package optimize

import "math"

// budget tracks the work of a whole search, in units of about one
// state handled (a cohort tried, a state compared while sorting, merged
// or pruned): what takes the time.
type budget struct {
	maxStates int
	maxWork   int64
	work      int64
	inexact   bool
	// scratch: the walk of the searches, which run one at a time; its
	// lists are reused (see meterData.search).
	scratch walk
	// runEnd: the work at which the current meter's run is past its
	// share of what is left (see search.run).
	runEnd, runShare int64
}

// over reports the current run past its share, or the search past its
// budget: runs then return their quick pass or their floor.
func (b *budget) over() bool { return b.work > min(b.maxWork, b.runEnd) }

// exhausted reports work far past the budget: the search then stops
// trying alternatives, and floors skip their greedy search.
func (b *budget) exhausted() bool { return b.work > b.maxWork+b.maxWork/4 }

// hardLimit is the work past which a search stops expanding states.
func (b *budget) hardLimit() int64 { return min(2*b.maxWork, b.runEnd+b.runShare) }

func newBudget(b Budget) *budget {
	nb := &budget{maxStates: b.MaxStates, maxWork: b.MaxWork, runEnd: math.MaxInt64 / 4}
	if nb.maxStates <= 0 {
		nb.maxStates = DefaultMaxStates
	}
	if nb.maxWork <= 0 {
		nb.maxWork = DefaultMaxWork
	}
	return nb
}
