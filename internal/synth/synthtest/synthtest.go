// Package synthtest gives tests and benchmarks a synthetic world ingested
// into a fresh embedded store.
package synthtest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/synth"
)

// Store writes a synthetic world of people and ingests every agency's
// files into an embedded store under tb's temporary directory (not
// resolved). The store is closed when the test ends.
func Store(tb testing.TB, people int, seed int64) store.Backend {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	world := filepath.Join(dir, "world")
	if _, err := synth.Generate(ctx, synth.Options{Out: world, People: people, Seed: seed}); err != nil {
		tb.Fatal(err)
	}
	b, err := embedded.Open(filepath.Join(dir, "store"), embedded.Options{NoSync: true, CacheBytes: 32 << 20})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Close() })
	maps, err := ingest.LoadMappings(world)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ingest.Run(ctx, b, maps, ingest.Options{}); err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchStore is the store a benchmark runs on: the embedded store named by
// MOSAIC_BENCH_STORE when set (a larger one kept by a mosaic bench command
// with --keep; at a million records the data no longer fits the
// processor's caches, which changes what costs most), else Store(tb,
// people, seed). Either is closed when the benchmark ends.
func BenchStore(tb testing.TB, people int, seed int64) store.Backend {
	tb.Helper()
	dir := os.Getenv("MOSAIC_BENCH_STORE")
	if dir == "" {
		return Store(tb, people, seed)
	}
	b, err := embedded.Open(dir, embedded.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Close() })
	return b
}
