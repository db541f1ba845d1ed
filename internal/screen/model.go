package screen

import "math"

// DefaultThreshold is the score at or above which a candidate is reported
// as a match. See doc.go for how it was chosen.
const DefaultThreshold = 0.5

// DefaultFloor is the least score a candidate needs to be listed at all,
// so that near misses stay visible to the analyst below the threshold.
const DefaultFloor = 0.05

// weights are the logistic model's coefficients over the feature vector
// (features.go), fitted by TestFitModel on synthetic labelled screening
// cases and checked for calibration by TestCalibration on another seed.
var weights = [nFeatures]float64{
	-14.815, // bias
	9.080,   // name_score
	-0.531,  // name_exact
	0.360,   // name_variant
	-0.028,  // name_strong
	0.024,   // name_weak
	1.370,   // name_initials
	-1.195,  // name_partial
	-1.166,  // name_coverage
	6.931,   // name_rarity
	-2.565,  // name_weak_alias
	-0.000,  // name_single_part
	0.000,   // name_conflict
	-4.885,  // org_name_score
	18.007,  // name_residual
	3.891,   // name_all_parts
	12.690,  // dob_exact
	7.957,   // dob_exact_partial
	5.986,   // dob_year_only
	5.380,   // dob_typo
	0.169,   // dob_same_year
	-2.543,  // dob_near
	-8.814,  // dob_far
	2.692,   // country_same
	-3.759,  // country_different
	2.629,   // country_place
	8.505,   // id_match
	4.084,   // id_one_edit
	-3.615,  // id_different
}

func logistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(w *[nFeatures]float64, x *vec) float64 {
	z := 0.0
	for i := range x {
		z += w[i] * x[i]
	}
	return z
}
