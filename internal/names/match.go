package names

// DefaultThreshold is the Match score at or above which two names are
// reported as the same. It was chosen on the labelled pairs in testdata/
// (see match_test.go) as the point that maximises F1 there, rounded.
const DefaultThreshold = 0.75

// Match parses and compares two names of one kind and returns a score in
// [0,1] and an explanation. For many comparisons against the same name,
// Parse once and use Compare.
func Match(a, b string, kind Kind) (float64, string) {
	na, nb := Parse(a, kind), Parse(b, kind)
	c := Compare(&na, &nb)
	return c.Score, c.Explain(&na, &nb)
}
