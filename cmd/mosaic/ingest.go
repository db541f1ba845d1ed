package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/mosaichq/mosaic/internal/ingest"
)

func init() {
	register(&command{
		name:    "ingest",
		summary: "load source files into the store (FtM mappings, FtM entities, watchlists)",
		usage:   "[--data DIR] [--label EXPR] MAPPING.yml [MAPPING.yml ...]",
		help: `Reads each mapping (FollowTheMoney's mapping format, as Aleph's 'ftm map' reads it,
with Mosaic's optional dataset keys label, reliability, credibility, category,
kind, region and review_after), checks every mapping and source file first,
then writes the statements of all good rows as one transaction.

Malformed rows (wrong column count, bad date, bad label, invalid encoding) are
skipped and written, with file:line and the reason, to a rejects file whose
path the summary prints. Re-ingesting the same files adds nothing.

Examples:
  mosaic ingest --data ./mosaic-data world/border.yml world/police.yml
  mosaic ingest --label 'SECRET&NL' reports.yml`,
		run: runIngest,
	})
}

func runIngest(ctx context.Context, e *env, args []string) error {
	c := commands["ingest"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs)
	label := fs.String("label", "", "visibility label for everything ingested (overrides the mappings')")
	args, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return usagef("give at least one mapping file")
	}
	var labelOverride *string
	if isFlagSet(fs, "label") {
		labelOverride = label
	}
	var mappings []*ingest.Mapping
	for _, p := range args {
		m, err := ingest.LoadMapping(p)
		if err != nil {
			return err
		}
		mappings = append(mappings, m)
	}
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	bar := newProgress(e, "ingest", "bytes")
	rejects := filepath.Join(sf.data, "rejects", "ingest-"+time.Now().UTC().Format("20060102-150405")+".csv")
	if sf.db != "" {
		rejects = "rejects-" + time.Now().UTC().Format("20060102-150405") + ".csv"
	}
	sum, err := ingest.Run(ctx, b, mappings, ingest.Options{Label: labelOverride, RejectsPath: rejects, Progress: bar.update})
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, sum.String())
	return nil
}
