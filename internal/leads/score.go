package leads

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/graph"
	"github.com/mosaichq/mosaic/internal/model"
)

// Lead is a person (or organisation) ranked for review, with every fact
// its score rests on.
type Lead struct {
	Entity   string  `json:"id"`
	Caption  string  `json:"caption"`
	Schema   string  `json:"schema"`
	Score    float64 `json:"score"`
	Points   float64 `json:"points"`
	Evidence []Point `json:"evidence"`
}

// Point is one fact behind a score and what it contributed.
type Point struct {
	Rule        string   `json:"rule"`
	Kind        string   `json:"kind"` // fact or relation
	Fact        string   `json:"fact"` // listed, notice, convicted, charged
	Summary     string   `json:"summary"`
	Record      string   `json:"record"`
	Source      string   `json:"source"`
	Reliability string   `json:"reliability"`
	Date        string   `json:"date,omitempty"`
	Points      float64  `json:"points"`
	Related     string   `json:"related,omitempty"` // for relations: the person who carries the fact
	Via         []string `json:"via,omitempty"`     // the entities on the way, related person last
	Links       []string `json:"links,omitempty"`   // relation types along the way
	// Relations are the documents of the relations along the way (a call
	// record, a trip, a report), a few per step.
	Relations []Relation `json:"relations,omitempty"`
	// Routes is how many of the person's own relations lead to the related
	// person, each counted once with its strongest route; Via and Relations
	// show the strongest of these.
	Routes int `json:"routes,omitempty"`
}

// Relation is one document of a relation.
type Relation struct {
	Type   string `json:"type"`
	Record string `json:"record,omitempty"`
	Detail string `json:"detail"`
	Date   string `json:"date,omitempty"`
}

// Inputs are what scoring reads: the viewer's entity graph and the facts
// of its records, already filtered to what the viewer may see.
type Inputs struct {
	Graph *graph.EntityGraph
	Facts map[string][]graph.Fact // by record
	Now   time.Time
}

// VisibleFacts keeps the facts a viewer may see. It copies no more than it
// must: a record whose facts the viewer sees in full keeps all's slice, and
// a viewer who sees every fact gets all itself. The server holds one result
// per viewer class as long as the data does not change, and at 1M records
// a copy of every fact per viewer was millions of pointers the garbage
// collector marked in every cycle. The result (and so all) is read only.
func VisibleFacts(all map[string][]graph.Fact, v *model.Viewer) map[string][]graph.Fact {
	// Labels recur across millions of facts: decide each once.
	seen := map[string]bool{}
	canSee := func(label string) bool {
		ok, hit := seen[label]
		if !hit {
			ok = v.CanSee(label)
			seen[label] = ok
		}
		return ok
	}
	everything := true
	out := map[string][]graph.Fact{}
	for rec, fs := range all {
		n := 0
		for i := range fs {
			if canSee(fs[i].Label) {
				n++
			}
		}
		everything = everything && n == len(fs)
		switch {
		case n == 0:
		case n == len(fs):
			out[rec] = fs[:n:n] // shared; an append would copy
		default:
			kept := make([]graph.Fact, 0, n)
			for _, f := range fs {
				if canSee(f.Label) {
					kept = append(kept, f)
				}
			}
			out[rec] = kept
		}
	}
	if everything {
		return all
	}
	return out
}

// AsOf is the date of the newest dated evidence in the inputs (a relation
// or a fact): the day the data describes. Ageing evidence to it rather than
// to the clock scores a fixed data set the same whenever it is scored.
func AsOf(in Inputs) time.Time {
	var last int64
	for i := range in.Graph.Edges {
		last = max(last, in.Graph.Edges[i].Last)
	}
	t := time.Unix(last, 0).UTC()
	for _, fs := range in.Facts {
		for _, f := range fs {
			if d, ok := parseDate(f.Date); ok && d.After(t) {
				t = d
			}
		}
	}
	if last == 0 && t.Unix() == 0 {
		return time.Time{}
	}
	return t
}

// factRef is a fact attached to a graph node.
type factRef struct {
	f      graph.Fact
	weight float64 // grading × age
	grade  float64 // grading alone
}

// Score computes every node's score under the policy. Only facts and link
// evidence are read: no property of a person is.
func Score(in Inputs, p *Policy) []Lead {
	g := in.Graph
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	age := func(date string) float64 {
		t, ok := parseDate(date)
		if !ok || p.halfLife == 0 {
			return 1
		}
		years := now.Sub(t).Hours() / p.halfLife.Hours()
		if years <= 0 {
			return 1
		}
		return math.Pow(0.5, years)
	}
	// Facts per node.
	nodeFacts := make([][]factRef, len(g.Nodes))
	for v := range g.Nodes {
		for rec := range g.Members(int32(v)) {
			for _, f := range in.Facts[rec] {
				if !factKinds[f.Kind] {
					continue
				}
				// A listing or notice in force is current whatever its date;
				// proceedings and contacts fade with age.
				w := f.Reliab.Weight() * f.Credib.Weight()
				if f.Kind != "listed" && f.Kind != "notice" {
					w *= age(f.Date)
				}
				nodeFacts[v] = append(nodeFacts[v], factRef{f: f, weight: w, grade: f.Reliab.Weight() * f.Credib.Weight()})
			}
		}
	}
	points := make([][]Point, len(g.Nodes))
	for _, r := range p.Rules {
		switch r.Kind {
		case "fact":
			for v, fs := range nodeFacts {
				for _, fr := range fs {
					if !slices.Contains(r.Facts, fr.f.Kind) || !r.propertyMatches(fr.f) {
						continue
					}
					points[v] = append(points[v], Point{Rule: r.ID, Kind: "fact", Fact: fr.f.Kind, Summary: fr.f.Summary,
						Record: fr.f.Record, Source: fr.f.Source, Reliability: fr.f.Reliab.String() + fr.f.Credib.String(),
						Date: fr.f.Date, Points: r.Points * fr.weight})
				}
			}
		case "relation":
			relationPoints(g, nodeFacts, r, age, points)
		}
	}
	var out []Lead
	for v, ps := range points {
		if len(ps) == 0 || g.Nodes[v].Hub {
			continue
		}
		total := combine(ps)
		out = append(out, Lead{Entity: g.Nodes[v].ID, Caption: g.Nodes[v].Caption, Schema: g.Nodes[v].Schema,
			Points: total, Score: 1 - math.Exp(-total/p.Scale), Evidence: ps})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Entity < out[j].Entity
	})
	return out
}

// combine adds points with diminishing returns where the evidence is not
// independent. Facts of a person count per rule: the strongest fully, the
// next half, then a quarter. Relations are grouped by the person's own
// relation they run through (the first step of the route): everything that
// comes through one contact rests on that one relation, so within a group
// the strongest related person counts fully, the next half, then a quarter
// — the household of a listed person does not collect points again for
// each of the listed person's accomplices, and ten calls with one listed
// person do not outweigh the listing itself. Separate contacts are
// separate pieces of evidence and add up. Rules about the same related
// person's same fact (a conviction, and that it was for a serious offence)
// describe one piece of evidence and are diminished together.
func combine(ps []Point) float64 {
	group := func(p *Point) string {
		if p.Kind == "relation" && len(p.Via) > 0 {
			return "via\x00" + p.Via[0]
		}
		return "fact\x00" + p.Rule
	}
	piece := func(p *Point) string {
		if p.Kind == "relation" {
			return group(p) + "\x00" + p.Related + "\x00" + p.Record
		}
		return group(p) + "\x00" + p.Record
	}
	value := map[string]float64{}
	for i := range ps {
		value[piece(&ps[i])] += ps[i].Points
	}
	sort.SliceStable(ps, func(i, j int) bool {
		vi, vj := value[piece(&ps[i])], value[piece(&ps[j])]
		if vi != vj {
			return vi > vj
		}
		return ps[i].Points > ps[j].Points
	})
	rank := map[string]int{}    // piece → its place in its group
	counted := map[string]int{} // group → pieces so far
	total := 0.0
	for i := range ps {
		k := piece(&ps[i])
		n, ok := rank[k]
		if !ok {
			n = counted[group(&ps[i])]
			counted[group(&ps[i])] = n + 1
			rank[k] = n
		}
		ps[i].Points *= math.Pow(0.5, float64(n))
		total += ps[i].Points
	}
	return total
}

func (r *Rule) propertyMatches(f graph.Fact) bool {
	if r.Property == "" {
		return true
	}
	// Facts carry their summary (offence, programme, notice type); a rule
	// conditioned on such a property matches on it.
	if r.Equals != "" && !containsFold(f.Summary, r.Equals) {
		return false
	}
	if len(r.Matches) == 0 {
		return true
	}
	for _, m := range r.Matches {
		if containsFold(f.Summary, m) {
			return true
		}
	}
	return false
}

// relationPoints gives each node points for documented relations, within
// the rule's distance, to nodes that carry one of the rule's facts.
// Distance is counted in relations between entities; hubs neither relay
// nor receive (a shared hotel is not a relation), and a route's strength —
// the product of its edges' evidence strengths, damped per extra hop — scales
// the points. Routes are simple (never back through the person scored).
// Each of the person's own relations that leads to the flagged person is a
// separate piece of evidence and counts with its strongest route, whatever
// its length; these add up (noisy-or), so a person tied to a listed person
// directly and through two other contacts of their own has more against
// them than one tie, while a dense group cannot multiply one tie. The
// strongest route explains the points; Routes says how many were combined.
func relationPoints(g *graph.EntityGraph, nodeFacts [][]factRef, r Rule, age func(string) float64, points [][]Point) {
	types := r.linkTypes()
	strengths := make([]float64, len(g.Edges))
	for i := range strengths {
		strengths[i] = -1
	}
	edge := func(ref int32) float64 {
		if strengths[ref] < 0 {
			strengths[ref] = edgeStrength(g, ref, &g.Edges[ref], types, age)
		}
		return strengths[ref]
	}
	arcs := func(u int32, buf []arc) []arc {
		buf = buf[:0]
		nbrs, eids, _ := g.G.Out(u)
		for k, w := range nbrs {
			buf = append(buf, arc{to: w, ref: eids[k]})
		}
		return buf
	}
	for src := range g.Nodes {
		// The related person's strongest qualifying fact.
		var best *factRef
		for i := range nodeFacts[src] {
			fr := &nodeFacts[src][i]
			if slices.Contains(r.Facts, fr.f.Kind) && r.propertyMatches(fr.f) && (best == nil || fr.weight > best.weight) {
				best = fr
			}
		}
		if best == nil || g.Nodes[src].Hub {
			continue
		}
		for w, rt := range routesFrom(g, int32(src), r.MaxDistance, r.Decay, arcs, edge) {
			// The relation's age damps it (edgeStrength); the related fact
			// counts by its grading: an old conviction of a close contact
			// still says who the contact is.
			pts := r.Points * rt.strength * best.grade
			if pts < 0.01 {
				continue
			}
			// The strongest route, from w back to the related person.
			var via []string
			var links []string
			var rels []Relation
			for k := rt.hops - 1; k >= 0; k-- {
				eid := rt.edges[k]
				via = append(via, g.Nodes[rt.nodes[k]].ID)
				for t := range g.Edges[eid].Types.All() {
					if slices.Contains(types, t) && !slices.Contains(links, t.String()) {
						links = append(links, t.String())
					}
				}
				for i, ev := range g.EdgeLinks(eid) {
					if i >= 3 {
						break
					}
					rel := Relation{Type: ev.Type.String(), Record: ev.Record, Detail: ev.Detail}
					if ev.Time != 0 {
						rel.Date = time.Unix(ev.Time, 0).UTC().Format("2006-01-02")
					}
					rels = append(rels, rel)
				}
			}
			points[w] = append(points[w], Point{Rule: r.ID, Kind: "relation", Fact: best.f.Kind, Summary: best.f.Summary,
				Record: best.f.Record, Source: best.f.Source, Reliability: best.f.Reliab.String() + best.f.Credib.String(),
				Date: best.f.Date, Points: pts, Related: g.Nodes[src].ID, Via: via, Links: links, Relations: rels,
				Routes: rt.routes})
		}
	}
}

// arc is a step from a node along a graph edge.
type arc struct {
	to  int32
	ref int32
}

// route is what reaches one node from a flagged person: the combined
// strength of its routes and the strongest route itself.
type route struct {
	strength float64
	bestS    float64
	routes   int
	hops     int
	nodes    [3]int32 // the related person, then the nodes before the target
	edges    [3]int32 // the edges from nodes[k] onwards
	byFirst  map[int32]float64
}

// routesFrom finds the simple routes of up to maxHops relations from src
// (at most 3) to every node, without passing through hubs, each damped by
// decay per hop after the first. What counts as separate evidence for a
// node is its own relations: for each of them the strongest route through
// it is kept, and these are combined as independent evidence,
// 1 − Π(1 − s). A node's own contacts bound how much it can collect, so a
// dense group does not multiply one tie into many.
func routesFrom(g *graph.EntityGraph, src int32, maxHops int, decay float64, arcs func(int32, []arc) []arc,
	edge func(int32) float64) map[int32]*route {
	var buf []arc
	out := map[int32]*route{}
	add := func(w int32, s float64, hops int, nodes [3]int32, edges [3]int32) {
		s *= math.Pow(decay, float64(hops-1))
		if s <= 0 {
			return
		}
		rt := out[w]
		if rt == nil {
			rt = &route{byFirst: map[int32]float64{}}
			out[w] = rt
		}
		// nodes[hops-1] is w's own contact on this route.
		if s > rt.byFirst[nodes[hops-1]] {
			rt.byFirst[nodes[hops-1]] = s
		}
		if s > rt.bestS {
			rt.bestS, rt.hops, rt.nodes, rt.edges = s, hops, nodes, edges
		}
	}
	defer func() {
		for _, rt := range out {
			rt.strength = 0
			for _, s := range rt.byFirst {
				rt.strength = 1 - (1-rt.strength)*(1-s)
			}
			rt.routes = len(rt.byFirst)
			rt.byFirst = nil
		}
	}()
	usable := func(w int32) bool { return w != src && !g.Nodes[w].Hub }
	// One hop.
	type step struct {
		node int32
		edge int32
		s    float64
	}
	var first []step
	buf = arcs(src, buf)
	for _, a := range buf {
		if !usable(a.to) {
			continue
		}
		s := edge(a.ref)
		if s == 0 {
			continue
		}
		first = append(first, step{a.to, a.ref, s})
		add(a.to, s, 1, [3]int32{src}, [3]int32{a.ref})
	}
	if maxHops < 2 {
		return out
	}
	// Two hops, src → x → u; kept per u with the x it came through, so that
	// a third hop does not come back through x.
	type two struct {
		x, ex, eu int32
		s         float64
	}
	second := map[int32][]two{}
	for _, f := range first {
		buf = arcs(f.node, buf)
		for _, a := range buf {
			u := a.to
			if !usable(u) {
				continue
			}
			s := edge(a.ref)
			if s == 0 {
				continue
			}
			second[u] = append(second[u], two{f.node, f.edge, a.ref, f.s * s})
			add(u, f.s*s, 2, [3]int32{src, f.node}, [3]int32{f.edge, a.ref})
		}
	}
	if maxHops < 3 {
		return out
	}
	// Three hops, src → x → u → w with w ≠ x.
	for u, ts := range second {
		buf = arcs(u, buf)
		for _, a := range buf {
			w := a.to
			if !usable(w) {
				continue
			}
			s := edge(a.ref)
			if s == 0 {
				continue
			}
			for _, t := range ts {
				if t.x == w {
					continue
				}
				add(w, t.s*s, 3, [3]int32{src, t.x, u}, [3]int32{t.ex, t.eu, a.ref})
			}
		}
	}
	return out
}

// edgeStrength is an edge's strength counting only the rule's relation
// types, damped by the age of its latest evidence; 0 if none counts.
func edgeStrength(g *graph.EntityGraph, eid int32, e *graph.EdgeInfo, types []graph.LinkType, age func(string) float64) float64 {
	ok := false
	for t := range e.Types.All() {
		ok = ok || slices.Contains(types, t)
	}
	if !ok {
		return 0
	}
	s := float64(e.Strength)
	if e.Last != 0 {
		s *= age(time.Unix(e.Last, 0).UTC().Format("2006-01-02"))
	} else {
		// Undated evidence (a shared address, a family tie in a register)
		// may be old: it counts as evidence one half-life old.
		s *= undatedWeight
	}
	return s
}

// undatedWeight damps relation evidence that carries no date.
const undatedWeight = 0.5

func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01", "2006"} {
		if len(s) >= len(layout) {
			if t, err := time.Parse(layout, s[:len(layout)]); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
