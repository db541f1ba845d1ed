package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// graphSubcommands holds `mosaic graph SUB`; each lives in its own file.
var graphSubcommands = map[string]func(context.Context, *env, []string) error{}

func init() {
	register(&command{
		name:    "graph",
		summary: "link analysis: ego networks, paths, communities, centrality, edge-list analytics",
		usage:   "SUBCOMMAND [flags]",
		help: `Subcommands:
  analyze   centralities and communities of any edge-list CSV (from,to[,weight])
  ego       the k-hop neighbourhood of an entity
  path      k shortest connecting paths between two entities or two sets
  communities  Leiden communities of the entity graph with modularity
  centrality   degree, PageRank, betweenness, closeness, eigenvector of the entity graph
  hubs      identifiers and nodes shared by many unrelated entities

Run 'mosaic graph SUB --help' for each subcommand's flags.`,
		run: runGraph,
	})
}

func runGraph(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		printCommandHelp(e.stdout, commands["graph"], nil)
		return nil
	}
	sub := graphSubcommands[args[0]]
	if sub == nil {
		names := make([]string, 0, len(graphSubcommands))
		for n := range graphSubcommands {
			names = append(names, n)
		}
		sort.Strings(names)
		return usagef("unknown graph subcommand %q (have: %s)", args[0], strings.Join(names, ", "))
	}
	if err := sub(ctx, e, args[1:]); err != nil {
		return fmt.Errorf("graph %s: %w", args[0], err)
	}
	return nil
}
