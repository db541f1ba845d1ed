package resolve

import "testing"

// The bound lets leftoversClose and the contact comparators skip the
// alignment; it must never fall below the similarity it bounds, or a pair
// would lose an agreement it has.
func TestJaroWinklerBound(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"martha", "marhta"}, {"dwayne", "duane"}, {"dixon", "dicksonx"},
		{"cornelia", "corrie"}, {"abc", "xyz"}, {"", "x"}, {"aaaa", "a"},
		{"jon", "john"}, {"mohammed", "muhammad"}, {"same", "same"},
	} {
		jw, bound := jaroWinkler(c.a, c.b), jaroWinklerBound(c.a, c.b)
		if bound < jw {
			t.Errorf("%q %q: bound %.4f below Jaro-Winkler %.4f", c.a, c.b, bound, jw)
		}
		for _, least := range []float64{0.84, 0.88, 0.9} {
			if got, want := jaroWinklerAtLeast(c.a, c.b, least), jw >= least; got != want {
				t.Errorf("%q %q at least %.2f: %v, want %v", c.a, c.b, least, got, want)
			}
		}
	}
	if b := jaroWinklerBound("abc", "xyz"); b != 0 {
		t.Errorf("strings with no letter in common: bound %.3f, want 0", b)
	}
}

func FuzzJaroWinklerBound(f *testing.F) {
	f.Add("martha", "marhta")
	f.Add("cornelia", "corrie")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		if jw, bound := jaroWinkler(a, b), jaroWinklerBound(a, b); bound < jw {
			t.Fatalf("%q %q: bound %.6f below Jaro-Winkler %.6f", a, b, bound, jw)
		}
	})
}
