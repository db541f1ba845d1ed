package resolve

import (
	"math/rand/v2"
	"testing"
)

// TestTFTableEqualsFormula: the tabled adjustment is the formula's, bit
// for bit, for tabled counts and beyond, and a table made for other
// chances of agreeing is not used.
func TestTFTableEqualsFormula(t *testing.T) {
	tf := &termFreqs{n: 992_704}
	var u [numFeatures]float64
	rng := rand.New(rand.NewPCG(1, 2))
	for f := range u {
		u[f] = rng.Float64() / 1000
	}
	check := func(u [numFeatures]float64) {
		t.Helper()
		for f := range u {
			for _, c := range []int32{0, 1, 2, 7, 500, tfTableSize - 1, tfTableSize, 50_000} {
				if got, want := tf.bits(f, u[f], c), tfBits(u[f], c, tf.n); got != want {
					t.Fatalf("feature %d count %d: table %v, formula %v", f, c, got, want)
				}
			}
		}
	}
	check(u) // no table yet
	tf.prepare(u)
	check(u)
	other := u
	other[fDate] *= 3
	check(other) // the table is for u
	tf.prepare(other)
	check(other)
	check(u)
	// And the table is what answers for tabled counts.
	tf.table.Load().bits[fDate][7] = 42
	if got := tf.bits(fDate, other[fDate], 7); got != 42 {
		t.Errorf("a tabled count was computed (%v), not read from the table", got)
	}
}
