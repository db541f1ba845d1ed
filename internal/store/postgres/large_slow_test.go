//go:build slow

package postgres

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// TestLargeLoad streams a million statements (benchSize) through one
// loader: exact stats, totals that match a recount, a reload that adds
// nothing, a full scan in record order, and a heap that stays small because
// nothing is held in Go.
func TestLargeLoad(t *testing.T) {
	s := openTest(t)
	n := benchSize()
	// Sample the heap while loading: the loader must stream.
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	}()
	t0 := time.Now()
	ws := ingest(t, s, n)
	took := time.Since(t0)
	close(stop)
	wg.Wait()
	t.Logf("loaded %d statements in %v (%.0f statements/s), peak Go heap %d MiB",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), peak.Load()>>20)
	if ws != (store.WriteStats{Statements: n, Records: n / perRecord}) {
		t.Fatalf("stats = %+v", ws)
	}
	// Holding the load would take several hundred MiB; streaming takes a
	// few buffers.
	if peak.Load() > 256<<20 {
		t.Errorf("peak heap %d MiB while loading: the loader is not streaming", peak.Load()>>20)
	}
	c := checkCounts(t, s)
	if c.Statements != int64(n) || c.Records != int64(n/perRecord) || c.Sources != 8 {
		t.Errorf("counts = %+v", c)
	}
	t0 = time.Now()
	ws = ingest(t, s, n)
	t.Logf("reloaded in %v: %+v", time.Since(t0).Round(time.Millisecond), ws)
	if ws != (store.WriteStats{Skipped: n}) {
		t.Errorf("reload = %+v", ws)
	}
	t0 = time.Now()
	seen, prev := 0, ""
	err := s.ScanStatements(context.Background(), func(st *model.Statement) error {
		if st.Record < prev {
			t.Fatalf("scan out of record order: %q after %q", st.Record, prev)
		}
		prev = st.Record
		seen++
		return nil
	})
	t.Logf("scanned %d statements in %v", seen, time.Since(t0).Round(time.Millisecond))
	if err != nil || seen != n {
		t.Errorf("scan saw %d, %v", seen, err)
	}
}
