package names

import "math/bits"

// String distances on short ASCII tokens, with stack buffers so that the
// comparison hot path does not allocate.

const maxSimLen = 48

// osaDistance is the optimal-string-alignment distance (Levenshtein plus
// adjacent transpositions), giving up early once it exceeds max: it then
// returns max+1.
func osaDistance(a, b string, max int) int {
	if len(a) > maxSimLen {
		a = a[:maxSimLen]
	}
	if len(b) > maxSimLen {
		b = b[:maxSimLen]
	}
	la, lb := len(a), len(b)
	if d := la - lb; d > max || -d > max {
		return max + 1
	}
	if la == 0 {
		return lb
	}
	if lb == 0 {
		return la
	}
	var r0, r1, r2 [maxSimLen + 1]int
	prev2, prev, cur := &r0, &r1, &r2
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := i
		ai := a[i-1]
		for j := 1; j <= lb; j++ {
			cost := 1
			if ai == b[j-1] {
				cost = 0
			}
			v := prev[j] + 1
			if x := cur[j-1] + 1; x < v {
				v = x
			}
			if x := prev[j-1] + cost; x < v {
				v = x
			}
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == b[j-1] {
				if x := prev2[j-2] + 1; x < v {
					v = x
				}
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// JaroWinklerBound is at least the Jaro-Winkler similarity of a and b,
// computed without aligning them: most pairs of different names share
// too few letters to come near a threshold, and are told so at the cost
// of reading them once. A letter of one string can match only a letter
// that occurs in the other, so the matches are at most the letters of
// either side found anywhere in the other; the bound takes that many
// matches and no transpositions, with the exact common prefix. It bounds
// the similarity of the whole strings: jaroWinkler, which cuts them to
// maxSimLen bytes, is bounded by the bound of the cut strings.
func JaroWinklerBound(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	var inA, inB [4]uint64
	for i := 0; i < la; i++ {
		inA[a[i]>>6] |= 1 << (a[i] & 63)
	}
	for i := 0; i < lb; i++ {
		inB[b[i]>>6] |= 1 << (b[i] & 63)
	}
	ma, mb := 0, 0
	for i := 0; i < la; i++ {
		if inB[a[i]>>6]&(1<<(a[i]&63)) != 0 {
			ma++
		}
	}
	for i := 0; i < lb; i++ {
		if inA[b[i]>>6]&(1<<(b[i]&63)) != 0 {
			mb++
		}
	}
	matches := min(ma, mb)
	if matches == 0 {
		return 0
	}
	m := float64(matches)
	j := (m/float64(la) + m/float64(lb) + 1) / 3
	prefix := 0
	for prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}

// LetterBound bounds the Jaro-Winkler similarity of two tokens' texts
// from their letter sets alone, with two population counts: a letter of
// one text that the other lacks is never matched, so each such letter
// takes at least one character out of the matches. It is looser than
// JaroWinklerBound and costs nothing to try first; most parts of two
// different names differ in a letter or two more than a typo would. Texts
// longer than maxSimLen, which jaroWinkler cuts, are not bounded (1).
func LetterBound(a, b *Token) float64 {
	la, lb := len(a.Text), len(b.Text)
	if la > maxSimLen || lb > maxSimLen || a.Text == b.Text {
		return 1
	}
	m := min(la-bits.OnesCount32(a.letters&^b.letters), lb-bits.OnesCount32(b.letters&^a.letters))
	if m <= 0 {
		return 0
	}
	j := (float64(m)/float64(la) + float64(m)/float64(lb) + 1) / 3
	prefix := 0
	for prefix < 4 && prefix < la && prefix < lb && a.Text[prefix] == b.Text[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}

// jaroWinkler returns the Jaro-Winkler similarity of two ASCII strings.
func jaroWinkler(a, b string) float64 {
	if len(a) > maxSimLen {
		a = a[:maxSimLen]
	}
	if len(b) > maxSimLen {
		b = b[:maxSimLen]
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if a == b {
		return 1
	}
	window := la
	if lb > window {
		window = lb
	}
	window = window/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb [maxSimLen]bool
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := i-window, i+window+1
		if lo < 0 {
			lo = 0
		}
		if hi > lb {
			hi = lb
		}
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			trans++
		}
		k++
	}
	m := float64(matches)
	j := (m/float64(la) + m/float64(lb) + (m-float64(trans)/2)/m) / 3
	prefix := 0
	for prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}
