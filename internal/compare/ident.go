package compare

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeIdentifier reduces a passport, ID card or registration number to
// upper-case ASCII letters and digits: NFKC folds full-width forms,
// diacritics are dropped, and spaces, dashes, dots and slashes vanish
// ("ab-123 456" -> "AB123456"). Letters of other scripts are kept as they
// are, upper-cased.
func NormalizeIdentifier(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 32)
		case unicode.IsDigit(r):
			b.WriteRune('0' + rune(digitValue(r)))
		case unicode.IsLetter(r):
			if base := latinBase(r); base != 0 {
				b.WriteRune(base)
			} else {
				b.WriteRune(unicode.ToUpper(r))
			}
		}
	}
	return b.String()
}

func digitValue(r rune) int {
	// Unicode decimal digits come in contiguous blocks of ten starting at a
	// zero; find the zero by walking back.
	for z := r; z > r-10; z-- {
		if !unicode.IsDigit(z - 1) {
			return int(r - z)
		}
	}
	return 0
}

func latinBase(r rune) rune {
	if !unicode.Is(unicode.Latin, r) {
		return 0
	}
	d := norm.NFD.String(string(r))
	for _, c := range d {
		if c >= 'a' && c <= 'z' {
			return c - 32
		}
		if c >= 'A' && c <= 'Z' {
			return c
		}
	}
	return 0
}

// confusable folds characters that OCR and clerks mix up in document
// numbers: O/Q and 0, I/L and 1.
func confusable(c byte) byte {
	switch c {
	case 'O', 'Q':
		return '0'
	case 'I', 'L':
		return '1'
	}
	return c
}

// IDLevel is the result of comparing two identifiers, strongest first.
type IDLevel uint8

// Identifier comparison levels.
const (
	IDMissing         IDLevel = iota // one side has no identifier
	IDExact                          // same normalised number (and no country conflict)
	IDConfusable                     // same after folding O/0 and I/1
	IDOneEdit                        // one edit apart (6+ characters)
	IDCountryConflict                // same number, issued by different countries
	IDDifferent                      // different numbers
)

var idLevelNames = [...]string{"missing", "exact", "exact up to O/0, I/1", "one edit apart", "same number, different issuing country", "different"}

func (l IDLevel) String() string {
	if int(l) < len(idLevelNames) {
		return idLevelNames[l]
	}
	return "invalid"
}

// CompareIdentifiers compares two normalised identifiers. Numbers shorter
// than four characters are too generic to match other than exactly.
func CompareIdentifiers(a, b string) IDLevel {
	if a == "" || b == "" {
		return IDMissing
	}
	if a == b {
		return IDExact
	}
	if len(a) == len(b) {
		same := true
		for i := 0; i < len(a); i++ {
			if confusable(a[i]) != confusable(b[i]) {
				same = false
				break
			}
		}
		if same {
			return IDConfusable
		}
	}
	if len(a) >= 6 && len(b) >= 6 && editDistance1(a, b) {
		return IDOneEdit
	}
	return IDDifferent
}

// CompareIssued compares identifiers with their issuing countries (ISO-2
// codes, "" when unknown): the same number from two different countries is
// two different documents.
func CompareIssued(a, aCountry, b, bCountry string) IDLevel {
	l := CompareIdentifiers(a, b)
	if l == IDExact || l == IDConfusable {
		if CompareCountries(aCountry, bCountry) == CountryDifferent {
			return IDCountryConflict
		}
	}
	return l
}

// editDistance1 reports whether a and b are at most one insertion,
// deletion, substitution or adjacent transposition apart.
func editDistance1(a, b string) bool {
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	if i == la && i == lb {
		return true
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}
