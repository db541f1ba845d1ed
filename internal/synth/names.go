package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// variant is one written form of a name part, with its folded and
// travel-document renderings computed once.
type variant struct {
	s     string // as written, diacritics kept
	ascii string // diacritics folded
	up    string // travel document (MRZ) style
}

func mkVariant(s string) variant { return variant{s: s, ascii: fold(s), up: mrz(s)} }

// namePart is one given name, family name or place with all the ways it is
// written.
type namePart struct {
	native    string    // own script ("" for Latin-script cultures)
	nativeAlt string    // Russian form of a Ukrainian name, in Cyrillic
	latin     []variant // romanisations, most common first (Cyrillic: conventional extras)
	informal  []variant // nicknames and short forms
	cyr       []variant // Cyrillic only: one per transliteration scheme of the culture
	cyrAlt    []variant // Russian form through the Russian schemes
	particle  string    // Dutch/Flemish tussenvoegsel ("van der")
	article   bool      // Arabic al-
	fem       *namePart // female form of a surname
}

var (
	schemesRU = []*cyrScheme{schemeICAO, schemeOldRU, schemeBGN, schemeDE, schemeFR}
	schemesUA = []*cyrScheme{schemeUA, schemeUAOld, schemeUADE, schemeUAFR}
	// docSchemeW: which schemes passport offices use (the first two only).
	docSchemeW = newWeights(0.55, 0.45)
	// anySchemeW: what everyone else writes.
	anySchemeW = newWeights(0.35, 0.3, 0.15, 0.1, 0.1)
)

// parsePart reads one pool entry (see names_data.go for the syntax).
func parsePart(entry string, sc script) *namePart {
	np := &namePart{}
	if strings.HasPrefix(entry, "*") {
		np.article = true
		entry = entry[1:]
	}
	rest := entry
	if sc != scriptLatin {
		native := entry
		rest = ""
		if i := strings.IndexByte(entry, '='); i >= 0 {
			native, rest = entry[:i], entry[i+1:]
		}
		if i := strings.IndexByte(native, '/'); i >= 0 {
			native, np.nativeAlt = native[:i], native[i+1:]
		}
		np.native = native
	}
	for _, v := range splitNonEmpty(rest, '|') {
		if strings.HasPrefix(v, "~") {
			np.informal = append(np.informal, mkVariant(v[1:]))
			continue
		}
		if i := strings.IndexByte(v, '+'); i >= 0 {
			if np.particle == "" {
				np.particle = v[:i]
			}
			v = v[i+1:]
		}
		np.latin = append(np.latin, mkVariant(v))
	}
	switch sc {
	case scriptCyrillicRU:
		np.cyr = cyrVariants(np.native, schemesRU)
	case scriptCyrillicUA:
		np.cyr = cyrVariants(np.native, schemesUA)
		if np.nativeAlt != "" {
			np.cyrAlt = cyrVariants(np.nativeAlt, schemesRU)
		}
	case scriptArabic:
		if len(np.latin) == 0 {
			panic("synth: Arabic-script entry without romanisation: " + entry)
		}
	}
	if np.cyr == nil && len(np.latin) == 0 {
		panic("synth: empty name entry " + entry)
	}
	return np
}

func cyrVariants(native string, schemes []*cyrScheme) []variant {
	out := make([]variant, len(schemes))
	for i, s := range schemes {
		out[i] = mkVariant(translit(native, s))
	}
	return out
}

// culture is a parsed cultureSpec.
type culture struct {
	cultureSpec
	idx                  int
	male, female, family []*namePart
	maleW, femaleW, famW weights
	natIdx               []int
	natW                 weights
	homeIdx              int
	titleList            []string
	// patronymic forms by the father's male given-name index
	patrM, patrF []*namePart
}

var cultures []*culture
var cultureW weights

// docVariantW: how likely a person's own (document) spelling is the first,
// second, … romanisation of a name.
var docVariantW [16]weights

func initCultures() {
	for n := 1; n < len(docVariantW); n++ {
		ws := []float64{0.55, 0.22, 0.1, 0.06, 0.03, 0.02, 0.01, 0.01}
		if n < len(ws) {
			ws = ws[:n]
		}
		for len(ws) < n {
			ws = append(ws, 0.005)
		}
		docVariantW[n] = newWeights(ws...)
	}
	ws := make([]float64, len(cultureSpecs))
	for i, spec := range cultureSpecs {
		c := &culture{cultureSpec: spec, idx: i}
		c.male = parsePool(spec.male, spec.script)
		c.female = parsePool(spec.female, spec.script)
		c.family = parsePool(spec.family, spec.script)
		c.maleW = zipf(len(c.male), 0.9)
		c.femaleW = zipf(len(c.female), 0.9)
		c.famW = zipf(len(c.family), 0.85)
		var nw []float64
		for _, f := range strings.Fields(spec.nats) {
			code, w, _ := strings.Cut(f, ":")
			c.natIdx = append(c.natIdx, mustCountry(code))
			nw = append(nw, atof(w))
		}
		c.natW = newWeights(nw...)
		c.homeIdx = mustCountry(spec.home)
		c.titleList = splitNonEmpty(spec.titles, '|')
		if spec.femSurname {
			for _, f := range c.family {
				f.fem = femSurname(f, spec.script)
			}
		}
		switch spec.father {
		case fatherPatronymicRU, fatherPatronymicUA:
			for _, m := range c.male {
				pm, pf := patronymic(m.native, spec.father == fatherPatronymicUA)
				c.patrM = append(c.patrM, parsePart(pm, spec.script))
				c.patrF = append(c.patrF, parsePart(pf, spec.script))
			}
		}
		cultures = append(cultures, c)
		ws[i] = spec.weight
	}
	cultureW = newWeights(ws...)
}

func parsePool(s string, sc script) []*namePart {
	var out []*namePart
	for _, e := range splitNonEmpty(s, ';') {
		out = append(out, parsePart(e, sc))
	}
	return out
}

func atof(s string) float64 {
	v := 0.0
	for _, c := range s {
		v = v*10 + float64(c-'0')
	}
	return v
}

// femSurname derives the female form: Иванов → Иванова, Ковальський →
// Ковальська, Kowalski → Kowalska. Invariant surnames (Шевченко, Nowak)
// return the same part.
func femSurname(m *namePart, sc script) *namePart {
	if sc == scriptLatin {
		changed := false
		f := &namePart{particle: m.particle, informal: m.informal}
		for _, v := range m.latin {
			s := v.s
			for _, e := range [][2]string{{"dzki", "dzka"}, {"cki", "cka"}, {"ski", "ska"}} {
				if strings.HasSuffix(s, e[0]) {
					s = strings.TrimSuffix(s, e[0]) + e[1]
					changed = true
					break
				}
			}
			f.latin = append(f.latin, mkVariant(s))
		}
		if !changed {
			return m
		}
		return f
	}
	fn, ok := femCyr(m.native)
	if !ok {
		return m
	}
	entry := fn
	if m.nativeAlt != "" {
		if fa, ok := femCyr(m.nativeAlt); ok {
			entry += "/" + fa
		}
	}
	return parsePart(entry, sc)
}

func femCyr(s string) (string, bool) {
	for _, e := range [][2]string{{"ський", "ська"}, {"цький", "цька"}, {"ский", "ская"}, {"цкий", "цкая"}, {"ой", "ая"}} {
		if strings.HasSuffix(s, e[0]) {
			return strings.TrimSuffix(s, e[0]) + e[1], true
		}
	}
	for _, e := range []string{"ов", "ев", "ёв", "ин", "ын"} {
		if strings.HasSuffix(s, e) {
			return s + "а", true
		}
	}
	return s, false
}

// patronymic builds the male and female patronymic from a father's given
// name, with the irregular forms that matter for the names in the pools.
func patronymic(father string, ukrainian bool) (string, string) {
	if ukrainian {
		switch father {
		case "Микола":
			return "Миколайович", "Миколаївна"
		}
		switch {
		case strings.HasSuffix(father, "й"):
			stem := strings.TrimSuffix(father, "й")
			return father + "ович", stem + "ївна"
		case strings.HasSuffix(father, "ь"):
			stem := strings.TrimSuffix(father, "ь")
			return father + "ович", stem + "івна"
		case strings.HasSuffix(father, "о"):
			stem := strings.TrimSuffix(father, "о")
			return stem + "ович", stem + "івна"
		}
		return father + "ович", father + "івна"
	}
	switch father {
	case "Михаил":
		return "Михайлович", "Михайловна"
	case "Павел":
		return "Павлович", "Павловна"
	case "Пётр":
		return "Петрович", "Петровна"
	case "Илья":
		return "Ильич", "Ильинична"
	}
	switch {
	case strings.HasSuffix(father, "й"), strings.HasSuffix(father, "ь"):
		stem := father[:len(father)-len("й")]
		return stem + "евич", stem + "евна"
	case strings.HasSuffix(father, "а"):
		stem := strings.TrimSuffix(father, "а")
		return stem + "ич", stem + "ична"
	}
	return father + "ович", father + "овна"
}

// Slots name the independent spelling preferences of one person.
const (
	slotGiven uint64 = iota + 1
	slotMiddle
	slotFather
	slotFamily
	slotFamily2
	slotScheme
	slotArticle
	slotConnector
	slotFatherInDoc
	slotRussianDoc
)

// prefU is a per-person uniform number for a slot: the same person always
// gets the same document spelling, whichever source writes it.
func prefU(prefs uint32, slot uint64) float64 {
	return float64(mix64(uint64(prefs)<<8|slot)>>11) / (1 << 53)
}

// style is how a source writes names.
type style struct {
	native   bool    // in the culture's own script where it has one
	alt      float64 // chance a part is spelt other than the person's document spelling
	informal float64 // chance of a nickname where the name has one
	middle   float64 // chance the middle name is included
	father   float64 // chance father's name / patronymic is included
	// fatherAsGiven: passports of Arab states print the father's name as a
	// second given name ("MOHAMED AHMED").
	fatherAsGiven bool
	// initials: chance a middle name is cut to its initial ("William J. Smith");
	// documents never do this.
	initials float64
}

// rname is one rendering of a person's name.
type rname struct {
	given    string // given name(s), with the middle name when included
	father   string // "bin Ahmed", "Sergeyevich", or ""
	family   string // surname(s) with particle or article
	particle string // Dutch particle, also contained in family
	base     string // family without the particle
	cult     *culture
}

// full is "given [father] family" in the culture's usual order.
func (n *rname) full() string {
	return join3(n.given, n.father, n.family)
}

func join3(a, b, c string) string {
	var sb strings.Builder
	sb.Grow(len(a) + len(b) + len(c) + 2)
	for _, s := range [3]string{a, b, c} {
		if s == "" {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(s)
	}
	return sb.String()
}

// chooseLatin picks a romanisation: the person's own most of the time.
func chooseLatin(np *namePart, prefs uint32, slot uint64, alt float64, r *rng) variant {
	n := len(np.latin)
	if n == 1 {
		return np.latin[0]
	}
	if alt > 0 && r.chance(alt) {
		return np.latin[r.intn(n)]
	}
	if n >= len(docVariantW) {
		n = len(docVariantW) - 1
	}
	return np.latin[docVariantW[n].at(prefU(prefs, slot))]
}

// renderName writes person p's name the way style st says, drawing noise
// from r. It never reads anything but the person's name fields and prefs.
func renderName(p *person, st *style, r *rng) rname {
	c := cultures[p.culture]
	out := rname{cult: c}
	fem := p.gender == 1
	givenPool := c.male
	if fem {
		givenPool = c.female
	}
	native := st.native && c.script != scriptLatin
	// One Cyrillic scheme per record: a clerk does not switch systems mid-name.
	scheme := 0
	russianForm := false
	if c.script == scriptCyrillicRU || c.script == scriptCyrillicUA {
		if st.alt > 0 && r.chance(st.alt) {
			scheme = anySchemeW.pick(r)
		} else {
			scheme = docSchemeW.at(prefU(p.prefs, slotScheme))
		}
		if c.script == scriptCyrillicUA {
			if scheme >= len(schemesUA) {
				scheme = len(schemesUA) - 1
			}
			// Some Ukrainians hold documents with Russian name forms.
			russianForm = prefU(p.prefs, slotRussianDoc) < 0.12 || (st.alt > 0 && r.chance(st.alt*0.3))
		}
	}
	part := func(np *namePart, slot uint64, nickOK bool) string {
		if native {
			if c.script == scriptCyrillicUA && np.nativeAlt != "" && russianForm && r.chance(0.5) {
				return np.nativeAlt
			}
			return np.native
		}
		if nickOK && len(np.informal) > 0 && st.informal > 0 && r.chance(st.informal) {
			return np.informal[r.intn(len(np.informal))].s
		}
		if np.cyr != nil {
			if len(np.latin) > 0 && st.alt > 0 && r.chance(st.alt*0.5) {
				return np.latin[r.intn(len(np.latin))].s
			}
			if russianForm && np.cyrAlt != nil {
				s := scheme
				if s > 2 {
					s = 1
				}
				return np.cyrAlt[s].s
			}
			return np.cyr[scheme].s
		}
		return chooseLatin(np, p.prefs, slot, st.alt, r).s
	}

	given := part(givenPool[p.given], slotGiven, true)
	if p.middle != noName && r.chance(st.middle) {
		mid := part(givenPool[p.middle], slotMiddle, false)
		if !native && st.initials > 0 && r.chance(st.initials) {
			// An initial: "William J. Smith".
			rr, _ := utf8.DecodeRuneInString(mid)
			mid = string(rr) + "."
		}
		given += " " + mid
	}
	// Father's name or patronymic.
	if p.father != noName {
		switch c.father {
		case fatherArabic:
			fname := part(c.male[p.father], slotFather, false)
			if st.fatherAsGiven && prefU(p.prefs, slotFatherInDoc) < 0.6 {
				given += " " + fname
			} else if r.chance(st.father) {
				if native {
					if r.chance(0.5) {
						out.father = "بن " + fname
					} else {
						out.father = fname
					}
				} else {
					conn := [...]string{"", "bin", "ibn", "ben", "Ben"}[r.intn(5)]
					if prefU(p.prefs, slotConnector) < 0.4 && r.chance(0.7) {
						conn = ""
					}
					out.father = strings.TrimSpace(conn + " " + fname)
				}
			}
		case fatherPatronymicRU, fatherPatronymicUA:
			if r.chance(st.father) {
				pool := c.patrM
				if fem {
					pool = c.patrF
				}
				out.father = part(pool[p.father], slotFather, false)
			}
		}
	}
	// Family name(s).
	famPart := c.family[p.family]
	if fem && famPart.fem != nil {
		famPart = famPart.fem
	}
	fam := part(famPart, slotFamily, false)
	if famPart.article {
		if !native {
			fam = arabicArticle(fam, p.prefs, st.alt, r)
		}
	}
	out.base = fam
	if famPart.particle != "" && !native {
		out.particle = famPart.particle
		fam = famPart.particle + " " + fam
	}
	if c.twoSurnames && p.family2 != noName {
		second := part(c.family[p.family2], slotFamily2, false)
		switch {
		case st.alt > 0 && r.chance(st.alt*0.5):
			// Foreign clerks often keep only the first surname.
		case st.alt > 0 && r.chance(0.1):
			fam += "-" + second
			out.base += "-" + second
		default:
			fam += " " + second
			out.base += " " + second
		}
	}
	out.given = given
	out.family = fam
	return out
}

// arabicArticle adds al-/el- back to a surname root, the way this person's
// documents do, or (for other sources) any of the usual ways.
func arabicArticle(root string, prefs uint32, alt float64, r *rng) string {
	forms := [...]string{"al-", "Al-", "Al ", "el-", "El ", "El", "Al", ""}
	i := docArticleW.at(prefU(prefs, slotArticle))
	if alt > 0 && r.chance(alt) {
		i = r.intn(len(forms))
	}
	f := forms[i]
	switch f {
	case "":
		return root
	case "El", "Al":
		return f + strings.ToLower(root[:1]) + root[1:]
	}
	// Sun letters assimilate the l: ash-Shami, at-Tamimi, an-Najjar.
	if (f == "al-" || f == "Al-") && alt > 0 && r.chance(0.3) {
		for _, sun := range []string{"Sh", "Th", "Dh", "T", "D", "R", "Z", "S", "N"} {
			if strings.HasPrefix(root, sun) {
				return f[:1] + strings.ToLower(sun) + "-" + root
			}
		}
	}
	return f + root
}

var docArticleW = newWeights(0.3, 0.2, 0.12, 0.12, 0.12, 0.06, 0.04, 0.04)

// noName marks an absent optional name part.
const noName = 0xFFFF

// typo makes one plausible keying error: a substitution by a neighbouring
// key or similar letter, a dropped or doubled letter, or two swapped letters.
func typo(s string, r *rng) string {
	rs := []rune(s)
	// Only letters are edited, never the first one: typos rarely hit it.
	var pos []int
	for i, c := range rs {
		if i > 0 && unicode.IsLetter(c) {
			pos = append(pos, i)
		}
	}
	if len(pos) < 2 {
		return s
	}
	i := pos[r.intn(len(pos))]
	switch r.intn(4) {
	case 0: // substitution
		rs[i] = similar(rs[i], r)
	case 1: // deletion
		rs = append(rs[:i], rs[i+1:]...)
	case 2: // doubling
		rs = append(rs[:i+1], rs[i:]...)
	default: // transposition with the next letter
		if i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
			rs[i], rs[i+1] = rs[i+1], rs[i]
		} else {
			rs[i] = similar(rs[i], r)
		}
	}
	return string(rs)
}

// neighbours are keyboard-adjacent or sound-alike letters.
var neighbours = map[rune]string{
	'a': "sqeo", 'b': "vnp", 'c': "xvks", 'd': "sft", 'e': "wria", 'f': "dgv", 'g': "fhk",
	'h': "gjk", 'i': "uoey", 'j': "hky", 'k': "jlc", 'l': "kio", 'm': "nb", 'n': "mb",
	'o': "ipua", 'p': "ob", 'q': "wak", 'r': "etl", 's': "adz", 't': "ryd", 'u': "yio",
	'v': "cbf", 'w': "qev", 'x': "zcs", 'y': "tui", 'z': "xs",
}

func similar(c rune, r *rng) rune {
	lower := unicode.ToLower(c)
	opts, ok := neighbours[lower]
	if !ok {
		if unicode.Is(unicode.Cyrillic, c) {
			cyr := []rune("аеиоуынтсрвлкм")
			return matchCase(cyr[r.intn(len(cyr))], c)
		}
		return c
	}
	rs := []rune(opts)
	return matchCase(rs[r.intn(len(rs))], c)
}

func matchCase(n, like rune) rune {
	if unicode.IsUpper(like) {
		return unicode.ToUpper(n)
	}
	return n
}
