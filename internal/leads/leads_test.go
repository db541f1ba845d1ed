package leads

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/graph"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

func TestPolicyRefusesProfiling(t *testing.T) {
	base := func(extra string) string {
		return "version: 1\nname: t\nthreshold: 0.5\nrules:\n  - id: listed\n    kind: fact\n    facts: [listed]\n    points: 10\n" + extra
	}
	bad := map[string]string{
		"religion property":    "  - id: r\n    kind: fact\n    facts: [listed]\n    points: 5\n    property: religion\n",
		"nationality property": "  - id: r\n    kind: fact\n    facts: [charged]\n    points: 5\n    property: nationality\n",
		"gender property":      "  - id: r\n    kind: fact\n    facts: [charged]\n    points: 5\n    property: gender\n",
		"language property":    "  - id: r\n    kind: fact\n    facts: [charged]\n    points: 5\n    property: spokenLanguage\n",
		"ethnicity property":   "  - id: r\n    kind: fact\n    facts: [charged]\n    points: 5\n    property: ethnicity\n",
		"name origin":          "  - id: r\n    kind: fact\n    facts: [charged]\n    points: 5\n    property: nameOrigin\n",
		"birth country":        "  - id: r\n    kind: fact\n    facts: [charged]\n    points: 5\n    property: birthCountry\n",
		"any other property":   "  - id: r\n    kind: fact\n    facts: [charged]\n    points: 5\n    property: birthDate\n",
		"network position":     "  - id: central\n    kind: centrality\n    facts: [listed]\n    points: 5\n",
		"pagerank rule":        "  - id: pagerank-boost\n    kind: fact\n    facts: [listed]\n    points: 5\n",
		"unknown fact":         "  - id: r\n    kind: fact\n    facts: [foreigner]\n    points: 5\n",
		"unknown key":          "    nationality: IR\n",
		"relation to nothing":  "  - id: r\n    kind: relation\n    facts: [listed]\n    links: [call]\n    max_distance: 9\n    points: 5\n",
	}
	for name, extra := range bad {
		_, err := ParsePolicy("test.yml", []byte(base(extra)))
		var pe *PolicyError
		if !errors.As(err, &pe) {
			t.Errorf("%s: accepted (err %v)", name, err)
		}
	}
	// Relations alone would score network position: refused.
	_, err := ParsePolicy("t", []byte("version: 1\nthreshold: 0.5\nrules:\n  - id: r\n    kind: relation\n    facts: [listed]\n    links: [call]\n    max_distance: 1\n    points: 5\n"))
	if err == nil || !strings.Contains(err.Error(), "network position") {
		t.Errorf("relation-only policy: %v", err)
	}
	if _, err := ParsePolicy("ok", []byte(base("  - id: offence\n    kind: fact\n    facts: [convicted]\n    points: 5\n    property: offence\n    equals: firearms\n"))); err != nil {
		t.Errorf("a rule on the offence itself was refused: %v", err)
	}
	DefaultPolicy() // panics if the shipped policy is invalid
}

func openStore(t *testing.T) store.Backend {
	t.Helper()
	b, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// population builds people with protected attributes, facts and relations.
func population(rng *rand.Rand, n int) []model.Statement {
	var ss []model.Statement
	add := func(rec, schema, prop, val string) { ss = append(ss, storetest.Stmt(rec, schema, prop, val, "")) }
	nats := []string{"nl", "ma", "tr", "ir", "ru", "ng", "gb", "fr"}
	rels := []string{"a", "b", "c"}
	for i := 0; i < n; i++ {
		rec := fmt.Sprintf("p:%03d", i)
		add(rec, "Person", "name", fmt.Sprintf("Person %03d", i))
		add(rec, "Person", "nationality", nats[rng.IntN(len(nats))])
		add(rec, "Person", "gender", []string{"male", "female"}[rng.IntN(2)])
		add(rec, "Person", "religion", rels[rng.IntN(len(rels))])
		add(rec, "Person", "ethnicity", rels[rng.IntN(len(rels))])
		add(rec, "Person", "spokenLanguage", nats[rng.IntN(len(nats))])
		if rng.IntN(10) == 0 {
			add("s:"+rec, "Sanction", "entity", rec)
			add("s:"+rec, "Sanction", "authority", "UN")
		}
		if rng.IntN(8) == 0 {
			add("c:"+rec, "Charge", "defendant", rec)
			add("c:"+rec, "Charge", "status", []string{"charged", "convicted"}[rng.IntN(2)])
			add("c:"+rec, "Charge", "date", "2024-03-01")
		}
	}
	for i := 0; i < n; i++ {
		a, b := rng.IntN(n), rng.IntN(n)
		rec := fmt.Sprintf("f:%03d", i)
		if rng.IntN(2) == 0 {
			add(rec, "Family", "person", fmt.Sprintf("p:%03d", a))
			add(rec, "Family", "relative", fmt.Sprintf("p:%03d", b))
		} else {
			add(rec, "Associate", "person", fmt.Sprintf("p:%03d", a))
			add(rec, "Associate", "associate", fmt.Sprintf("p:%03d", b))
			add(rec, "Associate", "date", "2025-01-01")
		}
	}
	return ss
}

func scores(t *testing.T, ss []model.Statement) map[string]float64 {
	t.Helper()
	in := inputsOf(t, ss)
	in.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := map[string]float64{}
	for _, l := range Score(in, DefaultPolicy()) {
		out[l.Entity] = l.Score
	}
	return out
}

// inputsOf stores ss and builds the everyone-view graph and facts leads
// are scored from.
func inputsOf(t *testing.T, ss []model.Statement) Inputs {
	t.Helper()
	ctx := context.Background()
	b := openStore(t)
	if _, err := b.WriteStatements(ctx, ss); err != nil {
		t.Fatal(err)
	}
	links, err := graph.ExtractLinks(ctx, b, graph.LinkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v := model.Everyone()
	eg, err := links.ForView(ctx, store.NewView(b, v))
	if err != nil {
		t.Fatal(err)
	}
	return Inputs{Graph: eg, Facts: VisibleFacts(links.Facts, v)}
}

// TestFairnessPermutationChangesNothing: permuting nationality, religion,
// ethnicity, gender, language and name origin across the population
// changes no score at all.
func TestFairnessPermutationChangesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	ss := population(rng, 200)
	before := scores(t, ss)
	protected := map[string]bool{"nationality": true, "gender": true, "religion": true, "ethnicity": true, "spokenLanguage": true}
	// Shuffle each protected property's values across people, and swap
	// names (their origin) between people too.
	for prop := range protected {
		var idx []int
		for i, s := range ss {
			if s.Prop == prop {
				idx = append(idx, i)
			}
		}
		perm := rng.Perm(len(idx))
		vals := make([]string, len(idx))
		for k, i := range idx {
			vals[k] = ss[i].Value
		}
		for k, i := range idx {
			ss[i].Value = vals[perm[k]]
			ss[i].SetID()
		}
	}
	var nameIdx []int
	for i, s := range ss {
		if s.Prop == "name" {
			nameIdx = append(nameIdx, i)
		}
	}
	perm := rng.Perm(len(nameIdx))
	names := make([]string, len(nameIdx))
	for k, i := range nameIdx {
		names[k] = ss[i].Value
	}
	for k, i := range nameIdx {
		ss[i].Value = names[perm[k]]
		ss[i].SetID()
	}
	after := scores(t, ss)
	if len(before) == 0 {
		t.Fatal("no scores: the test would prove nothing")
	}
	if len(before) != len(after) {
		t.Fatalf("%d scored before, %d after permuting protected attributes", len(before), len(after))
	}
	for e, s := range before {
		if after[e] != s {
			t.Errorf("%s: score %v became %v after permuting protected attributes", e, s, after[e])
		}
	}
}

// TestScoresRestOnFactsOnly: nobody without a fact or a relation to a
// person with one gets a score, whatever their position in the network.
func TestScoresRestOnFactsOnly(t *testing.T) {
	var ss []model.Statement
	add := func(rec, schema, prop, val string) { ss = append(ss, storetest.Stmt(rec, schema, prop, val, "")) }
	// A star of 20 around a centre, nobody with any fact: very central, no score.
	add("p:centre", "Person", "name", "Centre Person")
	for i := 0; i < 20; i++ {
		rec := fmt.Sprintf("p:%02d", i)
		add(rec, "Person", "name", fmt.Sprintf("Leaf %02d", i))
		add(fmt.Sprintf("a:%02d", i), "Associate", "person", "p:centre")
		add(fmt.Sprintf("a:%02d", i), "Associate", "associate", rec)
	}
	// A listed person and one associate.
	add("p:listed", "Person", "name", "Listed Person")
	add("s:1", "Sanction", "entity", "p:listed")
	add("s:1", "Sanction", "authority", "UN")
	add("p:assoc", "Person", "name", "Assoc Person")
	add("a:x", "Associate", "person", "p:listed")
	add("a:x", "Associate", "associate", "p:assoc")
	sc := scores(t, ss)
	if _, ok := sc[store.EntityID("p:centre")]; ok {
		t.Error("network position alone scored")
	}
	if len(sc) != 2 || sc[store.EntityID("p:listed")] == 0 || sc[store.EntityID("p:assoc")] == 0 {
		t.Errorf("scored %v, want exactly the listed person and their associate", sc)
	}
	if sc[store.EntityID("p:assoc")] >= sc[store.EntityID("p:listed")] {
		t.Error("an associate outranks the listed person")
	}
}

func TestPolicyOffenceTerms(t *testing.T) {
	base := "version: 1\nname: t\nthreshold: 0.5\nrules:\n  - id: listed\n    kind: fact\n    facts: [listed]\n    points: 10\n"
	cases := []struct {
		name, rule string
		ok         bool
	}{
		{"serious offences", "  - id: s\n    kind: fact\n    facts: [convicted]\n    points: 5\n    property: offence\n    matches: [trafficking, witwassen]\n", true},
		{"terms without a property", "  - id: s\n    kind: fact\n    facts: [convicted]\n    points: 5\n    matches: [trafficking]\n", false},
		{"an empty term matches everything", "  - id: s\n    kind: fact\n    facts: [convicted]\n    points: 5\n    property: offence\n    matches: [\"\"]\n", false},
		{"a protected trait as a term", "  - id: s\n    kind: fact\n    facts: [convicted]\n    points: 5\n    property: offence\n    matches: [trafficking, nationality]\n", false},
		{"religion in equals", "  - id: s\n    kind: relation\n    facts: [charged]\n    links: [call]\n    max_distance: 1\n    points: 5\n    property: charge\n    equals: religion\n", false},
	}
	for _, c := range cases {
		_, err := ParsePolicy("t.yml", []byte(base+c.rule))
		if (err == nil) != c.ok {
			t.Errorf("%s: err %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

// world scores a small hand-made world, aged to its newest evidence.
func world(t *testing.T, build func(add func(rec, schema, prop, val string))) map[string]Lead {
	t.Helper()
	in := worldInputs(t, build)
	in.Now = AsOf(in)
	out := map[string]Lead{}
	for _, l := range Score(in, DefaultPolicy()) {
		out[l.Entity] = l
	}
	return out
}

func worldInputs(t *testing.T, build func(add func(rec, schema, prop, val string))) Inputs {
	t.Helper()
	var ss []model.Statement
	build(func(rec, schema, prop, val string) { ss = append(ss, storetest.Stmt(rec, schema, prop, val, "")) })
	return inputsOf(t, ss)
}

// TestSeriousOffenceAndIndependentEvidence: a contact of a drug trafficker
// ranks above a contact of a shoplifter with the same relation; relations
// to two accused people through two of one's own contacts count more than
// the same two reached through one contact; every point names its fact.
func TestSeriousOffenceAndIndependentEvidence(t *testing.T) {
	person := func(add func(rec, schema, prop, val string), rec string) {
		add(rec, "Person", "name", "Person "+rec)
	}
	charge := func(add func(rec, schema, prop, val string), rec, offence string) {
		add("c:"+rec, "Charge", "defendant", rec)
		add("c:"+rec, "Charge", "status", "convicted")
		add("c:"+rec, "Charge", "offence", offence)
		add("c:"+rec, "Charge", "date", "2023-03-01")
	}
	assoc := func(add func(rec, schema, prop, val string), id, a, b string) {
		add(id, "Associate", "person", a)
		add(id, "Associate", "associate", b)
		add(id, "Associate", "date", "2023-06-01")
	}
	sc := world(t, func(add func(rec, schema, prop, val string)) {
		for _, p := range []string{"p:trafficker", "p:shoplifter", "p:a", "p:b", "p:hub", "p:x", "p:y", "p:spread", "p:u", "p:v"} {
			person(add, p)
		}
		charge(add, "p:trafficker", "handel in harddrugs")
		charge(add, "p:shoplifter", "winkeldiefstal")
		assoc(add, "a:1", "p:a", "p:trafficker")
		assoc(add, "a:2", "p:b", "p:shoplifter")
		// p:hub knows two convicted people; p:x reaches both only through p:hub.
		charge(add, "p:u", "witwassen")
		charge(add, "p:v", "witwassen")
		assoc(add, "a:3", "p:hub", "p:u")
		assoc(add, "a:4", "p:hub", "p:v")
		assoc(add, "a:5", "p:x", "p:hub")
		// p:spread reaches the same two through two contacts of its own.
		assoc(add, "a:6", "p:y", "p:u")
		assoc(add, "a:7", "p:spread", "p:y")
		assoc(add, "a:8", "p:spread", "p:hub")
	})
	id := store.EntityID
	if sc[id("p:a")].Score <= sc[id("p:b")].Score {
		t.Errorf("contact of a trafficker %.3f not above contact of a shoplifter %.3f", sc[id("p:a")].Score, sc[id("p:b")].Score)
	}
	if sc[id("p:spread")].Score <= sc[id("p:x")].Score {
		t.Errorf("two independent routes %.3f not above one shared route %.3f", sc[id("p:spread")].Score, sc[id("p:x")].Score)
	}
	for e, l := range sc {
		for _, p := range l.Evidence {
			if p.Record == "" || p.Fact == "" {
				t.Errorf("%s: a point without its fact: %+v", e, p)
			}
			if p.Kind == "relation" && (len(p.Via) == 0 || len(p.Relations) == 0 || p.Via[len(p.Via)-1] != p.Related) {
				t.Errorf("%s: a relation point without its route: %+v", e, p)
			}
		}
	}
}

// TestRoutesAreSimple: a route never comes back through the person it
// scores, so a lone relation is worth the same however dense the rest.
func TestRoutesAreSimple(t *testing.T) {
	lone := func(extra bool) float64 {
		sc := world(t, func(add func(rec, schema, prop, val string)) {
			add("p:l", "Person", "name", "Listed Person")
			add("s:1", "Sanction", "entity", "p:l")
			add("p:a", "Person", "name", "Alpha Person")
			add("a:1", "Associate", "person", "p:l")
			add("a:1", "Associate", "associate", "p:a")
			add("a:1", "Associate", "date", "2023-01-01")
			if extra {
				// p:a knows p:z, who knows nobody else: no new route to p:l.
				add("p:z", "Person", "name", "Zulu Person")
				add("a:2", "Associate", "person", "p:a")
				add("a:2", "Associate", "associate", "p:z")
				add("a:2", "Associate", "date", "2023-01-01")
			}
		})
		return sc[store.EntityID("p:a")].Points
	}
	if a, b := lone(false), lone(true); math.Abs(a-b) > 1e-9 {
		t.Errorf("a dead-end contact changed the points of a relation: %v → %v", a, b)
	}
}

func TestAsOf(t *testing.T) {
	in := worldInputs(t, func(add func(rec, schema, prop, val string)) {
		add("p:l", "Person", "name", "Listed Person")
		add("s:1", "Sanction", "entity", "p:l")
		add("s:1", "Sanction", "listingDate", "2019-01-01")
		add("p:a", "Person", "name", "Alpha Person")
		add("c:1", "Charge", "defendant", "p:a")
		add("c:1", "Charge", "status", "charged")
		add("c:1", "Charge", "date", "2021-05-01")
		add("a:1", "Associate", "person", "p:l")
		add("a:1", "Associate", "associate", "p:a")
		add("a:1", "Associate", "date", "2022-02-02")
	})
	if got := AsOf(in).Format("2006-01-02"); got != "2022-02-02" {
		t.Errorf("as of %s, want the newest evidence, 2022-02-02", got)
	}
	// Scored as of the data, the same data scores the same on any day.
	in.Now = AsOf(in)
	a := Score(in, DefaultPolicy())
	b := Score(in, DefaultPolicy())
	if len(a) != 2 || a[1].Points != b[1].Points {
		t.Errorf("scores %v then %v", a, b)
	}
}

// TestVisibleFactsSharesWhatItCan: the visible facts are exactly those
// whose labels the viewer satisfies, in order, with no record left empty;
// a record seen in full keeps the shared slice, and a viewer who sees
// everything gets the map itself.
func TestVisibleFactsSharesWhatItCan(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	labels := []string{"", "", "A", "B", "A|B", "A&B", "C"}
	all := map[string][]graph.Fact{}
	for i := range 200 {
		rec := fmt.Sprintf("r:%03d", i)
		for j := range 1 + rng.IntN(4) {
			all[rec] = append(all[rec], graph.Fact{Kind: "listed", Record: fmt.Sprintf("f:%03d.%d", i, j), Subject: rec,
				Label: labels[rng.IntN(len(labels))]})
		}
	}
	for _, auths := range [][]string{{}, {"A"}, {"B"}, {"A", "B"}, {"C"}, {"A", "B", "C"}} {
		v := model.NewViewer("v", model.NewAuths(auths...))
		got := VisibleFacts(all, v)
		want := map[string][]graph.Fact{}
		for rec, fs := range all {
			for _, f := range fs {
				if v.CanSee(f.Label) {
					want[rec] = append(want[rec], f)
				}
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || len(got) != len(want) {
			t.Fatalf("auths %v: visible facts differ\n got %v\nwant %v", auths, got, want)
		}
		for rec, fs := range got {
			if len(fs) == len(all[rec]) && &fs[0] != &all[rec][0] {
				t.Errorf("auths %v: %s's facts are all visible but were copied", auths, rec)
			}
		}
		if len(auths) == 3 && fmt.Sprintf("%p", got) != fmt.Sprintf("%p", all) {
			t.Errorf("a viewer who sees every fact got a copy")
		}
	}
}
