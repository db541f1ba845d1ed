package graph

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// KShortestPathsBetween returns up to k cheapest simple paths that start at
// a node of from and end at a node of to, cheapest first, ties broken by
// fewer hops and then by node sequence. No path passes through a member of
// either set on the way (it would be a shorter connection itself). It is
// Yen's algorithm run from a virtual node joined to every source: the
// deviation at that virtual root is what yields paths from other sources.
//
// Two refinements keep it to a few searches, neither changing the result:
//   - Lawler's: a path is only spurred from its deviation node on. A spur
//     at an earlier node has the same root and the same blocked edges as
//     one already run for the path it deviated from, so it would only
//     find a path already listed.
//   - Bounded spurs: once c candidates are listed and only r <= c more
//     paths are wanted, a spur path costing more than the r-th candidate
//     can never be returned, so each spur search starts with that bound as
//     its best and stops as soon as it cannot beat it. Spurs run from the
//     end of the path backwards, as the short ones are cheap and tighten
//     the bound for the long ones.
func KShortestPathsBetween(g *Graph, from, to []int32, k int, opt PathOptions) ([]Path, error) {
	n := int32(g.N())
	for _, v := range slices.Concat(from, to) {
		if v < 0 || v >= n {
			return nil, fmt.Errorf("%w: %d", ErrBadNode, v)
		}
	}
	if opt.NodePenalty != nil && len(opt.NodePenalty) != g.N() {
		return nil, fmt.Errorf("graph: NodePenalty has %d entries for %d nodes", len(opt.NodePenalty), g.N())
	}
	if x := opt.Index; x != nil && (x.g != g || x.cost != opt.Cost) {
		return nil, errors.New("graph: PathOptions.Index was built for another graph or cost model")
	}
	if opt.MaxHops < 0 {
		return nil, fmt.Errorf("graph: MaxHops %d < 0", opt.MaxHops)
	}
	s := getSearcher(g)
	defer putSearcher(s)
	var maxPen float64
	var err error
	if opt.penSet != nil {
		maxPen = s.usePenalties(opt.penSet)
	} else if maxPen, err = s.penalties(opt.NodePenalty); err != nil {
		return nil, err
	}
	if k <= 0 || len(from) == 0 || len(to) == 0 {
		return nil, nil
	}
	s.q = query{
		opt:   &opt,
		unit:  (opt.Cost == CostHops || !g.weighted) && maxPen == 0,
		rows:  [2]*adjacency{&g.out, &g.in},
		index: opt.Index,
	}
	if maxPen > 0 {
		// Nodes of the largest penalty are searched around first (see
		// searcher.search): the hubs, when they are what is damped.
		s.q.pen, s.q.tau = opt.NodePenalty, maxPen
	}
	y := yen{s: s, opt: &opt, from: from, to: to, maxHops: int32(opt.MaxHops)}
	return y.run(k), nil
}

type yen struct {
	s        *searcher
	opt      *PathOptions
	from, to []int32
	maxHops  int32
}

// spur searches from srcs to the targets with the given nodes and edges
// blocked, the other members of from and to forbidden as intermediates,
// for a path of at most maxHops edges (0: any) cheaper than bound.
func (y *yen) spur(srcs, blockNodes, blockEdges []int32, maxHops int32, bound float64) (Path, bool) {
	s := y.s
	defer s.clear()
	blocked := slices.Clone(blockNodes)
	for _, v := range y.from {
		if !slices.Contains(srcs, v) && !slices.Contains(y.to, v) {
			blocked = append(blocked, v)
		}
	}
	s.mark(srcs, y.to, blocked)
	s.blockedE = append(s.blockedE[:0], blockEdges...)
	return s.search(srcs, y.to, maxHops, bound)
}

func pathKey(nodes []int32) string {
	b := make([]byte, 4*len(nodes))
	for i, v := range nodes {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(v))
	}
	return string(b)
}

func pathLess(a, b Path) int {
	switch {
	case a.Cost < b.Cost:
		return -1
	case a.Cost > b.Cost:
		return 1
	case len(a.Edges) != len(b.Edges):
		return len(a.Edges) - len(b.Edges)
	}
	return slices.Compare(a.Nodes, b.Nodes)
}

// cand is a path with the index of the node where it left the path it was
// spurred from (-1: at the virtual root, i.e. from another source).
type cand struct {
	Path
	dev int
}

func (y *yen) run(k int) []Path {
	first, ok := y.spur(y.from, nil, nil, y.maxHops, inf)
	if !ok {
		return nil
	}
	first.Cost = y.s.pathCost(first)
	accepted := []cand{{first, -1}}
	seen := map[string]bool{pathKey(first.Nodes): true}
	var cands []cand
	// add lists a spur path, keeping cands sorted.
	add := func(p Path, dev int) {
		key := pathKey(p.Nodes)
		if seen[key] {
			return
		}
		seen[key] = true
		p.Cost = y.s.pathCost(p)
		c := cand{p, dev}
		i, _ := slices.BinarySearchFunc(cands, c, func(a, b cand) int { return pathLess(a.Path, b.Path) })
		cands = slices.Insert(cands, i, c)
	}
	// bound is the cost above which a new candidate cannot be returned.
	bound := func() float64 {
		need := k - len(accepted)
		if len(cands) < need {
			return inf
		}
		b := cands[need-1].Cost
		// Costs are summed in different orders by the searches and by
		// pathCost; the slack keeps float noise from cutting a tie.
		return b + 1e-9*math.Max(1, math.Abs(b))
	}
	for len(accepted) < k {
		prev := accepted[len(accepted)-1]
		if prev.dev < 0 {
			// Deviation at the virtual root: start from a source no
			// accepted path starts from.
			var others []int32
			for _, v := range y.from {
				if !slices.ContainsFunc(accepted, func(c cand) bool { return c.Nodes[0] == v }) {
					others = append(others, v)
				}
			}
			if len(others) > 0 {
				if p, ok := y.spur(others, nil, nil, y.maxHops, bound()); ok {
					add(p, -1)
				}
			}
		}
		var rootCost float64 // cost of prev up to node i, as pathCost counts it
		costs := make([]float64, len(prev.Nodes))
		for i := 1; i < len(prev.Nodes); i++ {
			u, v := prev.Nodes[i-1], prev.Nodes[i]
			nb, _, ws := y.s.g.out.slice(u)
			j, _ := slices.BinarySearch(nb, v)
			rootCost += baseCost(y.opt.Cost, ws, j)
			if y.s.q.pen != nil && i > 1 {
				rootCost += y.s.q.pen[u]
			}
			costs[i] = rootCost
		}
		for i := len(prev.Nodes) - 2; i >= max(prev.dev, 0); i-- {
			hops := int32(0)
			if y.maxHops > 0 {
				hops = y.maxHops - int32(i)
			}
			root := prev.Nodes[:i+1]
			var blockE []int32
			for _, p := range accepted {
				if len(p.Nodes) > i+1 && slices.Equal(p.Nodes[:i+1], root) {
					blockE = append(blockE, p.Edges[i])
				}
			}
			b := bound()
			if b < inf {
				b -= costs[i]
				if y.s.q.pen != nil && i > 0 {
					b -= y.s.q.pen[prev.Nodes[i]]
				}
				if b <= 0 {
					y.s.stats.Pruned++
					continue
				}
			}
			sp, ok := y.spur([]int32{prev.Nodes[i]}, root[:i], blockE, hops, b)
			if !ok {
				continue
			}
			add(Path{
				Nodes: slices.Concat(root[:i], sp.Nodes),
				Edges: slices.Concat(prev.Edges[:i], sp.Edges),
			}, i)
		}
		if len(cands) == 0 {
			break
		}
		accepted = append(accepted, cands[0])
		cands = cands[1:]
	}
	out := make([]Path, len(accepted))
	for i, c := range accepted {
		out[i] = c.Path
	}
	return out
}
