package graph

import (
	"strings"
	"testing"
)

func TestReadEdgeList(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		weighted bool
		wantN    int
		wantM    int
		wantErr  string
	}{
		{name: "plain", in: "from,to\na,b\nb,c\n", wantN: 3, wantM: 2},
		{name: "quoted, weight ignored unless asked", in: "\"from\",\"to\",\"weight\"\n\"a b\",\"c,d\",2\n", wantN: 2, wantM: 1},
		{name: "weighted", in: "from,to,weight\na,b,2.5\n", weighted: true, wantN: 2, wantM: 1},
		{name: "columns in any order, extras ignored", in: "weight,note,TO,From\n1,x,b,a\n", weighted: true, wantN: 2, wantM: 1},
		{name: "byte-order mark", in: "\ufefffrom,to\na,b\n", wantN: 2, wantM: 1},
		{name: "empty names are nodes", in: "from,to\n,a\n", wantN: 2, wantM: 1},
		{name: "header only", in: "from,to\n", wantN: 0, wantM: 0},
		{name: "empty file", in: "", wantErr: "empty file"},
		{name: "no to column", in: "from,weight\na,1\n", wantErr: "lacks from and to"},
		{name: "weighted without weight column", in: "from,to\na,b\n", weighted: true, wantErr: "needs a weight column"},
		{name: "zero weight", in: "from,to,weight\na,b,0\n", weighted: true, wantErr: "line 2"},
		{name: "negative weight", in: "from,to,weight\na,b,-1\n", weighted: true, wantErr: "finite number > 0"},
		{name: "weight below float32 range", in: "from,to,weight\na,b,1e-50\n", weighted: true, wantErr: "finite number > 0"},
		{name: "merged weight overflows", in: "from,to,weight\na,b,3e38\nb,a,3e38\n", weighted: true, wantErr: "overflow"},
		{name: "NaN weight", in: "from,to,weight\na,b,NaN\n", weighted: true, wantErr: "finite"},
		{name: "short row", in: "from,to\na\n", wantErr: "line 2"},
		{name: "bad quoting", in: "from,to\n\"a,b\n", wantErr: "edge list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ReadEdgeList(strings.NewReader(tc.in), EdgeListOptions{Weighted: tc.weighted})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g.N() != tc.wantN || g.M() != tc.wantM {
				t.Errorf("N=%d M=%d, want %d %d", g.N(), g.M(), tc.wantN, tc.wantM)
			}
		})
	}
}

// FuzzReadEdgeList checks that any input either fails cleanly or yields a
// consistent graph: sorted rows, symmetric undirected adjacency, degrees
// that add up, and ids within the id space.
func FuzzReadEdgeList(f *testing.F) {
	f.Add("from,to\na,b\nb,c\n", false, false)
	f.Add("from,to,weight\na,b,1\nb,a,2\nc,c,3\n", true, true)
	f.Add("to,from\n\"x\"\"y\",z\n", false, false)
	f.Add("\ufefffrom,to,weight\na,b,1e-30\n", false, true)
	f.Add("from,to,weight\na,b,1e-50\na,b,3e38\nb,a,3e38\n", false, true)
	f.Fuzz(func(t *testing.T, in string, directed, weighted bool) {
		g, err := ReadEdgeList(strings.NewReader(in), EdgeListOptions{Directed: directed, Weighted: weighted})
		if err != nil {
			return
		}
		entries, degSum := 0, 0
		for v := int32(0); v < int32(g.N()); v++ {
			nb, ids, ws := g.Out(v)
			entries += len(nb)
			degSum += g.Degree(v)
			for i, u := range nb {
				if i > 0 && nb[i-1] >= u {
					t.Fatalf("row %d not strictly sorted: %v", v, nb)
				}
				if ids[i] < 0 || int(ids[i]) >= g.EdgeIDSpace() {
					t.Fatalf("edge id %d outside [0,%d)", ids[i], g.EdgeIDSpace())
				}
				if weighted && !(ws[i] > 0) {
					t.Fatalf("weight %v not > 0", ws[i])
				}
				if !directed {
					if id, _, ok := g.EdgeBetween(u, v); !ok || id != ids[i] {
						t.Fatalf("edge %d-%d not symmetric", v, u)
					}
				}
			}
			if w, ok := g.Lookup(g.Name(v)); !ok || w != v {
				t.Fatalf("name table: %q -> %d,%v want %d", g.Name(v), w, ok, v)
			}
		}
		if directed && (entries != g.M() || degSum != 2*g.M()) {
			t.Fatalf("directed: %d entries, degree sum %d, M %d", entries, degSum, g.M())
		}
		if !directed && degSum != 2*g.M() {
			t.Fatalf("undirected: degree sum %d, M %d", degSum, g.M())
		}
	})
}
