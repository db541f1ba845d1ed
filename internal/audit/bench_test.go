package audit

import (
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"
)

// benchAppend runs b.N Appends from `clients` goroutines and reports
// entries/s and latency percentiles. Run with
//
//	go test ./internal/audit -run '^$' -bench Append -benchtime 20000x
func benchAppend(b *testing.B, l Log, clients int) {
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	next := make(chan int, clients)
	go func() {
		for i := 0; i < b.N; i++ {
			next <- i
		}
		close(next)
	}()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := range next {
				e := sample(i)
				t0 := time.Now()
				if err := l.Append(ctx, e); err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/el.Seconds(), "entries/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func BenchmarkFileAppend(b *testing.B) {
	for _, clients := range []int{1, 200} {
		b.Run(clientsName(clients), func(b *testing.B) {
			l, err := OpenFile(filepath.Join(b.TempDir(), "bench.log"))
			if err != nil {
				b.Fatal(err)
			}
			defer l.Close()
			benchAppend(b, l, clients)
		})
	}
}

func BenchmarkPostgresAppend(b *testing.B) {
	u := testPostgres(b)
	for _, clients := range []int{1, 200} {
		b.Run(clientsName(clients), func(b *testing.B) {
			schema := randName("audit_bench_")
			l, err := OpenPostgres(ctx, u, schema)
			if err != nil {
				b.Fatal(err)
			}
			defer func() {
				l.Close()
				if c, err := pgxConnect(u); err == nil {
					c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
					c.Close(ctx)
				}
			}()
			benchAppend(b, l, clients)
		})
	}
}

func clientsName(n int) string {
	if n == 1 {
		return "1-client"
	}
	return "200-clients"
}
