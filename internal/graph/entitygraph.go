package graph

import (
	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/strarena"
)

// EntityGraph is the link graph as one viewer may see it: nodes are the
// viewer's entities (and hub nodes), edges aggregate the visible links
// between them. A link whose label the viewer cannot satisfy does not exist
// here — not in paths, communities, centrality or counts — and records are
// grouped into entities only through judgements the viewer may see. Hubs,
// generic numbers and who travelled together are decided from the records
// the viewer may see, so not even a count reveals a hidden record.
type EntityGraph struct {
	G     *Graph
	Nodes []NodeInfo
	Edges []EdgeInfo // by edge id
	links *Links
	// vlinks are the links this viewer sees; Edges refer to them.
	vlinks   []viewLink
	labels   []string
	evidence []Evidence
	// The records behind each node, and the node of each record, in
	// arrays without pointers over the record table of links (record r is
	// links.nodes[r], or extra[r-len(links.nodes)]). A graph lives as long
	// as its data generation, one per viewer class, and at 1M records a
	// slice of id strings per node and a map from record id to node were
	// millions of objects the garbage collector marked in every cycle,
	// which set the server's tail latency; these are four arrays.
	//
	// nodeOf is the node of each record, -1 for a record that is not a
	// person or organisation this viewer may see. Node v's records are
	// memberRec[memberOff[v]:memberOff[v+1]], sorted by record id; hubs
	// have none.
	nodeOf    []int32
	memberOff []int32
	memberRec []int32
	// extra are the viewer's people and organisations missing from the
	// link table (written to the store after it was built), and extraIdx
	// their indices; both are empty when the table is current.
	extra    []string
	extraIdx map[string]int32
	// Edge e's links are edgeLinkIDs[edgeLinkOff[e]:edgeLinkOff[e+1]]
	// (indices into vlinks), in order.
	edgeLinkOff []int32
	edgeLinkIDs []int32

	// Built on first use and then shared by every query (the nodes' hub
	// flags do not change once the graph is built).
	hubsOnce sync.Once
	hubs     Bitset
	hubPen   *penaltySet
}

// viewLink is one visible link between two record nodes of the link
// table, or between a record node and a hub node of this graph.
type viewLink struct {
	ra, rb   int32 // record nodes; rb is -1 when the other end is a hub
	hub      int32 // graph node of the hub, when rb is -1
	typ      LinkType
	label    int32 // in EntityGraph.labels
	time     int64
	strength float32
	evidence int32 // in EntityGraph.evidence
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

// EdgeInfo aggregates the links between two nodes. It holds no pointers
// (a graph has millions of edges, which the collector would otherwise
// visit in every cycle); the edge's links are EntityGraph.edgeLinks.
type EdgeInfo struct {
	A, B        int32
	Types       LinkTypes
	Count       int
	Strength    float32 // noisy-or of the links' strengths
	First, Last int64
}

// Damped reports whether the edge touches a hub.
func (g *EntityGraph) Damped(eid int32) bool {
	e := g.Edges[eid]
	return g.Nodes[e.A].Hub || g.Nodes[e.B].Hub
}

// entityHubDegree: an entity linked to more distinct nodes than this (a
// hotel, a switchboard company) is flagged as a hub too.
const entityHubDegree = 60

// viewBuilder assembles one viewer's graph.
type viewBuilder struct {
	l        *Links
	v        *model.Viewer
	eg       *EntityGraph
	b        *Builder
	labelVis []int8 // per global label: 0 unknown, 1 visible, -1 hidden
	labelIdx map[string]int32
	entityOf map[string]string // the viewer's resolution: record → entity
}

func (vb *viewBuilder) visible(label int32) bool {
	switch vb.labelVis[label] {
	case 1:
		return true
	case -1:
		return false
	}
	ok := vb.v.CanSee(vb.l.labels[label])
	vb.labelVis[label] = -1
	if ok {
		vb.labelVis[label] = 1
	}
	return ok
}

func (vb *viewBuilder) label(s string) int32 {
	if i, ok := vb.labelIdx[s]; ok {
		return i
	}
	i := int32(len(vb.eg.labels))
	vb.eg.labels = append(vb.eg.labels, s)
	vb.labelIdx[s] = i
	return i
}

func (vb *viewBuilder) evidence(ev Evidence) int32 {
	vb.eg.evidence = append(vb.eg.evidence, ev)
	return int32(len(vb.eg.evidence) - 1)
}

// group turns records sharing something into links for this viewer:
// pairwise when few visible records share it, through a hub node when many.
func (vb *viewBuilder) group(kind LinkType, detail, hubKey string, when int64, ms []member) {
	seen := map[int32]bool{}
	var vis []member
	for _, m := range ms {
		if !seen[m.node] && vb.visible(m.label) {
			seen[m.node] = true
			vis = append(vis, m)
		}
	}
	if len(vis) < 2 {
		return
	}
	ev := vb.evidence(Evidence{Detail: detail})
	if len(vis) > vb.l.threshold {
		hub := vb.b.Node(hubKey)
		if int(hub) == len(vb.eg.Nodes) {
			vb.eg.Nodes = append(vb.eg.Nodes, NodeInfo{ID: hubKey, Caption: hubKey, Hub: true,
				HubReason: fmt.Sprintf("%s shared by %d records", kind, len(vis))})
		}
		for _, m := range vis {
			vb.eg.vlinks = append(vb.eg.vlinks, viewLink{ra: m.node, rb: -1, hub: hub, typ: LinkHub,
				label: m.label, time: m.time, strength: baseStrength[LinkHub] * m.grade, evidence: ev})
		}
		return
	}
	for i := 0; i < len(vis); i++ {
		for j := i + 1; j < len(vis); j++ {
			a, c := vis[i], vis[j]
			vb.eg.vlinks = append(vb.eg.vlinks, viewLink{ra: a.node, rb: c.node, typ: kind,
				label: vb.label(model.Conjoin(vb.l.labels[a.label], vb.l.labels[c.label])), time: when,
				strength: baseStrength[kind] * min(a.grade, c.grade), evidence: ev})
		}
	}
}

// maxNumberHolders: a number held by more people (resolved entities with a
// visible record holding it) than this is too generic to say who called or
// who was named. People, not records: one person's number appears in their
// subscriber record, police files and bookings, and counting each would
// cut the calls of exactly the people most documented.
const maxNumberHolders = 3

// call turns a call or a report into links for this viewer.
func (vb *viewBuilder) call(cg *callGroup) {
	if !vb.visible(cg.label) {
		return
	}
	side := func(ends []end) []end {
		perNumber := map[string][]end{}
		var out []end
		for _, e := range ends {
			if !vb.visible(e.label) {
				continue
			}
			if e.number == "" {
				out = append(out, e)
			} else {
				perNumber[e.number] = append(perNumber[e.number], e)
			}
		}
		for _, es := range perNumber {
			holders := map[string]bool{}
			for _, e := range es {
				name := vb.l.nodes[e.node]
				if ent, ok := vb.entityOf[name]; ok {
					name = ent
				}
				holders[name] = true
			}
			if len(holders) <= maxNumberHolders {
				out = append(out, es...)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].node < out[j].node })
		return out
	}
	link := func(a, c end) {
		if a.node == c.node {
			return
		}
		vb.eg.vlinks = append(vb.eg.vlinks, viewLink{ra: a.node, rb: c.node, typ: cg.kind,
			label: vb.label(model.Conjoin(vb.l.labels[cg.label], vb.l.labels[a.label], vb.l.labels[c.label])),
			time:  cg.time, strength: baseStrength[cg.kind] * cg.grade,
			evidence: vb.evidence(vb.l.evidence[cg.evidence])})
	}
	if cg.kind == LinkMention {
		named := side(cg.ends[0])
		for i := 0; i < len(named); i++ {
			for j := i + 1; j < len(named); j++ {
				link(named[i], named[j])
			}
		}
		return
	}
	for _, a := range side(cg.ends[0]) {
		for _, c := range side(cg.ends[1]) {
			link(a, c)
		}
	}
}

// crossings finds, among the crossings this viewer sees at one point in one
// direction, the travellers who crossed within the window of each other.
func (vb *viewBuilder) crossings(g *crossingGroup) {
	var vis []member
	for _, m := range g.members {
		if vb.visible(m.label) {
			vis = append(vis, m)
		}
	}
	for i := 0; i < len(vis); {
		j := i + 1
		for j < len(vis) && vis[j].time-vis[j-1].time <= vb.l.window {
			j++
		}
		if j-i > 1 {
			when := time.Unix(vis[i].time, 0).UTC()
			vb.group(LinkTravel, "crossing "+g.place+" "+when.Format("2006-01-02 15:04"),
				"crossing:"+g.place+" "+when.Format("2006-01-02T15:04"), vis[i].time, vis[i:j])
		}
		i = j
	}
}

// ForView builds the viewer's entity graph.
func (l *Links) ForView(ctx context.Context, v *store.View) (*EntityGraph, error) {
	// One read of the store for the entity map and the captions: the names
	// of people and organisations are kept in scan order and replayed into
	// their entities once the map is known.
	type named struct{ schema, prop, value, record string }
	var namesInOrder []named
	eg := &EntityGraph{links: l, labels: append([]string(nil), l.labels...)}
	// legal marks, by record index (see EntityGraph.nodeOf), the records
	// that are people or organisations this viewer may see.
	nl := len(l.nodes)
	legal := make([]bool, nl)
	recIndex := func(rec string) int32 {
		if i, ok := l.index[rec]; ok {
			return i
		}
		if i, ok := eg.extraIdx[rec]; ok {
			return i
		}
		// Not in the link table: a record written after it was built.
		if eg.extraIdx == nil {
			eg.extraIdx = map[string]int32{}
		}
		i := int32(nl + len(eg.extra))
		eg.extra = append(eg.extra, rec)
		eg.extraIdx[rec] = i
		legal = append(legal, false)
		return i
	}
	lastRec, lastIdx := "", int32(-1)
	entityOf, err := v.EntityMapScan(ctx, func(s *model.Statement) error {
		if sc := model.SchemaByName(s.Schema); sc == nil || !sc.IsA("LegalEntity") {
			return nil
		}
		if lastIdx < 0 || s.Record != lastRec {
			lastRec, lastIdx = s.Record, recIndex(s.Record)
		}
		legal[lastIdx] = true
		switch s.Prop {
		case "name", "firstName", "lastName":
			namesInOrder = append(namesInOrder, named{s.Schema, s.Prop, s.Value, s.Record})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	captions := map[string]*model.Entity{}
	for _, s := range namesInOrder {
		e := entityOf[s.record]
		ent := captions[e]
		if ent == nil {
			ent = model.NewEntity(s.schema, e)
			captions[e] = ent
		}
		ent.Add(s.prop, s.value)
		if sc := model.SchemaByName(s.schema); sc != nil && sc.IsA(ent.Schema) {
			ent.Schema = s.schema
		}
	}
	namesInOrder = nil
	b := NewBuilder(false, true)
	vb := &viewBuilder{l: l, v: v.Viewer(), eg: eg, b: b, labelVis: make([]int8, len(l.labels)), labelIdx: map[string]int32{}, entityOf: entityOf}
	for i, s := range l.labels {
		vb.labelIdx[s] = int32(i)
	}
	// Visible links: direct ones, then those decided from visible members.
	for i := range l.links {
		lk := &l.links[i]
		if vb.visible(lk.Label) {
			eg.vlinks = append(eg.vlinks, viewLink{ra: lk.A, rb: lk.B, typ: lk.Type, label: lk.Label, time: lk.Time,
				strength: lk.Strength, evidence: vb.evidence(l.evidence[lk.Evidence])})
		}
	}
	for i := range l.groups {
		g := &l.groups[i]
		vb.group(g.kind, g.detail, g.hubKey, g.time, g.members)
	}
	for i := range l.crossings {
		vb.crossings(&l.crossings[i])
	}
	for i := range l.calls {
		vb.call(&l.calls[i])
	}
	// The nodes' ids and captions are copied into shared blocks: a graph
	// lives as long as its data generation, and these strings were
	// decoded one object each (see Links.compact).
	var text strarena.Arena
	entityNodeNew := func(e string) int32 {
		e = text.Copy(e)
		info := NodeInfo{ID: e, Caption: e}
		if c := captions[e]; c != nil {
			info.Caption, info.Schema = text.Copy(c.PickCaption()), c.Schema
			if sc := model.SchemaByName(c.Schema); sc != nil {
				info.Schema = sc.Name // the schema table's copy, not one per node
			}
		}
		eg.Nodes = append(eg.Nodes, info)
		return b.Node(e)
	}
	entityNode := func(rec int32) (int32, bool) {
		if !legal[rec] {
			return 0, false // a record the viewer cannot see, or not a person or organisation
		}
		e, ok := entityOf[l.nodes[rec]]
		if !ok {
			return 0, false
		}
		if idx, ok := b.index[e]; ok {
			return idx, true
		}
		return entityNodeNew(e), true
	}
	type pair struct{ a, b int32 }
	agg := map[pair]int32{} // edge ids, in order of first link
	linkEdge := make([]int32, len(eg.vlinks))
	for i := range eg.vlinks {
		linkEdge[i] = -1
		lk := &eg.vlinks[i]
		a, okA := entityNode(lk.ra)
		var c int32
		okB := true
		if lk.rb >= 0 {
			c, okB = entityNode(lk.rb)
		} else {
			c = lk.hub
		}
		if !okA || !okB || a == c {
			continue
		}
		p := pair{min(a, c), max(a, c)}
		eid, ok := agg[p]
		if !ok {
			eid = int32(len(eg.Edges))
			eg.Edges = append(eg.Edges, EdgeInfo{A: p.a, B: p.b, First: math.MaxInt64})
			agg[p] = eid
		}
		e := &eg.Edges[eid]
		e.Count++
		e.Strength = 1 - (1-e.Strength)*(1-lk.strength)
		e.Types = e.Types.With(lk.typ)
		if lk.time != 0 {
			e.First = min(e.First, lk.time)
			e.Last = max(e.Last, lk.time)
		}
		linkEdge[i] = eid
	}
	eg.groupLinks(linkEdge)
	// Every visible person or organisation is a node, linked or not.
	var ents []string
	seen := map[string]bool{}
	for r, ok := range legal {
		if !ok {
			continue
		}
		if e, ok := entityOf[eg.record(int32(r))]; ok && !seen[e] {
			seen[e] = true
			ents = append(ents, e)
		}
	}
	sort.Strings(ents)
	for _, e := range ents {
		if !hasName(b, e) {
			entityNodeNew(e)
		}
	}
	eg.members(legal, func(r int32) (int32, bool) {
		if e, ok := entityOf[eg.record(r)]; ok {
			v, ok := b.index[e]
			return v, ok
		}
		return 0, false
	})
	for i := range eg.Edges {
		e := &eg.Edges[i]
		if e.First == math.MaxInt64 {
			e.First = 0
		}
		b.AddEdge(e.A, e.B, min(e.Strength, 0.99))
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

// groupLinks lists each edge's links (edgeLinks): linkEdge is the edge of
// each visible link, -1 for none. Within an edge, links keep their order.
func (g *EntityGraph) groupLinks(linkEdge []int32) {
	g.edgeLinkOff, g.edgeLinkIDs = groupBy(linkEdge, len(g.Edges))
}

// groupBy lists the items of each group, in one array without pointers:
// item i belongs to group of[i] (none when -1), and group k's items are
// items[off[k]:off[k+1]], in ascending order.
func groupBy(of []int32, groups int) (off, items []int32) {
	off = make([]int32, groups+1)
	for _, k := range of {
		if k >= 0 {
			off[k+1]++
		}
	}
	for k := range groups {
		off[k+1] += off[k]
	}
	items = make([]int32, off[groups])
	next := slices.Clone(off[:groups])
	for i, k := range of {
		if k >= 0 {
			items[next[k]] = int32(i)
			next[k]++
		}
	}
	return off, items
}

// edgeLinks are the indices of edge eid's visible links.
func (g *EntityGraph) edgeLinks(eid int32) []int32 {
	return g.edgeLinkIDs[g.edgeLinkOff[eid]:g.edgeLinkOff[eid+1]]
}

// members fills nodeOf and the member lists: each record r marked in legal
// belongs to node nodeOf(r) when ok.
func (g *EntityGraph) members(legal []bool, nodeOf func(r int32) (int32, bool)) {
	g.nodeOf = make([]int32, len(legal))
	for r, ok := range legal {
		g.nodeOf[r] = -1
		if !ok {
			continue
		}
		if v, ok := nodeOf(int32(r)); ok {
			g.nodeOf[r] = v
		}
	}
	g.memberOff, g.memberRec = groupBy(g.nodeOf, len(g.Nodes))
	for v := range g.Nodes {
		if ms := g.memberRec[g.memberOff[v]:g.memberOff[v+1]]; len(ms) > 1 {
			slices.SortFunc(ms, func(a, b int32) int { return strings.Compare(g.record(a), g.record(b)) })
		}
	}
}

// record is the id of record r (an index into nodeOf).
func (g *EntityGraph) record(r int32) string {
	if int(r) < len(g.links.nodes) {
		return g.links.nodes[r]
	}
	return g.extra[int(r)-len(g.links.nodes)]
}

// Lookup finds the node of an entity id, or of the entity holding a record.
func (g *EntityGraph) Lookup(id string) (int32, bool) {
	if v, ok := g.G.Lookup(id); ok {
		return v, true
	}
	r, ok := g.links.index[id]
	if !ok {
		if r, ok = g.extraIdx[id]; !ok {
			return 0, false
		}
	}
	if v := g.nodeOf[r]; v >= 0 {
		return v, true
	}
	return 0, false
}

// Members yields the records behind a node (none for a hub), sorted by
// record id. The ids are the link table's own strings: nothing is copied
// or allocated.
func (g *EntityGraph) Members(v int32) iter.Seq[string] {
	recs := g.memberRec[g.memberOff[v]:g.memberOff[v+1]]
	return func(yield func(string) bool) {
		for _, r := range recs {
			if !yield(g.record(r)) {
				return
			}
		}
	}
}

// MemberCount is the number of records behind a node.
func (g *EntityGraph) MemberCount(v int32) int { return int(g.memberOff[v+1] - g.memberOff[v]) }

// hubSet marks the hub nodes.
func (g *EntityGraph) hubSet() Bitset {
	g.hubsOnce.Do(g.findHubs)
	return g.hubs
}

// hubPenalties are the damping penalties of the hub nodes.
func (g *EntityGraph) hubPenalties() *penaltySet {
	g.hubsOnce.Do(g.findHubs)
	return g.hubPen
}

// findHubs builds the hub set and the damping penalties once: a path
// query would otherwise allocate and scan a slice over every node.
func (g *EntityGraph) findHubs() {
	g.hubs = NewBitset(len(g.Nodes))
	pen := make([]float64, len(g.Nodes))
	ps := &penaltySet{pen: pen}
	for i, n := range g.Nodes {
		if n.Hub {
			g.hubs.Set(i)
			pen[i] = hubPenalty
			ps.heavy = append(ps.heavy, int32(i))
		}
	}
	if len(ps.heavy) > 0 {
		ps.max = hubPenalty
	}
	g.hubPen = ps
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
		for _, t := range f.Types {
			ok = ok || e.Types.Has(t)
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
	for _, li := range g.edgeLinks(eid) {
		t := g.vlinks[li].time
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
		ps := g.hubPenalties()
		opt.NodePenalty, opt.penSet = ps.pen, ps
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
	lis := g.edgeLinks(eid)
	out := make([]LinkEvidence, 0, len(lis))
	for _, li := range lis {
		lk := g.vlinks[li]
		ev := g.evidence[lk.evidence]
		b := g.Nodes[lk.hub].ID
		if lk.rb >= 0 {
			b = g.links.nodes[lk.rb]
		}
		out = append(out, LinkEvidence{Type: lk.typ, A: g.links.nodes[lk.ra], B: b, Time: lk.time,
			Strength: lk.strength, Label: g.labels[lk.label], Record: ev.Record, Detail: ev.Detail})
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
