// Package civil holds calendar dates and months without time zones, as the
// billing rules use them: Gregorian, YYYY-MM-DD and YYYY-MM.
package civil

import (
	"fmt"
	"time"
)

// Month is a calendar month. The zero value is not a valid month.
type Month struct {
	Year  int
	Month time.Month
}

// Date is a calendar day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseMonth parses "YYYY-MM" strictly (years 1000 to 9999).
func ParseMonth(s string) (Month, error) {
	if len(s) != 7 || s[4] != '-' {
		return Month{}, fmt.Errorf("%q is not a month of the form YYYY-MM", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	if !ok1 || !ok2 || y < 1000 {
		return Month{}, fmt.Errorf("%q is not a month of the form YYYY-MM", s)
	}
	if m < 1 || m > 12 {
		return Month{}, fmt.Errorf("%q has no month %d", s, m)
	}
	return Month{Year: y, Month: time.Month(m)}, nil
}

// ParseDate parses "YYYY-MM-DD" strictly and refuses days that do not
// exist, such as 2019-02-30.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	mo, err := ParseMonth(s[:7])
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	d, ok := digits(s[8:10])
	if !ok {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	if d < 1 || d > mo.Days() {
		return Date{}, &NoSuchDayError{Value: s, Month: mo}
	}
	return Date{Year: mo.Year, Month: mo.Month, Day: d}, nil
}

// NoSuchDayError is ParseDate's error for a date of the right form whose
// day its month does not have, such as 2019-02-30.
type NoSuchDayError struct {
	Value string
	Month Month
}

func (e *NoSuchDayError) Error() string {
	return fmt.Sprintf("%s does not exist: %s has %d days", e.Value, e.Month, e.Month.Days())
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }
func (d Date) String() string  { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Index is the number of months since year 0: consecutive months have
// consecutive indexes.
func (m Month) Index() int { return m.Year*12 + int(m.Month) - 1 }

// FromIndex is the inverse of Index.
func FromIndex(i int) Month { return Month{Year: i / 12, Month: time.Month(i%12 + 1)} }

// AddMonths returns the month n months later (n may be negative).
func (m Month) AddMonths(n int) Month { return FromIndex(m.Index() + n) }

// Days is the number of days of the month.
func (m Month) Days() int {
	return time.Date(m.Year, m.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// First is the first day of the month.
func (m Month) First() Date { return Date{Year: m.Year, Month: m.Month, Day: 1} }

// Last is the last day of the month.
func (m Month) Last() Date { return Date{Year: m.Year, Month: m.Month, Day: m.Days()} }

// MonthOf is the month of the date.
func (d Date) MonthOf() Month { return Month{Year: d.Year, Month: d.Month} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// AddDate is time.AddDate on a civil date, normalising as Go does
// (2020-02-29 plus one year is 2021-03-01; minus a day, 2021-02-28).
func (d Date) AddDate(years, months, days int) Date {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).AddDate(years, months, days)
	return Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}
