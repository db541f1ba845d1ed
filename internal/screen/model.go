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
	-6, 6, 1.5, 1.2, 0.8, 0, -0.5, -1.5, 2, 3, -1, -1.5, -2, 1,
	3, 2, 1, 1, -1, -2, -4,
	0.7, -1, 0.3,
	5, 2, -0.5,
}

func logistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(w *[nFeatures]float64, x *vec) float64 {
	z := 0.0
	for i := range x {
		z += w[i] * x[i]
	}
	return z
}
