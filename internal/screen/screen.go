package screen

import (
	"container/heap"
	"math"
	"sort"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/names"
)

// Options adjust a screen. The zero value means the defaults.
type Options struct {
	Limit     int      // most results returned; 0 means 10
	Threshold float64  // match threshold; 0 means DefaultThreshold
	Floor     float64  // least score listed; 0 means DefaultFloor, negative lists every candidate
	Lists     []string // only subjects of these lists; empty means all
}

func (o *Options) norm() {
	if o.Limit <= 0 {
		o.Limit = 10
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Floor == 0 {
		o.Floor = DefaultFloor
	}
	if o.Floor < 0 {
		o.Floor = 0
	}
}

// Result is one candidate for a query.
type Result struct {
	ID       string // entity id
	List     string // dataset name
	ListID   string // the list's own id
	Schema   string
	Caption  string
	Entity   *model.Entity // nil when the index was built without entities
	Score    float64       // calibrated probability-like score in [0,1]
	Match    bool          // Score >= threshold
	Features []Feature     // per-feature explanation, strongest evidence first
}

// candidateNames is how many names, ranked by shared rare parts, are
// compared in full per query.
const candidateNames = 120

// minShare is the least accumulated weight, relative to the best candidate
// name's, for a name to be compared in full.
const minShare = 0.3

// Screen ranks the listed subjects that may be the queried person or
// organisation.
func (ix *Index) Screen(q Query, opts Options) []Result {
	opts.norm()
	pq := parseQuery(&q)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	keep := ix.candidates(&pq, &opts, &weights)
	// Explanations are built only for what is returned.
	out := make([]Result, len(keep))
	for i := range keep {
		k := &keep[i]
		sub := &ix.subjects[k.si]
		out[i] = Result{
			ID: sub.ID, List: sub.List, ListID: sub.ListID, Schema: sub.Schema, Caption: sub.Caption,
			Entity: sub.Entity, Score: k.score, Match: k.score >= opts.Threshold,
			Features: k.ev.explain(&k.x, &weights),
		}
	}
	return out
}

type scored struct {
	si    uint32
	score float64
	ev    evidence
	x     vec
}

// candidates finds, scores with w, filters and ranks the subjects for a
// parsed query. The caller holds the read lock.
func (ix *Index) candidates(pq *pquery, opts *Options, w *[nFeatures]float64) []scored {
	if len(pq.names) == 0 || len(ix.names) == 0 {
		return nil
	}
	s := ix.getScratch()
	defer ix.putScratch(s)
	rar := ix.gather(s, pq)
	top := s.topNames(max(candidateNames, 4*opts.Limit))

	var listOK map[string]bool
	if len(opts.Lists) > 0 {
		listOK = map[string]bool{}
		for _, l := range opts.Lists {
			listOK[l] = true
		}
	}
	// Group candidate names by subject.
	bySubj := make(map[uint32][]uint32, len(top))
	order := make([]uint32, 0, len(top))
	// Names that share much less of the query than the best one are not
	// worth a full comparison.
	if len(top) > 0 {
		cut := minShare * s.acc[top[0]]
		for i, nid := range top {
			if s.acc[nid] < cut {
				top = top[:i]
				break
			}
		}
	}
	for _, nid := range top {
		si := ix.names[nid].subj
		if _, ok := bySubj[si]; !ok {
			order = append(order, si)
		}
		bySubj[si] = append(bySubj[si], nid)
	}
	var keep []scored
	for _, si := range order {
		sub := &ix.subjects[si]
		if !compatible(pq.class, sub.class) || (listOK != nil && !listOK[sub.List]) {
			continue
		}
		ev := ix.evidence(pq, rar, sub, bySubj[si], w)
		if !ev.name.ok {
			continue
		}
		x := ev.vector(pq.class&classPerson == 0)
		score := logistic(dot(w, &x))
		if score < opts.Floor {
			continue
		}
		keep = append(keep, scored{si: si, score: round3(score), ev: ev, x: x})
	}
	sort.SliceStable(keep, func(i, j int) bool {
		if keep[i].score != keep[j].score {
			return keep[i].score > keep[j].score
		}
		return ix.subjects[keep[i].si].ID < ix.subjects[keep[j].si].ID
	})
	if len(keep) > opts.Limit {
		keep = keep[:opts.Limit]
	}
	return keep
}

// rarities holds, per query name and part, the bits of information of that
// part in the index.
type rarities [][names.MaxTokens]float64

// gather walks the postings of the query's keys into the scratch
// accumulator and returns the rarity of every query part.
//
// Each distinct query part (by spelling, across the query's names and
// their rotations) counts once per candidate name, with the weight of the
// most specific key through which it was found: a shared spelling or
// variant group weighs the part's full information, a short consonant
// skeleton shared by hundreds of names only what that skeleton tells.
func (ix *Index) gather(s *scratch, pq *pquery) rarities {
	h := &s.h
	n := len(ix.names)
	generic := ix.genericDF()
	rar := make(rarities, len(pq.names))
	touch := func(nid uint32, bit uint16, w float32) {
		if s.stamp[nid] != s.gen {
			s.stamp[nid] = s.gen
			s.acc[nid] = 0
			s.mask[nid] = 0
			s.touched = append(s.touched, nid)
		}
		if bit == 0 || s.mask[nid]&bit == 0 {
			s.mask[nid] |= bit
			s.acc[nid] += w
		}
	}
	type hit struct {
		key uint64
		df  int
		w   float32
	}
	partBit := map[string]uint16{}
	var skipped []hit
	var skippedBit []uint16
	for qi := range pq.names {
		qn := &pq.names[qi]
		anyKeyed := false
		for i := range qn.Tokens {
			if keyed(&qn.Tokens[i]) {
				anyKeyed = true
				break
			}
		}
		var prim [names.MaxTokens]uint64
		var primBit [names.MaxTokens]uint16
		var primW [names.MaxTokens]float32
		np := 0
		for ti := range qn.Tokens {
			t := &qn.Tokens[ti]
			var keys [48]hit
			nk := 0
			p := tokenKeys(h, t, func(k uint64, deletion bool) {
				if nk < len(keys) {
					df := len(ix.post[k])
					w := float32(partBits(df, n))
					if deletion {
						w *= 0.9
					}
					keys[nk] = hit{k, df, w}
					nk++
				}
			})
			bits := partBits(len(ix.post[p]), n)
			rar[qi][ti] = bits
			if anyKeyed && !keyed(t) {
				continue
			}
			bit, ok := partBit[t.Text]
			if !ok {
				if len(partBit) >= 16 {
					continue
				}
				bit = uint16(1) << len(partBit)
				partBit[t.Text] = bit
			}
			tw := float32(bits)
			if np < maxPaired {
				prim[np], primBit[np], primW[np] = p, bit, tw
				np++
			}
			ks := keys[:nk]
			// Most specific first, so a name's part is credited with the
			// best key that found it.
			sort.Slice(ks, func(a, b int) bool { return ks[a].df < ks[b].df })
			for _, k := range ks {
				if k.df == 0 {
					continue
				}
				w := min(k.w, tw)
				if k.df > generic {
					skipped = append(skipped, hit{k.key, k.df, w})
					skippedBit = append(skippedBit, bit)
					continue
				}
				for _, nid := range ix.post[k.key] {
					touch(nid, bit, w)
				}
			}
		}
		// Pairs of parts find names made of common parts.
		for i := 0; i < np; i++ {
			for j := i + 1; j < np; j++ {
				if prim[i] == prim[j] {
					continue
				}
				ps := ix.post[pairKey(h, prim[i], prim[j])]
				if len(ps) > 4*generic {
					continue
				}
				for _, nid := range ps {
					touch(nid, primBit[i], primW[i])
					touch(nid, primBit[j], primW[j])
				}
			}
		}
	}
	for _, id := range pq.ids {
		for _, nid := range ix.post[hashKey(h, keyIdent, id)] {
			touch(nid, 0, 40)
		}
	}
	if len(s.touched) == 0 && len(skipped) > 0 {
		// Nothing but common parts: walk the rarest of them, bounded.
		best := 0
		for i := range skipped {
			if skipped[i].df < skipped[best].df {
				best = i
			}
		}
		ps := ix.post[skipped[best].key]
		if len(ps) > 4*generic {
			ps = ps[:4*generic]
		}
		for _, nid := range ps {
			touch(nid, skippedBit[best], skipped[best].w)
		}
	}
	// Ties between namesakes are broken by birth year.
	if len(pq.dates) > 0 {
		y := pq.dates[0].Year
		for _, nid := range s.touched {
			if ix.names[nid].year == y {
				s.acc[nid] += 0.5
			}
		}
	}
	return rar
}

// evidence compares the query with one subject through the subject's
// candidate names (those the postings found, and its first name). The
// name match kept is the one whose name features weigh most under w: a
// one-part alias matched in full is weaker evidence than the full name
// with one part mistyped, though its name score is higher.
func (ix *Index) evidence(pq *pquery, rar rarities, sub *subject, nids []uint32, w *[nFeatures]float64) evidence {
	var ev evidence
	org := pq.class&classPerson == 0
	logSubjects := math.Log2(float64(max(len(ix.subjects), 1)))
	bestZ := math.Inf(-1)
	try := func(nid uint32) {
		in := &ix.names[nid]
		for qi := range pq.names {
			qn := &pq.names[qi]
			m := nameMatch{c: names.Compare(qn, &in.n), q: qn, n: &in.n, weak: in.weak, ok: true}
			if m.c.Level == names.LevelNone {
				continue
			}
			m.residual, m.allParts = residual(&m.c, qn, &in.n)
			for _, p := range m.c.Matched() {
				if p.Conflict {
					continue // a relative's name in another place of the chain
				}
				for a := p.A; a <= p.A2; a++ {
					m.rarity += rar[qi][a] * levelTrust[p.Level]
				}
			}
			// Bits of the matched parts less the list's size: the
			// surprisal of a coincidental match.
			m.rarity -= logSubjects
			var x vec
			nameFeatures(&x, &m, org)
			z := 0.0
			for i := fNameScore; i <= fAllParts; i++ {
				z += w[i] * x[i]
			}
			if z > bestZ || (z == bestZ && m.better(&ev.name)) {
				bestZ = z
				ev.name = m
			}
		}
	}
	tried := false
	for _, nid := range nids {
		try(nid)
		if nid == sub.nameLo {
			tried = true
		}
	}
	if !tried && sub.nameHi > sub.nameLo {
		try(sub.nameLo)
	}
	ev.date, ev.dq, ev.dc = bestDate(pq.dates, sub.dates)
	ev.country, ev.countryCode = bestCountry(pq.countries, sub)
	ev.id, ev.idq, ev.idc = bestID(pq.ids, sub.ids)
	return ev
}

// levelTrust is how much of a part's rarity a pair matched at a level
// carries: a rare part matched only weakly (Hwang, Liang) is no evidence
// of a rare coincidence.
var levelTrust = [...]float64{
	names.TokNone: 0, names.TokExact: 1, names.TokVariant: 1, names.TokPhonetic: 0.8,
	names.TokTypo: 0.8, names.TokWeak: 0.4, names.TokInitial: 0.2, names.TokMerged: 0.8,
}

// nameHeap is a min-heap of name ids by accumulated score, for picking the
// best m of many touched names without sorting them all.
type nameHeap struct {
	ids []uint32
	acc []float32
}

func (h *nameHeap) Len() int { return len(h.ids) }
func (h *nameHeap) Less(i, j int) bool {
	a, b := h.acc[h.ids[i]], h.acc[h.ids[j]]
	if a != b {
		return a < b
	}
	return h.ids[i] > h.ids[j]
}
func (h *nameHeap) Swap(i, j int) { h.ids[i], h.ids[j] = h.ids[j], h.ids[i] }
func (h *nameHeap) Push(x any)    { h.ids = append(h.ids, x.(uint32)) }
func (h *nameHeap) Pop() any {
	x := h.ids[len(h.ids)-1]
	h.ids = h.ids[:len(h.ids)-1]
	return x
}

// selectTop keeps the m best of ids in place and returns them, best first.
func selectTop(ids []uint32, acc []float32, m int) []uint32 {
	if len(ids) <= m {
		sort.Slice(ids, func(i, j int) bool {
			if acc[ids[i]] != acc[ids[j]] {
				return acc[ids[i]] > acc[ids[j]]
			}
			return ids[i] < ids[j]
		})
		return ids
	}
	h := &nameHeap{ids: make([]uint32, 0, m+1), acc: acc}
	for _, id := range ids {
		if h.Len() < m {
			heap.Push(h, id)
			continue
		}
		top := h.ids[0]
		if acc[id] > acc[top] || (acc[id] == acc[top] && id < top) {
			h.ids[0] = id
			heap.Fix(h, 0)
		}
	}
	out := h.ids
	sort.Slice(out, func(i, j int) bool {
		if acc[out[i]] != acc[out[j]] {
			return acc[out[i]] > acc[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}
