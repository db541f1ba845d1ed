package compare

// CountryLevel is the result of comparing countries.
type CountryLevel uint8

// Country comparison levels.
const (
	CountryMissing   CountryLevel = iota // one side has no (valid) code
	CountrySame                          // same code, or the sets share one
	CountryDifferent                     // different codes
)

var countryLevelNames = [...]string{"missing", "same", "different"}

func (l CountryLevel) String() string {
	if int(l) < len(countryLevelNames) {
		return countryLevelNames[l]
	}
	return "invalid"
}

// normCode returns an upper-case ISO 3166-1 alpha-2 code, or "" for
// anything that is not two ASCII letters. Country names are resolved to
// codes at ingest time (model.CountryCode), not here.
func normCode(s string) string {
	if len(s) != 2 {
		return ""
	}
	var b [2]byte
	for i := 0; i < 2; i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			c -= 32
		case c >= 'A' && c <= 'Z':
		default:
			return ""
		}
		b[i] = c
	}
	return string(b[:])
}

// CompareCountries compares two ISO-2 country codes, case-insensitively.
func CompareCountries(a, b string) CountryLevel {
	a, b = normCode(a), normCode(b)
	if a == "" || b == "" {
		return CountryMissing
	}
	if a == b {
		return CountrySame
	}
	return CountryDifferent
}

// CompareCountrySets compares the countries of two records (nationalities,
// say): the same if any code is shared, missing if either set has no
// valid code.
func CompareCountrySets(a, b []string) CountryLevel {
	validA, validB := false, false
	for _, x := range a {
		nx := normCode(x)
		if nx == "" {
			continue
		}
		validA = true
		for _, y := range b {
			ny := normCode(y)
			if ny == "" {
				continue
			}
			validB = true
			if nx == ny {
				return CountrySame
			}
		}
	}
	if !validB {
		for _, y := range b {
			validB = validB || normCode(y) != ""
		}
	}
	if !validA || !validB {
		return CountryMissing
	}
	return CountryDifferent
}
