package resolve

import (
	"hash/maphash"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/mosaichq/mosaic/internal/names"
)

// Blocking: every record gets several keys (pairs of name parts, a name part
// with the birth year, the full birth date, each identifier, phone, email
// and address); records sharing a key become candidate pairs. A key shared
// by more records than its family's cap (Config.MaxBlock, NameBlock) is a generic value (a common given name
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
	eachKey(r, func(s string) {
		dst = append(dst, hashKey(s)&^famMask|famIndex[keyFamilyOf(s)])
	})
	slices.Sort(dst)
	return slices.Compact(dst)
}

// keyFamilyOf tells a key's family from its prefix.
func keyFamilyOf(s string) uint8 {
	switch {
	case strings.HasPrefix(s, "n1:"), strings.HasPrefix(s, "n2:"):
		return famName
	case strings.HasPrefix(s, "ny:"), strings.HasPrefix(s, "pm:"), strings.HasPrefix(s, "pd:"):
		return famNameYear
	case strings.HasPrefix(s, "d:"):
		return famDate
	case strings.HasPrefix(s, "a:"):
		return famAddress
	}
	return famContact
}

// eachKey calls add with every blocking key of a record, as text.
func eachKey(r *Record, add func(string)) {
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
}

// posting is one key of one record.
type posting struct {
	key uint64
	rec int32
}

// blockCaps is the largest block per key family (indexed by the family's
// index in the key's low bits). Keys whose blocks grow with the number of
// records (names, dates) get a smaller cap than exact contact values:
// above it they are generic, and resolution stays linear in the records.
type blockCaps [5]int

func (c *Config) caps() blockCaps {
	n := c.NameBlock
	return blockCaps{n, n / 2, n, c.MaxBlock, c.MaxBlock}
}

func (c blockCaps) of(key uint64) int { return c[key&famMask] }

// index is an inverted index from key to records, stored as postings
// sorted by key then record: no per-key allocations for millions of keys.
type index struct {
	postings []posting
	caps     blockCaps
	// perRec holds, for each record, the positions of its postings
	// (CSR: positions of record i are pos[off[i]:off[i+1]]).
	off []int32
	pos []int32
	// start and end bound, for each posting, its key's run.
	start, end []int32
	// dir[p] is the first posting whose key's top dirBits bits are p or
	// more: a lookup (incremental runs make one per key of every new
	// record) searches a few dozen postings instead of all of them. Built
	// by withDir for indexes that serve lookups; a batch run only lists
	// candidates.
	dir []int32
}

const dirBits = 20

// buildIndex computes every record's keys on the workers and sorts the
// postings in buckets by the top bits of the key (hashes are uniform, so
// the buckets are even), each bucket on its own worker.
func buildIndex(recs []*Record, caps blockCaps, workers int) *index {
	const chunk = 2048
	nChunks := (len(recs) + chunk - 1) / chunk
	const nBuckets = 256
	// A chunk's postings, grouped by bucket (the key's top byte) with a
	// counting sort into one exact allocation: 256 slices grown by
	// doubling per chunk made the collector work through blocking.
	type part struct {
		ps    []posting
		start [nBuckets + 1]int32
	}
	parts := make([]*part, nChunks)
	free := make(chan []posting, workers)
	for range workers {
		free <- nil
	}
	runOn(workers, nChunks, func(c int) {
		all := (<-free)[:0]
		var keys []uint64
		p := &part{}
		for i := c * chunk; i < min(len(recs), (c+1)*chunk); i++ {
			keys = blockingKeys(recs[i], keys[:0])
			for _, k := range keys {
				all = append(all, posting{key: k, rec: int32(i)})
				p.start[k>>56+1]++
			}
		}
		for b := 0; b < nBuckets; b++ {
			p.start[b+1] += p.start[b]
		}
		p.ps = make([]posting, len(all))
		fill := p.start
		for _, x := range all {
			b := x.key >> 56
			p.ps[fill[b]] = x
			fill[b]++
		}
		parts[c] = p
		free <- all
	})
	var starts [nBuckets + 1]int
	for b := 0; b < nBuckets; b++ {
		n := 0
		for _, p := range parts {
			n += int(p.start[b+1] - p.start[b])
		}
		starts[b+1] = starts[b] + n
	}
	ps := make([]posting, starts[nBuckets])
	runOn(workers, nBuckets, func(b int) {
		dst := ps[starts[b]:starts[b]:starts[b+1]]
		for _, p := range parts {
			dst = append(dst, p.ps[p.start[b]:p.start[b+1]]...)
		}
		slices.SortFunc(dst, func(x, y posting) int {
			if x.key != y.key {
				if x.key < y.key {
					return -1
				}
				return 1
			}
			return int(x.rec - y.rec)
		})
	})
	parts = nil
	ix := &index{postings: ps, caps: caps, off: make([]int32, len(recs)+1), pos: make([]int32, len(ps)),
		start: make([]int32, len(ps)), end: make([]int32, len(ps))}
	for lo := 0; lo < len(ps); {
		hi := lo + 1
		for hi < len(ps) && ps[hi].key == ps[lo].key {
			hi++
		}
		for x := lo; x < hi; x++ {
			ix.start[x], ix.end[x] = int32(lo), int32(hi)
		}
		lo = hi
	}
	for _, p := range ps {
		ix.off[p.rec+1]++
	}
	for i := 1; i < len(ix.off); i++ {
		ix.off[i] += ix.off[i-1]
	}
	fill := slices.Clone(ix.off[:len(recs)])
	for x, p := range ps {
		ix.pos[fill[p.rec]] = int32(x)
		fill[p.rec]++
	}
	return ix
}

// runOn runs fn(0..n-1) on up to workers goroutines.
func runOn(workers, n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// withDir builds the directory that span looks keys up through.
func (ix *index) withDir() *index {
	ps := ix.postings
	ix.dir = make([]int32, 1<<dirBits+1)
	x := 0
	for p := range ix.dir {
		for x < len(ps) && ps[x].key>>(64-dirBits) < uint64(p) {
			x++
		}
		ix.dir[p] = int32(x)
	}
	return ix
}

// span returns the run of postings holding key; the index must have its
// directory (withDir).
func (ix *index) span(key uint64) []posting {
	p := key >> (64 - dirBits)
	base := ix.dir[p]
	ps := ix.postings[base:ix.dir[p+1]]
	lo := sort.Search(len(ps), func(i int) bool { return ps[i].key >= key })
	if lo == len(ps) || ps[lo].key != key {
		return nil
	}
	// The run's end is kept: walking to it read every posting of a
	// generic key's block (tens of thousands for a common name part) on
	// each lookup.
	return ps[lo : ix.end[int(base)+lo]-base]
}

// blockStats summarise blocking for reports.
type blockStats struct {
	Keys, GenericKeys int
	Candidates        int
}

// candidates returns every pair of records sharing a non-generic key,
// each once, as (i<<32 | j) with i < j, sorted, and for each the families
// of the keys it shares. Each record's partners are gathered from its own
// postings on the workers: the output comes out sorted without a global
// sort of every pair.
func (ix *index) candidates(workers int) ([]uint64, []uint8, blockStats) {
	var st blockStats
	ps := ix.postings
	for lo := 0; lo < len(ps); lo = int(ix.end[lo]) {
		st.Keys++
		if int(ix.end[lo])-lo > ix.caps.of(ps[lo].key) {
			st.GenericKeys++
		}
	}
	nRecs := len(ix.off) - 1
	const chunk = 1024
	nChunks := (nRecs + chunk - 1) / chunk
	outPairs := make([][]uint64, nChunks)
	outFams := make([][]uint8, nChunks)
	// Each worker gathers a chunk in buffers of its own that keep their
	// size from chunk to chunk, and keeps an exact copy: growing a fresh
	// slice per chunk by doubling copied every pair several times and
	// made garbage that kept the collector busy during blocking.
	type scratch struct {
		pairs, buf []uint64
		fams       []uint8
	}
	free := make(chan *scratch, workers)
	for range workers {
		free <- &scratch{}
	}
	runOn(workers, nChunks, func(c int) {
		s := <-free
		defer func() { free <- s }()
		pairs, fams, buf := s.pairs[:0], s.fams[:0], s.buf
		for i := c * chunk; i < min(nRecs, (c+1)*chunk); i++ {
			buf = buf[:0]
			for _, x := range ix.pos[ix.off[i]:ix.off[i+1]] {
				end := ix.end[x]
				key := ps[x].key
				if int(end-ix.start[x]) > ix.caps.of(key) {
					continue
				}
				fam := uint64(keyFamily(key))
				for y := x + 1; y < end; y++ {
					buf = append(buf, uint64(ps[y].rec)<<8|fam)
				}
			}
			slices.Sort(buf)
			for _, v := range buf {
				j := v >> 8
				p := uint64(i)<<32 | j
				if n := len(pairs); n > 0 && pairs[n-1] == p {
					fams[n-1] |= uint8(v)
					continue
				}
				pairs = append(pairs, p)
				fams = append(fams, uint8(v))
			}
		}
		outPairs[c], outFams[c] = slices.Clone(pairs), slices.Clone(fams)
		s.pairs, s.fams, s.buf = pairs, fams, buf
	})
	n := 0
	for _, p := range outPairs {
		n += len(p)
	}
	pairs := make([]uint64, 0, n)
	fams := make([]uint8, 0, n)
	for c := range outPairs {
		pairs = append(pairs, outPairs[c]...)
		fams = append(fams, outFams[c]...)
		outPairs[c], outFams[c] = nil, nil
	}
	st.Candidates = len(pairs)
	return pairs, fams, st
}

func splitPair(p uint64) (int32, int32) { return int32(p >> 32), int32(uint32(p)) }
