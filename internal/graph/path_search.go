package graph

import (
	"math"
	"slices"
)

// This file holds the search behind every path query: a bidirectional
// breadth-first search for hop counts, and for weighted queries a
// bidirectional label-setting search over the graph layered by hops.
//
// Without a hop bound the weighted search is bidirectional Dijkstra with one
// label per node. With MaxHops = H a label is a (node, hops, cost) triple
// and a node keeps every label that no other label beats on both hops and
// cost (at most H+1). This is Dijkstra on the layered graph whose states
// are (v, "at most i hops used"), with the zero-cost moves (v,i) -> (v,i+1)
// left implicit: a settled label (v,h,c) stands for all the states (v,i),
// i >= h. The backward side does the same from the targets, a backward
// label (v,h,c) meaning "v reaches a target in h hops for c". A forward
// label (u,hf,cf) and a backward label (w,hb,cb) joined by an arc u->w of
// cost a make a path of hf+1+hb hops and cost cf+a+cb, admissible when that
// is at most H; two labels at one node make one of hf+hb hops and cost
// cf+cb. Since this is bidirectional Dijkstra on the layered graph, the
// classic stopping rule holds: once the smallest open keys of the two sides
// add up to at least the best meeting, no cheaper path exists.
//
// Costs are charged on entering a node: an arc u->w costs its base cost
// plus w's node penalty unless w is a target, so a path pays the penalty of
// every intermediate node exactly once and a label's cost does not depend
// on the direction it was reached from.
//
// Pruning, all of it exact:
//   - A breadth-first search runs first with the same admissibility. It
//     decides whether any path of at most H hops exists (if not, the search
//     ends there: this is what makes unreachable pairs cheap), gives a path
//     whose cost bounds the answer from the start, and leaves the levels it
//     completed on each side ("hop balls"; a bitset tells who is in them,
//     so testing an arc stays in cache). A label (v,h) whose node is
//     provably more than H-h hops from the other end is not created. When
//     the search has an upper bound already, the breadth-first search stops
//     after bfsBudget arcs and leaves what levels it completed.
//   - A label whose cost plus a lower bound on its completion (the other
//     side's smallest open key) reaches the best path found is not created.
//     With a PathIndex every adjacency row is sorted by cost, so the scan
//     of a row stops at the first arc that fails this test. Meetings on
//     skipped arcs are not lost. A label is checked against the other
//     side's labels at its node when it is created, so labels that ever
//     share a node meet. If an arc x->y is skipped while settling x's
//     label, the other side's label at y is either still open (it costs at
//     least the other side's smallest key, so the meeting cannot beat the
//     best) or was settled earlier; its scan then either skipped the arc
//     too, by a test that shows the meeting cannot beat the best (x's label
//     costs at least what this side's smallest key was then), or left a
//     label at x that meets x's label.
//   - With node penalties the search first runs without the heavily
//     penalised nodes (see search). If it must run again with them, the
//     first run's hop balls (of the graph without them) tell which nodes
//     cannot reach the other end in time without crossing one, so cost at
//     least its penalty more: a label at such a node is not created if
//     that makes it too dear, and a hub's row is not read at all when only
//     arcs into that ball could still help (the ball's nodes are looked up
//     in the row instead).
//   - The two sides grow in turn by the work they have done (arcs read),
//     not by their radii: any order keeps the search exact, and when the
//     keys of one side include a hub's penalty, balancing radii would make
//     the other side search far too wide.
//   - Yen's algorithm passes an upper bound to each spur search (see
//     yen.go), which then starts with that bound as its best.

// query holds what every search of one path query shares.
type query struct {
	opt     *PathOptions
	maxHops int32     // 0: unbounded
	unit    bool      // every base cost is 1 and there are no penalties: BFS suffices
	pen     []float64 // nil when no node has a penalty
	tau     float64   // the largest penalty: nodes that carry it are heavy (searcher.heavy)
	light   bool      // heavy nodes are excluded (first phase of search)
	rows    [2]*adjacency
	index   *PathIndex
}

// lab is one label of one side.
type lab struct {
	cost   float64
	v      int32
	hops   int32
	parent int32 // label on the same side this one was reached from; -1 at a root
	edge   int32 // edge id from parent; -1 at a root
	next   int32 // next label of the same node; -1 at the end
	state  uint8
}

const (
	labOpen uint8 = iota
	labSettled
	labDead // beaten by another label before it was settled
)

// labHeap is a binary min-heap of label indices keyed by cost, ties broken
// by label index so that runs are reproducible.
type labHeap struct {
	key []float64
	idx []int32
}

func (h *labHeap) len() int { return len(h.idx) }

func (h *labHeap) reset() { h.key, h.idx = h.key[:0], h.idx[:0] }

func (h *labHeap) less(i, j int) bool {
	return h.key[i] < h.key[j] || (h.key[i] == h.key[j] && h.idx[i] < h.idx[j])
}

func (h *labHeap) push(k float64, i int32) {
	h.key = append(h.key, k)
	h.idx = append(h.idx, i)
	j := len(h.idx) - 1
	for j > 0 {
		p := (j - 1) / 2
		if !h.less(j, p) {
			break
		}
		h.key[j], h.key[p] = h.key[p], h.key[j]
		h.idx[j], h.idx[p] = h.idx[p], h.idx[j]
		j = p
	}
}

func (h *labHeap) pop() int32 {
	i := h.idx[0]
	last := len(h.idx) - 1
	h.key[0], h.idx[0] = h.key[last], h.idx[last]
	h.key, h.idx = h.key[:last], h.idx[:last]
	j := 0
	for {
		l := 2*j + 1
		if l >= last {
			break
		}
		c := l
		if r := l + 1; r < last && h.less(r, l) {
			c = r
		}
		if !h.less(c, j) {
			break
		}
		h.key[c], h.key[j] = h.key[j], h.key[c]
		h.idx[c], h.idx[j] = h.idx[j], h.idx[c]
		j = c
	}
	return i
}

// side is the label store of one search direction.
type side struct {
	labs []lab
	heap labHeap
}

// reset forgets the side's labels, clearing their nodes' heads.
func (sd *side) reset(st []nodeState, k int) {
	for i := range sd.labs {
		st[sd.labs[i].v].head[k] = 0
	}
	sd.labs = sd.labs[:0]
	sd.heap.reset()
}

// top drops dead labels from the heap top and returns the smallest open
// key, or inf.
func (sd *side) top() float64 {
	for sd.heap.len() > 0 {
		if sd.labs[sd.heap.idx[0]].state == labOpen {
			return sd.heap.key[0]
		}
		sd.heap.pop()
	}
	return inf
}

// offer adds label (v, hops, cost) on side k unless a label of v beats it
// on both hops and cost (on cost alone when hops are unbounded), and kills
// the open labels it beats. It returns the new label's index or -1.
func (s *searcher) offer(k int, ns *nodeState, v, hops int32, cost float64, parent, edge int32, bounded bool) int32 {
	sd := &s.sides[k]
	prev := int32(-1)
	for i := ns.head[k] - 1; i >= 0; {
		l := &sd.labs[i]
		nx := l.next
		if l.cost <= cost && (!bounded || l.hops <= hops) {
			return -1
		}
		if l.state == labOpen && l.cost >= cost && (!bounded || l.hops >= hops) {
			l.state = labDead
			if prev < 0 {
				ns.head[k] = nx + 1
			} else {
				sd.labs[prev].next = nx
			}
		} else {
			prev = i
		}
		i = nx
	}
	id := int32(len(sd.labs))
	sd.labs = append(sd.labs, lab{cost: cost, v: v, hops: hops, parent: parent, edge: edge, next: ns.head[k] - 1})
	ns.head[k] = id + 1
	s.stats.Labels++
	return id
}

// chain returns the nodes and edges from a label back to its root, in that
// order (the label's node first).
func (sd *side) chain(i int32) (nodes, edges []int32) {
	for ; i >= 0; i = sd.labs[i].parent {
		nodes = append(nodes, sd.labs[i].v)
		if sd.labs[i].edge >= 0 {
			edges = append(edges, sd.labs[i].edge)
		}
	}
	return nodes, edges
}

// mark flags the sources, targets and blocked nodes of one search.
func (s *searcher) mark(srcs, tgts, blocked []int32) {
	for _, v := range srcs {
		s.touch(v).flags |= fSrc
		s.special.Set(int(v))
	}
	for _, v := range tgts {
		s.touch(v).flags |= fTgt
		s.special.Set(int(v))
	}
	for _, v := range blocked {
		s.touch(v).flags |= fBlocked
		s.special.Set(int(v))
	}
}

// admit reports whether a search may enter y by edge e from tail, the
// arc's origin: y is not blocked, nor excluded or (in the light phase)
// penalised unless it is an end, the edge passes the filter and is not
// blocked.
func (s *searcher) admit(y, e, tail int32) bool {
	if s.special.Has32(y) {
		if s.st[y].flags&fBlocked != 0 {
			return false
		}
	} else {
		if ex := s.q.opt.Exclude; ex != nil && ex.Has32(y) {
			return false
		}
		if s.q.light && s.heavy.Has32(y) {
			return false
		}
	}
	if len(s.blockedE) > 0 && s.special.Has32(tail) && s.st[tail].flags&fSrc != 0 && slices.Contains(s.blockedE, e) {
		return false
	}
	return s.q.opt.EdgeOK == nil || s.q.opt.EdgeOK(e)
}

// bfsResult is what the breadth-first search learnt.
type bfsResult struct {
	path  Path
	ok    bool
	cut   bool     // stopped by the budget: nothing is known about a path
	depth [2]int32 // levels completed per side: the hop balls are exact up to there
}

// bfs is a bidirectional breadth-first search from the sources to the
// targets over admissible arcs. It grows the side whose frontier has fewer
// arcs to scan and returns a path of fewest hops, if one has at most
// maxHops edges. The levels it reached stay in seen and bfsLab for the
// weighted search.
func (s *searcher) bfs(srcs, tgts []int32, budget int) bfsResult {
	g, H := s.g, s.q.maxHops
	s.stats.BFS++
	var res bfsResult
	for k := range s.front {
		s.front[k] = s.front[k][:0]
	}
	reach := func(k int, v, level, par, e int32) {
		if !s.seen[1-k].Has32(v) {
			s.reached = append(s.reached, v)
		}
		s.seen[k].Set(int(v))
		s.bfsLab[k][v] = bfsNode{level: level, par: par, parE: e}
		s.front[k] = append(s.front[k], v)
	}
	for _, v := range srcs {
		if !s.seen[0].Has32(v) {
			reach(0, v, 0, -1, -1)
		}
	}
	for _, v := range tgts {
		if s.seen[0].Has32(v) {
			res.path, res.ok = Path{Nodes: []int32{v}}, true
			return res
		}
		if !s.seen[1].Has32(v) {
			reach(1, v, 0, -1, -1)
		}
	}
	bestLen := int32(math.MaxInt32)
	bestX, bestY, bestE := int32(-1), int32(-1), int32(-1)
	var bestK int
	for len(s.front[0]) > 0 && len(s.front[1]) > 0 {
		if H > 0 && res.depth[0]+res.depth[1] >= H {
			break
		}
		k := 0
		w0, w1 := work(g.out.off, s.front[0]), work(g.in.off, s.front[1])
		if w0 > w1 {
			k = 1
		}
		if budget -= min(w0, w1); budget < 0 {
			res.cut = true
			return res
		}
		a := &g.out
		if k == 1 {
			a = &g.in
		}
		stop := fTgt >> k // the other side's ends end paths
		lvl := res.depth[k] + 1
		seen, other := s.seen[k], s.seen[1-k]
		front := s.front[k]
		s.front[k], s.next = s.next[:0], front
		for _, x := range front {
			if s.special.Has32(x) && s.st[x].flags&stop != 0 {
				continue
			}
			lo, hi := a.off[x], a.off[x+1]
			s.stats.BFSArcs += hi - lo
			for i := lo; i < hi; i++ {
				y, e := a.adj[i], a.eid[i]
				if seen.Has32(y) || !s.admit(y, e, tailOf(k, x, y)) {
					continue
				}
				if other.Has32(y) {
					if l := lvl + s.bfsLab[1-k][y].level; l < bestLen {
						bestLen, bestX, bestY, bestE, bestK = l, x, y, e, k
					}
				}
				reach(k, y, lvl, x, e)
			}
		}
		res.depth[k] = lvl
		if bestX >= 0 {
			// Any meeting found later would use a node first labelled in a
			// later level on one side, so it cannot be shorter.
			break
		}
	}
	if bestX < 0 || (H > 0 && bestLen > H) {
		return res
	}
	u, w := bestX, bestY // u on the forward side, w on the backward side
	if bestK == 1 {
		u, w = bestY, bestX
	}
	var nodes, edges []int32
	for x := u; x >= 0; x = s.bfsLab[0][x].par {
		nodes = append(nodes, x)
		if e := s.bfsLab[0][x].parE; e >= 0 {
			edges = append(edges, e)
		}
	}
	slices.Reverse(nodes)
	slices.Reverse(edges)
	edges = append(edges, bestE)
	for x := w; x >= 0; x = s.bfsLab[1][x].par {
		nodes = append(nodes, x)
		if e := s.bfsLab[1][x].parE; e >= 0 {
			edges = append(edges, e)
		}
	}
	res.path, res.ok = Path{Nodes: nodes, Edges: edges}, true
	return res
}

// tailOf returns an arc's origin: the node being expanded when searching
// forward, the node reached when searching backward.
func tailOf(k int, x, y int32) int32 {
	if k == 0 {
		return x
	}
	return y
}

func work(off []int, front []int32) int {
	w := 0
	for _, v := range front {
		w += off[v+1] - off[v]
	}
	return w
}

// pathCost is the cost of a path under the query's model, penalties of
// intermediate nodes included, summed in path order.
func (s *searcher) pathCost(p Path) float64 {
	var c float64
	for i := range p.Edges {
		u, v := p.Nodes[i], p.Nodes[i+1]
		nb, _, ws := s.g.out.slice(u)
		j, _ := slices.BinarySearch(nb, v)
		c += baseCost(s.q.opt.Cost, ws, j)
		if s.q.pen != nil && i > 0 {
			c += s.q.pen[u]
		}
	}
	return c
}

// search finds a cheapest path from a source to a target of at most
// maxHops edges, for a search whose nodes are marked. A path is returned
// only if it costs less than bound (inf: no bound).
//
// With node penalties it first searches the light graph, without the
// heavy nodes, those of the largest penalty tau. A path through a heavy
// node costs at least tau, so a light path costing at most tau is the
// answer; otherwise it bounds the search of the whole graph. Hubs damped
// by a penalty larger than the cost of a typical path thus cost a search
// about as much as hubs excluded.
func (s *searcher) search(srcs, tgts []int32, maxHops int32, bound float64) (Path, bool) {
	s.q.maxHops = maxHops
	if s.q.unit {
		r := s.bfs(srcs, tgts, math.MaxInt)
		if !r.ok {
			return Path{}, false
		}
		r.path.Cost = float64(r.path.Hops())
		return r.path, r.path.Cost < bound
	}
	best := Path{Cost: inf}
	if s.q.pen != nil {
		s.q.light = true
		p, ok := s.weighted(srcs, tgts, bound, false)
		s.q.light = false
		if ok {
			best, bound = p, p.Cost
		}
		if bound <= s.q.tau {
			s.forgetBFS()
			return best, ok
		}
		useBalls := maxHops > 0 && maxHops < 255
		if useBalls {
			s.keepLightBalls()
		}
		s.forgetBFS()
		p, ok = s.weighted(srcs, tgts, bound, useBalls)
		s.forgetLightBalls()
		if ok {
			return p, true
		}
		return best, best.Cost < inf
	}
	return s.weighted(srcs, tgts, bound, false)
}

// weighted runs the breadth-first search and then, if a path exists, the
// weighted search, starting from the breadth-first path's cost as best.
// lightBalls says the light phase's hop balls are kept (search).
func (s *searcher) weighted(srcs, tgts []int32, bound float64, lightBalls bool) (Path, bool) {
	budget := math.MaxInt
	if bound < inf {
		budget = bfsBudget
	}
	r := s.bfs(srcs, tgts, budget)
	s.lastDepth = r.depth
	if !r.ok && !r.cut {
		return Path{}, false
	}
	if len(r.path.Nodes) == 1 {
		return r.path, 0 < bound
	}
	ub := Path{Cost: inf}
	if !r.ok {
		// no path known
	} else if c := s.pathCost(r.path); c < bound {
		ub, bound = r.path, c
		ub.Cost = c
	}
	p, ok := s.dijkstra(srcs, tgts, bound, r.depth, lightBalls)
	if ok {
		return p, true
	}
	return ub, ub.Cost < inf
}

// simplify cuts loops out of a walk. The layered search may join two
// labels whose chains share a node when a cycle costs nothing (weights of 1
// or more under CostNegLog); without the loop the path costs no more and
// has fewer hops.
func simplify(p Path) Path {
	for i := 1; i < len(p.Nodes); i++ {
		for j := 0; j < i; j++ {
			if p.Nodes[j] == p.Nodes[i] {
				p.Nodes = slices.Delete(p.Nodes, j, i)
				p.Edges = slices.Delete(p.Edges, j, i)
				i = j
				break
			}
		}
	}
	return p
}

// dijkstra is the weighted search described at the top of the file. It
// returns a path cheaper than best, if any.
func (s *searcher) dijkstra(srcs, tgts []int32, best float64, depth [2]int32, lightBalls bool) (Path, bool) {
	s.stats.Searches++
	r := relaxer{s: s, H: s.q.maxHops, bounded: s.q.maxHops > 0, depth: depth, best: best,
		bestF: -1, bestB: -1, bestE: -1, pen: s.q.pen, lightBalls: lightBalls}
	for k := range s.sides {
		s.sides[k].reset(s.st, k)
	}
	for _, v := range srcs {
		if i := s.offer(0, &s.st[v], v, 0, 0, -1, -1, r.bounded); i >= 0 {
			s.sides[0].heap.push(0, i)
		}
	}
	for _, v := range tgts {
		if i := s.offer(1, &s.st[v], v, 0, 0, -1, -1, r.bounded); i >= 0 {
			s.sides[1].heap.push(0, i)
		}
	}
	cm := s.q.opt.Cost
	for {
		tf, tb := s.sides[0].top(), s.sides[1].top()
		if tf+tb >= r.best {
			break
		}
		// Grow the side that has done less work so far. Any order keeps
		// the search exact; balancing work rather than radii matters when
		// one side's keys carry a hub's penalty that the other's do not.
		k := 0
		if r.work[1] < r.work[0] {
			k = 1
		}
		if tf == inf {
			k = 1
		} else if tb == inf {
			k = 0
		}
		r.k, r.me, r.other = k, &s.sides[k], &s.sides[1-k]
		r.otherTop = tb
		if k == 1 {
			r.otherTop = tf
		}
		r.work[k] += 4
		r.li = r.me.heap.pop()
		r.me.labs[r.li].state = labSettled
		s.stats.Settled++
		r.l = r.me.labs[r.li]
		x := r.l.v
		r.x = x
		if s.special.Has32(x) && s.st[x].flags&(fTgt>>k) != 0 {
			continue // the other side's ends end paths
		}
		r.nh = r.l.hops + 1
		// Nodes the arcs may lead to: any, or (when the hop ball is deep
		// enough to tell) only those within H-nh hops of the other end.
		r.rem = -1
		if r.bounded {
			if r.nh > r.H {
				continue
			}
			if rem := r.H - r.nh; rem <= depth[1-k] {
				r.rem = rem
			}
		}
		// Second phase: if even an arc of cost 0 cannot beat the best
		// unless it leads within the light ball of the other end, and that
		// ball is smaller than x's row (x is a hub), look up the ball's
		// nodes in x's row instead of reading the row.
		if r.lightBalls && r.bounded {
			rem := r.H - r.nh
			if rem <= s.lightDepth[1-k] && r.l.cost+s.q.tau+r.penX() >= r.best {
				near := s.lightByLevel[1-k][:s.lightEnd[1-k][rem]]
				a := s.q.rows[k]
				if len(near) < a.off[x+1]-a.off[x] {
					nb, ids, ws := a.slice(x)
					r.work[k] += len(near)
					for _, y := range near {
						s.stats.Scanned++
						if i, ok := slices.BinarySearch(nb, y); ok {
							r.relax(y, ids[i], baseCost(cm, ws, i))
						}
					}
					continue
				}
			}
		}
		if x := s.q.index; x != nil {
			rows := &x.out
			if k == 1 {
				rows = &x.in
			}
			for _, a := range rows.arcs[rows.off[r.x]:rows.off[r.x+1]] {
				s.stats.Scanned++
				r.work[k]++
				if r.l.cost+a.cost+r.otherTop >= r.best {
					break // the rest of the row costs more
				}
				r.relax(a.nb, a.eid, a.cost)
			}
			continue
		}
		a := s.q.rows[k]
		r.work[k] += a.off[x+1] - a.off[x]
		for i := a.off[x]; i < a.off[x+1]; i++ {
			s.stats.Scanned++
			c := baseCost(cm, a.w, i)
			if r.l.cost+c+r.otherTop < r.best {
				r.relax(a.adj[i], a.eid[i], c)
			}
		}
	}
	if r.bestF < 0 {
		return Path{}, false
	}
	nf, ef := s.sides[0].chain(r.bestF)
	slices.Reverse(nf)
	slices.Reverse(ef)
	nb, eb := s.sides[1].chain(r.bestB)
	ef = append(ef, r.bestE)
	p := Path{Nodes: slices.Concat(nf, nb), Edges: slices.Concat(ef, eb), Cost: r.best}
	return simplify(p), true
}

// relaxer is the state of one weighted search while it settles a label.
type relaxer struct {
	s                   *searcher
	H                   int32
	bounded             bool
	depth               [2]int32
	pen                 []float64
	best                float64
	bestF, bestB, bestE int32
	// the label being settled, on side k, at node x
	k         int
	me, other *side
	otherTop  float64
	li        int32
	l         lab
	x, nh     int32
	rem       int32 // >= 0: arcs must lead within rem hops of the other end
	// lightBalls: the light phase's hop balls are in s.light (second phase)
	lightBalls bool
	work       [2]int // per side, for alternation
}

// relax looks at the arc from the label being settled to y (edge e, base
// cost c): it records a meeting with the other side's labels at y and
// offers y a label.
func (r *relaxer) relax(y, e int32, c float64) {
	s, k := r.s, r.k
	if r.rem >= 0 && !(s.seen[1-k].Has32(y) && s.bfsLab[1-k][y].level <= r.rem) {
		return
	}
	// In the second phase, a node that cannot reach the other end in time
	// without a heavy node adds at least tau, whether it is heavy itself
	// (its penalty, paid on entering it forward or on leaving it backward)
	// or not (a heavy node further on). Going backward, the arc also pays
	// x's penalty.
	if r.lightBalls && r.l.cost+c+s.q.tau+r.penX() >= r.best && !s.special.Has32(y) && !r.lightNear(y) {
		return
	}
	if !s.admit(y, e, tailOf(k, r.x, y)) {
		return
	}
	// The node entered is y going forward, x going backward.
	if r.pen != nil {
		entered := y
		if k == 1 {
			entered = r.x
		}
		if !(s.special.Has32(entered) && s.st[entered].flags&fTgt != 0) {
			c += r.pen[entered]
		}
	}
	d := r.l.cost + c
	if d+r.otherTop >= r.best {
		return
	}
	ys := &s.st[y]
	nh := r.nh
	for j := ys.head[1-k] - 1; j >= 0; j = r.other.labs[j].next {
		ol := &r.other.labs[j]
		if r.bounded && nh+ol.hops > r.H {
			continue
		}
		if t := d + ol.cost; t < r.best {
			r.best = t
			if k == 0 {
				r.bestF, r.bestB, r.bestE = r.li, j, e
			} else {
				r.bestF, r.bestB, r.bestE = j, r.li, e
			}
		}
	}
	if ys.flags&(fTgt>>k|fSrc<<k) != 0 {
		// A label at the other side's end is covered by the meeting above;
		// one at this side's end is beaten by the root.
		return
	}
	if r.bounded && nh >= r.H {
		return
	}
	if ni := s.offer(k, s.touch(y), y, nh, d, r.li, e, r.bounded); ni >= 0 {
		r.me.heap.push(d, ni)
	}
}

// penX is the penalty paid on crossing an arc backward into x, the node
// being settled (forward arcs pay their far end's).
func (r *relaxer) penX() float64 {
	s := r.s
	if r.k == 0 || r.pen == nil || (s.special.Has32(r.x) && s.st[r.x].flags&fTgt != 0) {
		return 0
	}
	return r.pen[r.x]
}

// lightNear reports whether y may reach the other end within the hops
// left without crossing a heavy node, as far as the light phase's hop
// balls tell.
func (r *relaxer) lightNear(y int32) bool {
	s, j := r.s, 1-r.k
	rem := r.H - r.nh
	if rem > s.lightDepth[j] {
		return true
	}
	return s.light[j].Has32(y) && int32(s.lightLvl[j][y]) <= rem
}

// bfsBudget caps the arcs a breadth-first search reads when the search has
// an upper bound already (Yen's spurs): it then only serves to prune, and
// past this point pruning costs more than it saves. (A variable so that
// tests can make it tiny.)
var bfsBudget = 8192
