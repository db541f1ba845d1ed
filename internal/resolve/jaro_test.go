package resolve

import (
	"testing"

	"github.com/mosaichq/mosaic/internal/names"
)

// The bound lets leftoversClose and the contact comparators skip the
// alignment; it must never fall below this package's Jaro-Winkler (which
// gives 0 beyond 64 bytes where the names package cuts), or a pair would
// lose an agreement it has.
func TestJaroWinklerBound(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"martha", "marhta"}, {"dwayne", "duane"}, {"dixon", "dicksonx"},
		{"cornelia", "corrie"}, {"abc", "xyz"}, {"", "x"}, {"aaaa", "a"},
		{"jon", "john"}, {"mohammed", "muhammad"}, {"same", "same"},
	} {
		jw, bound := jaroWinkler(c.a, c.b), names.JaroWinklerBound(c.a, c.b)
		if bound < jw {
			t.Errorf("%q %q: bound %.4f below Jaro-Winkler %.4f", c.a, c.b, bound, jw)
		}
		for _, least := range []float64{0.84, 0.88, 0.9} {
			if got, want := jaroWinklerAtLeast(c.a, c.b, least), jw >= least; got != want {
				t.Errorf("%q %q at least %.2f: %v, want %v", c.a, c.b, least, got, want)
			}
		}
	}
	if b := names.JaroWinklerBound("abc", "xyz"); b != 0 {
		t.Errorf("strings with no letter in common: bound %.3f, want 0", b)
	}
}

func FuzzJaroWinklerBound(f *testing.F) {
	f.Add("martha", "marhta")
	f.Add("cornelia", "corrie")
	f.Add("", "")
	f.Add("0000000000000000000000000000011111111111111111110", "000000000000000000000000000000")
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")
	f.Fuzz(func(t *testing.T, a, b string) {
		if jw, bound := jaroWinkler(a, b), names.JaroWinklerBound(a, b); bound < jw {
			t.Fatalf("%q %q: bound %.6f below Jaro-Winkler %.6f", a, b, bound, jw)
		}
	})
}

// leftoversClose tries names.LetterBound first; it must not fall below
// this package's Jaro-Winkler either.
func FuzzLetterBound(f *testing.F) {
	f.Add("martha", "marhta")
	f.Add("cornelia", "corrie")
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")
	f.Fuzz(func(t *testing.T, a, b string) {
		na, nb := names.Parse(a, names.Person), names.Parse(b, names.Person)
		for i := range na.Tokens {
			for j := range nb.Tokens {
				ta, tb := &na.Tokens[i], &nb.Tokens[j]
				if jw, bound := jaroWinkler(ta.Text, tb.Text), names.LetterBound(ta, tb); bound < jw {
					t.Fatalf("%q %q: letter bound %.6f below Jaro-Winkler %.6f", ta.Text, tb.Text, bound, jw)
				}
			}
		}
	})
}
