package resolve

import (
	"math"
	"sync/atomic"

	"github.com/mosaichq/mosaic/internal/names"
)

// An incremental run links a new record only to candidates that reach the
// review probability, and under a fixed model nearly all of them do not
// (96 % of a new record's candidates at a million records). Most of a
// comparison's time is the names; the other features are cheap. So the
// other features are compared first, and when even the names' best
// levels and their largest term-frequency adjustment could not lift the
// pair to the review weight, the names are not compared at all.
//
// Batch runs compare every pair: EM learns from all of them.

// boundMargin keeps the bound clear of rounding: the weight is summed in
// another order, and its adjustment rounded to a float32.
const boundMargin = 1e-3

// nameCeiling is the most the two name features' levels can add.
func (r *Resolver) nameCeiling() float64 {
	total := 0.0
	for _, f := range []int{fGiven, fFamily} {
		best := 0.0 // a missing name adds nothing
		for l := 1; l < len(r.w[f]); l++ {
			best = math.Max(best, r.w[f][l])
		}
		total += best
	}
	return total
}

// compareAtLeast is compare for a caller that needs only pairs whose
// weight may reach least: it returns ok false, without comparing names,
// for a pair that cannot. A pair it compares gets the levels and
// agreement compare gives.
func (r *Resolver) compareAtLeast(c *comparer, a, b *Record, least, ceiling float64) (Levels, agreement, bool) {
	a, b = ordered(a, b)
	var v Levels
	var ag agreement
	compareRest(a, b, &v, &ag)
	w := r.prior
	for f := fDate; f < numFeatures; f++ {
		if l := v.get(f); l > 0 {
			w += r.w[f][l]
		}
		bits, _, _ := r.model.featureBits(r.tf, &ag, f)
		w += bits
	}
	// Each name feature is adjusted by its rarest matched part, and the
	// matched parts are a's tokens: none is rarer than a's rarest.
	if u := r.model.URand[fFamily]; u != 0 {
		w += 2 * math.Max(0, r.tf.bits(fFamily, u, r.rarestPart(a)))
	}
	if w+ceiling < least-boundMargin {
		return v, ag, false
	}
	g, f := c.compareNames(a, b, &ag)
	v.set(fGiven, g)
	v.set(fFamily, f)
	return v, ag, true
}

// rarestPart is how many records hold the rarest of rec's name parts,
// worked out once per record. Counts do not change while a state lives
// (new records are not counted), so the first answer stays right.
func (r *Resolver) rarestPart(rec *Record) int32 {
	if c := atomic.LoadInt32(&rec.rarest); c > 0 {
		return c - 1
	}
	least := int32(math.MaxInt32 - 1)
	var buf [64]byte
	for i := range rec.Names {
		for t := range rec.Names[i].Tokens {
			key := names.AppendTokenKey(buf[:0], &rec.Names[i].Tokens[t])
			least = min(least, r.tf.counts[fFamily][string(key)])
		}
	}
	atomic.StoreInt32(&rec.rarest, least+1)
	return least
}
