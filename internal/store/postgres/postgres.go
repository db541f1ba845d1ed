// Package postgres is Mosaic's server store: store.Backend on PostgreSQL,
// shared by many `mosaic serve` and worker processes.
//
// All tables live in one schema (default "mosaic"), created and upgraded by
// the SQL migrations in migrations/, which Open applies in order. Every write
// is one transaction that also updates the running totals (table meta), so
// Counts is a single-row read. Bulk loads stream statements with COPY into a
// session-local staging table and merge them into the store in one
// transaction (see loader.go).
package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"regexp"
	"runtime"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mosaichq/mosaic/internal/store"
)

// DefaultSchema is the schema a store lives in unless told otherwise.
const DefaultSchema = "mosaic"

// Options tune Open; the zero value uses DefaultSchema.
type Options struct {
	// Schema holds the store's tables. It must be a plain lower-case SQL
	// identifier ([a-z_][a-z0-9_]*). A mosaic.schema parameter in the URL
	// overrides it.
	Schema string
}

// Store is the PostgreSQL Backend.
type Store struct {
	pool   *pgxpool.Pool
	schema string
	// Transaction-level advisory lock keys, per schema so that stores in
	// other schemas never wait on each other.
	lockMigrate, lockStatements, lockClusters int64

	// smallLimit is the largest load merged from arrays (smallMax; tests
	// set 0 to send every load through COPY).
	smallLimit int
	// hookBeforeCommit, when set (tests only), runs inside a streamed
	// load's merge transaction just before COMMIT.
	hookBeforeCommit func(ctx context.Context, tx pgx.Tx) error
}

var _ store.Backend = (*Store)(nil)

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Open connects to the database at url (postgres://…), creates or upgrades
// the schema and returns the store. The URL may carry mosaic.schema=NAME; pool
// settings such as pool_max_conns are honoured as pgxpool documents them.
func Open(ctx context.Context, url string) (*Store, error) {
	return OpenWith(ctx, url, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, dsn string, o Options) (*Store, error) {
	dsn, fromURL, err := splitSchemaParam(dsn)
	if err != nil {
		return nil, err
	}
	schema := o.Schema
	if fromURL != "" {
		schema = fromURL
	}
	if schema == "" {
		schema = DefaultSchema
	}
	if !schemaName.MatchString(schema) {
		return nil, fmt.Errorf("postgres: schema %q must match %s", schema, schemaName)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// The server handles many small requests at once; pgxpool's default
	// (the number of CPUs, at least 4) would queue them behind a bulk load
	// or a long scan. A pool_max_conns in the URL still wins.
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = int32(max(8, 2*runtime.NumCPU()))
	}
	// Every query names tables without a schema; the connection finds them.
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.ConnConfig.RuntimeParams["application_name"] = "mosaic"
	// JIT compiles a plan for queries it expects to be large; Mosaic's are
	// short lookups, for which compiling costs 100 ms and gains nothing.
	cfg.ConnConfig.RuntimeParams["jit"] = "off"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &Store{pool: pool, schema: schema, smallLimit: smallMax,
		lockMigrate:    lockKey(schema, "migrate"),
		lockStatements: lockKey(schema, "statements"),
		lockClusters:   lockKey(schema, "clusters"),
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// schemaParam names the store's schema in a URL. The dot makes it a
// custom setting to PostgreSQL: other code that hands the same --db URL to
// pgx unchanged (the consultation log) connects without error, where an
// unknown plain name would be refused at connection start.
const schemaParam = "mosaic.schema"

// splitSchemaParam takes the schema parameter out of a URL.
func splitSchemaParam(dsn string) (string, string, error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn, "", nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", fmt.Errorf("postgres: bad URL: %w", err)
	}
	q := u.Query()
	schema := q.Get(schemaParam)
	if schema == "" {
		return dsn, "", nil
	}
	q.Del(schemaParam)
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}

func lockKey(schema, what string) int64 {
	h := fnv.New64a()
	h.Write([]byte("mosaic\x00" + schema + "\x00" + what))
	return int64(h.Sum64())
}

// Close closes every connection.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Schema is the schema the store's tables live in.
func (s *Store) Schema() string { return s.schema }

// Pool exposes the connection pool (for tools and tests).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// inTx runs fn in a transaction and commits it. Deadlocks and serialisation
// failures, which PostgreSQL resolves by aborting one party, are retried:
// fn must therefore be safe to run again.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := pgx.BeginFunc(ctx, s.pool, fn)
		if err == nil || attempt == 4 || !retryable(err) {
			return err
		}
	}
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}
