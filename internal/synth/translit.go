package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// script says how a culture writes names at home.
type script uint8

const (
	scriptLatin script = iota
	scriptArabic
	scriptCyrillicRU
	scriptCyrillicUA
)

// A cyrScheme is one way of writing Cyrillic in Latin letters. Clerks,
// passport offices and newspapers of different countries and decades use
// different ones; that is why one Russian name reaches a Dutch database as
// Aleksandr, Alexandr, Alexander and Aleksander.
type cyrScheme struct {
	name    string
	m       map[rune]string
	initial map[rune]string // at the start of a word
	// afterVowel applies initial after vowels and soft/hard signs too (BGN).
	afterVowel bool
	endings    [][2]string // applied to the Cyrillic word end first
	guBefore   bool        // French: г before е/и/ё is written "gu"
}

func cmap(pairs string) map[rune]string {
	m := map[rune]string{}
	for _, f := range strings.Fields(pairs) {
		r, size := utf8.DecodeRuneInString(f)
		v := f[size:]
		if v == "_" {
			v = ""
		}
		m[r] = v
	}
	return m
}

const cyrBase = "а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:i к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ:ie ы:y ь:_ э:e ю:iu я:ia і:i ї:i є:ie ґ:g ':_"

func scheme(name, base, over, initial string, endings ...string) *cyrScheme {
	m := cmap(strings.ReplaceAll(base, ":", ""))
	for k, v := range cmap(strings.ReplaceAll(over, ":", "")) {
		m[k] = v
	}
	s := &cyrScheme{name: name, m: m, initial: cmap(strings.ReplaceAll(initial, ":", ""))}
	for i := 0; i+1 < len(endings); i += 2 {
		s.endings = append(s.endings, [2]string{endings[i], endings[i+1]})
	}
	return s
}

var (
	// ICAO 9303 (Russian passports since 2013).
	schemeICAO = scheme("icao", cyrBase, "", "")
	// Older Russian passports and most Western press (BGN-like, no ye-rule).
	schemeOldRU = scheme("old", cyrBase, "й:y ю:yu я:ya ъ:_ ё:yo", "", "ий", "iy", "ый", "yy")
	// BGN/PCGN with its ye- rule at the start of words.
	schemeBGN = scheme("bgn", cyrBase, "й:y ю:yu я:ya ъ:_ ё:yo", "е:ye ё:yo", "ий", "iy")
	// German (Duden) transcription.
	schemeDE = scheme("de", cyrBase, "в:w ж:sch з:s й:j х:ch ц:z ч:tsch ш:sch щ:schtsch ъ:_ ю:ju я:ja ё:jo є:je ї:ji", "е:je", "ов", "ow", "ев", "ew", "ий", "ij")
	// French transcription.
	schemeFR = scheme("fr", cyrBase, "ж:j у:ou х:kh ч:tch ш:ch щ:chtch ю:iou я:ia й:ï ъ:_ ё:io", "е:ie", "ий", "i")
	// Ukrainian national system (2010), used in Ukrainian passports.
	schemeUA = scheme("ua", cyrBase, "г:h и:y і:i ї:i й:i є:ie ю:iu я:ia ь:_", "є:ye ї:yi й:y ю:yu я:ya")
	// Older Ukrainian passports: Ukrainian letters, English-style y-glides.
	schemeUAOld = scheme("uaold", cyrBase, "г:h и:y і:i ї:yi й:y є:ye ю:yu я:ya ь:_", "")
	// German transcription of Ukrainian.
	schemeUADE = scheme("uade", cyrBase, "в:w г:h и:y ж:sch з:s й:j х:ch ц:z ч:tsch ш:sch щ:schtsch ю:ju я:ja є:je ї:ji", "", "ов", "ow")
	// French transcription of Ukrainian.
	schemeUAFR = scheme("uafr", cyrBase, "г:h и:y ж:j у:ou х:kh ч:tch ш:ch щ:chtch ю:iou я:ia й:ï є:ie ї:ï", "")
)

func initTranslit() {
	schemeFR.guBefore = true
	schemeBGN.afterVowel = true
}

var cyrVowels = "аеёиоуыэюяіїє"

// translit writes Cyrillic s in the Latin scheme sc, keeping word
// capitalisation. Non-Cyrillic runes pass through.
func translit(s string, sc *cyrScheme) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' })
	for wi, w := range words {
		if wi > 0 {
			b.WriteByte(' ')
		}
		// Hyphenated parts (Санкт-Петербург) are words of their own.
		parts := strings.Split(w, "-")
		for pi, part := range parts {
			if pi > 0 {
				b.WriteByte('-')
			}
			b.WriteString(translitWord(part, sc))
		}
	}
	return b.String()
}

func translitWord(w string, sc *cyrScheme) string {
	if w == "" {
		return ""
	}
	lower := []rune(strings.ToLower(w))
	upperFirst := unicode.IsUpper([]rune(w)[0])
	allUpper := strings.ToUpper(w) == w && len(lower) > 1
	tail := ""
	for _, e := range sc.endings {
		er := []rune(e[0])
		if len(lower) > len(er) && string(lower[len(lower)-len(er):]) == e[0] {
			lower = lower[:len(lower)-len(er)]
			tail = e[1]
			break
		}
	}
	var b strings.Builder
	prevVowel := false
	for i, r := range lower {
		out, ok := sc.m[r]
		if !ok {
			out = string(r)
		}
		if i == 0 || (sc.afterVowel && prevVowel) {
			if v, ok := sc.initial[r]; ok {
				out = v
			}
		}
		if sc.guBefore && r == 'г' && i+1 < len(lower) && strings.ContainsRune("еиё", lower[i+1]) {
			out = "gu"
		}
		b.WriteString(out)
		prevVowel = strings.ContainsRune(cyrVowels, r) || r == 'ь' || r == 'ъ'
	}
	b.WriteString(tail)
	res := b.String()
	if allUpper {
		return strings.ToUpper(res)
	}
	if upperFirst && res != "" {
		r, size := utf8.DecodeRuneInString(res)
		res = string(unicode.ToUpper(r)) + res[size:]
	}
	return res
}

// foldSpecial covers letters that do not decompose into base + mark.
var foldSpecial = map[rune]string{
	'ı': "i", 'ł': "l", 'Ł': "L", 'ø': "o", 'Ø': "O", 'ß': "ss", 'æ': "ae", 'Æ': "AE",
	'œ': "oe", 'Œ': "OE", 'đ': "d", 'Đ': "D", 'ð': "d", 'þ': "th", '’': "'", 'ʼ': "'",
}

// fold strips diacritics: Şahin → Sahin, Łódź → Lodz, Adéyẹmí → Adeyemi.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if v, ok := foldSpecial[r]; ok {
			b.WriteString(v)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldGerman is how German and Dutch registries often write Turkish and
// German umlauts: Öztürk → Oeztuerk.
func foldGerman(s string) string {
	if !strings.ContainsAny(s, "äöüÄÖÜ") {
		return fold(s)
	}
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue")
	return fold(r.Replace(s))
}

// mrz renders a name as a machine-readable travel document shows it once
// decoded: upper-case ASCII, hyphens as spaces, no apostrophes or dots.
func mrz(s string) string {
	s = strings.ToUpper(fold(s))
	if strings.ContainsAny(s, "-'.") {
		s = strings.NewReplacer("-", " ", "'", "", ".", "").Replace(s)
	}
	return s
}

// upperTR upper-cases with Turkish rules (i → İ) for Turkish names.
func upperTR(s string) string { return strings.ToUpperSpecial(unicode.TurkishCase, s) }
