package compare

import (
	"sort"
	"strings"

	"github.com/mosaichq/mosaic/internal/names"
)

// Address is a postal address reduced to folded tokens; house numbers and
// other tokens with digits (postcodes, flat numbers) are kept apart.
type Address struct {
	Words   []string // folded, abbreviations expanded, sorted, unique
	Numbers []string // tokens containing digits, sorted, unique
}

// IsZero reports whether the address is empty.
func (a Address) IsZero() bool { return len(a.Words) == 0 && len(a.Numbers) == 0 }

var addressAbbrev = map[string]string{
	"st": "street", "str": "strasse", "rd": "road", "ave": "avenue", "av": "avenue",
	"blvd": "boulevard", "bd": "boulevard", "ln": "lane", "dr": "drive", "sq": "square",
	"ct": "court", "hwy": "highway", "apt": "apartment", "bldg": "building", "fl": "floor",
	"ul": "ulitsa", "ulitsa": "ulitsa", "pr": "prospekt", "prosp": "prospekt", "pl": "place",
	"cres": "crescent", "terr": "terrace", "pde": "parade", "mt": "mount", "ste": "suite",
	"n": "north", "s": "south", "e": "east", "w": "west", "nr": "number", "no": "number",
}

// ParseAddress folds an address in any script (transliterating it as
// names.Fold does), expands common abbreviations, splits German street
// compounds (Hauptstr. = Haupt Strasse) and separates numbers. Parsing
// never fails; text without letters or digits gives a zero Address.
func ParseAddress(s string) Address {
	var a Address
	words := map[string]bool{}
	nums := map[string]bool{}
	for _, t := range strings.Fields(names.Fold(s)) {
		if strings.IndexFunc(t, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0 {
			nums[strings.TrimLeft(t, "0")+strings.Repeat("0", boolInt(strings.Trim(t, "0") == ""))] = true
			continue
		}
		if x, ok := addressAbbrev[t]; ok {
			t = x
		}
		switch {
		case len(t) > 8 && strings.HasSuffix(t, "strasse"):
			words[t[:len(t)-7]] = true
			t = "strasse"
		case len(t) > 5 && strings.HasSuffix(t, "str"):
			words[t[:len(t)-3]] = true
			t = "strasse"
		}
		words[t] = true
	}
	for w := range words {
		a.Words = append(a.Words, w)
	}
	for n := range nums {
		a.Numbers = append(a.Numbers, n)
	}
	sort.Strings(a.Words)
	sort.Strings(a.Numbers)
	return a
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AddressLevel is the result of comparing two addresses, strongest first.
type AddressLevel uint8

// Address comparison levels.
const (
	AddressMissing        AddressLevel = iota // one side has no address
	AddressExact                              // same words and numbers
	AddressStrong                             // most (weighted) words shared, numbers agree
	AddressPartial                            // half the words shared, numbers do not conflict
	AddressNumberConflict                     // same street words, different house numbers
	AddressDifferent                          // little in common
)

var addressLevelNames = [...]string{"missing", "exact", "strong overlap", "partial overlap", "same street, other number", "different"}

func (l AddressLevel) String() string {
	if int(l) < len(addressLevelNames) {
		return addressLevelNames[l]
	}
	return "invalid"
}

// CompareAddresses compares two parsed addresses and returns a level and
// the weighted Dice overlap of their words in [0,1]. weight gives each word
// a weight (for example an inverse document frequency, so that "street" or
// a city shared by half the records counts little); nil weighs all words 1.
func CompareAddresses(a, b Address, weight func(word string) float64) (AddressLevel, float64) {
	if a.IsZero() || b.IsZero() {
		return AddressMissing, 0
	}
	w := func(s string) float64 {
		if weight == nil {
			return 1
		}
		return weight(s)
	}
	var wa, wb, shared float64
	i, j := 0, 0
	for _, x := range a.Words {
		wa += w(x)
	}
	for _, y := range b.Words {
		wb += w(y)
	}
	for i < len(a.Words) && j < len(b.Words) {
		switch {
		case a.Words[i] == b.Words[j]:
			shared += w(a.Words[i])
			i++
			j++
		case a.Words[i] < b.Words[j]:
			i++
		default:
			j++
		}
	}
	overlap := 0.0
	switch {
	case wa+wb > 0:
		overlap = 2 * shared / (wa + wb)
	case len(a.Words) == 0 && len(b.Words) == 0:
		overlap = 1 // numbers only: the numbers decide
	}
	numShared, numConflict := 0, false
	if len(a.Numbers) > 0 && len(b.Numbers) > 0 {
		for _, x := range a.Numbers {
			for _, y := range b.Numbers {
				if x == y {
					numShared++
				}
			}
		}
		numConflict = numShared == 0
	}
	sameNums := len(a.Numbers) == len(b.Numbers) && numShared == len(a.Numbers)
	switch {
	case overlap >= 0.999 && sameNums:
		return AddressExact, overlap
	case overlap >= 0.75 && numConflict:
		return AddressNumberConflict, overlap
	case overlap >= 0.75:
		return AddressStrong, overlap
	case overlap >= 0.5 && !numConflict:
		return AddressPartial, overlap
	}
	return AddressDifferent, overlap
}
