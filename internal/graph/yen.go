package graph

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// KShortestPathsBetween returns up to k cheapest simple paths that start at
// a node of from and end at a node of to, cheapest first, ties broken by
// fewer hops and then by node sequence. No path passes through a member of
// either set on the way (it would be a shorter connection itself). It is
// Yen's algorithm run from a virtual node joined to every source: the
// deviation at that virtual root is what yields paths from other sources.
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
	for _, p := range opt.NodePenalty {
		if p < 0 {
			return nil, fmt.Errorf("graph: negative node penalty %g", p)
		}
	}
	if k <= 0 || len(from) == 0 || len(to) == 0 {
		return nil, nil
	}
	s := getSearcher(g)
	defer putSearcher(s)
	y := yen{s: s, g: g, opt: &opt, from: from, to: to}
	return y.run(k), nil
}

type yen struct {
	s        *searcher
	g        *Graph
	opt      *PathOptions
	from, to []int32
}

// spur searches from the given sources to the targets with blocked nodes
// and edges, the other members of from and to forbidden as intermediates.
func (y *yen) spur(srcs []int32, blockNodes []int32, blockEdges []int32, maxHops int) (Path, bool) {
	s := y.s
	s.begin()
	ep := s.epoch
	for _, v := range y.from {
		s.block[v] = ep
	}
	for _, v := range y.to {
		s.block[v] = ep
	}
	for _, v := range srcs {
		s.block[v] = 0
		s.isSrc[v] = ep
	}
	for _, v := range y.to {
		s.block[v] = 0
		s.isTgt[v] = ep
	}
	for _, v := range blockNodes {
		s.block[v] = ep
	}
	for _, e := range blockEdges {
		s.blockedEdges[e] = true
	}
	return s.search(srcs, y.to, query{opt: y.opt, maxHops: maxHops})
}

// pathCost recomputes a whole path's cost; spur searches treat the spur
// node as an endpoint, so the joined path's cost is counted afresh.
func (y *yen) pathCost(p Path) float64 {
	var c float64
	for i := range p.Edges {
		u, v := p.Nodes[i], p.Nodes[i+1]
		c += y.edgeCostByID(u, v)
		if y.opt.NodePenalty != nil && i > 0 {
			c += y.opt.NodePenalty[u]
		}
	}
	return c
}

func (y *yen) edgeCostByID(u, v int32) float64 {
	nb, _, ws := y.g.out.slice(u)
	i, _ := slices.BinarySearch(nb, v)
	return baseCost(y.opt.Cost, ws, i)
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

func (y *yen) run(k int) []Path {
	first, ok := y.spur(y.from, nil, nil, y.opt.MaxHops)
	if !ok {
		return nil
	}
	first.Cost = y.pathCost(first)
	accepted := []Path{first}
	seen := map[string]bool{pathKey(first.Nodes): true}
	var cands []Path
	for len(accepted) < k {
		prev := accepted[len(accepted)-1]
		// Deviation at the virtual root: start from a source no accepted
		// path starts from.
		used := map[int32]bool{}
		for _, p := range accepted {
			used[p.Nodes[0]] = true
		}
		var others []int32
		for _, v := range y.from {
			if !used[v] {
				others = append(others, v)
			}
		}
		if len(others) > 0 {
			if p, ok := y.spur(others, nil, nil, y.opt.MaxHops); ok {
				y.addCandidate(&cands, seen, p)
			}
		}
		for i := 0; i+1 < len(prev.Nodes); i++ {
			root := prev.Nodes[:i+1]
			var blockE []int32
			for _, p := range accepted {
				if len(p.Nodes) > i+1 && slices.Equal(p.Nodes[:i+1], root) {
					blockE = append(blockE, p.Edges[i])
				}
			}
			hops := 0
			if y.opt.MaxHops > 0 {
				hops = y.opt.MaxHops - i
				if hops <= 0 {
					break
				}
			}
			sp, ok := y.spur([]int32{prev.Nodes[i]}, root[:i], blockE, hops)
			if !ok {
				continue
			}
			full := Path{
				Nodes: slices.Concat(root[:i], sp.Nodes),
				Edges: slices.Concat(prev.Edges[:i], sp.Edges),
			}
			y.addCandidate(&cands, seen, full)
		}
		if len(cands) == 0 {
			break
		}
		slices.SortFunc(cands, pathLess)
		accepted = append(accepted, cands[0])
		cands = cands[1:]
	}
	return accepted
}

func (y *yen) addCandidate(cands *[]Path, seen map[string]bool, p Path) {
	key := pathKey(p.Nodes)
	if seen[key] {
		return
	}
	seen[key] = true
	p.Cost = y.pathCost(p)
	*cands = append(*cands, p)
}
