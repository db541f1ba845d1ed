package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// PutDoc implements store.Backend.
func (s *Store) PutDoc(ctx context.Context, kind, id string, body []byte) error {
	if body == nil {
		body = []byte{} // NULL is not a document
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO docs (kind, id, body) VALUES ($1, $2, $3)
		ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body`, kind, id, body)
	return err
}

// GetDoc implements store.Backend.
func (s *Store) GetDoc(ctx context.Context, kind, id string) ([]byte, error) {
	var body []byte
	err := s.pool.QueryRow(ctx, `SELECT body FROM docs WHERE kind = $1 AND id = $2`, kind, id).Scan(&body)
	return body, notFound(err)
}

// DeleteDoc implements store.Backend.
func (s *Store) DeleteDoc(ctx context.Context, kind, id string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM docs WHERE kind = $1 AND id = $2`, kind, id)
	return err
}

// ScanDocs implements store.Backend: ids with the prefix, in byte order.
// The range starts at the prefix in the index; starts_with ends it.
func (s *Store) ScanDocs(ctx context.Context, kind, prefix string, fn func(id string, body []byte) error) error {
	const q = `SELECT id, body FROM docs WHERE kind = $1 AND id >= $2 AND id > $3 AND starts_with(id, $2)
		ORDER BY id LIMIT $4`
	return s.snapshot(ctx, func(tx pgx.Tx) error {
		after := ""
		for {
			rows, err := tx.Query(ctx, q, kind, prefix, after, scanPage)
			if err != nil {
				return err
			}
			type doc struct {
				id   string
				body []byte
			}
			page, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (doc, error) {
				var d doc
				err := row.Scan(&d.id, &d.body)
				return d, err
			})
			if err != nil {
				return err
			}
			for _, d := range page {
				if err := fn(d.id, d.body); err != nil {
					return err
				}
			}
			if len(page) < scanPage {
				return nil
			}
			after = page[len(page)-1].id
		}
	})
}
