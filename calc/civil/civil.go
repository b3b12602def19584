// Package civil holds calendar dates and months without time zones, as the
// billing rules use them: Gregorian, YYYY-MM-DD and YYYY-MM.
//
// It does its own day arithmetic rather than going through package time,
// which would bring time's locations and formatting into calc.wasm;
// TestAgreesWithTime checks it against time.AddDate.
package civil

import "fmt"

// Month is a calendar month. The zero value is not a valid month.
type Month struct {
	Year  int
	Month int // 1 (January) to 12
}

// Date is a calendar day.
type Date struct {
	Year  int
	Month int // 1 to 12
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
	return Month{Year: y, Month: m}, nil
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

// String is m as fmt's "%04d-%02d" would write it, without fmt: a quote
// names every month of its horizon, and fmt's printf on that path cost
// calc.wasm's first call the compilation of fmt's formatting code
// (browsers compile a wasm function when it is first called).
// TestStringIsFmt checks it against fmt.
func (m Month) String() string {
	b := make([]byte, 0, 7)
	return string(appendPadded(append(appendPadded(b, m.Year, 4), '-'), m.Month, 2))
}

// String is d as fmt's "%04d-%02d-%02d" would write it, without fmt.
func (d Date) String() string {
	b := make([]byte, 0, 10)
	b = append(appendPadded(append(appendPadded(b, d.Year, 4), '-'), d.Month, 2), '-')
	return string(appendPadded(b, d.Day, 2))
}

// appendPadded appends n in decimal as fmt's "%0<width>d" does: zeros
// between the sign and the digits up to width characters in all.
func appendPadded(b []byte, n, width int) []byte {
	var digits [20]byte
	i := len(digits)
	u := uint64(n)
	if n < 0 {
		u = -u
		b = append(b, '-')
		width--
	}
	for {
		i--
		digits[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	for pad := width - (len(digits) - i); pad > 0; pad-- {
		b = append(b, '0')
	}
	return append(b, digits[i:]...)
}

// Index is the number of months since year 0: consecutive months have
// consecutive indexes.
func (m Month) Index() int { return m.Year*12 + int(m.Month) - 1 }

// FromIndex is the inverse of Index.
func FromIndex(i int) Month {
	y, m := floorDiv(i, 12)
	return Month{Year: y, Month: m + 1}
}

// floorDiv returns q, r with a = q*b + r and 0 <= r < b (b > 0).
func floorDiv(a, b int) (int, int) {
	q, r := a/b, a%b
	if r < 0 {
		q, r = q-1, r+b
	}
	return q, r
}

// AddMonths returns the month n months later (n may be negative).
func (m Month) AddMonths(n int) Month { return FromIndex(m.Index() + n) }

// Days is the number of days of the month.
func (m Month) Days() int {
	m = FromIndex(m.Index()) // a month out of 1..12 as time.Date reads it
	switch m.Month {
	case 2:
		if leap(m.Year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// leap reports whether y is a Gregorian leap year.
func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

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

// AddDate is time.AddDate on a civil date, normalising as Go does: the
// years and months are added first, the month overflowing into the year,
// then the day overflows into the following months (2020-02-29 plus one
// year is 2021-02-29, that is 2021-03-01; minus a day, 2021-02-28; and
// 2019-01-31 plus a month is 2019-03-03).
func (d Date) AddDate(years, months, days int) Date {
	m := Month{Year: d.Year + years, Month: d.Month}.AddMonths(months)
	return fromDays(m.First().days() + d.Day - 1 + days)
}

// days is the number of days from 1970-01-01 to d, of a valid d (the
// days_from_civil algorithm of Howard Hinnant, "chrono-Compatible
// Low-Level Date Algorithms": a year counted from March, in 400-year eras).
func (d Date) days() int {
	y, m := d.Year, d.Month
	if m <= 2 {
		y--
	}
	era, yoe := floorDiv(y, 400)
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// fromDays is the inverse of days (Hinnant's civil_from_days).
func fromDays(n int) Date {
	era, doe := floorDiv(n+719468, 146097)
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	if month > 12 {
		month -= 12
	}
	y := yoe + era*400
	if month <= 2 {
		y++
	}
	return Date{Year: y, Month: month, Day: day}
}
