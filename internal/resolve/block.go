package resolve

import (
	"hash/maphash"
	"slices"
	"sort"
	"strconv"
	"strings"

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

// Key families. A key's family lives in the low bits of its hash so that
// training can tell which kind of key brought a pair together (see
// Model training: each feature's m is estimated on pairs blocked on other
// features, as Splink does).
const (
	famName     = 1 << iota // pairs of name parts, or a lone part
	famNameYear             // a name part with the birth year
	famDate                 // the full birth date
	famContact              // identifiers, phones, emails
	famAddress              // the full address
	famMask     = 7         // low bits holding the family index
)

var famIndex = map[uint8]uint64{famName: 0, famNameYear: 1, famDate: 2, famContact: 3, famAddress: 4}

func keyFamily(k uint64) uint8 { return uint8(1) << (k & famMask) }

// blockingKeys returns the hashed keys of a record.
func blockingKeys(r *Record, dst []uint64) []uint64 {
	add := func(s string) {
		fam := uint8(famContact)
		switch {
		case strings.HasPrefix(s, "n1:"), strings.HasPrefix(s, "n2:"):
			fam = famName
		case strings.HasPrefix(s, "ny:"), strings.HasPrefix(s, "pm:"), strings.HasPrefix(s, "pd:"):
			fam = famNameYear
		case strings.HasPrefix(s, "d:"):
			fam = famDate
		case strings.HasPrefix(s, "a:"):
			fam = famAddress
		}
		dst = append(dst, hashKey(s)&^famMask|famIndex[fam])
	}
	years := map[int16]bool{}
	var ym, md []string // year-months and month-days of full dates
	for _, d := range r.Dates {
		years[d.y] = true
		if d.d > 0 {
			add("d:" + d.String())
			md = append(md, pad2(d.m)+pad2(d.d))
			if d.d <= 12 && d.d != d.m {
				add("d:" + date{y: d.y, m: d.d, d: d.m}.String())
			}
		}
		if d.m > 0 {
			ym = append(ym, date{y: d.y, m: d.m}.String())
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
		// The first letters of a part with the birth year and month, or
		// month and day: survives a typo later in the name together with
		// a typo in the date.
		for ti := range n.Tokens {
			t := &n.Tokens[ti]
			if t.Initial || t.Role == names.RoleParticle || t.Generic || len(t.Text) < 3 {
				continue
			}
			p3 := t.Text[:3]
			for _, v := range ym {
				add("pm:" + p3 + "|" + v)
			}
			for _, v := range md {
				add("pd:" + p3 + "|" + v)
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
		if i := strings.IndexByte(e, '@'); i >= 3 {
			add("el:" + e[:i])
		}
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
// each once, as (i<<32 | j) with i < j, sorted, and for each the families
// of the keys it shares.
func (ix *index) candidates() ([]uint64, []uint8, blockStats) {
	var st blockStats
	type famPair struct {
		pair uint64
		fam  uint8
	}
	var raw []famPair
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
			fam := keyFamily(ps[lo].key)
			for i := lo; i < hi; i++ {
				for j := i + 1; j < hi; j++ {
					raw = append(raw, famPair{uint64(ps[i].rec)<<32 | uint64(uint32(ps[j].rec)), fam})
				}
			}
		}
		lo = hi
	}
	slices.SortFunc(raw, func(a, b famPair) int {
		if a.pair < b.pair {
			return -1
		}
		if a.pair > b.pair {
			return 1
		}
		return 0
	})
	var pairs []uint64
	var fams []uint8
	for _, r := range raw {
		if n := len(pairs); n > 0 && pairs[n-1] == r.pair {
			fams[n-1] |= r.fam
			continue
		}
		pairs = append(pairs, r.pair)
		fams = append(fams, r.fam)
	}
	st.Candidates = len(pairs)
	return pairs, fams, st
}

func splitPair(p uint64) (int32, int32) { return int32(p >> 32), int32(uint32(p)) }
