package names

import "strings"

// Japanese kana to Latin, modified Hepburn as written in passports: long
// vowels unmarked and undoubled (Satō, Satou, Sato are all "sato";
// Yūki is "yuki"), ん always "n", a small tsu doubling the next consonant
// (Hattori) and "tch" before ch (Hotchi).

// kanaBase maps hiragana to romaji; katakana is shifted to hiragana first.
var kanaBase = map[rune]string{
	'あ': "a", 'い': "i", 'う': "u", 'え': "e", 'お': "o",
	'か': "ka", 'き': "ki", 'く': "ku", 'け': "ke", 'こ': "ko",
	'が': "ga", 'ぎ': "gi", 'ぐ': "gu", 'げ': "ge", 'ご': "go",
	'さ': "sa", 'し': "shi", 'す': "su", 'せ': "se", 'そ': "so",
	'ざ': "za", 'じ': "ji", 'ず': "zu", 'ぜ': "ze", 'ぞ': "zo",
	'た': "ta", 'ち': "chi", 'つ': "tsu", 'て': "te", 'と': "to",
	'だ': "da", 'ぢ': "ji", 'づ': "zu", 'で': "de", 'ど': "do",
	'な': "na", 'に': "ni", 'ぬ': "nu", 'ね': "ne", 'の': "no",
	'は': "ha", 'ひ': "hi", 'ふ': "fu", 'へ': "he", 'ほ': "ho",
	'ば': "ba", 'び': "bi", 'ぶ': "bu", 'べ': "be", 'ぼ': "bo",
	'ぱ': "pa", 'ぴ': "pi", 'ぷ': "pu", 'ぺ': "pe", 'ぽ': "po",
	'ま': "ma", 'み': "mi", 'む': "mu", 'め': "me", 'も': "mo",
	'や': "ya", 'ゆ': "yu", 'よ': "yo",
	'ら': "ra", 'り': "ri", 'る': "ru", 'れ': "re", 'ろ': "ro",
	'わ': "wa", 'ゐ': "i", 'ゑ': "e", 'を': "o", 'ん': "n", 'ゔ': "vu",
	'ぁ': "a", 'ぃ': "i", 'ぅ': "u", 'ぇ': "e", 'ぉ': "o",
}

// Small ya, yu, yo after an i-syllable make one syllable: き+ゃ = kya,
// し+ゃ = sha. Small vowels after a syllable (katakana loanwords: ティ,
// ファ, ウェ) replace its vowel.
var smallY = map[rune]byte{'ゃ': 'a', 'ゅ': 'u', 'ょ': 'o'}

func isSmallVowel(r rune) bool {
	switch r {
	case 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ':
		return true
	}
	return false
}

// toHiragana folds katakana to hiragana (same layout, offset 0x60).
func toHiragana(r rune) rune {
	if r >= 0x30A1 && r <= 0x30F6 {
		return r - 0x60
	}
	return r
}

// translitKana renders hiragana and katakana in Latin letters; other runes
// (a Han character among kana) are kept.
func translitKana(s string) string {
	rs := []rune(s)
	var b strings.Builder
	double := false // a small tsu: double the next consonant
	for i := 0; i < len(rs); i++ {
		r := toHiragana(rs[i])
		switch {
		case r == 'っ':
			double = true
			continue
		case r == 0x30FC || r == '〜': // long vowel mark: unmarked
			continue
		}
		syl, ok := kanaBase[r]
		if !ok {
			b.WriteRune(rs[i])
			double = false
			continue
		}
		if i+1 < len(rs) {
			next := toHiragana(rs[i+1])
			if v, ok := smallY[next]; ok && len(syl) >= 2 && syl[len(syl)-1] == 'i' {
				stem := syl[:len(syl)-1]
				if stem == "sh" || stem == "ch" || stem == "j" {
					syl = stem + string(v)
				} else {
					syl = stem + "y" + string(v)
				}
				i++
			} else if isSmallVowel(next) && len(syl) >= 1 {
				v := kanaBase[next]
				switch {
				case syl == "u":
					syl = "w" + v // ウィ wi, ウェ we
				case syl == "fu":
					syl = "f" + v
				case syl == "te" || syl == "de":
					syl = syl[:1] + v // ティ ti, ディ di
				case syl == "vu":
					syl = "v" + v
				default:
					syl = strings.TrimRight(syl, "aiueo") + v // シェ she, ジェ je, チェ che
				}
				i++
			}
		}
		if double {
			switch {
			case strings.HasPrefix(syl, "ch"):
				b.WriteByte('t')
			case syl != "" && !strings.ContainsRune("aiueon", rune(syl[0])):
				b.WriteByte(syl[0])
			}
			double = false
		}
		b.WriteString(syl)
	}
	return foldLongVowels(b.String())
}

// foldLongVowels writes long vowels as in passports: ou, oo and uu become
// o and u (Satou, Oono, Yuuki: Sato, Ono, Yuki). Other doubled vowels
// (Ii, Niigata) are kept: they are written so.
func foldLongVowels(s string) string {
	if !strings.Contains(s, "ou") && !strings.Contains(s, "oo") && !strings.Contains(s, "uu") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		b.WriteByte(c)
		if i+1 < len(s) && (c == 'o' && (s[i+1] == 'u' || s[i+1] == 'o') || c == 'u' && s[i+1] == 'u') {
			// Not across a syllable boundary where the u starts a new
			// syllable: o+u+ vowel (Ouji is fine, "oue" is o-u-e).
			if i+2 < len(s) && isVowelByte(s[i+2]) {
				continue
			}
			i++
		}
	}
	return b.String()
}
