package resolve

import "testing"

// TestWarmMemoHoldsTheScorersAnswers: every score loading a state puts in
// the coherence memo is what comparing the pair gives, the pairs are
// across entities joined by a link at the threshold, and there are some
// (a synthetic world has entities that a link joins but coherence keeps
// apart).
func TestWarmMemoHoldsTheScorersAnswers(t *testing.T) {
	st := resolvedState(t, 600, Config{Workers: 2, WarmMemo: true})
	r := st.r
	n, _ := st.Warmed()
	if n == 0 || len(r.memo) != n {
		t.Fatalf("%d pairs warmed, %d in the memo", n, len(r.memo))
	}
	for k, got := range r.memo {
		a, c := splitPair(k)
		if r.entity[a] == r.entity[c] {
			t.Fatalf("%s and %s are in one entity", r.recs[a].ID, r.recs[c].ID)
		}
		if _, linked := r.linkBetween(a, c); linked {
			t.Fatalf("%s and %s are linked: the link answers for them", r.recs[a].ID, r.recs[c].ID)
		}
		v, ag := r.compare(r.recs[a], r.recs[c])
		want := pairScore{p: Probability(r.pairWeight(v, float32(r.model.adjust(r.tf, ag)))), conflict: r.conflicts(v)}
		if got != want {
			t.Fatalf("%s and %s: memo %+v, compared %+v", r.recs[a].ID, r.recs[c].ID, got, want)
		}
	}
	t.Logf("%d pairs warmed", n)
}
