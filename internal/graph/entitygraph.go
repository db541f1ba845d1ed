package graph

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// EntityGraph is the link graph as one viewer may see it: nodes are the
// viewer's entities (and hub nodes), edges aggregate the visible links
// between them. A link whose label the viewer cannot satisfy does not exist
// here — not in paths, communities, centrality or counts — and records are
// grouped into entities only through judgements the viewer may see.
type EntityGraph struct {
	G     *Graph
	Nodes []NodeInfo
	Edges []EdgeInfo // by edge id
	links *Links
	// members lists each node's records (empty for hubs).
	members [][]string
}

// NodeInfo describes a node.
type NodeInfo struct {
	ID      string // entity id, or hub key
	Caption string
	Schema  string
	Hub     bool
	// HubReason says why a node is a hub: a generic value shared by many
	// records, or an entity tied to unusually many others.
	HubReason string
	Degree    int
}

// EdgeInfo aggregates the links between two nodes.
type EdgeInfo struct {
	A, B        int32
	Types       []LinkType // distinct, sorted
	Count       int
	Strength    float32 // noisy-or of the links' strengths
	First, Last int64
	Links       []int32 // indices into the link table
}

// Damped reports whether the edge touches a hub.
func (g *EntityGraph) Damped(eid int32) bool {
	e := g.Edges[eid]
	return g.Nodes[e.A].Hub || g.Nodes[e.B].Hub
}

// entityHubDegree: an entity linked to more distinct nodes than this (a
// hotel, a switchboard company) is flagged as a hub too.
const entityHubDegree = 60

// ForView builds the viewer's entity graph.
func (l *Links) ForView(ctx context.Context, v *store.View) (*EntityGraph, error) {
	entityOf, err := v.EntityMap(ctx)
	if err != nil {
		return nil, err
	}
	captions := map[string]*model.Entity{}
	legal := map[string]bool{} // records that are people or organisations
	err = v.ScanStatements(ctx, func(s *model.Statement) error {
		if sc := model.SchemaByName(s.Schema); sc == nil || !sc.IsA("LegalEntity") {
			return nil
		}
		legal[s.Record] = true
		switch s.Prop {
		case "name", "firstName", "lastName":
		default:
			return nil
		}
		e := entityOf[s.Record]
		ent := captions[e]
		if ent == nil {
			ent = model.NewEntity(s.Schema, e)
			captions[e] = ent
		}
		ent.Add(s.Prop, s.Value)
		if sc := model.SchemaByName(s.Schema); sc != nil && sc.IsA(ent.Schema) {
			ent.Schema = s.Schema
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	eg := &EntityGraph{links: l}
	b := NewBuilder(false, true)
	nodeOf := func(linkNode int32) (int32, bool) {
		if l.isHub[linkNode] {
			key := l.nodes[linkNode]
			if !hasName(b, key) {
				eg.Nodes = append(eg.Nodes, NodeInfo{ID: key, Caption: key, Hub: true,
					HubReason: fmt.Sprintf("%s shared by %d records", l.hubs[linkNode].Kind, l.hubs[linkNode].Degree)})
				eg.members = append(eg.members, nil)
			}
			return b.Node(key), true
		}
		rec := l.nodes[linkNode]
		e, ok := entityOf[rec]
		if !ok || !legal[rec] {
			return 0, false // a record the viewer cannot see, or not a person or organisation
		}
		if !hasName(b, e) {
			info := NodeInfo{ID: e, Caption: e}
			if c := captions[e]; c != nil {
				info.Caption, info.Schema = c.PickCaption(), c.Schema
			}
			eg.Nodes = append(eg.Nodes, info)
			eg.members = append(eg.members, nil)
		}
		return b.Node(e), true
	}
	type pair struct{ a, b int32 }
	agg := map[pair]*EdgeInfo{}
	var order []pair
	for i := range l.links {
		lk := &l.links[i]
		if !v.CanSee(l.labels[lk.Label]) {
			continue
		}
		a, okA := nodeOf(lk.A)
		c, okB := nodeOf(lk.B)
		if !okA || !okB || a == c {
			continue
		}
		p := pair{min(a, c), max(a, c)}
		e := agg[p]
		if e == nil {
			e = &EdgeInfo{A: p.a, B: p.b, First: math.MaxInt64}
			agg[p] = e
			order = append(order, p)
		}
		e.Count++
		e.Strength = 1 - (1-e.Strength)*(1-lk.Strength)
		if !slices.Contains(e.Types, lk.Type) {
			e.Types = append(e.Types, lk.Type)
		}
		if lk.Time != 0 {
			e.First = min(e.First, lk.Time)
			e.Last = max(e.Last, lk.Time)
		}
		e.Links = append(e.Links, int32(i))
	}
	// Isolated visible entities still exist as nodes (they count).
	ents := make([]string, 0, len(entityOf))
	seen := map[string]bool{}
	for rec, e := range entityOf {
		if legal[rec] && !seen[e] {
			seen[e] = true
			ents = append(ents, e)
		}
	}
	sort.Strings(ents)
	for _, e := range ents {
		if !hasName(b, e) {
			info := NodeInfo{ID: e, Caption: e}
			if c := captions[e]; c != nil {
				info.Caption, info.Schema = c.PickCaption(), c.Schema
			}
			eg.Nodes = append(eg.Nodes, info)
			eg.members = append(eg.members, nil)
			b.Node(e)
		}
	}
	for rec, e := range entityOf {
		if i, ok := b.index[e]; ok && legal[rec] {
			eg.members[i] = append(eg.members[i], rec)
		}
	}
	for _, ms := range eg.members {
		sort.Strings(ms)
	}
	for _, p := range order {
		e := agg[p]
		if e.First == math.MaxInt64 {
			e.First = 0
		}
		sort.Slice(e.Types, func(i, j int) bool { return e.Types[i] < e.Types[j] })
		b.AddEdge(p.a, p.b, min(e.Strength, 0.99))
		eg.Edges = append(eg.Edges, *e)
	}
	g, err := b.Build()
	if err != nil {
		return nil, err
	}
	eg.G = g
	for i := range eg.Nodes {
		eg.Nodes[i].Degree = g.Degree(int32(i))
		if !eg.Nodes[i].Hub && eg.Nodes[i].Degree > entityHubDegree {
			eg.Nodes[i].Hub = true
			eg.Nodes[i].HubReason = fmt.Sprintf("linked to %d others", eg.Nodes[i].Degree)
		}
	}
	return eg, nil
}

func hasName(b *Builder, name string) bool {
	_, ok := b.index[name]
	return ok
}

// Lookup finds the node of an entity id, or of the entity holding a record.
func (g *EntityGraph) Lookup(id string) (int32, bool) {
	if v, ok := g.G.Lookup(id); ok {
		return v, true
	}
	for i, ms := range g.members {
		if slices.Contains(ms, id) {
			return int32(i), true
		}
	}
	return 0, false
}

// Members lists the records behind a node.
func (g *EntityGraph) Members(v int32) []string { return g.members[v] }

// hubSet marks the hub nodes.
func (g *EntityGraph) hubSet() Bitset {
	bs := NewBitset(len(g.Nodes))
	for i, n := range g.Nodes {
		if n.Hub {
			bs.Set(i)
		}
	}
	return bs
}

// Filter selects edges by type and time.
type Filter struct {
	Types    []LinkType // empty: all
	From, To time.Time  // zero: open
}

func (f Filter) admits(g *EntityGraph, eid int32) bool {
	e := &g.Edges[eid]
	if len(f.Types) > 0 {
		ok := false
		for _, t := range e.Types {
			ok = ok || slices.Contains(f.Types, t)
		}
		if !ok {
			return false
		}
	}
	if f.From.IsZero() && f.To.IsZero() {
		return true
	}
	// Admit an edge if any of its dated links falls in the window; links
	// without a date (a family tie) hold at all times.
	for _, li := range e.Links {
		t := g.links.links[li].Time
		if t == 0 {
			return true
		}
		if (f.From.IsZero() || t >= f.From.Unix()) && (f.To.IsZero() || t <= f.To.Unix()) {
			return true
		}
	}
	return false
}

// Ego is the neighbourhood of some nodes. Hubs appear (flagged) but do not
// relay: a hotel's address does not make its guests one's neighbours.
func (g *EntityGraph) Ego(centres []int32, hops int, f Filter, maxNodes int) (Ego, error) {
	isCentre := map[int32]bool{}
	for _, c := range centres {
		isCentre[c] = true
	}
	return EgoNetwork(g.G, centres, EgoOptions{Hops: hops, MaxNodes: maxNodes,
		EdgeOK: func(from, to, eid int32) bool {
			if g.Nodes[from].Hub && !isCentre[from] {
				return false
			}
			return f.admits(g, eid)
		}})
}

// HubMode says how paths and communities treat hubs.
type HubMode int

const (
	HubsDamped   HubMode = iota // passing through a hub costs extra
	HubsExcluded                // hubs are never passed through
	HubsIncluded                // hubs are ordinary nodes
)

// hubPenalty is the extra cost (in -ln strength units) of passing through
// a hub: about as much as a link of strength 0.05.
const hubPenalty = 3.0

// Paths finds up to k connecting paths between two sets of nodes, the
// strongest evidence first (cost = -ln strength per edge).
func (g *EntityGraph) Paths(from, to []int32, k int, f Filter, hubs HubMode, maxHops int) ([]Path, error) {
	opt := PathOptions{Cost: CostNegLog, MaxHops: maxHops, EdgeOK: func(eid int32) bool { return f.admits(g, eid) }}
	switch hubs {
	case HubsDamped:
		opt.NodePenalty = make([]float64, len(g.Nodes))
		for i, n := range g.Nodes {
			if n.Hub {
				opt.NodePenalty[i] = hubPenalty
			}
		}
	case HubsExcluded:
		opt.Exclude = g.hubSet()
	}
	return KShortestPathsBetween(g.G, from, to, k, opt)
}

// analysisGraph is the graph communities and centralities run on.
func (g *EntityGraph) analysisGraph(hubs HubMode) *Graph {
	if hubs == HubsIncluded {
		return g.G
	}
	return g.G.WithoutNodes(g.hubSet())
}

// Communities runs Leiden (modularity) on the graph without hubs unless
// asked otherwise; hubs get community -1.
func (g *EntityGraph) Communities(ctx context.Context, hubs HubMode) (LeidenResult, error) {
	res, err := Leiden(ctx, g.analysisGraph(hubs), LeidenOptions{Weighted: true, Seed: 1, Restarts: 2})
	if err != nil {
		return res, err
	}
	if hubs != HubsIncluded {
		for i, n := range g.Nodes {
			if n.Hub {
				res.Membership[i] = -1
			}
		}
	}
	return res, nil
}

// EdgeLinks returns the links behind an edge with their evidence.
func (g *EntityGraph) EdgeLinks(eid int32) []LinkEvidence {
	e := g.Edges[eid]
	out := make([]LinkEvidence, 0, len(e.Links))
	for _, li := range e.Links {
		lk := g.links.links[li]
		ev := g.links.evidence[lk.Evidence]
		out = append(out, LinkEvidence{Type: lk.Type, A: g.links.nodes[lk.A], B: g.links.nodes[lk.B],
			Time: lk.Time, Strength: lk.Strength, Label: g.links.labels[lk.Label], Record: ev.Record, Detail: ev.Detail})
	}
	return out
}

// LinkEvidence is one link as shown with an edge.
type LinkEvidence struct {
	Type     LinkType
	A, B     string // the records (or hub) it joins
	Time     int64
	Strength float32
	Label    string
	Record   string // the documenting record, if any
	Detail   string
}
