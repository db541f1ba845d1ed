package main

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/graph"
	"github.com/mosaichq/mosaic/internal/search"
	"github.com/mosaichq/mosaic/internal/store"
)

func init() {
	graphSubcommands["ego"] = runGraphEgo
	graphSubcommands["path"] = runGraphPath
	graphSubcommands["communities"] = runGraphCommunities
	graphSubcommands["centrality"] = runGraphCentrality
	graphSubcommands["hubs"] = runGraphHubs
}

// graphQuery holds what every entity-graph subcommand shares.
type graphQuery struct {
	sf    *storeFlags
	types string
	from  string
	to    string
	hubs  string
}

func (q *graphQuery) flags(fs interface {
	StringVar(*string, string, string, string)
}) {
	fs.StringVar(&q.types, "types", "", "edge types to follow (call,family,associate,membership,travel,phone,email,address,document,mention,…); default all")
	fs.StringVar(&q.from, "from", "", "only evidence on or after this date (YYYY-MM-DD)")
	fs.StringVar(&q.to, "to", "", "only evidence on or before this date (YYYY-MM-DD)")
	fs.StringVar(&q.hubs, "hubs", "damped", "hubs in paths and communities: damped, excluded or included")
}

func (q *graphQuery) filter() (graph.Filter, error) {
	var f graph.Filter
	for _, t := range strings.Split(q.types, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		lt, ok := graph.ParseLinkType(t)
		if !ok {
			return f, usagef("unknown edge type %q", t)
		}
		f.Types = append(f.Types, lt)
	}
	var err error
	if q.from != "" {
		if f.From, err = time.Parse("2006-01-02", q.from); err != nil {
			return f, usagef("--from: want YYYY-MM-DD")
		}
	}
	if q.to != "" {
		if f.To, err = time.Parse("2006-01-02", q.to); err != nil {
			return f, usagef("--to: want YYYY-MM-DD")
		}
		f.To = f.To.Add(24*time.Hour - time.Second)
	}
	return f, nil
}

func (q *graphQuery) hubMode() (graph.HubMode, error) {
	switch q.hubs {
	case "damped":
		return graph.HubsDamped, nil
	case "excluded":
		return graph.HubsExcluded, nil
	case "included":
		return graph.HubsIncluded, nil
	}
	return 0, usagef("--hubs must be damped, excluded or included")
}

// loadEntityGraph builds the viewer's entity graph from the store.
func loadEntityGraph(ctx context.Context, e *env, sf *storeFlags) (*graph.EntityGraph, store.Backend, error) {
	eg, _, b, err := loadLinks(ctx, e, sf)
	return eg, b, err
}

// loadLinks extracts the link table and the viewer's entity graph.
func loadLinks(ctx context.Context, e *env, sf *storeFlags) (*graph.EntityGraph, *graph.Links, store.Backend, error) {
	b, err := sf.open(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	ix, err := search.Build(ctx, b)
	if err != nil {
		b.Close()
		return nil, nil, nil, err
	}
	links, err := graph.ExtractLinks(ctx, b, graph.LinkOptions{MentionMatch: graph.SearchMentions(ix)})
	if err != nil {
		b.Close()
		return nil, nil, nil, err
	}
	eg, err := links.ForView(ctx, store.NewView(b, sf.viewer()))
	if err != nil {
		b.Close()
		return nil, nil, nil, err
	}
	return eg, links, b, nil
}

func describeNode(eg *graph.EntityGraph, v int32) string {
	n := eg.Nodes[v]
	s := fmt.Sprintf("%s (%s)", n.Caption, n.ID)
	if n.Hub {
		s += " [hub: " + n.HubReason + "]"
	}
	return s
}

func runGraphEgo(ctx context.Context, e *env, args []string) error {
	c := &command{name: "graph ego", summary: "the k-hop neighbourhood of an entity", usage: "ENTITY_OR_RECORD [--hops 1] [--types …] [--from/--to]"}
	fs := newFlags(e, c)
	q := &graphQuery{sf: addStoreFlags(fs).addReaderFlags(fs)}
	q.flags(fs)
	hops := fs.Int("hops", 1, "how many hops from the entity")
	args, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("give one entity or record id")
	}
	f, err := q.filter()
	if err != nil {
		return err
	}
	eg, b, err := loadEntityGraph(ctx, e, q.sf)
	if err != nil {
		return err
	}
	defer b.Close()
	v, ok := eg.Lookup(args[0])
	if !ok {
		return fmt.Errorf("%s: %w", args[0], store.ErrNotFound)
	}
	ego, err := eg.Ego([]int32{v}, *hops, f, 500)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d nodes, %d edges within %d hop(s) of %s\n", len(ego.Nodes), len(ego.Edges), *hops, describeNode(eg, v))
	for _, eid := range ego.Edges {
		printEdge(e, eg, eid)
	}
	return nil
}

func printEdge(e *env, eg *graph.EntityGraph, eid int32) {
	ed := eg.Edges[eid]
	var types []string
	for t := range ed.Types.All() {
		types = append(types, t.String())
	}
	fmt.Fprintf(e.stdout, "  %s — %s  [%s ×%d, strength %.2f]\n", describeNode(eg, ed.A), describeNode(eg, ed.B), strings.Join(types, ","), ed.Count, ed.Strength)
	for i, ev := range eg.EdgeLinks(eid) {
		if i >= 3 {
			fmt.Fprintf(e.stdout, "      … %d more\n", ed.Count-3)
			break
		}
		when := ""
		if ev.Time != 0 {
			when = time.Unix(ev.Time, 0).UTC().Format("2006-01-02 ")
		}
		fmt.Fprintf(e.stdout, "      %s%s: %s %s\n", when, ev.Type, ev.Detail, ev.Record)
	}
}

func runGraphPath(ctx context.Context, e *env, args []string) error {
	c := &command{name: "graph path", summary: "connecting paths between two entities", usage: "FROM TO [--k 3] [--max-hops 6] [--hubs damped]"}
	fs := newFlags(e, c)
	q := &graphQuery{sf: addStoreFlags(fs).addReaderFlags(fs)}
	q.flags(fs)
	k := fs.Int("k", 3, "how many paths")
	maxHops := fs.Int("max-hops", 6, "longest path in hops")
	args, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(args) != 2 {
		return usagef("give two entity or record ids")
	}
	f, err := q.filter()
	if err != nil {
		return err
	}
	mode, err := q.hubMode()
	if err != nil {
		return err
	}
	eg, b, err := loadEntityGraph(ctx, e, q.sf)
	if err != nil {
		return err
	}
	defer b.Close()
	from, ok1 := eg.Lookup(args[0])
	to, ok2 := eg.Lookup(args[1])
	if !ok1 || !ok2 {
		return fmt.Errorf("both ends must be entities or records you can see: %w", store.ErrNotFound)
	}
	paths, err := eg.Paths([]int32{from}, []int32{to}, *k, f, mode, *maxHops)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fmt.Fprintln(e.stdout, "no connecting path within the limits")
		return nil
	}
	for i, p := range paths {
		fmt.Fprintf(e.stdout, "path %d: %d hop(s), cost %.2f (product of strengths %.3f)\n", i+1, p.Hops(), p.Cost, mathExp(-p.Cost))
		for _, eid := range p.Edges {
			printEdge(e, eg, eid)
		}
	}
	return nil
}

func runGraphCommunities(ctx context.Context, e *env, args []string) error {
	c := &command{name: "graph communities", summary: "Leiden communities of the entity graph", usage: "[--hubs excluded] [--top 10]"}
	fs := newFlags(e, c)
	q := &graphQuery{sf: addStoreFlags(fs).addReaderFlags(fs)}
	q.flags(fs)
	top := fs.Int("top", 10, "how many communities to list")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	mode, err := q.hubMode()
	if err != nil {
		return err
	}
	eg, b, err := loadEntityGraph(ctx, e, q.sf)
	if err != nil {
		return err
	}
	defer b.Close()
	res, err := eg.Communities(ctx, mode)
	if err != nil {
		return err
	}
	sizes := map[int][]int32{}
	for v, m := range res.Membership {
		if m >= 0 && eg.G.Degree(int32(v)) > 0 {
			sizes[m] = append(sizes[m], int32(v))
		}
	}
	ids := make([]int, 0, len(sizes))
	for m := range sizes {
		ids = append(ids, m)
	}
	sort.Slice(ids, func(i, j int) bool { return len(sizes[ids[i]]) > len(sizes[ids[j]]) })
	fmt.Fprintf(e.stdout, "%d communities (modularity %.4f) among %d nodes; hubs %s\n", res.Communities, res.Modularity, eg.G.N(), q.hubs)
	for i, m := range ids {
		if i >= *top {
			break
		}
		var names []string
		for j, v := range sizes[m] {
			if j >= 5 {
				names = append(names, "…")
				break
			}
			names = append(names, eg.Nodes[v].Caption)
		}
		fmt.Fprintf(e.stdout, "  community %d: %d members: %s\n", m, len(sizes[m]), strings.Join(names, ", "))
	}
	return nil
}

func runGraphCentrality(ctx context.Context, e *env, args []string) error {
	c := &command{name: "graph centrality", summary: "the most central entities", usage: "[--metric pagerank|degree|betweenness|closeness|eigenvector] [--top 20]"}
	fs := newFlags(e, c)
	q := &graphQuery{sf: addStoreFlags(fs).addReaderFlags(fs)}
	q.flags(fs)
	metric := fs.String("metric", "pagerank", "pagerank, degree, betweenness, closeness or eigenvector")
	top := fs.Int("top", 20, "how many to list")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	mode, err := q.hubMode()
	if err != nil {
		return err
	}
	eg, b, err := loadEntityGraph(ctx, e, q.sf)
	if err != nil {
		return err
	}
	defer b.Close()
	scores, note, err := eg.Centrality(ctx, *metric, mode)
	if err != nil {
		return err
	}
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return scores[order[i]] > scores[order[j]] })
	fmt.Fprintf(e.stdout, "%s over %d nodes (%s)\n", *metric, eg.G.N(), note)
	for i, v := range order {
		if i >= *top {
			break
		}
		fmt.Fprintf(e.stdout, "  %10.6f  %s\n", scores[v], describeNode(eg, int32(v)))
	}
	return nil
}

func runGraphHubs(ctx context.Context, e *env, args []string) error {
	c := &command{name: "graph hubs", summary: "generic values and over-connected nodes, flagged and damped", usage: "[--top 30]"}
	fs := newFlags(e, c)
	sf := addStoreFlags(fs).addReaderFlags(fs)
	top := fs.Int("top", 30, "how many to list")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	eg, b, err := loadEntityGraph(ctx, e, sf)
	if err != nil {
		return err
	}
	defer b.Close()
	var hubs []int32
	for i, n := range eg.Nodes {
		if n.Hub {
			hubs = append(hubs, int32(i))
		}
	}
	sort.Slice(hubs, func(i, j int) bool { return eg.Nodes[hubs[i]].Degree > eg.Nodes[hubs[j]].Degree })
	fmt.Fprintf(e.stdout, "%d hubs (damped in paths, left out of communities and centrality by default)\n", len(hubs))
	for i, v := range hubs {
		if i >= *top {
			break
		}
		fmt.Fprintf(e.stdout, "  degree %5d  %s — %s\n", eg.Nodes[v].Degree, eg.Nodes[v].Caption, eg.Nodes[v].HubReason)
	}
	return nil
}

func mathExp(x float64) float64 { return math.Exp(x) }
