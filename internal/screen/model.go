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
	-12.146, // bias
	2.990,   // name_score
	0.006,   // name_exact
	0.496,   // name_variant
	0.419,   // name_strong
	-0.497,  // name_weak
	0.146,   // name_initials
	-0.570,  // name_partial
	7.019,   // name_coverage
	2.290,   // name_rarity
	-1.740,  // name_weak_alias
	-0.011,  // name_single_part
	0.000,   // name_conflict
	0.115,   // org_name_score
	15.194,  // name_residual
	8.313,   // dob_exact
	5.249,   // dob_exact_partial
	3.498,   // dob_year_only
	3.339,   // dob_typo
	-0.130,  // dob_same_year
	-1.556,  // dob_near
	-6.321,  // dob_far
	1.654,   // country_same
	-2.226,  // country_different
	1.734,   // country_place
	6.098,   // id_match
	3.265,   // id_one_edit
	-3.036,  // id_different
}

func logistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(w *[nFeatures]float64, x *vec) float64 {
	z := 0.0
	for i := range x {
		z += w[i] * x[i]
	}
	return z
}
