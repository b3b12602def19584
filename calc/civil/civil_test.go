package civil

import (
	"testing"

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
