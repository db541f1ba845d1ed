package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// Provenance is what a run says about a source that is not a mapping file
// (FtM entity streams, official lists): the mapping's dataset extensions.
type Provenance struct {
	Dataset     string
	Label       string
	Reliability model.Reliability
	Credibility model.Credibility
	Category    model.Category
	Kind        model.Kind
	Region      string
	ReviewAfter string
	Now         time.Time
}

// EntityWriter turns FtM entities into statements of one dataset. Entity
// references are ids within the same dataset, so they become that
// dataset's record ids.
type EntityWriter struct {
	p      Provenance
	norm   normalizer
	review time.Time
	buf    []model.Statement
}

// NewEntityWriter validates the provenance and prepares a writer.
func NewEntityWriter(p Provenance) (*EntityWriter, error) {
	if !validDatasetName(p.Dataset) {
		return nil, fmt.Errorf("dataset name %q: use letters, digits, '_', '-' and '.'", p.Dataset)
	}
	if _, err := model.ParseLabel(p.Label); err != nil {
		return nil, err
	}
	if p.Now.IsZero() {
		p.Now = time.Now().UTC().Truncate(time.Second)
	}
	if p.Reliability == 0 {
		p.Reliability = 'F'
	}
	if p.Credibility == 0 {
		p.Credibility = 6
	}
	w := &EntityWriter{p: p, norm: normalizer{region: p.Region}}
	if p.ReviewAfter != "" {
		per, err := parsePeriod(p.ReviewAfter)
		if err != nil {
			return nil, fmt.Errorf("review_after: %w", err)
		}
		w.review = per.after(p.Now)
	}
	return w, nil
}

// Statements converts one entity. An error names the property and value
// that cannot be normalised; the caller rejects the entity.
func (w *EntityWriter) Statements(e *model.Entity) ([]model.Statement, error) {
	s := model.SchemaByName(e.Schema)
	if s == nil {
		return nil, fmt.Errorf("entity %s: unknown schema %q", e.ID, e.Schema)
	}
	if e.ID == "" {
		return nil, fmt.Errorf("entity without id")
	}
	rec := model.RecordID(w.p.Dataset, e.ID)
	out := w.buf[:0]
	for _, prop := range e.PropNames() {
		pd := s.Prop(prop)
		if pd == nil {
			return nil, fmt.Errorf("entity %s: schema %s has no property %q", e.ID, e.Schema, prop)
		}
		for _, raw := range e.Properties[prop] {
			var val string
			if pd.Type == model.TypeEntity {
				val = model.RecordID(w.p.Dataset, raw)
			} else {
				v, err := w.norm.value(pd, raw, nil)
				if err != nil {
					return nil, fmt.Errorf("entity %s property %s: %v", e.ID, prop, err)
				}
				val = v
			}
			if val == "" {
				continue
			}
			st := model.Statement{Record: rec, Schema: e.Schema, Prop: prop, Value: val, Source: w.p.Dataset,
				Label: w.p.Label, Reliability: w.p.Reliability, Credibility: w.p.Credibility,
				Category: w.p.Category, Kind: w.p.Kind, FirstSeen: w.p.Now, LastSeen: w.p.Now, ReviewAt: w.review}
			if raw != val && pd.Type != model.TypeEntity {
				st.Original = raw
			}
			st.SetID()
			out = append(out, st)
		}
	}
	w.buf = out
	return out, nil
}

// WriteEntities loads entities into b in one transaction. Entities that
// cannot be converted are returned as rejects (file is used to name them);
// the rest are committed together.
func WriteEntities(ctx context.Context, b store.Backend, p Provenance, file string, ents []*model.Entity) (store.WriteStats, []Reject, error) {
	w, err := NewEntityWriter(p)
	if err != nil {
		return store.WriteStats{}, nil, err
	}
	l, err := b.NewLoader(ctx)
	if err != nil {
		return store.WriteStats{}, nil, err
	}
	var rejects []Reject
	for i, e := range ents {
		ss, err := w.Statements(e)
		if err != nil {
			rejects = append(rejects, Reject{File: file, Line: i + 1, Reason: err.Error()})
			continue
		}
		for j := range ss {
			if err := l.Add(&ss[j]); err != nil {
				l.Abort()
				return store.WriteStats{}, nil, err
			}
		}
	}
	ws, err := l.Commit()
	return ws, rejects, err
}
