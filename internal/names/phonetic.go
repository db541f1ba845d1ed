package names

import "strings"

// Consonant skeletons.
//
// A skeleton keeps the consonant classes of a folded (ASCII) token and drops
// vowels, so that spellings produced by different transliteration
// traditions, including vowel-less Arabic and Hebrew, meet: Muhammad,
// Mohamed, Mehmet and محمد all give "MHMT"; Youssef, Yusuf and يوسف give
// "YSP". Classes are deliberately coarse where scripts disagree:
//
//	P  b p f v w ph          (Arabic has no p or v; Greek β is v)
//	K  k q c(hard) ck g gh   (Qaddafi, Gaddafi, Kadhafi)
//	H  h kh x(Cyrillic х)    (Halid = Khalid)
//	X  sh sch ch tch cz cs   (Slavic and German spellings of one sound)
//	J  j dj dzh zh
//	S  s z c(soft) ts tz ss
//	T  t d th dh             (Turkish final devoicing: Mehmet, Ahmet)
//	L M N R Y                (Y only word-initially before a vowel)
//	A                        a word-initial vowel or glottal (ع, א)
//
// Letters whose reading depends on the language (ch as in Chaled, g before
// e/i as in George, initial j as in Jusuf) are read the common English way
// in the main skeleton and the other way in an alternate skeleton, so a
// comparison can accept either.

func isVowelByte(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// skeletons returns the main skeleton of a folded token and an alternate
// one ("" when no ambiguous letter occurs).
func skeletons(s string) (main, alt string) {
	m, ambiguous := skeleton(s, false)
	if !ambiguous {
		return m, ""
	}
	a, _ := skeleton(s, true)
	if a == m {
		a = ""
	}
	return m, a
}

func skeleton(s string, alt bool) (string, bool) {
	var out [64]byte
	n := 0
	ambiguous := false
	// Repeats collapse even across vowels: vowel-less scripts write
	// Mamadou as ممدو, so Latin "m-m" must meet Arabic "mm" = "m".
	last := byte(0)
	emit := func(c byte) {
		if c == '.' {
			if n > 0 && out[n-1] != '.' && n < len(out) {
				out[n] = c
				n++
			}
			return
		}
		if c == last {
			return
		}
		last = c
		if n < len(out) {
			out[n] = c
			n++
		}
	}
	at := func(i int) byte {
		if i >= 0 && i < len(s) {
			return s[i]
		}
		return 0
	}
	has := func(i int, p string) bool {
		return i+len(p) <= len(s) && s[i:i+len(p)] == p
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < 'a' || c > 'z' {
			i++
			continue
		}
		if i == 0 {
			switch {
			case c == 'y' && isVowelByte(at(1)):
				emit('Y')
				i++
				continue
			case c == 'i' && isVowelByte(at(1)) && at(1) != 'i':
				emit('Y') // Iosif, Iakov: an initial i before a vowel is a glide
				i++
				continue
			case c == 'j' && isVowelByte(at(1)):
				ambiguous = true
				if alt {
					emit('Y')
				} else {
					emit('J')
				}
				i++
				continue
			case isVowelByte(c):
				emit('A')
				for i < len(s) && isVowelByte(s[i]) {
					i++
				}
				continue
			}
		}
		switch {
		case has(i, "tsch"):
			emit('X')
			i += 4
		case has(i, "sch"), has(i, "tch"), has(i, "tsh"):
			emit('X')
			i += 3
		case has(i, "dzh"):
			emit('J')
			i += 3
		case has(i, "sh"), has(i, "cz"):
			emit('X')
			i += 2
		case has(i, "cs") && (i+2 == len(s) || isVowelByte(at(i+2))):
			emit('X') // Hungarian cs
			i += 2
		case has(i, "tj") && i+2 == len(s):
			emit('X') // Scandinavian -vitj
			i += 2
		case has(i, "tx"):
			emit('X') // Catalan -vitx
			i += 2
		case has(i, "ch"):
			ambiguous = true
			if alt {
				emit('H')
			} else {
				emit('X')
			}
			i += 2
		case has(i, "kh"):
			emit('H')
			i += 2
		case has(i, "zh"), has(i, "dj"):
			emit('J')
			i += 2
		case has(i, "th"), has(i, "dh"):
			emit('T')
			i += 2
		case has(i, "ph"):
			emit('P')
			i += 2
		case has(i, "gh"), has(i, "ck"):
			emit('K')
			i += 2
		case has(i, "ts"), has(i, "tz"):
			emit('S')
			i += 2
		default:
			i++
			switch c {
			case 'a', 'e', 'i', 'o', 'u', 'y':
				emit('.')
			case 'b', 'p', 'f', 'v':
				emit('P')
			case 'w':
				// w after a vowel and not before one is a vowel glide (Andrew)
				if i-1 > 0 && isVowelByte(at(i-2)) && !isVowelByte(at(i)) {
					emit('.')
				} else {
					emit('P')
				}
			case 'k', 'q':
				emit('K')
			case 'g':
				if nx := at(i); nx == 'e' || nx == 'i' || nx == 'y' {
					ambiguous = true
					if alt {
						emit('J')
						continue
					}
				}
				emit('K')
			case 'c':
				if nx := at(i); nx == 'e' || nx == 'i' || nx == 'y' {
					emit('S')
				} else {
					emit('K')
				}
			case 'x':
				emit('K')
				emit('S')
			case 'h':
				emit('H')
			case 'j':
				emit('J')
			case 's', 'z':
				emit('S')
			case 't', 'd':
				emit('T')
			case 'l':
				emit('L')
			case 'm':
				emit('M')
			case 'n':
				emit('N')
			case 'r':
				emit('R')
			}
		}
	}
	// Drop vowel separators.
	w := 0
	for r := 0; r < n; r++ {
		if out[r] == '.' {
			continue
		}
		out[w] = out[r]
		w++
	}
	n = w
	// A final h after the last consonant is silent or a vowel carrier
	// (Fatimah, Abdullah, Zadeh, Allah).
	if n > 1 && out[n-1] == 'H' {
		n--
	}
	return string(out[:n]), ambiguous
}

// skeletonRepeats counts the consonants that the skeleton merges with the
// same consonant across a vowel (Mamadou, Keqiang). Two spellings with
// vowels written that meet only by such merging are different names.
func skeletonRepeats(s string) int {
	m, _ := skeleton(s, false)
	// The skeleton of the letters with vowels kept as separators, merging
	// only adjacent consonants, is longer by the merges across vowels.
	var b [64]byte
	n := 0
	for i := 0; i < len(s) && n < len(b); i++ {
		b[n] = s[i]
		n++
		if isVowelByte(s[i]) && i+1 < len(s) && !isVowelByte(s[i+1]) {
			if n < len(b) {
				b[n] = '-'
				n++
			}
		}
	}
	total := 0
	for _, part := range strings.Split(string(b[:n]), "-") {
		p, _ := skeleton(part, false)
		total += len(p)
	}
	if d := total - len(m); d > 0 {
		return d
	}
	return 0
}
