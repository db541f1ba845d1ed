package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/mosaichq/mosaic/internal/screen"
)

func init() {
	benchSubcommands["screen"] = runBenchScreen
}

// runBenchScreen builds a synthetic watchlist of N names and screens Q
// synthetic queries against it on every core, as the screening budget
// (≥ 500 queries/s per core, p99 ≤ 20 ms against 1M names) is stated.
func runBenchScreen(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("mosaic bench screen", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	n := fs.Int("names", 100_000, "names (and aliases) on the synthetic list")
	q := fs.Int("queries", 20_000, "queries to screen")
	listed := fs.Float64("listed", 0.5, "share of queries made from listed subjects (with noise)")
	seed := fs.Uint64("seed", 1, "random seed")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "concurrent screens")
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprintln(e.stdout, "Usage: mosaic bench screen [--names N] [--queries Q] [--listed F] [--seed S] [--workers W]\n\nFlags:")
			fs.SetOutput(e.stdout)
			fs.PrintDefaults()
			return nil
		}
	}
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	if *n <= 0 || *q <= 0 || *workers <= 0 {
		return usagef("--names, --queries and --workers must be positive")
	}

	t0 := time.Now()
	// About 6% of generated aliases parse the same as a name the subject
	// already has and are indexed once; ask for that much more so the
	// index holds about N names.
	recs := screen.SyntheticList(*n+*n*6/100, *seed)
	queries := screen.SyntheticQueries(recs, *q, *listed, *seed+1)
	gen := time.Since(t0)

	var ms0 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	t1 := time.Now()
	ix := screen.NewIndex()
	const batch = 50_000
	p := newProgress(e, "indexing", "")
	for lo := 0; lo < len(recs); lo += batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		ix.Add(recs[lo:min(lo+batch, len(recs))]...)
		p.update(int64(min(lo+batch, len(recs))), int64(len(recs)))
	}
	p.done()
	build := time.Since(t1)
	recs = nil
	runtime.GC()
	var ms1 runtime.MemStats
	runtime.ReadMemStats(&ms1)
	subjects, nameCount := ix.Len()

	lat := make([]time.Duration, len(queries))
	// Service time: the CPU a screen used on its own thread. Other work on
	// the machine delays a screen without making it cost more; this figure
	// shows the cost, the wall-clock one what a caller waited.
	svc := make([]time.Duration, len(queries))
	var next, found, listedN atomic.Int64
	var cpu0 = cpuTime()
	t2 := time.Now()
	var wg sync.WaitGroup
	p = newProgress(e, "screening", "")
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(queries) || ctx.Err() != nil {
					return
				}
				c := threadCPU()
				s := time.Now()
				rs := ix.Screen(queries[i].Query, screen.Options{Limit: 10})
				lat[i] = time.Since(s)
				svc[i] = threadCPU() - c
				if queries[i].Want != "" {
					listedN.Add(1)
					for _, r := range rs {
						if r.ID == queries[i].Want && r.Match {
							found.Add(1)
							break
						}
					}
				}
				if i%1000 == 0 {
					p.update(int64(i), int64(len(queries)))
				}
			}
		}()
	}
	wg.Wait()
	p.done()
	if err := ctx.Err(); err != nil {
		return err
	}
	wall := time.Since(t2)
	cpu := cpuTime() - cpu0
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	sort.Slice(svc, func(i, j int) bool { return svc[i] < svc[j] })
	svcPct := func(f float64) float64 {
		return float64(svc[min(len(svc)-1, int(f*float64(len(svc))))].Microseconds()) / 1000
	}
	pct := func(f float64) float64 {
		return float64(lat[min(len(lat)-1, int(f*float64(len(lat))))].Microseconds()) / 1000
	}
	qps := float64(len(queries)) / wall.Seconds()
	cores := min(*workers, runtime.NumCPU())
	fmt.Fprintf(e.stdout, "list: %d subjects, %d names (generated in %.1fs)\n", subjects, nameCount, gen.Seconds())
	fmt.Fprintf(e.stdout, "build: %.2fs, index heap %.0f MiB (Go heap in use after build %.0f MiB)\n", build.Seconds(),
		float64(ms1.HeapAlloc-min(ms0.HeapAlloc, ms1.HeapAlloc))/(1<<20), float64(ms1.HeapAlloc)/(1<<20))
	fmt.Fprintf(e.stdout, "screen: %d queries in %.2fs on %d workers (%d cores); latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		len(queries), wall.Seconds(), *workers, cores, pct(0.5), pct(0.9), pct(0.99), float64(lat[len(lat)-1].Microseconds())/1000)
	fmt.Fprintf(e.stdout, "service time (CPU per screen on its thread): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms\n", svcPct(0.5), svcPct(0.9), svcPct(0.99))
	if cpu > 0 {
		fmt.Fprintf(e.stdout, "per core: %.0f queries/s (wall) / %d cores = %.0f; by CPU time %.0f queries per CPU-second\n",
			qps, cores, qps/float64(cores), float64(len(queries))/cpu.Seconds())
	} else {
		fmt.Fprintf(e.stdout, "per core: %.0f queries/s (wall) / %d cores = %.0f\n", qps, cores, qps/float64(cores))
	}
	if listedN.Load() > 0 {
		fmt.Fprintf(e.stdout, "listed queries matched to their subject: %d/%d (%.3f)\n", found.Load(), listedN.Load(), float64(found.Load())/float64(listedN.Load()))
	}
	fmt.Fprintf(e.stdout, "names=%d queries=%d qps=%.0f p99_ms=%.2f\n", nameCount, len(queries), qps, pct(0.99))
	return nil
}

// threadCPU is the calling thread's CPU time, to the nanosecond.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
