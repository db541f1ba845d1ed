package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
)

func init() {
	register(&command{
		name:    "judge",
		summary: "record an analyst's decision on two records: same, different or unsure",
		usage:   "[--data DIR] RECORD_A RECORD_B same|different|unsure --reason TEXT [--user NAME]",
		help: `The decision overrides the machine and survives every later run: "same"
joins the two records' entities, "different" keeps them apart for good,
"unsure" leaves the machine's view and marks the pair as reviewed. The
entities involved are reclustered at once and the change is kept in their
history (mosaic explain ENTITY).`,
		run: runJudge,
	})
}

func runJudge(ctx context.Context, e *env, args []string) error {
	c := commands["judge"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs)
	reason := fs.String("reason", "", "why (required)")
	user := fs.String("user", "local", "who decides")
	args, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(args) != 3 {
		return usagef("give RECORD_A RECORD_B and same, different or unsure")
	}
	v, err := store.ParseVerdict(args[2])
	if err != nil {
		return usagef("%v", err)
	}
	if strings.TrimSpace(*reason) == "" {
		return usagef("--reason is required")
	}
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	st, err := resolve.LoadState(ctx, b, resolve.Config{})
	if err != nil {
		return err
	}
	a, bb := store.OrderPair(args[0], args[1])
	// The decision rests on everything known of both records: it carries
	// their labels, so nobody who cannot see them sees its effect.
	var labels []string
	for _, rec := range []string{a, bb} {
		ss, err := b.RecordStatements(ctx, rec)
		if err != nil {
			return fmt.Errorf("record %s: %w", rec, err)
		}
		if len(ss) == 0 {
			return fmt.Errorf("record %s: %w", rec, store.ErrNotFound)
		}
		for _, s := range ss {
			labels = append(labels, s.Label)
		}
	}
	score := map[store.Verdict]float64{store.Positive: 1, store.Negative: 0, store.Unsure: 0.5}[v]
	if _, err := st.Judge(ctx, store.Judgement{A: a, B: bb, Verdict: v, Score: score, Label: model.Conjoin(labels...),
		By: *user, Reason: *reason, At: time.Now().UTC()}); err != nil {
		return err
	}
	ea, _ := b.EntityOf(ctx, args[0])
	eb, _ := b.EntityOf(ctx, args[1])
	fmt.Fprintf(e.stdout, "recorded: %s %s %s (%s: %s)\n%s is in %s, %s is in %s\n", args[0], v, args[1], *user, *reason, args[0], ea, args[1], eb)
	return nil
}
