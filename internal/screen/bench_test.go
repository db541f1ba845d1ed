package screen

import (
	"sync"
	"testing"
)

var benchOnce sync.Once
var benchIx *Index
var benchQ []LabelledQuery

func benchSetup(b *testing.B) {
	benchOnce.Do(func() {
		recs := SyntheticList(100_000, 1)
		benchIx = NewIndex()
		benchIx.Add(recs...)
		benchQ = SyntheticQueries(recs, 5000, 0.5, 2)
	})
}

func BenchmarkBuild(b *testing.B) {
	recs := SyntheticList(50_000, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix := NewIndex()
		ix.Add(recs...)
	}
}

func BenchmarkScreen(b *testing.B) {
	benchSetup(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchIx.Screen(benchQ[i%len(benchQ)].Query, Options{})
	}
}
