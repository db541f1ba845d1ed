package graph

import (
	"context"
	"errors"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// ErrNotConverged is returned by the power iterations (PageRank,
// eigenvector) when the tolerance is not met within MaxIter iterations;
// networkx raises PowerIterationFailedConvergence in the same case.
var ErrNotConverged = errors.New("graph: power iteration did not converge")

// Progress, when not nil, is told how many of total work units are done.
// It may be called from several goroutines, never concurrently with itself.
type Progress func(done, total int)

// Degrees returns networkx's degree of every node (see Graph.Degree).
func Degrees(g *Graph) []int {
	d := make([]int, g.N())
	for v := range d {
		d[v] = g.Degree(int32(v))
	}
	return d
}

// DegreeCentrality returns degree/(n-1), networkx's degree_centrality
// (1 for the single node of a one-node graph). Directed graphs use
// in+out degree, as networkx does.
func DegreeCentrality(g *Graph) []float64 {
	n := g.N()
	c := make([]float64, n)
	if n == 1 {
		c[0] = 1
		return c
	}
	s := 1 / float64(n-1)
	for v := range c {
		c[v] = float64(g.Degree(int32(v))) * s
	}
	return c
}

// workers returns how many goroutines to use for n independent units.
func workers(n int) int {
	w := runtime.GOMAXPROCS(0)
	if n < 64 {
		return 1
	}
	return max(1, min(w, n))
}

// forEachSource runs f for every source in srcs over several goroutines,
// each with its own state from newState, and reports progress. Worker w
// takes sources w, w+nw, w+2nw, ...: a fixed assignment keeps floating-point
// sums, and so results, identical from run to run. It stops early when ctx
// is cancelled.
func forEachSource[S any](ctx context.Context, srcs []int32, newState func() S, f func(st S, s int32), prog Progress) ([]S, error) {
	nw := workers(len(srcs))
	states := make([]S, nw)
	var done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := len(srcs)
	step := max(1, total/200)
	for w := 0; w < nw; w++ {
		states[w] = newState()
		wg.Add(1)
		go func(st S, w int) {
			defer wg.Done()
			for i := w; i < total; i += nw {
				if ctx.Err() != nil {
					return
				}
				f(st, srcs[i])
				d := int(done.Add(1))
				if prog != nil && (d%step == 0 || d == total) {
					mu.Lock()
					prog(d, total)
					mu.Unlock()
				}
			}
		}(states[w], w)
	}
	wg.Wait()
	return states, ctx.Err()
}

func allNodes(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(i)
	}
	return s
}

// minHeap is a binary heap of (dist, node) for Dijkstra, keyed by dist and
// then by insertion order so runs are reproducible.
type heapItem struct {
	d   float64
	seq uint32
	v   int32
}

type minHeap []heapItem

func (h *minHeap) push(it heapItem) {
	*h = append(*h, it)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !a[i].less(a[p]) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (x heapItem) less(y heapItem) bool {
	return x.d < y.d || (x.d == y.d && x.seq < y.seq)
}

func (h *minHeap) pop() heapItem {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(a) {
			break
		}
		c := l
		if r := l + 1; r < len(a) && a[r].less(a[l]) {
			c = r
		}
		if !a[c].less(a[i]) {
			break
		}
		a[i], a[c] = a[c], a[i]
		i = c
	}
	*h = a
	return top
}

var inf = math.Inf(1)
