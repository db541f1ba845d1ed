package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/mosaichq/mosaic/internal/eval"
	"github.com/mosaichq/mosaic/internal/resolve"
)

func init() {
	register(&command{
		name:    "eval",
		summary: "measure resolution quality against ground truth",
		usage:   "[--data DIR --truth truth.csv] | [--mapping M.yml --truth-column COL]",
		help: `Two ways to evaluate:

  mosaic eval --data DIR --truth truth.csv
      scores the entities in a store against a truth file with columns
      record,person (mosaic synth writes one).

  mosaic eval --mapping M.yml [--mapping M2.yml] --truth-column COL [--truth-pattern RE]
      ingests the files the mappings name into a fresh temporary store,
      resolves them and scores against the truth column. The truth column is
      read by the evaluator only: it must not be mapped and the resolver never
      sees it. FEBRL ids (rec-12-org, rec-12-dup-0) are recognised; for other
      id forms give --truth-pattern with one capture group for the entity.
      A mapping with several datasets or queries links several sources.

Prints pairwise precision, recall and F1, B-cubed F1, and as the LAST line:
  precision=… recall=… f1=… bcubed_f1=… records=N entities=M pair_completeness=… candidate_pairs=N seconds=S`,
		run: runEval,
	})
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runEval(ctx context.Context, e *env, args []string) error {
	c := commands["eval"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs)
	truthPath := fs.String("truth", "", "truth file (record,person) for --data mode")
	var mappings multiFlag
	fs.Var(&mappings, "mapping", "mapping file to ingest into a temporary store (repeatable)")
	truthCol := fs.String("truth-column", "", "column of the source files holding the true entity")
	pattern := fs.String("truth-pattern", "", "regexp whose first group extracts the entity from the truth column")
	var cfg resolve.Config
	resolveFlags(fs, &cfg)
	rest, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	mappings = append(mappings, rest...)
	bar := newProgress(e, "eval", "")
	cfg.Progress = func(stage string, done, total int64) {
		bar.label = stage
		bar.update(done, total)
	}
	var rep *eval.Report
	switch {
	case len(mappings) > 0:
		if *truthCol == "" {
			return usagef("--mapping needs --truth-column")
		}
		rep, err = eval.RunMapping(ctx, eval.MappingOptions{Mappings: mappings, TruthColumn: *truthCol,
			TruthPattern: *pattern, Resolve: cfg})
	case *truthPath != "":
		truth, terr := eval.ReadTruth(*truthPath)
		if terr != nil {
			return terr
		}
		b, oerr := sf.open(ctx)
		if oerr != nil {
			return oerr
		}
		defer b.Close()
		rep, err = eval.RunStore(ctx, b, truth, cfg)
	default:
		return usagef("give --truth with --data, or --mapping with --truth-column")
	}
	bar.done()
	if err != nil {
		return err
	}
	m := rep.Metrics
	fmt.Fprintf(e.stdout, "%-22s %10s %10s %10s\n", "", "precision", "recall", "F1")
	fmt.Fprintf(e.stdout, "%-22s %10.4f %10.4f %10.4f\n", "pairwise", m.Precision, m.Recall, m.F1)
	fmt.Fprintf(e.stdout, "%-22s %10.4f %10.4f %10.4f\n", "B-cubed", m.BCubedPrecision, m.BCubedRecall, m.BCubedF1)
	fmt.Fprintf(e.stdout, "true pairs %d, predicted %d, correct %d; blocking kept %.2f%% of true pairs in %d candidates\n",
		m.TruePairs, m.PredictedPairs, m.CorrectPairs, rep.PairCompleteness*100, rep.CandidatePairs)
	fmt.Fprintln(e.stdout, rep.Line())
	return nil
}
