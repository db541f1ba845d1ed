package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
)

func init() {
	register(&command{
		name:    "explain",
		summary: "why two records match (waterfall), how an entity formed, or the model",
		usage:   "[--data DIR] RECORD_A RECORD_B | ENTITY | --model",
		help: `  mosaic explain RECORD_A RECORD_B
      a waterfall of match weights: the prior, then each comparison (name,
      birth date, identifiers, …) with its level and bits for or against,
      and the resulting match probability.
  mosaic explain ENTITY
      the records of an entity (or of the entity holding a record), the
      judgements that hold it together, and its history of merges and splits.
  mosaic explain --model
      the match model: m, u and weight of every comparison level.`,
		run: runExplain,
	})
}

func runExplain(ctx context.Context, e *env, args []string) error {
	c := commands["explain"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs).addReaderFlags(fs)
	showModel := fs.Bool("model", false, "print the match model")
	args, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	switch {
	case *showModel:
		m, err := resolve.LoadModel(ctx, b)
		if err != nil {
			return err
		}
		fmt.Fprint(e.stdout, m.ModelTable())
		return nil
	case len(args) == 2:
		v := store.NewView(b, sf.viewer())
		for _, r := range args {
			if ok, err := v.RecordVisible(ctx, r); err != nil {
				return err
			} else if !ok {
				return fmt.Errorf("record %s: %w", r, store.ErrNotFound)
			}
		}
		ex, err := resolve.ExplainPair(ctx, b, args[0], args[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s vs %s\n", args[0], args[1])
		fmt.Fprint(e.stdout, ex.String())
		return nil
	case len(args) == 1:
		return explainEntity(ctx, e, store.NewView(b, sf.viewer()), args[0])
	}
	return usagef("give two records, one entity, or --model")
}

func explainEntity(ctx context.Context, e *env, v *store.View, id string) error {
	ev, err := v.Entity(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s: no such entity or record visible to you", id)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "entity %s: %d record(s)\n", ev.ID, len(ev.Records))
	byRec := map[string][]model.Statement{}
	for _, s := range ev.Statements {
		byRec[s.Record] = append(byRec[s.Record], s)
	}
	for _, r := range ev.Records {
		var parts []string
		for _, s := range byRec[r] {
			switch s.Prop {
			case "name", "firstName", "lastName", "birthDate", "passportNumber", "idNumber", "phone":
				parts = append(parts, s.Prop+"="+s.Value)
			}
		}
		sort.Strings(parts)
		fmt.Fprintf(e.stdout, "  %s  %s\n", r, strings.Join(parts, " "))
	}
	if len(ev.Judgements) > 0 {
		fmt.Fprintln(e.stdout, "judgements holding it together:")
		js := ev.Judgements
		sort.Slice(js, func(i, j int) bool { return js[i].Score > js[j].Score })
		for _, j := range js {
			who := "machine"
			if j.IsAnalyst() {
				who = j.By + ": " + j.Reason
			}
			fmt.Fprintf(e.stdout, "  %-9s p=%.3f  %s ↔ %s  (%s)\n", j.Verdict, j.Score, j.A, j.B, who)
		}
	}
	// Links the resolver made but did not follow: to a record the
	// clustering kept out (its records contradict this entity's, or the
	// record fits more than one entity about equally well).
	members := map[string]bool{}
	for _, r := range ev.Records {
		members[r] = true
	}
	type keptApart struct {
		member, other string
		score         float64
	}
	var apart []keptApart
	for _, r := range ev.Records {
		js, err := v.RecordJudgements(ctx, r)
		if err != nil {
			return err
		}
		for _, j := range js {
			if other := j.Other(r); j.Verdict == store.Positive && !j.IsAnalyst() && !members[other] {
				apart = append(apart, keptApart{r, other, j.Score})
			}
		}
	}
	if len(apart) > 0 {
		sort.Slice(apart, func(i, j int) bool { return apart[i].score > apart[j].score })
		fmt.Fprintln(e.stdout, "linked but kept apart (the other side contradicts this entity's records, or fits another entity as well; mosaic explain A B shows the comparison):")
		for _, a := range apart {
			ent, err := v.EntityOf(ctx, a.other)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "  p=%.3f  %s ↔ %s (entity %s)\n", a.score, a.member, a.other, ent)
		}
	}
	hist, err := v.History(ctx, ev)
	if err != nil {
		return err
	}
	if len(hist) > 0 {
		fmt.Fprintln(e.stdout, "history:")
		for _, h := range hist {
			other := ""
			if h.Other != "" {
				other = " (" + h.Other + ")"
			}
			fmt.Fprintf(e.stdout, "  %s %-10s%s %d record(s) by %s: %s\n", h.At.Format("2006-01-02 15:04"), h.Kind, other, len(h.Records), h.By, h.Reason)
		}
	}
	return nil
}
