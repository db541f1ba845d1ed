package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	var have fieldSet
	var clock [3]int // H, M, S
	pos := 0
	// Fields written next to each other with no separator (%Y%m%d) must
	// have their full width, or "1908120" would read as day 0.
	compact := func(i int) bool {
		return i > 0 && f[i-1].kind != 0 || i+1 < len(f) && f[i+1].kind != 0
	}
	var fi int
	digits := func(max int) (int, bool) {
		start := pos
		n := 0
		for pos < len(s) && pos-start < max && s[pos] >= '0' && s[pos] <= '9' {
			n = n*10 + int(s[pos]-'0')
			pos++
		}
		if pos == start || (compact(fi) && pos-start != max) {
			return 0, false
		}
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
			clock[strings.IndexByte("HMS", fl.kind)] = n
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
		have.add(fl.kind)
	}
	if pos != len(s) {
		return "", false
	}
	if !have.has('Y') && !have.has('y') {
		return "", false
	}
	var buf [19]byte
	d, ok := appendISODate(buf[:0], year, month, day, have.has('m') || have.has('b'), have.has('d'))
	// A time of day is kept when the value has one and the date is whole:
	// co-travel and call sequences need it (FtM dates are ISO 8601).
	if ok && len(d) == 10 && have.has('H') && have.has('M') {
		h, m, sec := clock[0], clock[1], clock[2]
		if h < 24 && m < 60 && sec < 60 {
			d = append(d, 'T')
			d = append2(d, h)
			d = append(d, ':')
			d = append2(d, m)
			d = append(d, ':')
			d = append2(d, sec)
		}
	}
	if !ok {
		return "", false
	}
	return string(d), true
}

// fieldSet records which format fields a value had.
type fieldSet uint64

func (s *fieldSet) add(kind byte)     { *s |= 1 << (kind & 63) }
func (s fieldSet) has(kind byte) bool { return s&(1<<(kind&63)) != 0 }

// isoDate formats a date down to the precision that is valid.
func isoDate(year, month, day int, hasMonth, hasDay bool) (string, bool) {
	var buf [10]byte
	d, ok := appendISODate(buf[:0], year, month, day, hasMonth, hasDay)
	return string(d), ok
}

func appendISODate(dst []byte, year, month, day int, hasMonth, hasDay bool) ([]byte, bool) {
	if year < 1800 || year > 2200 {
		return dst, false
	}
	dst = append(dst, byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10))
	if !hasMonth || month < 1 || month > 12 {
		return dst, true
	}
	dst = append2(append(dst, '-'), month)
	if !hasDay || day < 1 || day > daysIn(year, month) {
		return dst, true
	}
	return append2(append(dst, '-'), day), true
}

// append2 appends n (0-99) as two digits.
func append2(dst []byte, n int) []byte { return append(dst, byte('0'+n/10), byte('0'+n%10)) }

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
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
		return collapseSpaces(v), nil
	case model.TypeIdentifier:
		return compare.NormalizeIdentifier(v), nil
	case model.TypePhone:
		return n.phone(v), nil
	case model.TypeEmail:
		return strings.ToLower(v), nil
	case model.TypeCountry:
		return country(v), nil
	case model.TypeGender:
		return normalizeGender(v), nil
	case model.TypeNumber:
		return strings.ReplaceAll(v, " ", ""), nil
	}
	return v, nil
}

func (n *normalizer) phone(v string) string {
	if e, ok := compare.NormalizePhone(v, n.region); ok {
		return e
	}
	// Unparseable numbers are kept as digits: still useful to compare.
	return digitsOnly(v)
}

func country(v string) string {
	if c, ok := model.CountryCode(v); ok {
		return c
	}
	return strings.ToLower(v)
}

// collapseSpaces is strings.Join(strings.Fields(v), " "), without
// allocating when v has no runs of white space (nearly always).
func collapseSpaces(v string) string {
	prevSpace := true // leading space would need trimming
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= utf8.RuneSelf {
			return strings.Join(strings.Fields(v), " ")
		}
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
		if sp && (prevSpace || c != ' ') {
			return strings.Join(strings.Fields(v), " ")
		}
		prevSpace = sp
	}
	if prevSpace && len(v) > 0 {
		return strings.Join(strings.Fields(v), " ")
	}
	return v
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
