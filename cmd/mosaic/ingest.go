package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/ingest/lists"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
)

func init() {
	register(&command{
		name:    "ingest",
		summary: "load source files into the store (FtM mappings, FtM entities, official lists)",
		usage:   "[--data DIR] [--label EXPR] MAPPING.yml ... | --ftm FILE.json [--dataset NAME] | --list PATH",
		help: `Reads each mapping (FollowTheMoney's mapping format, as Aleph's 'ftm map' reads it,
with Mosaic's optional dataset keys label, reliability, credibility, category,
kind, region and review_after), checks every mapping and source file first,
then writes the statements of all good rows as one transaction.

Malformed rows (wrong column count, bad date, bad label, invalid encoding) are
skipped and written, with file:line and the reason, to a rejects file whose
path the summary prints. Re-ingesting the same files adds nothing.

  --ftm FILE     FtM entities as JSON lines (OpenSanctions, Aleph exports)
  --list PATH    an official list: UN consolidated XML, OFAC SDN/non-SDN CSV
                 directory, EU financial sanctions XML, INTERPOL notices JSON.
                 A newer version replaces the older one: additions, changes
                 and removals are recorded and printed.

When records were resolved before (mosaic resolve), the new ones are resolved
against the existing entities at once (incremental); --no-resolve skips it.

Examples:
  mosaic ingest --data ./mosaic-data world/border.yml world/police.yml
  mosaic ingest --label 'SECRET&NL' reports.yml
  mosaic ingest --list ../shared/data/watchlists/un/UN_consolidated.xml`,
		run: runIngest,
	})
}

func runIngest(ctx context.Context, e *env, args []string) error {
	c := commands["ingest"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs)
	label := fs.String("label", "", "visibility label for everything ingested (overrides the mappings')")
	var ftmFiles, listPaths multiFlag
	fs.Var(&ftmFiles, "ftm", "FtM entities as JSON lines (repeatable)")
	fs.Var(&listPaths, "list", "an official list file or directory (repeatable)")
	dataset := fs.String("dataset", "", "dataset name for --ftm (default: the file name)")
	reliability := fs.String("reliability", "", "Admiralty source grading A-F for --ftm/--list (default F for FtM, A for official lists)")
	credibility := fs.String("credibility", "", "Admiralty information grading 1-6 for --ftm/--list (default 6 for FtM, 2 for official lists)")
	noResolve := fs.Bool("no-resolve", false, "do not resolve new records incrementally")
	args, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 && len(ftmFiles) == 0 && len(listPaths) == 0 {
		return usagef("give mapping files, --ftm FILE or --list PATH")
	}
	var labelOverride *string
	if isFlagSet(fs, "label") {
		if _, err := model.ParseLabel(*label); err != nil {
			return usagef("--label: %v", err)
		}
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
	// Lists are parsed (and refused if malformed) before anything is written.
	var parsed []*lists.List
	for _, p := range listPaths {
		l, err := lists.Load(p)
		if err != nil {
			return err
		}
		parsed = append(parsed, l)
	}
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	var newRecords []string
	if len(mappings) > 0 {
		bar := newProgress(e, "ingest", "bytes")
		rejects := filepath.Join(sf.data, "rejects", "ingest-"+time.Now().UTC().Format("20060102-150405")+".csv")
		if sf.db != "" {
			rejects = "rejects-" + time.Now().UTC().Format("20060102-150405") + ".csv"
		}
		seen := map[string]bool{}
		sum, err := ingest.Run(ctx, b, mappings, ingest.Options{Label: labelOverride, RejectsPath: rejects, Progress: bar.update,
			OnRow: func(q *ingest.Query, line int, get func(string) []string, recs []string) {
				for _, r := range recs {
					if r != "" && !seen[r] {
						seen[r] = true
						newRecords = append(newRecords, r)
					}
				}
			}})
		bar.done()
		if err != nil {
			return err
		}
		fmt.Fprint(e.stdout, sum.String())
	}
	grading := func(defRel, defCred string) (model.Reliability, model.Credibility, error) {
		r, c := defRel, defCred
		if *reliability != "" {
			r = *reliability
		}
		if *credibility != "" {
			c = *credibility
		}
		rel, err := model.ParseReliability(r)
		if err != nil {
			return 0, 0, usagef("--reliability: %v", err)
		}
		cred, err := model.ParseCredibility(c)
		if err != nil {
			return 0, 0, usagef("--credibility: %v", err)
		}
		return rel, cred, nil
	}
	for _, path := range ftmFiles {
		rel, cred, err := grading("F", "6")
		if err != nil {
			return err
		}
		name := *dataset
		if name == "" {
			name = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".json"), ".ftm")
			name = strings.NewReplacer(".", "_", " ", "_").Replace(name)
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		var ents []*model.Entity
		err = lists.StreamFtM(f, path, lists.FtMOptions{}, func(en *model.Entity) error {
			ents = append(ents, en)
			return nil
		})
		f.Close()
		if err != nil {
			return err
		}
		p := ingest.Provenance{Dataset: name, Reliability: rel, Credibility: cred}
		if labelOverride != nil {
			p.Label = *labelOverride
		}
		ws, rejects, err := ingest.WriteEntities(ctx, b, p, path, ents)
		if err != nil {
			return err
		}
		for _, en := range ents {
			newRecords = append(newRecords, model.RecordID(name, en.ID))
		}
		fmt.Fprintf(e.stdout, "%s: %d entities, %d statements written (already present %d), %d new records, %d rejected\n",
			path, len(ents), ws.Statements, ws.Skipped, ws.Records, len(rejects))
		for _, r := range rejects {
			fmt.Fprintf(e.stdout, "  rejected %s:%d: %s\n", r.File, r.Line, r.Reason)
		}
	}
	for _, l := range parsed {
		rel, cred, err := grading("A", "2")
		if err != nil {
			return err
		}
		p := ingest.Provenance{Dataset: l.Name, Reliability: rel, Credibility: cred, Category: model.CategorySuspect}
		if labelOverride != nil {
			p.Label = *labelOverride
		}
		rep, err := ingest.SyncList(ctx, b, l, p)
		if err != nil {
			return err
		}
		newRecords = append(newRecords, rep.NewRecords...)
		fmt.Fprintln(e.stdout, rep.String())
		for _, w := range l.Warnings {
			fmt.Fprintf(e.stdout, "  warning: %s\n", w)
		}
	}
	if *noResolve || len(newRecords) == 0 {
		return nil
	}
	return resolveNew(ctx, e, b, newRecords)
}

// resolveNew resolves new records against existing entities when a model
// exists; before the first mosaic resolve there is nothing to resolve
// against.
func resolveNew(ctx context.Context, e *env, b store.Backend, records []string) error {
	if _, err := resolve.LoadModel(ctx, b); err != nil {
		fmt.Fprintln(e.stdout, "not resolved yet: run mosaic resolve")
		return nil
	}
	start := time.Now()
	st, err := resolve.LoadState(ctx, b, resolve.Config{})
	if err != nil {
		return err
	}
	loaded := time.Since(start)
	res, err := st.Add(ctx, records)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if res != nil {
		fmt.Fprintf(e.stdout, "resolved %d new record(s) incrementally: %d links, %d assignments changed (state loaded in %.1fs, resolved in %.1fs)\n",
			res.Records, res.Links, res.Changed, loaded.Seconds(), time.Since(start).Seconds()-loaded.Seconds())
	}
	return nil
}
