package synth

import (
	"strconv"
	"strings"
)

// Formatting without fmt: these run millions of times for a large world.

func itoa(n int) string { return strconv.Itoa(n) }

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// personID is the stable ground-truth id of person index i.
func personID(i int32) string { return "P" + pad(int(i)+1, 7) }

// date layouts used by the sources
const (
	dateISO     = iota // 1985-03-12
	dateCompact        // 19850312
	dateSlash          // 12/03/1985
	dateDash           // 12-03-1985
	dateDot            // 12.03.1985
	dateYMDSl          // 1985/03/12
)

func fmtYMD(y, m, d, layout int) string {
	switch layout {
	case dateCompact:
		return pad(y, 4) + pad(m, 2) + pad(d, 2)
	case dateSlash:
		return pad(d, 2) + "/" + pad(m, 2) + "/" + pad(y, 4)
	case dateDash:
		return pad(d, 2) + "-" + pad(m, 2) + "-" + pad(y, 4)
	case dateDot:
		return pad(d, 2) + "." + pad(m, 2) + "." + pad(y, 4)
	case dateYMDSl:
		return pad(y, 4) + "/" + pad(m, 2) + "/" + pad(d, 2)
	}
	return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
}

func fmtDay(day int32, layout int) string {
	y, m, d := civilFromDays(day)
	return fmtYMD(y, m, d, layout)
}

// noisyDate writes a date with a clerk's mistakes: day and month swapped
// (only where the result is still a valid date, as a form would insist),
// or a one-digit slip in the day.
func noisyDate(day int32, layout int, swap, slip float64, r *rng) string {
	y, m, d := civilFromDays(day)
	if d <= 12 && d != m && r.chance(swap) {
		m, d = d, m
	} else if r.chance(slip) {
		d2 := d + pick(r, []int{-1, 1, 10, -10})
		if d2 >= 1 && d2 <= 28 {
			d = d2
		}
	}
	return fmtYMD(y, m, d, layout)
}

// partialISO writes an ISO date that may be cut to year-month or year, as
// records do when only part of the date is known.
func partialISO(day int32, yearOnly, yearMonth float64, r *rng) string {
	y, m, d := civilFromDays(day)
	switch x := r.float(); {
	case x < yearOnly:
		return pad(y, 4)
	case x < yearOnly+yearMonth:
		return pad(y, 4) + "-" + pad(m, 2)
	}
	return fmtYMD(y, m, d, dateISO)
}

// minuteTime writes minutes since 2023-01-01 as ISO 8601 local time.
func minuteTime(t int64, withSeconds bool, sec int) string {
	day := eventStart + int32(t/1440)
	mins := int(t % 1440)
	s := fmtDay(day, dateISO) + "T" + pad(mins/60, 2) + ":" + pad(mins%60, 2)
	if withSeconds {
		s += ":" + pad(sec, 2)
	}
	return s
}

func secondTime(t int64) string { return minuteTime(t/60, true, int(t%60)) }

// phone styles
const (
	phoneE164      = iota // +31612345678
	phoneIntlSpace        // +31 6 1234 5678
	phoneNational         // 0612345678
	phoneNatDash          // 06-12345678
	phone00               // 0031612345678
	phone00Dash           // 0031-6-12345678
	phoneNatSpace         // 06 1234 5678
	phoneStyles
)

// fmtPhone writes a number in one of the styles people and systems use.
// Foreign numbers are always written internationally: a national format
// would be read as Dutch.
func fmtPhone(v uint64, style int) string {
	cc, nsn := phoneSplit(v)
	if cc != "31" && style != phoneE164 && style != phoneIntlSpace && style != phone00 {
		style = phoneIntlSpace
	}
	lead := 1 // digits of the Dutch area/mobile prefix shown separately
	if cc == "31" && !strings.HasPrefix(nsn, "6") {
		lead = 2
	}
	switch style {
	case phoneIntlSpace:
		if cc == "31" {
			return "+31 " + nsn[:lead] + " " + group4(nsn[lead:])
		}
		return "+" + cc + " " + group3(nsn)
	case phoneNational:
		return "0" + nsn
	case phoneNatDash:
		return "0" + nsn[:lead] + "-" + nsn[lead:]
	case phone00:
		return "00" + cc + nsn
	case phone00Dash:
		return "00" + cc + "-" + nsn[:lead] + "-" + nsn[lead:]
	case phoneNatSpace:
		return "0" + nsn[:lead] + " " + group4(nsn[lead:])
	}
	return "+" + cc + nsn
}

func group4(s string) string {
	if len(s) <= 4 {
		return s
	}
	return s[:4] + " " + s[4:]
}

// group3 writes digits in threes, never leaving a single digit at the end:
// 612345678 → 612 345 678, 1088293526 → 108 829 3526.
func group3(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 3 {
		if i > 0 {
			b.WriteByte(' ')
		}
		end := i + 3
		if len(s)-end == 1 || end > len(s) {
			end = len(s)
		}
		b.WriteString(s[i:end])
		if end == len(s) {
			break
		}
	}
	return b.String()
}

// fmtDoc writes a document number as typed by hand now and then: in groups,
// with a dash, in lower case.
func fmtDoc(s string, noise float64, r *rng) string {
	if !r.chance(noise) {
		return s
	}
	switch r.intn(4) {
	case 0:
		return strings.ToLower(s)
	case 1:
		if len(s) > 4 {
			return s[:2] + " " + s[2:]
		}
	case 2:
		if len(s) > 4 {
			return s[:len(s)-4] + "-" + s[len(s)-4:]
		}
	}
	return s[:len(s)/2] + " " + s[len(s)/2:]
}

// fmtAddress writes an address on one line in one of several clerical styles.
func fmtAddress(a address, r *rng, upper float64) string {
	var s string
	if a.generic {
		s = a.line + ", " + a.postcode + " " + a.city
	} else {
		street := a.street
		if r.chance(0.15) {
			for _, ab := range streetAbbrev {
				if strings.HasSuffix(street, ab[0]) {
					street = strings.TrimSuffix(street, ab[0]) + ab[1]
					break
				}
			}
		}
		switch r.intn(4) {
		case 0:
			s = street + " " + a.number + ", " + a.city
		case 1:
			s = street + " " + a.number + " " + strings.ReplaceAll(a.postcode, " ", "") + " " + a.city
		default:
			s = street + " " + a.number + ", " + a.postcode + " " + a.city
		}
	}
	if r.chance(upper) {
		s = strings.ToUpper(s)
	}
	return s
}

// email is the person's address, the same wherever it appears. The domains
// are reserved example domains.
func (w *world) email(i int32) string {
	p := &w.people[i]
	if !p.email {
		return ""
	}
	c := cultures[p.culture]
	var given, family string
	if c.script == scriptLatin || c.script == scriptArabic {
		g := c.male
		if p.gender == 1 {
			g = c.female
		}
		given = g[p.given].latin[0].ascii
		fp := c.family[p.family]
		family = fp.latin[0].ascii
		if fp.particle != "" {
			family = fp.particle + family
		}
	} else {
		g := c.male
		if p.gender == 1 {
			g = c.female
		}
		given = g[p.given].cyr[0].ascii
		family = c.family[p.family].cyr[0].ascii
	}
	clean := func(s string) string {
		s = strings.ToLower(s)
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r
			}
			return -1
		}, s)
	}
	given, family = clean(given), clean(family)
	h := mix64(uint64(i) ^ w.seed)
	domains := [...]string{"example.com", "example.net", "example.org", "mail.example", "post.example"}
	tag := itoa(int(h % 1000))
	var local string
	switch (h >> 12) % 4 {
	case 0:
		local = given + "." + family + tag
	case 1:
		local = given[:1] + family + tag
	case 2:
		y, _, _ := civilFromDays(p.dob)
		local = given + family + itoa(y%100) + "." + tag
	default:
		local = family + "." + given + tag
	}
	return local + "@" + domains[(h>>20)%uint64(len(domains))]
}
