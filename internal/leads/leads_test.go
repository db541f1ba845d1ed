package leads

import (
	"context"
	"errors"
	"fmt"
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
	out := map[string]float64{}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, l := range Score(Inputs{Graph: eg, Facts: VisibleFacts(links.Facts, v), Now: now}, DefaultPolicy()) {
		out[l.Entity] = l.Score
	}
	return out
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
