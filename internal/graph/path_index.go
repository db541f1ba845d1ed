package graph

import (
	"cmp"
	"slices"
)

// PathIndex speeds up weighted path queries on one graph under one cost
// model. It holds a copy of the adjacency in which every row is sorted by
// cost, cheapest first, with each arc's neighbour, edge id and cost side by
// side, so that a search reads a node's arcs in one sweep, computes no
// cost, and stops at the first arc that cannot lead to a path cheaper than
// the best one found. Hubs are where this pays: a search settles a node of
// 50,000 links after reading only the few it can still use.
//
// An index never changes a cost: the costs it holds are computed exactly
// as the search computes them without it, searches with and without it
// return paths of the same cost, and the tests check both against brute
// force. When several paths tie, an index may return a different one.
//
// Build it once per graph and pass it in PathOptions.Index (with the same
// Cost); it is read-only, so concurrent queries may share it. A filtered
// view (Filter, WithoutNodes, a viewer's EntityGraph) is a graph of its
// own and needs its own index; queries reject an index built for another
// graph or cost model. The entity graph should build one lazily per
// EntityGraph for CostNegLog (a sync.Once next to G) and set it in the
// PathOptions of Paths: per-query filters (edge types and times, hubs)
// go through EdgeOK, Exclude and NodePenalty and need no index of their
// own.
//
// Memory: 16 bytes per adjacency entry, that is 32 bytes per edge (an
// undirected edge has two entries; a directed one an out- and an in-entry),
// plus the row offsets, which are shared with the graph. Building sorts
// every row, in parallel.
type PathIndex struct {
	g       *Graph
	cost    CostModel
	out, in arcRows
}

// arcRows is an adjacency with arcs stored together, rows sorted by cost.
type arcRows struct {
	off  []int // shared with the graph's adjacency
	arcs []arc
}

type arc struct {
	nb, eid int32
	cost    float64
}

// NewPathIndex builds the index of g for queries under cost.
func NewPathIndex(g *Graph, cost CostModel) *PathIndex {
	x := &PathIndex{g: g, cost: cost}
	x.out = sortedRows(&g.out, cost)
	if g.directed {
		x.in = sortedRows(&g.in, cost)
	} else {
		x.in = x.out
	}
	return x
}

// Cost returns the cost model the index was built for.
func (x *PathIndex) Cost() CostModel { return x.cost }

// Bytes returns the memory the index holds beyond its graph.
func (x *PathIndex) Bytes() int {
	b := 16 * len(x.out.arcs)
	if x.g.directed {
		b += 16 * len(x.in.arcs)
	}
	return b
}

// sortedRows copies a with every row sorted by cost ascending, ties by
// neighbour ascending, so that the order does not depend on edge ids.
func sortedRows(a *adjacency, cm CostModel) arcRows {
	n := len(a.off) - 1
	r := arcRows{off: a.off, arcs: make([]arc, len(a.adj))}
	parallelRange(n, func(lo, hi int) {
		for v := lo; v < hi; v++ {
			row := r.arcs[a.off[v]:a.off[v+1]]
			for j := range row {
				i := a.off[v] + j
				row[j] = arc{nb: a.adj[i], eid: a.eid[i], cost: baseCost(cm, a.w, i)}
			}
			slices.SortFunc(row, func(x, y arc) int {
				if c := cmp.Compare(x.cost, y.cost); c != 0 {
					return c
				}
				return cmp.Compare(x.nb, y.nb)
			})
		}
	})
	return r
}
