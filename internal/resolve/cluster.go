package resolve

import (
	"math"
	"slices"
	"strings"
)

// Clustering. Pairs at or above the match threshold are links; linked
// records form components, and each component is clustered on its own by
// the same deterministic procedure in batch and incremental runs, which is
// what makes an incremental result equal a batch one:
//
//  1. analysts' "same" judgements are merged first, their "different"
//     judgements can never end up inside one cluster;
//  2. machine links are taken strongest first (ties by record order);
//  3. a link merges two clusters only if the clusters cohere: the mean match
//     probability over all pairs across them is at least Coherence. One
//     strong link between two otherwise dissimilar groups — the chaining
//     that merges two different "Mohamed Ali" through a record with no
//     birth date — is refused.

// link is a scored pair between records (indices).
type link struct {
	a, b   int32
	weight float32
	v      Levels // the comparison the weight came from, saved with the judgement
}

// constraints are analysts' decisions about pairs.
type constraints struct {
	same      map[uint64]bool
	different map[uint64]bool
	sameBy    map[int32]map[int32]bool // adjacency of same
	// machine counts the machine's judgements in the store when they were
	// read: with none, a batch run has no earlier links to retract.
	machine int
}

func (c *constraints) addSame(a, b int32) {
	if c.sameBy == nil {
		c.sameBy = map[int32]map[int32]bool{}
	}
	for _, p := range [][2]int32{{a, b}, {b, a}} {
		if c.sameBy[p[0]] == nil {
			c.sameBy[p[0]] = map[int32]bool{}
		}
		c.sameBy[p[0]][p[1]] = true
	}
}

func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(uint32(b))
}

// pairScore is what coherence needs of a pair: its match probability and
// whether any feature contradicts (see conflictBits).
type pairScore struct {
	p        float64
	conflict bool
}

// scorer scores any two records on demand.
type scorer func(a, b int32) pairScore

// clusterComponent clusters the records of one component. links are the
// machine links among them (weight = match weight in bits); members is
// sorted. It returns clusters as sorted member lists, sorted by first member.
func clusterComponent(members []int32, links []link, cons *constraints, score scorer, coherence float64, threshold float64, id func(int32) string) [][]int32 {
	out := clusterPass(members, links, cons, score, coherence, threshold, id)
	amb := ambiguous(members, out, links, cons, score, coherence, threshold)
	if len(amb) == 0 {
		return out
	}
	kept := make([]link, 0, len(links))
	for _, l := range links {
		if !amb[l.a] && !amb[l.b] {
			kept = append(kept, l)
		}
	}
	return clusterPass(members, kept, cons, score, coherence, threshold, id)
}

// ambiguityBits: a record linked to another cluster within this many bits
// of its best link into its own fits both as well.
const ambiguityBits = 3

// ambiguous finds records that fit two clusters about equally well: a
// booking with only "Sultan Aydin" on it, linked as strongly to the Sultan
// Aydin born in 1947 as to the one born in 1983, who did not merge because
// their records contradict each other. Its place in either would be a
// guess, so it is left on its own (its links stay for review). A record
// whose best link into its own cluster beats its best link into the other
// by more than ambiguityBits stays, and so does one that does not cohere
// with the other cluster (it fits one of its records, not the person).
// Records an analyst joined to others are never ambiguous. members is the
// component, sorted; clusters partition it.
func ambiguous(members []int32, clusters [][]int32, links []link, cons *constraints, score scorer, coherence, threshold float64) map[int32]bool {
	at := func(x int32) int { i, _ := slices.BinarySearch(members, x); return i }
	// By place in members: the record's cluster, its best link weight into
	// it and out of it (-Inf for none), and the cluster of the latter.
	clusterOf := make([]int32, len(members))
	for k, c := range clusters {
		for _, x := range c {
			clusterOf[at(x)] = int32(k)
		}
	}
	none := float32(math.Inf(-1))
	bestIn := make([]float32, len(members))
	bestOut := make([]float32, len(members))
	outTo := make([]int32, len(members))
	for i := range members {
		bestIn[i], bestOut[i] = none, none
	}
	note := func(x, y int32, w float32) {
		i, j := at(x), at(y)
		if clusterOf[i] == clusterOf[j] {
			bestIn[i] = max(bestIn[i], w)
		} else if w > bestOut[i] {
			bestOut[i], outTo[i] = w, clusterOf[j]
		}
	}
	for _, l := range links {
		if Probability(float64(l.weight)) < threshold || cons.different[pairKey(l.a, l.b)] {
			continue
		}
		note(l.a, l.b, l.weight)
		note(l.b, l.a, l.weight)
	}
	var amb map[int32]bool
	for i, x := range members {
		in, out := bestIn[i], bestOut[i]
		if in == none || out == none || len(cons.sameBy[x]) > 0 || float64(in-out) > ambiguityBits {
			continue
		}
		// One strong link is not a fit: the record must cohere with the
		// other cluster as a whole, as it would have to to join it.
		if !coheres([]int32{x}, clusters[outTo[i]], score, coherence) {
			continue
		}
		if amb == nil {
			amb = map[int32]bool{}
		}
		amb[x] = true
	}
	return amb
}

// clusterPass is one run of the procedure above over the given links.
// members is sorted; the union-find works on places in it, not on a map
// (clustering is most of an incremental record's sequential work).
func clusterPass(members []int32, links []link, cons *constraints, score scorer, coherence float64, threshold float64, id func(int32) string) [][]int32 {
	// Every order below is by record id, never by index, so that the same
	// records cluster the same way however they were numbered (batch and
	// incremental runs number them differently).
	cmp := func(x, y link) int { return cmpLink(x, y, id) }
	members = slices.Clone(members) // the clusters below start as slices of it
	at := func(x int32) (int32, bool) { i, ok := slices.BinarySearch(members, x); return int32(i), ok }
	parent := make([]int32, len(members))
	sets := make([][]int32, len(members)) // records of each root's cluster
	for i := range members {
		parent[i] = int32(i)
		sets[i] = members[i : i+1 : i+1] // a merge's append copies
	}
	find := func(x int32) int32 {
		i, _ := at(x)
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	forbidden := func(ra, rb int32) bool {
		if len(cons.different) == 0 {
			return false
		}
		for _, x := range sets[ra] {
			for _, y := range sets[rb] {
				if cons.different[pairKey(x, y)] {
					return true
				}
			}
		}
		return false
	}
	// The root of a cluster is its member with the least id.
	merge := func(ra, rb int32) {
		if id(members[rb]) < id(members[ra]) {
			ra, rb = rb, ra
		}
		parent[rb] = ra
		sets[ra] = append(sets[ra], sets[rb]...)
		sets[rb] = nil
	}
	// 1. Analysts' "same".
	var must []link
	for _, l := range links {
		if cons.same[pairKey(l.a, l.b)] {
			must = append(must, l)
		}
	}
	for k := range cons.same {
		a, b := splitPair(k)
		if _, ok := at(a); !ok {
			continue
		}
		if _, ok := at(b); !ok {
			continue
		}
		must = append(must, link{a: a, b: b})
	}
	slices.SortFunc(must, cmp)
	for _, l := range must {
		ra, rb := find(l.a), find(l.b)
		if ra != rb && !forbidden(ra, rb) {
			merge(ra, rb)
		}
	}
	// 2–3. Machine links, strongest first, if the clusters cohere.
	sorted := make([]link, 0, len(links))
	for _, l := range links {
		if Probability(float64(l.weight)) >= threshold && !cons.different[pairKey(l.a, l.b)] {
			sorted = append(sorted, l)
		}
	}
	slices.SortFunc(sorted, cmp)
	for _, l := range sorted {
		ra, rb := find(l.a), find(l.b)
		if ra == rb || forbidden(ra, rb) {
			continue
		}
		if len(sets[ra]) > 1 || len(sets[rb]) > 1 {
			if !coheres(sets[ra], sets[rb], score, coherence) {
				continue
			}
		}
		merge(ra, rb)
	}
	byID := func(a, b int32) int { return strings.Compare(id(a), id(b)) }
	var out [][]int32
	for _, s := range sets {
		if s == nil {
			continue
		}
		if len(s) > 1 {
			slices.SortFunc(s, byID)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b []int32) int { return byID(a[0], b[0]) })
	return out
}

// cmpLink orders links strongest first, then by the records' ids, so the
// order is the same however the links were found.
func cmpLink(x, y link, id func(int32) string) int {
	if x.weight != y.weight {
		if x.weight > y.weight {
			return -1
		}
		return 1
	}
	xa, xb := id(x.a), id(x.b)
	if xb < xa {
		xa, xb = xb, xa
	}
	ya, yb := id(y.a), id(y.b)
	if yb < ya {
		ya, yb = yb, ya
	}
	if c := strings.Compare(xa, ya); c != 0 {
		return c
	}
	return strings.Compare(xb, yb)
}

// maxCrossPairs bounds the work of one coherence check; larger merges are
// judged on an evenly spread, deterministic subset of the cross pairs.
const maxCrossPairs = 400

// coheres is the mean probability of the cross pairs, at least coherence.
// A pair that is unlikely only for want of evidence — a phone-book entry
// (name, phone, address) against a passenger record (name, date,
// passport) of the same person: nothing contradicts, nothing confirms —
// says nothing about whether the groups belong together and is left out,
// unless every cross pair is like it. A pair that contradicts (another
// birth date, another passport, another given name) always counts: that
// is what keeps two namesakes apart when one record bridges them.
func coheres(a, b []int32, score scorer, coherence float64) bool {
	total := len(a) * len(b)
	step := 1
	if total > maxCrossPairs {
		step = total/maxCrossPairs + 1
	}
	sum, n := 0.0, 0
	all, nAll := 0.0, 0
	for k := 0; k < total; k += step {
		x, y := a[k/len(b)], b[k%len(b)]
		s := score(x, y)
		all += s.p
		nAll++
		if s.conflict || s.p >= coherence {
			sum += s.p
			n++
		}
	}
	if n == 0 {
		return nAll == 0 || all/float64(nAll) >= coherence
	}
	return sum/float64(n) >= coherence
}
