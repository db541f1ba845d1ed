package resolve

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/synth/synthtest"
)

// benchSet is the records and candidate pairs of a synthetic world.
type benchSet struct {
	recs  []*Record
	pairs []uint64
	names *nameTable
}

var benchCache *benchSet

// benchPairs builds the bench set once per test binary (the testing
// package calls a benchmark several times) and collects the garbage of
// building it before timing starts. MOSAIC_BENCH_STORE names a larger
// store (one kept by mosaic bench resolve --keep DIR is in DIR/store.ingested).
func benchPairs(b *testing.B, people int) *benchSet {
	b.Helper()
	if benchCache == nil {
		benchCache = buildBenchSet(b, people)
	}
	runtime.GC()
	return benchCache
}

func buildBenchSet(b *testing.B, people int) *benchSet {
	recs, nt := storeRecords(b, synthtest.BenchStore(b, people, 7))
	cfg := Config{}
	cfg.defaults()
	ix := buildIndex(recs, cfg.caps(), cfg.Workers)
	pairs, _, _ := ix.candidates(cfg.Workers)
	return &benchSet{recs: recs, pairs: pairs, names: nt}
}

// storeRecords builds the resolver's records of a store.
func storeRecords(tb testing.TB, st store.Backend) ([]*Record, *nameTable) {
	tb.Helper()
	nt := newNameTable()
	recs, err := loadRecords(context.Background(), st, nt, 0, func(string, int64, int64) {})
	if err != nil {
		tb.Fatal(err)
	}
	return recs, nt
}

// BenchmarkScorePair is one candidate pair's comparison vector, its
// term-frequency adjustment and its weight, on one core, pairs taken in
// the order Batch takes them.
func BenchmarkScorePair(b *testing.B) {
	set := benchPairs(b, 3000)
	r := newResolver(Config{}, set.recs, set.names)
	r.setModel(defaultModel())
	c := newComparer(set.names)
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		i, j := splitPair(set.pairs[k%len(set.pairs)])
		v, ag := c.compare(set.recs[i], set.recs[j])
		r.pairWeight(v, float32(r.model.adjust(r.tf, ag)))
	}
}

// BenchmarkAdjust is the term-frequency adjustment alone, for agreements
// of candidate pairs taken in Batch's order, under the data's own chances
// of agreeing (a default model has none and adjusts nothing).
func BenchmarkAdjust(b *testing.B) {
	set := benchPairs(b, 3000)
	r := newResolver(Config{}, set.recs, set.names)
	m := defaultModel()
	m.URand = r.tf.uRand()
	r.setModel(m)
	c := newComparer(set.names)
	ags := make([]agreement, min(len(set.pairs), 20000))
	for k := range ags {
		i, j := splitPair(set.pairs[k])
		_, ags[k] = c.compare(set.recs[i], set.recs[j])
	}
	b.ResetTimer()
	sum := 0.0
	for k := 0; k < b.N; k++ {
		sum += r.model.adjust(r.tf, ags[k%len(ags)])
	}
	runtime.KeepAlive(sum)
}

// BenchmarkComparePair is the comparison vector alone, with the records
// in the loader's order and where it put them, and after layOut (sorted,
// in neighbouring memory, with their own candidate pairs), then touching
// ahead as Batch does. Run on a large store (MOSAIC_BENCH_STORE) for the
// difference to show; at 3,000 people every record is in cache.
func BenchmarkComparePair(b *testing.B) {
	set := benchPairs(b, 3000)
	run := func(b *testing.B, c *comparer, recs []*Record, pairs []uint64, touch bool) {
		n := len(pairs)
		for k := 0; k < b.N; k++ {
			if touch && k%touchAhead == 0 {
				at := k % n
				runtime.KeepAlive(touchPairs(recs, pairs[at:min(at+touchAhead, n)]))
			}
			i, j := splitPair(pairs[k%n])
			c.compare(recs[i], recs[j])
		}
		b.ReportMetric(float64(n), "candidates")
	}
	loaded := slices.Clone(set.recs)
	laid := slices.Clone(set.recs)
	layOut(laid)
	cfg := Config{}
	cfg.defaults()
	laidPairs, _, _ := buildIndex(laid, cfg.caps(), cfg.Workers).candidates(cfg.Workers)
	plain := newComparer(set.names)
	runtime.GC()
	for round := 0; round < 2; round++ {
		b.Run("loaded", func(b *testing.B) { run(b, plain, loaded, set.pairs, false) })
		b.Run("laid-out", func(b *testing.B) { run(b, plain, laid, laidPairs, false) })
		b.Run("laid-out+touched", func(b *testing.B) { run(b, plain, laid, laidPairs, true) })
	}
}

// BenchmarkBlocking is the cost of building the index and its candidates.
func BenchmarkBlocking(b *testing.B) {
	set := benchPairs(b, 3000)
	cfg := Config{}
	cfg.defaults()
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		ix := buildIndex(set.recs, cfg.caps(), cfg.Workers)
		ix.candidates(cfg.Workers)
	}
	b.ReportMetric(float64(len(set.recs)), "records")
}

// BenchmarkLoad is reading the records of a store (MOSAIC_BENCH_STORE
// for a large one) and laying them out, as Batch starts.
func BenchmarkLoad(b *testing.B) {
	st := synthtest.BenchStore(b, 3000, 7)
	for k := 0; k < b.N; k++ {
		runtime.GC()
		start := time.Now()
		recs, _ := storeRecords(b, st)
		loaded := time.Since(start)
		layOut(recs)
		b.ReportMetric(loaded.Seconds(), "load-s")
		b.ReportMetric(time.Since(start).Seconds()-loaded.Seconds(), "layout-s")
		b.ReportMetric(float64(len(recs)), "records")
	}
}

// BenchmarkCompareAll is Batch's compare stage on every candidate pair of
// the laid-out records, on two workers: the comparison levels alone, and
// with the term-frequency adjustment Batch adds to each (under a default
// model with the data's own chance agreement).
func BenchmarkCompareAll(b *testing.B) {
	set := benchPairs(b, 3000)
	laid := slices.Clone(set.recs)
	layOut(laid)
	cfg := Config{}
	cfg.defaults()
	pairs, _, _ := buildIndex(laid, cfg.caps(), cfg.Workers).candidates(cfg.Workers)
	levels := make([]Levels, len(pairs))
	tfAdj := make([]float32, len(pairs))
	r := newResolver(cfg, laid, set.names)
	m := defaultModel()
	m.URand = r.tf.uRand()
	r.setModel(m)
	runtime.GC()
	run := func(b *testing.B, adjust bool) {
		for n := 0; n < b.N; n++ {
			const chunk = 4096
			var next atomic.Int64
			var wg sync.WaitGroup
			for w := 0; w < 2; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := newComparer(set.names) // one per worker, as in Batch
					for {
						lo := int(next.Add(chunk) - chunk)
						if lo >= len(pairs) {
							return
						}
						hi := min(len(pairs), lo+chunk)
						for x := lo; x < hi; x++ {
							if (x-lo)%touchAhead == 0 {
								runtime.KeepAlive(touchPairs(laid, pairs[x:min(x+touchAhead, hi)]))
							}
							i, j := splitPair(pairs[x])
							var ag agreement
							levels[x], ag = c.compare(laid[i], laid[j])
							if adjust { // as Batch scores every pair
								tfAdj[x] = float32(r.model.adjust(r.tf, ag))
							}
						}
					}
				}()
			}
			wg.Wait()
		}
		b.ReportMetric(float64(len(pairs))*float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
	}
	for round := 0; round < 2; round++ {
		b.Run("levels", func(b *testing.B) { run(b, false) })
		b.Run("scored", func(b *testing.B) { run(b, true) })
	}
}
