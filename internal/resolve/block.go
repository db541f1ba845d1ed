package resolve

import (
	"hash/maphash"
	"slices"
	"sort"
	"strconv"

	"github.com/mosaichq/mosaic/internal/names"
)

// Blocking: every record gets several keys (pairs of name parts, a name part
// with the birth year, the full birth date, each identifier, phone, email
// and address); records sharing a key become candidate pairs. A key shared
// by more than MaxBlock records is a generic value (a common given name
// alone, a hotel's address, a switchboard number): it makes no block, and
// the value is down-weighted when scored (term frequencies).

var keySeed = maphash.MakeSeed()

func hashKey(s string) uint64 { return maphash.String(keySeed, s) }

// blockingKeys returns the hashed keys of a record.
func blockingKeys(r *Record, dst []uint64) []uint64 {
	add := func(s string) { dst = append(dst, hashKey(s)) }
	years := map[int16]bool{}
	for _, d := range r.Dates {
		years[d.y] = true
		if d.d > 0 {
			add("d:" + d.String())
		}
	}
	var yearList []string
	for y := range years {
		yearList = append(yearList, strconv.Itoa(int(y)))
	}
	sort.Strings(yearList)
	for ni := range r.Names {
		if ni >= 3 {
			break
		}
		n := &r.Names[ni]
		var toks []string
		for ti := range n.Tokens {
			t := &n.Tokens[ti]
			if t.Initial || t.Role == names.RoleParticle || t.Generic {
				continue
			}
			toks = append(toks, names.TokenKey(t))
			if t.Skel2 != "" {
				// Ambiguous letters: key the alternative skeleton too.
				toks = append(toks, "s:"+t.Skel2)
			}
		}
		if len(toks) > 5 {
			toks = toks[:5]
		}
		toks = uniq(toks)
		switch len(toks) {
		case 0:
		case 1:
			add("n1:" + toks[0])
		default:
			for i := 0; i < len(toks); i++ {
				for j := i + 1; j < len(toks); j++ {
					add("n2:" + toks[i] + "|" + toks[j])
				}
			}
		}
		for _, t := range toks {
			for _, y := range yearList {
				add("ny:" + t + "|" + y)
			}
		}
	}
	for _, id := range r.IDs {
		add("i:" + id.value)
	}
	for _, p := range r.Phones {
		add("p:" + p)
	}
	for _, e := range r.Emails {
		add("e:" + e)
	}
	for _, a := range r.Addresses {
		if a.full != "" {
			add("a:" + a.full)
		}
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

// posting is one key of one record.
type posting struct {
	key uint64
	rec int32
}

// index is an inverted index from key to records, stored as postings
// sorted by key: no per-key allocations for millions of keys.
type index struct {
	postings []posting
	maxBlock int
}

func buildIndex(recs []*Record, maxBlock int) *index {
	var ps []posting
	var keys []uint64
	for i, r := range recs {
		keys = blockingKeys(r, keys[:0])
		for _, k := range keys {
			ps = append(ps, posting{key: k, rec: int32(i)})
		}
	}
	slices.SortFunc(ps, func(a, b posting) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return int(a.rec - b.rec)
	})
	return &index{postings: ps, maxBlock: maxBlock}
}

// lookup returns the records holding key (nil for generic keys).
func (ix *index) lookup(key uint64) []posting {
	ps := ix.postings
	lo := sort.Search(len(ps), func(i int) bool { return ps[i].key >= key })
	hi := lo
	for hi < len(ps) && ps[hi].key == key {
		hi++
	}
	if hi-lo > ix.maxBlock {
		return nil
	}
	return ps[lo:hi]
}

// blockStats summarise blocking for reports.
type blockStats struct {
	Keys, GenericKeys int
	Candidates        int
}

// candidates returns every pair of records sharing a non-generic key,
// each once, as (i<<32 | j) with i < j, sorted.
func (ix *index) candidates() ([]uint64, blockStats) {
	var st blockStats
	var pairs []uint64
	ps := ix.postings
	for lo := 0; lo < len(ps); {
		hi := lo + 1
		for hi < len(ps) && ps[hi].key == ps[lo].key {
			hi++
		}
		st.Keys++
		n := hi - lo
		if n > ix.maxBlock {
			st.GenericKeys++
		} else if n > 1 {
			for i := lo; i < hi; i++ {
				for j := i + 1; j < hi; j++ {
					pairs = append(pairs, uint64(ps[i].rec)<<32|uint64(uint32(ps[j].rec)))
				}
			}
		}
		lo = hi
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	st.Candidates = len(pairs)
	return pairs, st
}

func splitPair(p uint64) (int32, int32) { return int32(p >> 32), int32(uint32(p)) }
