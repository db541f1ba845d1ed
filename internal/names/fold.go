package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Script is the writing system of a token or name.
type Script uint8

// Scripts Mosaic distinguishes. Arabic covers Persian and Urdu letters.
const (
	ScriptUnknown Script = iota
	ScriptLatin
	ScriptCyrillic
	ScriptGreek
	ScriptArabic
	ScriptHebrew
	ScriptHan
	ScriptKana
	ScriptHangul
	ScriptThai
	ScriptOther
)

var scriptNames = [...]string{"unknown", "latin", "cyrillic", "greek", "arabic", "hebrew", "han", "kana", "hangul", "thai", "other"}

func (s Script) String() string {
	if int(s) < len(scriptNames) {
		return scriptNames[s]
	}
	return "invalid"
}

// vowelless reports whether the script normally omits short vowels, so that
// comparisons must lean on consonant skeletons rather than spelling.
func (s Script) vowelless() bool { return s == ScriptArabic || s == ScriptHebrew }

// RuneScript returns the script of one rune, ScriptUnknown for digits,
// punctuation, marks and spaces.
func RuneScript(r rune) Script {
	switch {
	case r < 0x80:
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return ScriptLatin
		}
		return ScriptUnknown
	case r >= 0x00C0 && r <= 0x024F, r >= 0x1E00 && r <= 0x1EFF:
		if r == 0xD7 || r == 0xF7 {
			return ScriptUnknown
		}
		return ScriptLatin
	case r >= 0x0370 && r <= 0x03FF, r >= 0x1F00 && r <= 0x1FFF:
		if unicode.IsLetter(r) {
			return ScriptGreek
		}
		return ScriptUnknown
	case r >= 0x0400 && r <= 0x052F:
		if unicode.IsLetter(r) {
			return ScriptCyrillic
		}
		return ScriptUnknown
	case r >= 0x0590 && r <= 0x05FF, r >= 0xFB1D && r <= 0xFB4F:
		if unicode.IsLetter(r) {
			return ScriptHebrew
		}
		return ScriptUnknown
	case r >= 0x0600 && r <= 0x06FF, r >= 0x0750 && r <= 0x077F, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		if unicode.IsLetter(r) {
			return ScriptArabic
		}
		return ScriptUnknown
	case r >= 0x1100 && r <= 0x11FF, r >= 0x3130 && r <= 0x318F, r >= 0xAC00 && r <= 0xD7A3:
		return ScriptHangul
	case r >= 0x3040 && r <= 0x30FF, r >= 0x31F0 && r <= 0x31FF:
		if r == 0x30FB || r == 0x30FC {
			return ScriptUnknown // katakana middle dot and long-vowel mark
		}
		return ScriptKana
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r >= 0xF900 && r <= 0xFAFF, r >= 0x20000 && r <= 0x2FFFF, r == 0x3005:
		return ScriptHan // 々 repeats the previous character (奈々)
	case r >= 0x0E01 && r <= 0x0E4E:
		// Letters and the vowel and tone signs written on them.
		return ScriptThai
	}
	if unicode.IsLetter(r) {
		if unicode.Is(unicode.Latin, r) {
			return ScriptLatin
		}
		return ScriptOther
	}
	return ScriptUnknown
}

// DetectScript returns the dominant script of s by letter count; Latin wins
// ties because mixed strings are usually Latin with a stray symbol.
func DetectScript(s string) Script {
	var counts [ScriptOther + 1]int
	for _, r := range s {
		counts[RuneScript(r)]++
	}
	best, bestN := ScriptUnknown, 0
	for sc := ScriptLatin; sc <= ScriptOther; sc++ {
		if counts[sc] > bestN {
			best, bestN = sc, counts[sc]
		}
	}
	return best
}

// latinSpecial folds Latin letters that have no canonical decomposition, or
// whose conventional ASCII rendering is a digraph (Slavic háček letters are
// written ch/sh/zh in English-language records, which is what they are
// compared against).
var latinSpecial = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ŀ': "l", 'ħ': "h", 'ŧ': "t", 'ŋ': "ng", 'ĸ': "k",
	'č': "ch", 'š': "sh", 'ž': "zh", 'ǆ': "dz", 'ǉ': "lj", 'ǌ': "nj",
	'ʻ': "", 'ʼ': "", 'ʿ': "", 'ʾ': "", 'ˈ': "",
}

// foldLatin lowercases and strips diacritics of a Latin token (already
// NFKC-normalised), returning plain ASCII letters and digits.
func foldLatin(s string, b *strings.Builder) {
	for _, r := range s {
		if r < 0x80 {
			switch {
			case r >= 'A' && r <= 'Z':
				b.WriteByte(byte(r + 32))
			case (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
				b.WriteByte(byte(r))
			}
			continue
		}
		lr := unicode.ToLower(r)
		if rep, ok := latinSpecial[lr]; ok {
			b.WriteString(rep)
			continue
		}
		// Decompose and keep the ASCII base letter.
		var buf [16]byte
		n := utf8.EncodeRune(buf[:], lr)
		d := norm.NFD.Append(nil, buf[:n]...)
		for _, dr := range string(d) {
			if dr < 0x80 && ((dr >= 'a' && dr <= 'z') || (dr >= '0' && dr <= '9')) {
				b.WriteRune(dr)
			} else if dr >= 'A' && dr <= 'Z' {
				b.WriteRune(dr + 32)
			}
		}
	}
}

// Fold returns s normalised for comparison: NFKC, transliterated to Latin
// where a transliteration exists, lowercased, stripped of diacritics and
// punctuation, with single spaces between tokens.
func Fold(s string) string {
	s = norm.NFKC.String(s)
	toks := splitRaw(s)
	ukr := isUkrainian(s)
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(foldTokenLang(t.text, ukr))
	}
	return strings.TrimSpace(b.String())
}

// isUkrainian reports whether a Cyrillic text uses letters only Ukrainian
// has, so that all its words are read the Ukrainian way (Володимир Путін).
func isUkrainian(s string) bool { return strings.ContainsAny(s, "іїєґІЇЄҐ") }

// foldToken transliterates one raw token to lowercase ASCII (Han characters
// are kept: they are read by the name parser, which knows their context).
func foldToken(t string) string { return foldTokenLang(t, false) }

func foldTokenLang(t string, ukr bool) string {
	sc := DetectScript(t)
	var lat string
	switch sc {
	case ScriptLatin, ScriptUnknown:
		lat = t
	case ScriptCyrillic:
		lat = translitCyrillic(t, ukr)
	case ScriptGreek:
		lat = translitGreek(t)
	case ScriptArabic:
		lat = translitArabic(t)
	case ScriptHebrew:
		lat = translitHebrew(t, false)
	case ScriptHangul:
		lat = translitHangul(t)
	case ScriptKana:
		lat = translitKana(t)
	case ScriptHan:
		if lat = hanPinyin(t); lat == "" {
			return strings.ToLower(t) // a character without a reading: kept as written
		}
	case ScriptThai:
		lat = translitThai(t)
	default:
		return strings.ToLower(stripMarks(t))
	}
	var b strings.Builder
	b.Grow(len(lat))
	foldLatin(lat, &b)
	return b.String()
}

// stripMarks removes combining marks (stress accents in Cyrillic
// dictionaries, Greek tonos after decomposition is handled per script).
func stripMarks(s string) string {
	hasMark := false
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			hasMark = true
			break
		}
	}
	if !hasMark {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type rawToken struct {
	text       string
	commaAfter bool // a comma follows: "PUTIN, Vladimir"
	hyphenPrev bool // joined to the previous token by a hyphen: "al-Masri"
	dotAfter   bool // "J." marks an initial
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', 'ʻ', '`', '´', '׳', 'ʿ', 'ʾ':
		return true
	}
	return false
}

// splitRaw cuts a name into raw tokens on spaces and punctuation, keeping
// apostrophes inside tokens (they modify Hebrew letters and mark Arabic ʿayn)
// and remembering commas, hyphens and dots for the parser.
func splitRaw(s string) []rawToken {
	var out []rawToken
	start := -1
	hyphen := false
	flush := func(end int) {
		if start >= 0 {
			out = append(out, rawToken{text: s[start:end], hyphenPrev: hyphen})
			hyphen = false
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || isApostrophe(r):
			if start < 0 {
				start = i
			}
		case r == 0x0640: // Arabic tatweel: elongation, not a letter boundary
		default:
			flush(i)
			if len(out) > 0 {
				last := &out[len(out)-1]
				switch r {
				case ',', ';', '،', '(', ')':
					last.commaAfter = true
				case '.':
					last.dotAfter = true
				case '-', '‐', '‑', '–', '—', '_':
					hyphen = true
				}
			}
		}
	}
	flush(len(s))
	// Strip apostrophes that begin or end a Latin token ("'Ali", "Ahmad'").
	for i := range out {
		out[i].text = strings.TrimFunc(out[i].text, func(r rune) bool {
			return isApostrophe(r) && r != '׳' && r != '\''
		})
	}
	return out
}
