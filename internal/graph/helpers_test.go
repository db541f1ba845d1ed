package graph

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedData returns ../shared/data relative to the repository root, or
// skips the test when it is absent.
func sharedData(t testing.TB, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("go.mod not found above the test directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s absent: %v", p, err)
	}
	return p
}

// randomEdgeCSV writes a random graph as an edge-list CSV: n nodes named
// "n<i>", m edges (parallel edges and self-loops possible), integer weights
// 1..5 when weighted. It returns the text.
func randomEdgeCSV(seed uint64, n, m int, weighted bool) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	if weighted {
		b.WriteString("from,to,weight\n")
	} else {
		b.WriteString("from,to\n")
	}
	for i := 0; i < m; i++ {
		u, v := r.IntN(n), r.IntN(n)
		if r.IntN(10) > 0 && u == v {
			v = (v + 1) % n
		}
		if weighted {
			fmt.Fprintf(&b, "n%d,n%d,%d\n", u, v, 1+r.IntN(5))
		} else {
			fmt.Fprintf(&b, "n%d,n%d\n", u, v)
		}
	}
	return b.String()
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
