// Package eval measures resolution quality against ground truth: pairwise
// precision, recall and F1, B-cubed F1, and blocking's pair completeness.
package eval

import "fmt"

// Metrics are the quality figures of one clustering against the truth.
type Metrics struct {
	Precision, Recall, F1 float64 // pairwise
	BCubedPrecision       float64
	BCubedRecall          float64
	BCubedF1              float64
	Records               int // records scored (in both truth and prediction)
	Entities              int // predicted clusters over those records
	TruePairs             int64
	PredictedPairs        int64
	CorrectPairs          int64
}

// Score compares a predicted clustering with the truth. Both map record ids
// to cluster labels; only records present in both are scored.
func Score(truth, pred map[string]string) Metrics {
	type cell struct{ p, t string }
	cells := map[cell]int64{}
	predSize := map[string]int64{}
	truthSize := map[string]int64{}
	n := 0
	for rec, t := range truth {
		p, ok := pred[rec]
		if !ok {
			continue
		}
		n++
		cells[cell{p, t}]++
		predSize[p]++
		truthSize[t]++
	}
	m := Metrics{Records: n, Entities: len(predSize)}
	for _, k := range predSize {
		m.PredictedPairs += k * (k - 1) / 2
	}
	for _, k := range truthSize {
		m.TruePairs += k * (k - 1) / 2
	}
	var bp, br float64
	for c, k := range cells {
		m.CorrectPairs += k * (k - 1) / 2
		// Each of the k records in this cell has k records in common between
		// its predicted and its true cluster.
		bp += float64(k) * float64(k) / float64(predSize[c.p])
		br += float64(k) * float64(k) / float64(truthSize[c.t])
	}
	m.Precision = ratio(m.CorrectPairs, m.PredictedPairs)
	m.Recall = ratio(m.CorrectPairs, m.TruePairs)
	m.F1 = harmonic(m.Precision, m.Recall)
	if n > 0 {
		m.BCubedPrecision = bp / float64(n)
		m.BCubedRecall = br / float64(n)
	}
	m.BCubedF1 = harmonic(m.BCubedPrecision, m.BCubedRecall)
	return m
}

// ratio is a/b, with 1 when there is nothing to get wrong (b == 0).
func ratio(a, b int64) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func harmonic(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// PairCompleteness is the share of true pairs that blocking kept as
// candidates. candidate reports whether a pair (in either order) was kept.
func PairCompleteness(truth map[string]string, candidate func(a, b string) bool) (float64, int64) {
	groups := map[string][]string{}
	for rec, t := range truth {
		groups[t] = append(groups[t], rec)
	}
	var total, kept int64
	for _, recs := range groups {
		for i := 0; i < len(recs); i++ {
			for j := i + 1; j < len(recs); j++ {
				total++
				if candidate(recs[i], recs[j]) {
					kept++
				}
			}
		}
	}
	return ratio(kept, total), total
}

// Line is the machine-readable summary `mosaic eval` prints last.
func (m Metrics) Line() string {
	return fmt.Sprintf("precision=%.3f recall=%.3f f1=%.3f bcubed_f1=%.3f records=%d entities=%d",
		m.Precision, m.Recall, m.F1, m.BCubedF1, m.Records, m.Entities)
}
