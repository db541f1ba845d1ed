package postgres

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// scanPage is how many rows one keyset page of a full scan fetches (a
// variable so that tests can make pages small).
var scanPage = 10_000

const statementColumns = `record, id, schema, prop, value, original, source, label,
	reliability, credibility, category, kind, first_seen, last_seen, review_at`

// statementRow receives one row; its buffers are reused from row to row.
type statementRow struct {
	id                   []byte
	rel, cred, cat, kind int16
	first, last, review  pgtype.Timestamptz
}

func (r *statementRow) scan(rows pgx.Rows, st *model.Statement) error {
	err := rows.Scan(&st.Record, &r.id, &st.Schema, &st.Prop, &st.Value, &st.Original, &st.Source, &st.Label,
		&r.rel, &r.cred, &r.cat, &r.kind, &r.first, &r.last, &r.review)
	if err != nil {
		return err
	}
	st.ID = hex.EncodeToString(r.id)
	st.Reliability, st.Credibility = model.Reliability(r.rel), model.Credibility(r.cred)
	st.Category, st.Kind = model.Category(r.cat), model.Kind(r.kind)
	st.FirstSeen, st.LastSeen, st.ReviewAt = utc(r.first), utc(r.last), utc(r.review)
	return nil
}

// utc maps NULL to the zero time and puts times in UTC, as the model keeps
// them (pgx returns local time).
func utc(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// snapshot runs fn in a read-only REPEATABLE READ transaction: a scan made
// of many pages sees the store as of one moment, never half a load.
func (s *Store) snapshot(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// ScanStatements implements store.Backend. It pages through the primary key
// (record, id), so memory stays at one page whatever the store's size, and
// stopping early costs nothing.
func (s *Store) ScanStatements(ctx context.Context, fn func(*model.Statement) error) error {
	const q = `SELECT ` + statementColumns + ` FROM statements
		WHERE (record, id) > ($1, $2) ORDER BY record, id LIMIT $3`
	return s.snapshot(ctx, func(tx pgx.Tx) error {
		var st model.Statement
		var r statementRow
		rec, id := "", []byte{}
		for {
			rows, err := tx.Query(ctx, q, rec, id, scanPage)
			if err != nil {
				return err
			}
			n := 0
			for rows.Next() {
				if err := r.scan(rows, &st); err != nil {
					rows.Close()
					return err
				}
				n++
				// fn may change st; the next page starts after this key.
				rec = st.Record
				id = append(id[:0], r.id...)
				if err := fn(&st); err != nil {
					rows.Close()
					return err
				}
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if n < scanPage {
				return nil
			}
		}
	})
}

// RecordStatements implements store.Backend.
func (s *Store) RecordStatements(ctx context.Context, record string) ([]model.Statement, error) {
	return s.queryStatements(ctx, `SELECT `+statementColumns+` FROM statements WHERE record = $1 ORDER BY id`, record)
}

// StatementsOf implements store.Backend in one query.
func (s *Store) StatementsOf(ctx context.Context, records []string) ([]model.Statement, error) {
	if len(records) == 0 {
		return nil, nil
	}
	return s.queryStatements(ctx, `SELECT `+statementColumns+` FROM statements WHERE record = ANY($1) ORDER BY record, id`, records)
}

// queryStatements runs a query selecting statementColumns.
func (s *Store) queryStatements(ctx context.Context, sql string, args ...any) ([]model.Statement, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Statement
	var r statementRow
	for rows.Next() {
		var st model.Statement
		if err := r.scan(rows, &st); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Record implements store.Backend.
func (s *Store) Record(ctx context.Context, record string) (store.RecordInfo, error) {
	ri := store.RecordInfo{ID: record}
	err := s.pool.QueryRow(ctx, `SELECT schema, source, created FROM records WHERE id = $1`, record).
		Scan(&ri.Schema, &ri.Source, &ri.Created)
	if err != nil {
		return store.RecordInfo{}, notFound(err)
	}
	ri.Created = ri.Created.UTC()
	return ri, nil
}

// RecordByEntityID implements store.Backend.
func (s *Store) RecordByEntityID(ctx context.Context, id string) (string, error) {
	var rec string
	err := s.pool.QueryRow(ctx, `SELECT id FROM records WHERE birth_id = $1 ORDER BY id LIMIT 1`, id).Scan(&rec)
	return rec, notFound(err)
}

// ScanRecords implements store.Backend, in record order.
func (s *Store) ScanRecords(ctx context.Context, fn func(store.RecordInfo) error) error {
	const q = `SELECT id, schema, source, created FROM records WHERE id > $1 ORDER BY id LIMIT $2`
	return s.snapshot(ctx, func(tx pgx.Tx) error {
		after := ""
		for {
			rows, err := tx.Query(ctx, q, after, scanPage)
			if err != nil {
				return err
			}
			page, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.RecordInfo, error) {
				var ri store.RecordInfo
				err := row.Scan(&ri.ID, &ri.Schema, &ri.Source, &ri.Created)
				ri.Created = ri.Created.UTC()
				return ri, err
			})
			if err != nil {
				return err
			}
			for _, ri := range page {
				if err := fn(ri); err != nil {
					return err
				}
			}
			if len(page) < scanPage {
				return nil
			}
			after = page[len(page)-1].ID
		}
	})
}

// DeleteStatements implements store.Backend. A record whose last statement
// goes is removed too, with its source's record count; all in one
// transaction that loaders cannot interleave with (see merge).
func (s *Store) DeleteStatements(ctx context.Context, keys []store.StatementKey) (int, error) {
	if len(keys) == 0 {
		return 0, nil
	}
	recs := make([]string, len(keys))
	ids := make([][]byte, len(keys))
	for i, k := range keys {
		id, err := hex.DecodeString(k.ID)
		if err != nil || len(id) != 16 {
			return 0, fmt.Errorf("bad statement id %q", k.ID)
		}
		recs[i], ids[i] = k.Record, id
	}
	var deleted int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", s.lockStatements); err != nil {
			return err
		}
		// A key listed twice deletes its row once.
		tag, err := tx.Exec(ctx, `DELETE FROM statements s USING unnest($1::text[], $2::bytea[]) AS k(record, id)
			WHERE s.record = k.record AND s.id = k.id`, recs, ids)
		if err != nil {
			return err
		}
		deleted = tag.RowsAffected()
		if deleted == 0 {
			return nil
		}
		var gone int64
		err = tx.QueryRow(ctx, `WITH gone AS (
				DELETE FROM records r WHERE r.id = ANY($1::text[])
				AND NOT EXISTS (SELECT 1 FROM statements s WHERE s.record = r.id)
				RETURNING r.source
			), per AS (
				SELECT source, count(*) AS n FROM gone GROUP BY source
			), up AS (
				UPDATE sources SET records = sources.records - per.n FROM per WHERE sources.source = per.source
			)
			SELECT coalesce(sum(n), 0)::bigint FROM per`, recs).Scan(&gone)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE meta SET statements = statements - $1, records = records - $2 WHERE id = 1",
			deleted, gone)
		return err
	})
	if err != nil {
		return 0, err
	}
	return int(deleted), nil
}

// Counts implements store.Backend: the totals kept in meta, with the records
// no entity holds yet counted as one entity each.
func (s *Store) Counts(ctx context.Context) (store.Counts, error) {
	var c store.Counts
	var assigned int64
	err := s.pool.QueryRow(ctx, `SELECT statements, records, entities, assigned,
		(SELECT count(*) FROM sources WHERE records > 0) FROM meta WHERE id = 1`).
		Scan(&c.Statements, &c.Records, &c.Entities, &assigned, &c.Sources)
	if err != nil {
		return store.Counts{}, err
	}
	c.Entities += max(0, c.Records-assigned)
	return c, nil
}
