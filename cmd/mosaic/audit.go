package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mosaichq/mosaic/internal/audit"
)

func init() {
	register(&command{
		name:    "audit",
		summary: "verify, export or show the consultation log",
		usage:   "verify|export|show|lockdown [--data DIR | --db URL] [--log PATH] [flags]",
		help: `The consultation log records every request that read or changed data about
people: who, when, purpose, route and parameters, outcome, and the entities
and records returned. It is hash-chained and append-only.

  verify   walk the chain; exit 1 and say where on any tampering or damage,
           else print a one-line OK summary (keep that line elsewhere: its
           last hash pins the history up to there)
  export   write entries as JSON lines (--out FILE, --since TIME, --user U)
  show     print a table of the latest entries (--limit N, --since, --user)
  lockdown print the SQL a PostgreSQL administrator runs once so that the
           server's role (--app-role) may only add to and read the log

Where the log is: for --data DIR, DIR/audit/consultations.log (beside, not
inside, the store's DIR/pebble); for --db URL, the schema "audit" of that
database (--audit-schema to choose another); --log PATH names a file log
directly. Reading never creates a log and never blocks a running server.

Examples:
  mosaic audit verify --data ./mosaic-data
  mosaic audit export --since 2026-03-01 --user alice --out alice.jsonl
  mosaic audit show --limit 20`,
		run: runAudit,
	})
}

// auditFlags are the flags of every audit subcommand.
type auditFlags struct {
	sf     *storeFlags
	log    string
	schema string
	since  string
	user   string
}

func addAuditFlags(fs *flag.FlagSet) *auditFlags {
	af := &auditFlags{sf: addStoreFlags(fs)}
	fs.StringVar(&af.log, "log", "", "file log to read (default: the store's, see --data/--db)")
	fs.StringVar(&af.schema, "audit-schema", audit.DefaultSchema, "PostgreSQL schema of the log (with --db)")
	return af
}

func (af *auditFlags) addFilters(fs *flag.FlagSet) {
	fs.StringVar(&af.since, "since", "", "only entries at or after TIME (RFC 3339 or YYYY-MM-DD, UTC)")
	fs.StringVar(&af.user, "user", "", "only entries by this user")
}

// where names the log for messages.
func (af *auditFlags) where() string {
	switch {
	case af.log != "":
		return af.log
	case af.sf.db != "":
		return "PostgreSQL schema " + af.schema
	}
	return audit.PathFor(af.sf.data)
}

// openRead opens an existing log for reading.
func (af *auditFlags) openRead(ctx context.Context) (audit.Log, error) {
	if af.log == "" && af.sf.db != "" {
		ok, err := audit.PostgresExists(ctx, af.sf.db, af.schema)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("no audit log in %s", af.where())
		}
		return audit.OpenPostgres(ctx, af.sf.db, af.schema)
	}
	return audit.OpenFileReadOnly(af.where())
}

// openWrite opens (creating) the log for appending.
func (af *auditFlags) openWrite(ctx context.Context) (audit.Log, error) {
	if af.log == "" && af.sf.db != "" {
		return audit.OpenPostgres(ctx, af.sf.db, af.schema)
	}
	l, err := audit.OpenFile(af.where())
	if err != nil {
		return nil, err
	}
	return l, nil
}

// filter is what --since and --user select.
func (af *auditFlags) filter() (func(audit.Entry) bool, error) {
	var since time.Time
	if af.since != "" {
		t, err := parseTimeFlag(af.since)
		if err != nil {
			return nil, usagef("--since: %v", err)
		}
		since = t
	}
	return func(e audit.Entry) bool {
		return (since.IsZero() || !e.At.Before(since)) && (af.user == "" || e.User == af.user)
	}, nil
}

// parseTimeFlag reads RFC 3339 or a bare date (midnight UTC).
func parseTimeFlag(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time (want RFC 3339, e.g. 2026-03-01T12:00:00Z, or 2026-03-01)", s)
}

func runAudit(ctx context.Context, e *env, args []string) error {
	c := commands["audit"]
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			printCommandHelp(e.stdout, c, nil)
			return flag.ErrHelp
		}
		return usagef("which audit command? verify, export, show or lockdown")
	}
	sub, args := args[0], args[1:]
	fs := newFlags(e, c)
	af := addAuditFlags(fs)
	switch sub {
	case "verify":
		if _, err := parseNoArgs(e, c, fs, args); err != nil {
			return err
		}
		return auditVerify(ctx, e, af)
	case "export":
		af.addFilters(fs)
		out := fs.String("out", "", "write to FILE instead of standard output")
		if _, err := parseNoArgs(e, c, fs, args); err != nil {
			return err
		}
		return auditExport(ctx, e, af, *out)
	case "show":
		af.addFilters(fs)
		limit := fs.Int("limit", 50, "show the last N matching entries (0: all)")
		if _, err := parseNoArgs(e, c, fs, args); err != nil {
			return err
		}
		return auditShow(ctx, e, af, *limit)
	case "lockdown":
		app := fs.String("app-role", "", "the role mosaic serve connects as")
		owner := fs.String("owner-role", "mosaic_audit", "role to own the log (created NOLOGIN if missing)")
		if _, err := parseNoArgs(e, c, fs, args); err != nil {
			return err
		}
		if *app == "" {
			return usagef("lockdown needs --app-role")
		}
		fmt.Fprintln(e.stdout, "-- run once as a superuser or the log's current owner, after the log exists")
		for _, stmt := range audit.LockdownSQL(af.schema, *owner, *app) {
			fmt.Fprintln(e.stdout, stmt+";")
		}
		return nil
	}
	return usagef("unknown audit command %q: want verify, export, show or lockdown", sub)
}

func parseNoArgs(e *env, c *command, fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, usagef("unexpected argument %q", pos[0])
	}
	return pos, nil
}

func auditVerify(ctx context.Context, e *env, af *auditFlags) error {
	l, err := af.openRead(ctx)
	if err != nil {
		return err
	}
	defer l.Close()
	rep, err := audit.Verify(ctx, l)
	if errors.Is(err, audit.ErrTampered) {
		return exitError{code: 1, msg: fmt.Sprintf("FAILED: %s: %v (%d entries intact before it)", af.where(), err, rep.Entries)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s (%s)\n", rep, af.where())
	return nil
}

func auditExport(ctx context.Context, e *env, af *auditFlags, out string) (err error) {
	keep, err := af.filter()
	if err != nil {
		return err
	}
	l, err := af.openRead(ctx)
	if err != nil {
		return err
	}
	defer l.Close()
	var w io.Writer = e.stdout
	var f *os.File
	if out != "" {
		if f, err = os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	n := 0
	err = l.Scan(ctx, 0, func(en audit.Entry) error {
		if !keep(en) {
			return nil
		}
		b, err := json.Marshal(&en)
		if err != nil {
			return err
		}
		n++
		_, err = w.Write(append(b, '\n'))
		return err
	})
	if err != nil {
		return err
	}
	if out != "" {
		fmt.Fprintf(e.stderr, "exported %d entries to %s\n", n, out)
	}
	return nil
}

func auditShow(ctx context.Context, e *env, af *auditFlags, limit int) error {
	keep, err := af.filter()
	if err != nil {
		return err
	}
	l, err := af.openRead(ctx)
	if err != nil {
		return err
	}
	defer l.Close()
	var rows []audit.Entry
	total := 0
	err = l.Scan(ctx, 0, func(en audit.Entry) error {
		if !keep(en) {
			return nil
		}
		total++
		rows = append(rows, en)
		if limit > 0 && len(rows) > 2*limit {
			rows = append(rows[:0], rows[len(rows)-limit:]...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if limit > 0 && len(rows) > limit {
		rows = rows[len(rows)-limit:]
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME (UTC)\tUSER\tPURPOSE\tROUTE\tSTATUS\tENTITIES")
	for _, en := range rows {
		route := en.Kind
		if en.Route != "" {
			route = en.Route
			if en.Method != "" && !strings.HasPrefix(route, en.Method+" ") {
				route = en.Method + " " + route
			}
		} else if len(en.Records) == 1 {
			route += " " + en.Records[0]
		}
		status := ""
		if en.Status != 0 {
			status = fmt.Sprint(en.Status)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\n", en.Seq, en.At.Format("2006-01-02 15:04:05"),
			cell(en.User, 20), cell(en.Purpose, 30), cell(route, 50), status, len(en.Entities))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if total > len(rows) {
		fmt.Fprintf(e.stdout, "(last %d of %d entries; --limit 0 for all)\n", len(rows), total)
	}
	return nil
}

// cell keeps a table cell on one line and within width runes.
func cell(s string, width int) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); len(r) > width {
		return string(r[:width-1]) + "…"
	}
	if s == "" {
		return "-"
	}
	return s
}
