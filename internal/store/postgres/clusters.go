package postgres

import (
	"context"
	"encoding/json"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mosaichq/mosaic/internal/store"
)

// For each chunk of assignments: which entities change, how many of them
// have members before and after, and how many records get their first
// assignment. The difference keeps meta.entities exact without counting the
// table.
const clusterBefore = `WITH src AS (
	SELECT * FROM unnest($1::text[], $2::text[]) AS u(record, entity)
), ch AS (
	SELECT src.record, src.entity, a.entity AS old
	FROM src LEFT JOIN assignments a ON a.record = src.record
	WHERE a.entity IS DISTINCT FROM src.entity
), aff AS (
	SELECT entity FROM ch UNION SELECT old FROM ch WHERE old IS NOT NULL
)
SELECT coalesce(array_agg(entity), '{}'),
	count(*) FILTER (WHERE EXISTS (SELECT 1 FROM assignments x WHERE x.entity = aff.entity)),
	(SELECT count(*) FROM ch WHERE old IS NULL)
FROM aff`

const clusterApply = `INSERT INTO assignments (record, entity)
SELECT * FROM unnest($1::text[], $2::text[])
ON CONFLICT (record) DO UPDATE SET entity = excluded.entity
WHERE assignments.entity <> excluded.entity`

const clusterAfter = `SELECT count(*) FROM unnest($1::text[]) AS e(entity)
WHERE EXISTS (SELECT 1 FROM assignments x WHERE x.entity = e.entity)`

// historyBody is what history.body holds: the event without the entity and
// sequence number, which are columns.
type historyBody struct {
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"`
	Records []string  `json:"records,omitempty"`
	Other   string    `json:"other,omitempty"`
	By      string    `json:"by"`
	Reason  string    `json:"reason,omitempty"`
}

// ApplyClusters implements store.Backend. All assignments and events go in
// one transaction however many there are (sent in chunks); cluster writers
// are serialised so that the entity totals stay exact.
func (s *Store) ApplyClusters(ctx context.Context, assign []store.Assignment, events []store.HistoryEvent) error {
	if len(assign) == 0 && len(events) == 0 {
		return nil
	}
	// The last assignment of a record wins, as if applied one by one.
	last := make(map[string]string, len(assign))
	for _, a := range assign {
		last[a.Record] = a.Entity
	}
	recs := make([]string, 0, len(last))
	for r := range last {
		recs = append(recs, r)
	}
	sort.Strings(recs)
	ents := make([]string, len(recs))
	for i, r := range recs {
		ents[i] = last[r]
	}
	hEnt, hBody := make([]string, len(events)), make([]string, len(events))
	now := time.Now().UTC()
	for i, ev := range events {
		at := ev.At
		if at.IsZero() {
			at = now
		}
		body, err := json.Marshal(historyBody{At: at, Kind: ev.Kind, Records: ev.Records, Other: ev.Other, By: ev.By, Reason: ev.Reason})
		if err != nil {
			return err
		}
		hEnt[i], hBody[i] = ev.Entity, string(body)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", s.lockClusters); err != nil {
			return err
		}
		var dEntities, dAssigned int64
		for start := 0; start < len(recs); start += chunk {
			r, e := recs[start:min(start+chunk, len(recs))], ents[start:min(start+chunk, len(recs))]
			var affected []string
			var before, fresh int64
			if err := tx.QueryRow(ctx, clusterBefore, r, e).Scan(&affected, &before, &fresh); err != nil {
				return err
			}
			if len(affected) == 0 {
				continue
			}
			if _, err := tx.Exec(ctx, clusterApply, r, e); err != nil {
				return err
			}
			var after int64
			if err := tx.QueryRow(ctx, clusterAfter, affected).Scan(&after); err != nil {
				return err
			}
			dEntities += after - before
			dAssigned += fresh
		}
		if dEntities != 0 || dAssigned != 0 {
			if _, err := tx.Exec(ctx, "UPDATE meta SET entities = entities + $1, assigned = assigned + $2 WHERE id = 1",
				dEntities, dAssigned); err != nil {
				return err
			}
		}
		for start := 0; start < len(hEnt); start += chunk {
			end := min(start+chunk, len(hEnt))
			// ORDER BY ord: sequence numbers follow the order of the events.
			if _, err := tx.Exec(ctx, `INSERT INTO history (entity, body)
				SELECT entity, body::jsonb FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(entity, body, ord)
				ORDER BY ord`, hEnt[start:end], hBody[start:end]); err != nil {
				return err
			}
		}
		return nil
	})
}

// EntityOf implements store.Backend.
func (s *Store) EntityOf(ctx context.Context, record string) (string, error) {
	var e string
	err := s.pool.QueryRow(ctx, `SELECT entity FROM assignments WHERE record = $1`, record).Scan(&e)
	return e, notFound(err)
}

// Members implements store.Backend.
func (s *Store) Members(ctx context.Context, entity string) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT record FROM assignments WHERE entity = $1 ORDER BY record`, entity)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err == nil && len(out) == 0 {
		return nil, store.ErrNotFound
	}
	return out, err
}

// ScanAssignments implements store.Backend, in record order.
func (s *Store) ScanAssignments(ctx context.Context, fn func(store.Assignment) error) error {
	const q = `SELECT record, entity FROM assignments WHERE record > $1 ORDER BY record LIMIT $2`
	return s.snapshot(ctx, func(tx pgx.Tx) error {
		after := ""
		for {
			rows, err := tx.Query(ctx, q, after, scanPage)
			if err != nil {
				return err
			}
			n := 0
			var a store.Assignment
			for rows.Next() {
				if err := rows.Scan(&a.Record, &a.Entity); err != nil {
					rows.Close()
					return err
				}
				n++
				after = a.Record
				if err := fn(a); err != nil {
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

// History implements store.Backend.
func (s *Store) History(ctx context.Context, entity string) ([]store.HistoryEvent, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, body FROM history WHERE entity = $1 ORDER BY seq`, entity)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.HistoryEvent, error) {
		var ev store.HistoryEvent
		var body []byte
		if err := row.Scan(&ev.Seq, &body); err != nil {
			return ev, err
		}
		if err := json.Unmarshal(body, &ev); err != nil {
			return ev, err
		}
		ev.Entity = entity
		ev.At = ev.At.UTC()
		return ev, nil
	})
}
