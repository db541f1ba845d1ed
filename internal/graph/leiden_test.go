package graph

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// ringOfCliques joins k cliques of size s in a ring by one edge each; the
// best partition is one community per clique (for k large enough that
// merging neighbours does not pay).
func ringOfCliques(k, s int) string {
	var b strings.Builder
	b.WriteString("from,to\n")
	for c := 0; c < k; c++ {
		for i := 0; i < s; i++ {
			for j := i + 1; j < s; j++ {
				fmt.Fprintf(&b, "c%d_%d,c%d_%d\n", c, i, c, j)
			}
		}
		fmt.Fprintf(&b, "c%d_0,c%d_1\n", c, (c+1)%k)
	}
	return b.String()
}

func TestLeidenFindsPlantedCommunities(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		directed bool
		k, s     int
	}{
		{"ring of 8 cliques of 5", ringOfCliques(8, 5), false, 8, 5},
		{"ring of 12 cliques of 4", ringOfCliques(12, 4), false, 12, 4},
		{"directed ring of 8 cliques of 5", ringOfCliques(8, 5), true, 8, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ReadEdgeList(strings.NewReader(tc.in), EdgeListOptions{Directed: tc.directed})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Leiden(context.Background(), g, LeidenOptions{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if res.Communities != tc.k {
				t.Fatalf("%d communities, want %d", res.Communities, tc.k)
			}
			for v := 0; v < g.N(); v++ {
				var c, i int
				fmt.Sscanf(g.Name(int32(v)), "c%d_%d", &c, &i)
				var c0, i0 int
				u, _ := g.Lookup(fmt.Sprintf("c%d_0", c))
				fmt.Sscanf(g.Name(u), "c%d_%d", &c0, &i0)
				if res.Membership[v] != res.Membership[u] {
					t.Fatalf("%s and %s split", g.Name(int32(v)), g.Name(u))
				}
			}
			if !tc.directed {
				// By hand: L_c = s(s-1)/2 + 1 inner edges per clique
				// (its ring edge joins two cliques, so not inner),
				// m = k(s(s-1)/2 + 1), K_c = 2 L_c(inner) + 2.
				inner := float64(tc.s*(tc.s-1)) / 2
				m := float64(tc.k) * (inner + 1)
				want := float64(tc.k) * (inner/m - math.Pow((2*inner+2)/(2*m), 2))
				if math.Abs(res.Modularity-want) > 1e-12 {
					t.Errorf("modularity %.15g, want %.15g", res.Modularity, want)
				}
			}
			if q := Modularity(g, res.Membership, 1, false); q != res.Modularity {
				t.Errorf("reported modularity %v, recomputed %v", res.Modularity, q)
			}
		})
	}
}

func TestLeidenDeterministicAndConnected(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader(randomEdgeCSV(3, 2000, 6000, true)), EdgeListOptions{Weighted: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := Leiden(ctx, g, LeidenOptions{Weighted: true, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Leiden(ctx, g, LeidenOptions{Weighted: true, Seed: 42})
	if !slices.Equal(a.Membership, b.Membership) {
		t.Fatal("same seed gave different partitions")
	}
	if a.Modularity < 0.3 {
		t.Errorf("modularity %.3f on a sparse random graph; expected well above 0.3", a.Modularity)
	}
	// Leiden's guarantee: every community is connected.
	for c := 0; c < a.Communities; c++ {
		var members []int32
		for v, x := range a.Membership {
			if x == c {
				members = append(members, int32(v))
			}
		}
		sub, _, err := g.Induced(members)
		if err != nil {
			t.Fatal(err)
		}
		e, _ := EgoNetwork(sub, []int32{0}, EgoOptions{Hops: sub.N()})
		if len(e.Nodes) != sub.N() {
			t.Fatalf("community %d (%d nodes) is disconnected: reached %d", c, sub.N(), len(e.Nodes))
		}
	}
	// Restarts may only improve.
	r, _ := Leiden(ctx, g, LeidenOptions{Weighted: true, Seed: 42, Restarts: 3})
	if r.Modularity < a.Modularity {
		t.Errorf("restarts lowered modularity: %v < %v", r.Modularity, a.Modularity)
	}
	// Sizes are non-increasing in community number.
	size := make([]int, a.Communities)
	for _, c := range a.Membership {
		size[c]++
	}
	for i := 1; i < len(size); i++ {
		if size[i] > size[i-1] {
			t.Fatalf("community %d larger than %d", i, i-1)
		}
	}
}

func TestModularityEdgeCases(t *testing.T) {
	g, _ := ReadEdgeList(strings.NewReader("from,to\n"), EdgeListOptions{})
	if q := Modularity(g, nil, 1, false); q != 0 {
		t.Errorf("empty graph modularity %v", q)
	}
	res, err := Leiden(context.Background(), g, LeidenOptions{})
	if err != nil || res.Communities != 0 {
		t.Errorf("empty graph Leiden: %+v %v", res, err)
	}
}
