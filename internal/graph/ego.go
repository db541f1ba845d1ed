package graph

import (
	"fmt"
	"slices"
)

// EgoOptions shapes an ego-network query.
type EgoOptions struct {
	Hops int // how far from the centre; default 1
	// EdgeOK, when set, admits only edges for which it returns true (from
	// is the node already reached, to the node across the edge).
	EdgeOK func(from, to, eid int32) bool
	// Exclude holds nodes never entered (a centre is always included);
	// excluded nodes neither appear nor relay.
	Exclude Bitset
	// Both follows edges against their direction too in a directed graph
	// (networkx's ego_graph(undirected=True)).
	Both bool
	// MaxNodes stops the expansion once that many nodes are reached
	// (0: no limit); Truncated then reports it.
	MaxNodes int
}

// Ego is a k-hop neighbourhood.
type Ego struct {
	Nodes []int32 // in breadth-first order, centres first
	Hops  []int32 // Hops[i] is the distance of Nodes[i] from the nearest centre
	// Edges are the ids of the admitted edges among Nodes, each once,
	// ascending.
	Edges     []int32
	Truncated bool
}

// EgoNetwork returns the nodes within opt.Hops of any centre over admitted
// edges, and the admitted edges among them.
func EgoNetwork(g *Graph, centres []int32, opt EgoOptions) (Ego, error) {
	if opt.Hops <= 0 {
		opt.Hops = 1
	}
	n := int32(g.N())
	dist := map[int32]int32{}
	var res Ego
	for _, c := range centres {
		if c < 0 || c >= n {
			return Ego{}, fmt.Errorf("%w: %d", ErrBadNode, c)
		}
		if _, ok := dist[c]; !ok {
			dist[c] = 0
			res.Nodes = append(res.Nodes, c)
			res.Hops = append(res.Hops, 0)
		}
	}
	admit := func(u, v, e int32) bool {
		if opt.Exclude != nil && opt.Exclude.Has32(v) {
			if d, ok := dist[v]; !ok || d != 0 {
				return false
			}
		}
		return opt.EdgeOK == nil || opt.EdgeOK(u, v, e)
	}
	visit := func(u int32, nb, ids []int32, du int32) bool {
		for i, v := range nb {
			if _, ok := dist[v]; ok || !admit(u, v, ids[i]) {
				continue
			}
			if opt.MaxNodes > 0 && len(res.Nodes) >= opt.MaxNodes {
				res.Truncated = true
				return false
			}
			dist[v] = du + 1
			res.Nodes = append(res.Nodes, v)
			res.Hops = append(res.Hops, du+1)
		}
		return true
	}
expand:
	for h := 0; h < len(res.Nodes); h++ {
		u, du := res.Nodes[h], res.Hops[h]
		if int(du) >= opt.Hops {
			break
		}
		nb, ids, _ := g.out.slice(u)
		if !visit(u, nb, ids, du) {
			break expand
		}
		if g.directed && opt.Both {
			nb, ids, _ = g.in.slice(u)
			if !visit(u, nb, ids, du) {
				break expand
			}
		}
	}
	// Edges among the reached nodes, checked from the side that holds them
	// as out-edges so each directed edge is seen once.
	seen := map[int32]bool{}
	for _, u := range res.Nodes {
		nb, ids, _ := g.out.slice(u)
		for i, v := range nb {
			if _, ok := dist[v]; !ok || seen[ids[i]] {
				continue
			}
			if opt.EdgeOK != nil && !opt.EdgeOK(u, v, ids[i]) {
				continue
			}
			seen[ids[i]] = true
			res.Edges = append(res.Edges, ids[i])
		}
	}
	slices.Sort(res.Edges)
	return res, nil
}
