package resolve

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// State is resolution kept in memory between runs: the records, the index,
// the model and the links. New records and analysts' judgements are
// resolved against it without recomputing everything; the store stays the
// source of truth and is updated as each change is made.
//
// Incremental and batch resolution share the clustering procedure and, for
// a fixed model, reach the same clusters: a new record can only change the
// component it links into, and that component is reclustered from scratch.
type State struct {
	mu sync.Mutex
	r  *Resolver
	b  store.Backend

	warmed   int
	warmTook time.Duration
}

// LoadState reads what incremental resolution needs: records, the stored
// model, machine links (from stored judgements), analysts' judgements and
// current assignments.
func LoadState(ctx context.Context, b store.Backend, cfg Config) (*State, error) {
	m, err := LoadModel(ctx, b)
	if err != nil {
		return nil, err
	}
	nt := newNameTable()
	recs, err := loadRecords(ctx, b, nt, cfg.Workers, func(string, int64, int64) {})
	if err != nil {
		return nil, err
	}
	layOut(recs) // a new record's candidates mostly share its birth date
	return newState(ctx, b, cfg, recs, nt, m, nil)
}

// newState assembles a state; tf, when given, replaces the counts taken
// from recs (tests freeze term frequencies to compare with batch runs).
func newState(ctx context.Context, b store.Backend, cfg Config, recs []*Record, nt *nameTable, m *Model, tf *termFreqs) (*State, error) {
	r := newResolver(cfg, recs, nt)
	if tf != nil {
		r.tf = tf
	}
	r.setModel(m)
	r.ix = buildIndex(recs, r.cfg.caps(), r.cfg.Workers).withDir()
	// Each record's rarest name part bounds its comparisons (see
	// compareAtLeast); working it out here, on every core, spares the
	// first new record to meet each candidate a tenth of its comparing.
	const per = 4096
	runOn(r.cfg.Workers, (len(recs)+per-1)/per, func(k int) {
		for _, rec := range recs[k*per : min(len(recs), (k+1)*per)] {
			r.rarestPart(rec)
		}
	})
	cons, err := loadConstraints(ctx, b, r.byID)
	if err != nil {
		return nil, err
	}
	r.cons = cons
	err = b.ScanJudgements(ctx, func(j *store.Judgement) error {
		if j.IsAnalyst() {
			return nil
		}
		a, ok1 := r.byID[j.A]
		c, ok2 := r.byID[j.B]
		if ok1 && ok2 {
			w := float32(weightOfProbability(j.Score))
			v, sw, ok := decodeFeatures(j.Features)
			if ok {
				w = sw
			}
			r.addLink(link{a: min(a, c), b: max(a, c), weight: w, v: v})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := b.ScanAssignments(ctx, func(a store.Assignment) error {
		r.setEntity(a.Record, a.Entity)
		return nil
	}); err != nil {
		return nil, err
	}
	r.memo = map[uint64]pairScore{}
	st := &State{r: r, b: b}
	if cfg.WarmMemo {
		start := time.Now()
		st.warmed = r.warmMemo()
		st.warmTook = time.Since(start)
	}
	return st, nil
}

// Warmed reports how many pair scores loading the state put in the
// coherence memo, and how long that took (see warmMemo).
func (s *State) Warmed() (int, time.Duration) { return s.warmed, s.warmTook }

// encodeFeatures packs what a machine judgement rests on: the comparison
// levels and the exact match weight (the probability alone rounds to 1 for
// strong pairs, which would blur the order links are taken in).
func encodeFeatures(v Levels, weight float32) []byte { return appendFeatures(nil, v, weight) }

func appendFeatures(dst []byte, v Levels, weight float32) []byte {
	dst = binary.LittleEndian.AppendUint64(dst, uint64(v))
	return binary.LittleEndian.AppendUint32(dst, math.Float32bits(weight))
}

func decodeFeatures(b []byte) (Levels, float32, bool) {
	if len(b) < 12 {
		return levelsFromBytes(b), 0, false
	}
	return levelsFromBytes(b[:8]), math.Float32frombits(binary.LittleEndian.Uint32(b[8:12])), true
}

func weightOfProbability(p float64) float64 {
	p = clamp(p, 1e-12, 1-1e-12)
	return math.Log2(p / (1 - p))
}

// Records is the number of records the state holds.
func (s *State) Records() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.r.recs)
}

// Explain compares two records under the model.
func (s *State) Explain(recA, recB string) (*Explanation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return (&Explainer{r: s.r}).Explain(recA, recB)
}

// AddResult reports an incremental run.
type AddResult struct {
	Records   int // new records resolved
	Links     int
	Changed   int // records whose entity changed (new ones included)
	Latencies []time.Duration
}

// Add resolves new records: their statements are already in the store.
// Records already known are skipped. Judgements and assignments go to the
// store in order, a chunk of records at a time, and are all written when
// Add returns.
func (s *State) Add(ctx context.Context, recordIDs []string) (*AddResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.r
	bl := newBuilder(r.names)
	// The new records, then the addresses they point to, each in one read
	// (an iterator or a query per record cost more than the comparisons).
	var ids []string
	seen := map[string]bool{}
	for _, id := range recordIDs {
		if _, known := r.byID[id]; !known && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	stmts, err := s.statementsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	var addrIDs []string
	for _, id := range ids {
		for _, st := range stmts[id] {
			if st.Prop == "addressEntity" {
				addrIDs = append(addrIDs, st.Value)
			}
		}
	}
	addrs, err := s.statementsOf(ctx, addrIDs)
	if err != nil {
		return nil, err
	}
	// Each new record, and each address it points to (to fold it in), is
	// built on every core — parsing names is most of it — and merged in
	// the order one builder taking their statements in turn would have
	// merged them: a tenth of a batch's time went here with a core idle.
	type unit struct {
		id string
		ss []model.Statement
	}
	var units []unit
	take := func(id string, ss []model.Statement) {
		if len(ss) == 0 {
			return
		}
		if n := len(units); n > 0 && units[n-1].id == id {
			units[n-1].ss = append(slices.Clip(units[n-1].ss), ss...)
			return
		}
		units = append(units, unit{id, ss})
	}
	for _, id := range ids {
		take(id, stmts[id])
		for _, st := range stmts[id] {
			if st.Prop == "addressEntity" {
				take(st.Value, addrs[st.Value])
			}
		}
	}
	made := make([]built, len(units))
	cores := runtime.GOMAXPROCS(0)
	runOn(cores, len(units), func(k int) {
		made[k] = buildRecord(units[k].id, units[k].ss, r.names)
	})
	for _, b := range made {
		bl.merge(b)
	}
	fresh := bl.finish()
	res := &AddResult{}
	var js []store.Judgement
	var assigns []store.Assignment
	var events []store.HistoryEvent
	now := time.Now().UTC()
	// Three phases, with the same result as taking the records one by one:
	// each record's candidates are gathered in order (a record sees the
	// batch's earlier records, as it would have one by one); comparisons,
	// which read records only, run on every core; links and reclustering
	// follow in order, each record's as soon as its comparisons are done
	// (they touch links, clusters and the memo, which comparing never
	// reads).
	type pending struct {
		rec   *Record
		idx   int32
		cands []int32
		outs  []compared
		took  time.Duration // compute spent on this record so far
	}
	// Every new record gets its index first: the workers read r.recs while
	// this goroutine gathers candidates, so it must not grow meanwhile.
	ps := make([]pending, len(fresh))
	for k, rec := range fresh {
		if rec.Created.IsZero() {
			rec.Created = now
		}
		idx := int32(len(r.recs))
		r.recs = append(r.recs, rec)
		r.byID[rec.ID] = idx
		ps[k] = pending{rec: rec, idx: idx}
	}
	// Records over the cores, roughly in order, each as soon as its
	// candidates are gathered (gathering a batch first left a core idle
	// for a sixth of the run), while this goroutine goes on to link and
	// recluster each as soon as it is compared (linking waited for the
	// whole batch's comparisons, and a core sat idle while it ran). A
	// batch of one splits its candidates instead.
	perRecord := 1
	if len(ps) == 1 {
		perRecord = cores
	}
	gathered := make([]chan struct{}, len(ps)) // closed when ps[k].cands is set
	ready := make([]chan struct{}, len(ps))    // closed when ps[k] is compared
	for k := range ready {
		gathered[k] = make(chan struct{})
		ready[k] = make(chan struct{})
	}
	go runOn(cores, len(ps), func(k int) {
		<-gathered[k]
		start := time.Now()
		ps[k].outs = r.compareWith(ps[k].rec, ps[k].cands, perRecord)
		ps[k].took += time.Since(start)
		close(ready[k])
	})
	var keys []uint64
	for k := range ps {
		start := time.Now()
		rec, idx := ps[k].rec, ps[k].idx
		keys = blockingKeys(rec, keys[:0])
		var ordered []int32
		for _, k := range keys {
			old := r.ix.span(k)
			extra := r.extra[k]
			if len(old)+len(extra)+1 <= r.ix.caps.of(k) {
				for _, p := range old {
					ordered = append(ordered, p.rec)
				}
				ordered = append(ordered, extra...)
			}
			r.extra[k] = append(r.extra[k], idx)
		}
		slices.Sort(ordered)
		ps[k].cands = slices.Compact(ordered)
		ps[k].took = time.Since(start)
		close(gathered[k])
	}
	// Judgements and assignments are written a chunk of records at a time
	// on a goroutine of their own, in order, while later records are
	// linked: written at the end, they kept one core busy and the other
	// idle for a sixth of the run. A chunk goes as soon as the writer is
	// free (and has at least minChunk records) rather than at a fixed size,
	// so the one written after the last record, which Add waits for, is
	// small. Applied in order, the chunks leave the store as one write at
	// the end would.
	type chunk struct {
		js      []store.Judgement
		assigns []store.Assignment
		events  []store.HistoryEvent
	}
	writes := make(chan chunk)
	written := make(chan error, 1)
	go func() {
		var err error
		for c := range writes {
			if err == nil && len(c.js) > 0 {
				err = s.b.PutJudgements(ctx, c.js)
			}
			if err == nil && len(c.assigns)+len(c.events) > 0 {
				err = s.b.ApplyClusters(ctx, c.assigns, c.events)
			}
		}
		written <- err
	}()
	unsent := 0 // records linked since the last chunk went
	for k := range ps {
		<-ready[k]
		start := time.Now()
		rec, idx := ps[k].rec, ps[k].idx
		for i, c := range ps[k].cands {
			if ps[k].outs[i].below {
				continue
			}
			v := ps[k].outs[i].v
			wt := r.pairWeight(v, ps[k].outs[i].adj)
			p := Probability(wt)
			if p < r.cfg.Review {
				continue
			}
			r.addLink(link{a: c, b: idx, weight: float32(wt), v: v})
			res.Links++
			verdict := store.Unsure
			if p >= r.cfg.Threshold {
				verdict = store.Positive
			}
			x, y := store.OrderPair(r.recs[c].ID, rec.ID)
			js = append(js, store.Judgement{A: x, B: y, Verdict: verdict, Score: p, Features: encodeFeatures(v, float32(wt)),
				Label: model.Conjoin(r.recs[c].Label, rec.Label), By: store.Machine, At: now})
		}
		r.fresh.rec, r.fresh.cands, r.fresh.outs = idx, ps[k].cands, ps[k].outs
		a, ev := r.recluster([]int32{idx}, now)
		r.fresh.cands, r.fresh.outs = nil, nil
		ps[k].outs = nil
		assigns = append(assigns, a...)
		events = append(events, ev...)
		res.Latencies = append(res.Latencies, ps[k].took+time.Since(start))
		res.Records++
		unsent++
		send := k == len(ps)-1 || unsent >= maxChunk
		if !send && unsent >= minChunk {
			select {
			case writes <- chunk{js, assigns, events}:
				res.Changed += len(assigns)
				js, assigns, events, unsent = nil, nil, nil, 0
			default: // the writer is busy: the chunk grows
			}
		}
		if send {
			writes <- chunk{js, assigns, events}
			res.Changed += len(assigns)
			js, assigns, events, unsent = nil, nil, nil, 0
		}
	}
	close(writes)
	if err := <-written; err != nil {
		return nil, err
	}
	return res, nil
}

// minChunk and maxChunk bound how many records' judgements and
// assignments an incremental run writes at a time: a write has a cost of
// its own, and a writer slower than linking must not leave the chunks
// growing without bound.
const (
	minChunk = 16
	maxChunk = 512
)

// compared is one candidate's comparison with a new record: its levels
// and term-frequency adjustment, or below when the pair provably scores
// under the review probability and was not compared in full.
type compared struct {
	v     Levels
	adj   float32
	below bool
}

// compareWith compares rec with each candidate on up to workers cores and
// adjusts each comparison for term frequencies (both read records, the
// model and the frequencies only; linking them stays sequential). Pairs
// that cannot reach the review probability are marked below (see
// compareAtLeast).
func (r *Resolver) compareWith(rec *Record, cands []int32, workers int) []compared {
	out := make([]compared, len(cands))
	least := math.Log2(r.cfg.Review / (1 - r.cfg.Review))
	ceiling := r.nameCeiling()
	const chunk = 16 // candidates per task: a comparison is a few microseconds
	runOn(workers, (len(cands)+chunk-1)/chunk, func(k int) {
		lo, hi := k*chunk, min(len(cands), (k+1)*chunk)
		touched := 0
		for _, c := range cands[lo:hi] {
			touched += touchRecord(r.recs[c]) // see touchPairs
		}
		c := newComparer(r.names)
		for i := lo; i < hi; i++ {
			v, ag, ok := r.compareAtLeast(c, r.recs[cands[i]], rec, least, ceiling)
			if !ok {
				out[i] = compared{below: true}
				continue
			}
			out[i] = compared{v: v, adj: float32(r.model.adjust(r.tf, ag))}
		}
		runtime.KeepAlive(touched) // so that touching is not optimised away
	})
	return out
}

// statementsOf reads records' statements in one go, by record.
func (s *State) statementsOf(ctx context.Context, ids []string) (map[string][]model.Statement, error) {
	all, err := s.b.StatementsOf(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("reading %d records: %w", len(ids), err)
	}
	out := make(map[string][]model.Statement, len(ids))
	for _, run := range store.ByRecord(all) {
		out[run[0].Record] = run
	}
	return out, nil
}

// recluster reclusters the components holding seeds and returns what
// changed. The in-memory assignment is updated.
func (r *Resolver) recluster(seeds []int32, now time.Time) ([]store.Assignment, []store.HistoryEvent) {
	var assigns []store.Assignment
	var events []store.HistoryEvent
	done := map[int32]bool{}
	for _, s := range seeds {
		if done[s] {
			continue
		}
		comp, whole := r.grow(s, map[int32]bool{}, r.cfg.ReclusterLimit)
		if !whole {
			comp = r.localSet(s)
		}
		for _, i := range comp {
			done[i] = true
		}
		clusters := r.clusterOne(comp)
		prev := map[string]string{}
		for _, i := range comp {
			if e, ok := r.entityOf(i); ok {
				prev[r.recs[i].ID] = e
			}
		}
		var named [][]string
		for _, c := range clusters {
			ids := make([]string, len(c))
			for k, i := range c {
				ids[k] = r.recs[i].ID
			}
			sort.Strings(ids)
			named = append(named, ids)
		}
		a, ev := assignIDs(named, prev, r.createdOf, store.Machine, now)
		for _, x := range a {
			r.setEntity(x.Record, x.Entity)
		}
		assigns = append(assigns, a...)
		events = append(events, ev...)
	}
	return assigns, events
}

// localSet is what a change to s reclusters inside a large component: s,
// its cluster, and the clusters of every record it links to (or an
// analyst joined it to). Records outside keep their clusters. Within the
// set the batch procedure runs as usual, so a new record can join a
// cluster, bridge two that cohere, or split one that no longer does;
// what it cannot do is rearrange clusters it has no link into, which a
// batch run would only do through chains of links at the threshold.
func (r *Resolver) localSet(s int32) []int32 {
	in := map[int32]bool{s: true}
	out := []int32{s}
	// cluster adds the records of x's current cluster: clusters are
	// connected by the joins they were merged along.
	cluster := func(x int32) {
		e, ok := r.entityOf(x)
		if !ok {
			return
		}
		queue := []int32{x}
		for len(queue) > 0 {
			y := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			r.eachJoined(y, func(z int32) {
				if ez, _ := r.entityOf(z); !in[z] && ez == e {
					in[z] = true
					out = append(out, z)
					queue = append(queue, z)
				}
			})
		}
	}
	cluster(s)
	var next []int32
	r.eachJoined(s, func(z int32) { next = append(next, z) })
	slices.Sort(next)
	for _, z := range next {
		if !in[z] {
			in[z] = true
			out = append(out, z)
			cluster(z)
		}
	}
	slices.Sort(out)
	return out
}

// Judge records an analyst's judgement and reclusters what it touches. It
// survives every later run: batch and incremental resolution both treat
// analysts' "same" and "different" as constraints.
func (s *State) Judge(ctx context.Context, j store.Judgement) ([]store.Assignment, error) {
	if !j.IsAnalyst() {
		return nil, fmt.Errorf("a judgement needs an analyst's name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.r
	a, ok1 := r.byID[j.A]
	b, ok2 := r.byID[j.B]
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("both records must be people or organisations known to resolution: %w", store.ErrNotFound)
	}
	if err := s.b.PutJudgements(ctx, []store.Judgement{j}); err != nil {
		return nil, err
	}
	k := pairKey(a, b)
	delete(r.cons.same, k)
	delete(r.cons.different, k)
	if r.cons.sameBy[a] != nil {
		delete(r.cons.sameBy[a], b)
	}
	if r.cons.sameBy[b] != nil {
		delete(r.cons.sameBy[b], a)
	}
	switch j.Verdict {
	case store.Positive:
		r.cons.same[k] = true
		r.cons.addSame(a, b)
	case store.Negative:
		r.cons.different[k] = true
	}
	now := time.Now().UTC()
	assigns, events := r.recluster([]int32{a, b}, now)
	for i := range events {
		events[i].By = j.By
		events[i].Reason = j.Verdict.String() + " judged by " + j.By + ": " + j.Reason
	}
	if err := s.b.ApplyClusters(ctx, assigns, events); err != nil {
		return nil, err
	}
	return assigns, nil
}
