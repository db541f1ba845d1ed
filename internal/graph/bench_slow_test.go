//go:build slow

package graph

// Benchmarks on a synthetic power-law graph (default 1M nodes, 10M edges;
// MOSAIC_BENCH_NODES / MOSAIC_BENCH_EDGES change it). The edge file is
// generated once into $TMPDIR/mosaic-graph-bench and reused. Run:
//
//	go test -tags slow -run none -bench . -benchtime 1x -timeout 60m ./internal/graph/
//
// BenchmarkPageRankVsIgraph needs /usr/bin/python3 with python3-igraph and
// python3-numpy; it interleaves igraph's and Mosaic's runs on the same file.

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func benchSize() (int, int) {
	n, m := 1_000_000, 10_000_000
	if s, err := strconv.Atoi(os.Getenv("MOSAIC_BENCH_NODES")); err == nil && s > 0 {
		n = s
	}
	if s, err := strconv.Atoi(os.Getenv("MOSAIC_BENCH_EDGES")); err == nil && s > 0 {
		m = s
	}
	return n, m
}

var (
	benchOnce  sync.Once
	benchPath  string
	benchG     *Graph
	benchErr   error
	benchStats struct {
		loadTime   time.Duration
		heapBytes  uint64
		peakRSS    uint64
		estimate   int
		genSeconds float64
	}
)

// benchGraph generates (once) and loads the benchmark graph, measuring the
// heap it retains and the process's peak RSS.
func benchGraph(b *testing.B) (*Graph, string) {
	benchOnce.Do(func() {
		n, m := benchSize()
		dir := filepath.Join(os.TempDir(), "mosaic-graph-bench")
		if benchErr = os.MkdirAll(dir, 0o755); benchErr != nil {
			return
		}
		benchPath = filepath.Join(dir, fmt.Sprintf("powerlaw_n%d_m%d_g2.5_s1.csv", n, m))
		if _, err := os.Stat(benchPath); err != nil {
			t0 := time.Now()
			src, dst := PowerLawEdges(n, m, 2.5, 1)
			tmp := benchPath + ".tmp"
			f, err := os.Create(tmp)
			if err != nil {
				benchErr = err
				return
			}
			if benchErr = WriteEdgeCSV(f, src, dst); benchErr != nil {
				return
			}
			f.Close()
			if benchErr = os.Rename(tmp, benchPath); benchErr != nil {
				return
			}
			benchStats.genSeconds = time.Since(t0).Seconds()
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		t0 := time.Now()
		f, err := os.Open(benchPath)
		if err != nil {
			benchErr = err
			return
		}
		benchG, benchErr = ReadEdgeList(f, EdgeListOptions{})
		f.Close()
		benchStats.loadTime = time.Since(t0)
		runtime.GC()
		runtime.ReadMemStats(&after)
		benchStats.heapBytes = after.HeapAlloc - before.HeapAlloc
		benchStats.peakRSS = peakRSS()
		benchStats.estimate = benchG.Bytes()
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchG, benchPath
}

// peakRSS reads VmHWM (the process's peak resident set) in bytes.
func peakRSS() uint64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// BenchmarkGraphMemory reports the bytes per edge the loaded graph keeps
// (heap after GC, name table included) and the peak RSS of loading it.
func BenchmarkGraphMemory(b *testing.B) {
	g, path := benchGraph(b)
	m := float64(g.M())
	b.ReportMetric(float64(benchStats.heapBytes)/m, "heapB/edge")
	b.ReportMetric(float64(benchStats.peakRSS)/m, "peakRSS_B/edge")
	b.ReportMetric(float64(benchStats.estimate)/m, "estB/edge")
	b.ReportMetric(benchStats.loadTime.Seconds(), "load_s")
	b.Logf("%s: %d nodes, %d edges; heap %d MiB (%.1f B/edge), peak RSS %d MiB (%.1f B/edge, includes the CSV parse), estimate %.1f B/edge, CSV load %s",
		path, g.N(), g.M(), benchStats.heapBytes>>20, float64(benchStats.heapBytes)/m, benchStats.peakRSS>>20, float64(benchStats.peakRSS)/m, float64(benchStats.estimate)/m, benchStats.loadTime.Round(time.Millisecond))
}

// BenchmarkPageRank runs networkx's convention (tol 1e-6 per node).
func BenchmarkPageRank(b *testing.B) {
	g, _ := benchGraph(b)
	b.ResetTimer()
	var iters int
	for i := 0; i < b.N; i++ {
		_, it, err := PageRank(context.Background(), g, PageRankOptions{})
		if err != nil {
			b.Fatal(err)
		}
		iters = it
	}
	b.ReportMetric(float64(iters), "iterations")
}

// BenchmarkPageRankPrecise stops at an L1 change below 1e-10 overall.
func BenchmarkPageRankPrecise(b *testing.B) {
	g, _ := benchGraph(b)
	b.ResetTimer()
	var iters int
	for i := 0; i < b.N; i++ {
		_, it, err := PageRank(context.Background(), g, PageRankOptions{Tol: 1e-10 / float64(g.N())})
		if err != nil {
			b.Fatal(err)
		}
		iters = it
	}
	b.ReportMetric(float64(iters), "iterations")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPageRankVsIgraph times igraph's PageRank (PRPACK, its default)
// and Mosaic's on the same file in the same run, alternating them
// (MOSAIC_BENCH_RUNS pairs, default 5) so both see the same machine load,
// and reports medians and their ratio. Mosaic is timed at igraph-like
// precision (L1 change < 1e-10) and at networkx's tolerance; the largest
// difference from igraph's vector is reported for both.
func BenchmarkPageRankVsIgraph(b *testing.B) {
	if err := exec.Command(python, "-c", "import igraph, numpy").Run(); err != nil {
		b.Skipf("%s lacks igraph or numpy: %v", python, err)
	}
	g, path := benchGraph(b)
	runs := 5
	if s, err := strconv.Atoi(os.Getenv("MOSAIC_BENCH_RUNS")); err == nil && s > 0 {
		runs = s
	}
	cmd := exec.Command(python, "testdata/igraph_pagerank.py", path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { fmt.Fprintln(stdin, "quit"); stdin.Close(); _ = cmd.Wait() }()
	rd := bufio.NewReader(stdout)
	reply := func(v any) {
		line, err := rd.ReadBytes('\n')
		if err != nil {
			b.Fatalf("igraph script: %v", err)
		}
		if err := json.Unmarshal(line, v); err != nil {
			b.Fatalf("igraph script said %q: %v", line, err)
		}
	}
	var load struct {
		LoadS float64 `json:"load_s"`
		N, M  int
	}
	reply(&load)
	if load.N != g.N() || load.M != g.M() {
		b.Fatalf("igraph sees %d nodes %d edges, Mosaic %d %d", load.N, load.M, g.N(), g.M())
	}
	var igWall, igCPU, ourWall, ourCPU, nxWall, ratios []float64
	var precise, loose []float64
	var preciseIters, looseIters int
	ctx := context.Background()
	for r := 0; r < runs; r++ {
		fmt.Fprintln(stdin, "run")
		var t struct {
			Wall float64 `json:"wall_s"`
			CPU  float64 `json:"cpu_s"`
		}
		reply(&t)
		igWall = append(igWall, t.Wall)
		igCPU = append(igCPU, t.CPU)

		c0, w0 := cpuTime(), time.Now()
		pr, it, err := PageRank(ctx, g, PageRankOptions{Tol: 1e-10 / float64(g.N())})
		w := time.Since(w0).Seconds()
		if err != nil {
			b.Fatal(err)
		}
		ourWall = append(ourWall, w)
		ourCPU = append(ourCPU, (cpuTime() - c0).Seconds())
		ratios = append(ratios, w/t.Wall)
		precise, preciseIters = pr, it

		w0 = time.Now()
		pr, it, err = PageRank(ctx, g, PageRankOptions{})
		if err != nil {
			b.Fatal(err)
		}
		nxWall = append(nxWall, time.Since(w0).Seconds())
		loose, looseIters = pr, it
	}
	vec := filepath.Join(b.TempDir(), "igraph.f64")
	fmt.Fprintln(stdin, "save "+vec)
	reply(&struct{}{})
	raw, err := os.ReadFile(vec)
	if err != nil {
		b.Fatal(err)
	}
	maxDiff := func(ours []float64) float64 {
		var d float64
		for i := 0; i < len(raw)/8; i++ {
			ig := math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
			v, ok := g.Lookup(strconv.Itoa(i))
			if !ok {
				b.Fatalf("node %d missing", i)
			}
			d = math.Max(d, math.Abs(ig-ours[v]))
		}
		return d
	}
	dPrecise, dLoose := maxDiff(precise), maxDiff(loose)
	ratio := median(ourWall) / median(igWall)
	b.ReportMetric(median(igWall), "igraph_s")
	b.ReportMetric(median(ourWall), "mosaic_s")
	b.ReportMetric(ratio, "ratio")
	b.ReportMetric(median(nxWall), "mosaic_nxtol_s")
	b.Logf("graph %d nodes %d edges; igraph load %.1fs (numpy loadtxt + Graph), Mosaic CSV load %.1fs", g.N(), g.M(), load.LoadS, benchStats.loadTime.Seconds())
	b.Logf("igraph PageRank (PRPACK) wall %v median %.3fs, cpu median %.3fs", fmtSecs(igWall), median(igWall), median(igCPU))
	b.Logf("Mosaic PageRank L1<1e-10 (%d iterations, %d threads) wall %v median %.3fs, cpu median %.3fs; max |diff| vs igraph %.3g",
		preciseIters, runtime.GOMAXPROCS(0), fmtSecs(ourWall), median(ourWall), median(ourCPU), dPrecise)
	b.Logf("Mosaic PageRank networkx tol (%d iterations) wall median %.3fs; max |diff| vs igraph %.3g", looseIters, median(nxWall), dLoose)
	b.Logf("ratio Mosaic/igraph: median of walls %.3f, median of paired ratios %.3f (budget 1.5)", ratio, median(ratios))
}

func fmtSecs(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprintf("%.2f", x)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// BenchmarkPathQuery times connecting-path queries between 1000 random
// node pairs (seeded) and reports percentiles in milliseconds: one
// shortest path, the 3 shortest simple paths, and 3 shortest paths
// avoiding hubs (nodes of degree > 1000 excluded).
func BenchmarkPathQuery(b *testing.B) {
	g, _ := benchGraph(b)
	const pairs = 1000
	r := rand.New(rand.NewPCG(77, 78))
	type pair struct{ s, t int32 }
	ps := make([]pair, pairs)
	for i := range ps {
		ps[i] = pair{int32(r.IntN(g.N())), int32(r.IntN(g.N()))}
	}
	hubs := NewBitset(g.N())
	nh := 0
	for v := 0; v < g.N(); v++ {
		if g.Degree(int32(v)) > 1000 {
			hubs.Set(v)
			nh++
		}
	}
	cases := []struct {
		name string
		k    int
		opt  PathOptions
	}{
		{"shortest", 1, PathOptions{}},
		{"k3", 3, PathOptions{}},
		{"k3_nohubs", 3, PathOptions{Exclude: hubs}},
		{"k3_maxhops4", 3, PathOptions{MaxHops: 4}},
	}
	b.ResetTimer()
	for _, c := range cases {
		lat := make([]float64, 0, pairs)
		found, hops := 0, 0
		for _, p := range ps {
			t0 := time.Now()
			res, err := KShortestPaths(g, p.s, p.t, c.k, c.opt)
			lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
			if err != nil {
				b.Fatal(err)
			}
			if len(res) > 0 {
				found++
				hops += res[0].Hops()
			}
		}
		slices.Sort(lat)
		p50, p99, mx := lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
		b.ReportMetric(p99, c.name+"_p99_ms")
		b.Logf("%-12s %d pairs: found %d (mean hops of best %.2f); latency ms p50 %.2f p99 %.2f max %.2f (hubs excluded: %d nodes)",
			c.name, pairs, found, float64(hops)/math.Max(1, float64(found)), p50, p99, mx, nh)
	}
}

// BenchmarkLeiden runs one seeded Leiden on the benchmark graph.
func BenchmarkLeiden(b *testing.B) {
	g, _ := benchGraph(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Leiden(context.Background(), g, LeidenOptions{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.Modularity, "modularity")
		b.ReportMetric(float64(res.Communities), "communities")
	}
}

// BenchmarkPathQueryWeighted is BenchmarkPathQuery on the same graph with
// evidence strengths in (0,1] (a hash of the edge id) and bidirectional
// Dijkstra: cost -ln(strength), and 1/strength with hubs excluded.
func BenchmarkPathQueryWeighted(b *testing.B) {
	g := strengthGraph(b, 1000)
	hubs := NewBitset(g.N())
	for v := 0; v < g.N(); v++ {
		if g.Degree(int32(v)) > 1000 {
			hubs.Set(v)
		}
	}
	r := rand.New(rand.NewPCG(77, 78))
	pairs := 1000
	if s, err := strconv.Atoi(os.Getenv("MOSAIC_BENCH_PAIRS")); err == nil && s > 0 {
		pairs = s
	}
	src := make([][2]int32, pairs)
	for i := range src {
		src[i] = [2]int32{int32(r.IntN(g.N())), int32(r.IntN(g.N()))}
	}
	b.ResetTimer()
	for _, c := range []struct {
		name string
		k    int
		opt  PathOptions
	}{
		{"w_shortest_neglog", 1, PathOptions{Cost: CostNegLog}},
		{"w_k3_neglog", 3, PathOptions{Cost: CostNegLog}},
		{"w_k3_inverse_nohubs", 3, PathOptions{Cost: CostInverse, Exclude: hubs}},
	} {
		lat := make([]float64, 0, pairs)
		found := 0
		for _, p := range src {
			t0 := time.Now()
			res, err := KShortestPaths(g, p[0], p[1], c.k, c.opt)
			lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
			if err != nil {
				b.Fatal(err)
			}
			if len(res) > 0 {
				found++
			}
		}
		slices.Sort(lat)
		b.ReportMetric(lat[len(lat)*99/100], c.name+"_p99_ms")
		b.Logf("%-20s %d pairs: found %d; latency ms p50 %.2f p99 %.2f max %.2f", c.name, pairs, found, lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1])
	}
}
