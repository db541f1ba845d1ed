package search

import (
	"context"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/synth/synthtest"
)

// BenchmarkSearch times searches for names drawn from a synthetic world of
// 20,000 people (about 100,000 name values), as one viewer with a few
// authorisations, a page of 60 hits as the server asks for:
//
//	go test -run none -bench Search ./internal/search
//
// The server-level figure is mosaic bench serve.
func BenchmarkSearch(b *testing.B) {
	ix, err := Build(context.Background(), synthtest.Store(b, 20000, 3))
	if err != nil {
		b.Fatal(err)
	}
	var queries []string
	for i := 0; i < len(ix.values) && len(queries) < 1000; i += 101 {
		if ix.values[i].name != nil {
			queries = append(queries, ix.values[i].text)
		}
	}
	v := model.NewViewer("bench", model.NewAuths("POLICE", "TELECOM", "BORDER"))
	hits := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hits += len(ix.Search(queries[i%len(queries)], v, Options{Limit: 60}))
	}
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
}
