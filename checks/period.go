package checks

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is a calendar length such as 180 days or 24 months, written "180d", "26w", "24mo" or
// "2y". Months and years follow the calendar: 24mo before 2018-01-01 is 2016-01-01.
type Period struct {
	Years, Months, Days int
}

// ParsePeriod reads a period: a positive whole number followed by d, w, mo or y.
func ParsePeriod(s string) (Period, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(t[:i])
	if err != nil || n <= 0 {
		return Period{}, fmt.Errorf("invalid period %q: want a positive number and a unit, like 180d, 26w, 24mo or 2y", s)
	}
	switch t[i:] {
	case "d":
		return Period{Days: n}, nil
	case "w":
		return Period{Days: 7 * n}, nil
	case "mo":
		return Period{Months: n}, nil
	case "y":
		return Period{Years: n}, nil
	}
	return Period{}, fmt.Errorf("invalid period %q: unit must be d, w, mo or y", s)
}

// MustPeriod is ParsePeriod for literals known to be valid; it panics otherwise.
func MustPeriod(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

// String writes the period back in the form ParsePeriod reads.
func (p Period) String() string {
	switch {
	case p.Years != 0 && p.Months == 0 && p.Days == 0:
		return fmt.Sprintf("%dy", p.Years)
	case p.Months != 0 && p.Years == 0 && p.Days == 0:
		return fmt.Sprintf("%dmo", p.Months)
	case p.Years == 0 && p.Months == 0:
		return fmt.Sprintf("%dd", p.Days)
	}
	return fmt.Sprintf("%dy%dmo%dd", p.Years, p.Months, p.Days)
}

// IsZero reports whether p is unset.
func (p Period) IsZero() bool { return p == Period{} }

// Before returns the instant p before t.
func (p Period) Before(t time.Time) time.Time { return t.AddDate(-p.Years, -p.Months, -p.Days) }

// MarshalText implements encoding.TextMarshaler.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	*p = v
	return err
}

const dayMillis = 24 * 60 * 60 * 1000

// days converts a span of Unix milliseconds to whole days, rounding down.
func days(ms int64) float64 { return float64(ms / dayMillis) }
