package names

import "strings"

// Thai to Latin, after the Royal Thai General System (RTGS) that Thai
// passports and most Western records follow, simplified for matching:
// tone marks are dropped, leading vowels are written after the consonant
// they precede, a consonant carrying the cancellation mark (thanthakhat) is
// silent with its vowel, and consonants take their final value at the end
// of a syllable (ด is d before a vowel, t at the end: Prasoet, Somsak).
// จ is written "ch" in RTGS and "j" in many personal names (Jaidee); the
// token's alternate skeleton covers the other spelling.

type thaiCons struct{ initial, final string }

var thaiConsonants = map[rune]thaiCons{
	'ก': {"k", "k"}, 'ข': {"kh", "k"}, 'ฃ': {"kh", "k"}, 'ค': {"kh", "k"}, 'ฅ': {"kh", "k"}, 'ฆ': {"kh", "k"},
	'ง': {"ng", "ng"}, 'จ': {"ch", "t"}, 'ฉ': {"ch", ""}, 'ช': {"ch", "t"}, 'ซ': {"s", "t"}, 'ฌ': {"ch", ""},
	'ญ': {"y", "n"}, 'ฎ': {"d", "t"}, 'ฏ': {"t", "t"}, 'ฐ': {"th", "t"}, 'ฑ': {"th", "t"}, 'ฒ': {"th", "t"},
	'ณ': {"n", "n"}, 'ด': {"d", "t"}, 'ต': {"t", "t"}, 'ถ': {"th", "t"}, 'ท': {"th", "t"}, 'ธ': {"th", "t"},
	'น': {"n", "n"}, 'บ': {"b", "p"}, 'ป': {"p", "p"}, 'ผ': {"ph", ""}, 'ฝ': {"f", ""}, 'พ': {"ph", "p"},
	'ฟ': {"f", "p"}, 'ภ': {"ph", "p"}, 'ม': {"m", "m"}, 'ย': {"y", "i"}, 'ร': {"r", "n"}, 'ล': {"l", "n"},
	'ว': {"w", "o"}, 'ศ': {"s", "t"}, 'ษ': {"s", "t"}, 'ส': {"s", "t"}, 'ห': {"h", ""}, 'ฬ': {"l", "n"},
	'อ': {"", ""}, 'ฮ': {"h", ""},
}

// Vowel signs that follow or sit above or below their consonant.
var thaiVowelAfter = map[rune]string{
	'ะ': "a", 'ั': "a", 'า': "a", 'ำ': "am", 'ิ': "i", 'ี': "i", 'ึ': "ue", 'ื': "ue",
	'ุ': "u", 'ู': "u", 'ๅ': "", '็': "",
}

// Vowel signs written before their consonant.
func isThaiLeadingVowel(r rune) bool {
	switch r {
	case 'เ', 'แ', 'โ', 'ใ', 'ไ':
		return true
	}
	return false
}

func isThaiToneMark(r rune) bool { return r >= 0x0E48 && r <= 0x0E4B }

const thaiCancel = '\u0E4C' // thanthakhat: the letter (with its vowel) is silent

// translitThai renders a Thai word in Latin letters.
func translitThai(s string) string {
	rs := []rune(s)
	// Drop tone marks and silent letters first: a consonant carrying the
	// cancellation mark is silent, with a vowel sign between them.
	clean := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if isThaiToneMark(r) {
			continue
		}
		if r == thaiCancel {
			// Remove the consonant it cancels (and a vowel sign on it).
			for len(clean) > 0 {
				last := clean[len(clean)-1]
				clean = clean[:len(clean)-1]
				if _, isCons := thaiConsonants[last]; isCons {
					break
				}
			}
			// A consonant left between a closed syllable and the
			// cancelled one is silent too (จันทร์ chan, ลักษณ์ lak).
			if k := len(clean); k >= 3 && thaiIsCons(clean[k-1]) && thaiIsCons(clean[k-2]) && !thaiIsCons(clean[k-3]) && !isThaiLeadingVowel(clean[k-3]) {
				clean = clean[:k-1]
			}
			continue
		}
		clean = append(clean, r)
	}
	rs = clean
	var b strings.Builder
	n := len(rs)
	isCons := func(i int) bool {
		if i < 0 || i >= n {
			return false
		}
		_, ok := thaiConsonants[rs[i]]
		return ok
	}
	for i := 0; i < n; i++ {
		r := rs[i]
		if isThaiLeadingVowel(r) && i+1 < n && isCons(i+1) {
			// Leading vowel: the syllable is consonant (+ cluster
			// consonant) + vowel.
			c := rs[i+1]
			j := i + 2
			onset := thaiConsonants[c].initial
			if j < n && (rs[j] == 'ร' || rs[j] == 'ล' || rs[j] == 'ว') && j+1 < n && !isCons(j+1) {
				if thaiCluster(c, rs[j]) {
					onset += thaiConsonants[rs[j]].initial
					j++
				} else {
					// Not a cluster: the first consonant is a syllable of
					// its own (เจริญ cha-roen), the vowel belongs to the
					// second.
					b.WriteString(onset)
					b.WriteString("a")
					rs[i+1] = r
					continue
				}
			}
			vowel := ""
			switch r {
			case 'เ':
				vowel = "e"
				switch {
				case j < n && rs[j] == 'า':
					vowel = "ao"
					j++
				case j+1 < n && rs[j] == 'ี' && rs[j+1] == 'ย':
					vowel = "ia"
					j += 2
				case j+1 < n && rs[j] == 'ื' && rs[j+1] == 'อ':
					vowel = "uea"
					j += 2
				case j < n && rs[j] == 'อ':
					vowel = "oe"
					j++
				case j < n && rs[j] == 'ิ':
					vowel = "oe"
					j++
				case j < n && rs[j] == 'ะ':
					j++
				case j < n && rs[j] == '็':
					j++
				}
			case 'แ':
				vowel = "ae"
				if j < n && (rs[j] == 'ะ' || rs[j] == '็') {
					j++
				}
			case 'โ':
				vowel = "o"
				if j < n && rs[j] == 'ะ' {
					j++
				}
			case 'ใ', 'ไ':
				vowel = "ai"
			}
			b.WriteString(onset)
			b.WriteString(vowel)
			// A final consonant closes the syllable unless a vowel follows it.
			if j < n && isCons(j) && (j+1 >= n || !thaiTakesVowel(rs, j)) {
				b.WriteString(thaiFinal(rs[j], vowel))
				j++
			}
			i = j - 1
			continue
		}
		if c, ok := thaiConsonants[r]; ok {
			// รร after a consonant is "an" (สุวรรณ suwan), closed by the
			// consonant after it.
			if i+2 < n && rs[i+1] == 'ร' && rs[i+2] == 'ร' {
				b.WriteString(c.initial)
				b.WriteString("an")
				i += 2
				if i+1 < n && isCons(i+1) && !thaiTakesVowel(rs, i+1) {
					if f := thaiConsonants[rs[i+1]].final; f != "n" {
						b.WriteString(f)
					}
					i++
				}
				continue
			}
			// A ร closing a word after another consonant is silent
			// (ชินวัตร -wat).
			if r == 'ร' && i == n-1 && i > 0 && isCons(i-1) && b.Len() > 0 {
				continue
			}
			switch {
			case i+1 < n && !isCons(i+1) && !isThaiLeadingVowel(rs[i+1]):
				// Consonant with a vowel sign.
				b.WriteString(c.initial)
			case b.Len() > 0 && i > 0 && !thaiTakesVowel(rs, i) && (i+1 >= n || isCons(i+1) || isThaiLeadingVowel(rs[i+1])) && thaiSyllableOpen(rs, i):
				// Closes the previous syllable.
				b.WriteString(c.final)
			case i+1 < n && isCons(i+1) && thaiCluster(r, rs[i+1]) && i+2 < n && !isCons(i+2) && !isThaiLeadingVowel(rs[i+2]):
				// Initial cluster (pr, kl, kw) before a vowel.
				b.WriteString(c.initial)
			case i+1 < n && isCons(i+1):
				// Inherent vowel: a in an open syllable, before a
				// consonant with a vowel of its own (napha, aphi); o in a
				// closed one (khon, som).
				b.WriteString(c.initial)
				if thaiTakesVowel(rs, i+1) {
					b.WriteString("a")
				} else {
					b.WriteString("o")
				}
			default:
				if i == n-1 && b.Len() > 0 {
					b.WriteString(c.final)
				} else {
					b.WriteString(c.initial)
					if r != 'อ' || i+1 >= n {
						b.WriteString("o")
					}
				}
			}
			continue
		}
		if v, ok := thaiVowelAfter[r]; ok {
			// ั marks a short a before a final consonant; ว after it is ua.
			if r == 'ั' && i+1 < n && rs[i+1] == 'ว' {
				b.WriteString("ua")
				i++
				continue
			}
			b.WriteString(v)
			continue
		}
		if r == 'ๆ' || r == 'ฯ' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// thaiTakesVowel reports whether the consonant at i is followed by a vowel
// sign of its own (so it starts a syllable).
func thaiTakesVowel(rs []rune, i int) bool {
	if i+1 >= len(rs) {
		return false
	}
	_, after := thaiVowelAfter[rs[i+1]]
	return after
}

// thaiSyllableOpen reports whether the letters before i end in a vowel or a
// consonant with an inherent vowel, so that the consonant at i can close
// the syllable.
func thaiSyllableOpen(rs []rune, i int) bool {
	if i == 0 {
		return false
	}
	prev := rs[i-1]
	if _, ok := thaiVowelAfter[prev]; ok {
		return true
	}
	_, cons := thaiConsonants[prev]
	return cons
}

// thaiFinal is the value of a consonant closing a syllable.
func thaiFinal(r rune, vowel string) string {
	c := thaiConsonants[r]
	if r == 'ย' && strings.HasSuffix(vowel, "i") {
		return ""
	}
	return c.final
}

func thaiIsCons(r rune) bool {
	_, ok := thaiConsonants[r]
	return ok
}

// thaiCluster reports whether two consonants form an initial cluster (kr,
// pl, kw …). ศร and สร are written as one in personal names (Sri, Srisuk).
func thaiCluster(a, b rune) bool {
	switch b {
	case 'ร', 'ล':
		switch a {
		case 'ก', 'ข', 'ค', 'ต', 'ป', 'พ', 'ผ', 'บ', 'ด', 'ฟ', 'ศ', 'ส':
			return !(b == 'ล' && (a == 'ต' || a == 'ด' || a == 'ศ' || a == 'ส'))
		}
	case 'ว':
		switch a {
		case 'ก', 'ข', 'ค':
			return true
		}
	}
	return false
}
