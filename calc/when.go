package calc

import (
	"errors"

	"github.com/rtcprice/rtcprice/calc/civil"
	"github.com/rtcprice/rtcprice/calc/fault"
)

// readMonth reads a required month "YYYY-MM" of a request.
func readMonth(field, s string) (civil.Month, *fault.Error) {
	if s == "" {
		return civil.Month{}, fault.New(field, fault.Required, nil, "is required")
	}
	m, err := civil.ParseMonth(s)
	if err != nil {
		return civil.Month{}, fault.New(field, fault.MonthFormat, fault.Params{"value": s}, "%v", err)
	}
	return m, nil
}

// readDate reads a required date "YYYY-MM-DD" of a request.
func readDate(field, s string) (civil.Date, *fault.Error) {
	if s == "" {
		return civil.Date{}, fault.New(field, fault.Required, nil, "is required")
	}
	d, err := civil.ParseDate(s)
	var day *civil.NoSuchDayError
	switch {
	case errors.As(err, &day):
		return civil.Date{}, fault.New(field, fault.DateNotInCalendar,
			fault.Params{"value": s, "days": day.Month.Days()}, "%v", err)
	case err != nil:
		return civil.Date{}, fault.New(field, fault.DateFormat, fault.Params{"value": s}, "%v", err)
	}
	return d, nil
}

// outsideRange is the error of a date or month, written s, outside the
// simulated months start to end.
func outsideRange(field, s string, start, end civil.Month) *fault.Error {
	return fault.New(field, fault.OutsideRange, fault.Params{"value": s, "start": start.String(), "end": end.String()},
		"%s is outside the simulated months %s to %s", s, start, end)
}
