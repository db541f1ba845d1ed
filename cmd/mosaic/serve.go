package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/audit"
	"github.com/mosaichq/mosaic/internal/ingest/lists"
	"github.com/mosaichq/mosaic/internal/server"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/web"
)

func init() {
	register(&command{
		name:    "serve",
		summary: "serve the HTTP API and the analyst workbench",
		usage:   "[--data DIR | --db postgres://...] [--addr 127.0.0.1:8080] [--tls-cert F --tls-key F] [--watchlist PATH ...] [--retention-every 1h]",
		help: `Serves the JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json), the
workbench at /, /healthz and /metrics. Requests carry 'Authorization: Bearer
TOKEN' (mosaic users add) and, for anything about people, a purpose in the
X-Mosaic-Purpose header; every such request is written to the hash-chained
consultation log (mosaic audit verify). Stops gracefully on SIGINT/SIGTERM.

Screening: POST /match/{dataset} (yente-compatible) and /reconcile/{dataset}
(OpenRefine) screen against the lists given with --watchlist (any format
mosaic screen reads; repeatable) and the official lists imported with
mosaic ingest --list, as a user without authorisations sees them. Datasets:
"default" (every list) and one per list name. They need a token and a
purpose like every other route about people, and are logged.`,
		run: runServe,
	})
	serveDemo = func(ctx context.Context, e *env, b store.Backend, dataDir, addr string) error {
		token, err := server.AddUser(ctx, b, "demo", server.RoleSupervisor, []string{"BORDER", "PIU", "POLICE", "TELECOM", "IMMIGRATION", "SECRET", "NL"})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "\ndemo user 'demo' (supervisor) token:\n%s\n", token)
		return serveStore(ctx, e, b, serveOptions{logPath: audit.PathFor(dataDir), addr: addr, retention: time.Hour})
	}
}

func runServe(ctx context.Context, e *env, args []string) error {
	c := commands["serve"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs).addCacheFlag(fs, 1024)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM)")
	key := fs.String("tls-key", "", "TLS key file (PEM)")
	logPath := fs.String("audit-log", "", "consultation log file (embedded store; default DATA/audit/…)")
	auditSchema := fs.String("audit-schema", audit.DefaultSchema, "PostgreSQL schema of the consultation log (with --db)")
	inFlight := fs.Int("max-in-flight", 0, "read requests run at once; more wait their turn in arrival order (0: 4 per core)")
	retention := fs.Duration("retention-every", time.Hour, "erase statements past their review date at start and then this often (0: never; see mosaic retention)")
	var watch multiFlag
	fs.Var(&watch, "watchlist", "watchlist file or directory screened by /match and /reconcile (repeatable)")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return usagef("give both --tls-cert and --tls-key, or neither")
	}
	// Lists are read (and refused if malformed) before the store is opened.
	var ls []*lists.List
	for _, w := range watch {
		l, err := lists.Load(w)
		if err != nil {
			return err
		}
		ls = append(ls, l)
	}
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	if *logPath == "" && sf.db == "" {
		*logPath = audit.PathFor(sf.data)
	}
	return serveStore(ctx, e, b, serveOptions{logPath: *logPath, dbURL: sf.db, auditSchema: *auditSchema, addr: *addr,
		cert: *cert, key: *key, watch: ls, retention: *retention, maxInFlight: *inFlight})
}

// serveOptions are how mosaic serve and mosaic demo start a server.
type serveOptions struct {
	logPath, dbURL, auditSchema string // the consultation log: a file, or a schema of dbURL
	addr, cert, key             string
	watch                       []*lists.List
	retention                   time.Duration // 0: never
	maxInFlight                 int           // 0: the server's default
}

func serveStore(ctx context.Context, e *env, b store.Backend, o serveOptions) error {
	var log audit.Log
	var err error
	if o.dbURL != "" {
		log, err = audit.OpenPostgres(ctx, o.dbURL, o.auditSchema)
	} else {
		log, err = audit.OpenFile(o.logPath)
	}
	if err != nil {
		return fmt.Errorf("consultation log: %w", err)
	}
	defer log.Close()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if pct, limit := tuneServerGC(); pct > 0 || limit > 0 {
		logger.Info("garbage collector tuned for serving (set GOGC or GOMEMLIMIT to override)", "gogc", pct, "memory_limit_mb", limit>>20)
	}
	ix, src, err := server.BuildScreenIndex(ctx, b, o.watch)
	if err != nil {
		return fmt.Errorf("screening index: %w", err)
	}
	fmt.Fprintf(e.stdout, "screening: %s\n", src)
	srv, err := server.New(server.Config{Backend: b, Audit: server.AuditLog{Log: log}, Logger: logger, Web: web.Files(), MaxInFlight: o.maxInFlight,
		Screening: server.NewScreening(ix)})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "indexing for search …")
	if err := srv.WarmUp(ctx); err != nil {
		return err
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	if o.retention > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			retentionLoop(ctx, b, log, srv, o.retention, logger)
		}()
	}
	err = srv.ListenAndServe(ctx, o.addr, o.cert, o.key, func(url string) {
		where := o.logPath
		if o.dbURL != "" {
			// The schema, not the URL: a URL may carry a password.
			where = "in the PostgreSQL schema " + o.auditSchema
		}
		fmt.Fprintf(e.stdout, "Mosaic is serving at %s (API %sapi/v1/, consultation log %s)\n", url, url, where)
	})
	stop()
	wg.Wait() // the store closes after: no erasure may be cut off by it
	return err
}

// retentionLoop erases what is past its review date when the server starts
// and then every interval, as mosaic retention run does: each erasure is
// logged, resolution is run again, and the server's caches are dropped so
// nothing erased is served from them.
func retentionLoop(ctx context.Context, b store.Backend, log audit.Log, srv *server.Server, every time.Duration, logger *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		rep, err := audit.RunRetention(ctx, b, log, time.Now(), audit.RetentionOptions{})
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			logger.Error("retention run failed; the next run retries", "err", err)
		case len(rep.Records) > 0:
			srv.Refresh()
			logger.Info("retention: erased statements past their review date", "statements", rep.Statements,
				"records_gone", rep.Gone, "records_trimmed", rep.Trimmed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
