package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestFilteredViewEqualsGraphOfVisibleEdges is the algorithm-level half of
// the visibility guarantee: on a view that hides some edges, every metric,
// community and path is exactly what a graph built only from the visible
// edges gives. Hidden edges leave no trace: not in degrees, counts, paths
// or communities.
func TestFilteredViewEqualsGraphOfVisibleEdges(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(21, 22))
	for trial := 0; trial < 12; trial++ {
		directed := trial%2 == 1
		in := randomEdgeCSV(uint64(trial), 120, 400, true)
		g, err := ReadEdgeList(strings.NewReader(in), EdgeListOptions{Directed: directed, Weighted: true})
		if err != nil {
			t.Fatal(err)
		}
		keep := NewBitset(g.EdgeIDSpace())
		for e := 0; e < g.EdgeIDSpace(); e++ {
			if r.IntN(3) > 0 {
				keep.Set(e)
			}
		}
		view := g.FilterMask(keep)
		// The same graph from scratch: all nodes in the same order, then
		// only the visible edges.
		b := NewBuilder(directed, true)
		for v := 0; v < g.N(); v++ {
			b.Node(g.Name(int32(v)))
		}
		for u := int32(0); u < int32(g.N()); u++ {
			nb, ids, ws := g.Out(u)
			for i, v := range nb {
				if keep.Has32(ids[i]) && (directed || v >= u) {
					b.AddEdge(u, v, ws[i])
				}
			}
		}
		fresh, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("trial %d directed=%v", trial, directed)
		if view.M() != fresh.M() || !slices.Equal(Degrees(view), Degrees(fresh)) {
			t.Fatalf("%s: M %d vs %d or degrees differ", name, view.M(), fresh.M())
		}
		for _, weighted := range []bool{false, true} {
			a, _ := Analyze(ctx, view, AnalyzeOptions{Weighted: weighted, Seed: 5, BetweennessSamples: -1})
			c, _ := Analyze(ctx, fresh, AnalyzeOptions{Weighted: weighted, Seed: 5, BetweennessSamples: -1})
			for _, pair := range []struct {
				metric string
				x, y   []float64
			}{
				{"betweenness", a.Betweenness, c.Betweenness},
				{"closeness", a.Closeness, c.Closeness},
				{"eigenvector", a.Eigenvector, c.Eigenvector},
				{"pagerank", a.PageRank, c.PageRank},
			} {
				if !slices.Equal(pair.x, pair.y) {
					t.Fatalf("%s weighted=%v: %s differs on the view", name, weighted, pair.metric)
				}
			}
			if !slices.Equal(a.Community, c.Community) || a.Modularity != c.Modularity {
				t.Fatalf("%s weighted=%v: communities differ on the view", name, weighted)
			}
		}
		for q := 0; q < 30; q++ {
			s, d := int32(r.IntN(g.N())), int32(r.IntN(g.N()))
			p1, _ := KShortestPaths(view, s, d, 3, PathOptions{Cost: CostInverse})
			p2, _ := KShortestPaths(fresh, s, d, 3, PathOptions{Cost: CostInverse})
			if len(p1) != len(p2) {
				t.Fatalf("%s: %d vs %d paths %d->%d", name, len(p1), len(p2), s, d)
			}
			for i := range p1 {
				if !slices.Equal(p1[i].Nodes, p2[i].Nodes) || p1[i].Cost != p2[i].Cost {
					t.Fatalf("%s: path %d differs", name, i)
				}
				for _, e := range p1[i].Edges {
					if !keep.Has32(e) {
						t.Fatalf("%s: path uses hidden edge %d", name, e)
					}
				}
			}
		}
	}
}
