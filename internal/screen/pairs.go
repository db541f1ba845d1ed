package screen

import (
	"strings"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/names"
)

// PairThreshold is the PairScore at or above which two names are reported
// as the same; see doc.go.
const PairThreshold = 0.5

// pairWeights is a name-only logistic model: with nothing but two names
// there is no list to tell how common a part is, no date and no country.
// Fitted by TestFitPairs on the development pairs in testdata/.
var pairWeights = [nFeatures]float64{
	-7, 9, 1, 1, 0.5, -0.5, -0.5, -1, 2, 0, 0, -1.5, -2, 1,
}

// PairKind reads the schema column of a pair file: Person by default;
// Organization, Company and LegalEntity, and any schema that is an
// Organization in the model, compare as organisations.
func PairKind(schema string) names.Kind {
	s := strings.TrimSpace(schema)
	switch strings.ToLower(s) {
	case "", "person":
		return names.Person
	case "organization", "organisation", "company", "legalentity":
		return names.Organization
	}
	if sc := model.SchemaByName(s); sc != nil && sc.IsA("Organization") {
		return names.Organization
	}
	return names.Person
}

// PairScore compares two names of one kind and returns a calibrated score
// in [0,1] and an explanation.
func PairScore(a, b string, kind names.Kind) (float64, string) {
	na, nb := names.Parse(a, kind), names.Parse(b, kind)
	if len(na.Tokens) == 0 || len(nb.Tokens) == 0 {
		return 0, "no name"
	}
	m := nameMatch{c: names.Compare(&na, &nb), q: &na, n: &nb, ok: true}
	if m.c.Level == names.LevelNone {
		return 0, "no parts match"
	}
	var x vec
	x[fBias] = 1
	nameFeatures(&x, &m, kind == names.Organization)
	x[fRarity] = 0
	s := logistic(dot(&pairWeights, &x))
	return round3(s), m.c.Level.String() + ": " + m.c.Explain(&na, &nb)
}
