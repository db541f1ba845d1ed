package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mosaichq/mosaic/internal/ingest/lists"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// ListReport says what importing a version of a list changed.
type ListReport struct {
	Dataset    string        `json:"dataset"`
	At         time.Time     `json:"at"`
	Entities   int           `json:"entities"`
	Changes    lists.Changes `json:"changes"`
	Added      int           `json:"statements_added"`
	Erased     int           `json:"statements_erased"`
	Rejects    []Reject      `json:"rejects,omitempty"`
	FirstLoad  bool          `json:"first_load"`
	NewRecords []string      `json:"-"`
}

const (
	listVersionDoc = "list-version" // the last imported version, by dataset
	listChangeDoc  = "list-changes" // one document per import
)

// SyncList makes the store hold exactly the given version of an official
// list: new entities and values are added, and what the list no longer
// says (a delisting, a corrected date of birth) is erased — a listing that
// has been lifted must stop counting as one. The change against the
// previous version (additions, changes, removals) is kept as a document
// and returned. The whole import is refused if the list is malformed (the
// importers return nothing partial).
func SyncList(ctx context.Context, b store.Backend, l *lists.List, p Provenance) (*ListReport, error) {
	if p.Dataset == "" {
		p.Dataset = l.Name
	}
	now := time.Now().UTC()
	if p.Now.IsZero() {
		p.Now = now.Truncate(time.Second)
	}
	rep := &ListReport{Dataset: p.Dataset, At: now, Entities: len(l.Entities)}
	var prev lists.List
	body, err := b.GetDoc(ctx, listVersionDoc, p.Dataset)
	switch {
	case errors.Is(err, store.ErrNotFound):
		rep.FirstLoad = true
	case err != nil:
		return nil, err
	default:
		if err := json.Unmarshal(body, &prev); err != nil {
			return nil, fmt.Errorf("previous version of %s: %w", p.Dataset, err)
		}
	}
	rep.Changes = lists.Diff(&prev, l)

	// Statements of the new version.
	w, err := NewEntityWriter(p)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{} // statement ids the new version states
	loader, err := b.NewLoader(ctx)
	if err != nil {
		return nil, err
	}
	seenRec := map[string]bool{}
	for i, e := range l.Entities {
		ss, err := w.Statements(e)
		if err != nil {
			rep.Rejects = append(rep.Rejects, Reject{File: l.Name, Line: i + 1, Reason: err.Error()})
			continue
		}
		for j := range ss {
			want[ss[j].ID] = true
			if !seenRec[ss[j].Record] {
				seenRec[ss[j].Record] = true
				rep.NewRecords = append(rep.NewRecords, ss[j].Record)
			}
			if err := loader.Add(&ss[j]); err != nil {
				loader.Abort()
				return nil, err
			}
		}
	}
	ws, err := loader.Commit()
	if err != nil {
		return nil, err
	}
	rep.Added = ws.Statements
	// What the list no longer says goes.
	var stale []store.StatementKey
	if err := b.ScanStatements(ctx, func(s *model.Statement) error {
		if s.Source == p.Dataset && !want[s.ID] {
			stale = append(stale, store.StatementKey{Record: s.Record, ID: s.ID})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if len(stale) > 0 {
		n, err := b.DeleteStatements(ctx, stale)
		if err != nil {
			return nil, err
		}
		rep.Erased = n
	}
	version, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	if err := b.PutDoc(ctx, listVersionDoc, p.Dataset, version); err != nil {
		return nil, err
	}
	change, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	if err := b.PutDoc(ctx, listChangeDoc, p.Dataset+"/"+now.Format(time.RFC3339Nano), change); err != nil {
		return nil, err
	}
	return rep, nil
}

// String summarises the import.
func (r *ListReport) String() string {
	if r.FirstLoad {
		return fmt.Sprintf("%s: first import, %d entities, %d statements", r.Dataset, r.Entities, r.Added)
	}
	return fmt.Sprintf("%s: %d entities; since the last version %d added, %d changed, %d removed (%d statements added, %d erased)",
		r.Dataset, r.Entities, len(r.Changes.Added), len(r.Changes.Changed), len(r.Changes.Removed), r.Added, r.Erased)
}
