package resolve

import (
	"slices"
	"strings"

	"github.com/mosaichq/mosaic/internal/names"
)

// layOut sorts the records by birth date, then name, then id, and moves
// them into one block of memory in that order: index k lives at the k-th
// place of the block. Comparing is bound by memory more than by
// arithmetic at a million records. Candidate pairs are compared in index
// order, so the first record of each pair moves through memory in
// sequence, and its candidates are mostly records born the same day or
// sharing a name, which now live next to it; in the loader's order both
// sides of a pair were a cache miss or more. Call it before anything
// numbers the records (the resolver's id map, the blocking index).
//
// recs come sorted by id (as loadRecords returns them); layOut returns
// each record's former place, which is then its rank in id order: the
// order of the store's keys, which a batch run writes its judgements in.
func layOut(recs []*Record) (idRank []int32) {
	order := make([]int32, len(recs))
	for i := range order {
		order[i] = int32(i)
	}
	type sortKey struct{ date, name string }
	keys := make([]sortKey, len(recs))
	for i, r := range recs {
		if len(r.Dates) > 0 {
			keys[i].date = r.Dates[0].String()
		}
		if len(r.Names) > 0 && len(r.Names[0].Tokens) > 0 {
			keys[i].name = r.Names[0].Tokens[0].Text
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := strings.Compare(keys[a].date, keys[b].date); c != 0 {
			return c
		}
		if c := strings.Compare(keys[a].name, keys[b].name); c != 0 {
			return c
		}
		return strings.Compare(recs[a].ID, recs[b].ID)
	})
	var nNames, nIDs, nDates int
	for _, r := range recs {
		nNames += len(r.Names)
		nIDs += len(r.IDs)
		nDates += len(r.Dates)
	}
	slab := make([]Record, len(recs))
	nameSlab := make([]names.Name, 0, nNames)
	idSlab := make([]identifier, 0, nIDs)
	dateSlab := make([]date, 0, nDates)
	for k, i := range order {
		slab[k] = *recs[i]
		s := &slab[k]
		s.Names = pack(&nameSlab, s.Names)
		s.IDs = pack(&idSlab, s.IDs)
		s.Dates = pack(&dateSlab, s.Dates)
	}
	for k := range slab {
		recs[k] = &slab[k]
	}
	return order
}

// pack appends xs to the slab and returns the copy, capped so that an
// append to it cannot run into the next record's part of the slab.
func pack[T any](slab *[]T, xs []T) []T {
	off := len(*slab)
	*slab = append(*slab, xs...)
	return (*slab)[off:len(*slab):len(*slab)]
}

// touchAhead is how many candidate pairs a worker touches at once before
// comparing them (see touchPairs): enough for the processor to overlap
// their cache misses, few enough that what they bring in stays cached
// until compared.
const touchAhead = 16

// touchPairs reads the names of the records of pairs, which a comparison
// reads first, and returns a value that depends on them. At a million
// records a pair's names are rarely in the processor's caches, and inside
// a comparison each miss stalls it; read together beforehand, the misses
// of many pairs overlap.
func touchPairs(recs []*Record, pairs []uint64) int {
	t := 0
	for _, p := range pairs {
		i, j := splitPair(p)
		t += touchRecord(recs[i]) + touchRecord(recs[j])
	}
	return t
}

func touchRecord(r *Record) int {
	t := 0
	for k := range r.Names {
		t += names.Touch(&r.Names[k])
	}
	return t
}
