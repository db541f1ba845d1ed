package postgres

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// The loader makes a bulk write atomic without holding it in memory.
//
// Small loads (up to smallMax statements, e.g. WriteStatements from the
// server) are kept in Go and merged from arrays in one transaction. Larger
// loads switch to a stream: Add encodes each statement in PostgreSQL's
// binary COPY format and hands full buffers to a goroutine running
// COPY ... FROM STDIN into a temporary table on the loader's own connection.
// The temporary table is private to that session and vanishes with it, so a
// loader that aborts, crashes or loses its connection leaves nothing.
//
// Commit then runs one transaction: insert the staged statements and their
// records with ON CONFLICT DO NOTHING (the row counts PostgreSQL reports are
// exactly the new rows; the rest were already stored or repeated in the
// load), update the per-source record counts and the totals in meta, empty
// the staging table, COMMIT. Until COMMIT other sessions see none of it.
const (
	smallMax   = 2000      // statements merged from arrays, without COPY
	flushBytes = 256 << 10 // COPY data is sent in buffers of about this size
	queueDepth = 4         // buffers in flight between Add and the COPY
)

// stageTable receives the COPY. record sorts in byte order like the store;
// ord keeps the order of Add so that a record's first statement gives the
// record its schema and source; birth is set on the first statement of each
// run of a record (store.EntityID, computed once in Go).
const stageTable = `CREATE TEMP TABLE IF NOT EXISTS mosaic_stage (
	ord bigint, record text COLLATE "C", id bytea, schema text, prop text, value text,
	original text, source text, label text, reliability smallint, credibility smallint,
	category smallint, kind smallint, first_seen timestamptz, last_seen timestamptz,
	review_at timestamptz, birth text)`

const stageColumns = 17

const (
	fromStage  = `pg_temp.mosaic_stage AS stage`
	fromArrays = `unnest($1::bigint[], $2::text[], $3::bytea[], $4::text[], $5::text[], $6::text[],
	$7::text[], $8::text[], $9::text[], $10::int2[], $11::int2[], $12::int2[], $13::int2[],
	$14::timestamptz[], $15::timestamptz[], $16::timestamptz[], $17::text[])
	AS stage(ord, record, id, schema, prop, value, original, source, label, reliability,
	credibility, category, kind, first_seen, last_seen, review_at, birth)`
)

// The merge is written once, in pieces, and assembled for the two sources.
//
// Rows already stored are dropped by an anti-join before anything is
// sorted (a re-ingest then costs a join, not a sort and a million index
// probes); ON CONFLICT DO NOTHING still settles rows a concurrent loader
// commits meanwhile and rows repeated within the load. What is left is
// inserted in key order, which keeps index insertion local and makes
// concurrent loaders take row locks in the same order (no deadlocks
// between them).
const insertStatements = `INSERT INTO statements (record, id, schema, prop, value, original, source,
	label, reliability, credibility, category, kind, first_seen, last_seen, review_at)
SELECT record, id, schema, prop, value, original, source, label, reliability, credibility,
	category, kind, first_seen, last_seen, review_at
FROM {src}
WHERE NOT EXISTS (SELECT 1 FROM statements t WHERE t.record = stage.record AND t.id = stage.id)
ORDER BY record COLLATE "C", id
ON CONFLICT (record, id) DO NOTHING`

// A record is new when its row is inserted. The first statement of a
// record in the load (the lowest ord) gives it its schema and source.
const insertRecords = `INSERT INTO records (id, schema, source, created, birth_id)
SELECT DISTINCT ON (record COLLATE "C") record, schema, source, now(), birth
FROM {src}
WHERE birth IS NOT NULL AND NOT EXISTS (SELECT 1 FROM records r WHERE r.id = stage.record)
ORDER BY record COLLATE "C", ord
ON CONFLICT (id) DO NOTHING
RETURNING source`

// Each source's record count moves in the statement that adds its records.
const countSources = `per AS (
	SELECT source, count(*) AS n FROM ins GROUP BY source
), up AS (
	INSERT INTO sources (source, records) SELECT source, n FROM per ORDER BY source COLLATE "C"
	ON CONFLICT (source) DO UPDATE SET records = sources.records + excluded.records
)`

// A streamed load runs the two inserts as statements of their own: the
// command tag counts the new statements without collecting millions of
// RETURNING rows.
var (
	mergeStatementsFromStage = strings.ReplaceAll(insertStatements, "{src}", fromStage)
	mergeRecordsFromStage    = `WITH ins AS (` + strings.ReplaceAll(insertRecords, "{src}", fromStage) + `), ` +
		countSources + ` SELECT coalesce(sum(n), 0)::bigint FROM per`
)

// A small load is one statement, totals included: sent with the advisory
// lock in one pipeline, it costs a single round trip.
var mergeSmall = `WITH stage AS MATERIALIZED (SELECT * FROM ` + fromArrays + `),
ins_s AS (` + strings.ReplaceAll(insertStatements, "{src}", "stage") + ` RETURNING 1),
ins AS (` + strings.ReplaceAll(insertRecords, "{src}", "stage") + `),
` + countSources + `,
cnt AS (SELECT (SELECT count(*) FROM ins_s) AS s, (SELECT coalesce(sum(n), 0) FROM per)::bigint AS r),
m AS (UPDATE meta SET statements = statements + cnt.s, records = records + cnt.r
	FROM cnt WHERE id = 1 AND (cnt.s > 0 OR cnt.r > 0))
SELECT s, r FROM cnt`

type loader struct {
	s   *Store
	ctx context.Context

	n       int64 // statements added
	lastRec string
	done    bool
	err     error // a failure of the stream: the load can only be aborted

	// Small loads: the statements themselves, and which start a record run.
	small      []model.Statement
	smallBirth []bool

	// Streaming loads.
	conn     *pgxpool.Conn
	buf      []byte
	queue    chan []byte
	free     chan []byte
	abort    chan struct{}
	copyDone chan struct{}
	copyErr  error
	copyTag  int64
}

// NewLoader implements store.Backend. The connection for a streaming load is
// taken only when the load outgrows smallMax.
func (s *Store) NewLoader(ctx context.Context) (store.Loader, error) {
	return &loader{s: s, ctx: ctx}, nil
}

// WriteStatements implements store.Backend.
func (s *Store) WriteStatements(ctx context.Context, stmts []model.Statement) (store.WriteStats, error) {
	l := &loader{s: s, ctx: ctx}
	for i := range stmts {
		if err := l.Add(&stmts[i]); err != nil {
			l.Abort()
			return store.WriteStats{}, err
		}
	}
	return l.Commit()
}

// checkText refuses what a PostgreSQL text column cannot hold, with a
// message that says so, rather than failing the whole COPY at Commit.
func checkText(st *model.Statement) error {
	for _, f := range [...]struct{ name, v string }{{"record", st.Record}, {"schema", st.Schema},
		{"prop", st.Prop}, {"value", st.Value}, {"original", st.Original}, {"source", st.Source},
		{"label", st.Label}} {
		if strings.IndexByte(f.v, 0) >= 0 || !utf8.ValidString(f.v) {
			return fmt.Errorf("statement %s: %s is not valid UTF-8 text (or holds a NUL byte)", st.ID, f.name)
		}
	}
	return nil
}

func (l *loader) Add(st *model.Statement) error {
	if l.done {
		return errors.New("loader already finished")
	}
	if l.err != nil {
		return l.err
	}
	if st.Record == "" || st.Schema == "" || st.Prop == "" || st.Source == "" {
		return fmt.Errorf("statement %s: record, schema, prop and source are required", st.ID)
	}
	if st.ID == "" {
		st.SetID()
	}
	id, err := hex.DecodeString(st.ID)
	if err != nil || len(id) != 16 {
		return fmt.Errorf("bad statement id %q", st.ID)
	}
	if err := checkText(st); err != nil {
		return err
	}
	birth := st.Record != l.lastRec
	if birth {
		l.lastRec = st.Record
	}
	l.n++
	if l.conn == nil {
		if len(l.small) < l.s.smallLimit {
			l.small = append(l.small, *st)
			l.smallBirth = append(l.smallBirth, birth)
			return nil
		}
		if err := l.startCopy(); err != nil {
			l.err = err
			return err
		}
	}
	l.buf = encodeRow(l.buf, l.n, st, id, birth)
	if len(l.buf) >= flushBytes {
		if err := l.flush(); err != nil {
			l.err = err
			return err
		}
	}
	return nil
}

// startCopy takes a connection, makes sure its staging table exists and
// starts the COPY that the buffers feed; statements held so far go first.
func (l *loader) startCopy() error {
	conn, err := l.s.pool.Acquire(l.ctx)
	if err != nil {
		return fmt.Errorf("loader: %w", err)
	}
	l.conn = conn
	// A connection from the pool never holds staged rows: Commit empties the
	// table in its transaction and every failure path closes the connection.
	if _, err := conn.Exec(l.ctx, stageTable); err != nil {
		l.dropConn()
		return fmt.Errorf("loader: staging table: %w", err)
	}
	l.queue = make(chan []byte, queueDepth)
	l.free = make(chan []byte, queueDepth+1)
	l.abort = make(chan struct{})
	l.copyDone = make(chan struct{})
	r := &queueReader{queue: l.queue, free: l.free, abort: l.abort, ctx: l.ctx}
	go func() {
		defer close(l.copyDone)
		tag, err := conn.Conn().PgConn().CopyFrom(l.ctx, r, "COPY pg_temp.mosaic_stage FROM STDIN (FORMAT binary)")
		l.copyErr = err
		l.copyTag = tag.RowsAffected()
	}()
	l.buf = append(make([]byte, 0, flushBytes+4096), copyHeader...)
	for i := range l.small {
		st := &l.small[i]
		id, _ := hex.DecodeString(st.ID)
		l.buf = encodeRow(l.buf, int64(i+1), st, id, l.smallBirth[i])
	}
	l.small, l.smallBirth = nil, nil
	return l.flush()
}

// flush hands the current buffer to the COPY, waiting while the queue is
// full: the load's memory stays at a few buffers whatever its size.
func (l *loader) flush() error {
	select {
	case <-l.copyDone:
		return l.copyFailed()
	default:
	}
	select {
	case l.queue <- l.buf:
	case <-l.copyDone:
		return l.copyFailed()
	}
	select {
	case b := <-l.free:
		l.buf = b[:0]
	default:
		l.buf = make([]byte, 0, flushBytes+4096)
	}
	return nil
}

func (l *loader) copyFailed() error {
	if l.copyErr != nil {
		return fmt.Errorf("loader: copy: %w", l.copyErr)
	}
	return errors.New("loader: copy ended early")
}

// dropConn closes the loader's connection instead of returning it to the
// pool: its session, and the staged rows with it, end on the server.
func (l *loader) dropConn() {
	if l.conn == nil {
		return
	}
	c := l.conn.Hijack()
	l.conn = nil
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.Close(ctx)
}

// Abort implements store.Loader.
func (l *loader) Abort() error {
	if l.done {
		return nil
	}
	l.done = true
	l.small, l.smallBirth = nil, nil
	if l.conn != nil {
		close(l.abort) // the COPY fails, so nothing is even staged
		<-l.copyDone
		l.dropConn()
	}
	return nil
}

// Commit implements store.Loader.
func (l *loader) Commit() (store.WriteStats, error) {
	if l.done {
		return store.WriteStats{}, errors.New("loader already finished")
	}
	if l.err != nil {
		l.Abort()
		return store.WriteStats{}, l.err
	}
	l.done = true
	if l.n == 0 {
		return store.WriteStats{}, nil
	}
	if l.conn == nil {
		return l.commitSmall()
	}
	ws, err := l.commitStream()
	if err != nil {
		l.dropConn()
		return store.WriteStats{}, err
	}
	if ws.Statements >= analyzeAfter {
		// A bulk load leaves the planner's statistics behind until
		// autovacuum catches up; until then it plans a record's lookup as
		// a parallel scan of thousands of rows (150 ms instead of 0.1).
		// The load is committed: a failed ANALYZE only costs speed, so
		// its error is not the load's.
		_, _ = l.conn.Exec(l.ctx, "ANALYZE statements, records")
	}
	l.conn.Release()
	l.conn = nil
	return ws, nil
}

// analyzeAfter is the number of new statements after which a load refreshes
// the planner's statistics itself.
const analyzeAfter = 100_000

func (l *loader) commitStream() (store.WriteStats, error) {
	l.buf = binary.BigEndian.AppendUint16(l.buf, 0xffff) // file trailer
	if err := l.flush(); err != nil {
		return store.WriteStats{}, err
	}
	close(l.queue)
	<-l.copyDone
	if l.copyErr != nil {
		return store.WriteStats{}, fmt.Errorf("loader: copy: %w", l.copyErr)
	}
	if l.copyTag != l.n {
		return store.WriteStats{}, fmt.Errorf("loader: staged %d statements of %d", l.copyTag, l.n)
	}
	var ws store.WriteStats
	// The merge is retried on deadlock: the staged rows stay until it commits.
	for attempt := 0; ; attempt++ {
		err := pgx.BeginFunc(l.ctx, l.conn, func(tx pgx.Tx) error {
			var err error
			ws, err = l.s.merge(l.ctx, tx, l.n)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(l.ctx, "TRUNCATE pg_temp.mosaic_stage"); err != nil {
				return err
			}
			if h := l.s.hookBeforeCommit; h != nil {
				return h(l.ctx, tx)
			}
			return nil
		})
		if err == nil {
			return ws, nil
		}
		if attempt == 4 || !retryable(err) {
			return store.WriteStats{}, fmt.Errorf("loader: commit: %w", err)
		}
	}
}

func (l *loader) commitSmall() (store.WriteStats, error) {
	args := arrayArgs(l.small, l.smallBirth)
	l.small, l.smallBirth = nil, nil
	var ws store.WriteStats
	for attempt := 0; ; attempt++ {
		// Without BEGIN the pipeline is one implicit transaction: the shared
		// lock (see merge) is held until the merge has committed.
		b := &pgx.Batch{}
		b.Queue("SELECT pg_advisory_xact_lock_shared($1)", l.s.lockStatements)
		var stmts, recs int64
		b.Queue(mergeSmall, args...).QueryRow(func(row pgx.Row) error { return row.Scan(&stmts, &recs) })
		err := l.s.pool.SendBatch(l.ctx, b).Close()
		if err == nil {
			ws.Statements, ws.Records = int(stmts), int(recs)
			ws.Skipped = int(l.n) - ws.Statements
			return ws, nil
		}
		if attempt == 4 || !retryable(err) {
			return store.WriteStats{}, fmt.Errorf("loader: commit: %w", err)
		}
	}
}

// merge moves n staged statements into the store and updates the totals,
// inside tx.
func (s *Store) merge(ctx context.Context, tx pgx.Tx, n int64) (store.WriteStats, error) {
	// Shared: loaders run side by side; DeleteStatements takes it exclusively
	// so that it never removes a record a loader is adding statements to.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock_shared($1)", s.lockStatements); err != nil {
		return store.WriteStats{}, err
	}
	// Statistics let the planner pick the anti-join (hash, merge or index
	// probes) by the sizes of the load and the store; the sort of millions
	// of staged rows gets room.
	if _, err := tx.Exec(ctx, "ANALYZE pg_temp.mosaic_stage; SET LOCAL work_mem = '128MB'"); err != nil {
		return store.WriteStats{}, err
	}
	tag, err := tx.Exec(ctx, mergeStatementsFromStage)
	if err != nil {
		return store.WriteStats{}, err
	}
	var ws store.WriteStats
	ws.Statements = int(tag.RowsAffected())
	ws.Skipped = int(n) - ws.Statements
	var recs int64
	if err := tx.QueryRow(ctx, mergeRecordsFromStage).Scan(&recs); err != nil {
		return store.WriteStats{}, err
	}
	ws.Records = int(recs)
	if ws.Statements != 0 || ws.Records != 0 {
		// Last, so the one-row lock is held only until COMMIT.
		if _, err := tx.Exec(ctx, "UPDATE meta SET statements = statements + $1, records = records + $2 WHERE id = 1",
			ws.Statements, ws.Records); err != nil {
			return store.WriteStats{}, err
		}
	}
	return ws, nil
}

// arrayArgs turns statements into the seventeen arrays fromArrays unnests.
func arrayArgs(ss []model.Statement, birth []bool) []any {
	n := len(ss)
	ord := make([]int64, n)
	rec, sch, prop, val, orig, src, lab := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	ids := make([][]byte, n)
	rel, cred, cat, kind := make([]int16, n), make([]int16, n), make([]int16, n), make([]int16, n)
	first, last, review := make([]pgtype.Timestamptz, n), make([]pgtype.Timestamptz, n), make([]pgtype.Timestamptz, n)
	births := make([]*string, n)
	for i := range ss {
		st := &ss[i]
		ord[i] = int64(i + 1)
		rec[i], sch[i], prop[i], val[i], orig[i], src[i], lab[i] = st.Record, st.Schema, st.Prop, st.Value, st.Original, st.Source, st.Label
		ids[i], _ = hex.DecodeString(st.ID)
		rel[i], cred[i], cat[i], kind[i] = int16(st.Reliability), int16(st.Credibility), int16(st.Category), int16(st.Kind)
		first[i], last[i], review[i] = tstz(st.FirstSeen), tstz(st.LastSeen), tstz(st.ReviewAt)
		if birth[i] {
			b := store.EntityID(st.Record)
			births[i] = &b
		}
	}
	return []any{ord, rec, ids, sch, prop, val, orig, src, lab, rel, cred, cat, kind, first, last, review, births}
}

// tstz maps the zero time to NULL.
func tstz(t time.Time) pgtype.Timestamptz {
	return pgtype.Timestamptz{Time: t, Valid: !t.IsZero()}
}

// ---- binary COPY encoding ----

var copyHeader = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// pgEpoch is 2000-01-01 in Unix microseconds: binary timestamps count from it.
const pgEpoch = 946684800 * 1_000_000

// encodeRow appends one stage row in COPY's binary format: a field count,
// then per field its length (-1 for NULL) and bytes.
func encodeRow(b []byte, ord int64, st *model.Statement, id []byte, birth bool) []byte {
	b = binary.BigEndian.AppendUint16(b, stageColumns)
	b = binary.BigEndian.AppendUint32(b, 8)
	b = binary.BigEndian.AppendUint64(b, uint64(ord))
	b = appendText(b, st.Record)
	b = binary.BigEndian.AppendUint32(b, uint32(len(id)))
	b = append(b, id...)
	b = appendText(b, st.Schema)
	b = appendText(b, st.Prop)
	b = appendText(b, st.Value)
	b = appendText(b, st.Original)
	b = appendText(b, st.Source)
	b = appendText(b, st.Label)
	for _, v := range [...]uint16{uint16(st.Reliability), uint16(st.Credibility), uint16(st.Category), uint16(st.Kind)} {
		b = binary.BigEndian.AppendUint32(b, 2)
		b = binary.BigEndian.AppendUint16(b, v)
	}
	b = appendTime(b, st.FirstSeen)
	b = appendTime(b, st.LastSeen)
	b = appendTime(b, st.ReviewAt)
	if birth {
		b = appendText(b, store.EntityID(st.Record))
	} else {
		b = binary.BigEndian.AppendUint32(b, 0xffffffff)
	}
	return b
}

func appendText(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.BigEndian.AppendUint32(b, 0xffffffff)
	}
	us := t.Unix()*1_000_000 + int64(t.Nanosecond()/1000) - pgEpoch
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(us))
}

// queueReader is the io.Reader COPY reads: the loader's buffers in order,
// EOF when the queue is closed, an error (so the server discards the COPY)
// on abort or cancellation.
type queueReader struct {
	queue <-chan []byte
	free  chan<- []byte
	abort <-chan struct{}
	ctx   context.Context
	cur   []byte
	whole []byte
}

var errAborted = errors.New("load aborted")

func (r *queueReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.whole != nil {
			select {
			case r.free <- r.whole:
			default:
			}
			r.whole = nil
		}
		select {
		case b, ok := <-r.queue:
			if !ok {
				return 0, io.EOF
			}
			r.cur, r.whole = b, b
		case <-r.abort:
			return 0, errAborted
		case <-r.ctx.Done():
			return 0, r.ctx.Err()
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}
