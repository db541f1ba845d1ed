package names

import "testing"

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
