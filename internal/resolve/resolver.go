package resolve

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// Config tunes resolution. The zero value takes the defaults.
type Config struct {
	// Threshold is the match probability at which two records are linked.
	Threshold float64
	// Review is the lowest probability kept as an "unsure" judgement for
	// an analyst's review queue.
	Review float64
	// Coherence is the mean cross-pair probability two clusters need to
	// merge (see cluster.go).
	Coherence float64
	// MaxBlock is the largest block of an exact contact value (an
	// identifier, phone, email or address); keys shared by more records
	// are generic values and make no candidates.
	MaxBlock int
	// NameBlock is the largest block of a name key or a full birth date;
	// a name part with a date gets half of it. These keys' blocks grow
	// with the population, so their caps are what keep resolution linear.
	NameBlock int
	// ReclusterLimit is the largest component an incremental change
	// reclusters whole. Common names chain thousands of records into one
	// component (links at the threshold between namesakes, which coherence
	// then keeps apart); reclustering all of it for every new record costs
	// a second. Above the limit a change reclusters only the clusters it
	// touches: those the new record links into (see localSet).
	ReclusterLimit int
	// USamples is the number of random pairs that seed u.
	USamples int
	// EMIterations bounds EM.
	EMIterations int
	Seed         uint64
	Workers      int
	// Progress reports stages of a long run.
	Progress func(stage string, done, total int64)
	// Model, when set, is used as is instead of being estimated.
	Model *Model
	// KeepCandidates keeps every candidate pair in the Result, for
	// Result.IsCandidate (pair completeness). At a million records that
	// is half a gigabyte held through saving, so only evaluation asks.
	KeepCandidates bool
	// WarmMemo, for a state that will resolve many records (a server, a
	// feed), scores the pairs its reclustering will ask about again while
	// it loads (see warmMemo); a command that adds a few records and exits
	// would only wait for it.
	WarmMemo bool
	// tf, when set, replaces term frequencies counted from the records
	// (tests freeze them to compare batch and incremental runs).
	tf *termFreqs
}

func (c *Config) defaults() {
	if c.Threshold == 0 {
		c.Threshold = 0.8
	}
	if c.Review == 0 {
		c.Review = 0.3
	}
	if c.Coherence == 0 {
		c.Coherence = 0.5
	}
	if c.MaxBlock == 0 {
		c.MaxBlock = 400
	}
	if c.NameBlock == 0 {
		c.NameBlock = 100
	}
	if c.ReclusterLimit == 0 {
		c.ReclusterLimit = 500
	}
	if c.USamples == 0 {
		c.USamples = 1_000_000
	}
	if c.EMIterations == 0 {
		c.EMIterations = 100
	}
	if c.Seed == 0 {
		c.Seed = 20261123
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Progress == nil {
		c.Progress = func(string, int64, int64) {}
	}
}

// Resolver holds what resolution needs in memory: the records' features,
// the blocking index, term frequencies, the model and the links found.
// Batch builds it from a store; Add resolves new records against it.
type Resolver struct {
	cfg   Config
	recs  []*Record
	names *nameTable
	byID  map[string]int32
	// idRank is each record's rank in id order (see layOut); set for a
	// batch run, which writes its judgements in that order.
	idRank []int32
	ix     *index
	extra  map[uint64][]int32 // postings of records added since the index was built
	tf     *termFreqs
	model  *Model
	w      [numFeatures][]float64
	prior  float64
	links  [][]link // by record: machine links with p >= Review, both directions
	// joinAt is the least weight at which a link joins its records for
	// clustering (Probability(joinAt) >= Threshold): comparing weights
	// spares an exponential per link walked.
	joinAt float32
	cons   constraints
	// entity is each record's current canonical entity, by record ("" for
	// none yet).
	entity []string
	// memo keeps coherence scores between reclusterings of the same
	// component (incremental runs only: batch clustering scores from
	// several goroutines and never asks twice). A pair's score depends
	// only on the two records and the model, both fixed while it lives.
	memo map[uint64]pairScore
	// fresh is the record Add is reclustering, its candidates (sorted)
	// and their comparisons: a record joining a cluster is checked
	// against its members, which are nearly always its candidates, and
	// the comparisons just made answer without comparing again.
	fresh struct {
		rec   int32
		cands []int32
		outs  []compared
	}
}

// Result summarises a run.
type Result struct {
	Records     int
	Candidates  int
	GenericKeys int
	Links       int // pairs at or above the threshold
	Unsure      int // pairs in the review band
	Entities    int
	Changed     int // records whose entity changed
	Model       *Model
	Timings     []Timing
	candidates  []uint64
	recs        []*Record
	byID        map[string]int32
}

// Timing is how long one stage took.
type Timing struct {
	Stage string
	D     time.Duration
}

// IsCandidate reports whether blocking made the two records a candidate
// pair (for measuring pair completeness).
func (r *Result) IsCandidate(a, b string) bool {
	i, ok1 := r.byID[a]
	j, ok2 := r.byID[b]
	if !ok1 || !ok2 {
		return false
	}
	_, found := slices.BinarySearch(r.candidates, pairKey(i, j))
	return found
}

// Resolved reports whether the run resolved the record (it was in the
// store as a person or organisation).
func (r *Result) Resolved(rec string) bool {
	_, ok := r.byID[rec]
	return ok
}

// Batch resolves everything in the store from scratch: it re-estimates the
// model, rescores all candidates, reclusters, keeps canonical ids stable,
// and writes judgements, assignments and history.
func Batch(ctx context.Context, b store.Backend, cfg Config) (*Result, error) {
	cfg.defaults()
	res := &Result{}
	stage := time.Now()
	mark := func(name string) {
		res.Timings = append(res.Timings, Timing{name, time.Since(stage)})
		stage = time.Now()
	}
	nt := newNameTable()
	recs, err := loadRecords(ctx, b, nt, cfg.Workers, cfg.Progress)
	if err != nil {
		return nil, err
	}
	idRank := layOut(recs)
	mark("load")
	r := newResolver(cfg, recs, nt)
	r.idRank = idRank
	res.Records = len(recs)
	cons, err := loadConstraints(ctx, b, r.byID)
	if err != nil {
		return nil, err
	}
	r.cons = cons

	cfg.Progress("block", 0, 1)
	// The index is needed only for the candidates here (an incremental
	// state builds its own); not keeping it frees its memory for comparing.
	pairs, fams, st := buildIndex(recs, cfg.caps(), cfg.Workers).candidates(cfg.Workers)
	res.Candidates, res.GenericKeys = st.Candidates, st.GenericKeys
	mark("block")

	// Comparison vectors for every candidate, in parallel.
	levels := make([]Levels, len(pairs))
	tfAdj := make([]float32, len(pairs))
	if cfg.tf != nil {
		r.tf = cfg.tf
	}
	if cfg.Model != nil {
		r.model = cfg.Model.clone()
	} else {
		r.model = defaultModel()
		r.model.URand = r.tf.uRand()
		sampleU(recs, r.model, min(cfg.USamples, 50*len(recs)), cfg.Seed, cfg.Workers)
	}
	mark("sample")
	r.tf.prepare(r.model.URand)
	if err := r.parallel(ctx, len(pairs), "compare", func(k int, c *comparer) {
		if k%touchAhead == 0 { // chunks start at multiples of touchAhead
			runtime.KeepAlive(touchPairs(recs, pairs[k:min(k+touchAhead, len(pairs))]))
		}
		i, j := splitPair(pairs[k])
		v, ag := c.compare(recs[i], recs[j])
		levels[k] = v
		tfAdj[k] = float32(r.model.adjust(r.tf, ag))
	}); err != nil {
		return nil, err
	}
	mark("compare")

	// EM, per family of blocking keys (see train.go).
	if cfg.Model == nil {
		r.model = trainModel(r.model, levels, fams, len(recs), cfg.EMIterations)
		r.model.Pairs = int64(len(pairs))
		if pos, neg := r.labelledLevels(); len(pos)+len(neg) > 0 {
			r.model.learnFromJudgements(pos, neg, 5)
		}
	}
	r.setModel(r.model)
	mark("train")

	// Links.
	for k, p := range pairs {
		v := levels[k]
		wt := r.pairWeight(v, tfAdj[k])
		if Probability(wt) < cfg.Review {
			continue
		}
		i, j := splitPair(p)
		r.addLink(link{a: i, b: j, weight: float32(wt), v: v})
	}
	if cfg.KeepCandidates {
		res.candidates = pairs
	}
	res.recs, res.byID = recs, r.byID
	mark("score")

	// Components and clusters.
	clusters, err := r.clusterAll(ctx)
	if err != nil {
		return nil, err
	}
	mark("cluster")

	prev := map[string]string{}
	if err := b.ScanAssignments(ctx, func(a store.Assignment) error {
		prev[a.Record] = a.Entity
		return nil
	}); err != nil {
		return nil, err
	}
	var named [][]string
	for _, c := range clusters {
		ids := make([]string, len(c))
		for k, i := range c {
			ids[k] = recs[i].ID
		}
		named = append(named, ids)
	}
	assigns, events := assignIDs(named, prev, r.createdOf, store.Machine, time.Now().UTC())
	res.Changed = len(assigns)
	res.Entities = len(clusters)
	if err := b.ApplyClusters(ctx, assigns, events); err != nil {
		return nil, fmt.Errorf("saving clusters: %w", err)
	}
	for rec, e := range prev {
		r.setEntity(rec, e)
	}
	for _, a := range assigns {
		r.setEntity(a.Record, a.Entity)
	}
	if err := r.saveJudgements(ctx, b, res); err != nil {
		return nil, err
	}
	if err := saveModel(ctx, b, r.model); err != nil {
		return nil, err
	}
	mark("save")
	res.Model = r.model
	return res, nil
}

// Blocking loads the records and computes candidate pairs only, to
// measure blocking (pair completeness) against a clustering already made.
func Blocking(ctx context.Context, b store.Backend, cfg Config) (*Result, error) {
	cfg.defaults()
	nt := newNameTable()
	recs, err := loadRecords(ctx, b, nt, cfg.Workers, cfg.Progress)
	if err != nil {
		return nil, err
	}
	r := newResolver(cfg, recs, nt)
	r.ix = buildIndex(recs, cfg.caps(), cfg.Workers)
	pairs, _, st := r.ix.candidates(cfg.Workers)
	return &Result{Records: len(recs), Candidates: st.Candidates, GenericKeys: st.GenericKeys,
		candidates: pairs, recs: recs, byID: r.byID}, nil
}

func newResolver(cfg Config, recs []*Record, nt *nameTable) *Resolver {
	cfg.defaults()
	r := &Resolver{cfg: cfg, recs: recs, names: nt, byID: make(map[string]int32, len(recs)), links: make([][]link, len(recs)),
		entity: make([]string, len(recs)), joinAt: joinWeight(cfg.Threshold),
		extra: map[uint64][]int32{}, cons: constraints{same: map[uint64]bool{}, different: map[uint64]bool{},
			sameBy: map[int32]map[int32]bool{}}}
	for i, rec := range recs {
		r.byID[rec.ID] = int32(i)
	}
	r.tf = newTermFreqs(recs)
	return r
}

// compare compares two records, skipping the comparison of a name with
// an identical one through the name table.
func (r *Resolver) compare(a, b *Record) (Levels, agreement) {
	return newComparer(r.names).compare(a, b)
}

func (r *Resolver) setModel(m *Model) {
	r.model = m
	if r.tf != nil {
		r.tf.prepare(m.URand)
	}
	r.w = m.weights()
	r.prior = m.prior()
}

// pairWeight is a pair's match weight: the model's weights for its levels
// plus the term-frequency adjustment. Batch and incremental runs both go
// through here with the adjustment rounded the same way, so equal pairs
// get bit-identical weights and links are taken in the same order.
func (r *Resolver) pairWeight(v Levels, tfAdj float32) float64 {
	return r.weightOf(v) + float64(tfAdj)
}

func (r *Resolver) weightOf(v Levels) float64 {
	w := r.prior
	for f := 0; f < numFeatures; f++ {
		if l := v.get(f); l > 0 {
			w += r.w[f][l]
		}
	}
	return w
}

// score is the probability of any two records (for coherence checks).
// maxMemo bounds the coherence memo (about 40 bytes an entry).
const maxMemo = 1 << 22

func (r *Resolver) score(a, b int32) pairScore {
	// A linked pair's score is its link's: coherence mostly asks about
	// pairs that link, and comparing them again was most of clustering's
	// time. Batch and incremental runs both take it from there, so they
	// agree (the weight is kept as a float32 in the link).
	if l, ok := r.linkBetween(a, b); ok {
		return pairScore{p: Probability(float64(l.weight)), conflict: r.conflicts(l.v)}
	}
	if f := &r.fresh; f.cands != nil && (a == f.rec || b == f.rec) {
		other := a
		if a == f.rec {
			other = b
		}
		if i, ok := slices.BinarySearch(f.cands, other); ok && !f.outs[i].below {
			o := f.outs[i]
			return pairScore{p: Probability(r.pairWeight(o.v, o.adj)), conflict: r.conflicts(o.v)}
		}
	}
	if r.memo != nil {
		if s, ok := r.memo[pairKey(a, b)]; ok {
			return s
		}
	}
	s := r.scored(r.compare(r.recs[a], r.recs[b]))
	if r.memo != nil {
		if len(r.memo) >= maxMemo {
			clear(r.memo) // a long-lived state must not grow without bound
		}
		r.memo[pairKey(a, b)] = s
	}
	return s
}

// linkBetween returns the machine link between a and b, if any, looking
// through the shorter of their two lists.
func (r *Resolver) linkBetween(a, b int32) (link, bool) {
	ls, other := r.linksOf(a), b
	if lb := r.linksOf(b); len(lb) < len(ls) {
		ls, other = lb, a
	}
	for _, l := range ls {
		if l.b == other {
			return l, true
		}
	}
	return link{}, false
}

// scored is a compared pair's score, as coherence reads it.
func (r *Resolver) scored(v Levels, ag agreement) pairScore {
	return pairScore{p: Probability(r.pairWeight(v, float32(r.model.adjust(r.tf, ag)))), conflict: r.conflicts(v)}
}

// conflictBits is how much evidence against one feature must give for the
// pair to contradict: a different birth date, passport or given name, not
// a different phone (people have several).
const conflictBits = 2

// conflicts tells whether any feature of a comparison speaks clearly
// against a match.
func (r *Resolver) conflicts(v Levels) bool {
	for f := 0; f < numFeatures; f++ {
		if l := v.get(f); l > 0 && r.w[f][l] <= -conflictBits {
			return true
		}
	}
	return false
}

func (r *Resolver) addLink(l link) {
	if n := int(max(l.a, l.b)) + 1; n > len(r.links) {
		r.links = slices.Grow(r.links, n-len(r.links))[:n]
	}
	r.links[l.a] = append(r.links[l.a], l)
	r.links[l.b] = append(r.links[l.b], link{a: l.b, b: l.a, weight: l.weight, v: l.v})
}

// linksOf is x's machine links (records added since the last link have
// none yet).
func (r *Resolver) linksOf(x int32) []link {
	if int(x) < len(r.links) {
		return r.links[x]
	}
	return nil
}

// entityOf is record x's current entity, if it has one.
func (r *Resolver) entityOf(x int32) (string, bool) {
	if int(x) < len(r.entity) && r.entity[x] != "" {
		return r.entity[x], true
	}
	return "", false
}

// setEntity assigns a record, by id, to an entity; ids of records the
// resolver does not hold are ignored (nothing it clusters reads them).
func (r *Resolver) setEntity(rec, e string) {
	x, ok := r.byID[rec]
	if !ok {
		return
	}
	if n := int(x) + 1; n > len(r.entity) {
		r.entity = slices.Grow(r.entity, n-len(r.entity))[:n]
	}
	r.entity[x] = e
}

// joinWeight is the least float32 weight whose probability reaches p, so
// that w >= joinWeight(p) exactly when Probability(w) >= p.
func joinWeight(p float64) float32 {
	if math.IsNaN(p) {
		return float32(math.Inf(1)) // no probability reaches NaN
	}
	if p <= 0 {
		return float32(math.Inf(-1))
	}
	if p >= 1 {
		return float32(math.Inf(1))
	}
	w := float32(math.Log2(p / (1 - p)))
	for Probability(float64(w)) < p {
		w = math.Nextafter32(w, float32(math.Inf(1)))
	}
	for {
		lower := math.Nextafter32(w, float32(math.Inf(-1)))
		if Probability(float64(lower)) < p {
			return w
		}
		w = lower
	}
}

func (r *Resolver) createdOf(rec string) time.Time {
	if i, ok := r.byID[rec]; ok {
		return r.recs[i].Created
	}
	return time.Time{}
}

// parallel runs fn over [0,n) on the configured workers, reporting
// progress; each worker has its own comparer.
func (r *Resolver) parallel(ctx context.Context, n int, stage string, fn func(k int, c *comparer)) error {
	const chunk = 4096
	var next int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := int64(0)
	for w := 0; w < r.cfg.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newComparer(r.names)
			for {
				mu.Lock()
				start := next
				next += chunk
				mu.Unlock()
				if start >= int64(n) || ctx.Err() != nil {
					return
				}
				end := min(start+chunk, int64(n))
				for k := start; k < end; k++ {
					fn(int(k), c)
				}
				mu.Lock()
				done += end - start
				r.cfg.Progress(stage, done, int64(n))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// components groups records linked at or above the threshold (or joined
// by an analyst's "same") and returns those with more than one record.
func (r *Resolver) components(seeds []int32) [][]int32 {
	seen := map[int32]bool{}
	var out [][]int32
	for _, s := range seeds {
		if !seen[s] {
			comp, _ := r.grow(s, seen, math.MaxInt)
			out = append(out, comp)
		}
	}
	return out
}

// grow collects, sorted, the records reachable from s through joins
// (eachJoined) that are not yet in seen, marking them. It gives up,
// returning false, once it has found more than limit.
func (r *Resolver) grow(s int32, seen map[int32]bool, limit int) ([]int32, bool) {
	seen[s] = true
	comp := []int32{s}
	for k := 0; k < len(comp); k++ {
		if len(comp) > limit {
			return nil, false
		}
		r.eachJoined(comp[k], func(y int32) {
			if !seen[y] {
				seen[y] = true
				comp = append(comp, y)
			}
		})
	}
	slices.Sort(comp)
	return comp, true
}

// eachJoined calls fn with every record x is joined to for clustering: its
// machine links at or above the threshold and analysts' "same".
func (r *Resolver) eachJoined(x int32, fn func(int32)) {
	for _, l := range r.linksOf(x) {
		if l.weight >= r.joinAt {
			fn(l.b)
		}
	}
	for y := range r.sameOf(x) {
		fn(y)
	}
}

// sameOf lists the records an analyst judged the same as x.
func (r *Resolver) sameOf(x int32) map[int32]bool { return r.cons.sameBy[x] }

// clusterAll clusters every component; records in no component are
// clusters of their own.
func (r *Resolver) clusterAll(ctx context.Context) ([][]int32, error) {
	all := make([]int32, len(r.recs))
	for i := range all {
		all[i] = int32(i)
	}
	comps := r.components(all)
	out := make([][][]int32, len(comps))
	if err := r.parallel(ctx, len(comps), "cluster", func(k int, _ *comparer) {
		out[k] = r.clusterOne(comps[k])
	}); err != nil {
		return nil, err
	}
	var clusters [][]int32
	for _, cs := range out {
		clusters = append(clusters, cs...)
	}
	return clusters, nil
}

func (r *Resolver) clusterOne(members []int32) [][]int32 {
	if len(members) == 1 {
		return [][]int32{members}
	}
	var ls []link
	for _, m := range members {
		for _, l := range r.linksOf(m) {
			if _, in := slices.BinarySearch(members, l.b); l.a < l.b && in {
				ls = append(ls, l)
			}
		}
	}
	return clusterComponent(members, ls, &r.cons, r.score, r.cfg.Coherence, r.cfg.Threshold,
		func(i int32) string { return r.recs[i].ID })
}

// ---- store I/O ----

// loadRecords builds the records of every statement in the store. The
// store is scanned on one goroutine; records are built (names parsed) on
// the workers and merged back in scan order, so every run builds the same
// records.
func loadRecords(ctx context.Context, b store.Backend, nt *nameTable, workers int, progress func(string, int64, int64)) ([]*Record, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	c, err := b.Counts(ctx)
	if err != nil {
		return nil, err
	}
	type batch struct {
		seq   int
		ids   []string
		stmts [][]model.Statement
		out   []built
	}
	const batchSize = 256
	in := make(chan *batch, 2*workers)
	done := make(chan *batch, 2*workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for bt := range in {
				bt.out = make([]built, len(bt.ids))
				for k := range bt.ids {
					bt.out[k] = buildRecord(bt.ids[k], bt.stmts[k], nt)
				}
				bt.stmts = nil
				done <- bt
			}
		}()
	}
	bl := newBuilder(nt)
	merged := make(chan struct{})
	go func() {
		defer close(merged)
		pending := map[int]*batch{}
		next := 0
		for bt := range done {
			pending[bt.seq] = bt
			for x, ok := pending[next]; ok; x, ok = pending[next] {
				delete(pending, next)
				for _, o := range x.out {
					bl.merge(o)
				}
				next++
			}
		}
	}()
	// A batch's statements share one array, sized by the batch before
	// it: growing a slice per record copied every statement several
	// times, and the garbage kept the collector running over the records
	// already built.
	cur := &batch{}
	var curID string
	var all []model.Statement
	from := 0
	push := func() {
		if len(all) > from {
			cur.ids = append(cur.ids, curID)
			cur.stmts = append(cur.stmts, all[from:len(all):len(all)])
			from = len(all)
		}
		if len(cur.ids) >= batchSize {
			in <- cur
			cur = &batch{seq: cur.seq + 1}
			all, from = make([]model.Statement, 0, len(all)+len(all)/4), 0
		}
	}
	var n int64
	err = store.ScanStatementsLean(ctx, b, func(s *model.Statement) error {
		if s.Record != curID {
			push()
			curID = s.Record
		}
		all = append(all, *s)
		if n++; n%65536 == 0 {
			progress("load", n, c.Statements)
		}
		return nil
	})
	push()
	if len(cur.ids) > 0 {
		in <- cur
	}
	close(in)
	wg.Wait()
	close(done)
	<-merged
	if err != nil {
		return nil, err
	}
	return bl.finish(), nil
}

// loadConstraints reads analysts' judgements.
func loadConstraints(ctx context.Context, b store.Backend, byID map[string]int32) (constraints, error) {
	cons := constraints{same: map[uint64]bool{}, different: map[uint64]bool{}, sameBy: map[int32]map[int32]bool{}}
	err := b.ScanJudgements(ctx, func(j *store.Judgement) error {
		if !j.IsAnalyst() {
			cons.machine++
			return nil
		}
		a, ok1 := byID[j.A]
		bb, ok2 := byID[j.B]
		if !ok1 || !ok2 {
			return nil
		}
		switch j.Verdict {
		case store.Positive:
			cons.same[pairKey(a, bb)] = true
			cons.addSame(a, bb)
		case store.Negative:
			cons.different[pairKey(a, bb)] = true
		}
		return nil
	})
	return cons, err
}

// labelledLevels compares the pairs analysts judged, for training.
func (r *Resolver) labelledLevels() (pos, neg []Levels) {
	for k := range r.cons.same {
		a, b := splitPair(k)
		v, _ := r.compare(r.recs[a], r.recs[b])
		pos = append(pos, v)
	}
	for k := range r.cons.different {
		a, b := splitPair(k)
		v, _ := r.compare(r.recs[a], r.recs[b])
		neg = append(neg, v)
	}
	return pos, neg
}

// saveJudgements replaces the machine's judgements with the current links.
func (r *Resolver) saveJudgements(ctx context.Context, b store.Backend, res *Result) error {
	now := time.Now().UTC()
	// Every link once, in the store's key order: the store then writes
	// them as they come, and its check that no analyst's judgement is
	// overwritten reads ahead instead of seeking per pair. The order is
	// that of the records' ranks in id order (see layOut): integers,
	// where comparing a million pairs of ids cost seconds.
	type pair struct {
		key uint64 // lower rank, higher rank
		l   link
	}
	keyOf := func(a, b int32) uint64 {
		x, y := uint64(r.idRank[a]), uint64(r.idRank[b])
		return min(x, y)<<32 | max(x, y)
	}
	var all []pair
	for a, ls := range r.links {
		for _, l := range ls {
			if l.a != int32(a) || l.a > l.b {
				continue
			}
			all = append(all, pair{keyOf(l.a, l.b), l})
		}
	}
	slices.SortFunc(all, func(p, q pair) int { return cmp.Compare(p.key, q.key) })
	err := store.PutSortedJudgements(ctx, b, func(yield func(*store.Judgement) bool) {
		var j store.Judgement // reused, features too: the store copies what it keeps
		var features []byte
		// A million pairs share a handful of label combinations.
		labels := map[[2]string]string{}
		for _, p := range all {
			x, y := store.OrderPair(r.recs[p.l.a].ID, r.recs[p.l.b].ID)
			prob := Probability(float64(p.l.weight))
			verdict := store.Unsure
			if prob >= r.cfg.Threshold {
				verdict = store.Positive
				res.Links++
			} else {
				res.Unsure++
			}
			la, lb := r.recs[p.l.a].Label, r.recs[p.l.b].Label
			label, ok := labels[[2]string{la, lb}]
			if !ok {
				label = model.Conjoin(la, lb)
				if len(labels) < 4096 {
					labels[[2]string{la, lb}] = label
				}
			}
			features = appendFeatures(features[:0], p.l.v, p.l.weight)
			j = store.Judgement{A: x, B: y, Verdict: verdict, Score: prob, Features: features,
				Label: label, By: store.Machine, At: now}
			if !yield(&j) {
				return
			}
		}
	})
	if err != nil {
		return err
	}
	if r.cons.machine == 0 {
		return nil // the store held no machine judgements to retract
	}
	// Machine judgements of earlier runs that this run no longer makes.
	var stale [][2]string
	if err := b.ScanJudgements(ctx, func(j *store.Judgement) error {
		if j.IsAnalyst() {
			return nil
		}
		a, okA := r.byID[j.A]
		b, okB := r.byID[j.B]
		if okA && okB {
			key := keyOf(a, b)
			if _, found := slices.BinarySearchFunc(all, key, func(p pair, k uint64) int { return cmp.Compare(p.key, k) }); found {
				return nil
			}
		}
		stale = append(stale, [2]string{j.A, j.B})
		return nil
	}); err != nil {
		return err
	}
	return b.DeleteJudgements(ctx, stale)
}

const modelDoc = "model"

func saveModel(ctx context.Context, b store.Backend, m *Model) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return b.PutDoc(ctx, "resolve", modelDoc, body)
}

// LoadModel reads the model the last batch run estimated.
func LoadModel(ctx context.Context, b store.Backend) (*Model, error) {
	body, err := b.GetDoc(ctx, "resolve", modelDoc)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no resolution model yet: run mosaic resolve first")
	}
	if err != nil {
		return nil, err
	}
	m := &Model{}
	if err := json.Unmarshal(body, m); err != nil {
		return nil, err
	}
	for f := 0; f < numFeatures; f++ {
		if len(m.M[f]) != numLevels(f) || len(m.U[f]) != numLevels(f) {
			return nil, fmt.Errorf("stored model is from another version: run mosaic resolve")
		}
	}
	return m, nil
}

// ExplainPair says why two records score what they score under the stored
// model: a waterfall of match weights per feature, term-frequency notes
// included. It reads all records to know how common each value is.
func ExplainPair(ctx context.Context, b store.Backend, recA, recB string) (*Explanation, error) {
	x, err := NewExplainer(ctx, b)
	if err != nil {
		return nil, err
	}
	return x.Explain(recA, recB)
}

// ModelTable renders the model's parameters: per feature and level, m, u
// and the weight in bits.
func (m *Model) ModelTable() string {
	var b strings.Builder
	w := m.weights()
	fmt.Fprintf(&b, "prior: %.4f of candidate pairs match (%+.2f bits); %d EM iterations over %d pairs; %d labelled pairs\n",
		m.Lambda, m.prior(), m.Iterations, m.Pairs, m.Labelled)
	fmt.Fprintf(&b, "%-12s %-28s %9s %9s %8s\n", "feature", "level", "m", "u", "bits")
	for f := 0; f < numFeatures; f++ {
		for l := 1; l < numLevels(f); l++ {
			fmt.Fprintf(&b, "%-12s %-28s %9.5f %9.5f %+8.2f\n", featureNames[f], levelNames[f][l], m.M[f][l], m.U[f][l], w[f][l])
		}
	}
	return b.String()
}

// Explainer answers "why do these two records match" repeatedly without
// reloading the store: the server keeps one.
type Explainer struct {
	r *Resolver
}

// NewExplainer loads the records and the stored model.
func NewExplainer(ctx context.Context, b store.Backend) (*Explainer, error) {
	m, err := LoadModel(ctx, b)
	if err != nil {
		return nil, err
	}
	nt := newNameTable()
	recs, err := loadRecords(ctx, b, nt, 0, func(string, int64, int64) {})
	if err != nil {
		return nil, err
	}
	r := newResolver(Config{}, recs, nt)
	r.setModel(m)
	return &Explainer{r: r}, nil
}

// Explain compares two records under the model.
func (x *Explainer) Explain(recA, recB string) (*Explanation, error) {
	i, ok := x.r.byID[recA]
	if !ok {
		return nil, fmt.Errorf("record %s: %w (or not a person or organisation)", recA, store.ErrNotFound)
	}
	j, ok := x.r.byID[recB]
	if !ok {
		return nil, fmt.Errorf("record %s: %w (or not a person or organisation)", recB, store.ErrNotFound)
	}
	v, ag := x.r.compare(x.r.recs[i], x.r.recs[j])
	ex := x.r.model.explain(v, ag, x.r.tf)
	ex.A, ex.B = recA, recB
	return &ex, nil
}
