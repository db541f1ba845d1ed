package screen

import "math"

// DefaultThreshold is the score at or above which a candidate is reported
// as a match. See doc.go for how it was chosen.
const DefaultThreshold = 0.7

// DefaultFloor is the least score a candidate needs to be listed at all,
// so that near misses stay visible to the analyst below the threshold.
const DefaultFloor = 0.2

// weights are the logistic model's coefficients over the feature vector
// (features.go), fitted by TestFitModel on synthetic labelled screening
// cases and checked for calibration by TestCalibration on another seed.
var weights = [nFeatures]float64{
	-10.936, // bias
	2.571,   // name_score
	-0.038,  // name_exact
	0.391,   // name_variant
	0.291,   // name_strong
	-0.645,  // name_weak
	0.133,   // name_initials
	-0.132,  // name_partial
	6.400,   // name_coverage
	2.064,   // name_rarity
	-1.651,  // name_weak_alias
	0.000,   // name_single_part
	0.000,   // name_conflict
	0.069,   // org_name_score
	8.598,   // dob_exact
	5.486,   // dob_exact_partial
	3.434,   // dob_year_only
	3.267,   // dob_typo
	0.010,   // dob_same_year
	-1.439,  // dob_near
	-6.267,  // dob_far
	1.666,   // country_same
	-2.162,  // country_different
	1.543,   // country_place
	6.705,   // id_match
	3.391,   // id_one_edit
	-3.336,  // id_different
}

func logistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(w *[nFeatures]float64, x *vec) float64 {
	z := 0.0
	for i := range x {
		z += w[i] * x[i]
	}
	return z
}
