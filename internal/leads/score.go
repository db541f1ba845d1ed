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

// VisibleFacts keeps the facts a viewer may see.
func VisibleFacts(all map[string][]graph.Fact, v *model.Viewer) map[string][]graph.Fact {
	out := map[string][]graph.Fact{}
	for rec, fs := range all {
		for _, f := range fs {
			if v.CanSee(f.Label) {
				out[rec] = append(out[rec], f)
			}
		}
	}
	return out
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
		for _, rec := range g.Members(int32(v)) {
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

// combine adds points with diminishing returns per rule: the strongest
// piece of evidence of a rule counts fully, the next half, then a quarter,
// so ten calls with one listed person do not outweigh the listing itself.
func combine(ps []Point) float64 {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Points > ps[j].Points })
	seen := map[string]int{}
	total := 0.0
	for i := range ps {
		n := seen[ps[i].Rule]
		seen[ps[i].Rule] = n + 1
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
	return r.Equals == "" || containsFold(f.Summary, r.Equals)
}

// relationPoints gives each node points for documented relations, within
// the rule's distance, to nodes that carry one of the rule's facts.
// Distance is counted in relations between entities; hubs neither relay
// nor receive (a shared hotel is not a relation), and the path's strength
// — the product of its edges' evidence strengths — scales the points.
func relationPoints(g *graph.EntityGraph, nodeFacts [][]factRef, r Rule, age func(string) float64, points [][]Point) {
	types := r.linkTypes()
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
		// Best-strength paths up to MaxDistance hops (a small, exact search:
		// the frontier is pruned to the best strength per node and hop).
		type state struct {
			strength float64 // all routes combined
			best     float64 // the strongest route
			routes   int     // routes beyond the first
			prev     int32
			edge     int32
		}
		layers := []map[int32]state{{int32(src): {strength: 1, best: 1, prev: -1, edge: -1}}}
		for d := 1; d <= r.MaxDistance; d++ {
			next := map[int32]state{}
			for u, st := range layers[d-1] {
				if g.Nodes[u].Hub {
					continue
				}
				nbrs, eids, _ := g.G.Out(u)
				for k, w := range nbrs {
					if w == int32(src) || g.Nodes[w].Hub {
						continue
					}
					e := &g.Edges[eids[k]]
					s := edgeStrength(g, eids[k], e, types, age)
					if s == 0 {
						continue
					}
					// Several routes to the same flagged person add up (as
					// independent evidence, noisy-or); the strongest one is
					// kept to explain the points.
					ns := st.strength * s
					old, ok := next[w]
					switch {
					case !ok:
						next[w] = state{strength: ns, prev: u, edge: eids[k], best: ns}
					case ns > old.best:
						next[w] = state{strength: 1 - (1-old.strength)*(1-ns), prev: u, edge: eids[k], best: ns, routes: old.routes + 1}
					default:
						old.strength = 1 - (1-old.strength)*(1-ns)
						old.routes++
						next[w] = old
					}
				}
			}
			layers = append(layers, next)
		}
		bestAt := map[int32]int{} // node → hop count of its best path
		for d := 1; d <= r.MaxDistance; d++ {
			for w, st := range layers[d] {
				if prev, ok := bestAt[w]; ok {
					if layers[prev][w].strength*math.Pow(r.Decay, float64(prev-1)) >= st.strength*math.Pow(r.Decay, float64(d-1)) {
						continue
					}
				}
				bestAt[w] = d
			}
		}
		for w, d := range bestAt {
			st := layers[d][w]
			// The relation's age damps it (edgeStrength); the related fact
			// counts by its grading: an old conviction of a close contact
			// still says who the contact is.
			pts := r.Points * math.Pow(r.Decay, float64(d-1)) * st.strength * best.grade
			if pts < 0.01 {
				continue
			}
			// Walk back for the route and its relation types.
			var via []string
			var links []string
			var rels []Relation
			cur, hop := w, d
			for hop > 0 {
				s := layers[hop][cur]
				for _, t := range g.Edges[s.edge].Types {
					if !slices.Contains(links, t.String()) {
						links = append(links, t.String())
					}
				}
				for i, ev := range g.EdgeLinks(s.edge) {
					if i >= 3 {
						break
					}
					rel := Relation{Type: ev.Type.String(), Record: ev.Record, Detail: ev.Detail}
					if ev.Time != 0 {
						rel.Date = time.Unix(ev.Time, 0).UTC().Format("2006-01-02")
					}
					rels = append(rels, rel)
				}
				cur = s.prev
				hop--
				via = append(via, g.Nodes[cur].ID)
			}
			points[w] = append(points[w], Point{Rule: r.ID, Kind: "relation", Fact: best.f.Kind, Summary: best.f.Summary,
				Record: best.f.Record, Source: best.f.Source, Reliability: best.f.Reliab.String() + best.f.Credib.String(),
				Date: best.f.Date, Points: pts, Related: g.Nodes[src].ID, Via: via, Links: links, Relations: rels})
		}
	}
}

// edgeStrength is an edge's strength counting only the rule's relation
// types, damped by the age of its latest evidence; 0 if none counts.
func edgeStrength(g *graph.EntityGraph, eid int32, e *graph.EdgeInfo, types []graph.LinkType, age func(string) float64) float64 {
	ok := false
	for _, t := range e.Types {
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
