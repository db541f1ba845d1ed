package screen

import (
	"flag"
	"fmt"
	"math"
	"strings"
	"testing"
)

var fitFlag = flag.Bool("screen.fit", false, "fit the screening models and print their weights (go test -run Fit -screen.fit -v)")

type example struct {
	x vec
	y bool
}

// screeningExamples screens synthetic queries against a synthetic list and
// returns every candidate the screen considers, labelled by whether it is
// the subject the query was made from.
func screeningExamples(seed uint64, nNames, nQueries int) []example {
	recs := SyntheticList(nNames, seed)
	ix := NewIndex()
	ix.Add(recs...)
	qs := SyntheticQueries(recs, nQueries, 0.5, seed+1)
	var out []example
	for i := range qs {
		pq := parseQuery(&qs[i].Query)
		opts := Options{Limit: 20, Floor: -1}
		opts.norm()
		ix.mu.RLock()
		cs := ix.candidates(&pq, &opts, &weights)
		ix.mu.RUnlock()
		for _, c := range cs {
			out = append(out, example{x: c.x, y: ix.subjects[c.si].ID == qs[i].Want})
		}
	}
	return out
}

// fitLogistic fits an L2-regularised logistic regression by Newton's
// method. mask selects the features fitted; the others keep their weight
// in w0 (zero, or a value fixed by theory). The bias is not penalised.
func fitLogistic(ex []example, mask [nFeatures]bool, lambda float64, w0 [nFeatures]float64) [nFeatures]float64 {
	w := w0
	for iter := 0; iter < 30; iter++ {
		var g [nFeatures]float64
		var h [nFeatures][nFeatures]float64
		for i := range ex {
			x := &ex[i].x
			p := logistic(dot(&w, x))
			y := 0.0
			if ex[i].y {
				y = 1
			}
			for a := 0; a < nFeatures; a++ {
				if !mask[a] || x[a] == 0 {
					continue
				}
				g[a] += (p - y) * x[a]
				for b := 0; b < nFeatures; b++ {
					if mask[b] && x[b] != 0 {
						h[a][b] += p * (1 - p) * x[a] * x[b]
					}
				}
			}
		}
		for a := 0; a < nFeatures; a++ {
			if !mask[a] {
				h[a][a] = 1
				continue
			}
			if a != fBias {
				g[a] += lambda * w[a]
				h[a][a] += lambda
			}
		}
		d := solve(h, g)
		step := 0.0
		for a := range w {
			if !mask[a] {
				continue
			}
			w[a] -= d[a]
			step = math.Max(step, math.Abs(d[a]))
		}
		if step < 1e-6 {
			break
		}
	}
	return w
}

// solve solves h·x = g by Gaussian elimination with partial pivoting.
func solve(h [nFeatures][nFeatures]float64, g [nFeatures]float64) [nFeatures]float64 {
	const n = nFeatures
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(h[r][c]) > math.Abs(h[p][c]) {
				p = r
			}
		}
		h[c], h[p] = h[p], h[c]
		g[c], g[p] = g[p], g[c]
		if h[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := h[r][c] / h[c][c]
			for k := c; k < n; k++ {
				h[r][k] -= f * h[c][k]
			}
			g[r] -= f * g[c]
		}
	}
	var x [n]float64
	for r := n - 1; r >= 0; r-- {
		s := g[r]
		for k := r + 1; k < n; k++ {
			s -= h[r][k] * x[k]
		}
		if h[r][r] != 0 {
			x[r] = s / h[r][r]
		}
	}
	return x
}

func formatWeights(name string, w [nFeatures]float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "var %s = [nFeatures]float64{\n", name)
	for i, v := range w {
		fmt.Fprintf(&b, "\t%.3f, // %s\n", v, featureNames[i])
	}
	b.WriteString("}\n")
	return b.String()
}

// calibration bins predictions and reports the expected calibration error
// (the weighted mean gap between predicted and observed match rates).
type calBin struct {
	n        int
	pred, ok float64
}

func calibration(t *testing.T, ex []example, w *[nFeatures]float64) (ece float64, bins [10]calBin) {
	for i := range ex {
		p := logistic(dot(w, &ex[i].x))
		b := min(int(p*10), 9)
		bins[b].n++
		bins[b].pred += p
		if ex[i].y {
			bins[b].ok++
		}
	}
	for b := range bins {
		if bins[b].n == 0 {
			continue
		}
		gap := math.Abs(bins[b].pred-bins[b].ok) / float64(bins[b].n)
		ece += gap * float64(bins[b].n) / float64(len(ex))
		t.Logf("  score %.1f-%.1f: %6d pairs, mean score %.3f, observed matches %.3f", float64(b)/10, float64(b+1)/10, bins[b].n, bins[b].pred/float64(bins[b].n), bins[b].ok/float64(bins[b].n))
	}
	return ece, bins
}

func prfAt(ex []example, w *[nFeatures]float64, th float64) (p, r, f float64) {
	var tp, fp, fn float64
	for i := range ex {
		pred := logistic(dot(w, &ex[i].x)) >= th
		switch {
		case pred && ex[i].y:
			tp++
		case pred:
			fp++
		case ex[i].y:
			fn++
		}
	}
	p, r = tp/math.Max(1, tp+fp), tp/math.Max(1, tp+fn)
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// penalties are features that may only lower a score.
var penalties = []int{fLvlPartial, fWeakAlias, fSingleToken, fNameConflict, fDateNear, fDateFar, fCountryDiff, fIDDiff}

// TestFitModel refits the screening model on synthetic cases (seed 7) and
// prints the coefficients to paste into model.go. It runs only with
// -screen.fit.
func TestFitModel(t *testing.T) {
	if !*fitFlag {
		t.Skip("run with -screen.fit to refit the model")
	}
	// Lists of several sizes, since how often a name match is a namesake
	// depends on the list's size.
	var ex []example
	for i, size := range []int{3_000, 20_000, 80_000} {
		ex = append(ex, screeningExamples(uint64(7+i), size, 8_000)...)
	}
	pos := 0
	for _, e := range ex {
		if e.y {
			pos++
		}
	}
	t.Logf("%d training pairs, %d matches", len(ex), pos)
	var mask [nFeatures]bool
	for i := range mask {
		mask[i] = true
	}
	// Under a simple model of coincidence (a random person has on average
	// E namesakes on the list) the log-odds of a name match fall by ln E,
	// i.e. ln 2 per bit of surprisal: the rarity weight is fixed there
	// rather than fitted, so that it does not depend on how collision-prone
	// the synthetic name pools happen to be.
	var w0 [nFeatures]float64
	w0[fRarity] = math.Ln2 * surprisalScale
	mask[fRarity] = false
	w := fitLogistic(ex, mask, 1, w0)
	// Evidence against a match must not come out as evidence for it (a
	// rare flag can pick up a sign from collinearity): such features are
	// dropped and the model refitted.
	for again := true; again; {
		again = false
		for _, f := range penalties {
			if mask[f] && w[f] > 0 {
				t.Logf("dropping %s (fitted %+.3f)", featureNames[f], w[f])
				mask[f] = false
				again = true
			}
		}
		if again {
			w = fitLogistic(ex, mask, 1, w0)
		}
	}
	fmt.Print(formatWeights("weights", w))
	ece, _ := calibration(t, ex, &w)
	t.Logf("training ECE %.4f", ece)
	for _, th := range []float64{0.5, 0.6, 0.7, 0.8, 0.9} {
		p, r, f := prfAt(ex, &w, th)
		t.Logf("threshold %.1f: precision %.3f recall %.3f F1 %.3f", th, p, r, f)
	}
}

// TestCalibration checks the committed model on cases it was not fitted
// on (another seed, another list): scores must mean what they say, within
// a few points, and the default threshold must separate well.
func TestCalibration(t *testing.T) {
	n, q := 8_000, 1_500
	if testing.Short() {
		n, q = 4_000, 800
	}
	ex := screeningExamples(101, n, q)
	ece, bins := calibration(t, ex, &weights)
	t.Logf("%d pairs, expected calibration error %.4f", len(ex), ece)
	if ece > 0.04 {
		t.Errorf("expected calibration error %.3f above 0.04", ece)
	}
	for b, bin := range bins {
		if bin.n < 100 {
			continue
		}
		gap := math.Abs(bin.pred-bin.ok) / float64(bin.n)
		if gap > 0.15 {
			t.Errorf("score band %.1f-%.1f: mean score %.3f but %.3f are matches", float64(b)/10, float64(b+1)/10, bin.pred/float64(bin.n), bin.ok/float64(bin.n))
		}
	}
	p, r, f := prfAt(ex, &weights, DefaultThreshold)
	t.Logf("at the default threshold %.2f: precision %.3f recall %.3f F1 %.3f", DefaultThreshold, p, r, f)
	// Pairs include queries altered beyond recognition (three edits to a
	// short name), so recall over all pairs stays below one.
	if f < 0.85 || p < 0.9 {
		t.Errorf("precision %.3f, F1 %.3f at the default threshold, want ≥ 0.90 and ≥ 0.85", p, f)
	}
}
