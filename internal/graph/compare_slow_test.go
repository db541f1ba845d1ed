//go:build slow

package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const python = "/usr/bin/python3"

func needPython(t *testing.T, modules ...string) {
	t.Helper()
	for _, m := range modules {
		if err := exec.Command(python, "-c", "import "+m).Run(); err != nil {
			t.Skipf("%s cannot import %s (apt-get install python3-networkx python3-igraph): %v", python, m, err)
		}
	}
}

type refJob struct {
	ID         string         `json:"id"`
	Path       string         `json:"path"`
	Directed   bool           `json:"directed"`
	Weighted   bool           `json:"weighted"`
	Membership map[string]int `json:"membership"`
}

type refResult struct {
	ID                string             `json:"id"`
	N                 int                `json:"n"`
	M                 int                `json:"m"`
	Degree            map[string]float64 `json:"degree"`
	DegreeCentrality  map[string]float64 `json:"degree_centrality"`
	Betweenness       map[string]float64 `json:"betweenness"`
	Closeness         map[string]float64 `json:"closeness"`
	Eigenvector       map[string]float64 `json:"eigenvector"`
	EigenvectorError  *string            `json:"eigenvector_error"`
	PageRank          map[string]float64 `json:"pagerank"`
	PageRankError     *string            `json:"pagerank_error"`
	ModularityOfGiven *float64           `json:"modularity_of_given"`
	LeidenModularity  *float64           `json:"igraph_leiden_modularity"`
	LeidenBest        *float64           `json:"igraph_leiden_best_modularity"`
	LouvainModularity *float64           `json:"louvain_modularity"`
}

// TestAgainstNetworkx computes every metric for every research network (and
// for synthetic directed and weighted graphs) and compares with networkx
// and igraph run by testdata/nxref.py.
func TestAgainstNetworkx(t *testing.T) {
	needPython(t, "networkx", "igraph")
	dir := sharedData(t, "networks")
	files, err := filepath.Glob(filepath.Join(dir, "*_edges.csv"))
	if err != nil || len(files) == 0 {
		t.Skipf("no *_edges.csv in %s", dir)
	}
	sort.Strings(files)
	var jobs []refJob
	for _, f := range files {
		head, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		first := strings.ToLower(strings.SplitN(string(head), "\n", 2)[0])
		name := strings.TrimSuffix(filepath.Base(f), "_edges.csv")
		jobs = append(jobs, refJob{ID: name, Path: f})
		if strings.Contains(first, "weight") {
			jobs = append(jobs, refJob{ID: name + "/weighted", Path: f, Weighted: true})
		}
	}
	// Synthetic graphs cover what the research networks lack: direction,
	// parallel edges, dangling nodes, several components.
	tmp := t.TempDir()
	for i, c := range []struct {
		n, m     int
		directed bool
		weighted bool
	}{
		{30, 60, true, false}, {30, 60, true, true}, {200, 500, true, false}, {200, 800, true, true},
		{300, 400, false, false}, {300, 900, false, true}, {50, 40, true, true}, {500, 3000, true, false},
	} {
		p := filepath.Join(tmp, fmt.Sprintf("synthetic%d.csv", i))
		if err := os.WriteFile(p, []byte(randomEdgeCSV(uint64(100+i), c.n, c.m, c.weighted)), 0o644); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, refJob{ID: fmt.Sprintf("synthetic%d(directed=%v,weighted=%v)", i, c.directed, c.weighted), Path: p, Directed: c.directed, Weighted: c.weighted})
	}

	ours := make([]*AnalyzeResult, len(jobs))
	for i := range jobs {
		f, err := os.Open(jobs[i].Path)
		if err != nil {
			t.Fatal(err)
		}
		g, err := ReadEdgeList(f, EdgeListOptions{Directed: jobs[i].Directed, Weighted: jobs[i].Weighted})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", jobs[i].ID, err)
		}
		r, err := Analyze(context.Background(), g, AnalyzeOptions{Weighted: jobs[i].Weighted, Seed: 1, BetweennessSamples: -1})
		if err != nil {
			t.Fatalf("%s: %v", jobs[i].ID, err)
		}
		ours[i] = r
		if r.Community != nil {
			jobs[i].Membership = map[string]int{}
			for v, c := range r.Community {
				jobs[i].Membership[g.Name(int32(v))] = c
			}
		}
	}
	manifest, _ := json.Marshal(jobs)
	cmd := exec.Command(python, "testdata/nxref.py")
	cmd.Stdin = bytes.NewReader(manifest)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nxref.py: %v\n%s", err, stderr.String())
	}
	var refs []refResult
	if err := json.Unmarshal(out, &refs); err != nil {
		t.Fatal(err)
	}
	if len(refs) != len(jobs) {
		t.Fatalf("nxref.py returned %d results for %d jobs", len(refs), len(jobs))
	}

	const tol = 1e-6
	maxDiff := map[string]float64{}
	worst := map[string]string{}
	compared, nxFailed := 0, 0
	var leidenJobs, leidenBelowBest int
	var sumOurs, sumIg, sumBest, worstGap float64
	for i, ref := range refs {
		r := ours[i]
		g := r.Graph
		if ref.N != g.N() || ref.M != g.M() {
			t.Errorf("%s: networkx has %d nodes %d edges, we have %d, %d", ref.ID, ref.N, ref.M, g.N(), g.M())
			continue
		}
		if g.N() == 0 {
			continue
		}
		compared++
		check := func(metric string, want map[string]float64, got []float64, wantErr *string) {
			if want == nil || got == nil {
				if (want == nil) != (got == nil) {
					msg := ""
					if wantErr != nil {
						msg = *wantErr
					}
					t.Errorf("%s %s: networkx result present=%v, ours present=%v (%s)", ref.ID, metric, want != nil, got != nil, msg)
				}
				return
			}
			for v := 0; v < g.N(); v++ {
				name := g.Name(int32(v))
				w, ok := want[name]
				if !ok {
					t.Errorf("%s %s: networkx lacks node %q", ref.ID, metric, name)
					return
				}
				d := math.Abs(w - got[v])
				if d > maxDiff[metric] {
					maxDiff[metric] = d
					worst[metric] = fmt.Sprintf("%s node %q: networkx %.12g ours %.12g", ref.ID, name, w, got[v])
				}
				if d > tol {
					t.Errorf("%s %s node %q: networkx %.12g, ours %.12g", ref.ID, metric, name, w, got[v])
				}
			}
		}
		deg := make([]float64, g.N())
		for v := range deg {
			deg[v] = float64(r.Degree[v])
		}
		check("degree", ref.Degree, deg, nil)
		check("degree_centrality", ref.DegreeCentrality, r.DegreeCentrality, nil)
		check("betweenness", ref.Betweenness, r.Betweenness, nil)
		check("closeness", ref.Closeness, r.Closeness, nil)
		check("eigenvector", ref.Eigenvector, r.Eigenvector, ref.EigenvectorError)
		if ref.EigenvectorError != nil {
			nxFailed++
		}
		check("pagerank", ref.PageRank, r.PageRank, ref.PageRankError)
		if ref.ModularityOfGiven != nil {
			d := math.Abs(*ref.ModularityOfGiven - r.Modularity)
			if d > maxDiff["modularity"] {
				maxDiff["modularity"] = d
				worst["modularity"] = ref.ID
			}
			if d > 1e-9 {
				t.Errorf("%s: networkx modularity of our partition %.12g, ours %.12g", ref.ID, *ref.ModularityOfGiven, r.Modularity)
			}
		}
		if ref.LeidenModularity != nil {
			leidenJobs++
			sumOurs += r.Modularity
			sumIg += *ref.LeidenModularity
			sumBest += *ref.LeidenBest
			if r.Modularity < *ref.LeidenModularity-1e-9 {
				t.Errorf("%s: Leiden modularity %.6f < igraph's %.6f", ref.ID, r.Modularity, *ref.LeidenModularity)
			}
			if r.Modularity < *ref.LeidenBest-1e-9 {
				leidenBelowBest++
				worstGap = max(worstGap, *ref.LeidenBest-r.Modularity)
			}
		}
		if ref.LouvainModularity != nil && r.Modularity < *ref.LouvainModularity-1e-9 {
			t.Errorf("%s (directed): Leiden modularity %.6f < networkx Louvain's %.6f", ref.ID, r.Modularity, *ref.LouvainModularity)
		}
	}
	t.Logf("compared %d graphs (%d jobs; %d edge files); networkx eigenvector failed to converge on %d, and so did ours", compared, len(jobs), len(files), nxFailed)
	for _, m := range []string{"degree", "degree_centrality", "betweenness", "closeness", "eigenvector", "pagerank", "modularity"} {
		t.Logf("max |diff| %-18s %.3g  (%s)", m, maxDiff[m], worst[m])
	}
	if leidenJobs > 0 {
		t.Logf("Leiden on %d undirected graphs: mean modularity ours %.6f, igraph default %.6f, igraph best of 10 converged runs %.6f; below that best on %d graphs (largest gap %.4g)",
			leidenJobs, sumOurs/float64(leidenJobs), sumIg/float64(leidenJobs), sumBest/float64(leidenJobs), leidenBelowBest, worstGap)
	}
}
