package graph

import (
	"context"
	"math"
	"sync"
)

// spans splits nodes into contiguous ranges of roughly equal adjacency
// work, one per worker, for the pull-style power iterations.
func spans(a *adjacency, parts int) [][2]int {
	n := len(a.off) - 1
	if parts <= 1 || n < 4096 {
		return [][2]int{{0, n}}
	}
	total := a.off[n] + n
	out := make([][2]int, 0, parts)
	lo := 0
	for p := 1; p <= parts && lo < n; p++ {
		target := total * p / parts
		hi := lo
		for hi < n && a.off[hi]+hi < target {
			hi++
		}
		if p == parts {
			hi = n
		}
		if hi > lo {
			out = append(out, [2]int{lo, hi})
		}
		lo = hi
	}
	return out
}

// runSpans runs f on every span concurrently and returns the per-span
// results.
func runSpans(sp [][2]int, f func(lo, hi int) float64) []float64 {
	res := make([]float64, len(sp))
	if len(sp) == 1 {
		res[0] = f(sp[0][0], sp[0][1])
		return res
	}
	var wg sync.WaitGroup
	for i, s := range sp {
		wg.Add(1)
		go func() { defer wg.Done(); res[i] = f(s[0], s[1]) }()
	}
	wg.Wait()
	return res
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

// EigenvectorOptions configures EigenvectorCentrality. Zero fields take
// networkx's defaults.
type EigenvectorOptions struct {
	Weighted bool
	MaxIter  int     // default 100
	Tol      float64 // default 1e-6, per node
}

// EigenvectorCentrality reproduces networkx's eigenvector_centrality: power
// iteration on (A + I)ᵀ — a node gains the scores of the nodes with edges
// into it — from the uniform vector 1/n, each step normalised to unit
// Euclidean norm, stopping when the L1 change is below n*tol. It returns
// ErrNotConverged after MaxIter steps, where networkx raises.
func EigenvectorCentrality(ctx context.Context, g *Graph, opt EigenvectorOptions) ([]float64, error) {
	n := g.N()
	if n == 0 {
		return nil, nil
	}
	if opt.MaxIter <= 0 {
		opt.MaxIter = 100
	}
	if opt.Tol <= 0 {
		opt.Tol = 1e-6
	}
	weighted := opt.Weighted && g.Weighted()
	x := make([]float64, n)
	next := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	sp := spans(&g.in, workers(n))
	for iter := 0; iter < opt.MaxIter; iter++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sq := runSpans(sp, func(lo, hi int) float64 {
			var s2 float64
			for v := lo; v < hi; v++ {
				acc := x[v]
				a, b := g.in.off[v], g.in.off[v+1]
				nb := g.in.adj[a:b]
				if weighted {
					ws := g.in.w[a:b]
					for i, u := range nb {
						acc += x[u] * float64(ws[i])
					}
				} else {
					for _, u := range nb {
						acc += x[u]
					}
				}
				next[v] = acc
				s2 += acc * acc
			}
			return s2
		})
		norm := math.Sqrt(sum(sq))
		if norm == 0 {
			norm = 1
		}
		errs := runSpans(sp, func(lo, hi int) float64 {
			var e float64
			for v := lo; v < hi; v++ {
				next[v] /= norm
				e += math.Abs(next[v] - x[v])
			}
			return e
		})
		x, next = next, x
		if sum(errs) < float64(n)*opt.Tol {
			return x, nil
		}
	}
	return nil, ErrNotConverged
}

// PageRankOptions configures PageRank. Zero fields take networkx's
// defaults.
type PageRankOptions struct {
	Alpha    float64 // damping, default 0.85
	MaxIter  int     // default 100
	Tol      float64 // default 1e-6; stop when the L1 change < N*Tol
	Weighted bool
}

// PageRank reproduces networkx's pagerank (its scipy power iteration): start
// from the uniform vector, x ← α(xP + (Σ dangling x)/N) + (1-α)/N where P is
// the row-normalised adjacency (weights summed per row; an undirected
// self-loop counts once), until the L1 change is below N*Tol. Dangling nodes
// give their score to every node uniformly. Like networkx, it stops on that
// absolute test, so for large N pass a smaller Tol (e.g. 1e-10/N) for a
// precise vector. It returns the number of iterations used.
func PageRank(ctx context.Context, g *Graph, opt PageRankOptions) ([]float64, int, error) {
	n := g.N()
	if n == 0 {
		return nil, 0, nil
	}
	if opt.Alpha == 0 {
		opt.Alpha = 0.85
	}
	if opt.MaxIter <= 0 {
		opt.MaxIter = 100
	}
	if opt.Tol <= 0 {
		opt.Tol = 1e-6
	}
	weighted := opt.Weighted && g.Weighted()
	alpha := opt.Alpha
	// inv[i] = 1/S_i (0 for dangling nodes) so a pull step multiplies.
	inv := make([]float64, n)
	var dangling []int32
	for i := 0; i < n; i++ {
		a, b := g.out.off[i], g.out.off[i+1]
		var s float64
		if weighted {
			for _, w := range g.out.w[a:b] {
				s += float64(w)
			}
		} else {
			s = float64(b - a)
		}
		if s == 0 {
			dangling = append(dangling, int32(i))
		} else {
			inv[i] = 1 / s
		}
	}
	x := make([]float64, n)
	y := make([]float64, n)
	next := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	p := 1 / float64(n)
	sp := spans(&g.in, workers(n))
	ysp := spans(&g.out, workers(n))
	for iter := 1; iter <= opt.MaxIter; iter++ {
		if err := ctx.Err(); err != nil {
			return nil, iter, err
		}
		var dsum float64
		for _, d := range dangling {
			dsum += x[d]
		}
		runSpans(ysp, func(lo, hi int) float64 {
			for i := lo; i < hi; i++ {
				y[i] = x[i] * inv[i]
			}
			return 0
		})
		base := alpha*dsum*p + (1-alpha)*p
		errs := runSpans(sp, func(lo, hi int) float64 {
			var e float64
			off, adj := g.in.off, g.in.adj
			if weighted {
				ws := g.in.w
				for v := lo; v < hi; v++ {
					var acc float64
					for j := off[v]; j < off[v+1]; j++ {
						acc += y[adj[j]] * float64(ws[j])
					}
					nv := alpha*acc + base
					next[v] = nv
					e += math.Abs(nv - x[v])
				}
			} else {
				for v := lo; v < hi; v++ {
					var acc float64
					for _, u := range adj[off[v]:off[v+1]] {
						acc += y[u]
					}
					nv := alpha*acc + base
					next[v] = nv
					e += math.Abs(nv - x[v])
				}
			}
			return e
		})
		x, next = next, x
		if sum(errs) < float64(n)*opt.Tol {
			return x, iter, nil
		}
	}
	return nil, opt.MaxIter, ErrNotConverged
}
