package graph

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// adjacency is one direction of a CSR: the neighbours of v are
// adj[off[v]:off[v+1]], sorted by neighbour index, with the id and (when the
// graph is weighted) the weight of each edge alongside.
type adjacency struct {
	off []int
	adj []int32
	eid []int32
	w   []float32 // nil when unweighted
}

func (a *adjacency) bytes() int {
	return 8*len(a.off) + 4*len(a.adj) + 4*len(a.eid) + 4*len(a.w)
}

// Graph is an immutable graph in CSR form. For an undirected graph the in-
// and out-adjacency are the same arrays. It is safe for concurrent readers.
type Graph struct {
	directed bool
	weighted bool
	names    []string
	index    map[string]int32
	out      adjacency
	in       adjacency
	m        int // number of edges after merging parallel ones
	idSpace  int // edge ids lie in [0, idSpace)
}

// N returns the number of nodes.
func (g *Graph) N() int { return len(g.out.off) - 1 }

// M returns the number of edges (an undirected edge counts once).
func (g *Graph) M() int { return g.m }

// EdgeIDSpace returns the bound of edge ids: every id is < EdgeIDSpace. A
// filtered view keeps its parent's ids, so this can exceed M.
func (g *Graph) EdgeIDSpace() int { return g.idSpace }

// Directed reports whether edges have a direction.
func (g *Graph) Directed() bool { return g.directed }

// Weighted reports whether edges carry weights (else every weight is 1).
func (g *Graph) Weighted() bool { return g.weighted }

// Name returns node v's name.
func (g *Graph) Name(v int32) string { return g.names[v] }

// Names returns the name table, indexed by node; callers must not modify it.
func (g *Graph) Names() []string { return g.names }

// Lookup returns the index of the node called name.
func (g *Graph) Lookup(name string) (int32, bool) {
	v, ok := g.index[name]
	return v, ok
}

// Out returns v's out-neighbours (all neighbours when undirected), their edge
// ids and weights (nil when unweighted). The slices alias the graph.
func (g *Graph) Out(v int32) (nbrs, eids []int32, w []float32) {
	return g.out.slice(v)
}

// In returns v's in-neighbours (all neighbours when undirected).
func (g *Graph) In(v int32) (nbrs, eids []int32, w []float32) {
	return g.in.slice(v)
}

func (a *adjacency) slice(v int32) (nbrs, eids []int32, w []float32) {
	lo, hi := a.off[v], a.off[v+1]
	if a.w != nil {
		w = a.w[lo:hi]
	}
	return a.adj[lo:hi], a.eid[lo:hi], w
}

// OutDegree returns the number of adjacency entries of v (a self-loop counts
// once). Use Degree for networkx's degree.
func (g *Graph) OutDegree(v int32) int { return g.out.off[v+1] - g.out.off[v] }

// InDegree is OutDegree for incoming edges.
func (g *Graph) InDegree(v int32) int { return g.in.off[v+1] - g.in.off[v] }

// Degree returns networkx's degree: neighbours counted once each and a
// self-loop twice when undirected; in-degree plus out-degree when directed.
func (g *Graph) Degree(v int32) int {
	if g.directed {
		return g.OutDegree(v) + g.InDegree(v)
	}
	d := g.OutDegree(v)
	if g.hasLoop(v) {
		d++
	}
	return d
}

func (g *Graph) hasLoop(v int32) bool {
	nb, _, _ := g.out.slice(v)
	_, found := slices.BinarySearch(nb, v)
	return found
}

// EdgeBetween returns the id and weight of the edge from u to v (either way
// when undirected).
func (g *Graph) EdgeBetween(u, v int32) (eid int32, w float32, ok bool) {
	nb, ids, ws := g.out.slice(u)
	i, found := slices.BinarySearch(nb, v)
	if !found {
		return -1, 0, false
	}
	w = 1
	if ws != nil {
		w = ws[i]
	}
	return ids[i], w, true
}

// Bytes estimates the memory held by the graph, name table included
// (string headers and bytes plus a map entry per name).
func (g *Graph) Bytes() int {
	b := g.out.bytes()
	if g.directed {
		b += g.in.bytes()
	}
	for _, s := range g.names {
		b += 16 + len(s)
	}
	// Go maps cost about 2x their key+value size once load factor and
	// control bytes are counted; the estimate is checked against MemStats in
	// the memory benchmark.
	b += len(g.index) * 2 * (16 + 4)
	return b
}

// Builder accumulates nodes and edges, then freezes them into a Graph.
// The zero value is not usable; call NewBuilder.
type Builder struct {
	directed bool
	weighted bool
	names    []string
	index    map[string]int32
	src, dst []int32
	w        []float32
}

// NewBuilder returns a builder for a directed or undirected graph. When
// weighted is false, weights given to AddEdge are ignored.
func NewBuilder(directed, weighted bool) *Builder {
	return &Builder{directed: directed, weighted: weighted, index: map[string]int32{}}
}

// Grow reserves room for about nodes nodes and edges edges.
func (b *Builder) Grow(nodes, edges int) {
	b.names = slices.Grow(b.names, nodes)
	b.src = slices.Grow(b.src, edges)
	b.dst = slices.Grow(b.dst, edges)
	if b.weighted {
		b.w = slices.Grow(b.w, edges)
	}
	if len(b.index) == 0 && nodes > 0 {
		b.index = make(map[string]int32, nodes)
	}
}

// Node returns the index of the node called name, adding it if new.
func (b *Builder) Node(name string) int32 {
	if v, ok := b.index[name]; ok {
		return v
	}
	v := int32(len(b.names))
	b.names = append(b.names, name)
	b.index[name] = v
	return v
}

// NumNodes returns the number of nodes added so far.
func (b *Builder) NumNodes() int { return len(b.names) }

// AddEdge adds an edge between existing nodes u and v. Parallel edges are
// merged by Build (weights added). Edge ids are assigned by Build in order of
// each merged edge's first AddEdge call: with no parallel edges, the i-th
// call (from 0) becomes edge id i.
func (b *Builder) AddEdge(u, v int32, w float32) {
	b.src = append(b.src, u)
	b.dst = append(b.dst, v)
	if b.weighted {
		b.w = append(b.w, w)
	}
}

// AddEdgeNames adds an edge between the nodes called from and to, adding them
// as needed.
func (b *Builder) AddEdgeNames(from, to string, w float32) {
	u := b.Node(from)
	v := b.Node(to)
	b.AddEdge(u, v, w)
}

// ErrTooLarge is returned when a graph does not fit int32 indices.
var ErrTooLarge = errors.New("graph: more than 2^31-1 nodes or edges")

// Build freezes the builder into a Graph. The builder must not be used after.
func (b *Builder) Build() (*Graph, error) {
	n := len(b.names)
	if n >= math.MaxInt32 || len(b.src) >= math.MaxInt32 {
		return nil, ErrTooLarge
	}
	for i := range b.src {
		if int(b.src[i]) >= n || int(b.dst[i]) >= n || b.src[i] < 0 || b.dst[i] < 0 {
			return nil, fmt.Errorf("graph: edge %d refers to an unknown node", i)
		}
	}
	g := &Graph{directed: b.directed, weighted: b.weighted, names: b.names, index: b.index}
	// Parallel edges share the lowest AddEdge index as representative; the
	// rank of a representative among all representatives is the edge id.
	// Both directions of an undirected edge see the same group, so both
	// entries get the same id without a lookup.
	rep := NewBitset(len(b.src))
	var out, in adjacency
	if b.directed {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); out = buildSide(n, b.src, b.dst, false, b.w, rep, true) }()
		go func() { defer wg.Done(); in = buildSide(n, b.dst, b.src, false, b.w, nil, false) }()
		wg.Wait()
	} else {
		out = buildSide(n, b.src, b.dst, true, b.w, rep, true)
	}
	rank := rep.ranks()
	m := rep.Count()
	remap := func(a *adjacency) {
		for i, e := range a.eid {
			a.eid[i] = rank[e]
		}
	}
	remap(&out)
	if b.directed {
		remap(&in)
		g.in = in
	} else {
		in = out
	}
	g.out, g.in = out, in
	g.m, g.idSpace = m, m
	b.src, b.dst, b.w = nil, nil, nil
	return g, nil
}

// buildSide lays edges into CSR rows by src (and by dst too when both is
// set, for undirected graphs), sorts every row by neighbour and merges
// parallel entries. eid holds the lowest original edge index of each group
// until Build remaps it; rep marks those representatives.
func buildSide(n int, src, dst []int32, both bool, w []float32, rep Bitset, markRep bool) adjacency {
	off := make([]int, n+1)
	for i := range src {
		off[src[i]+1]++
		if both && src[i] != dst[i] {
			off[dst[i]+1]++
		}
	}
	for v := 0; v < n; v++ {
		off[v+1] += off[v]
	}
	// key packs (neighbour, original index) so a plain sort orders a row
	// by neighbour and, within a parallel group, by insertion.
	keys := make([]uint64, off[n])
	pos := slices.Clone(off[:n])
	for i := range src {
		s, d := src[i], dst[i]
		keys[pos[s]] = uint64(uint32(d))<<32 | uint64(uint32(i))
		pos[s]++
		if both && s != d {
			keys[pos[d]] = uint64(uint32(s))<<32 | uint64(uint32(i))
			pos[d]++
		}
	}
	pos = nil
	// Sort rows in parallel, then compact each row in place.
	parallelRange(n, func(lo, hi int) {
		for v := lo; v < hi; v++ {
			slices.Sort(keys[off[v]:off[v+1]])
		}
	})
	adj := make([]int32, 0, len(keys))
	eid := make([]int32, 0, len(keys))
	var ws []float32
	if w != nil {
		ws = make([]float32, 0, len(keys))
	}
	newOff := make([]int, n+1)
	for v := 0; v < n; v++ {
		row := keys[off[v]:off[v+1]]
		for i := 0; i < len(row); {
			nb := int32(row[i] >> 32)
			first := int32(uint32(row[i]))
			var sum float64
			j := i
			for ; j < len(row) && int32(row[j]>>32) == nb; j++ {
				if w != nil {
					sum += float64(w[uint32(row[j])])
				}
			}
			adj = append(adj, nb)
			eid = append(eid, first)
			if w != nil {
				ws = append(ws, float32(sum))
			}
			if markRep {
				rep.Set(int(first))
			}
			i = j
		}
		newOff[v+1] = len(adj)
	}
	return adjacency{off: newOff, adj: slices.Clip(adj), eid: slices.Clip(eid), w: slices.Clip(ws)}
}

// parallelRange splits [0,n) over the CPUs and waits for all parts.
func parallelRange(n int, f func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 1024 || workers == 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() { defer wg.Done(); f(lo, hi) }()
	}
	wg.Wait()
}

// Filter returns a view with the same nodes (same indices and names) and
// only the edges whose id keep reports true. Edge ids are preserved, so
// evidence stored per id stays valid. It costs one pass over the edges.
func (g *Graph) Filter(keep func(eid int32) bool) *Graph {
	h := &Graph{directed: g.directed, weighted: g.weighted, names: g.names, index: g.index, idSpace: g.idSpace}
	h.out = g.out.filter(func(_, _ int32, e int32) bool { return keep(e) })
	if g.directed {
		h.in = g.in.filter(func(_, _ int32, e int32) bool { return keep(e) })
		h.m = len(h.out.adj)
	} else {
		h.in = h.out
		h.m = countUndirected(&h.out)
	}
	return h
}

// FilterMask is Filter with a bitset of edge ids to keep.
func (g *Graph) FilterMask(keep Bitset) *Graph {
	return g.Filter(keep.Has32)
}

// WithoutNodes returns a view in which every edge touching a node in drop is
// removed; the nodes themselves stay (isolated), so indices are unchanged.
// This is how hubs are excluded from an analysis without renumbering.
func (g *Graph) WithoutNodes(drop Bitset) *Graph {
	h := &Graph{directed: g.directed, weighted: g.weighted, names: g.names, index: g.index, idSpace: g.idSpace}
	keep := func(u, v, _ int32) bool { return !drop.Has32(u) && !drop.Has32(v) }
	h.out = g.out.filter(keep)
	if g.directed {
		h.in = g.in.filter(keep)
		h.m = len(h.out.adj)
	} else {
		h.in = h.out
		h.m = countUndirected(&h.out)
	}
	return h
}

func countUndirected(a *adjacency) int {
	m := 0
	for v := 0; v+1 < len(a.off); v++ {
		for _, u := range a.adj[a.off[v]:a.off[v+1]] {
			if u >= int32(v) {
				m++
			}
		}
	}
	return m
}

func (a *adjacency) filter(keep func(u, v, e int32) bool) adjacency {
	n := len(a.off) - 1
	r := adjacency{off: make([]int, n+1)}
	cnt := 0
	for v := 0; v < n; v++ {
		for i := a.off[v]; i < a.off[v+1]; i++ {
			if keep(int32(v), a.adj[i], a.eid[i]) {
				cnt++
			}
		}
	}
	r.adj = make([]int32, 0, cnt)
	r.eid = make([]int32, 0, cnt)
	if a.w != nil {
		r.w = make([]float32, 0, cnt)
	}
	for v := 0; v < n; v++ {
		for i := a.off[v]; i < a.off[v+1]; i++ {
			if keep(int32(v), a.adj[i], a.eid[i]) {
				r.adj = append(r.adj, a.adj[i])
				r.eid = append(r.eid, a.eid[i])
				if a.w != nil {
					r.w = append(r.w, a.w[i])
				}
			}
		}
		r.off[v+1] = len(r.adj)
	}
	return r
}

// Induced returns the subgraph on nodes (renumbered 0..len(nodes)-1 in the
// given order) with every edge among them, plus the parent index of each new
// node. Edge ids are preserved. Duplicate entries in nodes are an error.
func (g *Graph) Induced(nodes []int32) (*Graph, []int32, error) {
	newIdx := make(map[int32]int32, len(nodes))
	for i, v := range nodes {
		if v < 0 || int(v) >= g.N() {
			return nil, nil, fmt.Errorf("graph: node %d out of range", v)
		}
		if _, dup := newIdx[v]; dup {
			return nil, nil, fmt.Errorf("graph: node %d listed twice", v)
		}
		newIdx[v] = int32(i)
	}
	h := &Graph{directed: g.directed, weighted: g.weighted, idSpace: g.idSpace}
	h.names = make([]string, len(nodes))
	h.index = make(map[string]int32, len(nodes))
	for i, v := range nodes {
		h.names[i] = g.names[v]
		h.index[g.names[v]] = int32(i)
	}
	sub := func(a *adjacency) adjacency {
		r := adjacency{off: make([]int, len(nodes)+1)}
		if a.w != nil {
			r.w = []float32{}
		}
		type ent struct {
			nb, e int32
			w     float32
		}
		var row []ent
		for i, v := range nodes {
			row = row[:0]
			for j := a.off[v]; j < a.off[v+1]; j++ {
				if nv, ok := newIdx[a.adj[j]]; ok {
					e := ent{nb: nv, e: a.eid[j]}
					if a.w != nil {
						e.w = a.w[j]
					}
					row = append(row, e)
				}
			}
			slices.SortFunc(row, func(x, y ent) int { return int(x.nb) - int(y.nb) })
			for _, e := range row {
				r.adj = append(r.adj, e.nb)
				r.eid = append(r.eid, e.e)
				if a.w != nil {
					r.w = append(r.w, e.w)
				}
			}
			r.off[i+1] = len(r.adj)
		}
		return r
	}
	h.out = sub(&g.out)
	if g.directed {
		h.in = sub(&g.in)
		h.m = len(h.out.adj)
	} else {
		h.in = h.out
		h.m = countUndirected(&h.out)
	}
	return h, slices.Clone(nodes), nil
}
