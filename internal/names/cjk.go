package names

import (
	"strings"
	"unicode/utf8"
)

// Names written in Han characters.
//
// A Chinese name is read in pinyin, family name first and the given name as
// one word (习近平: xi jinping); compound family names (欧阳, 司马) are
// kept together, and characters read otherwise as surnames use that reading
// (曾 zeng, 朴 piao). The same characters in a Korean name are read as
// Korean (金正恩: kim jeongeun), so a Chinese-looking name also carries a
// Korean reading as its alternate (Name.AltTokens); Compare accepts
// either. A name that begins with a common Japanese family name written in
// kanji (山田, 鈴木) is read as Japanese from a table of common family and
// given names (data/ja_names.txt), with pinyin as its alternate. Readings
// of single characters come from data/han.txt; a character it lacks leaves
// its token unread.

type hanChar struct {
	pinyin, hangul, surname string
}

type jaName struct {
	romaji  string
	surname bool
}

// hanPinyin reads a run of Han characters in pinyin, "" if one of them has
// no reading. 々 repeats the previous character.
func hanPinyin(s string) string {
	h := getHan()
	var b strings.Builder
	prev := ""
	for _, r := range s {
		if r == '々' && prev != "" {
			b.WriteString(prev)
			continue
		}
		c, ok := h.chars[r]
		if !ok {
			return ""
		}
		b.WriteString(c.pinyin)
		prev = c.pinyin
	}
	return b.String()
}

// hanSurnamePinyin reads a family name: the surname reading where a
// character has one.
func hanSurnamePinyin(s string) string {
	if utf8.RuneCountInString(s) == 1 {
		r, _ := utf8.DecodeRuneInString(s)
		if c, ok := getHan().chars[r]; ok && c.surname != "" {
			return c.surname
		}
	}
	return hanPinyin(s)
}

// hanKorean reads a run of Han characters as Korean syllables in Hangul,
// "" if one of them has no Korean reading.
func hanKorean(s string) string {
	h := getHan()
	var b strings.Builder
	for _, r := range s {
		c, ok := h.chars[r]
		if !ok || c.hangul == "" {
			return ""
		}
		b.WriteString(c.hangul)
	}
	return b.String()
}

// koreanSurname romanises a one-syllable Korean family name as it is
// customarily written, with the North Korean reading (initial r) as the
// alternate when South Korea drops it (리 Ri, 이 Lee).
func koreanSurname(syl string) (text, alt string) {
	rs := []rune(syl)
	if len(rs) != 1 || rs[0] < 0xAC00 || rs[0] > 0xD7A3 {
		return translitHangul(syl), ""
	}
	r := rs[0]
	s := int(r - 0xAC00)
	initial, medial := s/588, (s%588)/28
	if initial == 5 { // ㄹ: South Korea reads it ㅇ before i and y, else ㄴ
		var b strings.Builder
		hangulSyllable(r, &b)
		alt = b.String()
		switch medial {
		case 2, 3, 6, 7, 12, 17, 20: // ya yae yeo ye yo yu i
			initial = 11
		default:
			initial = 2
		}
		r = rune(0xAC00 + initial*588 + medial*28 + s%28)
	}
	if t, ok := hangulSurname[r]; ok {
		return t, alt
	}
	var b strings.Builder
	hangulSyllable(r, &b)
	return b.String(), alt
}

// koreanFamily reports whether a Hangul syllable is a common Korean family
// name (in either reading of an initial r: 리 or 이).
func koreanFamily(syl string) bool {
	if syl == "" {
		return false
	}
	t, _ := koreanSurname(syl)
	for _, v := range hangulSurname {
		if v == t {
			return true
		}
	}
	return false
}

// isCJK reports whether a token is written in Han characters or kana.
func isCJK(s string) bool {
	sc := DetectScript(s)
	return sc == ScriptHan || sc == ScriptKana
}

// splitScripts cuts a token where it passes between Han, kana and other
// letters (株式会社ホシノ: 株式会社, ホシノ), since CJK text is written
// without spaces between words.
func splitScripts(s string) []string {
	var out []string
	start := 0
	prev := ScriptUnknown
	for i, r := range s {
		sc := RuneScript(r)
		if sc == ScriptUnknown {
			continue
		}
		if prev != ScriptUnknown && sc != prev && (sc == ScriptHan || sc == ScriptKana || prev == ScriptHan || prev == ScriptKana) {
			out = append(out, s[start:i])
			start = i
		}
		prev = sc
	}
	return append(out, s[start:])
}

// splitCJKRaw splits raw tokens at script changes between CJK and other
// letters, and organisation names in Han characters into the words the
// lexicon knows (legal forms, generic words) and the runs between them.
func splitCJKRaw(raw []rawToken, kind Kind, lx *lexicon) []rawToken {
	need := false
	for _, r := range raw {
		if isCJK(r.text) || strings.ContainsFunc(r.text, func(c rune) bool { sc := RuneScript(c); return sc == ScriptHan || sc == ScriptKana }) {
			need = true
			break
		}
	}
	if !need {
		return raw
	}
	out := make([]rawToken, 0, len(raw)+2)
	for _, r := range raw {
		parts := splitScripts(r.text)
		for pi, p := range parts {
			t := r
			t.text = p
			if pi > 0 {
				t.hyphenPrev = false
			}
			if pi < len(parts)-1 {
				t.commaAfter, t.dotAfter = false, false
			}
			if kind == Organization && DetectScript(p) == ScriptHan {
				for _, w := range segmentHanOrg(p, lx) {
					tw := t
					tw.text = w
					out = append(out, tw)
				}
				continue
			}
			out = append(out, t)
		}
	}
	return out
}

// segmentHanOrg cuts an organisation name in Han characters at the words
// of the CJK lexicon, longest first: 华为技术有限公司 is 华为 + technology +
// 有限公司. A generic word is replaced by its English equivalent so that it
// compares with the translated name (Huawei Technologies Co., Ltd.).
func segmentHanOrg(s string, lx *lexicon) []string {
	rs := []rune(s)
	var out []string
	start := 0
	for i := 0; i < len(rs); {
		matched := 0
		repl := ""
		for k := min(lx.cjkMax, len(rs)-i); k >= 2; k-- {
			if w, ok := lx.cjkWords[string(rs[i:i+k])]; ok {
				matched, repl = k, w
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		if start < i {
			out = append(out, string(rs[start:i]))
		}
		out = append(out, repl)
		i += matched
		start = i
	}
	if start < len(rs) {
		out = append(out, string(rs[start:]))
	}
	return out
}

// cjkPersonTokens reads a person's name written in Han characters (with
// kana), returning the main reading and an alternate one aligned with it,
// or ok=false when the name is not such a name or cannot be read. altSpell
// holds, per alternate token, another spelling whose skeleton the token
// also answers to ("" for none).
func cjkPersonTokens(raw []rawToken, roles []Role, lx *lexicon) (main, alt []Token, altSpell []string, ok bool) {
	if len(raw) == 0 || len(raw) > 4 {
		return nil, nil, nil, false
	}
	anyHan := false
	for _, r := range raw {
		switch DetectScript(r.text) {
		case ScriptHan:
			anyHan = true
		case ScriptKana:
		default:
			return nil, nil, nil, false
		}
	}
	if !anyHan {
		return nil, nil, nil, false // kana alone reads letter by letter
	}
	tok := func(text, orig string, sc Script, role Role) Token {
		return Token{Text: text, Orig: orig, Script: sc, Role: role, Weight: 1}
	}
	if len(raw) == 1 && roles == nil {
		rs := []rune(raw[0].text)
		if len(rs) < 2 || len(rs) > 5 || DetectScript(raw[0].text) != ScriptHan {
			return nil, nil, nil, false
		}
		// A Japanese family name in kanji.
		for k := min(3, len(rs)-1); k >= 1; k-- {
			fam, given := string(rs[:k]), string(rs[k:])
			jf, okF := lx.ja[fam]
			if !okF || !jf.surname {
				continue
			}
			jg, okG := lx.ja[given]
			if k == 1 && !okG {
				continue // 林, 森 are Chinese family names as well
			}
			gText := jg.romaji
			if !okG {
				gText = hanPinyin(given)
			}
			pf, pg := hanSurnamePinyin(fam), hanPinyin(given)
			if gText == "" || pf == "" || pg == "" {
				return nil, nil, nil, false
			}
			main = []Token{tok(jf.romaji, fam, ScriptHan, RoleFamily), tok(gText, given, ScriptHan, RoleGiven)}
			alt = []Token{tok(pf, fam, ScriptHan, RoleFamily), tok(pg, given, ScriptHan, RoleGiven)}
			return main, alt, nil, true
		}
		k := 1
		if len(rs) >= 3 && getHan().compound[string(rs[:2])] {
			k = 2
		}
		if len(rs) > 4 && k == 1 {
			return nil, nil, nil, false
		}
		fam, given := string(rs[:k]), string(rs[k:])
		pf, pg := hanSurnamePinyin(fam), hanPinyin(given)
		if pf == "" || pg == "" {
			return nil, nil, nil, false
		}
		main = []Token{tok(pf, fam, ScriptHan, RoleFamily), tok(pg, given, ScriptHan, RoleGiven)}
		if kf, kg := hanKorean(fam), hanKorean(given); k == 1 && kf != "" && kg != "" && koreanFamily(kf) && len(rs) == 3 {
			ft, fAlt := koreanSurname(kf)
			alt = []Token{tok(ft, fam, ScriptHangul, RoleFamily), tok(translitHangul(kg), given, ScriptHangul, RoleGiven)}
			altSpell = []string{fAlt, ""}
		}
		return main, alt, altSpell, true
	}
	// Parts written apart (鈴木 一郎, 王 伟): Japanese if one of them is a
	// known Japanese name, else Chinese with a Korean alternate.
	japanese := false
	for _, r := range raw {
		if _, ok := lx.ja[r.text]; ok {
			japanese = true
		}
		if DetectScript(r.text) == ScriptKana {
			japanese = true
		}
	}
	// A Korean reading only for a name shaped like a Korean one: a common
	// Korean family name of one character, given names of one or two.
	korean := !japanese && roles == nil && utf8.RuneCountInString(raw[0].text) == 1 && koreanFamily(hanKorean(raw[0].text))
	for i, r := range raw {
		if i > 0 && utf8.RuneCountInString(r.text) > 2 {
			korean = false
		}
		role := RoleUnknown
		switch {
		case roles != nil:
			role = roles[i]
		case i == 0:
			role = RoleFamily
		}
		if DetectScript(r.text) == ScriptKana {
			t := foldTokenLang(r.text, false)
			if t == "" {
				return nil, nil, nil, false
			}
			main = append(main, tok(t, r.text, ScriptKana, role))
			alt = append(alt, tok(t, r.text, ScriptKana, role))
			altSpell = append(altSpell, "")
			korean = false
			continue
		}
		py := hanPinyin(r.text)
		if role == RoleFamily {
			py = hanSurnamePinyin(r.text)
		}
		text := py
		if j, ok := lx.ja[r.text]; ok && japanese {
			text = j.romaji
		}
		if text == "" {
			return nil, nil, nil, false
		}
		main = append(main, tok(text, r.text, ScriptHan, role))
		if japanese {
			if py == "" {
				py = text // no Chinese reading: the alternate repeats the main one
			}
			alt = append(alt, tok(py, r.text, ScriptHan, role))
			altSpell = append(altSpell, "")
			continue
		}
		ko := hanKorean(r.text)
		if ko == "" {
			korean = false
			continue
		}
		if role == RoleFamily && utf8.RuneCountInString(r.text) == 1 {
			ft, fAlt := koreanSurname(ko)
			alt = append(alt, tok(ft, r.text, ScriptHangul, role))
			altSpell = append(altSpell, fAlt)
		} else {
			alt = append(alt, tok(translitHangul(ko), r.text, ScriptHangul, role))
			altSpell = append(altSpell, "")
		}
	}
	if !japanese && !korean {
		alt, altSpell = nil, nil
	}
	return main, alt, altSpell, true
}
