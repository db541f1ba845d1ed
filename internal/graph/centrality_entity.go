package graph

import (
	"context"
	"fmt"
)

// sampledBetweenness is the size above which betweenness is estimated
// from a sample of sources.
const sampledBetweenness = 20_000

// Centrality computes one metric on the viewer's graph, hubs treated as
// asked. note states how it was computed (exact or sampled, with the bound).
func (g *EntityGraph) Centrality(ctx context.Context, metric string, hubs HubMode) ([]float64, string, error) {
	h := g.analysisGraph(hubs)
	switch metric {
	case "degree":
		return DegreeCentrality(h), "degree / (n-1)", nil
	case "pagerank":
		pr, it, err := PageRank(ctx, h, PageRankOptions{Weighted: true})
		return pr, fmt.Sprintf("weighted PageRank, α 0.85, %d iterations", it), err
	case "eigenvector":
		ev, err := EigenvectorCentrality(ctx, h, EigenvectorOptions{Weighted: true})
		return ev, "weighted eigenvector centrality", err
	case "closeness":
		c, err := Closeness(ctx, h, ClosenessOptions{})
		return c, "closeness (Wasserman–Faust for disconnected graphs)", err
	case "betweenness":
		opt := BetweennessOptions{}
		note := "exact betweenness (Brandes)"
		if h.N() > sampledBetweenness {
			opt.Samples = 1000
			opt.Seed = 1
			note = "betweenness estimated from 1,000 sampled sources"
		}
		r, err := Betweenness(ctx, h, opt)
		if err != nil {
			return nil, "", err
		}
		if r.ErrorBound > 0 {
			note += fmt.Sprintf(", error ≤ %.2g with 95%% confidence", r.ErrorBound)
		}
		return r.Values, note, nil
	}
	return nil, "", fmt.Errorf("unknown metric %q (degree, pagerank, betweenness, closeness, eigenvector)", metric)
}
