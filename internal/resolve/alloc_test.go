package resolve

import (
	"testing"

	"github.com/mosaichq/mosaic/internal/names"
	"github.com/mosaichq/mosaic/internal/synth/synthtest"
)

// TestScoringDoesNotAllocate guards the batch's inner loop: comparing a
// candidate pair and adjusting its weight for term frequencies run 50M
// times at a million records, and anything they allocate makes the
// collector rescan every record over and over.
func TestScoringDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates")
	}
	recs, nt := storeRecords(t, synthtest.Store(t, 300, 7))
	r := newResolver(Config{}, recs, nt)
	m := defaultModel()
	m.URand = r.tf.uRand()
	r.setModel(m)
	c := newComparer(nt)
	cfg := Config{}
	cfg.defaults()
	pairs, _, _ := buildIndex(recs, cfg.caps(), 1).candidates(1)
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

// TestTermFreqShortcuts: the counts looked up by a part's address and by
// a date are the counts kept by key, which explanations show.
func TestTermFreqShortcuts(t *testing.T) {
	recs, _ := storeRecords(t, synthtest.Store(t, 300, 7))
	tf := newTermFreqs(recs)
	parts, dates := 0, 0
	for _, r := range recs {
		for i := range r.Names {
			for k := range r.Names[i].Tokens {
				tok := &r.Names[i].Tokens[k]
				if got, want := tf.partCount(tok), tf.counts[fFamily][names.TokenKey(tok)]; got != want || want == 0 {
					t.Fatalf("%s: part %q counted %d by address, %d by key", r.ID, tok.Text, got, want)
				}
				parts++
			}
		}
		for _, d := range r.Dates {
			if d.d > 0 {
				if got, want := tf.dates[d], tf.counts[fDate][d.String()]; got != want || want == 0 {
					t.Fatalf("%s: date %s counted %d as a date, %d by key", r.ID, d, got, want)
				}
				dates++
			}
		}
	}
	// A part the counts never saw (a record added later) is looked up by key.
	copied := recs[0].Names[0].Tokens[0]
	if got, want := tf.partCount(&copied), tf.counts[fFamily][names.TokenKey(&copied)]; got != want {
		t.Errorf("a part not counted by address: %d, want %d by key", got, want)
	}
	if parts == 0 || dates == 0 {
		t.Fatalf("checked %d parts and %d dates", parts, dates)
	}
}
