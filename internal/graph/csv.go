package graph

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// EdgeListOptions says how to read an edge-list CSV.
type EdgeListOptions struct {
	Directed bool
	// Weighted reads the weight column (required then; every weight must be
	// finite and > 0, since weights also serve as distances).
	Weighted bool
}

// ReadEdgeList reads a CSV edge list whose header names the columns from,
// to and optionally weight (any order, extra columns ignored, names matched
// without regard to case). Node names are taken exactly as given; nodes are
// numbered in order of first appearance.
func ReadEdgeList(r io.Reader, opt EdgeListOptions) (*Graph, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	// A UTF-8 byte-order mark from spreadsheet exports would otherwise
	// become part of the first column name.
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("edge list: empty file (want a header from,to[,weight])")
	}
	if err != nil {
		return nil, fmt.Errorf("edge list: header: %w", err)
	}
	fromCol, toCol, wCol := -1, -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "from":
			fromCol = i
		case "to":
			toCol = i
		case "weight":
			wCol = i
		}
	}
	if fromCol < 0 || toCol < 0 {
		return nil, fmt.Errorf("edge list: header %q lacks from and to columns", strings.Join(header, ","))
	}
	if opt.Weighted && wCol < 0 {
		return nil, errors.New("edge list: weighted analysis needs a weight column")
	}
	need := max(fromCol, toCol)
	if opt.Weighted {
		need = max(need, wCol)
	}
	b := NewBuilder(opt.Directed, opt.Weighted)
	line := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return nil, fmt.Errorf("edge list: %w", err)
		}
		if len(rec) == 1 && rec[0] == "" {
			continue
		}
		if len(rec) <= need {
			return nil, fmt.Errorf("edge list: line %d: %d fields, want at least %d", line, len(rec), need+1)
		}
		// An empty name is a node like any other (research data has them,
		// and networkx accepts them).
		from, to := rec[fromCol], rec[toCol]
		w := float32(1)
		if opt.Weighted {
			f, err := strconv.ParseFloat(strings.TrimSpace(rec[wCol]), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 || f > math.MaxFloat32 || float32(f) == 0 {
				return nil, fmt.Errorf("edge list: line %d: weight %q is not a finite number > 0", line, rec[wCol])
			}
			w = float32(f)
		}
		b.AddEdgeNames(from, to, w)
	}
	g, err := b.Build()
	if err != nil {
		return nil, err
	}
	if opt.Weighted {
		for _, w := range g.out.w {
			if math.IsInf(float64(w), 0) {
				return nil, errors.New("edge list: parallel edges' weights add up beyond float32 range (overflow)")
			}
		}
	}
	return g, nil
}
