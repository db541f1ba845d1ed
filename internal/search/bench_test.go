package search

import (
	"context"
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/synth/synthtest"
)

// BenchmarkSearch times searches for names drawn from a synthetic world of
// 20,000 people (about 100,000 name values), as one viewer with a few
// authorisations, a page of 60 hits as the server asks for, each hit's
// explanation asked for as the server does for the best hit per entity
// (about a third):
//
//	go test -run none -bench Search ./internal/search
//
// MOSAIC_BENCH_STORE names a larger embedded store to index instead (one
// kept by mosaic bench serve --keep DIR is DIR/store): at a million records
// the index no longer fits the processor's caches, which changes what
// costs most. The server-level figure is mosaic bench serve.
func BenchmarkSearch(b *testing.B) {
	ix, err := Build(context.Background(), synthtest.BenchStore(b, 20000, 3))
	if err != nil {
		b.Fatal(err)
	}
	var queries []string
	for i := 0; i < len(ix.values) && len(queries) < 1000; i += len(ix.values) / 1000 {
		if nameProps[ix.props.list[ix.values[i].prop]] {
			queries = append(queries, ix.texts.str(int32(i)))
		}
	}
	// What the index costs the collector, which marks it in every cycle
	// for as long as the server runs.
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/scan/heap:bytes"}, {Name: "/gc/heap/objects:objects"}}
	metrics.Read(sample)
	v := model.NewViewer("bench", model.NewAuths("POLICE", "TELECOM", "BORDER"))
	hits := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		found := ix.Search(queries[i%len(queries)], v, Options{Limit: 60})
		hits += len(found)
		for j := 0; j < len(found); j += 3 {
			_ = found[j].Why()
		}
	}
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
	b.ReportMetric(float64(sample[0].Value.Uint64())/(1<<20), "heap-scanned-MiB")
	b.ReportMetric(float64(sample[1].Value.Uint64())/1e6, "heap-Mobjects")
}
