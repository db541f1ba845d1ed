package graph

import (
	"context"
	"math"
	"math/rand/v2"
)

// BetweennessOptions configures Betweenness.
type BetweennessOptions struct {
	// Weighted reads edge weights as distances (networkx's weight=...).
	Weighted bool
	// Samples, when > 0 and < N, estimates betweenness from that many
	// source pivots drawn without replacement (networkx's k), scaled by N/k.
	Samples int
	// Seed makes the pivot draw reproducible.
	Seed     uint64
	Progress Progress
}

// BetweennessResult holds betweenness values and, when sampled, a bound on
// their error.
type BetweennessResult struct {
	Values []float64
	Exact  bool
	Pivots int
	// ErrorBound is, for a sampled run, the ε such that with probability at
	// least 0.95 every node's estimate is within ε of its exact normalised
	// betweenness (Hoeffding's inequality with a union bound over the N
	// nodes; each pivot's scaled contribution lies in [0, N/(N-1)]). It is 0
	// for an exact run.
	ErrorBound float64
}

// Betweenness computes betweenness centrality with Brandes' algorithm,
// normalised as networkx's betweenness_centrality(normalized=True,
// endpoints=False): every ordered source contributes, and values are
// divided by (n-1)(n-2) for directed and undirected graphs alike (for
// undirected graphs both directions of a pair are counted, so this equals
// the usual 2/((n-1)(n-2)) per unordered pair).
func Betweenness(ctx context.Context, g *Graph, opt BetweennessOptions) (BetweennessResult, error) {
	n := g.N()
	res := BetweennessResult{Exact: true}
	srcs := allNodes(n)
	if opt.Samples > 0 && opt.Samples < n {
		r := rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15))
		for i := 0; i < opt.Samples; i++ {
			j := i + r.IntN(n-i)
			srcs[i], srcs[j] = srcs[j], srcs[i]
		}
		srcs = srcs[:opt.Samples]
		res.Exact = false
	}
	res.Pivots = len(srcs)
	weighted := opt.Weighted && g.Weighted()
	states, err := forEachSource(ctx, srcs, func() *brandes { return newBrandes(n) }, func(st *brandes, s int32) {
		if weighted {
			st.dijkstra(g, s)
		} else {
			st.bfs(g, s)
		}
		st.accumulate(g, s, weighted)
	}, opt.Progress)
	if err != nil {
		return res, err
	}
	bc := make([]float64, n)
	for _, st := range states {
		for v, x := range st.bc {
			bc[v] += x
		}
	}
	if n > 2 {
		scale := 1 / (float64(n-1) * float64(n-2))
		if !res.Exact {
			scale *= float64(n) / float64(len(srcs))
			r := float64(n) / float64(n-1)
			res.ErrorBound = r * math.Sqrt(math.Log(2*float64(n)/0.05)/(2*float64(len(srcs))))
		}
		for v := range bc {
			bc[v] *= scale
		}
	}
	res.Values = bc
	return res, nil
}

// brandes is one worker's scratch space; arrays are reset only where a
// search touched them, so sampled runs on huge graphs stay cheap.
type brandes struct {
	bc    []float64
	sigma []float64
	delta []float64
	dist  []float64
	order []int32 // nodes in non-decreasing distance from the source
	queue []int32
	heap  minHeap
	done  []bool
}

func newBrandes(n int) *brandes {
	b := &brandes{
		bc:    make([]float64, n),
		sigma: make([]float64, n),
		delta: make([]float64, n),
		dist:  make([]float64, n),
		done:  make([]bool, n),
	}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

func (b *brandes) bfs(g *Graph, s int32) {
	b.order = b.order[:0]
	b.dist[s] = 0
	b.sigma[s] = 1
	b.queue = append(b.queue[:0], s)
	for h := 0; h < len(b.queue); h++ {
		v := b.queue[h]
		b.order = append(b.order, v)
		dv := b.dist[v]
		sv := b.sigma[v]
		nb, _, _ := g.out.slice(v)
		for _, w := range nb {
			if b.dist[w] < 0 {
				b.dist[w] = dv + 1
				b.queue = append(b.queue, w)
			}
			if b.dist[w] == dv+1 {
				b.sigma[w] += sv
			}
		}
	}
}

// dijkstra mirrors networkx's _single_source_dijkstra_path_basic: a path
// count is shared between predecessors whose distances tie exactly.
func (b *brandes) dijkstra(g *Graph, s int32) {
	b.order = b.order[:0]
	b.heap = b.heap[:0]
	b.dist[s] = 0
	b.sigma[s] = 1
	var seq uint32
	b.heap.push(heapItem{d: 0, seq: seq, v: s})
	for len(b.heap) > 0 {
		it := b.heap.pop()
		v := it.v
		if b.done[v] || it.d > b.dist[v] {
			continue
		}
		b.done[v] = true
		b.order = append(b.order, v)
		dv := b.dist[v]
		nb, _, ws := g.out.slice(v)
		for i, w := range nb {
			if b.done[w] {
				continue
			}
			d := dv + float64(ws[i])
			switch {
			case b.dist[w] < 0 || d < b.dist[w]:
				b.dist[w] = d
				b.sigma[w] = b.sigma[v]
				seq++
				b.heap.push(heapItem{d: d, seq: seq, v: w})
			case d == b.dist[w]:
				b.sigma[w] += b.sigma[v]
			}
		}
	}
}

// accumulate walks nodes from farthest to nearest; w is a successor of v on
// a shortest path exactly when dist[w] == dist[v] + w(v,w), the same test
// (same floating-point sum) that counted the paths.
func (b *brandes) accumulate(g *Graph, s int32, weighted bool) {
	for i := len(b.order) - 1; i >= 0; i-- {
		v := b.order[i]
		dv := b.dist[v]
		sv := b.sigma[v]
		var acc float64
		nb, _, ws := g.out.slice(v)
		for j, w := range nb {
			step := 1.0
			if weighted {
				step = float64(ws[j])
			}
			if b.dist[w] >= 0 && b.dist[w] == dv+step && w != v {
				acc += sv / b.sigma[w] * (1 + b.delta[w])
			}
		}
		b.delta[v] = acc
		if v != s {
			b.bc[v] += acc
		}
	}
	for _, v := range b.order {
		b.dist[v] = -1
		b.sigma[v] = 0
		b.delta[v] = 0
		b.done[v] = false
	}
}
