package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/audit"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
)

func init() {
	register(&command{
		name:    "retention",
		summary: "erase statements whose review date has passed",
		usage:   "run [--data DIR | --db URL] [--now TIME] [--dry-run]",
		help: `Erases every statement whose review date (review_at) is set and not after
--now (default: the current time). A record left without statements ceases
to exist. Each record erased or trimmed is logged in the consultation log
(its id, entity, number of statements and the properties erased, never the
values), machine judgements on changed records are deleted, and resolution
is run again so that entities, ids and history reflect what is left.

--dry-run lists what is due and changes nothing, the log included.
mosaic serve runs the same erasure when it starts and then hourly
(--retention-every).

Examples:
  mosaic retention run --dry-run
  mosaic retention run --data ./mosaic-data
  mosaic retention run --now 2027-01-01   # what will be due by then (with --dry-run)`,
		run: runRetention,
	})
}

func runRetention(ctx context.Context, e *env, args []string) error {
	c := commands["retention"]
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		printCommandHelp(e.stdout, c, nil)
		return nil
	}
	if len(args) == 0 || args[0] != "run" {
		return usagef("want: mosaic retention run [flags]")
	}
	fs := newFlags(e, c)
	af := addAuditFlags(fs)
	nowFlag := fs.String("now", "", "erase what is due at TIME (RFC 3339 or YYYY-MM-DD; default now)")
	dry := fs.Bool("dry-run", false, "list what is due; change nothing")
	who := fs.String("user", "", "who runs it, for the log (default: the OS user)")
	if _, err := parseNoArgs(e, c, fs, args[1:]); err != nil {
		return err
	}
	now := time.Now().UTC()
	if *nowFlag != "" {
		t, err := parseTimeFlag(*nowFlag)
		if err != nil {
			return usagef("--now: %v", err)
		}
		now = t
	}
	b, err := af.sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	var log audit.Log
	if !*dry {
		if log, err = af.openWrite(ctx); err != nil {
			return err
		}
		defer log.Close()
		if fl, ok := log.(*audit.FileLog); ok && fl.Recovered() != "" {
			fmt.Fprintf(e.stderr, "warning: audit log %s: %s\n", fl.Path(), fl.Recovered())
		}
	}
	bar := newProgress(e, "rebuild", "")
	opts := audit.RetentionOptions{DryRun: *dry, User: operator(*who),
		Rebuild: func(ctx context.Context, b store.Backend) error {
			_, err := resolve.Batch(ctx, b, resolve.Config{Progress: func(stage string, done, total int64) {
				bar.label = "rebuild: " + stage
				bar.update(done, total)
			}})
			bar.done()
			return err
		}}
	rep, err := audit.RunRetention(ctx, b, log, now, opts)
	if err != nil {
		return err
	}
	printRetention(e, rep, af)
	return nil
}

// operator names who ran the command: --user, else the OS user.
func operator(flagUser string) string {
	if flagUser != "" {
		return flagUser
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

func printRetention(e *env, rep audit.RetentionReport, af *auditFlags) {
	verb := "erased"
	if rep.DryRun {
		verb = "due"
	}
	if len(rep.Records) == 0 {
		fmt.Fprintf(e.stdout, "nothing due at %s\n", rep.Now.Format(time.RFC3339))
		return
	}
	if rep.DryRun {
		const show = 50
		for i, r := range rep.Records {
			if i == show {
				fmt.Fprintf(e.stdout, "  … and %d more records\n", len(rep.Records)-show)
				break
			}
			what := "trim"
			if r.Gone {
				what = "gone"
			}
			fmt.Fprintf(e.stdout, "  %-4s %s: %d statements (%s)\n", what, r.Record, r.Statements, strings.Join(r.Props, ", "))
		}
	}
	fmt.Fprintf(e.stdout, "%d statements %s at %s: %d records gone, %d trimmed; %d machine judgements on them\n",
		rep.Statements, verb, rep.Now.Format(time.RFC3339), rep.Gone, rep.Trimmed, rep.MachineJudgements)
	if rep.DryRun {
		fmt.Fprintln(e.stdout, "dry run: nothing changed")
		return
	}
	fmt.Fprintf(e.stdout, "logged %d erasures in %s; derived data rebuilt\n", len(rep.Records), af.where())
	if rep.AnalystLeft > 0 || rep.StaleAssignments > 0 {
		fmt.Fprintf(e.stderr, "warning: this store cannot forget everything about erased records: %d analyst judgements and %d entity assignments still name them (hidden from every view)\n",
			rep.AnalystLeft, rep.StaleAssignments)
	}
}
