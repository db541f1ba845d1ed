package names

import (
	"strings"
	"unicode"
)

// Transliteration schemes here aim at the spellings found in Western
// records (BGN/PCGN-like for Cyrillic, ALA-LC-like without diacritics for
// Arabic), not at reversibility: the goal is that the Latin output is close
// to what a clerk would have typed, and that the consonant skeleton of the
// output equals that of the clerk's spelling.

var cyrillicRU = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya",
	// Ukrainian, Belarusian, Serbian, Macedonian letters.
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ђ': "dj", 'ј': "j", 'љ': "lj",
	'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	// Central Asian additions commonly met in names.
	'ә': "a", 'ғ': "g", 'қ': "k", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h", 'ҳ': "h", 'ҷ': "j", 'ӣ': "i", 'ӯ': "u",
}

// translitCyrillic follows Russian conventions unless the token carries a
// letter that only Ukrainian uses, then г is h and и is y as in Ukrainian
// passports (Volodymyr, Oleksandr).
func translitCyrillic(s string, ukr bool) string {
	s = strings.ToLower(stripMarks(s))
	ukr = ukr || isUkrainian(s)
	var b strings.Builder
	b.Grow(len(s))
	prevVowel := true
	for _, r := range s {
		rep, ok := cyrillicRU[r]
		if !ok {
			b.WriteRune(r)
			prevVowel = false
			continue
		}
		switch {
		case ukr && r == 'г':
			rep = "h"
		case ukr && r == 'и':
			rep = "y"
		case r == 'е' && prevVowel && b.Len() == 0:
			// Initial е is "ye" in BGN, but Western records mostly write
			// Evgeny/Elena; keep "e" and let variants bridge Yevgeny.
			rep = "e"
		}
		b.WriteString(rep)
		prevVowel = strings.ContainsRune("аеёиоуыэюяіїє", r)
	}
	return b.String()
}

var greekMap = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps",
	'ω': "o",
}

// translitGreek handles the digraphs that Greek uses for sounds it has no
// letter for (ου = u, μπ = b, ντ = d, γκ = g), which is how foreign names
// such as Βλαντίμιρ are spelt.
func translitGreek(s string) string {
	s = strings.ToLower(stripMarks(decomposeGreek(s)))
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		var next rune
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r == 'ο' && next == 'υ':
			b.WriteString("ou")
			i++
			continue
		case r == 'μ' && next == 'π':
			if i == 0 {
				b.WriteString("b")
			} else {
				b.WriteString("mb")
			}
			i++
			continue
		case r == 'ν' && next == 'τ':
			if i == 0 {
				b.WriteString("d")
			} else {
				b.WriteString("nd")
			}
			i++
			continue
		case r == 'γ' && (next == 'κ' || next == 'γ'):
			if i == 0 {
				b.WriteString("g")
			} else {
				b.WriteString("ng")
			}
			i++
			continue
		case (r == 'α' || r == 'ε') && next == 'υ':
			b.WriteString(greekMap[r])
			b.WriteString("v")
			i++
			continue
		}
		if rep, ok := greekMap[r]; ok {
			b.WriteString(rep)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func decomposeGreek(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case 'ά', 'Ά':
			r = 'α'
		case 'έ', 'Έ':
			r = 'ε'
		case 'ή', 'Ή':
			r = 'η'
		case 'ί', 'ϊ', 'ΐ', 'Ί', 'Ϊ':
			r = 'ι'
		case 'ό', 'Ό':
			r = 'ο'
		case 'ύ', 'ϋ', 'ΰ', 'Ύ', 'Ϋ':
			r = 'υ'
		case 'ώ', 'Ώ':
			r = 'ω'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Arabic script: consonants map one-to-one; the letters alif, waw and ya
// are read as vowels between consonants and as consonants after a vowel or
// at the start, which reproduces Yusuf from يوسف and Dawud from داود.
var arabicMap = map[rune]string{
	'ب': "b", 'پ': "p", 'ت': "t", 'ٹ': "t", 'ث': "th", 'ج': "j", 'چ': "ch", 'ح': "h",
	'خ': "kh", 'د': "d", 'ڈ': "d", 'ذ': "dh", 'ر': "r", 'ڑ': "r", 'ز': "z", 'ژ': "zh",
	'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z", 'غ': "gh", 'ف': "f",
	'ڤ': "v", 'ق': "q", 'ك': "k", 'ک': "k", 'گ': "g", 'ڭ': "ng", 'ل': "l", 'م': "m",
	'ن': "n", 'ں': "n", 'ه': "h", 'ہ': "h", 'ھ': "h", 'ۀ': "h", 'ة': "a", 'ۃ': "a",
	'ء': "", 'ؤ': "", 'ئ': "", 'ى': "a", 'ے': "e", 'ۓ': "e",
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a",
}

func isArabicLongVowel(r rune) bool {
	switch r {
	case 'ا', 'أ', 'إ', 'آ', 'ٱ', 'و', 'ي', 'ی', 'ى', 'ے', 'ۓ':
		return true
	}
	return false
}

func translitArabic(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) * 2)
	prev := rune(0)    // previous letter, 0 at start
	prevVowel := false // previous letter was read as a vowel
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		nextLong := i+1 < len(rs) && isArabicLongVowel(rs[i+1])
		switch r {
		case 'َ': // fatha
			b.WriteByte('a')
			continue
		case 'ُ': // damma
			b.WriteByte('u')
			continue
		case 'ِ': // kasra
			b.WriteByte('i')
			continue
		case 'ّ': // shadda doubles the consonant
			if prev != 0 {
				if rep, ok := arabicMap[prev]; ok && len(rep) > 0 {
					b.WriteString(rep[len(rep)-1:])
				}
			}
			continue
		case 'ع':
			if prev == 0 {
				b.WriteByte('a')
			}
			prev, prevVowel = r, false
			continue
		case 'و':
			// A consonant at the start, after a vowel, or before a long
			// vowel (Dawud, Marwan); a long u between consonants (Yusuf).
			if prev == 0 || prevVowel || nextLong {
				b.WriteByte('w')
				prevVowel = false
			} else {
				b.WriteByte('u')
				prevVowel = true
			}
			prev = r
			continue
		case 'ي', 'ی':
			if prev == 0 || prevVowel || (nextLong && rs[i+1] != 'ي' && rs[i+1] != 'ی') {
				b.WriteByte('y')
				prevVowel = false
			} else {
				b.WriteByte('i')
				prevVowel = true
			}
			prev = r
			continue
		}
		if rep, ok := arabicMap[r]; ok {
			b.WriteString(rep)
			prev = r
			prevVowel = isArabicLongVowel(r)
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue // other harakat, tanwin, sukun
		}
		if r >= '٠' && r <= '٩' {
			b.WriteRune('0' + (r - '٠'))
			continue
		}
		if r >= '۰' && r <= '۹' {
			b.WriteRune('0' + (r - '۰'))
			continue
		}
		b.WriteRune(r)
		prev, prevVowel = r, false
	}
	return b.String()
}

var hebrewMap = map[rune]string{
	'א': "", 'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ז': "z", 'ח': "kh", 'ט': "t",
	'כ': "k", 'ך': "kh", 'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s",
	'ע': "", 'פ': "p", 'ף': "f", 'צ': "ts", 'ץ': "ts", 'ק': "k", 'ר': "r", 'ש': "sh",
	'ת': "t",
}

// translitHebrew renders unpointed Hebrew. Geresh after ג ז צ marks the
// foreign sounds j, zh, ch. Vav and yod are vowels between consonants and
// consonants at the start or when doubled. alt selects the other readings of
// ambiguous letters (ש as s, ב as v, medial ו as v) to give a second
// skeleton.
func translitHebrew(s string, alt bool) string {
	rs := []rune(stripMarks(s))
	var b strings.Builder
	n := len(rs)
	for i := 0; i < n; i++ {
		r := rs[i]
		var next rune
		if i+1 < n {
			next = rs[i+1]
		}
		geresh := next == '\'' || next == '׳' || next == '’'
		switch r {
		case '\'', '׳', '’', '״', '"':
			continue
		case 'ג':
			if geresh {
				b.WriteString("j")
				i++
				continue
			}
		case 'ז':
			if geresh {
				b.WriteString("zh")
				i++
				continue
			}
		case 'צ', 'ץ':
			if geresh {
				b.WriteString("ch")
				i++
				continue
			}
		case 'ו':
			switch {
			case next == 'ו':
				b.WriteString("v")
				i++
			case i == 0:
				b.WriteString("v")
			case alt && i+1 < n:
				b.WriteString("v")
			default:
				b.WriteString("o")
			}
			continue
		case 'י':
			switch {
			case next == 'י':
				b.WriteString("y")
				i++
			case i == 0:
				b.WriteString("y")
			default:
				b.WriteString("i")
			}
			continue
		case 'א', 'ע':
			if i == 0 {
				b.WriteString("a")
			} else if i == n-1 {
				b.WriteString("a")
			}
			continue
		case 'ה':
			if i == n-1 && i > 0 {
				b.WriteString("a") // final he is a vowel letter
				continue
			}
		case 'ש':
			if alt {
				b.WriteString("s")
				continue
			}
		case 'ב':
			if alt {
				b.WriteString("v")
				continue
			}
		case 'פ':
			if alt && i > 0 {
				b.WriteString("f")
				continue
			}
		}
		if rep, ok := hebrewMap[r]; ok {
			b.WriteString(rep)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Revised Romanization of Korean, without the sound-change rules between
// syllables, which matter little for matching.
var (
	hangulInitial = [...]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulMedial  = [...]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinal   = [...]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
	// Family names have customary spellings that differ from RR.
	hangulSurname = map[rune]string{
		'김': "kim", '이': "lee", '박': "park", '최': "choi", '정': "jung", '강': "kang",
		'조': "cho", '윤': "yoon", '장': "jang", '임': "lim", '한': "han", '오': "oh",
		'서': "seo", '신': "shin", '권': "kwon", '황': "hwang", '안': "ahn", '송': "song",
		'류': "ryu", '홍': "hong", '전': "jeon", '고': "ko", '문': "moon", '손': "son",
		'양': "yang", '배': "bae", '백': "baek", '허': "heo", '노': "noh", '남': "nam",
	}
)

func hangulSyllable(r rune, b *strings.Builder) bool {
	if r < 0xAC00 || r > 0xD7A3 {
		return false
	}
	s := int(r - 0xAC00)
	b.WriteString(hangulInitial[s/588])
	b.WriteString(hangulMedial[(s%588)/28])
	b.WriteString(hangulFinal[s%28])
	return true
}

func translitHangul(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !hangulSyllable(r, &b) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splitKoreanName splits a spaceless two-to-four syllable Hangul name into
// family name and given name, the way Korean names are written.
func splitKoreanName(s string) (family, given string, ok bool) {
	rs := []rune(s)
	if len(rs) < 2 || len(rs) > 4 {
		return "", "", false
	}
	for _, r := range rs {
		if r < 0xAC00 || r > 0xD7A3 {
			return "", "", false
		}
	}
	fam, known := hangulSurname[rs[0]]
	if !known || len(rs) == 4 {
		var b strings.Builder
		hangulSyllable(rs[0], &b)
		fam = b.String()
	}
	return fam, translitHangul(string(rs[1:])), true
}
