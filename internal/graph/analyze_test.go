package graph

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
)

func TestAnalyzeWritesRequestedColumns(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader(ringOfCliques(6, 4)), EdgeListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		metrics   string
		filled    []string // columns that must be non-empty
		wantEmpty []string
	}{
		{"all", AnalyzeColumns, nil},
		{"pagerank,community", []string{"node", "pagerank", "community"}, []string{"degree", "degree_centrality", "betweenness", "closeness", "eigenvector"}},
		{"degree", []string{"node", "degree", "degree_centrality"}, []string{"betweenness", "pagerank", "community"}},
	}
	for _, tc := range tests {
		t.Run(tc.metrics, func(t *testing.T) {
			ms, err := ParseMetrics(tc.metrics)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Analyze(context.Background(), g, AnalyzeOptions{Metrics: ms, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.WriteCSV(&buf); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != g.N()+1 || strings.Join(rows[0], ",") != strings.Join(AnalyzeColumns, ",") {
				t.Fatalf("%d rows, header %v", len(rows), rows[0])
			}
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			for _, row := range rows[1:] {
				for _, c := range tc.filled {
					if row[col[c]] == "" {
						t.Fatalf("column %s empty in %v", c, row)
					}
				}
				for _, c := range tc.wantEmpty {
					if row[col[c]] != "" {
						t.Fatalf("column %s filled in %v", c, row)
					}
				}
			}
		})
	}
	if _, err := ParseMetrics("pagerank,nope"); err == nil {
		t.Error("unknown metric accepted")
	}
}

func TestAnalyzeSamplesBetweennessOnRequest(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader(randomEdgeCSV(2, 500, 1500, false)), EdgeListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Analyze(context.Background(), g, AnalyzeOptions{Metrics: []string{MetricBetweenness}, BetweennessSamples: 50})
	if err != nil {
		t.Fatal(err)
	}
	if r.BetweennessExact || r.BetweennessPivots != 50 || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "within ±") {
		t.Errorf("sampled run: exact=%v pivots=%d warnings=%v", r.BetweennessExact, r.BetweennessPivots, r.Warnings)
	}
}
