package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// bruteForcePaths enumerates every admissible simple path from a source to
// a target and returns their costs sorted ascending.
func bruteForcePaths(g *Graph, from, to []int32, opt PathOptions) []float64 {
	isSrc, isTgt := map[int32]bool{}, map[int32]bool{}
	for _, v := range from {
		isSrc[v] = true
	}
	for _, v := range to {
		isTgt[v] = true
	}
	var costs []float64
	onPath := map[int32]bool{}
	var walk func(v int32, hops int, cost float64)
	walk = func(v int32, hops int, cost float64) {
		if isTgt[v] {
			costs = append(costs, cost)
			return
		}
		if opt.MaxHops > 0 && hops == opt.MaxHops {
			return
		}
		nb, ids, ws := g.Out(v)
		for i, u := range nb {
			if onPath[u] || (isSrc[u] && u != v) {
				continue
			}
			if opt.EdgeOK != nil && !opt.EdgeOK(ids[i]) {
				continue
			}
			c := cost + baseCost(opt.Cost, ws, i)
			if !isTgt[u] {
				if opt.Exclude.Has32(u) {
					continue
				}
				if opt.NodePenalty != nil {
					c += opt.NodePenalty[u]
				}
			}
			onPath[u] = true
			walk(u, hops+1, c)
			onPath[u] = false
		}
	}
	for _, s := range from {
		if isTgt[s] {
			costs = append(costs, 0)
			continue
		}
		onPath[s] = true
		walk(s, 0, 0)
		onPath[s] = false
	}
	slices.Sort(costs)
	return costs
}

func checkPath(t *testing.T, g *Graph, p Path, from, to []int32, opt PathOptions) {
	t.Helper()
	if len(p.Nodes) != len(p.Edges)+1 {
		t.Fatalf("path %v has %d edges", p.Nodes, len(p.Edges))
	}
	if !slices.Contains(from, p.Nodes[0]) || !slices.Contains(to, p.Nodes[len(p.Nodes)-1]) {
		t.Fatalf("path %v does not join the sets %v -> %v", p.Nodes, from, to)
	}
	seen := map[int32]bool{}
	for i, v := range p.Nodes {
		if seen[v] {
			t.Fatalf("path %v is not simple", p.Nodes)
		}
		seen[v] = true
		if i > 0 && i < len(p.Nodes)-1 && opt.Exclude.Has32(v) {
			t.Fatalf("path %v passes excluded node %d", p.Nodes, v)
		}
		if i > 0 {
			id, _, ok := g.EdgeBetween(p.Nodes[i-1], v)
			if !ok || id != p.Edges[i-1] {
				t.Fatalf("path %v: edge %d is not %d->%d", p.Nodes, p.Edges[i-1], p.Nodes[i-1], v)
			}
		}
	}
	if opt.MaxHops > 0 && p.Hops() > opt.MaxHops {
		t.Fatalf("path %v exceeds %d hops", p.Nodes, opt.MaxHops)
	}
}

// checkAgainstBruteForce runs a query with and without a PathIndex and
// compares both answers with exhaustive enumeration: same number of
// paths, each a valid simple path costing what brute force says the i-th
// cheapest costs, none twice.
func checkAgainstBruteForce(t *testing.T, name string, g *Graph, idx *PathIndex, from, to []int32, k int, opt PathOptions) {
	t.Helper()
	want := bruteForcePaths(g, from, to, opt)
	if len(want) > k {
		want = want[:k]
	}
	for _, x := range []*PathIndex{nil, idx} {
		opt.Index = x
		got, err := KShortestPathsBetween(g, from, to, k, opt)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%s index=%v", name, x != nil)
		if len(got) != len(want) {
			t.Fatalf("%s: %d paths, brute force %d (%v)", name, len(got), len(want), want)
		}
		keys := map[string]bool{}
		for i, p := range got {
			checkPath(t, g, p, from, to, opt)
			if math.Abs(p.Cost-want[i]) > 1e-9 {
				t.Fatalf("%s: path %d %v costs %v, brute force %v (all: %v)", name, i, p.Nodes, p.Cost, want[i], want)
			}
			if c := recomputeCost(g, p, opt); math.Abs(c-p.Cost) > 1e-9 {
				t.Fatalf("%s: path %d %v claims cost %v, its edges cost %v", name, i, p.Nodes, p.Cost, c)
			}
			key := fmt.Sprint(p.Nodes)
			if keys[key] {
				t.Fatalf("%s: path %v returned twice", name, p.Nodes)
			}
			keys[key] = true
		}
	}
}

// recomputeCost prices a path from the graph's weights, independently of
// the search code.
func recomputeCost(g *Graph, p Path, opt PathOptions) float64 {
	var c float64
	for i := range p.Edges {
		nb, _, ws := g.Out(p.Nodes[i])
		j, _ := slices.BinarySearch(nb, p.Nodes[i+1])
		switch {
		case opt.Cost == CostHops || ws == nil:
			c++
		case opt.Cost == CostInverse:
			c += 1 / float64(ws[j])
		case opt.Cost == CostNegLog:
			c += math.Max(0, -math.Log(float64(ws[j])))
		default:
			c += float64(ws[j])
		}
		if i > 0 && opt.NodePenalty != nil {
			c += opt.NodePenalty[p.Nodes[i]]
		}
	}
	return c
}

// randomPenalties returns no penalties, a few large ones (hubs damped: the
// searches then run around them first) or graded ones.
func randomPenalties(r *rand.Rand, n int) []float64 {
	switch r.IntN(3) {
	case 0:
		return nil
	case 1:
		pen := make([]float64, n)
		for i := 0; i < 1+n/4; i++ {
			pen[r.IntN(n)] = []float64{0.5, 3}[r.IntN(2)]
		}
		return pen
	}
	pen := make([]float64, n)
	for i := range pen {
		pen[i] = float64(r.IntN(3)) * r.Float64()
	}
	return pen
}

// TestKShortestPathsAgainstBruteForce compares Yen's k cheapest paths with
// an exhaustive enumeration on many small random graphs, across cost
// models, penalties, exclusions, hop limits, edge filters and node sets,
// with and without an index. Weights of 1 and more make zero-cost edges
// under CostNegLog, so ties and zero-cost cycles occur.
func TestKShortestPathsAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for trial := 0; trial < 600; trial++ {
		directed := trial%2 == 1
		n := 6 + r.IntN(6)
		var sb strings.Builder
		sb.WriteString("from,to,weight\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sb, "v%d,v%d,%g\n", i, i, 1.0) // every node exists
		}
		for i := 0; i < 2*n+r.IntN(2*n); i++ {
			u, v := r.IntN(n), r.IntN(n)
			if u != v {
				fmt.Fprintf(&sb, "v%d,v%d,%g\n", u, v, float64(1+r.IntN(8))/4)
			}
		}
		g, err := ReadEdgeList(strings.NewReader(sb.String()), EdgeListOptions{Directed: directed, Weighted: true})
		if err != nil {
			t.Fatal(err)
		}
		opt := PathOptions{Cost: CostModel(r.IntN(4)), NodePenalty: randomPenalties(r, n)}
		if r.IntN(3) == 0 {
			opt.Exclude = NewBitset(n)
			opt.Exclude.Set(r.IntN(n))
		}
		if r.IntN(3) == 0 {
			opt.MaxHops = 1 + r.IntN(4)
		}
		if r.IntN(4) == 0 {
			banned := int32(r.IntN(g.EdgeIDSpace()))
			opt.EdgeOK = func(e int32) bool { return e != banned }
		}
		perm := r.Perm(n)
		var from, to []int32
		from = append(from, int32(perm[0]))
		to = append(to, int32(perm[1]))
		if r.IntN(3) == 0 {
			from = append(from, int32(perm[2]))
			to = append(to, int32(perm[3]))
		}
		k := 1 + r.IntN(6)
		name := fmt.Sprintf("trial %d (directed=%v cost=%d pen=%v excl=%v hops=%d from=%v to=%v k=%d)",
			trial, directed, opt.Cost, opt.NodePenalty != nil, opt.Exclude != nil, opt.MaxHops, from, to, k)
		checkAgainstBruteForce(t, name, g, NewPathIndex(g, opt.Cost), from, to, k, opt)
	}
}

// TestKShortestPathsPowerLawAgainstBruteForce does the same on larger
// power-law graphs with hubs, where the pruning (hop balls, sorted rows
// cut short, hubs searched around first, Yen's bounds) has work to do;
// hop limits keep brute force tractable.
func TestKShortestPathsPowerLawAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 13))
	defer func(b int) { bfsBudget = b }(bfsBudget)
	for trial := 0; trial < 120; trial++ {
		// Every fourth trial cuts the breadth-first searches of bounded
		// spurs at once, as on big graphs where they hit their budget.
		bfsBudget = []int{8192, 8192, 8192, 2}[trial%4]
		n, m := 150+r.IntN(150), 400+r.IntN(300)
		src, dst := PowerLawEdges(n, m, 2.2+r.Float64()/2, uint64(trial))
		directed := trial%3 == 2
		b := NewBuilder(directed, true)
		for i := 0; i < n; i++ {
			b.Node(fmt.Sprint(i))
		}
		strong := trial%2 == 1 // costs near 0: a hub's penalty dominates
		for i := range src {
			w := float32(1+r.IntN(99)) / 100
			if strong {
				w = float32(80+r.IntN(20)) / 100
			}
			b.AddEdge(src[i], dst[i], w)
		}
		g, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		// Hubs damped by a penalty as large as a path (the light phase
		// then decides) or smaller (the second phase runs, pruned by the
		// light phase's hop balls).
		hubs := NewBitset(n)
		pen := make([]float64, n)
		hubPen := []float64{3, 0.4, 1}[trial%3]
		for v := 0; v < n; v++ {
			if g.Degree(int32(v)) > 12 {
				hubs.Set(v)
				pen[v] = hubPen
			}
		}
		idx := map[CostModel]*PathIndex{}
		for _, c := range []CostModel{CostNegLog, CostInverse, CostDistance} {
			idx[c] = NewPathIndex(g, c)
		}
		for q := 0; q < 8; q++ {
			opt := PathOptions{Cost: []CostModel{CostNegLog, CostInverse, CostDistance}[r.IntN(3)], MaxHops: 2 + r.IntN(3)}
			switch r.IntN(3) {
			case 0:
				opt.NodePenalty = pen
			case 1:
				opt.Exclude = hubs
			}
			s, d := int32(r.IntN(n)), int32(r.IntN(n))
			if q%2 == 1 {
				// A pair that only hubs join within the hop limit, if one
				// turns up: the damped query then needs its second phase.
				for try := 0; try < 50; try++ {
					a, z := int32(r.IntN(n)), int32(r.IntN(n))
					_, light, _ := ShortestPath(g, a, z, PathOptions{Exclude: hubs, MaxHops: opt.MaxHops})
					_, any, _ := ShortestPath(g, a, z, PathOptions{MaxHops: opt.MaxHops})
					if any && !light {
						s, d = a, z
						break
					}
				}
			}
			k := 1 + r.IntN(4)
			name := fmt.Sprintf("trial %d.%d (directed=%v strong=%v hub penalty=%g cost=%d hubs damped=%v excluded=%v hops=%d %d->%d k=%d)",
				trial, q, directed, strong, hubPen, opt.Cost, opt.NodePenalty != nil, opt.Exclude != nil, opt.MaxHops, s, d, k)
			checkAgainstBruteForce(t, name, g, idx[opt.Cost], []int32{s}, []int32{d}, k, opt)
		}
	}
}

func TestShortestPathHubAvoidance(t *testing.T) {
	// a and z are joined through a hub (2 hops) or through a chain of
	// three ordinary nodes (4 hops).
	in := "from,to\na,hub\nhub,z\na,p\np,q\nq,r\nr,z\n"
	for i := 0; i < 20; i++ {
		in += fmt.Sprintf("hub,x%d\n", i)
	}
	g, err := ReadEdgeList(strings.NewReader(in), EdgeListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := g.Lookup("a")
	z, _ := g.Lookup("z")
	hub, _ := g.Lookup("hub")
	names := func(p Path) string {
		var s []string
		for _, v := range p.Nodes {
			s = append(s, g.Name(v))
		}
		return strings.Join(s, "-")
	}
	excl := NewBitset(g.N())
	excl.Set(int(hub))
	pen := make([]float64, g.N())
	for v := range pen {
		pen[v] = math.Max(0, float64(g.Degree(int32(v))-2)) // ordinary relays cost nothing extra
	}
	tests := []struct {
		name string
		opt  PathOptions
		want string
		ok   bool
	}{
		{"plain", PathOptions{}, "a-hub-z", true},
		{"hub excluded", PathOptions{Exclude: excl}, "a-p-q-r-z", true},
		{"hub damped by degree", PathOptions{NodePenalty: pen}, "a-p-q-r-z", true},
		{"hub excluded within 3 hops", PathOptions{Exclude: excl, MaxHops: 3}, "", false},
		{"plain within 2 hops", PathOptions{MaxHops: 2}, "a-hub-z", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ok, err := ShortestPath(g, a, z, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tc.ok || (ok && names(p) != tc.want) {
				t.Errorf("got %q ok=%v, want %q ok=%v", names(p), ok, tc.want, tc.ok)
			}
		})
	}
}

// Bidirectional BFS must give shortest hop counts: check against a plain
// BFS on a random sparse graph.
func TestShortestPathHopsMatchBFS(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader(randomEdgeCSV(9, 3000, 4500, false)), EdgeListOptions{Directed: true})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		s, d := int32(r.IntN(g.N())), int32(r.IntN(g.N()))
		want := bfsHops(g, s, d)
		p, ok, err := ShortestPath(g, s, d, PathOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if (want >= 0) != ok || (ok && p.Hops() != want) {
			t.Fatalf("%d->%d: got %d hops ok=%v, BFS says %d", s, d, p.Hops(), ok, want)
		}
		if ok {
			checkPath(t, g, p, []int32{s}, []int32{d}, PathOptions{})
		}
	}
}

func bfsHops(g *Graph, s, d int32) int {
	dist := map[int32]int{s: 0}
	q := []int32{s}
	for len(q) > 0 {
		v := q[0]
		q = q[1:]
		if v == d {
			return dist[v]
		}
		nb, _, _ := g.Out(v)
		for _, u := range nb {
			if _, ok := dist[u]; !ok {
				dist[u] = dist[v] + 1
				q = append(q, u)
			}
		}
	}
	return -1
}

func TestEgoNetwork(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader("from,to\nc,a\nc,b\na,a2\nb,b2\nb2,b3\nhub,c\nhub,h1\n"), EdgeListOptions{Directed: true})
	if err != nil {
		t.Fatal(err)
	}
	id := func(s string) int32 { v, _ := g.Lookup(s); return v }
	names := func(vs []int32) []string {
		var out []string
		for _, v := range vs {
			out = append(out, g.Name(v))
		}
		slices.Sort(out)
		return out
	}
	excl := NewBitset(g.N())
	excl.Set(int(id("b")))
	tests := []struct {
		name string
		opt  EgoOptions
		want []string
	}{
		{"one hop out", EgoOptions{Hops: 1}, []string{"a", "b", "c"}},
		{"two hops out", EgoOptions{Hops: 2}, []string{"a", "a2", "b", "b2", "c"}},
		{"both directions", EgoOptions{Hops: 2, Both: true}, []string{"a", "a2", "b", "b2", "c", "h1", "hub"}},
		{"excluded relay", EgoOptions{Hops: 3, Exclude: excl}, []string{"a", "a2", "c"}},
		{"edge filter", EgoOptions{Hops: 3, EdgeOK: func(u, v, e int32) bool { return g.Name(v) != "a" }}, []string{"b", "b2", "b3", "c"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := EgoNetwork(g, []int32{id("c")}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(e.Nodes); !slices.Equal(got, tc.want) {
				t.Errorf("nodes %v, want %v", got, tc.want)
			}
			for _, eid := range e.Edges {
				if eid < 0 || int(eid) >= g.EdgeIDSpace() {
					t.Errorf("bad edge id %d", eid)
				}
			}
			if len(e.Edges) != len(tc.want)-1 {
				t.Errorf("%d edges among %d tree-shaped nodes", len(e.Edges), len(tc.want))
			}
		})
	}
	if e, _ := EgoNetwork(g, []int32{id("c")}, EgoOptions{Hops: 5, MaxNodes: 2}); !e.Truncated || len(e.Nodes) != 2 {
		t.Errorf("MaxNodes=2: %d nodes, truncated=%v", len(e.Nodes), e.Truncated)
	}
}

func TestPathOptionsRejected(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader("from,to,weight\na,b,0.5\nb,c,0.5\n"), EdgeListOptions{Weighted: true})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := ReadEdgeList(strings.NewReader("from,to,weight\na,b,0.5\nb,c,0.5\n"), EdgeListOptions{Weighted: true})
	pen := func(v float64) []float64 { return []float64{0, v, 0} }
	tests := []struct {
		name     string
		from, to int32
		opt      PathOptions
	}{
		{"negative penalty", 0, 2, PathOptions{Cost: CostNegLog, NodePenalty: pen(-0.5)}},
		{"NaN penalty", 0, 2, PathOptions{Cost: CostNegLog, NodePenalty: pen(math.NaN())}},
		{"infinite penalty", 0, 2, PathOptions{Cost: CostNegLog, NodePenalty: pen(math.Inf(1))}},
		{"short penalties", 0, 2, PathOptions{Cost: CostNegLog, NodePenalty: []float64{0, 1}}},
		{"negative MaxHops", 0, 2, PathOptions{Cost: CostNegLog, MaxHops: -1}},
		{"index of another graph", 0, 2, PathOptions{Cost: CostNegLog, Index: NewPathIndex(other, CostNegLog)}},
		{"index of another cost", 0, 2, PathOptions{Cost: CostNegLog, Index: NewPathIndex(g, CostInverse)}},
		{"node out of range", 0, 3, PathOptions{Cost: CostNegLog}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := KShortestPaths(g, tc.from, tc.to, 2, tc.opt); err == nil {
				t.Error("accepted")
			}
		})
	}
	// The same query with valid options works, and a searcher used by a
	// rejected query is left clean.
	p, ok, err := ShortestPath(g, 0, 2, PathOptions{Cost: CostNegLog, NodePenalty: pen(1), Index: NewPathIndex(g, CostNegLog)})
	if err != nil || !ok || p.Hops() != 2 || math.Abs(p.Cost-(1-2*math.Log(0.5))) > 1e-12 {
		t.Errorf("valid query: %v %v %v", p, ok, err)
	}
}
