package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/synth"
)

func init() {
	register(&command{
		name:    "demo",
		summary: "build a synthetic multi-agency world, ingest and resolve it, then serve the workbench",
		usage:   "[--data DIR] [--people N] [--no-serve] [--addr HOST:PORT]",
		help: `Runs synth → ingest → resolve on the embedded store and prints what it found:
records per source, entities, the largest clusters with their names, timings.
Then it serves the analyst workbench and prints the URL (unless --no-serve).

The world is synthetic: no real person appears in it.`,
		run: runDemo,
	})
}

// serveDemo is set by the server command's file when the server is linked.
var serveDemo func(ctx context.Context, e *env, b store.Backend, dataDir, addr string) error

func runDemo(ctx context.Context, e *env, args []string) error {
	c := commands["demo"]
	fs := newFlags(e, c)
	data := fs.String("data", "./mosaic-data", "embedded store directory (replaced)")
	people := fs.Int("people", synth.DefaultPeople, "size of the synthetic population")
	seed := fs.Int64("seed", 1, "random seed of the synthetic world")
	noServe := fs.Bool("no-serve", false, "only build and print; do not start the server")
	addr := fs.String("addr", "127.0.0.1:8080", "address to serve the workbench on")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	start := time.Now()
	if err := os.RemoveAll(*data); err != nil {
		return err
	}
	world := filepath.Join(*data, "world")

	step := func(s string) { fmt.Fprintf(e.stdout, "── %s\n", s) }
	step("1/3 synthesising a multi-agency world")
	bar := newProgress(e, "synth", "")
	sum, err := synth.Generate(ctx, synth.Options{Out: world, People: *people, Seed: *seed,
		Progress: func(done, total int) { bar.update(int64(done), int64(total)) }})
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, sum.String())

	step("2/3 ingesting every agency's files")
	mappings, err := ingest.LoadMappings(world)
	if err != nil {
		return err
	}
	b, err := embedded.Open(*data, embedded.Options{})
	if err != nil {
		return err
	}
	defer b.Close()
	bar = newProgress(e, "ingest", "bytes")
	isum, err := ingest.Run(ctx, b, mappings, ingest.Options{Progress: bar.update,
		RejectsPath: filepath.Join(*data, "rejects", "demo.csv")})
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, isum.String())

	step("3/3 resolving records into entities")
	bar = newProgress(e, "resolve", "")
	res, err := resolve.Batch(ctx, b, resolve.Config{Progress: func(stage string, done, total int64) {
		bar.label = stage
		bar.update(done, total)
	}})
	bar.done()
	if err != nil {
		return err
	}
	printResolveSummary(e, res, 0)
	if err := printLargestClusters(ctx, e, b, 8); err != nil {
		return err
	}
	cnt, err := b.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nstore %s: statements=%d records=%d entities=%d sources=%d — built in %.1f s\n",
		*data, cnt.Statements, cnt.Records, cnt.Entities, cnt.Sources, time.Since(start).Seconds())
	fmt.Fprintf(e.stdout, "ground truth in %s/truth.csv: mosaic eval --data %s --truth %s/truth.csv\n", world, *data, world)
	if *noServe {
		return nil
	}
	if serveDemo == nil {
		fmt.Fprintln(e.stdout, "(this build has no server; run with --no-serve)")
		return nil
	}
	return serveDemo(ctx, e, b, *data, *addr)
}

// printLargestClusters shows the biggest entities with a few of their names
// and the sources they draw on.
func printLargestClusters(ctx context.Context, e *env, b store.Backend, n int) error {
	sizes := map[string]int{}
	if err := b.ScanAssignments(ctx, func(a store.Assignment) error {
		sizes[a.Entity]++
		return nil
	}); err != nil {
		return err
	}
	ids := make([]string, 0, len(sizes))
	for id := range sizes {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if sizes[ids[i]] != sizes[ids[j]] {
			return sizes[ids[i]] > sizes[ids[j]]
		}
		return ids[i] < ids[j]
	})
	if len(ids) > n {
		ids = ids[:n]
	}
	v := store.NewView(b, model.Everyone())
	fmt.Fprintf(e.stdout, "\nlargest entities:\n%-24s %7s  %-40s %s\n", "entity", "records", "names", "sources")
	for _, id := range ids {
		ev, err := v.Entity(ctx, id)
		if err != nil {
			return err
		}
		nameSet := map[string]bool{}
		srcSet := map[string]bool{}
		var nameList []string
		for _, s := range ev.Statements {
			srcSet[s.Source] = true
			if s.Prop == "name" && !nameSet[s.Value] && len(nameList) < 3 {
				nameSet[s.Value] = true
				nameList = append(nameList, s.Value)
			}
		}
		var srcs []string
		for s := range srcSet {
			srcs = append(srcs, s)
		}
		sort.Strings(srcs)
		fmt.Fprintf(e.stdout, "%-24s %7d  %-40s %s\n", ev.ID, len(ev.Records), truncate(strings.Join(nameList, " / "), 40), strings.Join(srcs, ","))
	}
	return nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
