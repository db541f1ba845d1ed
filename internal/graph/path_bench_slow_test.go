//go:build slow

package graph

// Connecting-path benchmark of issue 4 on the synthetic power-law graph of
// bench_slow_test.go (1M nodes, 10M edges by default): evidence strengths
// in (0, 0.99] (a hash of the edge id), cost -ln(strength), hubs = nodes of
// degree > 1000 (excluded, or damped by a penalty of 3 as the entity graph
// does). Run:
//
//	MOSAIC_BENCH_PAIRS=300 go test -tags slow -run none -bench PathQueryRealistic -benchtime 1x -timeout 60m ./internal/graph/
//
// MOSAIC_BENCH_PAIRS sets the random pairs for the hop-bounded queries
// (default 200), MOSAIC_BENCH_SLOWPAIRS those for the unbounded ones
// (default 30; they take up to seconds each), MOSAIC_BENCH_FARPAIRS the
// pairs at least 6 hops apart without hubs (default 50), and only cases
// whose name and pair set contain MOSAIC_BENCH_PATHCASES run when it is set
// (e.g. "hops6_damped+idx far").
//
// Each query is timed by the wall clock and by the CPU time of its thread
// (the goroutine is locked to it): on a loaded machine the wall clock
// includes time spent waiting for a CPU, the thread's CPU time does not.

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func envInt(name string, def int) int {
	if s, err := strconv.Atoi(os.Getenv(name)); err == nil && s > 0 {
		return s
	}
	return def
}

// strengthGraph is the benchmark graph with evidence strengths k/1000 for
// k in 1..levels (a hash of the edge id).
func strengthGraph(b *testing.B, levels uint64) *Graph {
	g0, _ := benchGraph(b)
	bld := NewBuilder(false, true)
	bld.Grow(g0.N(), g0.M())
	for _, name := range g0.Names() {
		bld.Node(name)
	}
	for u := int32(0); u < int32(g0.N()); u++ {
		nb, ids, _ := g0.Out(u)
		for i, v := range nb {
			if v >= u {
				h := uint64(ids[i])*0x9e3779b97f4a7c15 + 1
				h ^= h >> 29
				bld.AddEdge(u, v, float32(1+h%levels)/1000)
			}
		}
	}
	g, err := bld.Build()
	if err != nil {
		b.Fatal(err)
	}
	return g
}

type latencies struct {
	wall, cpu []float64 // milliseconds
}

func (l *latencies) add(wall, cpu time.Duration) {
	l.wall = append(l.wall, float64(wall.Microseconds())/1000)
	l.cpu = append(l.cpu, float64(cpu.Microseconds())/1000)
}

// pct returns the p50, p99 and max of xs (nearest rank).
func pct(xs []float64) (p50, p99, mx float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := func(p float64) float64 {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	return rank(0.5), rank(0.99), s[len(s)-1]
}

func BenchmarkPathQueryRealistic(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	g := strengthGraph(b, 990)
	hubs := NewBitset(g.N())
	damp := make([]float64, g.N())
	nh := 0
	for v := 0; v < g.N(); v++ {
		if g.Degree(int32(v)) > 1000 {
			hubs.Set(v)
			damp[v] = 3
			nh++
		}
	}

	// Preprocessing, once per graph.
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	idx := NewPathIndex(g, CostNegLog)
	build := time.Since(t0)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	b.Logf("graph %d nodes %d edges, %d hubs (degree > 1000); PathIndex(CostNegLog) built in %v on %d threads, %d MiB (%.1f B/edge; heap grew %d MiB)",
		g.N(), g.M(), nh, build.Round(time.Millisecond), runtime.GOMAXPROCS(0), idx.Bytes()>>20, float64(idx.Bytes())/float64(g.M()), (int64(m1.HeapAlloc)-int64(m0.HeapAlloc))>>20)

	r := rand.New(rand.NewPCG(77, 78))
	random := make([][2]int32, envInt("MOSAIC_BENCH_PAIRS", 200))
	for i := range random {
		random[i] = [2]int32{int32(r.IntN(g.N())), int32(r.IntN(g.N()))}
	}
	far := farPairs(b, g, hubs, envInt("MOSAIC_BENCH_FARPAIRS", 50), r)
	slow := random[:min(len(random), envInt("MOSAIC_BENCH_SLOWPAIRS", 30))]

	type bcase struct {
		name  string
		k     int
		opt   PathOptions
		pairs [][2]int32
		set   string
	}
	var cases []bcase
	for _, x := range []*PathIndex{nil, idx} {
		suffix := ""
		if x != nil {
			suffix = "+idx"
		}
		for _, c := range []bcase{
			{"shortest", 1, PathOptions{Cost: CostNegLog}, slow, "random"},
			{"k3", 3, PathOptions{Cost: CostNegLog}, slow, "random"},
			{"k3_nohubs", 3, PathOptions{Cost: CostNegLog, Exclude: hubs}, slow, "random"},
			{"k3_hops6", 3, PathOptions{Cost: CostNegLog, MaxHops: 6}, random, "random"},
			{"k3_hops6_damped", 3, PathOptions{Cost: CostNegLog, MaxHops: 6, NodePenalty: damp}, random, "random"},
			{"k3_hops6_nohubs", 3, PathOptions{Cost: CostNegLog, MaxHops: 6, Exclude: hubs}, random, "random"},
			{"k3_hops6_damped", 3, PathOptions{Cost: CostNegLog, MaxHops: 6, NodePenalty: damp}, far, "far"},
			{"k3_hops6_nohubs", 3, PathOptions{Cost: CostNegLog, MaxHops: 6, Exclude: hubs}, far, "far"},
		} {
			c.name += suffix
			c.opt.Index = x
			if f := os.Getenv("MOSAIC_BENCH_PATHCASES"); f != "" && !strings.Contains(c.name+" "+c.set, f) {
				continue
			}
			cases = append(cases, c)
		}
	}
	var work searchStats
	pathStatsHook = func(s searchStats) {
		work.Searches += s.Searches
		work.BFS += s.BFS
		work.Settled += s.Settled
		work.Scanned += s.Scanned
		work.BFSArcs += s.BFSArcs
	}
	defer func() { pathStatsHook = nil }()
	// The first query of a graph size allocates the searcher's scratch
	// (node-sized arrays, pooled afterwards): keep it out of the figures.
	if _, err := KShortestPaths(g, random[0][0], random[0][1], 3, PathOptions{Cost: CostNegLog, MaxHops: 6}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for _, c := range cases {
		var lat latencies
		found, paths := 0, 0
		work = searchStats{}
		var worst struct {
			cpu  time.Duration
			pair [2]int32
			work searchStats
			res  []Path
		}
		for _, p := range c.pairs {
			before := work
			c0, w0 := threadCPU(), time.Now()
			res, err := KShortestPaths(g, p[0], p[1], c.k, c.opt)
			cpu := threadCPU() - c0
			lat.add(time.Since(w0), cpu)
			if cpu > worst.cpu {
				worst.cpu, worst.pair, worst.res = cpu, p, res
				worst.work = searchStats{Searches: work.Searches - before.Searches, BFS: work.BFS - before.BFS,
					Settled: work.Settled - before.Settled, Scanned: work.Scanned - before.Scanned, BFSArcs: work.BFSArcs - before.BFSArcs}
			}
			if err != nil {
				b.Fatal(err)
			}
			if len(res) > 0 {
				found++
			}
			paths += len(res)
		}
		n := len(c.pairs)
		w50, w99, wmax := pct(lat.wall)
		c50, c99, cmax := pct(lat.cpu)
		if strings.HasPrefix(c.name, "k3_hops6_") && c.set == "random" {
			b.ReportMetric(w99, c.name+"_p99_ms")
		}
		b.Logf("%-20s %-6s %4d pairs, %4d with paths (%d paths) | wall ms p50 %7.2f p99 %8.2f max %8.2f | thread cpu ms p50 %7.2f p99 %8.2f max %8.2f | per query: %.1f searches %.1f bfs, %d settled %d arcs scanned %d bfs arcs",
			c.name, c.set, n, found, paths, w50, w99, wmax, c50, c99, cmax,
			float64(work.Searches)/float64(n), float64(work.BFS)/float64(n), work.Settled/n, work.Scanned/n, work.BFSArcs/n)
		var costs []string
		for _, p := range worst.res {
			costs = append(costs, fmt.Sprintf("%.3f/%d", p.Cost, p.Hops()))
		}
		b.Logf("%-20s %-6s slowest (cpu) %d->%d: %v cpu, paths (cost/hops) %v, %+v", c.name, c.set, worst.pair[0], worst.pair[1], worst.cpu.Round(time.Microsecond), costs, worst.work)
	}
}

// farPairs returns up to n pairs whose fewest-hop path avoiding hubs has at
// least 6 edges (or that no such path joins), drawn from nodes of degree
// at most 3, where far pairs are common.
func farPairs(b *testing.B, g *Graph, hubs Bitset, n int, r *rand.Rand) [][2]int32 {
	var low []int32
	for v := 0; v < g.N(); v++ {
		if d := g.Degree(int32(v)); d >= 1 && d <= 3 {
			low = append(low, int32(v))
		}
	}
	var out [][2]int32
	tried, unreachable := 0, 0
	for len(out) < n && tried < 100*n && len(low) > 1 {
		tried++
		s, t := low[r.IntN(len(low))], low[r.IntN(len(low))]
		p, ok, err := ShortestPath(g, s, t, PathOptions{Exclude: hubs})
		if err != nil {
			b.Fatal(err)
		}
		if !ok || p.Hops() >= 6 {
			if !ok || p.Hops() > 6 {
				unreachable++
			}
			out = append(out, [2]int32{s, t})
		}
	}
	b.Logf("far pairs: %d of %d tried among %d nodes of degree <= 3; %d of them more than 6 hops apart without hubs", len(out), tried, len(low), unreachable)
	if len(out) == 0 {
		b.Fatal("no far pairs")
	}
	return out
}
