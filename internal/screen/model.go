package screen

import "math"

// DefaultThreshold is the score at or above which a candidate is reported
// as a match. See doc.go for how it was chosen.
const DefaultThreshold = 0.5

// DefaultFloor is the least score a candidate needs to be listed at all,
// so that near misses stay visible to the analyst below the threshold.
const DefaultFloor = 0.2

// weights are the logistic model's coefficients over the feature vector
// (features.go), fitted by TestFitModel on synthetic labelled screening
// cases and checked for calibration by TestCalibration on another seed.
var weights = [nFeatures]float64{
	-11.415, // bias
	4.683,   // name_score
	-0.032,  // name_exact
	0.228,   // name_variant
	0.349,   // name_strong
	-0.891,  // name_weak
	-0.085,  // name_initials
	0.000,   // name_partial
	3.800,   // name_coverage
	2.058,   // name_rarity
	-1.741,  // name_weak_alias
	-0.016,  // name_single_part
	0.000,   // name_conflict
	0.218,   // org_name_score
	10.841,  // name_residual
	1.025,   // name_all_parts
	7.958,   // dob_exact
	5.052,   // dob_exact_partial
	3.414,   // dob_year_only
	3.413,   // dob_typo
	0.059,   // dob_same_year
	-1.437,  // dob_near
	-6.744,  // dob_far
	2.069,   // country_same
	-2.307,  // country_different
	1.609,   // country_place
	5.830,   // id_match
	2.919,   // id_one_edit
	-2.979,  // id_different
}

func logistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(w *[nFeatures]float64, x *vec) float64 {
	z := 0.0
	for i := range x {
		z += w[i] * x[i]
	}
	return z
}
