package resolve

import (
	"context"
	"math"
	"path/filepath"
	"testing"
)

// resolvedState resolves a synthetic world of people in batch and loads
// the incremental state from the result.
func resolvedState(t *testing.T, people int, cfg Config) *State {
	t.Helper()
	dir := world(t, people)
	all, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
	ctx := context.Background()
	b := openStore(t)
	ingestFiles(t, b, all...)
	if _, err := Batch(ctx, b, Config{Workers: cfg.Workers}); err != nil {
		t.Fatal(err)
	}
	st, err := LoadState(ctx, b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestCompareAtLeastIsABound: on a trained model, every pair that
// compareAtLeast leaves out scores below the review weight, every pair it
// compares gets compare's answer, and every linked pair is compared. It
// also fails if the bound leaves nothing out, which would make it cost
// without saving.
func TestCompareAtLeastIsABound(t *testing.T) {
	st := resolvedState(t, 600, Config{Workers: 2})
	r := st.r
	least := math.Log2(r.cfg.Review / (1 - r.cfg.Review))
	ceiling := r.nameCeiling()
	c := newComparer(r.names)
	check := func(i, j int32) (skipped bool) {
		v, ag, ok := r.compareAtLeast(c, r.recs[i], r.recs[j], least, ceiling)
		wv, wag := r.compare(r.recs[i], r.recs[j])
		wt := r.pairWeight(wv, float32(r.model.adjust(r.tf, wag)))
		if !ok {
			if wt >= least {
				t.Fatalf("%s and %s left out at weight %.3f, review at %.3f", r.recs[i].ID, r.recs[j].ID, wt, least)
			}
			return true
		}
		if v != wv || r.model.adjust(r.tf, ag) != r.model.adjust(r.tf, wag) {
			t.Fatalf("%s and %s: levels %v, compare gives %v", r.recs[i].ID, r.recs[j].ID, v, wv)
		}
		return false
	}
	linked := 0
	for a, ls := range r.links {
		for _, l := range ls {
			if check(int32(a), l.b) {
				t.Fatalf("linked pair %s and %s left out", r.recs[a].ID, r.recs[l.b].ID)
			}
			linked++
		}
	}
	// Neighbours in the layout share birth dates and names more often
	// than random pairs, like candidates do.
	pairs, skipped := 0, 0
	for i := int32(0); int(i) < len(r.recs); i++ {
		for j := i + 1; int(j) < len(r.recs) && j < i+40; j++ {
			pairs++
			if check(i, j) {
				skipped++
			}
		}
	}
	if linked == 0 || skipped == 0 {
		t.Fatalf("%d linked pairs, %d of %d pairs left out: the test shows nothing", linked, skipped, pairs)
	}
	t.Logf("%d linked pairs compared; %d of %d nearby pairs left out", linked, skipped, pairs)
}
