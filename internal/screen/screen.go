package screen

import (
	"math"
	"slices"
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
	// Group candidate names by subject. Names that share much less of the
	// query than the best one are not worth a full comparison.
	if len(top) > 0 {
		cut := minShare * top[0].acc
		for i := range top {
			if top[i].acc < cut {
				top = top[:i]
				break
			}
		}
	}
	order, nidsOf := s.groupBySubject(ix, top)
	var keep []scored
	for oi, si := range order {
		sub := &ix.subjects[si]
		if !compatible(pq.class, sub.class) || (listOK != nil && !listOK[sub.List]) {
			continue
		}
		ev := ix.evidence(pq, rar, sub, nidsOf(oi), w)
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
	type hit struct {
		post []uint32
		w    float32
		bit  uint16
	}
	// Distinct query parts by spelling, each with its bit in the masks.
	var partText [16]string
	nParts := 0
	partBit := func(text string) (uint16, bool) {
		for i := 0; i < nParts; i++ {
			if partText[i] == text {
				return 1 << i, true
			}
		}
		if nParts == len(partText) {
			return 0, false
		}
		partText[nParts] = text
		nParts++
		return 1 << (nParts - 1), true
	}
	// The rarest of the keys too common to walk, in case nothing else is
	// found.
	var fallback hit
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
		alt := qn.AltTokens()
		if len(alt) != len(qn.Tokens) {
			alt = nil
		}
		for ti := range qn.Tokens {
			t := &qn.Tokens[ti]
			var keys [64]hit
			nk := 0
			emit := func(k uint64, deletion bool) {
				if nk < len(keys) {
					post := ix.post[k]
					w := float32(partBits(len(post), n))
					if deletion {
						w *= 0.9
					}
					keys[nk] = hit{post: post, w: w}
					nk++
				}
			}
			p := tokenKeys(h, t, emit)
			if alt != nil {
				// The part in the name's other reading finds names
				// too, with the same weight.
				tokenKeys(h, &alt[ti], emit)
			}
			bits := partBits(len(ix.post[p]), n)
			rar[qi][ti] = bits
			if anyKeyed && !keyed(t) {
				continue
			}
			bit, ok := partBit(t.Text)
			if !ok {
				continue
			}
			tw := float32(bits)
			if np < maxPaired {
				prim[np], primBit[np], primW[np] = p, bit, tw
				np++
			}
			ks := keys[:nk]
			// Most specific first, so a name's part is credited with the
			// best key that found it.
			slices.SortFunc(ks, func(a, b hit) int { return len(a.post) - len(b.post) })
			for _, k := range ks {
				if len(k.post) == 0 {
					continue
				}
				w := min(k.w, tw)
				if len(k.post) > generic {
					if fallback.post == nil || len(k.post) < len(fallback.post) {
						fallback = hit{post: k.post, w: w, bit: bit}
					}
					continue
				}
				s.touchAll(k.post, bit, w)
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
				s.touchAll(ps, primBit[i], primW[i])
				s.touchAll(ps, primBit[j], primW[j])
			}
		}
	}
	for _, id := range pq.ids {
		s.touchAll(ix.post[hashKey(h, keyIdent, id)], 0, 40)
	}
	if len(s.touched) == 0 && fallback.post != nil {
		// Nothing but common parts: walk the rarest of them, bounded.
		ps := fallback.post
		if len(ps) > 4*generic {
			ps = ps[:4*generic]
		}
		s.touchAll(ps, fallback.bit, fallback.w)
	}
	// Ties between namesakes are broken by birth year.
	if len(pq.dates) > 0 {
		y := pq.dates[0].Year
		for _, nid := range s.touched {
			if ix.names[nid].year == y {
				s.slots[nid].acc += 0.5
			}
		}
	}
	return rar
}

// touchAll adds w to the accumulated weight of each name in post, once per
// query part (bit; 0 counts every time).
func (s *scratch) touchAll(post []uint32, bit uint16, w float32) {
	gen, slots := s.gen, s.slots
	for _, nid := range post {
		sl := &slots[nid]
		if sl.stamp != gen {
			*sl = slot{stamp: gen}
			s.touched = append(s.touched, nid)
		}
		if bit == 0 || sl.mask&bit == 0 {
			sl.mask |= bit
			sl.acc += w
		}
	}
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
		var famConflict uint8 // query names whose family names disagreed
		for qi := range pq.names {
			if p := pq.perm[qi]; p >= 0 && famConflict&(1<<p) == 0 {
				continue
			}
			qn := &pq.names[qi]
			m := nameMatch{c: names.Compare(qn, &in.n), q: qn, n: &in.n, weak: in.weak, ok: true}
			if m.c.Flags&names.FlagFamilyMismatch != 0 {
				famConflict |= 1 << qi
			}
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

// selectTop keeps the m best of rs in place and returns them, best first
// (ties by name id, so results do not depend on posting order).
func selectTop(rs []ranked, m int) []ranked {
	less := func(a, b ranked) bool { // a ranks before b
		if a.acc != b.acc {
			return a.acc > b.acc
		}
		return a.nid < b.nid
	}
	if len(rs) > m {
		// Quickselect the m best to the front.
		lo, hi := 0, len(rs)-1
		for lo < hi {
			p := rs[(lo+hi)/2]
			i, j := lo, hi
			for i <= j {
				for less(rs[i], p) {
					i++
				}
				for less(p, rs[j]) {
					j--
				}
				if i <= j {
					rs[i], rs[j] = rs[j], rs[i]
					i++
					j--
				}
			}
			switch {
			case m-1 <= j:
				hi = j
			case m-1 >= i:
				lo = i
			default:
				lo = hi
			}
		}
		rs = rs[:m]
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		if less(a, b) {
			return -1
		}
		if less(b, a) {
			return 1
		}
		return 0
	})
	return rs
}
