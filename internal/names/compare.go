package names

import (
	"fmt"
	"math/bits"
	"strings"
)

// TokenLevel says how two name parts matched.
type TokenLevel uint8

// Token match levels, strongest first.
const (
	TokNone     TokenLevel = iota
	TokExact               // same folded spelling
	TokVariant             // same curated variant group (Mohammed, Muhammad)
	TokPhonetic            // same consonant skeleton across scripts (محمد, Mohamad)
	TokTypo                // within a typo budget (Jonh, John)
	TokWeak                // similar but beyond the typo budget
	TokInitial             // an initial against a name with that initial
	TokMerged              // one part equals two or three adjacent parts of the other
)

var tokLevelNames = [...]string{"none", "exact", "variant", "phonetic", "typo", "weak", "initial", "merged"}

func (l TokenLevel) String() string {
	if int(l) < len(tokLevelNames) {
		return tokLevelNames[l]
	}
	return "invalid"
}

// Level is the overall level of a name comparison, strongest first. It is
// the categorical input for a Fellegi-Sunter comparison vector.
type Level uint8

// Name comparison levels.
const (
	LevelNone     Level = iota // nothing in common
	LevelExact                 // every part identical
	LevelVariant               // every part identical, a variant or a transliteration
	LevelStrong                // every part matched, some by typo tolerance
	LevelWeak                  // every part matched, some only weakly
	LevelInitials              // every part matched, some only by initials
	LevelPartial               // some parts of the shorter name unmatched
)

var levelNames = [...]string{"none", "exact", "variant", "strong", "weak", "initials", "partial"}

func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "invalid"
}

// Levels is the number of Level values, for callers that size tables.
const Levels = 7

// TokenPair is one aligned pair of name parts. A merged pair has A2 or B2
// (the last of the adjacent parts it spans) different from A or B.
type TokenPair struct {
	A, B   int8
	A2, B2 int8
	Sim    float32
	Level  TokenLevel
	// Article is set when the pair only matched after removing an attached
	// Arabic article (al-Masri = Elmasri).
	Article bool
	// Conflict is set when the parts stand at different places of their
	// nasab chains (Salman in Muhammad bin Salman and in Salman bin
	// Muhammad): relatives share such parts, so they are not evidence of
	// the same person.
	Conflict bool
}

// Flags explain penalties applied to a comparison.
type Flags uint16

// Comparison flags.
const (
	FlagChainConflict  Flags = 1 << iota // bin/ibn order differs: Muhammad bin Salman vs Salman bin Muhammad
	FlagGeneration                       // Jr vs Sr, II vs III
	FlagLegalForm                        // different legal forms (LLC vs JSC)
	FlagSingleToken                      // a one-part name against a longer one
	FlagNoDistinctive                    // organisations share only generic words
	FlagFamilyMismatch                   // both family names known and unmatched
)

// Comparison is the result of comparing two parsed names.
type Comparison struct {
	Score float64 // similarity in [0,1]; see Match for a calibrated score
	Level Level
	Flags Flags
	// Coverage of each side: matched weight over total weight.
	CoverageA, CoverageB float64
	pairs                [MaxTokens]TokenPair
	npairs               int8
	usedA, usedB         uint16 // bitmasks of matched tokens
	nA, nB               int8
	altA, altB           bool // the other reading of a or b was compared
}

// Matched returns the aligned pairs.
func (c *Comparison) Matched() []TokenPair { return c.pairs[:c.npairs] }

// UnmatchedA returns the indexes of tokens of a that found no partner.
func (c *Comparison) UnmatchedA() []int { return unmatched(c.usedA, c.nA) }

// UnmatchedB returns the indexes of tokens of b that found no partner.
func (c *Comparison) UnmatchedB() []int { return unmatched(c.usedB, c.nB) }

func unmatched(mask uint16, n int8) []int {
	var out []int
	for i := 0; i < int(n); i++ {
		if mask&(1<<i) == 0 {
			out = append(out, i)
		}
	}
	return out
}

func shareGroup(a, b *Token) bool {
	for _, x := range a.groups {
		if x == 0 {
			break
		}
		for _, y := range b.groups {
			if y == 0 {
				break
			}
			if x == y {
				return true
			}
		}
	}
	return false
}

func skelEqual(a, b *Token) bool {
	if a.Skel == "" || b.Skel == "" {
		return false
	}
	if a.Skel == b.Skel {
		return true
	}
	return (a.Skel2 != "" && a.Skel2 == b.Skel) || (b.Skel2 != "" && (b.Skel2 == a.Skel || b.Skel2 == a.Skel2))
}

// orgTypoBudget is stricter: company names are typed from documents, and
// a letter more or less often is another company (Nova, Novak).
func orgTypoBudget(l int) int {
	switch {
	case l < 5:
		return 0
	case l < 10:
		return 1
	}
	return 2
}

func typoBudget(l int) int {
	switch {
	case l < 4:
		return 0
	case l < 8:
		return 1
	}
	return 2
}

// tokenSim compares two name parts.
func tokenSim(a, b *Token, kind Kind) (float32, TokenLevel, bool) {
	if a.Initial || b.Initial {
		if a.Text[0] != b.Text[0] {
			return 0, TokNone, false
		}
		if a.Initial && b.Initial {
			return 1, TokExact, false
		}
		if kind == Organization {
			return 0, TokNone, false
		}
		return 0.8, TokInitial, false
	}
	if a.Prefix != b.Prefix {
		return 0, TokNone, false
	}
	if a.Text == b.Text {
		return 1, TokExact, false
	}
	if shareGroup(a, b) {
		return 0.95, TokVariant, false
	}
	s, l := textSim(a.Text, b.Text, a, b, kind)
	if l == TokNone || l == TokWeak {
		// An attached article on one side against a removed one on the
		// other: Elmasri vs al-Masri.
		if a.artLen > 0 && b.Article && a.Text[a.artLen:] == b.Text {
			return 0.97, TokExact, true
		}
		if b.artLen > 0 && a.Article && b.Text[b.artLen:] == a.Text {
			return 0.97, TokExact, true
		}
	}
	return s, l, false
}

func textSim(x, y string, a, b *Token, kind Kind) (float32, TokenLevel) {
	known := a.groups[0] != 0 && b.groups[0] != 0
	// Spellings from another script vary with the transliteration
	// (Jong, Jeong; Ahmad, Akhmed) and are compared leniently; pinyin is
	// one standard spelling and compares like Latin.
	cross := a.Script != b.Script && !(strict(a.Script) && strict(b.Script))
	vowelless := a.Script.vowelless() || b.Script.vowelless()
	l := len(x)
	if len(y) > l {
		l = len(y)
	}
	budget := typoBudget(l)
	if kind == Organization {
		budget = orgTypoBudget(l)
	}
	if cross && l >= 4 {
		budget++
	}
	// Two different names both known to the variant lists (Mahmoud and
	// Muhammad, Ivan and Ivana) are different names, however alike.
	if known {
		return 0, TokNone
	}
	if skelEqual(a, b) && (len(a.Skel) >= 2 || vowelless) {
		// Across scripts that write vowels, spellings that meet only by
		// merging a consonant repeated across a vowel, one much longer
		// than the other, are different names (geukgang, qiang).
		if vowelless || (cross && (a.repeats == b.repeats || (len(x)-len(y) <= 2 && len(y)-len(x) <= 2))) {
			return 0.9, TokPhonetic
		}
		d := osaDistance(x, y, budget+1)
		if d <= budget {
			return 0.92, TokTypo
		}
		// One edit over the budget with the same consonants, but not a
		// syllable more or less (Keqiang, Qiang; Abramovich, Abramov).
		if kind == Person && d <= budget+1 && len(x)-len(y) <= 1 && len(y)-len(x) <= 1 {
			return 0.85, TokPhonetic
		}
	}
	// Each edit changes the letter sets by at most two letters; beyond that
	// no distance needs computing.
	diffLetters := bits.OnesCount32(a.letters ^ b.letters)
	d := budget + 1
	if diffLetters <= 2*budget {
		d = osaDistance(x, y, budget)
	}
	if d <= budget {
		if kind == Organization {
			// A one-letter difference in a company's distinctive word
			// often is a different company (Meridian, Meridien).
			return 1 - float32(d)/float32(l), TokTypo
		}
		return 1 - 0.5*float32(d)/float32(l), TokTypo
	}
	if kind == Organization && !cross {
		return 0, TokNone
	}
	if !cross && !vowelless && (l < 5 || 3*bits.OnesCount32(a.letters&b.letters) < bits.OnesCount32(a.letters|b.letters)) {
		return 0, TokNone // too few shared letters for a Jaro-Winkler of 0.9
	}
	// A syllable more at either end is another name (Dejiang, Jiang;
	// Abramovich, Abramov), however alike the rest.
	if l-min(len(x), len(y)) >= 2 && (strings.HasPrefix(x, y) || strings.HasPrefix(y, x) || strings.HasSuffix(x, y) || strings.HasSuffix(y, x)) {
		return 0, TokNone
	}
	// Every branch below needs a Jaro-Winkler of 0.7 at least, 0.9
	// within one script; most pairs of different names are ruled out by
	// the bound without aligning them.
	least := 0.9
	if cross || vowelless {
		least = 0.7
	}
	if LetterBound(a, b) < least || JaroWinklerBound(x[:min(len(x), maxSimLen)], y[:min(len(y), maxSimLen)]) < least {
		return 0, TokNone
	}
	jw := jaroWinkler(x, y)
	if cross || vowelless {
		// Half a name is not like it (Jong, Jeongeun).
		if !vowelless && 5*min(len(x), len(y)) < 3*l {
			return 0, TokNone
		}
		if len(a.Skel) >= 3 && len(b.Skel) >= 3 && osaDistance(a.Skel, b.Skel, 1) <= 1 && jw >= 0.7 {
			return 0.72, TokWeak
		}
		if jw >= 0.85 {
			return 0.7, TokWeak
		}
		return 0, TokNone
	}
	if jw >= 0.9 && l >= 5 {
		return 0.65, TokWeak
	}
	return 0, TokNone
}

// acronymMatch aligns an organisation's name written as an acronym (IRISL,
// NIOC) with the words it abbreviates. One side must be the acronym alone;
// three letters or more.
func acronymMatch(c *Comparison, a, b *Name) bool {
	na, nb := int(c.nA), int(c.nB)
	switch {
	case na == 1 && nb >= 2:
		t := &a.Tokens[0]
		if len(t.Text) < 3 || len(t.Text) > 8 || !b.hasAcronym(t.Text) {
			return false
		}
		c.pairs[0] = TokenPair{A: 0, A2: 0, B: 0, B2: int8(nb - 1), Sim: acronymSim(t.Text), Level: TokInitial}
	case nb == 1 && na >= 2:
		t := &b.Tokens[0]
		if len(t.Text) < 3 || len(t.Text) > 8 || !a.hasAcronym(t.Text) {
			return false
		}
		c.pairs[0] = TokenPair{A: 0, A2: int8(na - 1), B: 0, B2: 0, Sim: acronymSim(t.Text), Level: TokInitial}
	default:
		return false
	}
	c.npairs = 1
	c.usedA, c.usedB = uint16(1)<<na-1, uint16(1)<<nb-1
	return true
}

// acronymSim: a three-letter acronym stands for many names.
func acronymSim(s string) float32 {
	if len(s) == 3 {
		return 0.8
	}
	return 0.9
}

// strict reports whether a script's romanisation is one standard spelling:
// Latin itself, and Han read in pinyin.
func strict(s Script) bool { return s == ScriptLatin || s == ScriptHan || s == ScriptUnknown }

// minPairSim is the least similarity for two parts to be aligned.
const minPairSim = 0.6

// Compare aligns the parts of two parsed names and scores the alignment.
// A name with another reading (AltTokens) is compared in each reading and
// the better comparison returned; its pair indexes hold for both readings.
// It does not allocate.
func Compare(a, b *Name) Comparison {
	c := compareReading(a, b)
	if a.alt == nil && b.alt == nil {
		return c
	}
	var ra, rb Name
	for k := 1; k < 4; k++ {
		useA, useB := k&1 != 0, k&2 != 0
		if (useA && a.alt == nil) || (useB && b.alt == nil) {
			continue
		}
		x, y := a, b
		if useA {
			ra = *a
			ra.Tokens = a.alt
			x = &ra
		}
		if useB {
			rb = *b
			rb.Tokens = b.alt
			y = &rb
		}
		if d := compareReading(x, y); d.Score > c.Score || (d.Score == c.Score && d.CoverageA+d.CoverageB > c.CoverageA+c.CoverageB) {
			c = d
			c.altA, c.altB = useA, useB
		}
	}
	return c
}

func compareReading(a, b *Name) Comparison {
	var c Comparison
	na, nb := len(a.Tokens), len(b.Tokens)
	if na > MaxTokens {
		na = MaxTokens
	}
	if nb > MaxTokens {
		nb = MaxTokens
	}
	c.nA, c.nB = int8(na), int8(nb)
	if na == 0 || nb == 0 {
		return c
	}
	kind := a.Kind
	if b.Kind != kind {
		kind = Person
	}
	if kind == Organization && acronymMatch(&c, a, b) {
		score(&c, a, b, kind)
		return c
	}
	var sim [MaxTokens][MaxTokens]float32
	var lvl [MaxTokens][MaxTokens]TokenLevel
	var art [MaxTokens][MaxTokens]bool
	for i := 0; i < na; i++ {
		for j := 0; j < nb; j++ {
			sim[i][j], lvl[i][j], art[i][j] = tokenSim(&a.Tokens[i], &b.Tokens[j], kind)
		}
	}
	// Greedy alignment in two phases: confident pairs first, then merged
	// or split parts (Van der Berg / Vanderberg, Jong Un / 정은), then weak
	// pairs among what is left.
	align(&c, a, b, &sim, &lvl, &art, na, nb, false)
	if int(c.npairs) < na && int(c.npairs) < nb {
		mergeParts(&c, a, b, false)
		mergeParts(&c, b, a, true)
	}
	align(&c, a, b, &sim, &lvl, &art, na, nb, true)
	score(&c, a, b, kind)
	return c
}

// align pairs unused tokens greedily, best first; ties prefer the same
// place in a nasab chain, then the same position. Weak pairs are taken
// only when weak is set.
func align(c *Comparison, a, b *Name, sim *[MaxTokens][MaxTokens]float32, lvl *[MaxTokens][MaxTokens]TokenLevel, art *[MaxTokens][MaxTokens]bool, na, nb int, weak bool) {
	for {
		bi, bj, best := -1, -1, float32(minPairSim)
		bestDist := 99
		for i := 0; i < na; i++ {
			if c.usedA&(1<<i) != 0 {
				continue
			}
			for j := 0; j < nb; j++ {
				if c.usedB&(1<<j) != 0 {
					continue
				}
				s := sim[i][j]
				if s < best || (!weak && lvl[i][j] == TokWeak) {
					continue
				}
				dist := i - j
				if dist < 0 {
					dist = -dist
				}
				if a.chained && b.chained && a.Tokens[i].chain != b.Tokens[j].chain {
					dist += 16
				}
				if s > best || dist < bestDist {
					bi, bj, best, bestDist = i, j, s, dist
				}
			}
		}
		if bi < 0 {
			return
		}
		c.usedA |= 1 << bi
		c.usedB |= 1 << bj
		c.pairs[c.npairs] = TokenPair{A: int8(bi), B: int8(bj), A2: int8(bi), B2: int8(bj), Sim: best, Level: lvl[bi][bj], Article: art[bi][bj]}
		c.npairs++
	}
}

// mergeParts looks for an unmatched part of x equal (within typo budget) to
// the concatenation of two or three adjacent unmatched parts of y.
func mergeParts(c *Comparison, x, y *Name, swapped bool) {
	usedX, usedY := c.usedA, c.usedB
	nx, ny := int(c.nA), int(c.nB)
	if swapped {
		usedX, usedY = c.usedB, c.usedA
		nx, ny = int(c.nB), int(c.nA)
	}
	var buf [96]byte
	for i := 0; i < nx; i++ {
		if usedX&(1<<i) != 0 || x.Tokens[i].Initial {
			continue
		}
		xt := x.Tokens[i].Text
		for j := 0; j+1 < ny; j++ {
			if usedY&(1<<j) != 0 {
				continue
			}
			n := 0
			var letters uint32
			for k := j; k < ny && k < j+3; k++ {
				if usedY&(1<<k) != 0 {
					break
				}
				t := y.Tokens[k].Text
				letters |= y.Tokens[k].letters
				if n+len(t) > len(buf) {
					break
				}
				n += copy(buf[n:], t)
				if k == j {
					continue
				}
				if n > len(xt)+2 {
					break
				}
				budget := typoBudget(len(xt))
				if x.Tokens[i].Script != y.Tokens[j].Script && len(xt) >= 4 {
					budget++
				}
				if bits.OnesCount32(letters^x.Tokens[i].letters) > 2*budget {
					continue
				}
				if d := osaDistance(xt, string(buf[:n]), budget); d <= budget {
					var mask uint16
					for m := j; m <= k; m++ {
						mask |= 1 << m
					}
					usedX |= 1 << i
					usedY |= mask
					s := 1 - 0.5*float32(d)/float32(len(xt))
					p := TokenPair{A: int8(i), A2: int8(i), B: int8(j), B2: int8(k), Sim: s * 0.97, Level: TokMerged}
					if swapped {
						p = TokenPair{A: int8(j), A2: int8(k), B: int8(i), B2: int8(i), Sim: s * 0.97, Level: TokMerged}
					}
					if int(c.npairs) < MaxTokens {
						c.pairs[c.npairs] = p
						c.npairs++
					}
					goto next
				}
			}
		}
	next:
	}
	if swapped {
		c.usedA, c.usedB = usedY, usedX
	} else {
		c.usedA, c.usedB = usedX, usedY
	}
}

func score(c *Comparison, a, b *Name, kind Kind) {
	var wa, wb, ma, mb float32
	var distinctA, distinctB, distinctMatched bool
	for i := 0; i < int(c.nA); i++ {
		wa += a.Tokens[i].Weight
		distinctA = distinctA || !a.Tokens[i].Generic
	}
	for j := 0; j < int(c.nB); j++ {
		wb += b.Tokens[j].Weight
		distinctB = distinctB || !b.Tokens[j].Generic
	}
	conflicts := 0
	worst := TokExact
	for k := 0; k < int(c.npairs); k++ {
		p := &c.pairs[k]
		s := p.Sim
		ta, tb := &a.Tokens[p.A], &b.Tokens[p.B]
		if chainConflict(a, b, ta, tb) {
			s *= 0.3
			conflicts++
			p.Conflict = true
		}
		var pwa, pwb float32
		for i := p.A; i <= p.A2; i++ {
			pwa += a.Tokens[i].Weight
			distinctMatched = distinctMatched || !a.Tokens[i].Generic
		}
		for j := p.B; j <= p.B2; j++ {
			pwb += b.Tokens[j].Weight
		}
		ma += s * pwa
		mb += s * pwb
		lv := p.Level
		if lv == TokMerged {
			lv = TokTypo
		}
		if lv > worst {
			worst = lv
		}
	}
	if conflicts > 0 {
		c.Flags |= FlagChainConflict
	}
	covA, covB := float64(ma/wa), float64(mb/wb)
	c.CoverageA, c.CoverageB = covA, covB
	short, long := covA, covB
	shortDone, longDone := c.usedA == (1<<c.nA)-1, c.usedB == (1<<c.nB)-1
	if wb < wa || (wa == wb && covB > covA) {
		short, long = covB, covA
		shortDone, longDone = longDone, shortDone
	}
	s := 0.72*short + 0.28*long
	if c.npairs == 0 {
		c.Score, c.Level = 0, LevelNone
		return
	}
	// Father and son: different generational suffixes.
	if a.Generation != GenNone && b.Generation != GenNone && a.Generation != b.Generation {
		s *= 0.6
		c.Flags |= FlagGeneration
	}
	if kind == Organization {
		if distinctA && distinctB && !distinctMatched {
			s *= 0.4
			c.Flags |= FlagNoDistinctive
		}
		// Different words in the same place on both sides (Alpha Shipping,
		// Alpha Mining) are a conflict, not a missing word.
		if unmatchedAny(c.usedA, c.nA) && unmatchedAny(c.usedB, c.nB) {
			s *= 0.85
		}
		if a.Legal != "" && b.Legal != "" && a.Legal != b.Legal && a.Legal != "CO" && b.Legal != "CO" {
			s *= 0.93
			c.Flags |= FlagLegalForm
		}
	} else {
		// A single-part name (a surname alone, a mononym) against a fuller
		// one is weak evidence however well the part matches.
		if (c.nA == 1) != (c.nB == 1) {
			c.Flags |= FlagSingleToken
			if s > 0.7 {
				s = 0.7
			}
		}
		if familyMismatch(c, a, b) {
			c.Flags |= FlagFamilyMismatch
			if s > 0.6 {
				s = 0.6
			}
		}
	}
	c.Score = s
	switch {
	case !shortDone || c.Flags&(FlagChainConflict|FlagSingleToken|FlagNoDistinctive|FlagFamilyMismatch) != 0:
		c.Level = LevelPartial
	case !longDone && worst <= TokTypo:
		// Every part of the shorter name matched, but the longer one has
		// more (a middle name, a patronymic).
		c.Level = LevelStrong
	case worst == TokExact:
		c.Level = LevelExact
	case worst == TokVariant || worst == TokPhonetic:
		c.Level = LevelVariant
	case worst == TokTypo:
		c.Level = LevelStrong
	case worst == TokWeak:
		c.Level = LevelWeak
	default:
		c.Level = LevelInitials
	}
}

// chainConflict reports whether two aligned parts stand at different
// places of their nasab chains: Muhammad bin Salman is not Salman bin
// Muhammad. Only the heads of each place (the given name, and the name
// right after each bin/ibn) are compared, so that a family name moved to
// the front (Kammoun Mehdi ben Mohamed, Mehdi ben Mohamed Kammoun) is not
// taken for a father's name.
func chainConflict(a, b *Name, ta, tb *Token) bool {
	return a.chained && b.chained && ta.head && tb.head && ta.chain != tb.chain
}

func unmatchedAny(used uint16, n int8) bool {
	return used != (uint16(1)<<n)-1
}

// familyMismatch: both names say which part is the family name (comma,
// capitals, structure) and neither family part found a partner.
func familyMismatch(c *Comparison, a, b *Name) bool {
	fa, fb := -1, -1
	for i := 0; i < int(c.nA); i++ {
		if a.Tokens[i].Role == RoleFamily && a.Tokens[i].upper {
			fa = i
		}
	}
	for j := 0; j < int(c.nB); j++ {
		if b.Tokens[j].Role == RoleFamily && b.Tokens[j].upper {
			fb = j
		}
	}
	if fa < 0 || fb < 0 {
		return false
	}
	return c.usedA&(1<<fa) == 0 && c.usedB&(1<<fb) == 0
}

// Explain renders the comparison for an analyst, e.g.
// "mohammed≈muhammad (variant), masri=elmasri (article), missing: hassan".
func (c *Comparison) Explain(a, b *Name) string {
	if c.altA && a.alt != nil {
		ra := *a
		ra.Tokens = a.alt
		a = &ra
	}
	if c.altB && b.alt != nil {
		rb := *b
		rb.Tokens = b.alt
		b = &rb
	}
	var parts []string
	for _, p := range c.Matched() {
		left := spanText(a, p.A, p.A2)
		right := spanText(b, p.B, p.B2)
		op := "≈"
		if p.Level == TokExact && !p.Article {
			op = "="
		}
		how := p.Level.String()
		if p.Article {
			how = "article"
		}
		conflict := p.Conflict
		if conflict {
			how += ", different place in the nasab chain"
		}
		if p.Level == TokExact && !p.Article && !conflict {
			parts = append(parts, left+op+right)
		} else {
			parts = append(parts, fmt.Sprintf("%s%s%s (%s)", left, op, right, how))
		}
	}
	var miss []string
	for _, i := range c.UnmatchedA() {
		miss = append(miss, a.Tokens[i].Text)
	}
	for _, j := range c.UnmatchedB() {
		miss = append(miss, b.Tokens[j].Text)
	}
	if len(miss) > 0 {
		parts = append(parts, "unmatched: "+strings.Join(miss, " "))
	}
	if c.Flags&FlagGeneration != 0 {
		parts = append(parts, "generation differs (Jr/Sr)")
	}
	if c.Flags&FlagLegalForm != 0 {
		parts = append(parts, fmt.Sprintf("legal form %s vs %s", a.Legal, b.Legal))
	} else if a.Legal != "" && a.Legal == b.Legal {
		parts = append(parts, "legal form "+a.Legal)
	}
	if c.Flags&FlagNoDistinctive != 0 {
		parts = append(parts, "only generic words match")
	}
	if c.Flags&FlagSingleToken != 0 {
		parts = append(parts, "one-part name")
	}
	if c.Flags&FlagFamilyMismatch != 0 {
		parts = append(parts, "family names differ")
	}
	if len(parts) == 0 {
		return "no parts match"
	}
	return strings.Join(parts, ", ")
}

func spanText(n *Name, i, j int8) string {
	if i == j {
		return n.Tokens[i].Text
	}
	var b strings.Builder
	for k := i; k <= j; k++ {
		if k > i {
			b.WriteByte('+')
		}
		b.WriteString(n.Tokens[k].Text)
	}
	return b.String()
}
