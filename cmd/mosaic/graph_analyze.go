package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mosaichq/mosaic/internal/graph"
)

func init() { graphSubcommands["analyze"] = runGraphAnalyze }

var graphAnalyzeCmd = &command{
	name:    "graph analyze",
	summary: "centralities and communities of any edge-list CSV",
	usage:   "--edges FILE.csv [--directed] [--weighted] [--metrics LIST] [--out FILE]",
	help: `Reads an edge list (CSV header from,to[,weight]; node names taken exactly as
given; parallel edges merged with weights added) and writes one row per node:
  node,degree,degree_centrality,betweenness,closeness,eigenvector,pagerank,community
Metrics not requested are left empty. Values follow networkx 2.8's conventions,
so they can be checked against networkx and igraph:

  degree        networkx G.degree: a self-loop counts 2; in+out when directed.
                Never weighted.
  degree_centrality  degree/(n-1).
  betweenness   betweenness_centrality(normalized=True, endpoints=False):
                divided by (n-1)(n-2), both directions of a pair counted in an
                undirected graph. --weighted reads weights as DISTANCES.
                Exact while n*(n+m) <= 2e10, else estimated from sampled source
                pivots; the bound on the error (95%, all nodes) is then printed.
  closeness     closeness_centrality(wf_improved=True): ((r-1)/sum d)*((r-1)/(n-1))
                over the r nodes that reach it; for directed graphs distances are
                measured TOWARDS the node (incoming paths). --weighted: distances.
  eigenvector   eigenvector_centrality: power iteration on (A+I) over in-edges,
                from 1/n, unit Euclidean norm, at most 100 steps, tolerance 1e-6 per
                node (left empty, with a warning, where networkx fails to converge).
                --weighted: weights as strengths.
  pagerank      pagerank(alpha=0.85, tol=1e-6): stops when the L1 change < n*1e-6;
                dangling nodes spread uniformly. --weighted: strengths.
  community     Leiden, maximising modularity (resolution 1; directed modularity
                when --directed), best of up to 16 seeded runs (one run of at most
                3 passes beyond 2M nodes+edges); numbered by size. The modularity
                is printed at the end.

Weights must be > 0; they are held as float32 (integers up to 2^24 are exact;
other weights are rounded to 7 significant digits, so weighted shortest-path
ties, and so betweenness, can differ from networkx's float64).
Closeness is always exact: O(n*m) time, hours on millions of nodes; leave it
out of --metrics on such graphs.

Examples:
  mosaic graph analyze --edges calls.csv --out metrics.csv
  mosaic graph analyze --edges calls.csv --weighted --metrics pagerank,community`,
}

func runGraphAnalyze(ctx context.Context, e *env, args []string) error {
	c := graphAnalyzeCmd
	fs := newFlags(e, c)
	edges := fs.String("edges", "", "edge-list CSV with header from,to[,weight] (- for stdin)")
	directed := fs.Bool("directed", false, "edges go from 'from' to 'to'")
	weighted := fs.Bool("weighted", false, "use the weight column (see the conventions above)")
	metrics := fs.String("metrics", "all", "comma-separated: degree,betweenness,closeness,eigenvector,pagerank,community")
	out := fs.String("out", "", "output CSV (default: standard output)")
	samples := fs.Int("betweenness-samples", 0, "source pivots for betweenness: 0 chooses, -1 forces exact")
	seed := fs.Uint64("seed", 1, "seed for Leiden and betweenness sampling")
	rest, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *edges == "" {
		return usagef("--edges FILE.csv is required")
	}
	ms, err := graph.ParseMetrics(*metrics)
	if err != nil {
		return usagef("%v", err)
	}
	var in io.Reader = e.stdin
	if *edges != "-" {
		f, err := os.Open(*edges)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	start := time.Now()
	g, err := graph.ReadEdgeList(in, graph.EdgeListOptions{Directed: *directed, Weighted: *weighted})
	if err != nil {
		return fmt.Errorf("%s: %w", *edges, err)
	}
	if e.tty {
		fmt.Fprintf(e.stderr, "read %d nodes, %d edges in %s\n", g.N(), g.M(), time.Since(start).Round(time.Millisecond))
	}
	opt := graph.AnalyzeOptions{Weighted: *weighted, Metrics: ms, Seed: *seed, BetweennessSamples: *samples}
	if e.tty {
		last := time.Time{}
		opt.Progress = func(stage string, done, total int) {
			if now := time.Now(); done == total || now.Sub(last) > 200*time.Millisecond {
				last = now
				fmt.Fprintf(e.stderr, "\r%-12s %d/%d", stage, done, total)
				if done == total {
					fmt.Fprintln(e.stderr)
				}
			}
		}
	}
	res, err := graph.Analyze(ctx, g, opt)
	if err != nil {
		return err
	}
	w := e.stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		w = f
	}
	if err := res.WriteCSV(w); err != nil {
		if f != nil {
			f.Close()
		}
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
	}
	for _, warn := range res.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", warn)
	}
	summary := fmt.Sprintf("%d nodes, %d edges", g.N(), g.M())
	if res.Community != nil {
		summary += fmt.Sprintf("; %d communities, modularity %.6f", res.Communities, res.Modularity)
	}
	fmt.Fprintf(e.stderr, "%s (%s)\n", summary, time.Since(start).Round(time.Millisecond))
	return nil
}
