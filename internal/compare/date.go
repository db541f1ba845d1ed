package compare

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Date is a possibly partial calendar date: Month and Day are 0 when the
// source gave only a year or a year and month ("1979", "1979-05").
type Date struct {
	Year  int16
	Month uint8
	Day   uint8
}

// IsZero reports whether the date is missing.
func (d Date) IsZero() bool { return d.Year == 0 }

// String renders the date in ISO form at its own precision.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// ErrDate is returned for text that is not a date.
var ErrDate = errors.New("not a date")

var monthNames = map[string]uint8{
	"jan": 1, "january": 1, "janvier": 1, "januar": 1, "enero": 1, "gennaio": 1, "jänner": 1,
	"feb": 2, "february": 2, "fevrier": 2, "février": 2, "februar": 2, "febrero": 2, "febbraio": 2,
	"mar": 3, "march": 3, "mars": 3, "marz": 3, "märz": 3, "marzo": 3,
	"apr": 4, "april": 4, "avril": 4, "abril": 4, "aprile": 4,
	"may": 5, "mai": 5, "mayo": 5, "maggio": 5,
	"jun": 6, "june": 6, "juin": 6, "juni": 6, "junio": 6, "giugno": 6,
	"jul": 7, "july": 7, "juillet": 7, "juli": 7, "julio": 7, "luglio": 7,
	"aug": 8, "august": 8, "aout": 8, "août": 8, "agosto": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9, "settembre": 9,
	"oct": 10, "october": 10, "octobre": 10, "oktober": 10, "octubre": 10, "ottobre": 10,
	"nov": 11, "november": 11, "novembre": 11, "noviembre": 11,
	"dec": 12, "december": 12, "decembre": 12, "décembre": 12, "dezember": 12, "diciembre": 12, "dicembre": 12,
}

func daysIn(y int, m int) int {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// ParseDate reads ISO dates and their partial forms (1979-05-17, 1979-05,
// 1979), compact 19790517, day-first numeric dates (17.05.1979,
// 17/05/1979; month-first only when the day-first reading is impossible),
// dates with month names (17 May 1979, May 17, 1979, 17-MAY-1979), ISO
// timestamps (the date part) and 00 for unknown month or day. Years must
// lie between 1000 and 2200.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if i := strings.IndexAny(s, "t "); i == 10 && len(s) > 10 && s[4] == '-' {
		s = s[:10] // ISO timestamp
	}
	for _, p := range []string{"circa ", "ca. ", "c. ", "about ", "approx. "} {
		s = strings.TrimPrefix(s, p)
	}
	if s == "" {
		return Date{}, ErrDate
	}
	// Split into fields of digits and letters.
	var fields []string
	start := -1
	kind := 0 // 1 digits, 2 letters
	for i, r := range s + " " {
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case r >= 'a' && r <= 'z', r >= 0xC0 && r < 0x250:
			k = 2
		}
		if k != kind || k == 0 {
			if start >= 0 {
				fields = append(fields, s[start:i])
			}
			start = -1
			if k != 0 {
				start = i
			}
			kind = k
		}
	}
	if len(fields) == 0 || len(fields) > 3 {
		return Date{}, ErrDate
	}
	var y, m, d int
	num := func(f string) (int, bool) {
		if len(f) > 4 || f[0] < '0' || f[0] > '9' {
			return 0, false
		}
		v, err := strconv.Atoi(f)
		return v, err == nil
	}
	month := func(f string) (int, bool) {
		if v, ok := monthNames[f]; ok {
			return int(v), true
		}
		if len(f) > 3 {
			if v, ok := monthNames[f[:3]]; ok {
				return int(v), true
			}
		}
		return 0, false
	}
	switch len(fields) {
	case 1:
		f := fields[0]
		switch len(f) {
		case 8: // 19790517
			if f[0] < '0' || f[0] > '9' {
				return Date{}, ErrDate
			}
			y, _ = strconv.Atoi(f[:4])
			m, _ = strconv.Atoi(f[4:6])
			d, _ = strconv.Atoi(f[6:])
		case 6: // 197905
			v, ok := num(f[:4])
			if !ok {
				return Date{}, ErrDate
			}
			y = v
			m, _ = strconv.Atoi(f[4:])
		case 4:
			v, ok := num(f)
			if !ok {
				return Date{}, ErrDate
			}
			y = v
		default:
			return Date{}, ErrDate
		}
	case 2:
		a, b := fields[0], fields[1]
		if mv, ok := month(a); ok { // May 1979
			m = mv
			v, ok := num(b)
			if !ok || len(b) != 4 {
				return Date{}, ErrDate
			}
			y = v
		} else if mv, ok := month(b); ok { // 1979 May
			m = mv
			v, ok := num(a)
			if !ok || len(a) != 4 {
				return Date{}, ErrDate
			}
			y = v
		} else {
			av, ok1 := num(a)
			bv, ok2 := num(b)
			if !ok1 || !ok2 {
				return Date{}, ErrDate
			}
			switch {
			case len(a) == 4 && len(b) <= 2: // 1979-05
				y, m = av, bv
			case len(b) == 4 && len(a) <= 2: // 05/1979
				y, m = bv, av
			default:
				return Date{}, ErrDate
			}
		}
	case 3:
		a, b, c := fields[0], fields[1], fields[2]
		if mv, ok := month(b); ok { // 17 May 1979, 17-MAY-1979
			m = mv
			dv, ok1 := num(a)
			yv, ok2 := num(c)
			if !ok1 || !ok2 || len(c) != 4 {
				return Date{}, ErrDate
			}
			d, y = dv, yv
		} else if mv, ok := month(a); ok { // May 17, 1979
			m = mv
			dv, ok1 := num(b)
			yv, ok2 := num(c)
			if !ok1 || !ok2 || len(c) != 4 {
				return Date{}, ErrDate
			}
			d, y = dv, yv
		} else {
			av, ok1 := num(a)
			bv, ok2 := num(b)
			cv, ok3 := num(c)
			if !ok1 || !ok2 || !ok3 {
				return Date{}, ErrDate
			}
			switch {
			case len(a) == 4: // 1979-05-17
				y, m, d = av, bv, cv
			case len(c) == 4: // 17.05.1979, or 05/17/1979 when 17 cannot be a month
				y = cv
				if bv > 12 && av <= 12 {
					m, d = av, bv
				} else {
					d, m = av, bv
				}
			default:
				return Date{}, ErrDate
			}
		}
	}
	if y < 1000 || y > 2200 || m < 0 || m > 12 || d < 0 || d > 31 {
		return Date{}, ErrDate
	}
	if m == 0 {
		d = 0 // a day without a month says nothing
	}
	if m > 0 && d > daysIn(y, m) {
		return Date{}, ErrDate
	}
	return Date{Year: int16(y), Month: uint8(m), Day: uint8(d)}, nil
}

// DateLevel is the result of comparing two dates, strongest first.
type DateLevel uint8

// Date comparison levels.
const (
	DateMissing   DateLevel = iota // one side has no date
	DateExact                      // same day (or same at the shared precision: 1979-05 vs 1979-05)
	DateYearMonth                  // same year and month, days differ or one is unknown
	DateSwapped                    // day and month swapped (05/07 vs 07/05)
	DateTypo                       // one digit differs, or two adjacent digits swapped
	DateYear                       // same year only (or one side gives only the year)
	DateNear                       // within two years
	DateFar                        // further apart
)

var dateLevelNames = [...]string{"missing", "exact", "same year and month", "day/month swapped", "one-digit typo", "same year", "within 2 years", "years apart"}

func (l DateLevel) String() string {
	if int(l) < len(dateLevelNames) {
		return dateLevelNames[l]
	}
	return "invalid"
}

// CompareDates compares two dates and also returns how many years apart
// they are.
func CompareDates(a, b Date) (DateLevel, int) {
	if a.IsZero() || b.IsZero() {
		return DateMissing, 0
	}
	dy := int(a.Year) - int(b.Year)
	if dy < 0 {
		dy = -dy
	}
	full := a.Day != 0 && b.Day != 0
	if dy == 0 {
		switch {
		case a.Month == 0 || b.Month == 0:
			if a.Month == b.Month {
				return DateExact, 0
			}
			return DateYear, 0
		case a.Month == b.Month:
			if a.Day == b.Day {
				return DateExact, 0
			}
			if full && digitTypo(a, b) {
				return DateTypo, 0
			}
			return DateYearMonth, 0
		case full && a.Month == b.Day && a.Day == b.Month:
			return DateSwapped, 0
		}
	}
	if full && digitTypo(a, b) {
		return DateTypo, dy
	}
	if dy == 0 {
		return DateYear, 0
	}
	if dy <= 2 {
		return DateNear, dy
	}
	return DateFar, dy
}

// digitTypo reports whether YYYYMMDD of a and b differ in exactly one digit
// or by one swap of adjacent digits.
func digitTypo(a, b Date) bool {
	var x, y [8]byte
	put := func(buf *[8]byte, d Date) {
		v := int(d.Year)*10000 + int(d.Month)*100 + int(d.Day)
		for i := 7; i >= 0; i-- {
			buf[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(&x, a)
	put(&y, b)
	diff, first := 0, -1
	for i := range x {
		if x[i] != y[i] {
			if first < 0 {
				first = i
			}
			diff++
		}
	}
	if diff == 1 {
		return true
	}
	return diff == 2 && first < 7 && x[first] == y[first+1] && x[first+1] == y[first]
}
