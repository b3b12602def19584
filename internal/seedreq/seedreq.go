// Package seedreq holds the TRTC documentation's worked example
// (docs/billing.md §7.1) as requests, written once for the Go tests,
// examples and benchmarks: an account opened on 2019-07-01 gets the
// 1,000-minute trial, buys one entry package on 2019-08-01, and uses
// 199.5 minutes in July and 51,800.5 minutes (3,108,030 seconds) in
// August. Its bill: 3,688 prepaid + 25.025 overage = 3,713.025.
package seedreq

// Simulate is the example as a simulate request: the customer's real
// purchases and usage.
const Simulate = `{"catalog": "trtc-2019-cny",
 "start": "2019-07", "end": "2019-08",
 "trial": "2019-07-01",
 "purchases": [{"package": "entry", "date": "2019-08-01", "count": 1}],
 "usage": [{"month": "2019-07", "meter": "call", "minutes": "199.5"},
           {"month": "2019-08", "meter": "call", "seconds": 3108030}]}`

// Quote is the example's usage as a quote request: a new account (the
// trial), two months from 2019-07, the same minutes month by month.
const Quote = `{"catalog": "trtc-2019-cny",
 "start": "2019-07", "months": 2, "trial": true,
 "monthly": [{"call": "199.5"}, {"call": "51800.5"}]}`
