package resolve

import (
	"math"
	"testing"
)

// TestJoinWeightAgreesWithProbability: clustering walks links by weight
// (w >= joinAt) where it used to compute each link's probability; the two
// must agree on every float32 weight near the threshold, or batch and
// incremental runs could cut components differently.
func TestJoinWeightAgreesWithProbability(t *testing.T) {
	for _, p := range []float64{math.NaN(), 0, 1} { // the edges, without looping
		for _, w := range []float32{-40, 0, 40} {
			if got, want := w >= joinWeight(p), Probability(float64(w)) >= p; got != want {
				t.Fatalf("p=%v w=%v: w >= joinAt is %v, Probability >= p is %v", p, w, got, want)
			}
		}
	}
	for _, p := range []float64{0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.2} {
		at := joinWeight(p)
		w := at
		for range 2000 {
			w = math.Nextafter32(w, float32(math.Inf(-1)))
		}
		for range 4000 {
			if got, want := w >= at, Probability(float64(w)) >= p; got != want {
				t.Fatalf("p=%v w=%v: w >= joinAt is %v, Probability >= p is %v", p, w, got, want)
			}
			w = math.Nextafter32(w, float32(math.Inf(1)))
		}
		for _, w := range []float32{-40, -3, 0, 3, 7, 40} {
			if got, want := w >= at, Probability(float64(w)) >= p; got != want {
				t.Fatalf("p=%v w=%v: w >= joinAt is %v, Probability >= p is %v", p, w, got, want)
			}
		}
	}
}
