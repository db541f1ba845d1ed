package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mosaichq/mosaic/internal/compare"
	"github.com/mosaichq/mosaic/internal/model"
)

// period is a review interval such as 5y, 18m or 90d.
type period struct{ years, months, days int }

func parsePeriod(s string) (period, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if len(s) < 2 {
		return period{}, fmt.Errorf("%q: want a number and y, m or d (e.g. 5y)", s)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 {
		return period{}, fmt.Errorf("%q: want a positive number and y, m or d (e.g. 5y)", s)
	}
	switch s[len(s)-1] {
	case 'y':
		return period{years: n}, nil
	case 'm':
		return period{months: n}, nil
	case 'd':
		return period{days: n}, nil
	}
	return period{}, fmt.Errorf("%q: unit must be y, m or d", s)
}

func (p period) isZero() bool { return p == period{} }

func (p period) after(t time.Time) time.Time { return t.AddDate(p.years, p.months, p.days) }

// A dateFormat is a strftime pattern compiled to a sequence of fields.
type dateFormat []dateField

type dateField struct {
	kind byte   // 'Y','y','m','d','b','H','M','S', or 0 for a literal
	lit  string // literal text
}

// compileFormat reads the strftime subset used in FtM mappings.
func compileFormat(f string) (dateFormat, error) {
	var out dateFormat
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			if len(out) > 0 && out[len(out)-1].kind == 0 {
				out[len(out)-1].lit += string(c)
			} else {
				out = append(out, dateField{lit: string(c)})
			}
			continue
		}
		if i+1 >= len(f) {
			return nil, fmt.Errorf("date format %q ends with %%", f)
		}
		i++
		switch d := f[i]; d {
		case 'Y', 'y', 'm', 'd', 'b', 'B', 'H', 'M', 'S', 'f', 'z', 'Z':
			if d == 'B' {
				d = 'b'
			}
			out = append(out, dateField{kind: d})
		case '%':
			out = append(out, dateField{lit: "%"})
		default:
			return nil, fmt.Errorf("date format %q: %%%c is not supported", f, d)
		}
	}
	return out, nil
}

var monthNames = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8, "september": 9,
	"october": 10, "november": 11, "december": 12, "sept": 9,
}

// parse matches s against the format. ok is false when the text does not
// have the format's shape — that is a malformed value. Calendar errors in a
// well-shaped value (month 13, 31 February) are typos, common in real data:
// the date keeps the precision that is valid (year, or year and month).
func (f dateFormat) parse(s string) (string, bool) {
	var year, month, day int
	have := map[byte]bool{}
	clock := map[byte]int{}
	pos := 0
	// Fields written next to each other with no separator (%Y%m%d) must
	// have their full width, or "1908120" would read as day 0.
	compact := func(i int) bool {
		return i > 0 && f[i-1].kind != 0 || i+1 < len(f) && f[i+1].kind != 0
	}
	var fi int
	digits := func(max int) (int, bool) {
		start := pos
		for pos < len(s) && pos-start < max && s[pos] >= '0' && s[pos] <= '9' {
			pos++
		}
		if pos == start || (compact(fi) && pos-start != max) {
			return 0, false
		}
		n, _ := strconv.Atoi(s[start:pos])
		return n, true
	}
	for i, fl := range f {
		fi = i
		switch fl.kind {
		case 0:
			if !strings.HasPrefix(s[pos:], fl.lit) {
				return "", false
			}
			pos += len(fl.lit)
		case 'Y':
			n, ok := digits(4)
			if !ok {
				return "", false
			}
			year = n
		case 'y':
			n, ok := digits(2)
			if !ok {
				return "", false
			}
			// Two-digit years: pivot like Python's strptime (69-99 → 19xx).
			if n >= 69 {
				year = 1900 + n
			} else {
				year = 2000 + n
			}
		case 'm':
			n, ok := digits(2)
			if !ok {
				return "", false
			}
			month = n
		case 'd':
			n, ok := digits(2)
			if !ok {
				return "", false
			}
			day = n
		case 'b':
			start := pos
			for pos < len(s) && unicode.IsLetter(rune(s[pos])) {
				pos++
			}
			m, ok := monthNames[strings.ToLower(s[start:pos])]
			if !ok {
				return "", false
			}
			month = m
		case 'H', 'M', 'S':
			n, ok := digits(2)
			if !ok {
				return "", false
			}
			clock[fl.kind] = n
		case 'f':
			if _, ok := digits(9); !ok {
				return "", false
			}
		case 'z', 'Z':
			// Time zones do not change a date's day at this precision.
			for pos < len(s) && s[pos] != ' ' {
				pos++
			}
		}
		have[fl.kind] = true
	}
	if pos != len(s) {
		return "", false
	}
	if !have['Y'] && !have['y'] {
		return "", false
	}
	d, ok := isoDate(year, month, day, have['m'] || have['b'], have['d'])
	// A time of day is kept when the value has one and the date is whole:
	// co-travel and call sequences need it (FtM dates are ISO 8601).
	if ok && len(d) == 10 && have['H'] && have['M'] {
		h, m, sec := clock['H'], clock['M'], clock['S']
		if h < 24 && m < 60 && sec < 60 {
			d += fmt.Sprintf("T%02d:%02d:%02d", h, m, sec)
		}
	}
	return d, ok
}

// isoDate formats a date down to the precision that is valid.
func isoDate(year, month, day int, hasMonth, hasDay bool) (string, bool) {
	if year < 1800 || year > 2200 {
		return "", false
	}
	out := fmt.Sprintf("%04d", year)
	if !hasMonth || month < 1 || month > 12 {
		return out, true
	}
	out += fmt.Sprintf("-%02d", month)
	if !hasDay || day < 1 || day > daysIn(year, month) {
		return out, true
	}
	return out + fmt.Sprintf("-%02d", day), true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// defaultDateFormats are tried, in order, when a mapping gives no format.
var defaultDateFormats = func() []dateFormat {
	var out []dateFormat
	for _, f := range []string{"%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S",
		"%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
		"%Y-%m", "%Y", "%Y%m%d", "%Y/%m/%d", "%Y/%m", "%d.%m.%Y", "%d %b %Y", "%b %Y"} {
		df, err := compileFormat(f)
		if err != nil {
			panic(err)
		}
		out = append(out, df)
	}
	return out
}()

// normalizeDate reads a date with the mapping's formats, or the default
// forms when none is given.
func normalizeDate(v string, formats []dateFormat) (string, error) {
	if len(formats) == 0 {
		formats = defaultDateFormats
	}
	for _, f := range formats {
		if d, ok := f.parse(v); ok {
			return d, nil
		}
	}
	return "", fmt.Errorf("bad date %q", v)
}

// normalizer turns raw values into the canonical form comparisons use. It
// keeps per-dataset settings (phone region).
type normalizer struct {
	region string
}

// value normalises one raw value of a property. An error means the value is
// malformed and its row must be rejected.
func (n *normalizer) value(p *model.Property, raw string, formats []dateFormat) (string, error) {
	v := strings.TrimSpace(raw)
	switch p.Type {
	case model.TypeDate:
		return normalizeDate(v, formats)
	case model.TypeName, model.TypeString, model.TypeAddress:
		return strings.Join(strings.Fields(v), " "), nil
	case model.TypeIdentifier:
		return compare.NormalizeIdentifier(v), nil
	case model.TypePhone:
		if e, ok := compare.NormalizePhone(v, n.region); ok {
			return e, nil
		}
		// Unparseable numbers are kept as digits: still useful to compare.
		return digitsOnly(v), nil
	case model.TypeEmail:
		return strings.ToLower(v), nil
	case model.TypeCountry:
		if c, ok := model.CountryCode(v); ok {
			return c, nil
		}
		return strings.ToLower(v), nil
	case model.TypeGender:
		return normalizeGender(v), nil
	case model.TypeNumber:
		return strings.ReplaceAll(v, " ", ""), nil
	}
	return v, nil
}

func digitsOnly(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func normalizeGender(v string) string {
	switch strings.ToLower(v) {
	case "m", "male", "man", "h", "homme", "masculin", "mann", "männlich", "1":
		return "male"
	case "f", "female", "woman", "femme", "féminin", "frau", "weiblich", "v", "vrouw", "2":
		return "female"
	case "":
		return ""
	}
	return "other"
}
