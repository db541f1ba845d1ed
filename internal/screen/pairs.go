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
	-0.952, // bias
	7.007,  // name_score
	2.551,  // name_exact
	2.435,  // name_variant
	-0.463, // name_strong
	-0.945, // name_weak
	1.520,  // name_initials
	-5.098, // name_partial
	-1.184, // name_coverage
	0.000,  // name_rarity
	0.000,  // name_weak_alias
	2.359,  // name_single_part
	-8.393, // name_conflict
	-2.853, // org_name_score
	6.703,  // name_residual
	-0.256, // name_all_parts
	0.000,  // dob_exact
	0.000,  // dob_exact_partial
	0.000,  // dob_year_only
	0.000,  // dob_typo
	0.000,  // dob_same_year
	0.000,  // dob_near
	0.000,  // dob_far
	0.000,  // country_same
	0.000,  // country_different
	0.000,  // country_place
	0.000,  // id_match
	0.000,  // id_one_edit
	0.000,  // id_different
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
	na, nb := names.Parse(clean(a), kind), names.Parse(clean(b), kind)
	if len(na.Tokens) == 0 || len(nb.Tokens) == 0 {
		return 0, "no name"
	}
	m := nameMatch{c: names.Compare(&na, &nb), q: &na, n: &nb, ok: true}
	m.residual, m.allParts = residual(&m.c, &na, &nb)
	if m.c.Level == names.LevelNone && m.residual == 0 {
		return 0, "no parts match"
	}
	var x vec
	x[fBias] = 1
	nameFeatures(&x, &m, kind == names.Organization)
	x[fRarity] = 0
	s := logistic(dot(&pairWeights, &x))
	return round3(s), m.c.Level.String() + ": " + m.c.Explain(&na, &nb)
}
