package postgres

import (
	"context"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/mosaichq/mosaic/internal/store"
)

// chunk bounds the rows one array-bound statement carries; a call with more
// runs several statements in the same transaction.
const chunk = 20_000

// The pair is replaced unless that would put a machine judgement over an
// analyst's: the rule lives in the statement, so it holds against
// concurrent writers too.
const upsertJudgements = `INSERT INTO judgements (a, b, verdict, score, features, label, "by", reason, "at")
SELECT * FROM unnest($1::text[], $2::text[], $3::int2[], $4::float8[], $5::bytea[], $6::text[],
	$7::text[], $8::text[], $9::timestamptz[])
ON CONFLICT (a, b) DO UPDATE SET verdict = excluded.verdict, score = excluded.score,
	features = excluded.features, label = excluded.label, "by" = excluded."by",
	reason = excluded.reason, "at" = excluded."at"
WHERE excluded."by" NOT IN ($10, '') OR judgements."by" IN ($10, '')`

// PutJudgements implements store.Backend, atomically.
func (s *Store) PutJudgements(ctx context.Context, js []store.Judgement) error {
	if len(js) == 0 {
		return nil
	}
	// One row per pair (an INSERT may not touch a row twice): later entries
	// win, except that a machine judgement never displaces an analyst's.
	byPair := make(map[[2]string]int, len(js))
	keep := make([]store.Judgement, 0, len(js))
	for _, j := range js {
		j.A, j.B = store.OrderPair(j.A, j.B)
		p := [2]string{j.A, j.B}
		if i, ok := byPair[p]; ok {
			if keep[i].IsAnalyst() && !j.IsAnalyst() {
				continue
			}
			keep[i] = j
			continue
		}
		byPair[p] = len(keep)
		keep = append(keep, j)
	}
	// Key order: concurrent writers lock rows in the same order.
	sort.Slice(keep, func(i, k int) bool {
		if keep[i].A != keep[k].A {
			return keep[i].A < keep[k].A
		}
		return keep[i].B < keep[k].B
	})
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for start := 0; start < len(keep); start += chunk {
			part := keep[start:min(start+chunk, len(keep))]
			n := len(part)
			a, b, lab, by, reason := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
			verdict := make([]int16, n)
			score := make([]float64, n)
			feats := make([][]byte, n)
			at := make([]pgtype.Timestamptz, n)
			for i, j := range part {
				a[i], b[i], lab[i], by[i], reason[i] = j.A, j.B, j.Label, j.By, j.Reason
				verdict[i], score[i], feats[i], at[i] = int16(j.Verdict), j.Score, j.Features, tstz(j.At)
			}
			if _, err := tx.Exec(ctx, upsertJudgements, a, b, verdict, score, feats, lab, by, reason, at, store.Machine); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteJudgements implements store.Backend; analyst judgements stay.
func (s *Store) DeleteJudgements(ctx context.Context, pairs [][2]string) error {
	if len(pairs) == 0 {
		return nil
	}
	a, b := make([]string, len(pairs)), make([]string, len(pairs))
	for i, p := range pairs {
		a[i], b[i] = store.OrderPair(p[0], p[1])
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for start := 0; start < len(a); start += chunk {
			end := min(start+chunk, len(a))
			_, err := tx.Exec(ctx, `DELETE FROM judgements j USING unnest($1::text[], $2::text[]) AS p(a, b)
				WHERE j.a = p.a AND j.b = p.b AND j."by" IN ($3, '')`, a[start:end], b[start:end], store.Machine)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

const judgementColumns = `a, b, verdict, score, features, label, "by", reason, "at"`

func scanJudgement(row pgx.Row, j *store.Judgement) error {
	var verdict int16
	var at pgtype.Timestamptz
	if err := row.Scan(&j.A, &j.B, &verdict, &j.Score, &j.Features, &j.Label, &j.By, &j.Reason, &at); err != nil {
		return err
	}
	j.Verdict = store.Verdict(verdict)
	j.At = utc(at)
	return nil
}

// ScanJudgements implements store.Backend, in pair order.
func (s *Store) ScanJudgements(ctx context.Context, fn func(*store.Judgement) error) error {
	const q = `SELECT ` + judgementColumns + ` FROM judgements WHERE (a, b) > ($1, $2) ORDER BY a, b LIMIT $3`
	return s.snapshot(ctx, func(tx pgx.Tx) error {
		var j store.Judgement
		a, b := "", ""
		for {
			rows, err := tx.Query(ctx, q, a, b, scanPage)
			if err != nil {
				return err
			}
			n := 0
			for rows.Next() {
				j = store.Judgement{}
				if err := scanJudgement(rows, &j); err != nil {
					rows.Close()
					return err
				}
				n++
				a, b = j.A, j.B
				if err := fn(&j); err != nil {
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

// RecordJudgements implements store.Backend: the pairs where the record is
// a (by b), then those where it is b (by a), as the embedded engine orders
// them.
func (s *Store) RecordJudgements(ctx context.Context, record string) ([]store.Judgement, error) {
	return s.queryJudgements(ctx, `SELECT `+judgementColumns+` FROM (
			SELECT *, 0 AS side FROM judgements WHERE a = $1
			UNION ALL
			SELECT *, 1 AS side FROM judgements WHERE b = $1 AND a <> $1
		) j ORDER BY side, a, b`, record)
}

// JudgementsAmong implements store.Backend in one query.
func (s *Store) JudgementsAmong(ctx context.Context, records []string) ([]store.Judgement, error) {
	if len(records) == 0 {
		return nil, nil
	}
	return s.queryJudgements(ctx, `SELECT `+judgementColumns+` FROM judgements WHERE a = ANY($1) AND b = ANY($1) ORDER BY a, b`, records)
}

// queryJudgements runs a query selecting judgementColumns.
func (s *Store) queryJudgements(ctx context.Context, sql string, args ...any) ([]store.Judgement, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Judgement, error) {
		var j store.Judgement
		err := scanJudgement(row, &j)
		return j, err
	})
}
