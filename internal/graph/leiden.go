package graph

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// Modularity returns the modularity of a partition (membership[v] is v's
// community; any non-negative labels) exactly as networkx's
// community.modularity computes it. Undirected:
// Q = Σ_c [L_c/m − γ (K_c/2m)²] with K_c the summed degrees (a self-loop
// adds 2w) and L_c the weight of edges inside c. Directed:
// Q = Σ_c [L_c/m − γ K_c^out K_c^in / m²]. It is 0 for a graph with no edges.
func Modularity(g *Graph, membership []int, resolution float64, weighted bool) float64 {
	weighted = weighted && g.Weighted()
	k := 0
	for _, c := range membership {
		k = max(k, c+1)
	}
	lc := make([]float64, k)
	kout := make([]float64, k)
	kin := make([]float64, k)
	var m float64
	for v := 0; v < g.N(); v++ {
		nb, _, ws := g.out.slice(int32(v))
		cv := membership[v]
		for i, u := range nb {
			w := 1.0
			if weighted {
				w = float64(ws[i])
			}
			if g.directed {
				kout[cv] += w
				kin[membership[u]] += w
				m += w
				if membership[u] == cv {
					lc[cv] += w
				}
				continue
			}
			// Undirected: each edge appears at both ends except a loop.
			if u == int32(v) {
				kout[cv] += 2 * w
				m += 2 * w
				lc[cv] += w
			} else {
				kout[cv] += w
				m += w
				if membership[u] == cv && u > int32(v) {
					lc[cv] += w
				}
			}
		}
	}
	if m == 0 {
		return 0
	}
	var q float64
	if g.directed {
		for c := 0; c < k; c++ {
			q += lc[c]/m - resolution*kout[c]*kin[c]/(m*m)
		}
		return q
	}
	// m above is the degree sum 2|E|.
	half := m / 2
	for c := 0; c < k; c++ {
		q += lc[c]/half - resolution*kout[c]*kout[c]/(m*m)
	}
	return q
}

// LeidenOptions configures Leiden. Zero fields take defaults.
type LeidenOptions struct {
	Weighted   bool
	Resolution float64 // γ, default 1
	// Randomness is θ of the refinement step (igraph's beta), default 0.01.
	Randomness float64
	Seed       uint64
	// Iterations bounds how many full Leiden passes run, each starting from
	// the previous partition; it stops earlier once a pass changes nothing
	// or gains less than 1e-7 modularity. Default 20.
	Iterations int
	// Restarts runs that many extra seeds (Seed+1, Seed+2, ...) and keeps
	// the partition with the highest modularity. Default 0.
	Restarts int
}

// LeidenResult is a partition and its modularity.
type LeidenResult struct {
	// Membership[v] is v's community; communities are numbered from 0 by
	// decreasing size, ties broken by lowest member.
	Membership  []int
	Communities int
	Modularity  float64
}

// Leiden partitions the graph to maximise modularity with the Leiden
// algorithm (Traag, Waltman & van Eck 2019): fast local moving, refinement
// into well-connected sub-communities, aggregation on the refined partition,
// repeated until stable. Directed graphs maximise directed (Leicht–Newman)
// modularity. Results are deterministic for a given Seed.
func Leiden(ctx context.Context, g *Graph, opt LeidenOptions) (LeidenResult, error) {
	if opt.Resolution == 0 {
		opt.Resolution = 1
	}
	if opt.Randomness == 0 {
		opt.Randomness = 0.01
	}
	if opt.Iterations <= 0 {
		opt.Iterations = 20
	}
	base := newLGraph(g, opt.Weighted && g.Weighted())
	var best LeidenResult
	for r := 0; r <= opt.Restarts; r++ {
		memb, err := leidenRun(ctx, base, opt, opt.Seed+uint64(r))
		if err != nil {
			return LeidenResult{}, err
		}
		res := LeidenResult{Membership: memb}
		res.Communities = renumberBySize(res.Membership)
		res.Modularity = Modularity(g, res.Membership, opt.Resolution, opt.Weighted)
		if r == 0 || res.Modularity > best.Modularity {
			best = res
		}
	}
	return best, nil
}

// lgraph is the working graph of Leiden: symmetrised arc weights
// s(i,j) = A_ij + A_ji between distinct nodes (self-loops dropped: they
// never change a move's gain), out- and in-strengths, and M = Σ A_ij.
// An undirected graph is its two arc directions, which makes the directed
// formulas reduce to the usual undirected ones.
type lgraph struct {
	off   []int
	adj   []int32
	w     []float64
	kout  []float64
	kin   []float64
	total float64
	// scale turns a gain in s-units into edge-weight units, for θ.
	scale float64
}

func (l *lgraph) n() int { return len(l.off) - 1 }

func newLGraph(g *Graph, weighted bool) *lgraph {
	n := g.N()
	l := &lgraph{kout: make([]float64, n), kin: make([]float64, n), off: make([]int, n+1), scale: 1}
	entries := len(g.out.adj)
	if g.directed {
		entries += len(g.in.adj)
	}
	l.adj = make([]int32, 0, entries)
	l.w = make([]float64, 0, entries)
	wt := func(ws []float32, i int) float64 {
		if weighted {
			return float64(ws[i])
		}
		return 1
	}
	if !g.directed {
		l.scale = 0.5
		for v := 0; v < n; v++ {
			nb, _, ws := g.out.slice(int32(v))
			for i, u := range nb {
				w := wt(ws, i)
				if u == int32(v) {
					l.kout[v] += 2 * w
					continue
				}
				l.kout[v] += w
				l.adj = append(l.adj, u)
				l.w = append(l.w, 2*w)
			}
			l.kin[v] = l.kout[v]
			l.total += l.kout[v]
			l.off[v+1] = len(l.adj)
		}
		return l
	}
	// Directed: merge the sorted out- and in-rows of each node.
	for v := 0; v < n; v++ {
		on, _, ow := g.out.slice(int32(v))
		in, _, iw := g.in.slice(int32(v))
		for i := range on {
			l.kout[v] += wt(ow, i)
		}
		for i := range in {
			l.kin[v] += wt(iw, i)
		}
		l.total += l.kout[v]
		i, j := 0, 0
		for i < len(on) || j < len(in) {
			var u int32
			var w float64
			switch {
			case j == len(in) || (i < len(on) && on[i] < in[j]):
				u, w = on[i], wt(ow, i)
				i++
			case i == len(on) || in[j] < on[i]:
				u, w = in[j], wt(iw, j)
				j++
			default:
				u, w = on[i], wt(ow, i)+wt(iw, j)
				i++
				j++
			}
			if u != int32(v) {
				l.adj = append(l.adj, u)
				l.w = append(l.w, w)
			}
		}
		l.off[v+1] = len(l.adj)
	}
	return l
}

// quality is modularity up to a constant (self-loops, dropped from the
// lgraph, are always inside a community): Σ_c s_in(c)/2M − γ K_c^out K_c^in/M².
func (l *lgraph) quality(memb []int32, gamma float64) float64 {
	k := maxLabel(memb) + 1
	in := make([]float64, k)
	ko := make([]float64, k)
	ki := make([]float64, k)
	for v := 0; v < l.n(); v++ {
		c := memb[v]
		ko[c] += l.kout[v]
		ki[c] += l.kin[v]
		for j := l.off[v]; j < l.off[v+1]; j++ {
			if memb[l.adj[j]] == c {
				in[c] += l.w[j]
			}
		}
	}
	var q float64
	for c := 0; c < k; c++ {
		q += in[c]/(2*l.total) - gamma*ko[c]*ki[c]/(l.total*l.total)
	}
	return q
}

// partition is a community assignment over an lgraph with community totals.
type partition struct {
	comm       []int32
	kout, kin  []float64
	size       []int32
	emptyStack []int32
}

func newPartition(l *lgraph, comm []int32) *partition {
	n := l.n()
	p := &partition{comm: comm, kout: make([]float64, n), kin: make([]float64, n), size: make([]int32, n)}
	for v, c := range comm {
		p.kout[c] += l.kout[v]
		p.kin[c] += l.kin[v]
		p.size[c]++
	}
	for c := n - 1; c >= 0; c-- {
		if p.size[c] == 0 {
			p.emptyStack = append(p.emptyStack, int32(c))
		}
	}
	return p
}

func (p *partition) remove(l *lgraph, v int32) {
	c := p.comm[v]
	p.kout[c] -= l.kout[v]
	p.kin[c] -= l.kin[v]
	p.size[c]--
	if p.size[c] == 0 {
		p.emptyStack = append(p.emptyStack, c)
	}
}

func (p *partition) insert(l *lgraph, v, c int32) {
	if p.size[c] == 0 {
		// c leaves the empty stack; it is almost always on top.
		for i := len(p.emptyStack) - 1; i >= 0; i-- {
			if p.emptyStack[i] == c {
				p.emptyStack = slices.Delete(p.emptyStack, i, i+1)
				break
			}
		}
	}
	p.comm[v] = c
	p.kout[c] += l.kout[v]
	p.kin[c] += l.kin[v]
	p.size[c]++
}

// gain is the modularity change, times M, of putting the (removed) node v
// into a community with totals (ko, ki) to which v has s-weight sw.
func (l *lgraph) gain(v int32, sw, ko, ki, gamma float64) float64 {
	return sw - gamma*(l.kout[v]*ki+l.kin[v]*ko)/l.total
}

// leidenRun runs Leiden passes on the base graph and returns the membership.
func leidenRun(ctx context.Context, base *lgraph, opt LeidenOptions, seed uint64) ([]int, error) {
	n := base.n()
	rng := rand.New(rand.NewPCG(seed, 0xda3e39cb94b95bdb))
	memb := make([]int32, n)
	for i := range memb {
		memb[i] = int32(i)
	}
	if base.total == 0 {
		return toInts(memb), nil
	}
	prev := base.quality(memb, opt.Resolution)
	for it := 0; it < opt.Iterations; it++ {
		changed, err := leidenPass(ctx, base, memb, opt, rng)
		if err != nil {
			return nil, err
		}
		q := base.quality(memb, opt.Resolution)
		// Later passes on large graphs only shuffle a few nodes for
		// vanishing gains; stop when a pass gains less than 1e-7.
		if !changed || q-prev < 1e-7 {
			break
		}
		prev = q
	}
	return toInts(memb), nil
}

func toInts(a []int32) []int {
	r := make([]int, len(a))
	for i, x := range a {
		r[i] = int(x)
	}
	return r
}

// leidenPass is one run of the Leiden algorithm starting from memb (updated
// in place). It reports whether any node changed community.
func leidenPass(ctx context.Context, base *lgraph, memb []int32, opt LeidenOptions, rng *rand.Rand) (bool, error) {
	gamma := opt.Resolution
	start := slices.Clone(memb)
	l := base
	// nodeOf[v] is the current aggregate node of original node v.
	nodeOf := make([]int32, len(memb))
	for i := range nodeOf {
		nodeOf[i] = int32(i)
	}
	comm := slices.Clone(memb)
	for {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		p := newPartition(l, comm)
		moveNodesFast(l, p, gamma, rng)
		// Record the partition on original nodes.
		for v := range memb {
			memb[v] = p.comm[nodeOf[v]]
		}
		ncomm := 0
		for _, s := range p.size {
			if s > 0 {
				ncomm++
			}
		}
		if ncomm == l.n() {
			break
		}
		refined := refine(l, p, gamma, opt.Randomness, rng)
		if maxLabel(refined)+1 == l.n() {
			// Refinement merged nothing: aggregating on it would rebuild
			// the same graph forever, so aggregate on the partition itself
			// (as leidenalg does).
			refined = slices.Clone(p.comm)
			relabelDense(refined)
		}
		agg, aggComm := aggregate(l, refined, p.comm)
		for v := range nodeOf {
			nodeOf[v] = refined[nodeOf[v]]
		}
		l, comm = agg, aggComm
	}
	relabelDense(memb)
	changed := !samePartition(start, memb)
	return changed, nil
}

// moveNodesFast is Leiden's queue-based local moving: visit nodes in random
// order, move each to the neighbouring (or an empty) community of largest
// gain, and requeue neighbours left outside the new community.
func moveNodesFast(l *lgraph, p *partition, gamma float64, rng *rand.Rand) {
	n := l.n()
	queue := make([]int32, n)
	for i := range queue {
		queue[i] = int32(i)
	}
	rng.Shuffle(n, func(i, j int) { queue[i], queue[j] = queue[j], queue[i] })
	inQueue := make([]bool, n)
	for i := range inQueue {
		inQueue[i] = true
	}
	head, count := 0, n
	wc := make([]float64, n)
	touched := make([]int32, 0, 64)
	for count > 0 {
		v := queue[head]
		head = (head + 1) % n
		count--
		inQueue[v] = false
		old := p.comm[v]
		touched = touched[:0]
		for j := l.off[v]; j < l.off[v+1]; j++ {
			c := p.comm[l.adj[j]]
			if wc[c] == 0 {
				touched = append(touched, c)
			}
			wc[c] += l.w[j]
		}
		p.remove(l, v)
		best := old
		bestGain := l.gain(v, wc[old], p.kout[old], p.kin[old], gamma)
		for _, c := range touched {
			if c == old {
				continue
			}
			if g := l.gain(v, wc[c], p.kout[c], p.kin[c], gamma); g > bestGain {
				best, bestGain = c, g
			}
		}
		if bestGain < 0 && p.size[old] > 0 && len(p.emptyStack) > 0 {
			best = p.emptyStack[len(p.emptyStack)-1]
		}
		p.insert(l, v, best)
		for _, c := range touched {
			wc[c] = 0
		}
		if best != old {
			for j := l.off[v]; j < l.off[v+1]; j++ {
				u := l.adj[j]
				if !inQueue[u] && p.comm[u] != best {
					inQueue[u] = true
					queue[(head+count)%n] = u
					count++
				}
			}
		}
	}
}

// refine splits each community of p into well-connected sub-communities by
// merging singletons (Leiden's MergeNodesSubset), choosing among positive
// moves at random with probability ∝ exp(gain/θ). It returns the refined
// community of every node, numbered densely.
func refine(l *lgraph, p *partition, gamma, theta float64, rng *rand.Rand) []int32 {
	n := l.n()
	ref := make([]int32, n)
	rkout := slices.Clone(l.kout)
	rkin := slices.Clone(l.kin)
	rsize := make([]int32, n)
	ext := make([]float64, n) // s-weight from a refined community to the rest of its community
	for v := 0; v < n; v++ {
		ref[v] = int32(v)
		rsize[v] = 1
		c := p.comm[v]
		for j := l.off[v]; j < l.off[v+1]; j++ {
			if p.comm[l.adj[j]] == c {
				ext[v] += l.w[j]
			}
		}
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	wr := make([]float64, n)
	seen := make([]bool, n)
	touched := make([]int32, 0, 64)
	cands := make([]int32, 0, 64)
	gains := make([]float64, 0, 64)
	wellConnected := func(ko, ki, e float64, c int32) bool {
		// e ≥ γ (ko (K_C^in − ki) + ki (K_C^out − ko)) / M
		return e >= gamma*(ko*(p.kin[c]-ki)+ki*(p.kout[c]-ko))/l.total
	}
	for _, v := range order {
		if rsize[ref[v]] != 1 {
			continue
		}
		c := p.comm[v]
		if !wellConnected(l.kout[v], l.kin[v], ext[v], c) {
			continue
		}
		touched = touched[:0]
		for j := l.off[v]; j < l.off[v+1]; j++ {
			u := l.adj[j]
			if p.comm[u] != c {
				continue
			}
			r := ref[u]
			if !seen[r] {
				seen[r] = true
				touched = append(touched, r)
			}
			wr[r] += l.w[j]
		}
		own := ref[v]
		// v leaves its singleton.
		rkout[own] -= l.kout[v]
		rkin[own] -= l.kin[v]
		rsize[own] = 0
		cands = append(cands[:0], own)
		gains = append(gains[:0], 0)
		maxGain := 0.0
		for _, r := range touched {
			if r == own || !wellConnected(rkout[r], rkin[r], ext[r], c) {
				continue
			}
			gn := l.gain(v, wr[r], rkout[r], rkin[r], gamma)
			if gn >= 0 {
				cands = append(cands, r)
				gains = append(gains, gn)
				maxGain = max(maxGain, gn)
			}
		}
		chosen := own
		if len(cands) > 1 {
			var total float64
			for i, gn := range gains {
				gains[i] = math.Exp((gn - maxGain) * l.scale / theta)
				total += gains[i]
			}
			x := rng.Float64() * total
			chosen = cands[len(cands)-1]
			for i, wgt := range gains {
				if x < wgt {
					chosen = cands[i]
					break
				}
				x -= wgt
			}
		}
		ref[v] = chosen
		if chosen != own {
			ext[chosen] = ext[chosen] + ext[v] - 2*wr[chosen]
		}
		rkout[chosen] += l.kout[v]
		rkin[chosen] += l.kin[v]
		rsize[chosen]++
		for _, r := range touched {
			wr[r] = 0
			seen[r] = false
		}
	}
	relabelDense(ref)
	return ref
}

// aggregate builds the graph of refined communities; the aggregate node of
// refined community r starts in the (unrefined) community of its members.
func aggregate(l *lgraph, ref []int32, comm []int32) (*lgraph, []int32) {
	k := 0
	for _, r := range ref {
		k = max(k, int(r)+1)
	}
	// Members of each refined community, by counting sort.
	start := make([]int, k+1)
	for _, r := range ref {
		start[r+1]++
	}
	for i := 0; i < k; i++ {
		start[i+1] += start[i]
	}
	members := make([]int32, len(ref))
	pos := slices.Clone(start[:k])
	for v, r := range ref {
		members[pos[r]] = int32(v)
		pos[r]++
	}
	a := &lgraph{off: make([]int, k+1), kout: make([]float64, k), kin: make([]float64, k), total: l.total, scale: l.scale}
	aggComm := make([]int32, k)
	acc := make([]float64, k)
	touched := make([]int32, 0, 64)
	for r := 0; r < k; r++ {
		touched = touched[:0]
		for _, v := range members[start[r]:start[r+1]] {
			a.kout[r] += l.kout[v]
			a.kin[r] += l.kin[v]
			aggComm[r] = comm[v]
			for j := l.off[v]; j < l.off[v+1]; j++ {
				t := ref[l.adj[j]]
				if t == int32(r) {
					continue
				}
				if acc[t] == 0 {
					touched = append(touched, t)
				}
				acc[t] += l.w[j]
			}
		}
		// Row order needs no sorting: it is deterministic, and gains do not
		// depend on it.
		for _, t := range touched {
			a.adj = append(a.adj, t)
			a.w = append(a.w, acc[t])
			acc[t] = 0
		}
		a.off[r+1] = len(a.adj)
	}
	relabelDense(aggComm)
	return a, aggComm
}

func maxLabel(a []int32) int {
	m := -1
	for _, x := range a {
		m = max(m, int(x))
	}
	return m
}

// relabelDense renumbers non-negative labels to 0..k-1 in order of first
// appearance.
func relabelDense(a []int32) {
	m := make([]int32, maxLabel(a)+1)
	for i := range m {
		m[i] = -1
	}
	next := int32(0)
	for i, x := range a {
		if m[x] < 0 {
			m[x] = next
			next++
		}
		a[i] = m[x]
	}
}

func samePartition(a, b []int32) bool {
	x := slices.Clone(a)
	y := slices.Clone(b)
	relabelDense(x)
	relabelDense(y)
	return slices.Equal(x, y)
}

// renumberBySize renumbers communities by decreasing size (ties: lowest
// member first) and returns how many there are.
func renumberBySize(m []int) int {
	k := 0
	for _, c := range m {
		k = max(k, c+1)
	}
	size := make([]int, k)
	first := make([]int, k)
	for i := range first {
		first[i] = -1
	}
	for v, c := range m {
		size[c]++
		if first[c] < 0 {
			first[c] = v
		}
	}
	ids := make([]int, 0, k)
	for c := 0; c < k; c++ {
		if size[c] > 0 {
			ids = append(ids, c)
		}
	}
	slices.SortFunc(ids, func(a, b int) int {
		if size[a] != size[b] {
			return size[b] - size[a]
		}
		return first[a] - first[b]
	})
	newID := make([]int, k)
	for i, c := range ids {
		newID[c] = i
	}
	for v := range m {
		m[v] = newID[m[v]]
	}
	return len(ids)
}
