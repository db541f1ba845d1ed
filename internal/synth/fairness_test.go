package synth

import (
	"math"
	"slices"
	"testing"
)

// Fairness of the planted world: nothing about a person's origin, sex or age
// may predict whether they are planted in a network, listed or charged.

// TestSelectionIgnoresAttributes redraws everyone's attributes (names,
// cultures, nationalities, sex, ages) with the same seed and checks that
// exactly the same people are network members, listed and charged. If the
// generator looked at any attribute when choosing, this would change.
func TestSelectionIgnoresAttributes(t *testing.T) {
	const n = 20_000
	a := newWorld(Options{People: n, Seed: 11})
	b := newWorld(Options{People: n, Seed: 11, attrSalt: 0x5eed})
	changed := 0
	for i := range a.people {
		pa, pb := &a.people[i], &b.people[i]
		if pa.culture != pb.culture || pa.nat != pb.nat || pa.gender != pb.gender || pa.dob != pb.dob {
			changed++
		}
	}
	if changed < n/2 {
		t.Fatalf("perturbation changed only %d of %d people: the test would prove nothing", changed, n)
	}
	if len(a.networks) == 0 {
		t.Fatal("no networks planted")
	}
	if !slices.EqualFunc(a.networks, b.networks, slices.Equal[[]int32]) {
		t.Error("network membership changed with people's attributes")
	}
	if !slices.EqualFunc(a.groups, b.groups, slices.Equal[[]int32]) {
		t.Error("ordinary group membership changed with people's attributes")
	}
	if !mapsEqual(a.plan.listedIn, b.plan.listedIn) {
		t.Error("who is listed changed with people's attributes")
	}
	chargedA, chargedB := chargeSet(a.plan), chargeSet(b.plan)
	if !mapsEqual(chargedA, chargedB) {
		t.Errorf("who is charged changed with people's attributes (%d vs %d people)", len(chargedA), len(chargedB))
	}
	// chooseMembers is given nothing but the population size.
	n1, g1 := chooseMembers(newRNG(11, "networks"), n)
	if !slices.EqualFunc(n1, a.networks, slices.Equal[[]int32]) || !slices.EqualFunc(g1, a.groups, slices.Equal[[]int32]) {
		t.Error("newWorld's networks are not chooseMembers' draw")
	}
}

func chargeSet(p *plan) map[int32]int {
	out := map[int32]int{}
	for _, c := range p.charges {
		out[c.person]++
	}
	return out
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// attribute categories compared between members and everyone else
var fairnessAttrs = []struct {
	name string
	of   func(p *person) int
}{
	{"culture", func(p *person) int { return int(p.culture) }},
	{"nationality", func(p *person) int { return int(p.nat) }},
	{"birth country", func(p *person) int { return int(p.birthCountry) }},
	{"sex", func(p *person) int { return int(p.gender) }},
	{"age band", func(p *person) int { return ageAt(p.dob) / 10 }},
}

// chiSquareZ tests whether the category distribution of the members differs
// from that of the others (2×K contingency table). Categories expected to
// hold fewer than 5 members are pooled. It returns the Wilson–Hilferty
// normal deviate of the statistic: above 3.3 means p < 0.0005.
func chiSquareZ(people []person, member []bool, of func(*person) int) float64 {
	count := map[int][2]float64{}
	var tot [2]float64
	for i := range people {
		k := 0
		if member[i] {
			k = 1
		}
		c := count[of(&people[i])]
		c[k]++
		count[of(&people[i])] = c
		tot[k]++
	}
	var cells [][2]float64
	var pooled [2]float64
	for _, c := range count {
		if (c[0]+c[1])*tot[1]/(tot[0]+tot[1]) < 5 {
			pooled[0] += c[0]
			pooled[1] += c[1]
			continue
		}
		cells = append(cells, c)
	}
	if pooled[0]+pooled[1] > 0 {
		cells = append(cells, pooled)
	}
	all := tot[0] + tot[1]
	chi := 0.0
	for _, c := range cells {
		row := c[0] + c[1]
		for k := 0; k < 2; k++ {
			e := row * tot[k] / all
			chi += (c[k] - e) * (c[k] - e) / e
		}
	}
	df := float64(len(cells) - 1)
	if df < 1 {
		return 0
	}
	return (math.Cbrt(chi/df) - (1 - 2/(9*df))) / math.Sqrt(2/(9*df))
}

// TestMembersLookLikeEveryoneElse compares members' cultures,
// nationalities, birth countries, sex and ages with the rest of a large
// population. It also shows the test has power: a selection biased towards
// one culture is caught.
func TestMembersLookLikeEveryoneElse(t *testing.T) {
	const n = 200_000
	w := &world{seed: 23, n: n}
	w.buildPeople()
	w.networks, w.groups = chooseMembers(newRNG(w.seed, "networks"), n)
	member := make([]bool, n)
	members := 0
	for _, g := range w.networks {
		for _, m := range g {
			member[m] = true
			members++
		}
	}
	if members < n/250 {
		t.Fatalf("only %d members", members)
	}
	for _, a := range fairnessAttrs {
		z := chiSquareZ(w.people, member, a.of)
		t.Logf("%s: z=%.2f", a.name, z)
		if z > 3.3 {
			t.Errorf("%s of network members differs from the population (z=%.1f)", a.name, z)
		}
	}
	// The same test on a biased selection: as many members, but people of
	// one culture are twice as likely to be picked.
	r := newRNG(1, "biased")
	biased := make([]bool, n)
	for picked := 0; picked < members; {
		i := r.intn(n)
		if biased[i] {
			continue
		}
		if cultures[w.people[i].culture].code != "ar" && r.chance(0.5) {
			continue
		}
		biased[i] = true
		picked++
	}
	z := chiSquareZ(w.people, biased, fairnessAttrs[0].of)
	t.Logf("biased selection, culture: z=%.2f", z)
	if z < 3.3 {
		t.Errorf("a culture-biased selection went unnoticed (z=%.1f): the test has no power", z)
	}
}
