package eval

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	truth := map[string]string{"a": "1", "b": "1", "c": "1", "d": "2", "e": "2", "f": "3"}
	tests := []struct {
		name       string
		pred       map[string]string
		p, r, b3f1 float64
	}{
		{"perfect", map[string]string{"a": "x", "b": "x", "c": "x", "d": "y", "e": "y", "f": "z"}, 1, 1, 1},
		{"all singletons", map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6"}, 1, 0, 2.0 / 3}, // B3 recall: (3·⅓ + 2·½ + 1)/6 = ½
		// One wrong merge of f into the first cluster: 3 wrong pairs of 6.
		{"overmerge", map[string]string{"a": "x", "b": "x", "c": "x", "f": "x", "d": "y", "e": "y"}, 4.0 / 7, 1, 0},
	}
	for _, tc := range tests {
		m := Score(truth, tc.pred)
		if math.Abs(m.Precision-tc.p) > 1e-9 || math.Abs(m.Recall-tc.r) > 1e-9 {
			t.Errorf("%s: P=%v R=%v, want %v %v", tc.name, m.Precision, m.Recall, tc.p, tc.r)
		}
		if tc.b3f1 > 0 && math.Abs(m.BCubedF1-tc.b3f1) > 1e-9 {
			t.Errorf("%s: B3 F1=%v, want %v", tc.name, m.BCubedF1, tc.b3f1)
		}
	}
	// B-cubed by hand for the overmerge: precision per record a,b,c: 3/4,
	// f: 1/4, d,e: 1 → (3*.75+.25+2)/6; recall: a,b,c,d,e,f all 1.
	m := Score(truth, tests[2].pred)
	wantP := (3*0.75 + 0.25 + 2) / 6
	if math.Abs(m.BCubedPrecision-wantP) > 1e-9 || m.BCubedRecall != 1 {
		t.Errorf("B3 = %v/%v, want %v/1", m.BCubedPrecision, m.BCubedRecall, wantP)
	}
	// Records missing from the prediction are not scored.
	m = Score(truth, map[string]string{"a": "x", "b": "x"})
	if m.Records != 2 || m.F1 != 1 {
		t.Errorf("partial = %+v", m)
	}
}

func TestPairCompleteness(t *testing.T) {
	truth := map[string]string{"a": "1", "b": "1", "c": "1", "d": "2"}
	pc, total := PairCompleteness(truth, func(x, y string) bool { return x == "a" || y == "a" })
	if total != 3 || math.Abs(pc-2.0/3) > 1e-9 {
		t.Errorf("pc = %v of %d", pc, total)
	}
}
