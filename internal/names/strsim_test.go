package names

import (
	"strings"
	"testing"
)

// textSim skips aligning two parts when the bound rules out the least
// Jaro-Winkler any of its branches needs; the bound must never fall below
// the similarity itself.
func TestJaroWinklerBound(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"martha", "marhta"}, {"dwayne", "duane"}, {"jeong", "jong"},
		{"abc", "xyz"}, {"", "x"}, {"aaaa", "a"}, {"muhammad", "mohammed"},
	} {
		if jw, bound := jaroWinkler(c.a, c.b), JaroWinklerBound(c.a, c.b); bound < jw { // all shorter than maxSimLen
			t.Errorf("%q %q: bound %.4f below Jaro-Winkler %.4f", c.a, c.b, bound, jw)
		}
	}
	if b := JaroWinklerBound("abc", "xyz"); b != 0 {
		t.Errorf("no letter in common: bound %.3f, want 0", b)
	}
	if b := JaroWinklerBound("abcdefgh", "zyxwvuth"); b >= 0.7 {
		t.Errorf("one letter in common of eight: bound %.3f, want it to rule the pair out", b)
	}
}

func FuzzJaroWinklerBound(f *testing.F) {
	f.Add("martha", "marhta")
	f.Add("jeong", "jong")
	f.Add("0000000000000000000000000000011111111111111111110", "000000000000000000000000000000")
	f.Fuzz(func(t *testing.T, a, b string) {
		cut := func(s string) string { return s[:min(len(s), maxSimLen)] }
		if jw, bound := jaroWinkler(a, b), JaroWinklerBound(cut(a), cut(b)); bound < jw {
			t.Fatalf("%q %q: bound %.6f below Jaro-Winkler %.6f", a, b, bound, jw)
		}
	})
}

// letterTokens makes two tokens as parsing leaves them: the letter set
// of each text.
func letterTokens(a, b string) (*Token, *Token) {
	return &Token{Text: a, letters: letterSet(a)}, &Token{Text: b, letters: letterSet(b)}
}

// LetterBound is tried before JaroWinklerBound: it too must never fall
// below the similarity, and it rules out parts that differ in letters.
func TestLetterBound(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"martha", "marhta"}, {"dwayne", "duane"}, {"jeong", "jong"}, {"maria", "mario"},
		{"abc", "xyz"}, {"x", "x"}, {"aaaa", "a"}, {"muhammad", "mohammed"}, {"o'neil", "oneil"},
		{"ab1", "ab2"}, {"jean-luc", "jeanluc"},
	} {
		ta, tb := letterTokens(c.a, c.b)
		if jw, bound := jaroWinkler(c.a, c.b), LetterBound(ta, tb); bound < jw {
			t.Errorf("%q %q: letter bound %.4f below Jaro-Winkler %.4f", c.a, c.b, bound, jw)
		}
	}
	if b := LetterBound(letterTokens("john", "mary")); b != 0 {
		t.Errorf("no letter in common: bound %.3f, want 0", b)
	}
	if b := LetterBound(letterTokens("peter", "pavel")); b >= 0.7 {
		t.Errorf("peter, pavel: bound %.3f, want it to rule the pair out", b)
	}
	long := strings.Repeat("a", maxSimLen+1)
	if b := LetterBound(letterTokens(long, "b")); b != 1 {
		t.Errorf("a text longer than jaroWinkler reads: bound %.3f, want 1 (none)", b)
	}
}

func FuzzLetterBound(f *testing.F) {
	f.Add("martha", "marhta")
	f.Add("jeong", "jong")
	f.Add("aab", "abb")
	f.Fuzz(func(t *testing.T, a, b string) {
		if jw, bound := jaroWinkler(a, b), LetterBound(letterTokens(a, b)); bound < jw {
			t.Fatalf("%q %q: letter bound %.6f below Jaro-Winkler %.6f", a, b, bound, jw)
		}
	})
}
