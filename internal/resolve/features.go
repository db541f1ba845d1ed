package resolve

import (
	"encoding/binary"
	"strconv"

	"github.com/mosaichq/mosaic/internal/names"
)

// Features compared for every candidate pair. Each comparison yields a
// level: 0 means the feature is missing on one side (it then says nothing),
// 1 is the strongest agreement and the last level is disagreement.
const (
	fGiven = iota
	fFamily
	fDate
	fID
	fPhone
	fEmail
	fAddress
	fCountry
	fPlace
	numFeatures
)

var featureNames = [numFeatures]string{"given name", "family name", "birth date", "identifier", "phone", "email", "address", "country", "birth place"}

// levelNames name each feature's levels, index = level.
var levelNames = [numFeatures][]string{
	fGiven:   {"missing", "exact", "variant or transliteration", "fuzzy", "initial or shortened", "partly different", "different"},
	fFamily:  {"missing", "exact", "variant or transliteration", "fuzzy", "initial", "partly different", "different"},
	fDate:    {"missing", "exact", "one-digit typo in day or month", "day/month swapped", "same year and month", "same day and month", "same year", "1-2 years apart", "different"},
	fID:      {"missing", "exact", "one edit", "different"},
	fPhone:   {"missing", "exact", "same last 7 digits", "different"},
	fEmail:   {"missing", "exact", "same user name", "similar", "different"},
	fAddress: {"missing", "exact", "nearly the same", "similar", "somewhat similar", "different"},
	fCountry: {"missing", "shared", "different"},
	fPlace:   {"missing", "exact", "similar", "different"},
}

func numLevels(f int) int { return len(levelNames[f]) }

// Levels is a comparison vector, 4 bits per feature.
type Levels uint64

func (v Levels) get(f int) int     { return int(v>>(4*f)) & 0xf }
func (v *Levels) set(f int, l int) { *v = (*v &^ (0xf << (4 * f))) | Levels(l&0xf)<<(4*f) }
func (v Levels) String() string    { return strconv.FormatUint(uint64(v), 16) }
func (v Levels) bytes() []byte     { return binary.LittleEndian.AppendUint64(nil, uint64(v)) }
func levelsFromBytes(b []byte) Levels {
	if len(b) < 8 {
		return 0
	}
	return Levels(binary.LittleEndian.Uint64(b))
}

// agreement carries the values two records agreed on exactly, so term
// frequencies can adjust the weight (a shared rare name says more than a
// shared common one; a hotel's address says little).
//
// It refers to values rather than copying them, and holds a date as a
// date: comparing runs for every candidate pair, and a pair that
// allocated kept the collector busy over the whole record set.
type agreement struct {
	given, family          partSet // matched name parts
	date                   date    // valid when dated
	dated                  bool
	id, phone, email, addr string
}

// partSet is the matched parts of a name, at most one per token.
type partSet struct {
	n int8
	t [names.MaxTokens]*names.Token
}

func (s *partSet) add(t *names.Token) {
	if int(s.n) < len(s.t) {
		s.t[s.n] = t
		s.n++
	}
}

func (s *partSet) parts() []*names.Token { return s.t[:s.n] }

// comparer compares records. Knowing the name table, it skips comparing
// a name with an identical one (everyone called John Smith against
// everyone else called John Smith): the table holds each name's result
// against itself. A nil comparer compares everything.
//
// A memo of recent pairs of different names was tried: a quarter of the
// name comparisons at a million records repeat within 16k pairs, yet on
// two workers comparing went 3 % slower with it (BenchmarkCompareAll).
type comparer struct {
	names *nameTable
}

// nameResult is what one pair of names says about the two name features.
type nameResult struct {
	given, family int
	// The matched parts, kept for agreeing levels only.
	givenKeys, familyKeys partSet
}

func newComparer(nt *nameTable) *comparer { return &comparer{names: nt} }

// comparePair fills the comparison vector of two records.
func comparePair(a, b *Record) (Levels, agreement) { return (*comparer)(nil).compare(a, b) }

func (c *comparer) compare(a, b *Record) (Levels, agreement) {
	// Compare in a fixed order so a pair scores the same whichever record
	// came first (ties between names, and which side's spelling is looked
	// up for term frequencies, depend on it).
	a, b = ordered(a, b)
	var v Levels
	var ag agreement
	g, f := c.compareNames(a, b, &ag)
	v.set(fGiven, g)
	v.set(fFamily, f)
	compareRest(a, b, &v, &ag)
	return v, ag
}

// ordered puts a pair in the order compare takes it.
func ordered(a, b *Record) (*Record, *Record) {
	if b.order < a.order || b.order == a.order && b.ID < a.ID {
		return b, a
	}
	return a, b
}

// compareRest fills every feature but the names, for a pair in compare's
// order.
func compareRest(a, b *Record, v *Levels, ag *agreement) {
	v.set(fDate, compareDates(a.Dates, b.Dates, ag))
	v.set(fID, compareIDs(a.IDs, b.IDs, ag))
	v.set(fPhone, compareStrings(a.Phones, b.Phones, &ag.phone, phoneNear))
	v.set(fEmail, compareEmails(a.Emails, b.Emails, &ag.email))
	v.set(fAddress, compareAddresses(a.Addresses, b.Addresses, ag))
	v.set(fCountry, compareCountries(a.Countries, b.Countries))
	v.set(fPlace, comparePlaces(a.Places, b.Places))
}

// compareNames takes the best-agreeing pair of names of two records and
// reads two levels off its alignment: one for given names (and middle
// names and patronymics) and one for family names. Two features rather
// than one keep the model identifiable when names and a date are all a
// source has, and let "same family name, different given name" (a
// relative) count against a match while "same family name, given name
// missing" does not.
func (c *comparer) compareNames(a, b *Record, ag *agreement) (given, family int) {
	if len(a.Names) == 0 || len(b.Names) == 0 {
		return 0, 0
	}
	ids := c != nil && c.names != nil && len(a.nameIDs) == len(a.Names) && len(b.nameIDs) == len(b.Names)
	var best nameResult
	bestSum := 99
	for i := range a.Names {
		for j := range b.Names {
			var res nameResult
			if ids && a.nameIDs[i] == b.nameIDs[j] {
				res = c.names.self(a.nameIDs[i])
			} else {
				res = compareNamePair(&a.Names[i], &b.Names[j])
			}
			if sum := levelRank(res.given) + levelRank(res.family); sum < bestSum {
				best, bestSum = res, sum
			}
		}
	}
	ag.given, ag.family = best.givenKeys, best.familyKeys
	return best.given, best.family
}

func compareNamePair(a, b *names.Name) nameResult {
	c := names.Compare(a, b)
	g, f := partLevels(&c, a, b)
	res := nameResult{given: g, family: f}
	agrees := func(l int) bool { return l >= 1 && l <= 3 }
	if agrees(g) || agrees(f) {
		gk, fk := matchedKeys(&c, a, b)
		if agrees(g) {
			res.givenKeys = gk
		}
		if agrees(f) {
			res.familyKeys = fk
		}
	}
	return res
}

// levelRank orders part levels for choosing the best name pair; missing
// ranks between agreement and disagreement.
func levelRank(l int) int {
	if l == 0 {
		return 4
	}
	if l >= 5 {
		return l + 2
	}
	return l
}

// Token classes for the two name features.
const (
	clsUnknown = iota
	clsGiven
	clsFamily
)

// roleClass is a token's class from its own role. A role guessed from word
// order alone counts as unknown: "WILLIAMS JAMES" from a source that
// writes the surname first would otherwise read as given name Williams.
func roleClass(n *names.Name, i int) int {
	if n.Kind == names.Organization {
		return clsFamily
	}
	if n.Tokens[i].Guessed {
		return clsUnknown
	}
	switch n.Tokens[i].Role {
	case names.RoleFamily:
		return clsFamily
	case names.RoleGiven, names.RoleMiddle, names.RolePatronymic:
		return clsGiven
	}
	return clsUnknown
}

// classes assigns each token of both names to given or family. A token's
// own role counts first; a token of unknown role takes the role of the
// token it was aligned with (a structured record tells us what a free-text
// name's parts are); what is still unknown stays unknown.
func classes(c *names.Comparison, a, b *names.Name) (ca, cb [names.MaxTokens]int, partnerA, partnerB [names.MaxTokens]int) {
	for i := range partnerA {
		partnerA[i], partnerB[i] = -1, -1
	}
	for i := range a.Tokens {
		if i < names.MaxTokens {
			ca[i] = roleClass(a, i)
		}
	}
	for j := range b.Tokens {
		if j < names.MaxTokens {
			cb[j] = roleClass(b, j)
		}
	}
	for _, p := range c.Matched() {
		for i := p.A; i <= max(p.A, p.A2); i++ {
			for j := p.B; j <= max(p.B, p.B2); j++ {
				partnerA[i], partnerB[j] = int(j), int(i)
			}
		}
	}
	for i := range a.Tokens {
		if i < names.MaxTokens && ca[i] == clsUnknown && partnerA[i] >= 0 {
			ca[i] = cb[partnerA[i]]
		}
	}
	for j := range b.Tokens {
		if j < names.MaxTokens && cb[j] == clsUnknown && partnerB[j] >= 0 {
			cb[j] = ca[partnerB[j]]
		}
	}
	complementUnknown(&ca, a)
	complementUnknown(&cb, b)
	return ca, cb, partnerA, partnerB
}

// complementUnknown gives a part whose role is still unknown the one role
// the rest of its name lacks: in "PETERS Wim", once Peters is known to be
// the family name, Wim is the given name. Left unknown, an unmatched part
// drops out of the comparison, and "PETERS Wim" against "Gerardus Peters"
// would read as a family name agreeing with no given name to contradict it.
func complementUnknown(cls *[names.MaxTokens]int, n *names.Name) {
	var given, family bool
	for i := range n.Tokens {
		if i >= names.MaxTokens {
			break
		}
		switch cls[i] {
		case clsGiven:
			given = true
		case clsFamily:
			family = true
		}
	}
	if given == family {
		return // neither known (free text) or both (a middle part stays open)
	}
	fill := clsGiven
	if given {
		fill = clsFamily
	}
	for i := range n.Tokens {
		if i < names.MaxTokens && cls[i] == clsUnknown && n.Tokens[i].Role != names.RoleParticle {
			cls[i] = fill
		}
	}
}

// partLevels derives the given and family levels from one alignment. When
// neither name says which part is which (two free-text names), the whole
// name's agreement is reported as the family feature and the given feature
// is missing: guessing roles by position would be wrong for every source
// that writes the surname first.
func partLevels(c *names.Comparison, a, b *names.Name) (int, int) {
	var levA, levB [names.MaxTokens]names.TokenLevel
	for _, p := range c.Matched() {
		for i := p.A; i <= max(p.A, p.A2); i++ {
			levA[i] = p.Level
		}
		for j := p.B; j <= max(p.B, p.B2); j++ {
			levB[j] = p.Level
		}
	}
	ca, cb, _, _ := classes(c, a, b)
	structured := false
	for i := range a.Tokens {
		if i < names.MaxTokens && ca[i] != clsUnknown {
			structured = true
		}
	}
	for j := range b.Tokens {
		if j < names.MaxTokens && cb[j] != clsUnknown {
			structured = true
		}
	}
	level := func(cls int) int {
		var na, nb, ma, mb int
		worst := 0
		var leftA, leftB []int
		for i := range a.Tokens {
			if i >= names.MaxTokens || a.Tokens[i].Role == names.RoleParticle || (structured && ca[i] != cls) {
				continue
			}
			na++
			if levA[i] != names.TokNone {
				ma++
				worst = max(worst, tokenRank(levA[i]))
			} else {
				leftA = append(leftA, i)
			}
		}
		for j := range b.Tokens {
			if j >= names.MaxTokens || b.Tokens[j].Role == names.RoleParticle || (structured && cb[j] != cls) {
				continue
			}
			nb++
			if levB[j] != names.TokNone {
				mb++
				worst = max(worst, tokenRank(levB[j]))
			} else {
				leftB = append(leftB, j)
			}
		}
		switch {
		case na == 0 || nb == 0:
			return 0
		case ma == 0 && mb == 0:
			// Nothing matched: close spellings beyond the token budget are
			// still a fuzzy agreement, a shortened form (Cornelia, Corrie)
			// a weak one.
			if leftoversClose(a, b, leftA, leftB) {
				return 3
			}
			if cls == clsGiven && leftoversShortened(a, b, leftA, leftB) {
				return 4
			}
			return 6
		case ma < na && mb < nb:
			// Parts left over on both sides (John Paul vs John Peter).
			if leftoversClose(a, b, leftA, leftB) {
				return max(worst, 3)
			}
			if cls == clsGiven && leftoversShortened(a, b, leftA, leftB) {
				return max(worst, 4)
			}
			return 5
		}
		return worst
	}
	var g, f int
	if structured {
		g, f = level(clsGiven), level(clsFamily)
	} else {
		f = level(clsFamily)
	}
	if c.Flags&(names.FlagChainConflict|names.FlagGeneration|names.FlagLegalForm|names.FlagFamilyMismatch) != 0 && f > 0 && f < 5 {
		f = 5
	}
	return g, f
}

// matchedKeys returns, per class, the frequency keys of the parts that
// matched: a shared rare part is strong evidence, a shared common one weak.
func matchedKeys(c *names.Comparison, a, b *names.Name) (given, family partSet) {
	ca, cb, partnerA, _ := classes(c, a, b)
	structured := false
	for i := range a.Tokens {
		if i < names.MaxTokens && (ca[i] != clsUnknown) {
			structured = true
		}
	}
	for j := range b.Tokens {
		if j < names.MaxTokens && cb[j] != clsUnknown {
			structured = true
		}
	}
	for i := range a.Tokens {
		if i >= names.MaxTokens || partnerA[i] < 0 || a.Tokens[i].Role == names.RoleParticle {
			continue
		}
		k := &a.Tokens[i]
		if structured && ca[i] == clsGiven {
			given.add(k)
		} else if !structured || ca[i] == clsFamily {
			family.add(k)
		}
	}
	return given, family
}

// leftoversClose reports whether every leftover part of the side with
// fewer leftovers pairs with a distinct leftover of the other side at
// Jaro-Winkler 0.84 or more.
func leftoversClose(a, b *names.Name, ua, ub []int) bool {
	if len(ua) > len(ub) {
		a, b, ua, ub = b, a, ub, ua
	}
	used := make([]bool, len(ub))
	for _, i := range ua {
		found := false
		for k, j := range ub {
			ta, tb := &a.Tokens[i], &b.Tokens[j]
			if !used[k] && names.LetterBound(ta, tb) >= 0.84 && jaroWinklerAtLeast(ta.Text, tb.Text, 0.84) {
				used[k], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// leftoversShortened reports whether some leftover part of one name is a
// shortened form of a leftover part of the other: it begins with the same
// three letters and is short (Chris, Christopher; Corrie, Cornelia; Willy,
// Wilhelmina), or it is the end of the longer part (Seun, Oluwaseun; Tina,
// Christina). Nicknames of this shape are common across languages; those
// that change the name (Bill, William) are in the variant lists.
func leftoversShortened(a, b *names.Name, ua, ub []int) bool {
	for _, i := range ua {
		for _, j := range ub {
			if shortened(a.Tokens[i].Text, b.Tokens[j].Text) {
				return true
			}
		}
	}
	return false
}

func shortened(x, y string) bool {
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(x) < 3 || len(y) < len(x)+2 {
		return false
	}
	if len(x) <= 6 && x[:3] == y[:3] {
		return true
	}
	return len(x) >= 4 && y[len(y)-len(x):] == x
}

// date is a possibly partial calendar date.
type date struct {
	y, m, d int16 // m, d are 0 when unknown
}

func parseDate(s string) (date, bool) {
	if len(s) < 4 {
		return date{}, false
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil {
		return date{}, false
	}
	dt := date{y: int16(y)}
	if len(s) >= 7 && s[4] == '-' {
		if m, err := strconv.Atoi(s[5:7]); err == nil {
			dt.m = int16(m)
		}
	}
	if len(s) >= 10 && s[7] == '-' {
		if d, err := strconv.Atoi(s[8:10]); err == nil {
			dt.d = int16(d)
		}
	}
	return dt, true
}

func (d date) String() string { return string(d.append(nil)) }

// append appends the date as written in statements (2006, 2006-01,
// 2006-01-02).
func (d date) append(dst []byte) []byte {
	dst = strconv.AppendInt(dst, int64(d.y), 10)
	if d.m > 0 {
		dst = appendPad2(append(dst, '-'), d.m)
		if d.d > 0 {
			dst = appendPad2(append(dst, '-'), d.d)
		}
	}
	return dst
}

func appendPad2(dst []byte, n int16) []byte {
	if n < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, int64(n), 10)
}

func pad2(n int16) string { return string(appendPad2(nil, n)) }

func compareDates(as, bs []date, ag *agreement) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 8
	for _, a := range as {
		for _, b := range bs {
			l := dateLevel(a, b)
			if l < best {
				best = l
				if l == 1 {
					ag.date, ag.dated = a, true
				}
			}
		}
	}
	return best
}

func dateLevel(a, b date) int {
	full := a.d > 0 && b.d > 0
	switch {
	case a == b && full:
		return 1
	case full && a.y == b.y && oneDigitOff(a, b):
		// A slip in the day or month. A slip in the year is the "same day
		// and month" level below: it moves the date by years, and how
		// often matches show it is for the model to learn, not to assume.
		return 2
	case full && a.y == b.y && a.m == b.d && a.d == b.m:
		return 3
	case a.y == b.y && a.m > 0 && a.m == b.m:
		return 4
	case full && a.m == b.m && a.d == b.d:
		return 5 // a mistyped year
	case a.y == b.y:
		return 6
	case abs16(a.y-b.y) <= 2:
		return 7
	}
	return 8
}

// oneDigitOff: the two full dates differ in exactly one digit of YYYYMMDD,
// or by two adjacent digits swapped.
func oneDigitOff(a, b date) bool {
	x := [8]byte{}
	y := [8]byte{}
	fill := func(dst *[8]byte, d date) {
		v := int(d.y)*10000 + int(d.m)*100 + int(d.d)
		for i := 7; i >= 0; i-- {
			dst[i] = byte(v % 10)
			v /= 10
		}
	}
	fill(&x, a)
	fill(&y, b)
	diff := 0
	first := -1
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

func abs16(x int16) int16 {
	if x < 0 {
		return -x
	}
	return x
}

func compareIDs(as, bs []identifier, ag *agreement) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 0 // 0: no identifiers of a shared kind
	for _, a := range as {
		for _, b := range bs {
			if a.value == b.value {
				ag.id = a.value
				return 1
			}
			if a.kind != b.kind && a.kind != idOther && b.kind != idOther {
				continue
			}
			l := 3
			if len(a.value) >= 5 && editDistanceAtMost1(a.value, b.value) {
				l = 2
			}
			if best == 0 || l < best {
				best = l
			}
		}
	}
	return best
}

// editDistanceAtMost1 reports one substitution, insertion, deletion or
// adjacent transposition.
func editDistanceAtMost1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la == lb {
		diff, first := 0, -1
		for i := 0; i < la; i++ {
			if a[i] != b[i] {
				if first < 0 {
					first = i
				}
				diff++
			}
		}
		if diff == 1 {
			return true
		}
		return diff == 2 && first+1 < la && a[first] == b[first+1] && a[first+1] == b[first]
	}
	if la-lb == 1 || lb-la == 1 {
		if la < lb {
			a, b = b, a
		}
		i, j, skipped := 0, 0, false
		for i < len(a) && j < len(b) {
			if a[i] == b[j] {
				i++
				j++
				continue
			}
			if skipped {
				return false
			}
			skipped = true
			i++
		}
		return true
	}
	return false
}

func compareStrings(as, bs []string, agreed *string, near func(a, b string) bool) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 3
	for _, a := range as {
		for _, b := range bs {
			if a == b {
				*agreed = a
				return 1
			}
			if near(a, b) {
				best = 2
			}
		}
	}
	return best
}

func phoneNear(a, b string) bool {
	return len(a) >= 7 && len(b) >= 7 && a[len(a)-7:] == b[len(b)-7:]
}

func compareEmails(as, bs []string, agreed *string) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 4
	for _, a := range as {
		for _, b := range bs {
			switch {
			case a == b:
				*agreed = a
				return 1
			case emailNear(a, b):
				best = min(best, 2)
			case jaroWinklerAtLeast(a, b, 0.9):
				best = min(best, 3)
			}
		}
	}
	return best
}

func emailNear(a, b string) bool {
	la := a
	if i := indexByte(a, '@'); i > 0 {
		la = a[:i]
	}
	lb := b
	if i := indexByte(b, '@'); i > 0 {
		lb = b[:i]
	}
	return len(la) >= 3 && la == lb
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// compareAddresses uses character bigrams of the address with spaces
// removed, so split words ("cre scent") and typos still agree.
func compareAddresses(as, bs []address, ag *agreement) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 5
	for _, a := range as {
		for _, b := range bs {
			if a.full == b.full && a.full != "" {
				ag.addr = a.full
				return 1
			}
			d := dice(a.grams, b.grams)
			l := 5
			switch {
			case d >= 0.85:
				l = 2
			case d >= 0.65:
				l = 3
			case d >= 0.4:
				l = 4
			}
			if l < best {
				best = l
			}
		}
	}
	return best
}

// dice is the Dice coefficient of two sorted multisets of bigrams.
func dice(a, b []uint16) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	i, j, n := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

func compareCountries(as, bs []uint16) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	for _, a := range as {
		for _, b := range bs {
			if a == b {
				return 1
			}
		}
	}
	return 2
}

func comparePlaces(as, bs []string) int {
	if len(as) == 0 || len(bs) == 0 {
		return 0
	}
	best := 3
	for _, a := range as {
		for _, b := range bs {
			if a == b {
				return 1
			}
			if jaroWinklerAtLeast(a, b, 0.88) {
				best = 2
			}
		}
	}
	return best
}

// jaroWinklerAtLeast reports whether jaroWinkler(a, b) >= least, first
// from a bound that needs no alignment: most pairs of different names
// share too few letters to come near, and are told so at the cost of
// reading them once.
func jaroWinklerAtLeast(a, b string, least float64) bool {
	return names.JaroWinklerBound(a, b) >= least && jaroWinkler(a, b) >= least
}

// jaroWinkler on bytes of folded (ASCII) strings.
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb [64]bool
	if la > 64 || lb > 64 {
		return 0
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(t)/2)/m) / 3
	prefix := 0
	for prefix < min(4, la, lb) && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// tokenRank maps a token match to a part level (1 exact … 4 initial).
func tokenRank(l names.TokenLevel) int {
	switch l {
	case names.TokExact:
		return 1
	case names.TokVariant, names.TokPhonetic:
		return 2
	case names.TokTypo, names.TokWeak, names.TokMerged:
		return 3
	case names.TokInitial:
		return 4
	}
	return 6
}
