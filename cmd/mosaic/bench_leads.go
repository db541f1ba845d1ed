package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/mosaichq/mosaic/internal/eval"
	"github.com/mosaichq/mosaic/internal/graph"
	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/leads"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/search"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/synth"
)

func init() { benchSubcommands["leads"] = runBenchLeads }

// runBenchLeads measures how planted network members rank among leads in
// a synthetic world: the share of members in the top 1% of people.
func runBenchLeads(ctx context.Context, e *env, args []string) error {
	c := &command{name: "bench leads", usage: "[--people N] [--seed S] [--keep DIR [--reuse]]"}
	fs := newFlags(e, c)
	people := fs.Int("people", 10000, "synthetic population")
	seed := fs.Int64("seed", 1, "seed")
	keep := fs.String("keep", "", "keep the world and store in DIR")
	reuse := fs.Bool("reuse", false, "with --keep: score the world and store already in DIR (built by an earlier --keep run) instead of building them again")
	debug := fs.Bool("debug", false, "show the evidence of members outside the top 1%")
	asOf := fs.String("as-of", "data", "date evidence is aged to: data (the newest evidence in the world), now (the clock), or YYYY-MM-DD")
	policyPath := fs.String("policy", "", "policy file (default: the built-in policy)")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	dir, cleanup, err := benchDir(*keep, "leads")
	if err != nil {
		return err
	}
	defer cleanup()
	start := time.Now()
	world := filepath.Join(dir, "world")
	// Reusing a kept world lets scoring be compared across policy and
	// method changes on exactly the same resolved store, in seconds.
	built := *reuse && *keep != ""
	if built {
		if _, err := os.Stat(filepath.Join(dir, "store")); err != nil {
			return fmt.Errorf("--reuse: no store in %s (run once with --keep first): %w", dir, err)
		}
	} else {
		if err := os.RemoveAll(filepath.Join(dir, "store")); err != nil {
			return err
		}
		if _, err := synth.Generate(ctx, synth.Options{Out: world, People: *people, Seed: *seed}); err != nil {
			return err
		}
	}
	b, err := embedded.Open(filepath.Join(dir, "store"), embedded.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer b.Close()
	if err := buildLeadsWorld(ctx, b, world, built); err != nil {
		return err
	}
	buildTime := time.Since(start)
	t0 := time.Now()
	ix, err := search.Build(ctx, b)
	if err != nil {
		return err
	}
	links, err := graph.ExtractLinks(ctx, b, graph.LinkOptions{MentionMatch: graph.SearchMentions(ix)})
	if err != nil {
		return err
	}
	v := model.Everyone()
	eg, err := links.ForView(ctx, store.NewView(b, v))
	if err != nil {
		return err
	}
	pol := leads.DefaultPolicy()
	if *policyPath != "" {
		if pol, err = leads.LoadPolicy(*policyPath); err != nil {
			return err
		}
	}
	inputs := leads.Inputs{Graph: eg, Facts: leads.VisibleFacts(links.Facts, v)}
	switch *asOf {
	case "data":
		inputs.Now = leads.AsOf(inputs)
	case "", "now":
	default:
		t, err := time.Parse("2006-01-02", *asOf)
		if err != nil {
			return fmt.Errorf("--as-of: %w", err)
		}
		inputs.Now = t
	}
	all := leads.Score(inputs, pol)
	scored := time.Since(t0)

	truth, err := eval.ReadTruth(filepath.Join(world, "truth.csv"))
	if err != nil {
		return err
	}
	members, err := readNetworkMembers(filepath.Join(world, "networks.csv"))
	if err != nil {
		return err
	}
	entityOf, err := store.NewView(b, v).EntityMap(ctx)
	if err != nil {
		return err
	}
	groups, err := readGroupMembers(filepath.Join(world, "groups.csv"))
	if err != nil {
		return err
	}
	personsOf := map[string][]string{}
	for rec, person := range truth {
		ent := entityOf[rec]
		if !slices.Contains(personsOf[ent], person) {
			personsOf[ent] = append(personsOf[ent], person)
		}
	}
	rank := map[string]int{}
	for i, l := range all {
		rank[l.Entity] = i + 1
	}
	// A person ranks where the best of their entities ranks.
	best := map[string]int{}
	for rec, person := range truth {
		r, ok := rank[entityOf[rec]]
		if !ok {
			continue
		}
		if old, seen := best[person]; !seen || r < old {
			best[person] = r
		}
	}
	top := *people / 100
	in, listedIn, total, listedTotal := 0, 0, 0, 0
	var ranks []int
	for person, role := range members {
		total++
		if role == "listed" {
			listedTotal++
		}
		r, ok := best[person]
		if !ok {
			r = len(all) + 1
		}
		ranks = append(ranks, r)
		if r <= top {
			in++
			if role == "listed" {
				listedIn++
			}
		}
	}
	sort.Ints(ranks)
	// False leads: people outside every network ranked in the top 1% on
	// relations alone (no fact of their own), members of the look-alike
	// ordinary groups there, and non-members at or above the threshold.
	ownFact := map[string]bool{}
	for _, l := range all {
		for _, p := range l.Evidence {
			if p.Kind == "fact" {
				ownFact[l.Entity] = true
			}
		}
	}
	relOnly, groupIn, overThreshold := 0, 0, 0
	for i, l := range all {
		if l.Score < pol.Threshold && i >= top {
			break
		}
		person := ""
		for _, p := range personsOf[l.Entity] {
			if _, ok := members[p]; ok {
				person = p
			}
		}
		if person != "" {
			continue
		}
		if l.Score >= pol.Threshold {
			overThreshold++
		}
		if i >= top {
			continue
		}
		if !ownFact[l.Entity] {
			relOnly++
		}
		for _, p := range personsOf[l.Entity] {
			if groups[p] {
				groupIn++
				break
			}
		}
	}
	if *debug {
		// Hop distance from every node to the nearest listed node.
		dist := hopsFrom(eg, all, func(p leads.Point) bool {
			return p.Kind == "fact" && (p.Fact == "listed" || p.Fact == "notice")
		})
		memberEnt := map[string]bool{}
		for rec, p := range truth {
			if _, ok := members[p]; ok {
				memberEnt[entityOf[rec]] = true
			}
		}
		hist := map[bool]map[int]int{true: {}, false: {}}
		for i, n := range eg.Nodes {
			if n.Hub || n.Schema != "Person" {
				continue
			}
			d := dist[i]
			if d > 4 || d < 0 {
				d = 9
			}
			hist[memberEnt[n.ID]][d]++
		}
		fmt.Fprintf(e.stdout, "distance to nearest listed (9 = farther or none): members %v, others %v\n", hist[true], hist[false])
		for i, l := range all {
			if i >= 100 {
				break
			}
			if memberEnt[l.Entity] {
				continue
			}
			var kinds []string
			for _, p := range l.Evidence {
				kinds = append(kinds, fmt.Sprintf("%s/%s%v%.0f", p.Kind, p.Fact, p.Links, p.Points))
			}
			grp := ""
			for _, p := range personsOf[l.Entity] {
				if groups[p] {
					grp = " (look-alike group)"
				}
			}
			fmt.Fprintf(e.stdout, "  non-member rank %d score %.2f%s: %v\n", i+1, l.Score, grp, kinds)
		}
		byEntity := map[string]leads.Lead{}
		for _, l := range all {
			byEntity[l.Entity] = l
		}
		// Every member outside the top 1%: each of their entities (a person
		// split by resolution shows as several), its evidence, and its
		// relations with what the other end carries.
		rankOf := func(ent string) int {
			if r, ok := rank[ent]; ok {
				return r
			}
			return len(all) + 1
		}
		personOfEnt := map[string]string{}
		for rec, p := range truth {
			personOfEnt[entityOf[rec]] = p
		}
		// Hop distance to the nearest entity carrying any fact.
		distFact := hopsFrom(eg, all, func(p leads.Point) bool { return p.Kind == "fact" })
		missDist := map[int]int{}
		for person, role := range members {
			if r, ok := best[person]; ok && r <= top {
				continue
			}
			ents := map[string]int{}
			for rec, p := range truth {
				if p == person {
					ents[entityOf[rec]]++
				}
			}
			dmin := -1
			for ent := range ents {
				if v, ok := eg.Lookup(ent); ok && distFact[v] >= 0 && (dmin < 0 || distFact[v] < dmin) {
					dmin = distFact[v]
				}
			}
			missDist[dmin]++
			fmt.Fprintf(e.stdout, "— %s (%s) rank %d, %d entities, %d hops from a fact\n", person, role, best[person], len(ents), dmin)
			for ent, nrec := range ents {
				l := byEntity[ent]
				fmt.Fprintf(e.stdout, "   entity %s (%d records) rank %d score %.2f\n", ent, nrec, rankOf(ent), l.Score)
				for _, pt := range l.Evidence {
					fmt.Fprintf(e.stdout, "      %s %s %s via %d links %v %+.1f\n", pt.Kind, pt.Fact, pt.Related, len(pt.Via), pt.Links, pt.Points)
				}
				v, ok := eg.Lookup(ent)
				if !ok {
					continue
				}
				nbrs, eids, _ := eg.G.Out(v)
				for k, w := range nbrs {
					ed := eg.Edges[eids[k]]
					if eg.Nodes[w].Hub {
						fmt.Fprintf(e.stdout, "      hub %s %v\n", eg.Nodes[w].ID, ed.Types)
						continue
					}
					other := personOfEnt[eg.Nodes[w].ID]
					_, isMember := members[other]
					last := ""
					if ed.Last != 0 {
						last = time.Unix(ed.Last, 0).UTC().Format("2006-01-02")
					}
					fmt.Fprintf(e.stdout, "      edge %v x%d s=%.2f last=%s → %s rank %d score %.2f member=%v same=%v\n", ed.Types, ed.Count, ed.Strength, last,
						eg.Nodes[w].ID, rankOf(eg.Nodes[w].ID), byEntity[eg.Nodes[w].ID].Score, isMember, other == person)
				}
			}
		}
		fmt.Fprintf(e.stdout, "missed members by hops from the nearest fact (-1 = no path): %v\n", missDist)
	}
	fmt.Fprintf(e.stdout, "world of %d people built in %.1fs; graph %d nodes %d edges; leads scored in %.1fs\n",
		*people, buildTime.Seconds(), eg.G.N(), eg.G.M(), scored.Seconds())
	fmt.Fprintf(e.stdout, "network members: %d (%d listed); median rank %d; ranks %v…\n", total, listedTotal, ranks[len(ranks)/2], ranks[:min(10, len(ranks))])
	fmt.Fprintf(e.stdout, "false leads: non-members in the top 1%% on relations alone %d, look-alike group members in the top 1%% %d, non-members over the threshold %d\n",
		relOnly, groupIn, overThreshold)
	fmt.Fprintf(e.stdout, "people=%d members=%d top1pct=%d members_in_top1pct=%d share=%.3f listed_in_top=%d\n",
		*people, total, top, in, float64(in)/float64(max(total, 1)), listedIn)
	return nil
}

// buildLeadsWorld ingests and resolves the synthetic world into b, unless
// it was built before.
func buildLeadsWorld(ctx context.Context, b store.Backend, world string, built bool) error {
	if built {
		return nil
	}
	maps, err := ingest.LoadMappings(world)
	if err != nil {
		return err
	}
	if _, err := ingest.Run(ctx, b, maps, ingest.Options{}); err != nil {
		return err
	}
	_, err = resolve.Batch(ctx, b, resolve.Config{})
	return err
}

func readGroupMembers(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, r := range rows[1:] {
		if len(r) >= 2 {
			out[r[0]] = true
		}
	}
	return out, nil
}

func readNetworkMembers(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		if len(r) >= 3 {
			out[r[0]] = r[2]
		}
	}
	return out, nil
}

// hopsFrom is every node's hop distance, hubs not crossed, to the nearest
// lead with a piece of evidence that from accepts (-1: none reachable).
func hopsFrom(eg *graph.EntityGraph, all []leads.Lead, from func(leads.Point) bool) []int {
	dist := make([]int, len(eg.Nodes))
	for i := range dist {
		dist[i] = -1
	}
	var queue []int32
	for _, l := range all {
		for _, p := range l.Evidence {
			if from(p) {
				if v, ok := eg.Lookup(l.Entity); ok && dist[v] < 0 {
					dist[v] = 0
					queue = append(queue, v)
				}
			}
		}
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if eg.Nodes[u].Hub {
			continue
		}
		nbrs, _, _ := eg.G.Out(u)
		for _, w := range nbrs {
			if dist[w] < 0 && !eg.Nodes[w].Hub {
				dist[w] = dist[u] + 1
				queue = append(queue, w)
			}
		}
	}
	return dist
}
