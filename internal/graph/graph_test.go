package graph

import (
	"slices"
	"strings"
	"testing"
)

func TestBuilderMergesAndNumbersEdges(t *testing.T) {
	tests := []struct {
		name      string
		directed  bool
		edges     [][3]any // from, to, weight
		wantM     int
		wantDeg   map[string]int
		wantW     map[[2]string]float32 // weight of edge from→to
		wantEdgeI map[[2]string]int32   // edge id
	}{
		{
			name:      "undirected parallel and reversed edges merge, ids by first occurrence",
			directed:  false,
			edges:     [][3]any{{"a", "b", 1.0}, {"b", "c", 2.0}, {"b", "a", 3.0}, {"c", "c", 1.0}, {"a", "b", 0.5}},
			wantM:     3,
			wantDeg:   map[string]int{"a": 1, "b": 2, "c": 3},
			wantW:     map[[2]string]float32{{"a", "b"}: 4.5, {"b", "a"}: 4.5, {"b", "c"}: 2, {"c", "c"}: 1},
			wantEdgeI: map[[2]string]int32{{"a", "b"}: 0, {"b", "a"}: 0, {"b", "c"}: 1, {"c", "c"}: 2},
		},
		{
			name:      "directed keeps both directions apart",
			directed:  true,
			edges:     [][3]any{{"a", "b", 1.0}, {"b", "a", 2.0}, {"a", "b", 1.0}, {"c", "c", 5.0}},
			wantM:     3,
			wantDeg:   map[string]int{"a": 2, "b": 2, "c": 2},
			wantW:     map[[2]string]float32{{"a", "b"}: 2, {"b", "a"}: 2, {"c", "c"}: 5},
			wantEdgeI: map[[2]string]int32{{"a", "b"}: 0, {"b", "a"}: 1, {"c", "c"}: 2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder(tc.directed, true)
			for _, e := range tc.edges {
				b.AddEdgeNames(e[0].(string), e[1].(string), float32(e[2].(float64)))
			}
			g, err := b.Build()
			if err != nil {
				t.Fatal(err)
			}
			if g.M() != tc.wantM || g.EdgeIDSpace() != tc.wantM {
				t.Errorf("M = %d (id space %d), want %d", g.M(), g.EdgeIDSpace(), tc.wantM)
			}
			for name, d := range tc.wantDeg {
				v, _ := g.Lookup(name)
				if got := g.Degree(v); got != d {
					t.Errorf("Degree(%s) = %d, want %d", name, got, d)
				}
			}
			for pair, w := range tc.wantW {
				u, _ := g.Lookup(pair[0])
				v, _ := g.Lookup(pair[1])
				id, got, ok := g.EdgeBetween(u, v)
				if !ok || got != w {
					t.Errorf("weight %v = %v,%v, want %v", pair, got, ok, w)
				}
				if id != tc.wantEdgeI[pair] {
					t.Errorf("edge id %v = %d, want %d", pair, id, tc.wantEdgeI[pair])
				}
			}
			for v := int32(0); v < int32(g.N()); v++ {
				nb, _, _ := g.Out(v)
				if !slices.IsSorted(nb) {
					t.Errorf("row %d not sorted: %v", v, nb)
				}
			}
		})
	}
}

func TestFilterKeepsIDsAndNodes(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader("from,to\na,b\nb,c\nc,d\nd,a\na,c\n"), EdgeListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	keep := NewBitset(g.EdgeIDSpace())
	keep.Set(1) // b-c
	keep.Set(4) // a-c
	h := g.FilterMask(keep)
	if h.N() != g.N() || h.M() != 2 || h.EdgeIDSpace() != 5 {
		t.Fatalf("filtered: N=%d M=%d ids=%d", h.N(), h.M(), h.EdgeIDSpace())
	}
	c, _ := h.Lookup("c")
	nb, ids, _ := h.Out(c)
	if !slices.Equal(ids, []int32{4, 1}) || len(nb) != 2 {
		t.Errorf("c's edges in view: nbrs %v ids %v, want ids [4 1] (a-c, b-c by neighbour order)", nb, ids)
	}
	if d := h.Degree(c); d != 2 {
		t.Errorf("degree of c in view = %d", d)
	}
	a, _ := g.Lookup("a")
	drop := NewBitset(g.N())
	drop.Set(int(a))
	w := g.WithoutNodes(drop)
	if w.M() != 2 || w.Degree(a) != 0 || w.N() != 4 {
		t.Errorf("without a: M=%d deg(a)=%d N=%d", w.M(), w.Degree(a), w.N())
	}
	sub, parent, err := g.Induced([]int32{2, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if sub.N() != 3 || sub.M() != 3 || sub.Name(0) != "c" || !slices.Equal(parent, []int32{2, 0, 1}) {
		t.Errorf("induced: N=%d M=%d name0=%s parent=%v", sub.N(), sub.M(), sub.Name(0), parent)
	}
	if _, _, err := g.Induced([]int32{1, 1}); err == nil {
		t.Error("Induced with a repeated node: no error")
	}
}

func TestBitset(t *testing.T) {
	b := NewBitset(130)
	for _, i := range []int{0, 63, 64, 129} {
		b.Set(i)
	}
	b.Clear(63)
	if b.Count() != 3 || !b.Has(129) || b.Has(63) || b.Has(-1) || b.Has(1000) {
		t.Errorf("bitset wrong: %v count %d", b, b.Count())
	}
	var nilSet Bitset
	if nilSet.Has(3) {
		t.Error("nil bitset has 3")
	}
}
