package graph

import (
	"errors"
	"math"
	"slices"
	"sync"
)

// CostModel says what crossing an edge costs in a path query.
type CostModel int

const (
	// CostHops: every edge costs 1 (weights ignored).
	CostHops CostModel = iota
	// CostInverse: an edge costs 1/weight, so strong evidence is short.
	CostInverse
	// CostNegLog: an edge costs -ln(weight) for weights read as
	// probabilities in (0,1] (a weight ≥ 1 costs 0): the cheapest path is the
	// one whose strengths have the largest product.
	CostNegLog
	// CostDistance: the weight is the cost.
	CostDistance
)

// PathOptions shapes a path query.
type PathOptions struct {
	Cost CostModel
	// NodePenalty[v], when set, is added to a path's cost for passing
	// through v (endpoints excepted): this is how hubs are damped.
	NodePenalty []float64
	// Exclude holds nodes a path may not pass through (endpoints excepted):
	// this is how hubs are avoided outright.
	Exclude Bitset
	// EdgeOK, when set, admits only the edges for which it returns true.
	EdgeOK func(eid int32) bool
	// MaxHops bounds the number of edges of a path (0: no bound).
	MaxHops int
}

// Path is a walk through the graph with the ids of the edges it uses.
type Path struct {
	Nodes []int32
	Edges []int32
	Cost  float64
}

// Hops returns the number of edges of p.
func (p Path) Hops() int { return len(p.Edges) }

// ErrBadNode is returned for node indices outside the graph.
var ErrBadNode = errors.New("graph: node index out of range")

// ShortestPath returns a cheapest path from one node to another, following
// edge direction in a directed graph. ok is false when none exists within
// the options.
func ShortestPath(g *Graph, from, to int32, opt PathOptions) (Path, bool, error) {
	ps, err := KShortestPathsBetween(g, []int32{from}, []int32{to}, 1, opt)
	if err != nil || len(ps) == 0 {
		return Path{}, false, err
	}
	return ps[0], true, nil
}

// KShortestPaths returns up to k cheapest simple paths from one node to
// another, cheapest first (Yen's algorithm).
func KShortestPaths(g *Graph, from, to int32, k int, opt PathOptions) ([]Path, error) {
	return KShortestPathsBetween(g, []int32{from}, []int32{to}, k, opt)
}

// searcher holds per-query scratch arrays sized to the graph, reset by
// epoch stamps so a query costs what it explores, not O(N).
type searcher struct {
	g     *Graph
	epoch uint32
	// forward (f) and backward (b) labels
	seenF, seenB   []uint32 // == epoch: labelled
	doneF, doneB   []uint32 // == epoch: settled
	distF, distB   []float64
	hopF, hopB     []int32
	parF, parB     []int32 // previous node towards the source (target)
	edgeF, edgeB   []int32
	block          []uint32 // == epoch: may not be used
	isSrc, isTgt   []uint32 // == epoch
	heapF, heapB   minHeap
	frontF, frontB []int32
	next           []int32
	blockedEdges   map[int32]bool
	curOpt         *PathOptions
	// for the hop-bounded fallback
	labels []label
	minHop []int32
	lseen  []uint32
}

type label struct {
	cost   float64
	hops   int32
	v, e   int32
	parent int32
}

// searchers pools scratch space by node count: views of one graph share a
// node count, so they share scratch, and nothing here keeps a graph alive
// (pooled searchers forget their graph and are dropped at GC).
var searchers sync.Map // int -> *sync.Pool

func getSearcher(g *Graph) *searcher {
	n := g.N()
	p, _ := searchers.LoadOrStore(n, &sync.Pool{New: func() any { return newSearcher(n) }})
	s := p.(*sync.Pool).Get().(*searcher)
	s.g = g
	return s
}

func putSearcher(s *searcher) {
	n := s.g.N()
	s.g, s.curOpt = nil, nil
	if p, ok := searchers.Load(n); ok {
		p.(*sync.Pool).Put(s)
	}
}

func newSearcher(n int) *searcher {
	return &searcher{
		seenF: make([]uint32, n), seenB: make([]uint32, n),
		doneF: make([]uint32, n), doneB: make([]uint32, n),
		distF: make([]float64, n), distB: make([]float64, n),
		hopF: make([]int32, n), hopB: make([]int32, n),
		parF: make([]int32, n), parB: make([]int32, n),
		edgeF: make([]int32, n), edgeB: make([]int32, n),
		block: make([]uint32, n),
		isSrc: make([]uint32, n), isTgt: make([]uint32, n),
		minHop: make([]int32, n), lseen: make([]uint32, n),
		blockedEdges: map[int32]bool{},
	}
}

func (s *searcher) begin() {
	s.epoch++
	if s.epoch == 0 {
		// Wrapped: clear every stamp once in 4 billion queries.
		for _, a := range [][]uint32{s.seenF, s.seenB, s.doneF, s.doneB, s.block, s.isSrc, s.isTgt, s.lseen} {
			clear(a)
		}
		s.epoch = 1
	}
	clear(s.blockedEdges)
}

// query is one search: sources to targets avoiding blocked nodes and edges.
type query struct {
	opt     *PathOptions
	maxHops int // 0: unbounded
}

// baseCost is the cost of adjacency entry i (weights w) under model c.
func baseCost(c CostModel, w []float32, i int) float64 {
	if c == CostHops || w == nil {
		return 1
	}
	x := float64(w[i])
	switch c {
	case CostInverse:
		return 1 / x
	case CostNegLog:
		return math.Max(0, -math.Log(x))
	}
	return x
}

// edgeCost returns the cost of crossing entry i from u to v. Node penalties
// are split half to each end so that the cost is the same in both search
// directions; sources and targets carry no penalty.
func (s *searcher) edgeCost(opt *PathOptions, w []float32, i int, u, v int32) float64 {
	c := baseCost(opt.Cost, w, i)
	if opt.NodePenalty != nil {
		if s.isSrc[u] != s.epoch && s.isTgt[u] != s.epoch {
			c += opt.NodePenalty[u] / 2
		}
		if s.isSrc[v] != s.epoch && s.isTgt[v] != s.epoch {
			c += opt.NodePenalty[v] / 2
		}
	}
	return c
}

func (s *searcher) edgeAllowed(opt *PathOptions, v, e int32) bool {
	if s.block[v] == s.epoch {
		return false
	}
	if opt.Exclude != nil && opt.Exclude.Has32(v) && s.isSrc[v] != s.epoch && s.isTgt[v] != s.epoch {
		return false
	}
	if len(s.blockedEdges) > 0 && s.blockedEdges[e] {
		return false
	}
	return opt.EdgeOK == nil || opt.EdgeOK(e)
}

// search finds a cheapest path from any source to any target. Sources and
// targets must already be stamped (isSrc/isTgt), as must blocked nodes.
func (s *searcher) search(srcs, tgts []int32, q query) (Path, bool) {
	opt := q.opt
	s.curOpt = opt
	unit := (opt.Cost == CostHops || !s.g.weighted) && opt.NodePenalty == nil
	var p Path
	var ok bool
	if unit {
		p, ok = s.bfs(srcs, tgts, q.maxHops)
	} else {
		p, ok = s.dijkstra(srcs, tgts, opt)
		if ok && q.maxHops > 0 && p.Hops() > q.maxHops {
			p, ok = s.boundedDijkstra(srcs, q)
		}
	}
	return p, ok
}

// bfs is a bidirectional breadth-first search that always grows the side
// whose frontier has fewer edges to scan.
func (s *searcher) bfs(srcs, tgts []int32, maxHops int) (Path, bool) {
	g, ep := s.g, s.epoch
	s.frontF, s.frontB = s.frontF[:0], s.frontB[:0]
	for _, v := range srcs {
		if s.seenF[v] != ep {
			s.seenF[v], s.hopF[v], s.parF[v], s.edgeF[v] = ep, 0, -1, -1
			s.frontF = append(s.frontF, v)
		}
	}
	for _, v := range tgts {
		if s.seenF[v] == ep {
			return Path{Nodes: []int32{v}}, true
		}
		if s.seenB[v] != ep {
			s.seenB[v], s.hopB[v], s.parB[v], s.edgeB[v] = ep, 0, -1, -1
			s.frontB = append(s.frontB, v)
		}
	}
	levelF, levelB := 0, 0
	bestU, bestV, bestE := int32(-1), int32(-1), int32(-1)
	bestLen := int32(math.MaxInt32)
	meet := func(u, v, e int32) {
		if l := s.hopF[u] + 1 + s.hopB[v]; l < bestLen {
			bestLen, bestU, bestV, bestE = l, u, v, e
		}
	}
	for len(s.frontF) > 0 && len(s.frontB) > 0 {
		if maxHops > 0 && levelF+levelB >= maxHops {
			break
		}
		forward := work(g.out.off, s.frontF) <= work(g.in.off, s.frontB)
		s.next = s.next[:0]
		if forward {
			for _, u := range s.frontF {
				if s.isTgt[u] == ep {
					continue // targets end paths
				}
				nb, ids, _ := g.out.slice(u)
				for i, v := range nb {
					e := ids[i]
					if s.seenF[v] == ep || !s.edgeAllowed(s.opt(), v, e) {
						continue
					}
					if s.seenB[v] == ep {
						meet(u, v, e)
					}
					s.seenF[v], s.hopF[v], s.parF[v], s.edgeF[v] = ep, int32(levelF+1), u, e
					s.next = append(s.next, v)
				}
			}
			levelF++
			s.frontF, s.next = s.next, s.frontF
		} else {
			for _, v := range s.frontB {
				if s.isSrc[v] == ep {
					continue
				}
				nb, ids, _ := g.in.slice(v)
				for i, u := range nb {
					e := ids[i]
					if s.seenB[u] == ep || !s.edgeAllowed(s.opt(), u, e) {
						continue
					}
					if s.seenF[u] == ep {
						meet(u, v, e)
					}
					s.seenB[u], s.hopB[u], s.parB[u], s.edgeB[u] = ep, int32(levelB+1), v, e
					s.next = append(s.next, u)
				}
			}
			levelB++
			s.frontB, s.next = s.next, s.frontB
		}
		if bestU >= 0 {
			// Any meeting found later would use a node first labelled in a
			// later level on one side, so it cannot be shorter.
			p := s.join(bestU, bestV, bestE)
			if maxHops > 0 && p.Hops() > maxHops {
				return Path{}, false
			}
			p.Cost = float64(p.Hops())
			return p, true
		}
	}
	return Path{}, false
}

// opt is set for the duration of a query; BFS needs only its filters.
func (s *searcher) opt() *PathOptions { return s.curOpt }

func work(off []int, front []int32) int {
	w := 0
	for _, v := range front {
		w += off[v+1] - off[v]
	}
	return w
}

// join builds the path source…u -e- v…target from the parent labels.
func (s *searcher) join(u, v, e int32) Path {
	var nodes, edges []int32
	for x := u; x >= 0; x = s.parF[x] {
		nodes = append(nodes, x)
		if s.edgeF[x] >= 0 {
			edges = append(edges, s.edgeF[x])
		}
	}
	slices.Reverse(nodes)
	slices.Reverse(edges)
	if e >= 0 {
		edges = append(edges, e)
		for x := v; x >= 0; x = s.parB[x] {
			nodes = append(nodes, x)
			if s.edgeB[x] >= 0 {
				edges = append(edges, s.edgeB[x])
			}
		}
	}
	return Path{Nodes: nodes, Edges: edges}
}

// dijkstra is a bidirectional Dijkstra search; it stops once the two
// smallest keys add up to at least the best meeting found.
func (s *searcher) dijkstra(srcs, tgts []int32, opt *PathOptions) (Path, bool) {
	g, ep := s.g, s.epoch
	s.heapF, s.heapB = s.heapF[:0], s.heapB[:0]
	var seq uint32
	for _, v := range srcs {
		s.seenF[v], s.distF[v], s.parF[v], s.edgeF[v] = ep, 0, -1, -1
		s.heapF.push(heapItem{d: 0, seq: seq, v: v})
		seq++
	}
	for _, v := range tgts {
		if s.seenF[v] == ep {
			return Path{Nodes: []int32{v}}, true
		}
		s.seenB[v], s.distB[v], s.parB[v], s.edgeB[v] = ep, 0, -1, -1
		s.heapB.push(heapItem{d: 0, seq: seq, v: v})
		seq++
	}
	best := inf
	bestU, bestV, bestE := int32(-1), int32(-1), int32(-1)
	for len(s.heapF) > 0 && len(s.heapB) > 0 {
		if s.heapF[0].d+s.heapB[0].d >= best {
			break
		}
		if len(s.heapF) <= len(s.heapB) {
			it := s.heapF.pop()
			u := it.v
			if s.doneF[u] == ep || it.d > s.distF[u] {
				continue
			}
			s.doneF[u] = ep
			if s.isTgt[u] == ep {
				continue
			}
			nb, ids, ws := g.out.slice(u)
			for i, v := range nb {
				e := ids[i]
				if s.doneF[v] == ep || !s.edgeAllowed(opt, v, e) {
					continue
				}
				d := it.d + s.edgeCost(opt, ws, i, u, v)
				if s.seenF[v] != ep || d < s.distF[v] {
					s.seenF[v], s.distF[v], s.parF[v], s.edgeF[v] = ep, d, u, e
					seq++
					s.heapF.push(heapItem{d: d, seq: seq, v: v})
				}
				if s.seenB[v] == ep && d+s.distB[v] < best {
					best, bestU, bestV, bestE = d+s.distB[v], u, v, e
				}
			}
		} else {
			it := s.heapB.pop()
			v := it.v
			if s.doneB[v] == ep || it.d > s.distB[v] {
				continue
			}
			s.doneB[v] = ep
			if s.isSrc[v] == ep {
				continue
			}
			nb, ids, ws := g.in.slice(v)
			for i, u := range nb {
				e := ids[i]
				if s.doneB[u] == ep || !s.edgeAllowed(opt, u, e) {
					continue
				}
				d := it.d + s.edgeCost(opt, ws, i, u, v)
				if s.seenB[u] != ep || d < s.distB[u] {
					s.seenB[u], s.distB[u], s.parB[u], s.edgeB[u] = ep, d, v, e
					seq++
					s.heapB.push(heapItem{d: d, seq: seq, v: u})
				}
				if s.seenF[u] == ep && d+s.distF[u] < best {
					best, bestU, bestV, bestE = d+s.distF[u], u, v, e
				}
			}
		}
	}
	if bestU < 0 {
		return Path{}, false
	}
	p := s.join(bestU, bestV, bestE)
	p.Cost = best
	return p, true
}

// boundedDijkstra finds the cheapest path with at most q.maxHops edges by
// label-setting over (node, hops): labels leave the heap in cost order, and
// a label is kept only if it reaches its node in fewer hops than every
// cheaper label did, so each node is settled at most maxHops+1 times.
func (s *searcher) boundedDijkstra(srcs []int32, q query) (Path, bool) {
	g, ep, opt := s.g, s.epoch, q.opt
	s.labels = s.labels[:0]
	var h minHeap
	for _, v := range srcs {
		s.labels = append(s.labels, label{v: v, e: -1, parent: -1})
		h.push(heapItem{d: 0, seq: uint32(len(s.labels) - 1), v: v})
	}
	for len(h) > 0 {
		it := h.pop()
		li := int32(it.seq)
		l := s.labels[li]
		if s.lseen[l.v] == ep && l.hops >= s.minHop[l.v] {
			continue
		}
		s.lseen[l.v], s.minHop[l.v] = ep, l.hops
		if s.isTgt[l.v] == ep {
			var nodes, edges []int32
			for x := li; x >= 0; x = s.labels[x].parent {
				nodes = append(nodes, s.labels[x].v)
				if s.labels[x].e >= 0 {
					edges = append(edges, s.labels[x].e)
				}
			}
			slices.Reverse(nodes)
			slices.Reverse(edges)
			return Path{Nodes: nodes, Edges: edges, Cost: l.cost}, true
		}
		if int(l.hops) >= q.maxHops {
			continue
		}
		nb, ids, ws := g.out.slice(l.v)
		for i, v := range nb {
			e := ids[i]
			if !s.edgeAllowed(opt, v, e) || (s.lseen[v] == ep && l.hops+1 >= s.minHop[v]) {
				continue
			}
			d := l.cost + s.edgeCost(opt, ws, i, l.v, v)
			s.labels = append(s.labels, label{cost: d, hops: l.hops + 1, v: v, e: e, parent: li})
			h.push(heapItem{d: d, seq: uint32(len(s.labels) - 1), v: v})
		}
	}
	return Path{}, false
}
