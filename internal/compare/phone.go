package compare

import (
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// NormalizePhone returns the E.164 form (+41446681800) of a phone number
// written in any customary way; numbers without an international prefix are
// read in defaultRegion (ISO-2, e.g. "DE"). ok is false when the text is
// not a possible phone number.
func NormalizePhone(raw, defaultRegion string) (e164 string, ok bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 64 {
		return "", false
	}
	// "00" is the international prefix in most of the world.
	if strings.HasPrefix(raw, "00") {
		raw = "+" + raw[2:]
	}
	num, err := phonenumbers.Parse(raw, strings.ToUpper(defaultRegion))
	if err != nil || !phonenumbers.IsPossibleNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}

var (
	callingCodesOnce sync.Once
	callingCodes     map[int]bool
)

// splitE164 separates the country calling code of an E.164 number from the
// national number, using the calling codes the phone library knows.
func splitE164(s string) (cc, national string) {
	callingCodesOnce.Do(func() { callingCodes = phonenumbers.GetSupportedCallingCodes() })
	if len(s) < 3 || s[0] != '+' {
		return "", strings.TrimPrefix(s, "+")
	}
	v := 0
	for n := 1; n <= 3 && n < len(s); n++ {
		c := s[n]
		if c < '0' || c > '9' {
			break
		}
		v = v*10 + int(c-'0')
		if callingCodes[v] {
			return s[1 : n+1], s[n+1:]
		}
	}
	return "", s[1:]
}

// PhoneLevel is the result of comparing two phone numbers, strongest first.
type PhoneLevel uint8

// Phone comparison levels.
const (
	PhoneMissing       PhoneLevel = iota // one side has no number
	PhoneExact                           // same E.164 number
	PhoneNationalMatch                   // same national number, different country code
	PhoneLast7                           // same last seven digits
	PhoneDifferent                       // different numbers
)

var phoneLevelNames = [...]string{"missing", "exact", "same national number, other country code", "same last 7 digits", "different"}

func (l PhoneLevel) String() string {
	if int(l) < len(phoneLevelNames) {
		return phoneLevelNames[l]
	}
	return "invalid"
}

// ComparePhones compares two E.164 numbers from NormalizePhone.
func ComparePhones(a, b string) PhoneLevel {
	if a == "" || b == "" {
		return PhoneMissing
	}
	if a == b {
		return PhoneExact
	}
	_, na := splitE164(a)
	_, nb := splitE164(b)
	// Italian-style numbers keep a leading zero; others drop it nationally.
	na, nb = strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
	if na == nb && na != "" {
		return PhoneNationalMatch
	}
	if len(na) >= 7 && len(nb) >= 7 && na[len(na)-7:] == nb[len(nb)-7:] {
		return PhoneLast7
	}
	return PhoneDifferent
}
