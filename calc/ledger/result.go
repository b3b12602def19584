package ledger

import "github.com/shopspring/decimal"

// Simulation is the result of Run: one statement per month and totals.
// Its JSON form is the `simulate` result of docs/api.md.
type Simulation struct {
	Catalog  string      `json:"catalog"`
	Currency string      `json:"currency"`
	Custom   bool        `json:"custom"`
	Start    string      `json:"start"`
	End      string      `json:"end"`
	Lots     []LotInfo   `json:"lots"`
	Months   []Statement `json:"months"`
	Totals   Totals      `json:"totals"`
}

// LotInfo describes one lot and what became of it over the simulation:
// Minutes = Deducted + Forfeited + Remaining.
type LotInfo struct {
	Lot       string `json:"lot"`
	Package   string `json:"package"`
	Meter     string `json:"meter"`
	Purchase  int    `json:"purchase"` // index in the request's purchases; -1 for a trial
	Purchased string `json:"purchased"`
	Expires   string `json:"expires"`
	Minutes   int64  `json:"minutes"`
	Price     Money  `json:"price"`
	Deducted  int64  `json:"deducted"`
	Forfeited int64  `json:"forfeited"`
	Remaining int64  `json:"remaining"`
}

// Statement is one month's bill.
type Statement struct {
	Month          string      `json:"month"`
	Meters         []MeterBill `json:"meters"`
	Prepaid        Money       `json:"prepaid"`
	Postpaid       Money       `json:"postpaid"`
	Payable        Money       `json:"payable"`
	Forfeited      []Forfeit   `json:"forfeited"`
	Balances       []Balance   `json:"balances"`
	PostpaidOn     bool        `json:"postpaidOn"`
	ServiceStopped bool        `json:"serviceStopped"`
}

// MeterBill is one meter's part of a month: BilledMinutes = FreeMinutes +
// the deductions + OverageMinutes + UnservedMinutes.
type MeterBill struct {
	Meter           string      `json:"meter"`
	BilledMinutes   int64       `json:"billedMinutes"`
	FreeMinutes     int64       `json:"freeMinutes"`
	Deductions      []Deduction `json:"deductions"`
	OverageMinutes  int64       `json:"overageMinutes"`
	OverageCost     Money       `json:"overageCost"`
	UnservedMinutes int64       `json:"unservedMinutes"`
}

// Deduction is minutes taken from a lot.
type Deduction struct {
	Lot     string `json:"lot"`
	Package string `json:"package"`
	Minutes int64  `json:"minutes"`
}

// Forfeit is what a lot expiring this month loses.
type Forfeit struct {
	Lot     string `json:"lot"`
	Package string `json:"package"`
	Minutes int64  `json:"minutes"`
}

// Balance is a lot's remaining minutes at the end of a month.
type Balance struct {
	Lot       string `json:"lot"`
	Package   string `json:"package"`
	Remaining int64  `json:"remaining"`
	Expires   string `json:"expires"`
}

// Totals sum the months.
type Totals struct {
	Prepaid          Money `json:"prepaid"`
	Postpaid         Money `json:"postpaid"`
	Total            Money `json:"total"`
	Payable          Money `json:"payable"`
	ForfeitedMinutes int64 `json:"forfeitedMinutes"`
	UnservedMinutes  int64 `json:"unservedMinutes"`
	ServiceStopped   int   `json:"serviceStoppedMonths"`
}

// Money is an exact amount. decimal.Decimal crosses JSON as a quoted
// decimal string with no trailing zeros ("25.025", "3688").
type Money = decimal.Decimal
