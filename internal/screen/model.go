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
	-14.440, // bias
	8.809,   // name_score
	-0.627,  // name_exact
	0.405,   // name_variant
	0.032,   // name_strong
	0.088,   // name_weak
	1.497,   // name_initials
	-1.395,  // name_partial
	-1.368,  // name_coverage
	6.931,   // name_rarity
	-2.560,  // name_weak_alias
	-0.000,  // name_single_part
	-1.103,  // name_conflict
	-4.919,  // org_name_score
	18.062,  // name_residual
	4.045,   // name_all_parts
	12.685,  // dob_exact
	7.835,   // dob_exact_partial
	5.956,   // dob_year_only
	5.369,   // dob_typo
	0.213,   // dob_same_year
	-2.565,  // dob_near
	-9.007,  // dob_far
	2.680,   // country_same
	-3.695,  // country_different
	2.635,   // country_place
	8.263,   // id_match
	4.062,   // id_one_edit
	-3.647,  // id_different
}

func logistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(w *[nFeatures]float64, x *vec) float64 {
	z := 0.0
	for i := range x {
		z += w[i] * x[i]
	}
	return z
}
