package resolve

import (
	"math"
	"strings"
	"testing"

	"github.com/mosaichq/mosaic/internal/synth/synthtest"
)

// TestExplanationAddsUpToScore: the waterfall an analyst reads sums to the
// weight the resolver linked on, term-frequency adjustments of names and
// other values included, for every candidate pair of a synthetic world.
func TestExplanationAddsUpToScore(t *testing.T) {
	r, pairs := scoringWorld(t)
	recs, m := r.recs, r.model
	if len(pairs) < 1000 {
		t.Fatalf("only %d candidate pairs", len(pairs))
	}
	nameNotes := 0
	for _, p := range pairs {
		i, j := splitPair(p)
		v, ag := comparePair(recs[i], recs[j])
		want := r.pairWeight(v, float32(m.adjust(r.tf, ag)))
		ex := m.explain(v, ag, r.tf)
		sum := ex.Prior
		for _, c := range ex.Contributions {
			sum += c.Weight
			if (c.Feature == featureNames[fGiven] || c.Feature == featureNames[fFamily]) && strings.Contains(c.Note, "rarity") {
				nameNotes++
			}
		}
		if math.Abs(ex.Weight-want) > 1e-4 || math.Abs(sum-ex.Weight) > 1e-9 {
			t.Fatalf("%s / %s: explanation totals %.4f (rows %.4f), the scorer %.4f", recs[i].ID, recs[j].ID, ex.Weight, sum, want)
		}
	}
	if nameNotes == 0 {
		t.Fatal("no explanation mentions how rare an agreeing name is")
	}
}

// scoringWorld is the resolver of a small synthetic world under a default
// model with the data's own chance agreement, and its candidate pairs.
func scoringWorld(t *testing.T) (*Resolver, []uint64) {
	t.Helper()
	recs, nt := storeRecords(t, synthtest.Store(t, 300, 7))
	r := newResolver(Config{}, recs, nt)
	m := defaultModel()
	m.URand = r.tf.uRand()
	r.setModel(m)
	cfg := Config{}
	cfg.defaults()
	pairs, _, _ := buildIndex(recs, cfg.caps(), 1).candidates(1)
	return r, pairs
}
