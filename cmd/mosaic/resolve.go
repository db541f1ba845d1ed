package main

import (
	"context"
	"fmt"
	"time"

	"github.com/mosaichq/mosaic/internal/resolve"
)

func init() {
	register(&command{
		name:    "resolve",
		summary: "resolve records into entities (Fellegi-Sunter, EM, stable ids)",
		usage:   "[--data DIR] [--threshold P] [--memory-limit-mb M]",
		help: `Re-estimates the match model without labels (EM over candidate pairs, with
analysts' judgements as extra training), scores every candidate pair, clusters
records into entities without chaining, keeps canonical ids stable and writes
judgements and history. Analysts' judgements (mosaic judge) always win.

Example:
  mosaic resolve --data ./mosaic-data`,
		run: runResolve,
	})
}

func resolveFlags(fs interface {
	Float64Var(*float64, string, float64, string)
	IntVar(*int, string, int, string)
}, cfg *resolve.Config) {
	fs.Float64Var(&cfg.Threshold, "threshold", 0.8, "match probability at which records are linked")
	fs.Float64Var(&cfg.Review, "review", 0.3, "lowest probability kept as an unsure pair for review")
	fs.IntVar(&cfg.MaxBlock, "max-block", 400, "largest block of an identifier, phone, email or address; shared by more records it is generic")
	fs.IntVar(&cfg.NameBlock, "name-block", 100, "largest block of a name key or birth date (a name part with a date: half)")
}

func runResolve(ctx context.Context, e *env, args []string) error {
	c := commands["resolve"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs)
	var cfg resolve.Config
	resolveFlags(fs, &cfg)
	memLimit := fs.Int("memory-limit-mb", 0, "soft memory limit in MiB for the run (the collector works harder near it; 0: none)")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	limitBatchMemory(*memLimit)
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	bar := newProgress(e, "resolve", "")
	cfg.Progress = func(stage string, done, total int64) {
		bar.label = stage
		bar.update(done, total)
	}
	start := time.Now()
	res, err := resolve.Batch(ctx, b, cfg)
	bar.done()
	if err != nil {
		return err
	}
	printResolveSummary(e, res, time.Since(start))
	return nil
}

func printResolveSummary(e *env, res *resolve.Result, d time.Duration) {
	fmt.Fprintf(e.stdout, "records %d → entities %d (%d records changed entity)\n", res.Records, res.Entities, res.Changed)
	fmt.Fprintf(e.stdout, "candidate pairs %d (generic keys skipped %d), links %d, unsure for review %d\n",
		res.Candidates, res.GenericKeys, res.Links, res.Unsure)
	fmt.Fprintf(e.stdout, "model: %d EM iterations over %d pairs, prior match share %.4f\n",
		res.Model.Iterations, res.Model.Pairs, res.Model.Lambda)
	fmt.Fprint(e.stdout, "stages:")
	for _, t := range res.Timings {
		fmt.Fprintf(e.stdout, " %s %.1fs", t.Stage, t.D.Seconds())
	}
	fmt.Fprintln(e.stdout)
	if d > 0 {
		fmt.Fprintf(e.stdout, "total %.1f s\n", d.Seconds())
	}
}
