package graph

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

func openStore(t *testing.T) store.Backend {
	t.Helper()
	b, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// randomWorld writes people, relations, calls, trips and shared phones with
// random labels drawn from a few authorisations.
func randomWorld(rng *rand.Rand) []model.Statement {
	labels := []string{"", "", "A", "B", "A|B", "A&B", "C"}
	pick := func() string { return labels[rng.IntN(len(labels))] }
	var ss []model.Statement
	add := func(rec, schema, prop, value, label string) {
		ss = append(ss, storetest.Stmt(rec, schema, prop, value, label))
	}
	const people = 30
	for i := 0; i < people; i++ {
		rec := fmt.Sprintf("p:%02d", i)
		add(rec, "Person", "name", fmt.Sprintf("Person %02d", i), pick())
		if rng.IntN(3) == 0 {
			add(rec, "Person", "phone", fmt.Sprintf("+3161234%04d", rng.IntN(8)), pick())
		}
	}
	for i := 0; i < 40; i++ {
		a, b := rng.IntN(people), rng.IntN(people)
		rec := fmt.Sprintf("rel:%02d", i)
		switch rng.IntN(3) {
		case 0:
			l := pick()
			add(rec, "Family", "person", fmt.Sprintf("p:%02d", a), l)
			add(rec, "Family", "relative", fmt.Sprintf("p:%02d", b), l)
		case 1:
			add(rec, "Call", "callerNumber", fmt.Sprintf("+3161234%04d", rng.IntN(8)), pick())
			add(rec, "Call", "receiverNumber", fmt.Sprintf("+3161234%04d", rng.IntN(8)), pick())
			add(rec, "Call", "date", "2024-01-02", "")
		default:
			add(rec, "Trip", "traveller", fmt.Sprintf("p:%02d", a), pick())
			add(rec, "Trip", "number", "HV12", "")
			add(rec, "Trip", "departureTime", fmt.Sprintf("2024-01-0%dT10:00:00", 1+rng.IntN(3)), "")
		}
	}
	return ss
}

// everyoneGraph extracts b's links and builds the entity graph a viewer
// holding every authorisation sees.
func everyoneGraph(t *testing.T, b store.Backend) *EntityGraph {
	t.Helper()
	ctx := context.Background()
	links, err := ExtractLinks(ctx, b, LinkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	eg, err := links.ForView(ctx, store.NewView(b, model.Everyone()))
	if err != nil {
		t.Fatal(err)
	}
	return eg
}

type edgeKey struct {
	a, b  string
	types string
	count int
}

func edgeSet(eg *EntityGraph) map[edgeKey]bool {
	out := map[edgeKey]bool{}
	for _, e := range eg.Edges {
		a, b := eg.Nodes[e.A].ID, eg.Nodes[e.B].ID
		if b < a {
			a, b = b, a
		}
		var ts []string
		for t := range e.Types.All() {
			ts = append(ts, t.String())
		}
		out[edgeKey{a, b, strings.Join(ts, ","), e.Count}] = true
	}
	return out
}

func nodeSet(eg *EntityGraph) []string {
	var out []string
	for _, n := range eg.Nodes {
		out = append(out, n.ID)
	}
	sort.Strings(out)
	return out
}

// TestViewerGraphIsAsIfHiddenNeverExisted: for random labels and random
// viewers, the graph a viewer gets from the full store equals the graph
// built from a store holding only what that viewer may see — no hidden
// edge, node, count, community or path can show.
func TestViewerGraphIsAsIfHiddenNeverExisted(t *testing.T) {
	ctx := context.Background()
	viewers := [][]string{{}, {"A"}, {"B"}, {"A", "B"}, {"C"}, {"A", "B", "C"}}
	for seed := uint64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		ss := randomWorld(rng)
		full := openStore(t)
		if _, err := full.WriteStatements(ctx, ss); err != nil {
			t.Fatal(err)
		}
		links, err := ExtractLinks(ctx, full, LinkOptions{HubThreshold: 4})
		if err != nil {
			t.Fatal(err)
		}
		for _, auths := range viewers {
			v := model.NewViewer("v", model.NewAuths(auths...))
			got, err := links.ForView(ctx, store.NewView(full, v))
			if err != nil {
				t.Fatal(err)
			}
			var visible []model.Statement
			for _, s := range ss {
				if v.CanSee(s.Label) {
					visible = append(visible, s)
				}
			}
			only := openStore(t)
			if _, err := only.WriteStatements(ctx, visible); err != nil {
				t.Fatal(err)
			}
			l2, err := ExtractLinks(ctx, only, LinkOptions{HubThreshold: 4})
			if err != nil {
				t.Fatal(err)
			}
			want, err := l2.ForView(ctx, store.NewView(only, model.Everyone()))
			if err != nil {
				t.Fatal(err)
			}
			if g, w := nodeSet(got), nodeSet(want); strings.Join(g, " ") != strings.Join(w, " ") {
				t.Errorf("seed %d viewer %v: nodes differ\n got %v\nwant %v", seed, auths, g, w)
			}
			ge, we := edgeSet(got), edgeSet(want)
			for k := range ge {
				if !we[k] {
					t.Errorf("seed %d viewer %v: edge %+v visible but absent without hidden data", seed, auths, k)
				}
			}
			for k := range we {
				if !ge[k] {
					t.Errorf("seed %d viewer %v: edge %+v missing", seed, auths, k)
				}
			}
			// Every link behind every edge is one the viewer may see.
			for eid := range got.Edges {
				for _, ev := range got.EdgeLinks(int32(eid)) {
					if !v.CanSee(ev.Label) {
						t.Fatalf("seed %d viewer %v: hidden evidence %+v on edge", seed, auths, ev)
					}
				}
			}
		}
	}
}

// TestHubsAreFlaggedAndDamped: a value shared by many unrelated people (a
// hotel's address) becomes a flagged hub, not a clique; paths avoid it when
// a real relation exists, and communities leave it out.
func TestHubsAreFlaggedAndDamped(t *testing.T) {
	ctx := context.Background()
	b := openStore(t)
	var ss []model.Statement
	for i := 0; i < 25; i++ {
		rec := fmt.Sprintf("guest:%02d", i)
		ss = append(ss, storetest.Stmt(rec, "Person", "name", fmt.Sprintf("Guest %02d", i), ""),
			storetest.Stmt(rec, "Person", "address", "Grand Hotel, Stationsplein 1, Utrecht", ""))
	}
	// guest:00 and guest:24 are also linked by two documented relations.
	ss = append(ss,
		storetest.Stmt("fam:1", "Family", "person", "guest:00", ""), storetest.Stmt("fam:1", "Family", "relative", "x:1", ""),
		storetest.Stmt("fam:2", "Family", "person", "x:1", ""), storetest.Stmt("fam:2", "Family", "relative", "guest:24", ""),
		storetest.Stmt("x:1", "Person", "name", "Middle Person", ""))
	if _, err := b.WriteStatements(ctx, ss); err != nil {
		t.Fatal(err)
	}
	eg := everyoneGraph(t, b)
	hubs := 0
	for _, n := range eg.Nodes {
		if n.Hub {
			hubs++
			if n.Degree != 25 || !strings.Contains(n.HubReason, "25") {
				t.Errorf("hub %+v: want degree 25 and a reason naming it", n)
			}
		}
	}
	if hubs != 1 {
		t.Fatalf("%d hubs, want the hotel address alone", hubs)
	}
	if eg.G.M() > 25+2 {
		t.Errorf("%d edges: the shared address made a clique instead of a hub", eg.G.M())
	}
	from, _ := eg.Lookup("guest:00")
	to, _ := eg.Lookup("guest:24")
	for _, mode := range []HubMode{HubsDamped, HubsExcluded} {
		ps, err := eg.Paths([]int32{from}, []int32{to}, 1, Filter{}, mode, 6)
		if err != nil || len(ps) == 0 {
			t.Fatalf("mode %d: no path: %v", mode, err)
		}
		for _, v := range ps[0].Nodes {
			if eg.Nodes[v].Hub {
				t.Errorf("mode %d: best path goes through the hub: %v", mode, ps[0].Nodes)
			}
		}
	}
	// The damping penalties are checked once per graph and shared by its
	// queries: each answer (asked twice, so that pooled scratch is reused)
	// equals a query that passes and checks them itself.
	pen := make([]float64, len(eg.Nodes))
	for i, n := range eg.Nodes {
		if n.Hub {
			pen[i] = hubPenalty
		}
	}
	for _, f := range []Filter{{}, {Types: []LinkType{LinkHub, LinkAddress}}} {
		want, err := KShortestPathsBetween(eg.G, []int32{from}, []int32{to}, 3, PathOptions{Cost: CostNegLog, MaxHops: 6,
			NodePenalty: pen, EdgeOK: func(eid int32) bool { return f.admits(eg, eid) }})
		if err != nil || len(want) == 0 {
			t.Fatalf("filter %v: reference query: %v, %v", f, want, err)
		}
		for range 2 {
			got, err := eg.Paths([]int32{from}, []int32{to}, 3, f, HubsDamped, 6)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("filter %v: damped paths %v (%v), want %v", f, got, err, want)
			}
		}
	}
	// Without the family ties the hub is the only way: damped allows it,
	// excluded does not.
	ps, _ := eg.Paths([]int32{from}, []int32{to}, 1, Filter{Types: []LinkType{LinkHub, LinkAddress}}, HubsDamped, 6)
	if len(ps) == 0 {
		t.Error("damped mode found no path through the hub when it is the only one")
	}
	ps, _ = eg.Paths([]int32{from}, []int32{to}, 1, Filter{Types: []LinkType{LinkHub, LinkAddress}}, HubsExcluded, 6)
	if len(ps) != 0 {
		t.Error("excluded mode went through the hub")
	}
	res, err := eg.Communities(ctx, HubsDamped)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range eg.Nodes {
		if n.Hub && res.Membership[i] != -1 {
			t.Errorf("hub placed in community %d", res.Membership[i])
		}
	}
}

// TestNumberHoldersArePeople: a number held by one person's four records
// (subscriber file, police files, a booking) still says who called; one
// held by four different people does not.
func TestNumberHoldersArePeople(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		entities []string // entity of each of the four holders of +31600000001
		wantCall bool
	}{
		{"one person's four records", []string{"e:a", "e:a", "e:a", "e:a"}, true},
		{"four people", []string{"e:a", "e:b", "e:c", "e:d"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := openStore(t)
			var ss []model.Statement
			var as []store.Assignment
			for i, e := range tc.entities {
				rec := fmt.Sprintf("holder:%d", i)
				ss = append(ss, storetest.Stmt(rec, "Person", "name", "Holder "+e, ""),
					storetest.Stmt(rec, "Person", "phone", "+31600000001", ""))
				as = append(as, store.Assignment{Record: rec, Entity: e})
			}
			ss = append(ss, storetest.Stmt("other:1", "Person", "name", "Other Person", ""),
				storetest.Stmt("other:1", "Person", "phone", "+31600000002", ""),
				storetest.Stmt("call:1", "Call", "callerNumber", "+31600000001", ""),
				storetest.Stmt("call:1", "Call", "receiverNumber", "+31600000002", ""),
				storetest.Stmt("call:1", "Call", "date", "2024-01-02", ""))
			as = append(as, store.Assignment{Record: "other:1", Entity: "e:other"})
			if _, err := b.WriteStatements(ctx, ss); err != nil {
				t.Fatal(err)
			}
			if err := b.ApplyClusters(ctx, as, nil); err != nil {
				t.Fatal(err)
			}
			// A viewer sees a cluster only through the judgements that made it.
			var js []store.Judgement
			for i := 1; i < len(tc.entities); i++ {
				if tc.entities[i] == tc.entities[0] {
					js = append(js, store.Judgement{A: "holder:0", B: fmt.Sprintf("holder:%d", i), Verdict: store.Positive,
						Score: 0.99, By: store.Machine, At: time.Unix(1700000000, 0).UTC()})
				}
			}
			if err := b.PutJudgements(ctx, js); err != nil {
				t.Fatal(err)
			}
			eg := everyoneGraph(t, b)
			calls := 0
			for _, e := range eg.Edges {
				for ty := range e.Types.All() {
					if ty == LinkCall {
						calls++
					}
				}
			}
			if got := calls > 0; got != tc.wantCall {
				t.Errorf("call edges %d, want a call: %v", calls, tc.wantCall)
			}
		})
	}
}

// TestMembersAreTheViewersRecords: each node's members are the people and
// organisations the viewer sees resolved into its entity, sorted, and a
// record finds its node; hidden records, records of other kinds and hubs
// have none. That holds for records without any link, and for a person
// written after the link table was built (not in its record table).
func TestMembersAreTheViewersRecords(t *testing.T) {
	ctx := context.Background()
	viewers := [][]string{{}, {"A"}, {"B"}, {"A", "B"}, {"C"}, {"A", "B", "C"}}
	for seed := uint64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		pick := func() string { return []string{"", "A", "B"}[rng.IntN(3)] }
		ss := randomWorld(rng)
		for i := range 5 {
			ss = append(ss, storetest.Stmt(fmt.Sprintf("org:%d", i), "Organization", "name", fmt.Sprintf("Org %d", i), pick()))
		}
		b := openStore(t)
		if _, err := b.WriteStatements(ctx, ss); err != nil {
			t.Fatal(err)
		}
		// Entities of three records each, joined by judgements with
		// labels of their own.
		var as []store.Assignment
		var js []store.Judgement
		for i := range 30 {
			as = append(as, store.Assignment{Record: fmt.Sprintf("p:%02d", i), Entity: fmt.Sprintf("e:%02d", i/3)})
			if i%3 != 0 {
				js = append(js, store.Judgement{A: fmt.Sprintf("p:%02d", i-i%3), B: fmt.Sprintf("p:%02d", i),
					Verdict: store.Positive, Score: 0.99, By: store.Machine, At: time.Unix(1700000000, 0).UTC(), Label: pick()})
			}
		}
		if err := b.ApplyClusters(ctx, as, nil); err != nil {
			t.Fatal(err)
		}
		if err := b.PutJudgements(ctx, js); err != nil {
			t.Fatal(err)
		}
		links, err := ExtractLinks(ctx, b, LinkOptions{HubThreshold: 4})
		if err != nil {
			t.Fatal(err)
		}
		late := storetest.Stmt("late:1", "Person", "name", "Late Person", "")
		if _, err := b.WriteStatements(ctx, []model.Statement{late}); err != nil {
			t.Fatal(err)
		}
		for _, auths := range viewers {
			vw := store.NewView(b, model.NewViewer("v", model.NewAuths(auths...)))
			eg, err := links.ForView(ctx, vw)
			if err != nil {
				t.Fatal(err)
			}
			legal := map[string]bool{}
			entityOf, err := vw.EntityMapScan(ctx, func(s *model.Statement) error {
				if sc := model.SchemaByName(s.Schema); sc != nil && sc.IsA("LegalEntity") {
					legal[s.Record] = true
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]string{}
			for rec := range legal {
				want[entityOf[rec]] = append(want[entityOf[rec]], rec)
			}
			for v, n := range eg.Nodes {
				var got []string
				for rec := range eg.Members(int32(v)) {
					got = append(got, rec)
				}
				w := want[n.ID] // none for a hub: its id is a hub key
				sort.Strings(w)
				if strings.Join(got, " ") != strings.Join(w, " ") || eg.MemberCount(int32(v)) != len(w) {
					t.Errorf("seed %d viewer %v node %s: members %v (count %d), want %v", seed, auths, n.ID, got,
						eg.MemberCount(int32(v)), w)
				}
			}
			for _, rec := range append(slices.Collect(maps.Keys(links.index)), "late:1", "nobody:1") {
				v, ok := eg.Lookup(rec)
				if _, isNode := eg.G.Lookup(rec); isNode {
					continue
				}
				if legal[rec] != ok || ok && eg.Nodes[v].ID != entityOf[rec] {
					t.Errorf("seed %d viewer %v: Lookup(%s) = %d, %v; want the node of %q: %v", seed, auths, rec, v, ok,
						entityOf[rec], legal[rec])
				}
			}
			if v, ok := eg.Lookup("late:1"); !ok || eg.MemberCount(v) != 1 {
				t.Errorf("seed %d viewer %v: a person written after the links were built is not a member", seed, auths)
			}
		}
	}
}

// TestMembersDoNotAllocate: reading a node's members (as the server does
// for every node it shows) allocates nothing.
func TestMembersDoNotAllocate(t *testing.T) {
	ctx := context.Background()
	b := openStore(t)
	if _, err := b.WriteStatements(ctx, randomWorld(rand.New(rand.NewPCG(1, 1)))); err != nil {
		t.Fatal(err)
	}
	eg := everyoneGraph(t, b)
	n := 0
	allocs := testing.AllocsPerRun(10, func() {
		for v := range eg.Nodes {
			for rec := range eg.Members(int32(v)) {
				n += len(rec)
			}
			n += eg.MemberCount(int32(v))
		}
		if _, ok := eg.Lookup("p:01"); !ok {
			t.Fatal("p:01 not found")
		}
	})
	if allocs != 0 || n == 0 {
		t.Errorf("%v allocations reading %d nodes' members (%d bytes of ids)", allocs, len(eg.Nodes), n)
	}
}

// TestLinkTypes: a set holds every link type, yields them in ascending
// order and names them as the old sorted slices did.
func TestLinkTypes(t *testing.T) {
	var all LinkTypes
	for ty := LinkCall; ty <= LinkBooking; ty++ {
		if all.Has(ty) {
			t.Fatalf("%v in the set before it was added", ty)
		}
		all = all.With(ty)
	}
	if all.Len() != int(LinkBooking) {
		t.Errorf("%d types in the set, want %d", all.Len(), LinkBooking)
	}
	prev := LinkType(0)
	for ty := range all.All() {
		if ty <= prev {
			t.Fatalf("%v after %v", ty, prev)
		}
		prev = ty
	}
	if got := LinkTypes(0).With(LinkTravel).With(LinkCall).With(LinkTravel).String(); got != "call,travel" {
		t.Errorf("String() = %q, want call,travel", got)
	}
}
