package civil

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docs/billing.md §2.1: months are YYYY-MM, dates YYYY-MM-DD, Gregorian; §6.2: a
// date that does not exist is refused.
func TestParse(t *testing.T) {
	good := []string{"2019-02-28", "2020-02-29", "2019-12-31", "2000-02-29"}
	for _, s := range good {
		d, err := ParseDate(s)
		require.NoError(t, err, s)
		assert.Equal(t, s, d.String())
	}
	bad := []string{"2019-02-30", "2019-02-29", "1900-02-29", "2019-13-01", "2019-00-10", "2019-1-01", "2019-01-1", "20190101", "2019-04-31", "", "abcd-ef-gh", "2019-01-01T00"}
	for _, s := range bad {
		_, err := ParseDate(s)
		assert.Error(t, err, s)
	}
	for _, s := range []string{"2019-07", "2020-12"} {
		m, err := ParseMonth(s)
		require.NoError(t, err)
		assert.Equal(t, s, m.String())
	}
	for _, s := range []string{"2019-7", "2019-13", "2019-00", "19-07", "2019/07", "0999-01"} {
		_, err := ParseMonth(s)
		assert.Error(t, err, s)
	}
}

func TestMonthArithmetic(t *testing.T) {
	m, _ := ParseMonth("2019-11")
	assert.Equal(t, "2020-02", m.AddMonths(3).String())
	assert.Equal(t, "2018-11", m.AddMonths(-12).String())
	assert.Equal(t, 29, Month{2020, 2}.Days())
	assert.Equal(t, 28, Month{2100, 2}.Days())
	assert.Equal(t, "2020-02-29", Month{2020, 2}.Last().String())
	d, _ := ParseDate("2020-02-29")
	assert.Equal(t, "2021-02-28", d.AddDate(1, 0, -1).String())
	assert.True(t, d.Before(Date{2020, 3, 1}))
	assert.Equal(t, 0, d.Compare(Date{2020, 2, 29}))
}

// AddDate, Days and the day arithmetic agree with package time (what they
// replaced) over four centuries of start dates, month-ends and leap days
// included, and the offsets the billing rules use and more.
func TestAgreesWithTime(t *testing.T) {
	offsets := [][3]int{
		{1, 0, -1}, {0, 1, -1}, {0, 0, 1}, {0, 0, -1}, {1, 0, 0}, {0, 1, 0}, {0, -1, 0},
		{0, 12, -1}, {3, 0, -1}, {0, 13, 0}, {-1, 0, 1}, {0, 0, 400}, {0, 0, -800}, {0, -25, 31}, {4, 0, -1},
	}
	start := time.Date(1896, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for day := start; day.Year() < 2305; day = day.AddDate(0, 0, 1) {
		d := Date{Year: day.Year(), Month: int(day.Month()), Day: day.Day()}
		if got, want := d.days(), int(day.Unix()/86400); got != want {
			t.Fatalf("%s: days %d, want %d", d, got, want)
		}
		if got := fromDays(d.days()); got != d {
			t.Fatalf("fromDays(days(%s)) = %s", d, got)
		}
		if day.Day() == 1 {
			m := d.MonthOf()
			if got, want := m.Days(), time.Date(m.Year, time.Month(m.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("%s has %d days, want %d", m, got, want)
			}
		}
		for _, o := range offsets {
			w := day.AddDate(o[0], o[1], o[2])
			want := Date{Year: w.Year(), Month: int(w.Month()), Day: w.Day()}
			if got := d.AddDate(o[0], o[1], o[2]); got != want {
				t.Fatalf("%s.AddDate(%d, %d, %d) = %s, want %s", d, o[0], o[1], o[2], got, want)
			}
			n++
		}
	}
	if n < 2_000_000 {
		t.Fatalf("only %d cases", n)
	}
}

func TestMonthIndexNegative(t *testing.T) {
	for i := -30; i < 30; i++ {
		m := FromIndex(i)
		if m.Index() != i || m.Month < 1 || m.Month > 12 {
			t.Fatalf("FromIndex(%d) = %+v", i, m)
		}
	}
	assert.Equal(t, "2019-03-03", Date{2019, 1, 31}.AddDate(0, 1, 0).String())
	assert.Equal(t, "2021-03-01", Date{2020, 2, 29}.AddDate(1, 0, 0).String())
}

// Month.String and Date.String write what fmt's "%04d-%02d" and
// "%04d-%02d-%02d" write, for every year a month can reach (negative
// ones, past 9999, the extremes of int) and any month or day number.
func TestStringIsFmt(t *testing.T) {
	years := []int{math.MinInt, math.MinInt + 1, -123456, -10000, -1000, -999, -100, -10, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 2026, 9999, 10000, 123456, math.MaxInt}
	for y := -1100; y <= 10100; y += 7 {
		years = append(years, y)
	}
	for _, y := range years {
		for _, m := range []int{math.MinInt, -12, -1, 0, 1, 9, 10, 12, 13, 100, math.MaxInt} {
			assert.Equal(t, fmt.Sprintf("%04d-%02d", y, m), Month{Year: y, Month: m}.String())
			for _, d := range []int{-5, 0, 1, 9, 10, 31, 100} {
				assert.Equal(t, fmt.Sprintf("%04d-%02d-%02d", y, m, d), Date{Year: y, Month: m, Day: d}.String())
			}
		}
	}
}
