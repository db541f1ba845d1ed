package graph

import "context"

// ClosenessOptions configures Closeness.
type ClosenessOptions struct {
	// Weighted reads edge weights as distances (networkx's distance=...).
	Weighted bool
	Progress Progress
}

// Closeness computes networkx's closeness_centrality with wf_improved=True:
// for a node u reaching r-1 other nodes at total distance D,
// C(u) = ((r-1)/D) * ((r-1)/(n-1)), and 0 when D is 0. For directed graphs
// distances are measured towards u (incoming paths), as networkx does.
func Closeness(ctx context.Context, g *Graph, opt ClosenessOptions) ([]float64, error) {
	n := g.N()
	c := make([]float64, n)
	weighted := opt.Weighted && g.Weighted()
	_, err := forEachSource(ctx, allNodes(n), func() *brandes { return newBrandes(n) }, func(st *brandes, u int32) {
		sum, reached := st.distancesIn(g, u, weighted)
		if sum > 0 && n > 1 {
			r := float64(reached - 1)
			c[u] = r / sum * (r / float64(n-1))
		}
	}, opt.Progress)
	return c, err
}

// distancesIn searches from u along in-edges and returns the sum of
// distances and the number of nodes reached (u included), then resets.
func (b *brandes) distancesIn(g *Graph, u int32, weighted bool) (float64, int) {
	var sum float64
	b.order = b.order[:0]
	b.dist[u] = 0
	if !weighted {
		b.queue = append(b.queue[:0], u)
		for h := 0; h < len(b.queue); h++ {
			v := b.queue[h]
			b.order = append(b.order, v)
			dv := b.dist[v]
			sum += dv
			nb, _, _ := g.in.slice(v)
			for _, w := range nb {
				if b.dist[w] < 0 {
					b.dist[w] = dv + 1
					b.queue = append(b.queue, w)
				}
			}
		}
	} else {
		b.heap = b.heap[:0]
		var seq uint32
		b.heap.push(heapItem{d: 0, v: u})
		for len(b.heap) > 0 {
			it := b.heap.pop()
			v := it.v
			if b.done[v] || it.d > b.dist[v] {
				continue
			}
			b.done[v] = true
			b.order = append(b.order, v)
			dv := b.dist[v]
			sum += dv
			nb, _, ws := g.in.slice(v)
			for i, w := range nb {
				if b.done[w] {
					continue
				}
				d := dv + float64(ws[i])
				if b.dist[w] < 0 || d < b.dist[w] {
					b.dist[w] = d
					seq++
					b.heap.push(heapItem{d: d, seq: seq, v: w})
				}
			}
		}
	}
	reached := len(b.order)
	for _, v := range b.order {
		b.dist[v] = -1
		b.done[v] = false
	}
	return sum, reached
}
