package lists

import (
	"strconv"
	"strings"
)

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// fdate turns a date as lists write it into FtM's prefix form: YYYY,
// YYYY-MM or YYYY-MM-DD. It reads 2012-12-31, 2012-12-31T00:00:00,
// 1979/01/17, 17/01/1979, 17.01.1979, 10 Jan 1960, Jan 1960, January 10,
// 1960, and a bare year. It returns "" for anything else, or for a date
// that does not exist: a wrong date is worse than none.
func fdate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if i := strings.IndexAny(s, "T "); i == 10 && len(s) > 10 && s[4] == '-' {
		s = s[:10] // drop a time of day
	}
	s = strings.TrimSuffix(s, ".")
	// Numeric forms.
	if f := splitAny(s, "-/."); len(f) >= 1 && allDigits(f) {
		switch {
		case len(f) == 1 && len(f[0]) == 4:
			return ymd(f[0], "", "")
		case len(f) == 2 && len(f[0]) == 4:
			return ymd(f[0], f[1], "")
		case len(f) == 3 && len(f[0]) == 4:
			return ymd(f[0], f[1], f[2])
		case len(f) == 3 && len(f[2]) == 4:
			return ymd(f[2], f[1], f[0]) // day first, as lists outside the US write it
		case len(f) == 2 && len(f[1]) == 4:
			return ymd(f[1], f[0], "")
		}
		return ""
	}
	// Worded forms: "10 Jan 1960", "Jan 1960", "January 10, 1960".
	words := strings.Fields(strings.NewReplacer(",", " ", ".", " ").Replace(s))
	var day, month, year string
	for _, w := range words {
		lw := strings.ToLower(w)
		if m, ok := monthNames[lw]; ok && month == "" {
			month = strconv.Itoa(m)
			continue
		}
		if !allDigits([]string{w}) {
			return ""
		}
		switch {
		case len(w) == 4 && year == "":
			year = w
		case len(w) <= 2 && day == "":
			day = w
		default:
			return ""
		}
	}
	if year == "" || (day != "" && month == "") {
		return ""
	}
	return ymd(year, month, day)
}

func ymd(y, m, d string) string {
	yi, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || yi < 1000 || yi > 2999 {
		return ""
	}
	if m == "" {
		return y
	}
	mi, err := strconv.Atoi(m)
	if err != nil || mi < 1 || mi > 12 {
		return ""
	}
	out := y + "-" + two(mi)
	if d == "" {
		return out
	}
	di, err := strconv.Atoi(d)
	if err != nil || di < 1 || di > daysIn(yi, mi) {
		return ""
	}
	return out + "-" + two(di)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func splitAny(s, seps string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
}

func allDigits(f []string) bool {
	for _, p := range f {
		if p == "" {
			return false
		}
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
		}
	}
	return true
}

// yearRange lists the years from a to b when the span is short enough to
// mean "born one of these years"; a wider span says too little to keep.
func yearRange(a, b string) []string {
	ya, err1 := strconv.Atoi(a)
	yb, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || ya < 1000 || yb > 2999 || yb < ya || yb-ya > 10 {
		return nil
	}
	out := make([]string, 0, yb-ya+1)
	for y := ya; y <= yb; y++ {
		out = append(out, strconv.Itoa(y))
	}
	return out
}
