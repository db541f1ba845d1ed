package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

func init() {
	register(&command{
		name:    "stats",
		summary: "count statements, records, entities and sources visible to you",
		usage:   "[--data DIR] [--auths A,B]",
		help: `Prints a table of records per source and schema, then, as the last line:
  statements=N records=N entities=N sources=N
Counts are of what the given authorisations may see.`,
		run: runStats,
	})
}

func runStats(ctx context.Context, e *env, args []string) error {
	c := commands["stats"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs).addReaderFlags(fs)
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	v := store.NewView(b, sf.viewer())
	type key struct{ source, schema string }
	perSource := map[key]int{}
	seen := map[string]bool{}
	err = v.ScanStatements(ctx, func(s *model.Statement) error {
		if !seen[s.Record] {
			seen[s.Record] = true
			perSource[key{s.Source, s.Schema}]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	keys := make([]key, 0, len(perSource))
	for k := range perSource {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].source != keys[j].source {
			return keys[i].source < keys[j].source
		}
		return keys[i].schema < keys[j].schema
	})
	if len(keys) > 0 {
		fmt.Fprintf(e.stdout, "%-28s %-16s %10s\n", "source", "schema", "records")
		for _, k := range keys {
			fmt.Fprintf(e.stdout, "%-28s %-16s %10d\n", k.source, k.schema, perSource[k])
		}
	}
	cnt, err := v.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "statements=%d records=%d entities=%d sources=%d\n", cnt.Statements, cnt.Records, cnt.Entities, cnt.Sources)
	return nil
}
