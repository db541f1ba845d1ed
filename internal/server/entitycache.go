package server

import (
	"context"
	"errors"
	"iter"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// entitySummary is what a search result shows of an entity: assembling it
// reads every member record's statements and judgements through the
// caller's view, which costs more than the search itself.
type entitySummary struct {
	id, caption, schema string
	sources             []string
}

// summaries caches entity summaries per authorisation set (the view's only
// input), for one data generation: any change made through the server
// (an upload, a judgement, a retention run) starts a new generation and
// empties it. maxAge bounds how stale an entry can be when another process
// writes to a shared PostgreSQL store.
type summaries struct {
	mu      sync.Mutex
	gen     uint64
	born    time.Time
	entries map[string]*entitySummary // viewer key \x00 record
}

const (
	maxSummaries    = 200_000
	summariesMaxAge = time.Minute
)

// summary returns the entity holding record as the caller sees it: from
// vg, the caller's graph when it is built (s.readyGraph, nil otherwise:
// a search asks once for all its hits), else from the cache when this
// generation has assembled it for the same authorisations. ok is false
// when nothing of it is visible.
func (s *Server) summary(ctx context.Context, c *Call, vg *viewerGraph, record string) (*entitySummary, bool, error) {
	if vg != nil {
		if v, ok := vg.g.Lookup(record); ok && vg.g.MemberCount(v) > 0 {
			// The caller's graph has every person and organisation the
			// caller can see, built through the same view: no store reads.
			n := &vg.g.Nodes[v]
			return &entitySummary{id: n.ID, caption: n.Caption, schema: n.Schema, sources: recordSources(vg.g.Members(v))}, true, nil
		}
	}
	s.an.mu.Lock()
	gen := s.an.gen
	s.an.mu.Unlock()
	key := viewerKey(c.Viewer()) + "\x00" + record
	sc := &s.sums
	sc.mu.Lock()
	if sc.gen != gen || sc.entries == nil || len(sc.entries) >= maxSummaries || time.Since(sc.born) > summariesMaxAge {
		sc.gen, sc.born, sc.entries = gen, time.Now(), map[string]*entitySummary{}
	}
	e := sc.entries[key]
	sc.mu.Unlock()
	if e != nil {
		return e, true, nil
	}
	ev, err := c.View.Entity(ctx, record)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, false, nil
		}
		return nil, false, err
	}
	ent := assemble(ev)
	e = &entitySummary{id: ev.ID, caption: ent.PickCaption(), schema: ent.Schema, sources: sourcesOf(ev)}
	sc.mu.Lock()
	if sc.gen == gen {
		sc.entries[key] = e
	}
	sc.mu.Unlock()
	return e, true, nil
}

// recordSources lists the sources of records, sorted: a record id names
// its source, and an entity's sources are its records' sources.
func recordSources(recs iter.Seq[string]) []string {
	var out []string
	for r := range recs {
		src, _ := model.SplitRecordID(r)
		if !slices.Contains(out, src) {
			out = append(out, src)
		}
	}
	sort.Strings(out)
	return out
}
