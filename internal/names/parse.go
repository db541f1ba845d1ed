package names

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Kind says what a name names; organisations are compared more strictly on
// their distinctive words and have legal forms instead of titles.
type Kind uint8

// Kinds of names.
const (
	Person Kind = iota + 1
	Organization
)

func (k Kind) String() string {
	switch k {
	case Person:
		return "person"
	case Organization:
		return "organization"
	}
	return "any"
}

// Role is the part a token plays in a name.
type Role uint8

// Roles. Unknown is common: only structure, commas, upper-case surnames,
// patronymic suffixes and nasab particles give roles away.
const (
	RoleUnknown Role = iota
	RoleGiven
	RoleMiddle
	RoleFamily
	RolePatronymic
	RoleParticle
)

var roleNames = [...]string{"unknown", "given", "middle", "family", "patronymic", "particle"}

func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "invalid"
}

// Prefix marks Arabic compound names whose first element changes their
// meaning: Abu Bakr ("father of") is not Abd Bakr ("servant of").
type Prefix uint8

// Compound prefixes.
const (
	PrefixNone Prefix = iota
	PrefixAbd
	PrefixAbu
	PrefixUmm
)

var prefixNames = [...]string{"", "abd", "abu", "umm"}

// Generation is a generational suffix (Jr, Sr, II, III); father and son
// share every other name part.
type Generation uint8

// Generations.
const (
	GenNone Generation = iota
	GenJunior
	GenSenior
	GenII
	GenIII
	GenIV
)

// MaxTokens is the number of name parts kept per name; longer names keep
// their first MaxTokens parts. It bounds the work of Compare.
const MaxTokens = 8

const maxGroups = 4

// Token is one name part after parsing.
type Token struct {
	Text    string // folded Latin form compared; compounds are joined ("abdrahman")
	Orig    string // as written, for explanations
	Skel    string // consonant skeleton of Text
	Skel2   string // alternate skeleton for ambiguous letters, or ""
	Role    Role
	Prefix  Prefix
	Script  Script
	Initial bool // a single letter, or a letter followed by a dot
	Article bool // carried an Arabic article (al-, el-, ash- …) that was removed
	Generic bool // an organisation filler word (bank, trading, group …)
	// Weight scales the token's contribution to coverage; 1 by default,
	// lower for particles, initials and generic words. Callers may lower it
	// for frequent values (see Name.Reweight).
	Weight  float32
	groups  [maxGroups]uint16
	letters uint32 // set of ASCII letters in Text, for cheap distance bounds
	chain   uint8  // nasab position: 0 before any bin/ibn, k after the k-th
	head    bool   // first part of its place in a nasab chain (the given name, or right after bin/ibn)
	artLen  uint8  // length of a possible attached article ("elmasri" -> 2)
	repeats uint8  // consonants the skeleton merged across a vowel (Mamadou: 1)
	upper   bool   // written in capitals among mixed-case tokens
	comma   bool   // followed by a comma in the raw text
	hyph    bool   // joined to the previous token by a hyphen

	// Guessed marks a role taken from word order alone ("John Smith":
	// first given, last family), which many sources reverse. Roles from
	// name parts, commas, capitals or patronymics are not guessed.
	Guessed bool
}

// Groups returns the variant group ids of the token (nil if none).
func (t *Token) Groups() []uint16 {
	n := 0
	for n < maxGroups && t.groups[n] != 0 {
		n++
	}
	return t.groups[:n:n]
}

// Name is a parsed name, ready for repeated comparison.
type Name struct {
	Raw        string
	Kind       Kind
	Script     Script
	Tokens     []Token
	Legal      string // canonical legal form symbol of an organisation (LLC, JSC …)
	Generation Generation
	Titles     []string // titles that were removed
	chained    bool     // had nasab particles (bin, ibn …)
	// alt is another reading of the name, part for part (the Korean
	// reading of a name in Han characters); Compare accepts either.
	alt []Token
	// acronyms of an organisation's name, "|"-separated: of all its words,
	// without "of", "the" …, without its legal form, without both.
	acronyms string
}

// AltTokens returns another reading of the name aligned part for part with
// Tokens (the Korean reading of a name written in Han characters, the
// Chinese one of a Japanese name), or nil.
func (n *Name) AltTokens() []Token { return n.alt }

// Parts is structured name input, as agencies often record it.
type Parts struct {
	Full       string // the whole name, when no parts are given
	First      string
	Middle     string
	Last       string
	Patronymic string // father's name (FtM fatherName)
}

// Western particles of family names: they weigh little and may be merged.
var particles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true,
	"du": true, "del": true, "della": true, "delle": true, "dos": true, "das": true, "do": true,
	"la": true, "le": true, "les": true, "lo": true, "ter": true, "ten": true, "te": true,
	"zu": true, "zum": true, "zur": true, "y": true, "e": true, "dem": true, "vander": true,
}

// Nasab particles: "son/daughter of". Arabic-script forms fold to bn/abn/bnt.
var nasab = map[string]bool{
	"bin": true, "ibn": true, "ben": true, "bint": true, "binti": true, "bte": true,
	"ould": true, "walad": true, "bn": true, "abn": true, "bnt": true, "ibnu": true,
	"binte": true, "bent": true, "ag": true,
}

// Separate "servant of" forms; Abdi and Abdou stand alone as given names.
var abdForms = map[string]bool{
	"abd": true, "abdul": true, "abdel": true, "abdal": true, "abdol": true, "abdoul": true,
	"abdur": true, "abdil": true,
}

// Names that begin like "servant of" but stand alone.
var abdAlone = map[string]bool{"abdou": true, "abdu": true, "abdi": true, "abdo": true, "abda": true, "abdy": true, "abbud": true, "abboud": true}

// Chained reports whether the name has a nasab chain (bin, ibn, ben …):
// the order of its parts then says who is whose son or daughter.
func (n *Name) Chained() bool { return n.chained }

// Connector reports whether a word links name parts rather than being
// one: a nasab particle (bin, ibn, ben), an Arabic article (al, el), or the
// first element of a compound (Abd, Abdul, Abu, Umm). A name reordered so
// that it begins or ends with one has been cut in the wrong place.
func Connector(word string) bool {
	w := foldToken(word)
	return nasab[w] || abdForms[w] || abuForms[w] || ummForms[w] || w == "al" || w == "el"
}

// abdTypo reports whether a Latin token is one keystroke away from a
// separate "servant of" form (Adbul, Aqbdul, Abdiul) while keeping the b
// and d side by side: such a token is a mistyped Abdul, and reading it as
// a name of its own would lose the compound (Adbul Haq is Abdul Haq).
func abdTypo(t *Token) bool {
	x := t.Text
	if t.Script != ScriptLatin || len(x) < 5 || len(x) > 7 || abdAlone[x] || abuForms[x] {
		return false
	}
	if !strings.Contains(x, "bd") && !strings.Contains(x, "db") {
		return false
	}
	for f := range abdForms {
		if len(f) >= 5 && osaDistance(x, f, 1) <= 1 {
			return true
		}
	}
	return false
}

var abuForms = map[string]bool{"abu": true, "abou": true, "abo": true, "aboo": true, "abū": true}
var ummForms = map[string]bool{"umm": true, "um": true, "oum": true, "omm": true}

// Connectors between "abd" and the divine name in fused spellings, longest
// first (Abdurrahman, Abdelkader, Abdoulaye, Abdirahman).
var abdConnectors = []string{"oul", "ul", "el", "al", "ol", "ur", "ar", "er", "ir", "us", "as", "es", "ud", "ad", "ed", "ou", "u", "a", "e", "i", "o"}

// Arabic articles. "al"/"el" stand before any letter; the assimilated
// forms only before the letter they assimilated to (ash-Shami, ad-Din).
var sunArticles = map[string]string{
	"ad": "d", "adh": "dh", "ar": "r", "as": "s", "ash": "sh", "at": "t", "ath": "th",
	"az": "z", "an": "n", "ed": "d", "er": "r", "es": "s", "esh": "sh", "et": "t", "ez": "z",
	"en": "n", "ud": "d", "ur": "r", "us": "s", "un": "n", "uz": "z", "ut": "t",
}

func isArticle(tok string, next string) bool {
	switch tok {
	case "al", "el", "ul", "il":
		return true
	}
	if c, ok := sunArticles[tok]; ok {
		return strings.HasPrefix(next, c)
	}
	return false
}

var dinForms = map[string]bool{"din": true, "deen": true, "dine": true, "ddin": true, "eddine": true, "eddin": true, "uddin": true, "addin": true, "aldin": true}
var fusedDin = []string{"uddin", "eddine", "eddin", "addin", "uddeen", "eddeen", "iddin", "aldin", "aldine"}
var allahForms = map[string]bool{"allah": true, "ullah": true, "ollah": true, "allh": true, "ulla": true, "olla": true, "alla": true}

// canonicalTokens folds raw tokens and rebuilds Arabic compounds and
// chains. lx may be nil (while the lexicon itself is loading).
func canonicalTokens(raw []rawToken, kind Kind, lx *lexicon) []Token {
	toks := make([]Token, 0, len(raw))
	ukr := false
	for _, r := range raw {
		ukr = ukr || isUkrainian(r.text)
	}
	for _, r := range raw {
		sc := DetectScript(r.text)
		txt := foldTokenLang(r.text, ukr)
		if txt == "" {
			continue
		}
		t := Token{Text: txt, Orig: r.text, Script: sc, comma: r.commaAfter, hyph: r.hyphenPrev, Weight: 1}
		t.Initial = len(txt) == 1 && sc != ScriptHan && sc != ScriptHangul
		if r.dotAfter && len(txt) == 1 {
			t.Initial = true
		}
		t.upper = isUpperWord(r.text)
		// Arabic script writes the article attached: الرحمن.
		if sc == ScriptArabic && strings.HasPrefix(txt, "al") && len(txt) >= 5 {
			t.Text = txt[2:]
			t.Article = true
		}
		toks = append(toks, t)
	}
	if kind == Organization {
		return joinInitials(toks)
	}
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		next := func(k int) *Token {
			if i+k < len(toks) {
				return &toks[i+k]
			}
			return nil
		}
		// Abd X, Abdul X, Abd al-X: one name part.
		if (abdForms[t.Text] || abdTypo(&t)) && next(1) != nil && !next(1).Initial {
			j := i + 1
			if isArticle(toks[j].Text, "") && j+1 < len(toks) {
				j++
			}
			base := toks[j].Text
			t.Text = "abd" + base
			t.Orig = joinOrig(toks[i : j+1])
			t.Prefix = PrefixAbd
			t.Article = false
			out = append(out, t)
			i = j
			continue
		}
		if (abuForms[t.Text] || ummForms[t.Text]) && next(1) != nil && !next(1).Initial && !nasab[next(1).Text] {
			j := i + 1
			if isArticle(toks[j].Text, nextText(toks, j+1)) && j+1 < len(toks) {
				j++
			}
			if abuForms[t.Text] {
				t.Prefix, t.Text = PrefixAbu, "abu"+toks[j].Text
			} else {
				t.Prefix, t.Text = PrefixUmm, "umm"+toks[j].Text
			}
			t.Orig = joinOrig(toks[i : j+1])
			t.Article = false
			out = append(out, t)
			i = j
			continue
		}
		// Separate article: attach to the next part.
		if isArticle(t.Text, nextText(toks, i+1)) && next(1) != nil {
			n := next(1)
			n.Article = true
			n.Orig = t.Orig + "-" + n.Orig
			n.head = n.head || t.head
			continue
		}
		// Nasab particle in the middle of a name.
		if nasab[t.Text] && len(out) > 0 && next(1) != nil {
			// "ben" is also a given name; treat it as a particle only where
			// a particle can stand, i.e. not first.
			for k := i + 1; k < len(toks); k++ {
				toks[k].chain++
			}
			toks[i+1].head = true
			continue
		}
		// ad-Din, ud-Din, Allah as second elements of a compound.
		if len(out) > 0 && (dinForms[t.Text] || (allahForms[t.Text] && out[len(out)-1].Prefix == PrefixNone)) && !out[len(out)-1].Initial {
			p := &out[len(out)-1]
			p.Text += t.Text
			p.Orig += " " + t.Orig
			continue
		}
		// Fused forms.
		switch {
		case strings.HasPrefix(t.Text, "abu") && len(t.Text) >= 6 && t.Script == ScriptLatin:
			t.Prefix = PrefixAbu
		case strings.HasPrefix(t.Text, "abou") && len(t.Text) >= 7:
			t.Prefix, t.Text = PrefixAbu, "abu"+t.Text[4:]
		case strings.HasPrefix(t.Text, "abd") && len(t.Text) >= 6:
			rest := t.Text[3:]
			for _, c := range abdConnectors {
				if strings.HasPrefix(rest, c) && len(rest)-len(c) >= 2 {
					rest = rest[len(c):]
					break
				}
			}
			if len(rest) >= 2 {
				t.Prefix, t.Text = PrefixAbd, "abd"+rest
			}
		}
		for _, f := range fusedDin {
			if strings.HasSuffix(t.Text, f) && len(t.Text)-len(f) >= 3 {
				t.Text = t.Text[:len(t.Text)-len(f)] + "din"
				break
			}
		}
		if t.Script == ScriptLatin && len(t.Text) >= 6 && (strings.HasPrefix(t.Text, "al") || strings.HasPrefix(t.Text, "el")) {
			t.artLen = 2
		}
		out = append(out, t)
	}
	return out
}

func nextText(toks []Token, i int) string {
	if i < len(toks) {
		return toks[i].Text
	}
	return ""
}

func joinOrig(ts []Token) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Orig)
	}
	return b.String()
}

func isUpperWord(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

var generations = map[string]Generation{
	"jr": GenJunior, "junior": GenJunior, "jnr": GenJunior, "fils": GenJunior,
	"sr": GenSenior, "senior": GenSenior, "snr": GenSenior, "pere": GenSenior,
	"ii": GenII, "2nd": GenII, "iii": GenIII, "3rd": GenIII, "iv": GenIV, "4th": GenIV,
}

var patronymicSuffixes = []string{"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ichna", "ovitch", "evitch", "owitsch", "ewitsch", "ovitsch", "ovic", "ovici", "ovics", "ovitj", "ovitx", "owicz", "ewicz", "ovič", "ovich", "avich", "ich"}

func looksPatronymic(t string) bool {
	if len(t) < 7 {
		return false
	}
	for _, s := range patronymicSuffixes {
		if strings.HasSuffix(t, s) {
			return true
		}
	}
	return false
}

// Parse analyses a full name written in any script.
func Parse(raw string, kind Kind) Name {
	return parse([]string{raw}, kind, nil, false)
}

// ParseKeepTitles is Parse without removing honorifics and titles: they
// stay ordinary name parts. A word that is a title in one record can be a
// name, or part of the name by which a person is known, in another
// (Maulana Fazlullah, Fazlullah Maulana); screening indexes both readings.
func ParseKeepTitles(raw string, kind Kind) Name {
	return parse([]string{raw}, kind, nil, true)
}

// ParseParts analyses a name recorded in parts; the roles it gives are
// trusted over heuristics.
func ParseParts(p Parts, kind Kind) Name {
	if kind == Organization || (p.First == "" && p.Middle == "" && p.Last == "" && p.Patronymic == "") {
		return Parse(p.Full, kind)
	}
	var all []string
	var roles []Role
	add := func(s string, r Role) {
		if strings.TrimSpace(s) != "" {
			all = append(all, s)
			roles = append(roles, r)
		}
	}
	add(p.First, RoleGiven)
	add(p.Middle, RoleMiddle)
	add(p.Patronymic, RolePatronymic)
	add(p.Last, RoleFamily)
	return parse(all, kind, roles, false)
}

// parse analyses a name given as one or more parts. With partRoles (one
// per part) the parts are structured input and keep their roles. Parts are
// tokenised separately rather than joined with a separator, so that no
// character of the input (NUL included) can be taken for a part boundary.
func parse(parts []string, kind Kind, partRoles []Role, keepTitles bool) Name {
	lx := getLexicon()
	n := Name{Raw: strings.Join(parts, " "), Kind: kind}
	var rawToks []rawToken
	var rawRole []Role
	var joined strings.Builder
	for i, part := range parts {
		s := norm.NFKC.String(part)
		if i > 0 {
			joined.WriteByte(' ')
		}
		joined.WriteString(s)
		for _, rt := range splitCJKRaw(splitRaw(s), kind, lx) {
			rawToks = append(rawToks, rt)
			if partRoles != nil {
				rawRole = append(rawRole, partRoles[i])
			}
		}
	}
	n.Script = DetectScript(joined.String())
	// A spaceless Hangul name is family name + given name.
	if kind == Person && len(rawToks) == 1 && DetectScript(rawToks[0].text) == ScriptHangul {
		if fam, given, ok := splitKoreanName(rawToks[0].text); ok {
			rawToks = []rawToken{{text: fam}, {text: given}}
			n.Titles = nil
			toks := []Token{
				{Text: fam, Orig: rawToks[0].text, Script: ScriptHangul, Role: RoleFamily, Weight: 1},
				{Text: given, Orig: rawToks[1].text, Script: ScriptHangul, Role: RoleGiven, Weight: 1},
			}
			n.Tokens = toks
			finishTokens(&n, lx)
			return n
		}
	}
	// Han characters: read as Chinese, Korean or Japanese.
	if kind == Person {
		if main, alt, altSpell, ok := cjkPersonTokens(rawToks, rawRole, lx); ok {
			if len(main) > MaxTokens {
				main = main[:MaxTokens]
				alt = nil
			}
			n.Tokens = main
			finishTokens(&n, lx)
			if len(alt) == len(main) {
				n.Tokens = alt
				finishTokens(&n, lx)
				for i, sp := range altSpell {
					if sp != "" {
						if sk, _ := skeletons(foldToken(sp)); sk != alt[i].Skel {
							alt[i].Skel2 = sk
						}
					}
				}
				n.alt, n.Tokens = alt, main
			}
			return n
		}
	}
	if kind == Person && !keepTitles {
		rawToks, rawRole = stripTitles(rawToks, rawRole, lx, &n)
	}
	var words []string // an organisation's words before its legal form is removed
	if kind == Organization {
		for _, rt := range rawToks {
			if w := foldToken(rt.text); w != "" {
				words = append(words, w)
			}
		}
		rawToks = stripLegal(rawToks, lx, &n)
	}
	toks := canonicalTokens(rawToks, kind, lx)
	if kind == Organization {
		n.acronyms = acronyms(words, toks)
	}
	if rawRole != nil && len(rawRole) == len(rawToks) {
		// Map roles by original text order; compounds keep the role of
		// their first element.
		j := 0
		for i := range toks {
			for j < len(rawToks) && foldToken(rawToks[j].text) == "" {
				j++
			}
			if j < len(rawRole) {
				toks[i].Role = rawRole[j]
			}
			j += 1 + strings.Count(toks[i].Orig, " ")
		}
	}
	// Generational suffix at the end (not the first token).
	for len(toks) > 1 {
		g, ok := generations[toks[len(toks)-1].Text]
		if !ok {
			break
		}
		n.Generation = g
		toks = toks[:len(toks)-1]
	}
	if len(toks) > MaxTokens {
		toks = toks[:MaxTokens]
	}
	n.Tokens = toks
	if kind == Person && partRoles == nil {
		assignRoles(&n)
	}
	finishTokens(&n, lx)
	return n
}

func stripTitles(rt []rawToken, roles []Role, lx *lexicon, n *Name) ([]rawToken, []Role) {
	folded := make([]string, len(rt))
	for i := range rt {
		folded[i] = foldToken(rt[i].text)
	}
	start := 0
	for start < len(rt) {
		matched := 0
		for k := lx.maxTitle; k >= 1; k-- {
			if start+k > len(rt) {
				continue
			}
			ti, ok := lx.title(strings.Join(folded[start:start+k], " "), rt[start].text)
			if !ok {
				continue
			}
			remain := len(rt) - start - k
			need := 1
			if ti.soft {
				need = 2
			}
			if remain >= need {
				matched = k
			}
			break
		}
		if matched == 0 {
			break
		}
		n.Titles = append(n.Titles, strings.Join(folded[start:start+matched], " "))
		start += matched
	}
	end := len(rt)
	for end-start > 1 {
		ti, ok := lx.title(folded[end-1], rt[end-1].text)
		if !ok || !ti.trailing {
			break
		}
		n.Titles = append(n.Titles, folded[end-1])
		end--
	}
	if roles != nil {
		roles = roles[start:end]
	}
	rt, folded = rt[start:end], folded[start:end]
	// Passenger titles inside the name, as booking systems append them to
	// the given names (PRIYA MRS + DESAI).
	var keepRT []rawToken
	var keepRoles []Role
	for i := range rt {
		if ti, ok := lx.title(folded[i], rt[i].text); ok && ti.anywhere && len(rt)-(i-len(keepRT)) > 2 {
			n.Titles = append(n.Titles, folded[i])
			continue
		}
		keepRT = append(keepRT, rt[i])
		if roles != nil {
			keepRoles = append(keepRoles, roles[i])
		}
	}
	if len(keepRT) == len(rt) {
		return rt, roles
	}
	if roles == nil {
		keepRoles = nil
	}
	return keepRT, keepRoles
}

func sameScript(sc Script, tok string) bool {
	ts := DetectScript(tok)
	return ts == sc || ts == ScriptUnknown
}

func stripLegal(rt []rawToken, lx *lexicon, n *Name) []rawToken {
	folded := make([]string, len(rt))
	for i := range rt {
		folded[i] = foldToken(rt[i].text)
	}
	out := rt[:0:0]
	for i := 0; i < len(rt); {
		matched := 0
		for k := lx.maxLegal; k >= 1; k-- {
			if i+k > len(rt) {
				continue
			}
			if sym, ok := lx.legal[strings.Join(folded[i:i+k], " ")]; ok {
				// Keep a form that is the whole name, or whose removal
				// would leave nothing distinctive.
				if len(rt)-k < 1 {
					continue
				}
				if n.Legal == "" || n.Legal == "CO" {
					n.Legal = sym
				}
				matched = k
				break
			}
		}
		if matched > 0 {
			i += matched
			continue
		}
		out = append(out, rt[i])
		i++
	}
	return out
}

// assignRoles tags name parts from the conventions of unstructured names.
func assignRoles(n *Name) {
	toks := n.Tokens
	if len(toks) == 0 {
		return
	}
	for i := range toks {
		t := &toks[i]
		if particles[t.Text] && len(toks) > 1 && i < len(toks)-1 {
			t.Role = RoleParticle
		}
		if t.chain > 0 {
			t.Role = RolePatronymic
			n.chained = true
		}
	}
	if n.chained {
		toks[0].head = true
		if toks[0].Role == RoleUnknown {
			toks[0].Role = RoleGiven
		}
		return
	}
	if len(toks) == 1 {
		return
	}
	for i := range toks {
		if toks[i].Role == RoleUnknown && looksPatronymic(toks[i].Text) && len(toks) >= 3 && i > 0 {
			toks[i].Role = RolePatronymic
		}
	}
	// "LAST, First": everything before the first comma is the family name.
	for i := 0; i < len(toks)-1; i++ {
		if toks[i].comma {
			for k := 0; k <= i; k++ {
				if toks[k].Role == RoleUnknown {
					toks[k].Role = RoleFamily
				}
			}
			setGiven(toks[i+1:])
			return
		}
	}
	// Upper-case surname among mixed case: "PUTIN Vladimir", "Vladimir PUTIN".
	upper, lower := 0, 0
	for _, t := range toks {
		if t.Script == ScriptLatin || t.Script == ScriptCyrillic || t.Script == ScriptGreek {
			if t.upper {
				upper++
			} else if !t.Initial {
				lower++
			}
		}
	}
	if upper > 0 && lower > 0 {
		var rest []int
		for i := range toks {
			if toks[i].upper && toks[i].Role == RoleUnknown {
				toks[i].Role = RoleFamily
			} else {
				rest = append(rest, i)
			}
		}
		for k, i := range rest {
			if toks[i].Role == RoleUnknown {
				if k == 0 {
					toks[i].Role = RoleGiven
				} else {
					toks[i].Role = RoleMiddle
				}
			}
		}
		return
	}
	// Russian order "Family Given Patronymic" when the patronymic is last.
	last := len(toks) - 1
	if len(toks) >= 3 && toks[last].Role == RolePatronymic {
		toks[0].Role = RoleFamily
		setGiven(toks[1:last])
		return
	}
	for i := range toks {
		if toks[i].Role == RoleUnknown {
			toks[i].Guessed = true
		}
	}
	setGiven(toks[:last])
	if toks[last].Role == RoleUnknown {
		toks[last].Role = RoleFamily
	}
}

func setGiven(ts []Token) {
	first := true
	for i := range ts {
		if ts[i].Role != RoleUnknown {
			continue
		}
		if first {
			ts[i].Role = RoleGiven
			first = false
		} else {
			ts[i].Role = RoleMiddle
		}
	}
}

// finishTokens computes skeletons, variant groups and weights.
func finishTokens(n *Name, lx *lexicon) {
	for i := range n.Tokens {
		t := &n.Tokens[i]
		t.Skel, t.Skel2 = skeletons(t.Text)
		t.letters = letterSet(t.Text)
		t.repeats = uint8(min(skeletonRepeats(t.Text), 255))
		if t.Script == ScriptHebrew && t.Prefix == PrefixNone && !t.Article {
			alt := foldToken(translitHebrewAlt(t.Orig))
			if a, _ := skeletons(alt); a != t.Skel {
				t.Skel2 = a
			}
		}
		// Thai จ is ch in RTGS and j in many personal names (Jaidee).
		if t.Script == ScriptThai && strings.Contains(t.Text, "ch") {
			if a, _ := skeletons(strings.ReplaceAll(t.Text, "ch", "j")); a != t.Skel {
				t.Skel2 = a
			}
		}
		// Arabic ج stands for a foreign g as well (Egyptian Gamal).
		if t.Script == ScriptArabic && t.Skel2 == "" && strings.Contains(t.Text, "j") {
			if a, _ := skeletons(strings.ReplaceAll(t.Text, "j", "g")); a != t.Skel {
				t.Skel2 = a
			}
		}
		if gs, ok := lx.groups[t.Text]; ok {
			copy(t.groups[:], gs)
		}
		switch {
		case t.Initial:
			t.Weight = 0.5
		case t.Role == RoleParticle:
			t.Weight = 0.3
		case n.Kind == Organization && lx.orgTerms[t.Text]:
			t.Generic = true
			t.Weight = 0.35
			// Generic words compare in the singular (Technologies,
			// Technology; Holdings, Holding).
			if st := singular(t.Text); st != t.Text {
				t.Text = st
				t.Skel, t.Skel2 = skeletons(st)
				t.letters = letterSet(st)
			}
		}
		if n.Kind == Organization && t.Initial {
			t.Weight = 0.5
		}
	}
}

// joinInitials joins runs of single letters in an organisation's name
// (I.R.I.S.L., B N P Paribas) into one word, as they are usually written.
func joinInitials(toks []Token) []Token {
	out := toks[:0]
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && len(toks[j].Text) == 1 && toks[j].Script == ScriptLatin {
			j++
		}
		if j-i >= 2 {
			t := toks[i]
			var b strings.Builder
			for k := i; k < j; k++ {
				b.WriteString(toks[k].Text)
			}
			t.Text, t.Initial = b.String(), false
			out = append(out, t)
			i = j
			continue
		}
		out = append(out, toks[i])
		i++
	}
	return out
}

// Words left out of acronyms.
var acronymStop = map[string]bool{
	"of": true, "the": true, "and": true, "for": true, "de": true, "del": true, "la": true, "le": true,
	"des": true, "du": true, "y": true, "et": true, "und": true, "da": true, "do": true, "dos": true,
	"das": true, "di": true, "e": true, "i": true, "a": true, "an": true, "at": true, "on": true, "in": true,
}

// acronyms lists the acronyms an organisation may go by, from its words
// with and without its legal form and its small words (National Iranian Oil
// Company: NIOC; Islamic Republic of Iran Shipping Lines: IRISL; Petróleos
// de Venezuela S.A.: PDVSA).
func acronyms(words []string, toks []Token) string {
	if len(words) < 2 {
		return ""
	}
	var rest []string
	for _, t := range toks {
		rest = append(rest, t.Text)
	}
	var out []string
	add := func(ws []string, skipStop bool) {
		var b strings.Builder
		for _, w := range ws {
			if skipStop && acronymStop[w] {
				continue
			}
			c := w[0]
			if c < 'a' || c > 'z' {
				continue
			}
			b.WriteByte(c)
		}
		if a := b.String(); len(a) >= 3 {
			for _, o := range out {
				if o == a {
					return
				}
			}
			out = append(out, a)
		}
	}
	add(words, false)
	add(words, true)
	add(rest, false)
	add(rest, true)
	return strings.Join(out, "|")
}

// hasAcronym reports whether s is one of an organisation's acronyms.
func (n *Name) hasAcronym(s string) bool {
	for a := n.acronyms; a != ""; {
		var x string
		x, a, _ = strings.Cut(a, "|")
		if x == s {
			return true
		}
	}
	return false
}

// singular strips an English plural ending.
func singular(s string) string {
	switch {
	case len(s) > 4 && strings.HasSuffix(s, "ies"):
		return s[:len(s)-3] + "y"
	case len(s) > 4 && strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss") && !strings.HasSuffix(s, "us"):
		return s[:len(s)-1]
	}
	return s
}

func letterSet(s string) uint32 {
	var m uint32
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			m |= 1 << (c - 'a')
		}
	}
	return m
}

func translitHebrewAlt(s string) string { return translitHebrew(s, true) }

// Reweight sets each token's weight to w(token) times its structural
// weight (particles, initials and generic words keep their discount). Use
// it with corpus token frequencies so that common names count for less.
func (n *Name) Reweight(w func(t *Token) float64) {
	lx := getLexicon()
	for i := range n.Tokens {
		t := &n.Tokens[i]
		base := float32(1)
		switch {
		case t.Initial:
			base = 0.5
		case t.Role == RoleParticle:
			base = 0.3
		case t.Generic:
			base = 0.35
		}
		_ = lx
		t.Weight = base * float32(w(t))
	}
}

// TokenKey is the key under which a token's frequency should be counted:
// its first variant group if it has one (so Mohammed and Muhammad count
// together), else its skeleton, else its text.
func TokenKey(t *Token) string { return string(AppendTokenKey(nil, t)) }

// AppendTokenKey appends TokenKey(t) to dst. Looking a key up in a map as
// m[string(AppendTokenKey(buf[:0], t))] does not allocate, which matters
// for callers that look one up for every compared pair.
func AppendTokenKey(dst []byte, t *Token) []byte {
	if t.groups[0] != 0 {
		return append(append(dst, "g:"...), getLexicon().groupNames[t.groups[0]]...)
	}
	if t.Skel != "" {
		return append(append(dst, "s:"...), t.Skel...)
	}
	return append(append(dst, "t:"...), t.Text...)
}

// Keys returns blocking keys for an inverted index: per part its phonetic
// skeletons and variant groups, and a fingerprint of the sorted parts.
// Initials, particles and (for organisations) generic words give no keys
// unless nothing else does.
func Keys(n *Name) []string {
	lx := getLexicon()
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	texts := make([]string, 0, len(n.Tokens))
	toks := n.Tokens
	if len(n.alt) > 0 {
		toks = append(append(make([]Token, 0, 2*len(n.Tokens)), n.Tokens...), n.alt...)
	}
	for pass := 0; pass < 2 && len(out) == 0; pass++ {
		for i := range toks {
			t := &toks[i]
			if pass == 0 && (t.Initial || t.Role == RoleParticle || t.Generic) {
				continue
			}
			if len(t.Skel) >= 2 || (t.Skel != "" && len(t.Text) <= 3) {
				add("s:" + prefixNames[t.Prefix] + t.Skel)
			}
			if t.Skel2 != "" {
				add("s:" + prefixNames[t.Prefix] + t.Skel2)
			}
			for _, g := range t.Groups() {
				add("g:" + lx.groupNames[g])
			}
			if t.Skel == "" {
				add("t:" + t.Text)
			}
		}
	}
	for _, t := range n.Tokens {
		texts = append(texts, t.Text)
	}
	if len(texts) > 0 {
		sort.Strings(texts)
		add("f:" + strings.Join(texts, " "))
	}
	return out
}

// Touch reads the parts of a name that Compare reads first and returns a
// value that depends on them. A caller about to compare one name with many
// others scattered over a large heap touches them all first: the loads are
// independent, so the processor overlaps their cache misses, where inside
// Compare each miss stalls the comparison that needs it.
func Touch(n *Name) int {
	t := len(n.Tokens)
	for i := range n.Tokens {
		if s := n.Tokens[i].Text; len(s) > 0 {
			t += int(s[0])
		}
	}
	return t
}
