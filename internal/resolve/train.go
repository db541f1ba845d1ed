package resolve

import (
	"math"
	"sort"
)

// Training follows Splink's recipe, which keeps the model identifiable
// whatever columns a source has:
//
//   - u, the chance of each level between unrelated records, comes from
//     random pairs (sampleU), not from candidates: blocking makes candidates
//     agree on the blocked features whether they match or not;
//   - m is estimated by EM, with u fixed, separately on the pairs each
//     family of blocking keys found, leaving out the features that family
//     blocked on (pairs found by name keys teach m for dates and
//     identifiers; pairs found by birth date teach m for names);
//   - each feature's m is the average over the runs that could estimate it,
//     weighted by how many matches each run saw;
//   - lambda, the prior, is the expected number of matches over all pairs.
//
// A feature no run could estimate keeps the default profile.

// trainingRun is one EM run on the pairs of one key family.
type trainingRun struct {
	family  uint8
	exclude []int
}

// Each run also leaves out the features that go with what it blocked on
// among people who are not the same: names run in families and cultures,
// so pairs found by name share nationality, birth place and address far
// more often than random pairs do; households share addresses and phones.
// Counting that agreement as evidence of a match is how EM learns "same
// name" instead of "same person".
var trainingRuns = []trainingRun{
	{famName, []int{fGiven, fFamily, fCountry, fPlace, fAddress}},
	{famDate, []int{fDate}},
	{famContact, []int{fID, fPhone, fEmail, fAddress}},
	{famAddress, []int{fAddress, fFamily, fPhone, fCountry}},
	{famNameYear, []int{fGiven, fFamily, fDate, fCountry, fPlace, fAddress}},
}

// minRunPairs is the fewest pairs worth an EM run.
const minRunPairs = 30

func trainModel(base *Model, levels []Levels, fams []uint8, records int, maxIter int) *Model {
	out := base.clone()
	var mSum [numFeatures][]float64
	var wSum [numFeatures]float64
	for f := 0; f < numFeatures; f++ {
		mSum[f] = make([]float64, numLevels(f))
	}
	bestMatches := 0.0
	for _, run := range trainingRuns {
		counts := map[Levels]float64{}
		n := 0
		for k, v := range levels {
			if fams[k]&run.family == 0 {
				continue
			}
			for _, f := range run.exclude {
				v.set(f, 0)
			}
			counts[v]++
			n++
		}
		if n < minRunPairs {
			continue
		}
		pats := make([]pattern, 0, len(counts))
		for v, c := range counts {
			pats = append(pats, pattern{v, c})
		}
		sort.Slice(pats, func(i, j int) bool { return pats[i].v < pats[j].v })
		m := base.clone()
		m.Lambda = 0.1
		var o emOptions
		o.fixU = true
		for _, f := range run.exclude {
			o.exclude[f] = true
		}
		m.em(pats, maxIter, o)
		matches := m.Lambda * float64(n)
		bestMatches = math.Max(bestMatches, matches)
		out.Iterations += m.Iterations
		for f := 0; f < numFeatures; f++ {
			if o.exclude[f] || !present(pats, f) {
				continue
			}
			for l := 1; l < numLevels(f); l++ {
				mSum[f][l] += m.M[f][l] * matches
			}
			wSum[f] += matches
		}
	}
	for f := 0; f < numFeatures; f++ {
		if wSum[f] == 0 {
			continue
		}
		for l := 1; l < numLevels(f); l++ {
			out.M[f][l] = mSum[f][l] / wSum[f]
		}
		normalize(out.M[f])
	}
	all := float64(records) * float64(records-1) / 2
	if all > 0 && bestMatches > 0 {
		out.Lambda = clamp(bestMatches/all, 1e-12, 0.5)
	}
	out.sanitize()
	return out
}

// present reports whether any pattern has feature f.
func present(pats []pattern, f int) bool {
	for _, p := range pats {
		if p.v.get(f) != 0 {
			return true
		}
	}
	return false
}
