package graph

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Metric names accepted by Analyze, in output order.
const (
	MetricDegree      = "degree"
	MetricBetweenness = "betweenness"
	MetricCloseness   = "closeness"
	MetricEigenvector = "eigenvector"
	MetricPageRank    = "pagerank"
	MetricCommunity   = "community"
)

// AllMetrics lists every metric Analyze knows.
var AllMetrics = []string{MetricDegree, MetricBetweenness, MetricCloseness, MetricEigenvector, MetricPageRank, MetricCommunity}

// AnalyzeColumns is the header of the CSV written by AnalyzeResult.WriteCSV.
var AnalyzeColumns = []string{"node", "degree", "degree_centrality", "betweenness", "closeness", "eigenvector", "pagerank", "community"}

// ParseMetrics parses a comma-separated metric list; "" or "all" is every
// metric.
func ParseMetrics(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "all" {
		return AllMetrics, nil
	}
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		ok := false
		for _, m := range AllMetrics {
			if f == m {
				ok = true
			}
		}
		if !ok {
			return nil, fmt.Errorf("unknown metric %q (have: %s)", f, strings.Join(AllMetrics, ", "))
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out, nil
}

// AnalyzeOptions configures Analyze.
type AnalyzeOptions struct {
	// Weighted makes every metric use the graph's weights: as distances for
	// betweenness and closeness, as strengths for eigenvector, PageRank and
	// communities (networkx's conventions). Degree is never weighted.
	Weighted bool
	Metrics  []string // nil: all
	Seed     uint64
	// BetweennessSamples: 0 chooses (exact when N·(N+M) ≤ 2e10, otherwise
	// enough pivots to stay near that budget); < 0 forces exact; > 0 is the
	// number of pivots.
	BetweennessSamples int
	// Communities come from Leiden, best modularity of up to 16 seeded runs
	// (fewer on big graphs, and at most 3 passes each beyond 2M nodes+edges).
	// Progress, when set, is told of the stage and its progress.
	Progress func(stage string, done, total int)
}

// AnalyzeResult holds the requested metrics; a nil slice was not requested
// (or, for eigenvector and PageRank, did not converge: see Warnings).
type AnalyzeResult struct {
	Graph            *Graph
	Degree           []int
	DegreeCentrality []float64
	Betweenness      []float64
	Closeness        []float64
	Eigenvector      []float64
	PageRank         []float64
	Community        []int

	BetweennessExact      bool
	BetweennessPivots     int
	BetweennessErrorBound float64
	Modularity            float64
	Communities           int
	Warnings              []string
}

// Analyze computes the requested metrics of g.
func Analyze(ctx context.Context, g *Graph, opt AnalyzeOptions) (*AnalyzeResult, error) {
	metrics := opt.Metrics
	if metrics == nil {
		metrics = AllMetrics
	}
	want := map[string]bool{}
	for _, m := range metrics {
		want[m] = true
	}
	prog := func(stage string) Progress {
		if opt.Progress == nil {
			return nil
		}
		return func(d, t int) { opt.Progress(stage, d, t) }
	}
	r := &AnalyzeResult{Graph: g}
	n, m := g.N(), g.M()
	if want[MetricDegree] {
		r.Degree = Degrees(g)
		r.DegreeCentrality = DegreeCentrality(g)
	}
	if want[MetricBetweenness] {
		k := opt.BetweennessSamples
		const budget = 2e10
		if k == 0 && float64(n)*float64(n+m) > budget {
			k = max(100, int(budget/float64(n+m)))
		}
		if k < 0 {
			k = 0
		}
		res, err := Betweenness(ctx, g, BetweennessOptions{Weighted: opt.Weighted, Samples: k, Seed: opt.Seed, Progress: prog("betweenness")})
		if err != nil {
			return nil, err
		}
		r.Betweenness, r.BetweennessExact, r.BetweennessPivots, r.BetweennessErrorBound = res.Values, res.Exact, res.Pivots, res.ErrorBound
		if !res.Exact {
			r.Warnings = append(r.Warnings, fmt.Sprintf("betweenness estimated from %d of %d source pivots: with 95%% confidence every value is within ±%.3g of the exact one", res.Pivots, n, res.ErrorBound))
		}
	}
	if want[MetricCloseness] {
		c, err := Closeness(ctx, g, ClosenessOptions{Weighted: opt.Weighted, Progress: prog("closeness")})
		if err != nil {
			return nil, err
		}
		r.Closeness = c
	}
	if want[MetricEigenvector] && n > 0 {
		x, err := EigenvectorCentrality(ctx, g, EigenvectorOptions{Weighted: opt.Weighted})
		switch {
		case errors.Is(err, ErrNotConverged):
			r.Warnings = append(r.Warnings, "eigenvector centrality did not converge in 100 iterations (networkx raises here); column left empty")
		case err != nil:
			return nil, err
		default:
			r.Eigenvector = x
		}
	}
	if want[MetricPageRank] && n > 0 {
		x, _, err := PageRank(ctx, g, PageRankOptions{Weighted: opt.Weighted})
		switch {
		case errors.Is(err, ErrNotConverged):
			r.Warnings = append(r.Warnings, "PageRank did not converge in 100 iterations (networkx raises here); column left empty")
		case err != nil:
			return nil, err
		default:
			r.PageRank = x
		}
	}
	if want[MetricCommunity] {
		if opt.Progress != nil {
			opt.Progress("communities", 0, 1)
		}
		// Leiden's result depends on the node order drawn; on small and
		// medium graphs a few extra seeded runs are cheap and reliably
		// reach igraph's modularity or better.
		restarts := min(15, int(2e6/float64(n+m+1)))
		// On big graphs each further pass gains little (~1e-3 relative)
		// for a full pass's time; stop after 3, one more than igraph's
		// default of 2.
		iterations := 20
		if n+m > 2_000_000 {
			iterations = 3
		}
		res, err := Leiden(ctx, g, LeidenOptions{Weighted: opt.Weighted, Seed: opt.Seed, Restarts: restarts, Iterations: iterations})
		if err != nil {
			return nil, err
		}
		r.Community, r.Modularity, r.Communities = res.Membership, res.Modularity, res.Communities
		if opt.Progress != nil {
			opt.Progress("communities", 1, 1)
		}
	}
	return r, nil
}

// WriteCSV writes one row per node (in node order) with the columns of
// AnalyzeColumns; metrics not computed are left empty. Floats are written in
// the shortest form that reads back exactly.
func (r *AnalyzeResult) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(AnalyzeColumns); err != nil {
		return err
	}
	f := func(xs []float64, v int) string {
		if xs == nil {
			return ""
		}
		return strconv.FormatFloat(xs[v], 'g', -1, 64)
	}
	rec := make([]string, len(AnalyzeColumns))
	for v := 0; v < r.Graph.N(); v++ {
		rec[0] = r.Graph.Name(int32(v))
		rec[1] = ""
		if r.Degree != nil {
			rec[1] = strconv.Itoa(r.Degree[v])
		}
		rec[2] = f(r.DegreeCentrality, v)
		rec[3] = f(r.Betweenness, v)
		rec[4] = f(r.Closeness, v)
		rec[5] = f(r.Eigenvector, v)
		rec[6] = f(r.PageRank, v)
		rec[7] = ""
		if r.Community != nil {
			rec[7] = strconv.Itoa(r.Community[v])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
