package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sort"
	"strings"
	"sync"

	"github.com/mosaichq/mosaic/internal/model"
)

// EntityID is the birth id of a record: the id of the entity it forms on
// its own. A cluster keeps the id of one of its records (the oldest), so
// every entity id anyone ever sees is the birth id of a record they can see
// — which is what lets a viewer-specific split hand out ids that look like
// any other and reveal nothing about hidden records.
func EntityID(record string) string {
	h := sha256.Sum256([]byte(record))
	return "E" + hex.EncodeToString(h[:10])
}

// View is the one read path that applies visibility. Everything that serves
// a person (CLI output, HTTP routes, graph, leads) reads through a View:
//
//   - a statement is visible iff its label is satisfied;
//   - a record exists iff at least one of its statements is visible;
//   - a judgement is visible iff its label is satisfied and both records exist;
//   - an entity is the connected part of a cluster that the viewer's visible
//     positive judgements hold together; hidden records and the merges that
//     rest on hidden evidence do not exist for the viewer.
type View struct {
	b Backend
	v *model.Viewer

	mu      sync.Mutex
	targets map[string]bool // record visibility by label, for references
}

// NewView binds a backend to a viewer.
func NewView(b Backend, v *model.Viewer) *View { return &View{b: b, v: v} }

// isReference reports whether a statement's value names another record.
func isReference(s *model.Statement) bool {
	sc := model.SchemaByName(s.Schema)
	if sc == nil {
		return false
	}
	p := sc.Prop(s.Prop)
	return p != nil && p.Type == model.TypeEntity
}

// targetVisible reports whether a referenced record has any statement the
// viewer's labels allow. A visible statement pointing at a record the
// viewer cannot see would reveal that the record exists, so such a
// reference is hidden with it.
func (vw *View) targetVisible(ctx context.Context, rec string) (bool, error) {
	vw.mu.Lock()
	ok, hit := vw.targets[rec]
	vw.mu.Unlock()
	if hit {
		return ok, nil
	}
	all, err := vw.b.RecordStatements(ctx, rec)
	if err != nil {
		return false, err
	}
	for _, s := range all {
		if vw.v.CanSee(s.Label) {
			ok = true
			break
		}
	}
	vw.mu.Lock()
	if vw.targets == nil {
		vw.targets = map[string]bool{}
	}
	vw.targets[rec] = ok
	vw.mu.Unlock()
	return ok, nil
}

// Viewer returns who is reading.
func (vw *View) Viewer() *model.Viewer { return vw.v }

// CanSee reports whether the viewer may see something labelled label.
func (vw *View) CanSee(label string) bool { return vw.v.CanSee(label) }

// Backend exposes the engine for writes. Reads must go through the View.
func (vw *View) Backend() Backend { return vw.b }

// RecordStatements returns the visible statements of a record, or
// ErrNotFound when none is visible.
func (vw *View) RecordStatements(ctx context.Context, record string) ([]model.Statement, error) {
	all, err := vw.b.RecordStatements(ctx, record)
	if err != nil {
		return nil, err
	}
	out, err := vw.visible(ctx, record, all)
	if err == nil && len(out) == 0 {
		return nil, ErrNotFound
	}
	return out, err
}

// visible filters a record's statements in place down to those the
// viewer may see.
func (vw *View) visible(ctx context.Context, record string, all []model.Statement) ([]model.Statement, error) {
	out := all[:0]
	for _, s := range all {
		if !vw.v.CanSee(s.Label) {
			continue
		}
		if isReference(&s) && s.Value != record {
			ok, err := vw.targetVisible(ctx, s.Value)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// RecordVisible reports whether the record exists for the viewer.
func (vw *View) RecordVisible(ctx context.Context, record string) (bool, error) {
	_, err := vw.RecordStatements(ctx, record)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// ScanStatements calls fn for every visible statement. References to
// records the viewer cannot see are left out (see targetVisible); for a
// viewer with every authorisation that takes one pass, else two.
func (vw *View) ScanStatements(ctx context.Context, fn func(*model.Statement) error) error {
	if vw.v.Auths.All() {
		return vw.b.ScanStatements(ctx, fn)
	}
	visible := map[string]bool{}
	if err := vw.b.ScanStatements(ctx, func(s *model.Statement) error {
		if vw.v.CanSee(s.Label) {
			visible[s.Record] = true
		}
		return nil
	}); err != nil {
		return err
	}
	return vw.b.ScanStatements(ctx, func(s *model.Statement) error {
		if !vw.v.CanSee(s.Label) {
			return nil
		}
		if isReference(s) && !visible[s.Value] {
			return nil
		}
		return fn(s)
	})
}

// RecordJudgements returns the visible judgements involving a visible record.
func (vw *View) RecordJudgements(ctx context.Context, record string) ([]Judgement, error) {
	ok, err := vw.RecordVisible(ctx, record)
	if err != nil || !ok {
		return nil, err
	}
	js, err := vw.b.RecordJudgements(ctx, record)
	if err != nil {
		return nil, err
	}
	out := js[:0]
	for _, j := range js {
		if !vw.v.CanSee(j.Label) {
			continue
		}
		other, err := vw.RecordVisible(ctx, j.Other(record))
		if err != nil {
			return nil, err
		}
		if other {
			out = append(out, j)
		}
	}
	return out, nil
}

// EntityView is an entity as one viewer may see it.
type EntityView struct {
	ID         string
	Records    []string // visible member records, sorted
	Statements []model.Statement
	// Judgements are the visible judgements between members (what holds
	// the entity together, and any negative or unsure ones among them).
	Judgements []Judgement
	// Canonical is the stored entity this view was cut from. It equals ID
	// unless hidden evidence splits the cluster for this viewer; it is never
	// exposed to the viewer (it could reveal that something is hidden).
	canonical string
}

// Entity assembles an entity for the viewer. id may be an entity id or a
// record id. It returns ErrNotFound when nothing of it is visible.
func (vw *View) Entity(ctx context.Context, id string) (*EntityView, error) {
	canonical, members, err := vw.cluster(ctx, id)
	if err != nil {
		return nil, err
	}
	// Visible members and their statements, read together.
	all, err := vw.b.StatementsOf(ctx, members)
	if err != nil {
		return nil, err
	}
	stmts := map[string][]model.Statement{}
	var visible []string
	for _, run := range ByRecord(all) {
		rec := run[0].Record
		ss, err := vw.visible(ctx, rec, run)
		if err != nil {
			return nil, err
		}
		if len(ss) > 0 {
			stmts[rec] = ss
			visible = append(visible, rec)
		}
	}
	if len(visible) == 0 {
		return nil, ErrNotFound
	}
	// Visible judgements among visible members.
	inside := map[string]bool{}
	for _, m := range visible {
		inside[m] = true
	}
	among, err := vw.b.JudgementsAmong(ctx, visible)
	if err != nil {
		return nil, err
	}
	var js []Judgement
	for _, j := range among {
		if vw.v.CanSee(j.Label) {
			js = append(js, j)
		}
	}
	// Components held together by visible positive judgements.
	uf := newUnionFind(visible)
	for _, j := range js {
		if j.Verdict == Positive {
			uf.union(j.A, j.B)
		}
	}
	comps := uf.groups()
	// Which component does the request name?
	want := ""
	if inside[id] {
		want = uf.find(id)
	} else {
		// An entity id: the component holding its anchor record, else (the
		// anchor is hidden) the request does not name any visible entity
		// unless a component's own id equals it.
		for root, recs := range comps {
			if componentID(canonical, recs) == id {
				want = root
				break
			}
		}
		if want == "" {
			return nil, ErrNotFound
		}
	}
	recs := comps[want]
	ev := &EntityView{ID: componentID(canonical, recs), Records: recs, canonical: canonical}
	in := map[string]bool{}
	for _, r := range recs {
		in[r] = true
		ev.Statements = append(ev.Statements, stmts[r]...)
	}
	for _, j := range js {
		if in[j.A] && in[j.B] {
			ev.Judgements = append(ev.Judgements, j)
		}
	}
	return ev, nil
}

// componentID names a viewer's part of a cluster: the cluster's id if the
// part holds the cluster's anchor record, else the birth id of the part's
// smallest record. Either way it is the birth id of a visible record.
func componentID(canonical string, recs []string) string {
	for _, r := range recs {
		if EntityID(r) == canonical {
			return canonical
		}
	}
	return EntityID(recs[0])
}

// cluster finds the stored cluster of an entity or record id.
func (vw *View) cluster(ctx context.Context, id string) (string, []string, error) {
	// Entity ids are birth ids ("E" and hex); a record id names its source
	// before a colon and cannot be one, so it skips a read that would fail.
	if !strings.Contains(id, ":") {
		if members, err := vw.b.Members(ctx, id); err == nil {
			return id, members, nil
		} else if !errors.Is(err, ErrNotFound) {
			return "", nil, err
		}
	}
	ent, err := vw.b.EntityOf(ctx, id)
	if errors.Is(err, ErrNotFound) {
		// An unresolved record is its own entity; an unknown id may be the
		// birth id of one of a split's parts, which Members cannot find.
		if _, err := vw.b.Record(ctx, id); err == nil {
			return EntityID(id), []string{id}, nil
		}
		rec, err := vw.b.RecordByEntityID(ctx, id)
		if err != nil {
			return "", nil, err
		}
		if rec == id {
			return "", nil, ErrNotFound
		}
		return vw.cluster(ctx, rec)
	}
	if err != nil {
		return "", nil, err
	}
	members, err := vw.b.Members(ctx, ent)
	if err != nil {
		return "", nil, err
	}
	return ent, members, nil
}

// EntityOf returns the id under which the viewer sees a record's entity.
func (vw *View) EntityOf(ctx context.Context, record string) (string, error) {
	ev, err := vw.Entity(ctx, record)
	if err != nil {
		return "", err
	}
	return ev.ID, nil
}

// History returns the entity's history as far as the viewer may see it:
// events keep only visible records, and events left empty are dropped.
func (vw *View) History(ctx context.Context, ev *EntityView) ([]HistoryEvent, error) {
	all, err := vw.b.History(ctx, ev.canonical)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, r := range ev.Records {
		in[r] = true
	}
	var out []HistoryEvent
	for _, h := range all {
		var keep []string
		for _, r := range h.Records {
			if in[r] {
				keep = append(keep, r)
			}
		}
		if len(keep) == 0 {
			continue
		}
		h.Records = keep
		h.Entity = ev.ID
		if h.Other != "" {
			// Another entity's id is shown only if it is the birth id of a
			// record the viewer can see; else it would reveal hidden records.
			rec, err := vw.b.RecordByEntityID(ctx, h.Other)
			visible := false
			if err == nil {
				visible, err = vw.RecordVisible(ctx, rec)
			}
			if err != nil && !errors.Is(err, ErrNotFound) {
				return nil, err
			}
			if !visible {
				h.Other = ""
			}
		}
		out = append(out, h)
	}
	return out, nil
}

// Counts returns the store's totals as the viewer sees them.
func (vw *View) Counts(ctx context.Context) (Counts, error) {
	if vw.v.Auths.All() {
		return vw.b.Counts(ctx)
	}
	var c Counts
	visible := map[string]bool{}
	sources := map[string]bool{}
	err := vw.ScanStatements(ctx, func(s *model.Statement) error {
		c.Statements++
		if !visible[s.Record] {
			visible[s.Record] = true
			sources[s.Source] = true
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	c.Records = int64(len(visible))
	c.Sources = int64(len(sources))
	recs := make([]string, 0, len(visible))
	for r := range visible {
		recs = append(recs, r)
	}
	uf := newUnionFind(recs)
	entityOf := map[string]string{}
	if err := vw.b.ScanAssignments(ctx, func(a Assignment) error {
		if visible[a.Record] {
			entityOf[a.Record] = a.Entity
		}
		return nil
	}); err != nil {
		return c, err
	}
	if err := vw.b.ScanJudgements(ctx, func(j *Judgement) error {
		if j.Verdict == Positive && visible[j.A] && visible[j.B] && vw.v.CanSee(j.Label) &&
			entityOf[j.A] != "" && entityOf[j.A] == entityOf[j.B] {
			uf.union(j.A, j.B)
		}
		return nil
	}); err != nil {
		return c, err
	}
	c.Entities = int64(len(uf.groups()))
	return c, nil
}

// unionFind over record ids.
type unionFind struct {
	parent map[string]string
}

func newUnionFind(items []string) *unionFind {
	u := &unionFind{parent: make(map[string]string, len(items))}
	for _, it := range items {
		u.parent[it] = it
	}
	return u
}

func (u *unionFind) find(x string) string {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
}

// groups maps each root to its sorted members.
func (u *unionFind) groups() map[string][]string {
	g := map[string][]string{}
	for x := range u.parent {
		r := u.find(x)
		g[r] = append(g[r], x)
	}
	for _, m := range g {
		sort.Strings(m)
	}
	return g
}

// EntityMap returns, for every record the viewer can see, the id of the
// entity the viewer sees it in: the same answer as Entity for each record,
// computed for all records at once (graph building, bulk exports).
func (vw *View) EntityMap(ctx context.Context) (map[string]string, error) {
	return vw.EntityMapScan(ctx, nil)
}

// EntityMapScan is EntityMap that also calls fn, when given, for every
// visible statement (as ScanStatements would): a caller that needs both
// reads the store once instead of twice.
func (vw *View) EntityMapScan(ctx context.Context, fn func(*model.Statement) error) (map[string]string, error) {
	visible := map[string]bool{}
	if err := vw.ScanStatements(ctx, func(s *model.Statement) error {
		visible[s.Record] = true
		if fn != nil {
			return fn(s)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	canonical := map[string]string{}
	if err := vw.b.ScanAssignments(ctx, func(a Assignment) error {
		if visible[a.Record] {
			canonical[a.Record] = a.Entity
		}
		return nil
	}); err != nil {
		return nil, err
	}
	recs := make([]string, 0, len(visible))
	for r := range visible {
		recs = append(recs, r)
	}
	uf := newUnionFind(recs)
	if err := vw.b.ScanJudgements(ctx, func(j *Judgement) error {
		if j.Verdict == Positive && visible[j.A] && visible[j.B] && vw.v.CanSee(j.Label) &&
			canonical[j.A] != "" && canonical[j.A] == canonical[j.B] {
			uf.union(j.A, j.B)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(recs))
	for _, members := range uf.groups() {
		id := componentID(canonical[members[0]], members)
		for _, m := range members {
			out[m] = id
		}
	}
	return out, nil
}
