package synth

import (
	"math/bits"
	"strconv"
	"strings"
)

// person is one synthetic individual. Names and places are indexes into the
// pools, so a million people fit in well under 100 MB.
type person struct {
	culture, gender uint8
	doc             uint8 // docNone, docPassport, docIDCard
	generic         uint8 // 0, or 1+index into genericAddresses used in some records
	given, middle   uint16
	family, family2 uint16
	father          uint16 // father's given name (male pool of the culture)
	nat             uint8  // country index
	birthCountry    uint8
	birthCity       uint8
	email           bool
	prefs           uint32 // the person's own spelling choices (see prefU)
	dob             int32  // days since 1900-01-01
	hh              int32  // household
	phones          [2]uint64
}

const (
	docNone uint8 = iota
	docPassport
	docIDCard
)

type household struct {
	addr  uint32 // packed address (see addrCode)
	land  uint64 // landline shared by the household, 0 for none
	first int32  // first member; members are contiguous
	size  uint8
}

// world is everything generated before any file is written.
type world struct {
	seed     uint64
	attrSalt uint64 // tests only: perturbs attributes, never membership
	n        int

	people     []person
	households []household
	addrUsed   []uint64 // bitmap of allocated address codes

	networks [][]int32 // planted criminal networks (person indexes)
	groups   [][]int32 // ordinary groups with the same structure

	plan *plan
}

// ---- dates ----------------------------------------------------------------

// Days are counted from 1900-01-01 in the proleptic Gregorian calendar.
func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468 + 25567) // days since 1970, shifted to 1900
}

func civilFromDays(z int32) (y, m, d int) {
	zz := int(z) - 25567 + 719468
	era := zz / 146097
	doe := zz - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

// refDay is the day ages are counted from; events happen in the year before.
var (
	refDay     = daysFromCivil(2024, 1, 1)
	eventStart = daysFromCivil(2023, 1, 1)
)

// ---- addresses ------------------------------------------------------------

const (
	addrSuffixes = 8
	addrNumbers  = 999
)

var suffixes = [addrSuffixes]string{"", "A", "B", "C", "-1", "-2", "-3", "hs"}
var suffixW = newWeights(70, 7, 5, 2, 6, 5, 2, 3)

func addrCode(city, street, number, suffix int) uint32 {
	return uint32(((city*len(streets)+street)*addrNumbers+(number-1))*addrSuffixes + suffix)
}

func addrDecode(c uint32) (city, street, number, suffix int) {
	x := int(c)
	suffix = x % addrSuffixes
	x /= addrSuffixes
	number = x%addrNumbers + 1
	x /= addrNumbers
	street = x % len(streets)
	city = x / len(streets)
	return
}

func (w *world) allocAddress(r *rng) uint32 {
	for try := 0; ; try++ {
		city := residenceW.pick(r)
		street := r.intn(len(streets))
		// Low house numbers are more common than high ones.
		number := 1 + int(float64(addrNumbers-1)*r.float()*r.float())
		suffix := suffixW.pick(r)
		c := addrCode(city, street, number, suffix)
		if w.addrUsed[c>>6]&(1<<(c&63)) == 0 || try > 200 {
			w.addrUsed[c>>6] |= 1 << (c & 63)
			return c
		}
	}
}

// address is an address split the way forms ask for it.
type address struct {
	street, number, postcode, city string
	generic                        bool
	line                           string // for generic addresses: name and street
}

func decodeAddress(c uint32) address {
	city, street, number, suffix := addrDecode(c)
	res := residences[city]
	h := mix64(uint64(city)<<32 | uint64(street)<<16 | uint64(number/40))
	pc := res.pcLo + int(h%uint64(res.pcHi-res.pcLo+1))
	h2 := mix64(h ^ uint64(number/8))
	l1 := byte('A' + h2%26)
	l2 := byte('A' + (h2>>8)%26)
	if l1 == 'S' && (l2 == 'A' || l2 == 'D' || l2 == 'S') { // letters Dutch postcodes avoid
		l2 = 'B'
	}
	num := strconv.Itoa(number) + suffixes[suffix]
	if suffixes[suffix] == "hs" {
		num = strconv.Itoa(number) + " hs"
	}
	return address{street: streets[street], number: num,
		postcode: strconv.Itoa(pc) + " " + string([]byte{l1, l2}), city: res.name}
}

// genericPhone is the switchboard of generic address i: people staying
// there give it as their number, so it is shared by many unrelated records.
func genericPhone(i int) uint64 { return businessNumber(uint64(1_000_000 + i)) }

func genericAddress(i int) address {
	g := genericAddresses[i]
	street, num := g.line, ""
	if j := strings.LastIndexByte(g.line, ' '); j > 0 {
		street, num = g.line[:j], g.line[j+1:]
	}
	return address{street: street, number: num, postcode: g.postcode, city: g.city, generic: true, line: g.line}
}

// ---- phones ---------------------------------------------------------------

// A phone is stored as cc*1e12 + national significant number.
const phoneCCMul = 1_000_000_000_000

func phoneSplit(v uint64) (cc string, nsn string) {
	c := v / phoneCCMul
	n := v % phoneCCMul
	cc = strconv.FormatUint(c, 10)
	nsn = strconv.FormatUint(n, 10)
	return
}

// permute maps k in [0,space) to a distinct value in [0,space) that looks
// random: a keyed four-round Feistel network on the smallest even bit width
// covering space, cycle-walking back into range. Distinct k give distinct
// numbers, so phone, document and record numbers never collide.
func permute(k, key, space uint64) uint64 {
	if space <= 1 {
		return 0
	}
	width := bits.Len64(space - 1)
	if width%2 == 1 {
		width++
	}
	half := uint(width / 2)
	mask := uint64(1)<<half - 1
	x := k % space
	for {
		l, r := x>>half, x&mask
		for round := uint64(1); round <= 4; round++ {
			l, r = r, l^(mix64(r^key^round*0x9e3779b97f4a7c15)&mask)
		}
		x = l<<half | r
		if x < space {
			return x
		}
	}
}

func pow10(n int) uint64 {
	v := uint64(1)
	for i := 0; i < n; i++ {
		v *= 10
	}
	return v
}

// mobileNumber gives the k-th mobile number of country ci; distinct k give
// distinct numbers.
func mobileNumber(ci int, k uint64, salt uint64) uint64 {
	co := countries[ci]
	pl := len(co.mobile[0])
	rest := co.nsnLen - pl
	body := pow10(rest)
	space := uint64(len(co.mobile)) * body
	v := permute(k, salt, space)
	prefix, _ := strconv.ParseUint(co.mobile[v/body], 10, 64)
	cc, _ := strconv.ParseUint(co.cc, 10, 64)
	return cc*phoneCCMul + prefix*body + v%body
}

// landline gives the k-th fixed number in a Dutch town: area code + 7 digits.
func landline(city int, k uint64, salt uint64) uint64 {
	area, _ := strconv.ParseUint(residences[city].area, 10, 64)
	v := permute(k, salt, 8_000_000) + 2_000_000 // subscriber numbers start with 2–9
	return 31*phoneCCMul + area*10_000_000 + v
}

// businessNumber gives Dutch 088 company numbers (taxi centrals, help desks).
func businessNumber(k uint64) uint64 {
	return 31*phoneCCMul + 88*10_000_000 + 2_000_000 + permute(k, 7, 8_000_000)
}

// ---- documents ------------------------------------------------------------

const docLetters = "ABCDEFGHIJKLMNPQRSTUVWXYZ"         // O is left out, as Dutch documents do
const docAlnum = "ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789" // idem
const docLettersAll = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

func patternSpace(p, letters string) uint64 {
	s := uint64(1)
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case 'L':
			s *= uint64(len(letters))
		case 'A':
			s *= uint64(len(docAlnum))
		case 'D':
			s *= 10
		}
	}
	return s
}

// docNumber is the travel document number of person idx of nationality ci.
// Numbers are unique per country; no real document has been modelled.
func docNumber(ci int, idx int, salt uint64) string {
	co := countries[ci]
	p := co.docPattern
	letters := docLettersAll
	if co.iso2 == "NL" {
		letters = docLetters
	}
	space := patternSpace(p, letters)
	v := permute(uint64(idx), salt^uint64(ci)*0x9e37, space)
	b := make([]byte, len(p))
	for i := len(p) - 1; i >= 0; i-- {
		switch p[i] {
		case 'L':
			b[i] = letters[v%uint64(len(letters))]
			v /= uint64(len(letters))
		case 'A':
			b[i] = docAlnum[v%uint64(len(docAlnum))]
			v /= uint64(len(docAlnum))
		case 'D':
			b[i] = byte('0' + v%10)
			v /= 10
		default:
			b[i] = p[i]
		}
	}
	return string(b)
}
