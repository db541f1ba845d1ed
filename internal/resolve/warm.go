package resolve

import "slices"

// Reclustering a new record's neighbourhood re-forms its clusters from
// their links, and where a link at the threshold joins two entities that
// did not cohere, it checks their coherence again: every pair across them
// that is not a link is compared. The answer does not change while the
// model does not, yet a state starts with an empty memo, and at a million
// records these comparisons of old pairs (21 per new record) were half of
// what reclustering cost. warmMemo scores them once when a state is
// loaded, on every core, with the same scorer: the memo only saves work,
// it never changes an answer.

// warmCrossPairs bounds the pairs warmed for one pair of entities; larger
// ones are left to the memo as they are asked.
const warmCrossPairs = 4096

// warmMemo fills the memo with the scores of the pairs across entities
// that a link at the threshold joins. It returns how many it scored.
func (r *Resolver) warmMemo() int {
	if r.memo == nil {
		return 0
	}
	// Entities as numbers, and their members.
	ent := make([]int32, len(r.recs))
	num := map[string]int32{}
	var members [][]int32
	for i := range r.recs {
		e, ok := r.entityOf(int32(i))
		if !ok {
			ent[i] = -1
			continue
		}
		n, ok := num[e]
		if !ok {
			n = int32(len(members))
			num[e] = n
			members = append(members, nil)
		}
		ent[i] = n
		members[n] = append(members[n], int32(i))
	}
	// Entity pairs joined by a link at the threshold.
	seen := map[uint64]bool{}
	var contested [][2]int32
	for a, ls := range r.links {
		for _, l := range ls {
			if l.b < int32(a) || l.weight < r.joinAt {
				continue
			}
			ea, eb := ent[a], ent[l.b]
			if ea < 0 || eb < 0 || ea == eb {
				continue
			}
			k := pairKey(ea, eb)
			if !seen[k] && len(members[ea])*len(members[eb]) <= warmCrossPairs {
				seen[k] = true
				contested = append(contested, [2]int32{ea, eb})
			}
		}
	}
	// Pairs to score: across each contested pair, neither linked nor known.
	var pairs []uint64
	for _, c := range contested {
		for _, x := range members[c[0]] {
			for _, y := range members[c[1]] {
				k := pairKey(x, y)
				_, known := r.memo[k]
				if _, linked := r.linkBetween(x, y); !known && !linked {
					pairs = append(pairs, k)
				}
			}
		}
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	if room := maxMemo/2 - len(r.memo); len(pairs) > room {
		pairs = pairs[:max(room, 0)] // leave the memo room to grow as it is asked
	}
	scores := make([]pairScore, len(pairs))
	const chunk = 256
	runOn(r.cfg.Workers, (len(pairs)+chunk-1)/chunk, func(k int) {
		c := newComparer(r.names)
		for i := k * chunk; i < min(len(pairs), (k+1)*chunk); i++ {
			a, b := splitPair(pairs[i])
			scores[i] = r.scored(c.compare(r.recs[a], r.recs[b]))
		}
	})
	for i, k := range pairs {
		r.memo[k] = scores[i]
	}
	return len(pairs)
}
