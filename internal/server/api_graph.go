package server

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mosaichq/mosaic/internal/graph"
	"github.com/mosaichq/mosaic/internal/leads"
	"github.com/mosaichq/mosaic/internal/model"
)

// analysis caches what the graph, timeline, map and leads routes need: the
// global link table, and per viewer class (set of authorisations) the
// entity graph and its communities. Any change to the data (an upload, a
// judgement) starts a new generation and the caches are rebuilt on demand.
type analysis struct {
	mu     sync.Mutex
	gen    uint64
	linkAt uint64
	links  *graph.Links
	views  map[string]*viewerGraph
}

type viewerGraph struct {
	gen  uint64
	g    *graph.EntityGraph
	comm []int
	mod  float64
	// facts are the visible facts by record; they share slices (or the
	// whole map) with links.Facts, so neither may be modified.
	facts map[string][]graph.Fact
	built sync.Once
	err   error
	// ready is set once built has finished without error: until then
	// only callers that wait on built may read g.
	ready atomic.Bool
}

// readyGraph returns the caller's entity graph of the current generation
// if it is already built, without building or waiting for it.
func (s *Server) readyGraph(c *Call) *viewerGraph {
	s.an.mu.Lock()
	defer s.an.mu.Unlock()
	vg := s.an.views[viewerKey(c.Viewer())]
	if vg == nil || vg.gen != s.an.gen || !vg.ready.Load() {
		return nil
	}
	return vg
}

// invalidate starts a new data generation.
func (s *Server) invalidate() {
	s.an.mu.Lock()
	s.an.gen++
	s.an.mu.Unlock()
}

func viewerKey(v *model.Viewer) string { return v.Auths.String() }

// viewerGraph returns the caller's entity graph, building it if needed.
func (s *Server) viewerGraph(ctx context.Context, c *Call) (*viewerGraph, error) {
	if vg := s.readyGraph(c); vg != nil {
		return vg, nil
	}
	var vg *viewerGraph
	var err error
	if werr := c.unadmitted(ctx, func() { vg, err = s.buildViewerGraph(ctx, c) }); werr != nil {
		return nil, werr
	}
	return vg, err
}

// buildViewerGraph builds the caller's graph, or waits for a build of it
// already under way.
func (s *Server) buildViewerGraph(ctx context.Context, c *Call) (*viewerGraph, error) {
	s.an.mu.Lock()
	if s.an.views == nil {
		s.an.views = map[string]*viewerGraph{}
	}
	gen := s.an.gen
	if s.an.links == nil || s.an.linkAt != gen {
		ix, err := s.index(ctx)
		if err != nil {
			s.an.mu.Unlock()
			return nil, err
		}
		links, err := graph.ExtractLinks(s.life, s.b, graph.LinkOptions{MentionMatch: graph.SearchMentions(ix)})
		if err != nil {
			s.an.mu.Unlock()
			return nil, err
		}
		s.an.links, s.an.linkAt = links, gen
	}
	links := s.an.links
	key := viewerKey(c.Viewer())
	vg := s.an.views[key]
	if vg == nil || vg.gen != gen {
		vg = &viewerGraph{gen: gen}
		s.an.views[key] = vg
	}
	s.an.mu.Unlock()
	vg.built.Do(func() {
		bctx := s.life
		g, err := links.ForView(bctx, c.View)
		if err != nil {
			vg.err = err
			return
		}
		vg.g = g
		res, err := g.Communities(bctx, graph.HubsDamped)
		if err != nil {
			vg.err = err
			return
		}
		vg.comm, vg.mod = res.Membership, res.Modularity
		// Shared with links.Facts wherever the viewer sees a record's
		// facts in full (see leads.VisibleFacts): read only.
		vg.facts = leads.VisibleFacts(links.Facts, c.Viewer())
		vg.ready.Store(true)
	})
	return vg, vg.err
}

// NodeJSON is a graph node for the workbench.
type NodeJSON struct {
	ID        string `json:"id"`
	Caption   string `json:"caption"`
	Schema    string `json:"schema"`
	Degree    int    `json:"degree"`
	Community int    `json:"community"`
	Hub       bool   `json:"hub"`
	HubReason string `json:"hub_reason,omitempty"`
	Listed    bool   `json:"listed"`
}

// EdgeJSON is a graph edge; its id names its two ends.
type EdgeJSON struct {
	ID     string   `json:"id"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	Type   string   `json:"type"`
	Types  []string `json:"types"`
	Weight float32  `json:"weight"`
	Count  int      `json:"count"`
	First  string   `json:"first,omitempty"`
	Last   string   `json:"last,omitempty"`
	Damped bool     `json:"damped"`
}

func (vg *viewerGraph) node(v int32) NodeJSON {
	n := vg.g.Nodes[v]
	out := NodeJSON{ID: n.ID, Caption: n.Caption, Schema: n.Schema, Degree: n.Degree, Hub: n.Hub, HubReason: n.HubReason, Community: -1}
	if int(v) < len(vg.comm) {
		out.Community = vg.comm[v]
	}
	for rec := range vg.g.Members(v) {
		for _, f := range vg.facts[rec] {
			if f.Kind == "listed" || f.Kind == "notice" {
				out.Listed = true
			}
		}
	}
	return out
}

func edgeID(a, b string) string { return a + "~" + b }

func (vg *viewerGraph) edge(eid int32) EdgeJSON {
	e := vg.g.Edges[eid]
	a, b := vg.g.Nodes[e.A].ID, vg.g.Nodes[e.B].ID
	out := EdgeJSON{ID: edgeID(a, b), Source: a, Target: b, Weight: e.Strength, Count: e.Count, Damped: vg.g.Damped(eid)}
	for t := range e.Types.All() {
		out.Types = append(out.Types, t.String())
	}
	if len(out.Types) > 0 {
		out.Type = out.Types[0]
	}
	if e.First != 0 {
		out.First = time.Unix(e.First, 0).UTC().Format(time.RFC3339)
		out.Last = time.Unix(e.Last, 0).UTC().Format(time.RFC3339)
	}
	return out
}

// filterFrom reads types, from and to.
func filterFrom(r *http.Request) (graph.Filter, error) { return filterNamed(r, "from", "to") }

// filterNamed reads types and a date window from the given parameters (the
// path route uses from and to for its two entities).
func filterNamed(r *http.Request, fromName, toName string) (graph.Filter, error) {
	var f graph.Filter
	q := r.URL.Query()
	for _, t := range strings.Split(q.Get("types"), ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		lt, ok := graph.ParseLinkType(t)
		if !ok {
			return f, errorf(http.StatusBadRequest, "unknown edge type %q", t)
		}
		f.Types = append(f.Types, lt)
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{fromName, &f.From}, {toName, &f.To}} {
		if v := q.Get(p.name); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				return f, errorf(http.StatusBadRequest, "%s: want YYYY-MM-DD", p.name)
			}
			*p.dst = t
		}
	}
	if !f.To.IsZero() {
		f.To = f.To.Add(24*time.Hour - time.Second)
	}
	return f, nil
}

func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, errorf(http.StatusBadRequest, "%s must be %d..%d", name, lo, hi)
	}
	return n, nil
}

// lookupNode finds an entity (or record) the caller may see in their graph.
func (vg *viewerGraph) lookupNode(id string) (int32, error) {
	v, ok := vg.g.Lookup(id)
	if !ok {
		return 0, errNotFound
	}
	return v, nil
}

func (s *Server) handleEgo(w http.ResponseWriter, r *http.Request, c *Call) error {
	f, err := filterFrom(r)
	if err != nil {
		return err
	}
	hops, err := intParam(r, "hops", 1, 1, 3)
	if err != nil {
		return err
	}
	max, err := intParam(r, "max", 1000, 1, 5000)
	if err != nil {
		return err
	}
	vg, err := s.viewerGraph(r.Context(), c)
	if err != nil {
		return err
	}
	v, err := vg.lookupNode(r.PathValue("id"))
	if err != nil {
		return err
	}
	ego, err := vg.g.Ego([]int32{v}, hops, f, max)
	if err != nil {
		return err
	}
	s.writeSubgraph(w, c, vg, ego.Nodes, ego.Edges, map[string]any{"centre": vg.g.Nodes[v].ID, "truncated": ego.Truncated})
	return nil
}

func (s *Server) writeSubgraph(w http.ResponseWriter, c *Call, vg *viewerGraph, nodes, edges []int32, extra map[string]any) {
	out := map[string]any{}
	for k, v := range extra {
		out[k] = v
	}
	ns := make([]NodeJSON, 0, len(nodes))
	var hubs []map[string]any
	for _, v := range nodes {
		n := vg.node(v)
		ns = append(ns, n)
		if n.Hub {
			hubs = append(hubs, map[string]any{"id": n.ID, "caption": n.Caption, "degree": n.Degree, "reason": n.HubReason})
		} else {
			c.Entities = append(c.Entities, n.ID)
		}
	}
	es := make([]EdgeJSON, 0, len(edges))
	for _, e := range edges {
		es = append(es, vg.edge(e))
	}
	if hubs == nil {
		hubs = []map[string]any{}
	}
	out["nodes"], out["edges"], out["hubs"] = ns, es, hubs
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handlePath(w http.ResponseWriter, r *http.Request, c *Call) error {
	q := r.URL.Query()
	f, err := filterNamed(r, "from_date", "to_date")
	if err != nil {
		return err
	}
	k, err := intParam(r, "k", 3, 1, 10)
	if err != nil {
		return err
	}
	maxHops, err := intParam(r, "max_hops", 6, 1, 10)
	if err != nil {
		return err
	}
	mode := graph.HubsDamped
	switch q.Get("hubs") {
	case "", "damped":
	case "excluded":
		mode = graph.HubsExcluded
	case "included":
		mode = graph.HubsIncluded
	default:
		return errorf(http.StatusBadRequest, "hubs must be damped, excluded or included")
	}
	if q.Get("avoid_hubs") == "true" {
		mode = graph.HubsExcluded
	}
	vg, err := s.viewerGraph(r.Context(), c)
	if err != nil {
		return err
	}
	from, err := vg.lookupNode(q.Get("from"))
	if err != nil {
		return err
	}
	to, err := vg.lookupNode(q.Get("to"))
	if err != nil {
		return err
	}
	paths, err := vg.g.Paths([]int32{from}, []int32{to}, k, f, mode, maxHops)
	if err != nil {
		return err
	}
	nodeSet, edgeSet := map[int32]bool{}, map[int32]bool{}
	var nodes, edges []int32
	out := make([]map[string]any, 0, len(paths))
	for _, p := range paths {
		var pn, pe []string
		for _, v := range p.Nodes {
			pn = append(pn, vg.g.Nodes[v].ID)
			if !nodeSet[v] {
				nodeSet[v] = true
				nodes = append(nodes, v)
			}
		}
		for _, e := range p.Edges {
			pe = append(pe, vg.edge(e).ID)
			if !edgeSet[e] {
				edgeSet[e] = true
				edges = append(edges, e)
			}
		}
		out = append(out, map[string]any{"nodes": pn, "edges": pe, "cost": p.Cost})
	}
	s.writeSubgraph(w, c, vg, nodes, edges, map[string]any{"paths": out})
	return nil
}

func (s *Server) handleEdge(w http.ResponseWriter, r *http.Request, c *Call) error {
	a, b, ok := strings.Cut(r.PathValue("edge"), "~")
	if !ok {
		return errorf(http.StatusBadRequest, "edge ids look like ENTITY~ENTITY")
	}
	vg, err := s.viewerGraph(r.Context(), c)
	if err != nil {
		return err
	}
	va, err := vg.lookupNode(a)
	if err != nil {
		return err
	}
	vb, err := vg.lookupNode(b)
	if err != nil {
		return err
	}
	eid, _, found := vg.g.G.EdgeBetween(va, vb)
	if !found {
		return errNotFound
	}
	ej := vg.edge(eid)
	var evidence []map[string]any
	for _, ev := range vg.g.EdgeLinks(eid) {
		item := map[string]any{"type": ev.Type.String(), "summary": ev.Detail, "label": ev.Label,
			"records": []string{ev.A, ev.B}, "strength": ev.Strength}
		if ev.Time != 0 {
			item["date"] = time.Unix(ev.Time, 0).UTC().Format(time.RFC3339)
		}
		if ev.Record != "" {
			item["record"] = ev.Record
			src, _ := model.SplitRecordID(ev.Record)
			item["source"] = src
			if ss, err := c.View.RecordStatements(r.Context(), ev.Record); err == nil {
				facts := map[string][]string{}
				for _, st := range ss {
					facts[st.Prop] = append(facts[st.Prop], st.Value)
					item["schema"] = st.Schema
				}
				item["facts"] = facts
				c.Records = append(c.Records, ev.Record)
			}
		}
		evidence = append(evidence, item)
	}
	c.Entities = append(c.Entities, ej.Source, ej.Target)
	writeJSON(w, http.StatusOK, map[string]any{"id": ej.ID, "type": ej.Type, "types": ej.Types, "source": ej.Source,
		"target": ej.Target, "first": ej.First, "last": ej.Last, "weight": ej.Weight, "count": ej.Count,
		"damped": ej.Damped, "evidence": evidence})
	return nil
}

func (s *Server) handleCommunities(w http.ResponseWriter, r *http.Request, c *Call) error {
	vg, err := s.viewerGraph(r.Context(), c)
	if err != nil {
		return err
	}
	id := r.URL.Query().Get("id")
	if id == "" {
		// Sizes of the largest communities.
		sizes := map[int]int{}
		for v, m := range vg.comm {
			if m >= 0 && vg.g.G.Degree(int32(v)) > 0 {
				sizes[m]++
			}
		}
		type cs struct {
			Community int `json:"community"`
			Size      int `json:"size"`
		}
		var out []cs
		for m, n := range sizes {
			out = append(out, cs{m, n})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Size > out[j].Size })
		if len(out) > 50 {
			out = out[:50]
		}
		writeJSON(w, http.StatusOK, map[string]any{"modularity": vg.mod, "communities": out})
		return nil
	}
	v, err := vg.lookupNode(id)
	if err != nil {
		return err
	}
	m := vg.comm[v]
	var nodes []int32
	if m >= 0 {
		for u, cm := range vg.comm {
			if cm == m {
				nodes = append(nodes, int32(u))
			}
			if len(nodes) >= 1000 {
				break
			}
		}
	}
	in := map[int32]bool{}
	for _, u := range nodes {
		in[u] = true
	}
	var edges []int32
	for eid, e := range vg.g.Edges {
		if in[e.A] && in[e.B] {
			edges = append(edges, int32(eid))
		}
	}
	s.writeSubgraph(w, c, vg, nodes, edges, map[string]any{"community": m, "modularity": vg.mod})
	return nil
}

func (s *Server) handleCentrality(w http.ResponseWriter, r *http.Request, c *Call) error {
	top, err := intParam(r, "top", 20, 1, 500)
	if err != nil {
		return err
	}
	metric := r.URL.Query().Get("metric")
	if metric == "" {
		metric = "pagerank"
	}
	vg, err := s.viewerGraph(r.Context(), c)
	if err != nil {
		return err
	}
	scores, note, err := vg.g.Centrality(r.Context(), metric, graph.HubsExcluded)
	if err != nil {
		return errorf(http.StatusBadRequest, "%v", err)
	}
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return scores[order[i]] > scores[order[j]] })
	var out []map[string]any
	for _, v := range order[:min(top, len(order))] {
		n := vg.node(int32(v))
		out = append(out, map[string]any{"node": n, "score": scores[v]})
		c.Entities = append(c.Entities, n.ID)
	}
	writeJSON(w, http.StatusOK, map[string]any{"metric": metric, "note": note, "results": out})
	return nil
}
