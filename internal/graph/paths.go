package graph

import (
	"errors"
	"fmt"
	"math"
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
	// Index, when set, must have been built by NewPathIndex for this very
	// graph (not a view of it). It makes weighted queries faster and
	// changes no cost: see PathIndex.
	Index *PathIndex

	// penSet, when set, is NodePenalty already checked, with its largest
	// penalty and the nodes that carry it (see penalties).
	penSet *penaltySet
}

// penaltySet is a node penalty vector checked once, for a graph that
// answers many queries with the same penalties.
type penaltySet struct {
	pen   []float64
	max   float64
	heavy []int32 // the nodes whose penalty is max
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

// nodeState is a searcher's scratch for one node that holds labels. The
// hot tests of an arc (is the node special, excluded, reached by the
// breadth-first search) read bitsets that stay in cache; nodeState is read
// only for arcs that pass them.
// Between queries everything is zero: a query records the nodes it touches
// and clears them when it ends, so a query costs what it explores, not
// O(N).
type nodeState struct {
	head  [2]int32 // 1 + the first label of the node on each side; 0: none
	flags uint8
}

const (
	fTouched uint8 = 1 << iota
	fSrc
	fTgt
	fBlocked // may not be passed through in this search
)

// bfsNode is a breadth-first label: level and parent (node and edge).
type bfsNode struct {
	level, par, parE int32
}

// searcher holds per-query scratch arrays sized to the graph.
type searcher struct {
	g       *Graph
	st      []nodeState
	touched []int32
	special Bitset // sources, targets and blocked nodes: read st for them
	sides   [2]side
	// Breadth-first search, per side: who is reached and their labels.
	seen    [2]Bitset
	bfsLab  [2][]bfsNode
	reached []int32 // nodes in seen (either side), to clear them
	// Hop balls of the light phase, kept for the second phase (search).
	light        [2]Bitset
	lightLvl     [2][]uint8
	lightDepth   [2]int32
	lightReached []int32
	lightByLevel [2][]int32    // the nodes of each light ball, by level
	lightEnd     [2][256]int32 // lightByLevel[k][:lightEnd[k][r]] are within r hops
	lastDepth    [2]int32      // of the last breadth-first search
	front        [2][]int32
	next         []int32
	// heavy marks the nodes of the largest penalty (see search); penalised
	// lists the nodes with a penalty while they are few, to clear heavy.
	heavy     Bitset
	penalised []int32
	manyPen   bool
	// blockedE holds edges a spur search may not use; they all leave a
	// source (Yen blocks the next edges of accepted paths at the spur
	// node), so only arcs at a source are checked against it.
	blockedE []int32
	q        query
	stats    searchStats
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
	if s.manyPen {
		clear(s.heavy)
	} else {
		for _, v := range s.penalised {
			s.heavy.Clear(int(v))
		}
	}
	s.penalised, s.manyPen = s.penalised[:0], false
	if pathStatsHook != nil {
		pathStatsHook(s.stats)
	}
	s.stats = searchStats{}
	s.g, s.q = nil, query{}
	if p, ok := searchers.Load(n); ok {
		p.(*sync.Pool).Put(s)
	}
}

func newSearcher(n int) *searcher {
	s := &searcher{
		st:       make([]nodeState, n),
		special:  NewBitset(n),
		heavy:    NewBitset(n),
		seen:     [2]Bitset{NewBitset(n), NewBitset(n)},
		bfsLab:   [2][]bfsNode{make([]bfsNode, n), make([]bfsNode, n)},
		light:    [2]Bitset{NewBitset(n), NewBitset(n)},
		lightLvl: [2][]uint8{make([]uint8, n), make([]uint8, n)},
	}
	return s
}

// pathStatsHook, when set (by benchmarks), receives each query's counters.
var pathStatsHook func(searchStats)

// searchStats counts a query's work.
type searchStats struct {
	Searches int // weighted searches run (Yen runs several per query)
	BFS      int // breadth-first searches run
	Settled  int // labels settled
	Labels   int // labels created
	Scanned  int // arcs looked at by weighted searches
	BFSArcs  int // arcs looked at by breadth-first searches
	Pruned   int // spur searches cut short by Yen's bound
}

func (s *searcher) touch(v int32) *nodeState {
	ns := &s.st[v]
	if ns.flags&fTouched == 0 {
		ns.flags = fTouched
		s.touched = append(s.touched, v)
	}
	return ns
}

// penalties checks a query's node penalties (finite, >= 0), marks the
// heavy nodes, those of the largest penalty, and returns that penalty (0
// when there are none). It is one pass over the penalties; a second runs
// only when many nodes carry a penalty.
func (s *searcher) penalties(pen []float64) (float64, error) {
	var maxPen float64
	limit := len(pen)/16 + 16
	for v, p := range pen {
		if !(p >= 0 && p <= math.MaxFloat64) {
			return 0, fmt.Errorf("graph: node penalty %g (want finite, >= 0)", p)
		}
		if p > 0 {
			maxPen = max(maxPen, p)
			if !s.manyPen {
				if len(s.penalised) < limit {
					s.penalised = append(s.penalised, int32(v))
				} else {
					s.manyPen = true
				}
			}
		}
	}
	if maxPen == 0 {
		return 0, nil
	}
	if s.manyPen {
		for v, p := range pen {
			if p == maxPen {
				s.heavy.Set(v)
			}
		}
	} else {
		for _, v := range s.penalised {
			if pen[v] == maxPen {
				s.heavy.Set(int(v))
			}
		}
	}
	return maxPen, nil
}

// usePenalties marks the heavy nodes of a penalty set checked before.
func (s *searcher) usePenalties(ps *penaltySet) float64 {
	if ps.max == 0 {
		return 0
	}
	for _, v := range ps.heavy {
		s.heavy.Set(int(v))
	}
	s.penalised = append(s.penalised, ps.heavy...)
	return ps.max
}

// clear returns every touched node to its zero state.
func (s *searcher) clear() {
	s.forgetBFS()
	s.forgetLightBalls()
	for k := range s.sides {
		s.sides[k].reset(s.st, k)
	}
	for _, v := range s.touched {
		s.st[v] = nodeState{}
		s.special.Clear(int(v))
	}
	s.touched = s.touched[:0]
	s.blockedE = s.blockedE[:0]
}

// keepLightBalls saves the hop balls of the breadth-first search just run
// (over the light graph) for the second phase of a search.
func (s *searcher) keepLightBalls() {
	for _, v := range s.reached {
		for k := range s.light {
			if s.seen[k].Has32(v) {
				s.light[k].Set(int(v))
				s.lightLvl[k][v] = uint8(min(s.bfsLab[k][v].level, 255))
			}
		}
	}
	s.lightReached = append(s.lightReached, s.reached...)
	s.lightDepth = s.lastDepth
	for k := range s.light {
		d := min(s.lightDepth[k], 255)
		end := &s.lightEnd[k]
		clear(end[:])
		list := s.lightByLevel[k][:0]
		for _, v := range s.reached {
			if s.seen[k].Has32(v) {
				if l := s.bfsLab[k][v].level; l <= d {
					end[l]++
					list = append(list, v)
				}
			}
		}
		for l := int32(1); l <= d; l++ {
			end[l] += end[l-1]
		}
		// Counting sort by level: fill from the back of each level.
		pos := *end
		out := make([]int32, len(list))
		for _, v := range list {
			l := s.bfsLab[k][v].level
			pos[l]--
			out[pos[l]] = v
		}
		s.lightByLevel[k] = append(list[:0], out...)
	}
}

func (s *searcher) forgetLightBalls() {
	for _, v := range s.lightReached {
		s.light[0].Clear(int(v))
		s.light[1].Clear(int(v))
	}
	s.lightReached = s.lightReached[:0]
}

// forgetBFS clears what a breadth-first search left.
func (s *searcher) forgetBFS() {
	for _, v := range s.reached {
		s.seen[0].Clear(int(v))
		s.seen[1].Clear(int(v))
	}
	s.reached = s.reached[:0]
}
