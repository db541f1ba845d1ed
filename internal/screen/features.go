package screen

import (
	"fmt"
	"math"
	"strings"

	"github.com/mosaichq/mosaic/internal/compare"
	"github.com/mosaichq/mosaic/internal/names"
)

// Feature vector of a query–candidate pair. The score is a logistic model
// over these (see model.go); each group (name, date, country, identifier)
// is reported with its contribution so an analyst sees why.
const (
	fBias = iota
	fNameScore
	fLvlExact
	fLvlVariant
	fLvlStrong
	fLvlWeak
	fLvlInitials
	fLvlPartial
	fCoverage
	fRarity
	fWeakAlias
	fSingleToken
	fNameConflict
	fOrgName
	fResidual
	fAllParts
	fDateExact
	fDatePartial
	fDateYearOnly
	fDateTypo
	fDateSameYear
	fDateNear
	fDateFar
	fCountrySame
	fCountryDiff
	fCountryPlace
	fIDMatch
	fIDOneEdit
	fIDDiff
	nFeatures
)

var featureNames = [nFeatures]string{
	"bias", "name_score", "name_exact", "name_variant", "name_strong", "name_weak",
	"name_initials", "name_partial", "name_coverage", "name_rarity", "name_weak_alias",
	"name_single_part", "name_conflict", "org_name_score", "name_residual", "name_all_parts",
	"dob_exact", "dob_exact_partial", "dob_year_only", "dob_typo", "dob_same_year",
	"dob_near", "dob_far", "country_same", "country_different", "country_place",
	"id_match", "id_one_edit", "id_different",
}

// featureGroup says which explanation a feature belongs to.
func featureGroup(i int) string {
	switch {
	case i == fBias:
		return "bias"
	case i <= fAllParts:
		return "name"
	case i <= fDateFar:
		return "birth_date"
	case i <= fCountryPlace:
		return "country"
	default:
		return "identifier"
	}
}

type vec [nFeatures]float64

// nameMatch is the best comparison between a query name and a candidate name.
type nameMatch struct {
	c        names.Comparison
	q, n     *names.Name
	weak     bool
	residual float64 // see residual
	allParts bool
	rarity   float64 // surprisal of a coincidental match, in bits (see surprisalScale)
	ok       bool
}

// better orders name matches: score first, then coverage.
func (m *nameMatch) better(o *nameMatch) bool {
	if !o.ok {
		return true
	}
	if m.c.Score != o.c.Score {
		return m.c.Score > o.c.Score
	}
	return m.c.CoverageA+m.c.CoverageB > o.c.CoverageA+o.c.CoverageB
}

// The rarity feature is the surprisal of a coincidental name match:
// -log2 of the number of namesakes a random person would be expected to
// have on the list (list size times the product of the matched parts'
// frequencies). Under a simple model, the log-odds that a name match is the
// listed person fall by ln 2 per bit of expected namesakes, which is why
// the feature is linear in it. It is bounded and scaled to tens of bits.
const (
	surprisalMin   = -10.0
	surprisalMax   = 40.0
	surprisalScale = 10.0
)

func nameFeatures(x *vec, m *nameMatch, org bool) {
	c := &m.c
	x[fNameScore] = c.Score
	switch c.Level {
	case names.LevelExact:
		x[fLvlExact] = 1
	case names.LevelVariant:
		x[fLvlVariant] = 1
	case names.LevelStrong:
		x[fLvlStrong] = 1
	case names.LevelWeak:
		x[fLvlWeak] = 1
	case names.LevelInitials:
		x[fLvlInitials] = 1
	default:
		x[fLvlPartial] = 1
	}
	x[fCoverage] = math.Min(c.CoverageA, c.CoverageB)
	x[fRarity] = math.Max(surprisalMin, math.Min(m.rarity, surprisalMax)) / surprisalScale
	if m.weak {
		x[fWeakAlias] = 1
	}
	if c.Flags&names.FlagSingleToken != 0 {
		x[fSingleToken] = 1
	}
	if c.Flags&(names.FlagFamilyMismatch|names.FlagChainConflict|names.FlagGeneration) != 0 {
		x[fNameConflict] = 1
	}
	if org {
		x[fOrgName] = c.Score
	}
	x[fResidual] = m.residual
	if m.allParts {
		x[fAllParts] = 1
	}
}

// residual is the share of the query name's parts that Compare left
// unmatched but that are close in spelling to a part of the candidate left
// unmatched too: typos beyond the name matcher's budget (Abudlah,
// Abdullah), or compounds it read differently on each side.
//
// all reports whether every part of both names found a partner, by the
// matcher or here: nothing is left over on either side.
func residual(c *names.Comparison, q, n *names.Name) (share float64, all bool) {
	nq, nn := min(len(q.Tokens), names.MaxTokens), min(len(n.Tokens), names.MaxTokens)
	var matchedQ, matchedN uint16
	for _, p := range c.Matched() {
		for a := p.A; a <= p.A2; a++ {
			matchedQ |= 1 << a
		}
		for b := p.B; b <= p.B2; b++ {
			matchedN |= 1 << b
		}
	}
	fullQ, fullN := uint16(1)<<nq-1, uint16(1)<<nn-1
	if matchedQ == fullQ && matchedN == fullN {
		return 0, true
	}
	if matchedQ == fullQ || matchedN == fullN || nq == 0 {
		return 0, false
	}
	var used, usedQ uint16
	got := 0.0
	for i := 0; i < nq; i++ {
		if matchedQ&(1<<i) != 0 {
			continue
		}
		a := q.Tokens[i].Text
		if len(a) < 3 || q.Tokens[i].Initial {
			continue
		}
		best, bj := 0.0, -1
		for j := 0; j < nn; j++ {
			if (matchedN|used)&(1<<j) != 0 {
				continue
			}
			b := n.Tokens[j].Text
			if len(b) < 3 {
				continue
			}
			if sim := closeness(a, b); sim > best {
				best, bj = sim, j
			}
		}
		if best >= 0.6 {
			used |= 1 << bj
			usedQ |= 1 << i
			got += best
		}
	}
	// Compounds read apart on one side and together on the other
	// (Abudl Wali, Abdulwali): two adjacent unmatched parts against one.
	var buf [2 * osaMaxLen]byte
	for i := 0; i+1 < nq; i++ {
		if (matchedQ|usedQ)&(1<<i|1<<(i+1)) != 0 {
			continue
		}
		a := append(append(buf[:0], q.Tokens[i].Text...), q.Tokens[i+1].Text...)
		for j := 0; j < nn; j++ {
			if (matchedN|used)&(1<<j) != 0 {
				continue
			}
			b := n.Tokens[j].Text
			if len(b) < 5 {
				continue
			}
			if sim := closeness(string(a), b); sim >= 0.6 {
				used |= 1 << j
				usedQ |= 1<<i | 1<<(i+1)
				got += 2 * sim
				break
			}
		}
	}
	all = true
	for i := 0; i < nq; i++ {
		if (matchedQ|usedQ)&(1<<i) == 0 && !q.Tokens[i].Initial && q.Tokens[i].Role != names.RoleParticle {
			all = false
		}
	}
	for j := 0; j < nn; j++ {
		if (matchedN|used)&(1<<j) == 0 && !n.Tokens[j].Initial && n.Tokens[j].Role != names.RoleParticle {
			all = false
		}
	}
	return got / float64(len(q.Tokens)), all
}

// closeness is 1 - d/l for the edit distance d of two spellings and the
// longer length l, or 0 when it is below 0.6 (d is then not computed in
// full).
func closeness(a, b string) float64 {
	l := max(len(a), len(b))
	limit := 2 * l / 5 // d ≤ 0.4 l
	d := osa(a, b, limit)
	if d > limit {
		return 0
	}
	return 1 - float64(d)/float64(l)
}

const osaMaxLen = 32

// osa is the optimal string alignment distance (edits with adjacent
// transpositions) of two byte strings cut to 32 bytes, or limit+1 once it
// exceeds limit.
func osa(a, b string, limit int) int {
	a, b = a[:min(len(a), osaMaxLen)], b[:min(len(b), osaMaxLen)]
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var r0, r1, r2 [osaMaxLen + 1]int
	prev2, prev, cur := &r0, &r1, &r2
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// dateLevel is the agreement of two sets of birth dates, best first.
type dateLevel uint8

const (
	dlMissing dateLevel = iota
	dlExact
	dlPartial
	dlYearOnly
	dlTypo
	dlSameYear
	dlNear
	dlFar
)

var dateLevelText = [...]string{"missing", "exact", "same at the precision given", "same year (one side gives only the year)",
	"typo or day/month swapped", "same year, month or day differs", "within two years", "conflict"}

func precision(d compare.Date) int {
	switch {
	case d.Day != 0:
		return 3
	case d.Month != 0:
		return 2
	}
	return 1
}

func compareDate(a, b compare.Date) dateLevel {
	pa, pb := precision(a), precision(b)
	p := min(pa, pb)
	switch {
	case a.Year == b.Year && (p == 1 || a.Month == b.Month) && (p <= 2 || a.Day == b.Day):
		switch {
		case p == 3:
			return dlExact
		case p == 2:
			return dlPartial
		default:
			return dlYearOnly
		}
	}
	lvl, years := compare.CompareDates(a, b)
	switch lvl {
	case compare.DateSwapped, compare.DateTypo:
		if p == 3 {
			return dlTypo
		}
	}
	if a.Year == b.Year {
		return dlSameYear
	}
	if years <= 2 {
		return dlNear
	}
	return dlFar
}

func bestDate(q, c []compare.Date) (dateLevel, compare.Date, compare.Date) {
	best := dlMissing
	var bq, bc compare.Date
	for _, a := range q {
		for _, b := range c {
			l := compareDate(a, b)
			if best == dlMissing || l < best {
				best, bq, bc = l, a, b
			}
		}
	}
	return best, bq, bc
}

type countryLevel uint8

const (
	clMissing countryLevel = iota
	clSame
	clPlace
	clDifferent
)

func bestCountry(q []string, s *subject) (countryLevel, string) {
	if len(q) == 0 {
		return clMissing, ""
	}
	for _, c := range q {
		if contains(s.countries, c) {
			return clSame, c
		}
	}
	for _, c := range q {
		if contains(s.places, c) {
			return clPlace, c
		}
	}
	if len(s.countries) > 0 {
		return clDifferent, ""
	}
	return clMissing, ""
}

type idLevel uint8

const (
	ilMissing idLevel = iota
	ilMatch
	ilOneEdit
	ilDifferent
)

func bestID(q, c []string) (idLevel, string, string) {
	if len(q) == 0 || len(c) == 0 {
		return ilMissing, "", ""
	}
	best := ilDifferent
	var bq, bc string
	for _, a := range q {
		for _, b := range c {
			var l idLevel
			switch compare.CompareIdentifiers(a, b) {
			case compare.IDExact, compare.IDConfusable:
				l = ilMatch
			case compare.IDOneEdit:
				l = ilOneEdit
			default:
				l = ilDifferent
			}
			if l < best {
				best, bq, bc = l, a, b
			}
		}
	}
	return best, bq, bc
}

// pairFeatures fills the feature vector and returns the explanation parts.
type evidence struct {
	name             nameMatch
	date             dateLevel
	dq, dc           compare.Date
	country          countryLevel
	countryCode      string
	id               idLevel
	idq, idc         string
	nameOnlyEvidence bool
}

func (ev *evidence) vector(org bool) vec {
	var x vec
	x[fBias] = 1
	nameFeatures(&x, &ev.name, org)
	switch ev.date {
	case dlExact:
		x[fDateExact] = 1
	case dlPartial:
		x[fDatePartial] = 1
	case dlYearOnly:
		x[fDateYearOnly] = 1
	case dlTypo:
		x[fDateTypo] = 1
	case dlSameYear:
		x[fDateSameYear] = 1
	case dlNear:
		x[fDateNear] = 1
	case dlFar:
		x[fDateFar] = 1
	}
	switch ev.country {
	case clSame:
		x[fCountrySame] = 1
	case clPlace:
		x[fCountryPlace] = 1
	case clDifferent:
		x[fCountryDiff] = 1
	}
	switch ev.id {
	case ilMatch:
		x[fIDMatch] = 1
	case ilOneEdit:
		x[fIDOneEdit] = 1
	case ilDifferent:
		x[fIDDiff] = 1
	}
	return x
}

// Feature is one part of a result's explanation, in the shape of yente's
// FtResult: the contribution of the feature group to the score's log-odds
// (positive for evidence of a match, negative against), a detail in words,
// and the query and candidate values it compared.
type Feature struct {
	Name      string  `json:"-"`
	Score     float64 `json:"score"`
	Detail    string  `json:"detail"`
	Query     string  `json:"query,omitempty"`
	Candidate string  `json:"candidate,omitempty"`
}

func (ev *evidence) explain(x *vec, w *[nFeatures]float64) []Feature {
	var contrib = map[string]float64{}
	for i := 1; i < nFeatures; i++ {
		contrib[featureGroup(i)] += x[i] * w[i]
	}
	m := &ev.name
	var feats []Feature
	detail := fmt.Sprintf("%s: %s; expected namesakes on the list 2^%.0f", m.c.Level, m.c.Explain(m.q, m.n), -m.rarity)
	if m.weak {
		detail += "; weak alias"
	}
	feats = append(feats, Feature{Name: "name", Score: round3(contrib["name"]), Detail: detail, Query: m.q.Raw, Candidate: m.n.Raw})
	if ev.date != dlMissing {
		feats = append(feats, Feature{Name: "birth_date", Score: round3(contrib["birth_date"]),
			Detail: dateLevelText[ev.date], Query: ev.dq.String(), Candidate: ev.dc.String()})
	}
	switch ev.country {
	case clSame:
		feats = append(feats, Feature{Name: "country", Score: round3(contrib["country"]), Detail: "same nationality", Query: ev.countryCode, Candidate: ev.countryCode})
	case clPlace:
		feats = append(feats, Feature{Name: "country", Score: round3(contrib["country"]), Detail: "nationality matches a residence or birth country", Query: ev.countryCode, Candidate: ev.countryCode})
	case clDifferent:
		feats = append(feats, Feature{Name: "country", Score: round3(contrib["country"]), Detail: "different nationality"})
	}
	switch ev.id {
	case ilMatch:
		feats = append(feats, Feature{Name: "identifier", Score: round3(contrib["identifier"]), Detail: "same identifier", Query: ev.idq, Candidate: ev.idc})
	case ilOneEdit:
		feats = append(feats, Feature{Name: "identifier", Score: round3(contrib["identifier"]), Detail: "identifier one character apart", Query: ev.idq, Candidate: ev.idc})
	case ilDifferent:
		feats = append(feats, Feature{Name: "identifier", Score: round3(contrib["identifier"]), Detail: "different identifiers"})
	}
	return feats
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// Describe renders features for a CSV cell or a log line.
func Describe(fs []Feature) string {
	parts := make([]string, 0, len(fs))
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s %+.2f (%s)", f.Name, f.Score, f.Detail))
	}
	return strings.Join(parts, "; ")
}
