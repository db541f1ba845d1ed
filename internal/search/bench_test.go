package search

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/synth"
)

// BenchmarkSearch times searches for names drawn from a synthetic world of
// 20,000 people (about 100,000 name values), as one viewer with a few
// authorisations, a page of 60 hits as the server asks for:
//
//	go test -run none -bench Search ./internal/search
//
// The server-level figure is mosaic bench serve.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	if _, err := synth.Generate(ctx, synth.Options{Out: filepath.Join(dir, "world"), People: 20000, Seed: 3}); err != nil {
		b.Fatal(err)
	}
	st, err := embedded.Open(filepath.Join(dir, "store"), embedded.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	maps, err := ingest.LoadMappings(filepath.Join(dir, "world"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ingest.Run(ctx, st, maps, ingest.Options{}); err != nil {
		b.Fatal(err)
	}
	ix, err := Build(ctx, st)
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
