package resolve

import "testing"

// TestScoringDoesNotAllocate guards the batch's inner loop: comparing a
// candidate pair and adjusting its weight for term frequencies run 50M
// times at a million records, and anything they allocate makes the
// collector rescan every record over and over.
func TestScoringDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates")
	}
	r, pairs := scoringWorld(t)
	recs := r.recs
	c := newComparer(r.names)
	if len(pairs) < 100 {
		t.Fatalf("only %d candidate pairs", len(pairs))
	}
	agreed := 0
	k := 0
	allocs := testing.AllocsPerRun(2000, func() {
		i, j := splitPair(pairs[k%len(pairs)])
		k++
		v, ag := c.compare(recs[i], recs[j])
		if ag.given.n+ag.family.n > 0 || ag.dated {
			agreed++
		}
		r.pairWeight(v, float32(r.model.adjust(r.tf, ag)))
	})
	if allocs != 0 {
		t.Errorf("scoring a pair allocates %.2f times", allocs)
	}
	if agreed == 0 {
		t.Fatal("no pair agreed on a name or date: the test exercised no term-frequency lookups")
	}
}
