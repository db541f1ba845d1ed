package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// PGLog is a Log in PostgreSQL for server deployments: the table
// SCHEMA.consultations (one row per entry) and the one-row table SCHEMA.head
// (seq and hash of the last entry), in a schema of their own ("audit" by
// default) apart from the operational tables.
//
// Each group of concurrent Appends is one transaction: lock the head row,
// chain the entries on it, COPY them in, move the head, commit. The row
// lock serialises writers across processes, so many servers can share one
// log; the head moves in the same transaction as the rows, so there is no
// crash window in which they disagree.
//
// Append-only is enforced twice. Triggers refuse UPDATE, DELETE and TRUNCATE
// on consultations, and let the head only move forward onto an entry that
// exists with that hash; they bind the tables' owner too, who would have to
// drop or disable them first (DDL, visible in the server's log). And the
// server should not connect as the owner at all: LockdownSQL gives the
// statements that hand the schema to a role of its own and leave the
// server's role SELECT and INSERT (plus the guarded UPDATE of the head).
// Verify still catches whatever a superuser does around both.
type PGLog struct {
	url    string
	schema string
	q      pgQueries

	mu     sync.Mutex
	cur    *pgGroup
	err    error
	closed bool
	conn   *pgx.Conn // the flusher's; reconnected after a failure
	idle   *pgx.Conn // a reader's, kept for the next Scan (guarded by mu)
	kick   chan struct{}
	done   chan struct{}
}

type pgGroup struct {
	entries []*Entry
	done    chan struct{}
	err     error
}

type pgQueries struct {
	lockHead, insertHead, moveHead, readHead, scan string
	table                                          pgx.Identifier
}

var pgColumns = []string{"seq", "at", "username", "role", "purpose", "kind", "method", "route",
	"params", "status", "entities", "records", "note", "prev", "hash"}

// DefaultSchema is where OpenPostgres keeps the log unless told otherwise.
const DefaultSchema = "audit"

// OpenPostgres opens the log in schema (DefaultSchema when "") of the
// database at url, creating the schema, tables and triggers when they are
// missing. Creating needs the right to create a schema; once created (or
// locked down with LockdownSQL) the server's role needs only SELECT and
// INSERT on consultations and SELECT, UPDATE on head.
func OpenPostgres(ctx context.Context, url, schema string) (*PGLog, error) {
	if schema == "" {
		schema = DefaultSchema
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("audit: connecting to PostgreSQL: %w", err)
	}
	s := pgx.Identifier{schema}.Sanitize()
	l := &PGLog{url: url, schema: schema, conn: conn, kick: make(chan struct{}, 1), done: make(chan struct{}),
		q: pgQueries{
			lockHead:   "SELECT seq, hash FROM " + s + ".head FOR UPDATE",
			insertHead: "INSERT INTO " + s + ".head (one, seq, hash) VALUES (true, 0, '" + Genesis + "') ON CONFLICT DO NOTHING",
			moveHead:   "UPDATE " + s + ".head SET seq = $1, hash = $2",
			readHead:   "SELECT seq, hash FROM " + s + ".head",
			scan:       "SELECT " + strings.Join(pgColumns, ", ") + " FROM " + s + ".consultations WHERE seq >= $1 ORDER BY seq",
			table:      pgx.Identifier{schema, "consultations"},
		}}
	if err := l.migrate(ctx); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	go l.flusher()
	return l, nil
}

// schemaSQL creates the log; {schema} stands for the quoted schema.
const schemaSQL = `
CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE IF NOT EXISTS {schema}.consultations (
	seq      bigint PRIMARY KEY CHECK (seq > 0),
	at       timestamptz NOT NULL,
	username text NOT NULL,
	role     text NOT NULL,
	purpose  text NOT NULL,
	kind     text NOT NULL,
	method   text NOT NULL,
	route    text NOT NULL,
	params   jsonb,
	status   integer NOT NULL,
	entities text[] NOT NULL,
	records  text[] NOT NULL,
	note     text NOT NULL,
	prev     text NOT NULL,
	hash     text NOT NULL
);
CREATE INDEX IF NOT EXISTS consultations_at ON {schema}.consultations (at);
CREATE INDEX IF NOT EXISTS consultations_user ON {schema}.consultations (username, at);
CREATE TABLE IF NOT EXISTS {schema}.head (
	one  boolean PRIMARY KEY DEFAULT true CHECK (one),
	seq  bigint NOT NULL,
	hash text NOT NULL
);
CREATE OR REPLACE FUNCTION {schema}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the consultation log is append-only: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END $$;
CREATE OR REPLACE FUNCTION {schema}.head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'UPDATE' OR NEW.seq <= OLD.seq THEN
		RAISE EXCEPTION 'the consultation log head only moves forward: % refused', TG_OP;
	END IF;
	PERFORM 1 FROM {schema}.consultations WHERE seq = NEW.seq AND hash = NEW.hash;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'the consultation log head must name an entry that exists (seq %)', NEW.seq;
	END IF;
	RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS append_only ON {schema}.consultations;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON {schema}.consultations
	FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_change();
DROP TRIGGER IF EXISTS no_truncate ON {schema}.consultations;
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON {schema}.consultations
	FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_change();
DROP TRIGGER IF EXISTS forward_only ON {schema}.head;
CREATE TRIGGER forward_only BEFORE UPDATE OR DELETE ON {schema}.head
	FOR EACH ROW EXECUTE FUNCTION {schema}.head_forward();
DROP TRIGGER IF EXISTS no_truncate ON {schema}.head;
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON {schema}.head
	FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.consultations FROM PUBLIC;
REVOKE DELETE, TRUNCATE ON {schema}.head FROM PUBLIC;
`

// migrate creates what is missing. It only touches the schema when the
// tables are absent, so a locked-down server role (no DDL rights) can open
// an existing log.
func (l *PGLog) migrate(ctx context.Context) error {
	var ok bool
	if err := l.conn.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL",
		pgx.Identifier{l.schema, "consultations"}.Sanitize(), pgx.Identifier{l.schema, "head"}.Sanitize()).Scan(&ok); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if ok {
		return nil
	}
	tx, err := l.conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer tx.Rollback(ctx)
	// Servers starting together must not race on CREATE ... IF NOT EXISTS.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", "mosaic-audit:"+l.schema); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	for _, stmt := range splitSQL(strings.ReplaceAll(schemaSQL, "{schema}", pgx.Identifier{l.schema}.Sanitize())) {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("audit: creating the log in schema %s: %w", l.schema, err)
		}
	}
	if _, err := tx.Exec(ctx, l.q.insertHead); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return tx.Commit(ctx)
}

// splitSQL splits on semicolons that end a line outside $$ bodies.
func splitSQL(s string) []string {
	var out []string
	var cur strings.Builder
	inBody := false
	for _, line := range strings.Split(s, "\n") {
		if strings.Count(line, "$$")%2 == 1 {
			inBody = !inBody
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if !inBody && strings.HasSuffix(strings.TrimSpace(line), ";") {
			if st := strings.TrimSpace(cur.String()); st != "" {
				out = append(out, st)
			}
			cur.Reset()
		}
	}
	return out
}

// LockdownSQL returns the statements a database administrator runs once so
// that appRole (the role mosaic serve connects as) cannot alter the log:
// the schema, tables and functions pass to ownerRole (created NOLOGIN if
// missing), and appRole keeps only SELECT and INSERT on consultations and
// SELECT, UPDATE on head (whose trigger lets it only move forward). Not
// being the owner, appRole can neither disable the triggers nor drop them.
func LockdownSQL(schema, ownerRole, appRole string) []string {
	if schema == "" {
		schema = DefaultSchema
	}
	s := pgx.Identifier{schema}.Sanitize()
	o := pgx.Identifier{ownerRole}.Sanitize()
	a := pgx.Identifier{appRole}.Sanitize()
	lit := strings.ReplaceAll(ownerRole, "'", "''")
	return []string{
		fmt.Sprintf("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s') THEN CREATE ROLE %s NOLOGIN; END IF; END $$", lit, o),
		fmt.Sprintf("ALTER SCHEMA %s OWNER TO %s", s, o),
		fmt.Sprintf("ALTER TABLE %s.consultations OWNER TO %s", s, o),
		fmt.Sprintf("ALTER TABLE %s.head OWNER TO %s", s, o),
		fmt.Sprintf("ALTER FUNCTION %s.refuse_change() OWNER TO %s", s, o),
		fmt.Sprintf("ALTER FUNCTION %s.head_forward() OWNER TO %s", s, o),
		fmt.Sprintf("REVOKE ALL ON SCHEMA %s FROM PUBLIC", s),
		fmt.Sprintf("REVOKE ALL ON ALL TABLES IN SCHEMA %s FROM PUBLIC, %s", s, a),
		fmt.Sprintf("GRANT USAGE ON SCHEMA %s TO %s", s, a),
		fmt.Sprintf("GRANT SELECT, INSERT ON %s.consultations TO %s", s, a),
		fmt.Sprintf("GRANT SELECT, UPDATE ON %s.head TO %s", s, a),
	}
}

// Append implements Log.
func (l *PGLog) Append(ctx context.Context, e *Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := prepare(e, time.Now()); err != nil {
		return err
	}
	l.mu.Lock()
	if l.err != nil {
		l.mu.Unlock()
		return l.err
	}
	g := l.cur
	if g == nil {
		g = &pgGroup{done: make(chan struct{})}
		l.cur = g
	}
	g.entries = append(g.entries, e)
	l.mu.Unlock()
	select {
	case l.kick <- struct{}{}:
	default:
	}
	<-g.done
	return g.err
}

func (l *PGLog) flusher() {
	defer close(l.done)
	for range l.kick {
		for {
			l.mu.Lock()
			g, closed := l.cur, l.closed
			l.cur = nil
			l.mu.Unlock()
			if g == nil {
				if closed {
					return
				}
				break
			}
			g.err = l.flush(g.entries)
			if g.err != nil {
				for _, e := range g.entries {
					e.Seq, e.Prev, e.Hash = 0, "", ""
				}
			}
			close(g.done)
		}
	}
}

// flush writes one group in one transaction. If the commit's outcome is
// unknown (the connection died during COMMIT) the entries may be in the log
// although Append reports an error; Verify still finds the chain whole.
func (l *PGLog) flush(es []*Entry) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if l.conn == nil || l.conn.IsClosed() {
		c, err := pgx.Connect(ctx, l.url)
		if err != nil {
			return fmt.Errorf("audit: reconnecting to PostgreSQL: %w", err)
		}
		l.conn = c
	}
	tx, err := l.conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer tx.Rollback(ctx)
	var seq int64
	var prev string
	if err := tx.QueryRow(ctx, l.q.lockHead).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("audit: reading the log head: %w", err)
	}
	rows := make([][]any, len(es))
	for i, e := range es {
		seq++
		e.Seq, e.Prev = seq, prev
		e.Hash = ComputeHash(e)
		prev = e.Hash
		var params any
		if e.Params != nil {
			params = e.Params
		}
		rows[i] = []any{e.Seq, e.At, e.User, e.Role, e.Purpose, e.Kind, e.Method, e.Route, params,
			int32(e.Status), nonNil(e.Entities), nonNil(e.Records), e.Note, e.Prev, e.Hash}
	}
	if _, err := tx.CopyFrom(ctx, l.q.table, pgColumns, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("audit: writing entries: %w", err)
	}
	if _, err := tx.Exec(ctx, l.q.moveHead, seq, prev); err != nil {
		return fmt.Errorf("audit: moving the log head: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("audit: committing entries: %w", err)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Close flushes pending entries and closes the connection.
func (l *PGLog) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	l.err = ErrClosed
	l.mu.Unlock()
	select {
	case l.kick <- struct{}{}:
	default:
	}
	<-l.done
	l.mu.Lock()
	idle := l.idle
	l.idle = nil
	l.mu.Unlock()
	if idle != nil {
		idle.Close(context.Background())
	}
	if l.conn != nil {
		return l.conn.Close(context.Background())
	}
	return nil
}

// Scan implements Log. It reads one consistent snapshot on a connection of
// its own.
func (l *PGLog) Scan(ctx context.Context, fromSeq int64, fn func(Entry) error) error {
	return l.read(ctx, fromSeq, nil, func(pos int64, e *Entry) error { return fn(*e) })
}

func (l *PGLog) walk(ctx context.Context, info *walkInfo, fn func(pos int64, e *Entry) error) error {
	info.unit = "row"
	return l.read(ctx, 0, info, fn)
}

// reader lends a connection for reading, so a long Scan never holds up
// the flusher's.
func (l *PGLog) reader(ctx context.Context) (*pgx.Conn, error) {
	l.mu.Lock()
	c := l.idle
	l.idle = nil
	l.mu.Unlock()
	if c != nil && !c.IsClosed() {
		return c, nil
	}
	c, err := pgx.Connect(ctx, l.url)
	if err != nil {
		return nil, fmt.Errorf("audit: connecting to PostgreSQL: %w", err)
	}
	return c, nil
}

func (l *PGLog) release(c *pgx.Conn, ok bool) {
	l.mu.Lock()
	if ok && l.idle == nil && !l.closed && !c.IsClosed() {
		l.idle, c = c, nil
	}
	l.mu.Unlock()
	if c != nil {
		c.Close(context.Background())
	}
}

func (l *PGLog) read(ctx context.Context, fromSeq int64, info *walkInfo, fn func(pos int64, e *Entry) error) (err error) {
	conn, err := l.reader(ctx)
	if err != nil {
		return err
	}
	clean := false
	defer func() { l.release(conn, clean) }()
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer func() {
		if tx.Rollback(context.Background()) != nil {
			clean = false
		}
	}()
	if info != nil {
		err := tx.QueryRow(ctx, l.q.readHead).Scan(&info.head.Seq, &info.head.Hash)
		if errors.Is(err, pgx.ErrNoRows) {
			return &TamperError{Reason: "the head row is missing"}
		}
		if err != nil {
			return fmt.Errorf("audit: reading the log head: %w", err)
		}
	}
	rows, err := tx.Query(ctx, l.q.scan, fromSeq)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	var pos int64
	for rows.Next() {
		pos++
		var e Entry
		var status int32
		var params map[string]string
		if err := rows.Scan(&e.Seq, &e.At, &e.User, &e.Role, &e.Purpose, &e.Kind, &e.Method, &e.Route,
			&params, &status, &e.Entities, &e.Records, &e.Note, &e.Prev, &e.Hash); err != nil {
			return &TamperError{Unit: "row", Pos: pos, Reason: "unreadable: " + err.Error()}
		}
		e.At = e.At.UTC()
		e.Status = int(status)
		if len(params) > 0 {
			e.Params = params
		}
		if len(e.Entities) == 0 {
			e.Entities = nil
		}
		if len(e.Records) == 0 {
			e.Records = nil
		}
		if err := fn(pos, &e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	clean = true
	return nil
}

// PostgresExists reports whether the database at url holds a log in schema
// (DefaultSchema when ""), so that readers can say "no log" instead of
// creating one.
func PostgresExists(ctx context.Context, url, schema string) (bool, error) {
	if schema == "" {
		schema = DefaultSchema
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return false, fmt.Errorf("audit: connecting to PostgreSQL: %w", err)
	}
	defer conn.Close(context.Background())
	var ok bool
	err = conn.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL",
		pgx.Identifier{schema, "consultations"}.Sanitize()).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("audit: %w", err)
	}
	return ok, nil
}
