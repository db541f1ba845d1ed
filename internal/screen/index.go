package screen

import (
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/mosaichq/mosaic/internal/compare"
	"github.com/mosaichq/mosaic/internal/ingest/lists"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/names"
)

// Index is an in-memory screening index over the subjects of one or more
// watchlists. It is safe for concurrent Screen calls, and Add may be called
// at any time (screens wait for it).
//
// Every name of a subject is parsed once and indexed under keys derived
// from its parts: consonant skeletons and variant groups (cross-script and
// spelling variants meet there), the folded spelling and its one-letter
// deletions (a typo or a dropped letter meets the original), and pairs of
// parts (so that a name made only of common parts still finds a small
// candidate set). Identifiers are keys too. A key that is shared by too many
// names (a very common given name) is not walked; its pair keys are.
type Index struct {
	mu       sync.RWMutex
	seed     maphash.Seed
	subjects []subject
	names    []iname
	post     map[uint64][]uint32
	lists    map[string]int // subjects per list name
	// scratches are kept here rather than in a sync.Pool: a pool is
	// emptied at every GC, and a fresh accumulator over a million names is
	// megabytes of new pages, which cost far more than the screen itself.
	scratches chan *scratch
}

type subject struct {
	ID, List, ListID, Schema, Caption string
	Entity                            *model.Entity
	class                             kindClass
	nameLo, nameHi                    uint32
	dates                             []compare.Date
	countries                         []string
	places                            []string
	ids                               []string
}

type iname struct {
	n    names.Name
	subj uint32
	year int16 // first birth year of the subject, for ranking ties
	weak bool
}

// Key kinds, mixed into the hash so that the same text means different
// things as a skeleton and as a spelling.
const (
	keySkel   = 's'
	keyGroup  = 'g'
	keyText   = 'd' // the folded spelling and its one-letter deletions share this space
	keyPair   = 'p'
	keyIdent  = 'i'
	maxPaired = 6 // name parts that form pair keys
)

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{seed: maphash.MakeSeed(), post: map[uint64][]uint32{}, lists: map[string]int{},
		scratches: make(chan *scratch, 4*runtime.GOMAXPROCS(0))}
}

// FromLists builds an index over the subjects of the given lists.
func FromLists(ls ...*lists.List) *Index {
	ix := NewIndex()
	for _, l := range ls {
		subs := l.Subjects()
		recs := make([]Record, 0, len(subs))
		for _, e := range subs {
			recs = append(recs, RecordFromEntity(l.Name, e))
		}
		ix.Add(recs...)
	}
	return ix
}

// Len returns the number of subjects and of indexed names.
func (ix *Index) Len() (subjects, nameCount int) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.subjects), len(ix.names)
}

// Lists returns the list names in the index with their subject counts.
func (ix *Index) Lists() map[string]int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make(map[string]int, len(ix.lists))
	for k, v := range ix.lists {
		out[k] = v
	}
	return out
}

// parsedRecord is a record after the expensive, parallel part of Add.
type parsedRecord struct {
	sub   subject
	names []iname
	keys  [][]uint64 // per name
	idk   []uint64
}

// Add indexes records. Parsing runs on every core; the postings are then
// appended under the write lock.
func (ix *Index) Add(recs ...Record) {
	parsed := make([]parsedRecord, len(recs))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var h maphash.Hash
			h.SetSeed(ix.seed)
			for lo := range next {
				hi := min(lo+256, len(recs))
				for i := lo; i < hi; i++ {
					parsed[i] = ix.parse(&h, &recs[i])
				}
			}
		}()
	}
	for lo := 0; lo < len(recs); lo += 256 {
		next <- lo
	}
	close(next)
	wg.Wait()

	ix.mu.Lock()
	defer ix.mu.Unlock()
	for i := range parsed {
		p := &parsed[i]
		si := uint32(len(ix.subjects))
		p.sub.nameLo = uint32(len(ix.names))
		for j := range p.names {
			nid := uint32(len(ix.names))
			p.names[j].subj = si
			ix.names = append(ix.names, p.names[j])
			for _, k := range p.keys[j] {
				ix.post[k] = append(ix.post[k], nid)
			}
			for _, k := range p.idk {
				ix.post[k] = append(ix.post[k], nid)
			}
		}
		p.sub.nameHi = uint32(len(ix.names))
		ix.subjects = append(ix.subjects, p.sub)
		ix.lists[p.sub.List]++
	}
}

func (ix *Index) parse(h *maphash.Hash, r *Record) parsedRecord {
	class := schemaClass(r.Schema)
	kind := class.nameKind()
	p := parsedRecord{sub: subject{
		ID: r.ID, List: r.List, ListID: r.ListID, Schema: r.Schema, Caption: r.Caption,
		Entity: r.Entity, class: class,
	}}
	if p.sub.Schema == "" {
		p.sub.Schema = "Person"
	}
	s := &p.sub
	for _, d := range r.BirthDates {
		if dt, err := compare.ParseDate(d); err == nil {
			s.dates = appendDate(s.dates, dt)
		}
	}
	year := int16(0)
	if len(s.dates) > 0 {
		year = s.dates[0].Year
	}
	for _, c := range r.Countries {
		if cc := normCountry(c); cc != "" && !contains(s.countries, cc) {
			s.countries = append(s.countries, cc)
		}
	}
	for _, c := range r.OtherPlaces {
		if cc := normCountry(c); cc != "" && !contains(s.places, cc) && !contains(s.countries, cc) {
			s.places = append(s.places, cc)
		}
	}
	for _, id := range r.Identifiers {
		if n := normIdentifier(id); n != "" && !contains(s.ids, n) {
			s.ids = append(s.ids, n)
			p.idk = append(p.idk, hashKey(h, keyIdent, n))
		}
	}
	seen := map[string]bool{}
	add := func(n names.Name, weak bool) {
		if len(n.Tokens) == 0 {
			return
		}
		sig := tokenSignature(&n)
		if seen[sig] {
			return
		}
		seen[sig] = true
		p.names = append(p.names, iname{n: n, year: year, weak: weak})
		p.keys = append(p.keys, nameKeys(h, &n, nil))
	}
	for _, raw := range r.Names {
		n := names.Parse(clean(raw), kind)
		add(n, false)
		// A title is sometimes part of the name a person is known by
		// (Maulana Fazlullah, written Fazlullah Maulana elsewhere).
		if len(n.Titles) > 0 {
			add(names.ParseKeepTitles(clean(raw), kind), false)
		}
	}
	for _, parts := range r.Parts {
		add(names.ParseParts(cleanParts(parts), kind), false)
	}
	for _, raw := range r.WeakNames {
		add(names.Parse(clean(raw), kind), true)
	}
	if s.Caption == "" && len(p.names) > 0 {
		s.Caption = p.names[0].n.Raw
	}
	return p
}

func appendDate(ds []compare.Date, d compare.Date) []compare.Date {
	for _, x := range ds {
		if x == d {
			return ds
		}
	}
	return append(ds, d)
}

// tokenSignature identifies names that parse to the same parts (an alias
// that only differs in case or punctuation) so they are indexed once.
func tokenSignature(n *names.Name) string {
	b := make([]byte, 0, 32)
	for i := range n.Tokens {
		b = append(b, n.Tokens[i].Text...)
		b = append(b, ' ')
	}
	return string(b)
}

func hashKey(h *maphash.Hash, kind byte, s string) uint64 {
	h.Reset()
	h.WriteByte(kind)
	h.WriteString(s)
	return h.Sum64()
}

// keyed reports whether a token contributes keys of its own: initials,
// particles and an organisation's generic words only do when nothing else
// in the name does.
func keyed(t *names.Token) bool {
	return !t.Initial && t.Role != names.RoleParticle && !t.Generic
}

// tokenKeys emits the keys of one name part. primary is the key its
// frequency is read from: the variant group, else the skeleton, else the
// spelling.
func tokenKeys(h *maphash.Hash, t *names.Token, emit func(k uint64, deletion bool)) (primary uint64) {
	if gs := t.Groups(); len(gs) > 0 {
		for _, g := range gs {
			h.Reset()
			h.WriteByte(keyGroup)
			h.WriteByte(byte(g))
			h.WriteByte(byte(g >> 8))
			k := h.Sum64()
			if primary == 0 {
				primary = k
			}
			emit(k, false)
		}
	}
	pfx := string(rune('0' + t.Prefix))
	if len(t.Skel) >= 2 || (t.Skel != "" && len(t.Text) <= 3) {
		k := hashKey(h, keySkel, pfx+t.Skel)
		if primary == 0 {
			primary = k
		}
		emit(k, false)
	}
	if t.Skel2 != "" {
		emit(hashKey(h, keySkel, pfx+t.Skel2), false)
	}
	txt := t.Text
	k := hashKey(h, keyText, txt)
	if primary == 0 {
		primary = k
	}
	emit(k, false)
	// One-letter deletions: a typo, a dropped or a doubled letter, or two
	// swapped letters leave one deletion in common with the original.
	if len(txt) >= 4 && len(txt) <= 24 {
		var buf [24]byte
		for i := 0; i < len(txt); i++ {
			if i > 0 && txt[i] == txt[i-1] {
				continue // same deletion as the previous position
			}
			n := copy(buf[:], txt[:i])
			n += copy(buf[n:], txt[i+1:])
			h.Reset()
			h.WriteByte(keyText)
			h.Write(buf[:n])
			emit(h.Sum64(), true)
		}
	}
	return primary
}

func pairKey(h *maphash.Hash, a, b uint64) uint64 {
	if a > b {
		a, b = b, a
	}
	var buf [17]byte
	buf[0] = keyPair
	for i := 0; i < 8; i++ {
		buf[1+i] = byte(a >> (8 * i))
		buf[9+i] = byte(b >> (8 * i))
	}
	h.Reset()
	h.Write(buf[:])
	return h.Sum64()
}

// nameKeys returns the index keys of a name. When prim is not nil it
// receives the primary key of each token (0 for unkeyed tokens).
func nameKeys(h *maphash.Hash, n *names.Name, prim []uint64) []uint64 {
	out := make([]uint64, 0, 32)
	emit := func(k uint64, _ bool) {
		for _, x := range out {
			if x == k {
				return
			}
		}
		out = append(out, k)
	}
	anyKeyed := false
	for i := range n.Tokens {
		if keyed(&n.Tokens[i]) {
			anyKeyed = true
			break
		}
	}
	var pk [names.MaxTokens]uint64
	np := 0
	for i := range n.Tokens {
		t := &n.Tokens[i]
		if anyKeyed && !keyed(t) {
			continue
		}
		p := tokenKeys(h, t, emit)
		if np < maxPaired {
			pk[np] = p
			np++
		}
	}
	// Another reading of the name (Korean for Han characters) is found
	// through its own parts, and pairs of them.
	if alt := n.AltTokens(); len(alt) == len(n.Tokens) {
		var ak [names.MaxTokens]uint64
		na := 0
		for i := range alt {
			if anyKeyed && !keyed(&n.Tokens[i]) {
				continue
			}
			p := tokenKeys(h, &alt[i], emit)
			if na < maxPaired {
				ak[na] = p
				na++
			}
		}
		for i := 0; i < na; i++ {
			for j := i + 1; j < na; j++ {
				if ak[i] != ak[j] {
					emit(pairKey(h, ak[i], ak[j]), false)
				}
			}
		}
	}
	for i := 0; i < np; i++ {
		for j := i + 1; j < np; j++ {
			if pk[i] != pk[j] {
				emit(pairKey(h, pk[i], pk[j]), false)
			}
		}
	}
	return out
}

// genericDF is the posting length above which a key is too common to walk.
func (ix *Index) genericDF() int {
	return max(1000, len(ix.names)/200)
}

// Name-part frequencies are estimated from the list, smoothed toward a
// prior frequency with a pseudo-count of names, so that a small list does
// not take a part it lists once for a common one.
const (
	priorFreq  = 1e-4
	priorNames = 1000.0
)

// partBits is the information, in bits, of a name part that df of n
// listed names carry.
func partBits(df, n int) float64 {
	f := (float64(df) + priorNames*priorFreq) / (float64(n) + priorNames)
	return -math.Log2(f)
}

// scratch is per-screen working memory, pooled: an accumulator over all
// names, cleared lazily by a generation stamp. A name's stamp, mask and
// weight sit side by side, so that touching a name costs one cache miss.
type scratch struct {
	gen     uint32
	slots   []slot
	touched []uint32
	ranked  []ranked
	h       maphash.Hash
	// Grouping of candidate names by subject.
	subjIdx map[uint32]int
	order   []uint32
	start   []int
	grouped []uint32
}

type slot struct {
	stamp uint32
	acc   float32
	mask  uint16
}

// ranked is a touched name with its accumulated weight, copied out of the
// accumulator so that ranking reads contiguous memory.
type ranked struct {
	nid uint32
	acc float32
}

func (ix *Index) getScratch() *scratch {
	var s *scratch
	select {
	case s = <-ix.scratches:
	default:
		s = &scratch{}
		s.h.SetSeed(ix.seed)
	}
	if len(s.slots) < len(ix.names) {
		s.slots = make([]slot, len(ix.names)+len(ix.names)/8)
		s.gen = 0
	}
	s.gen++
	if s.gen == 0 { // wrapped: stamps are stale
		clear(s.slots)
		s.gen = 1
	}
	s.touched = s.touched[:0]
	return s
}

func (ix *Index) putScratch(s *scratch) {
	select {
	case ix.scratches <- s:
	default:
	}
}

// topNames returns up to m touched names ranked by how much of the query
// they share, weighed by rarity, best first.
func (s *scratch) topNames(m int) []ranked {
	s.ranked = s.ranked[:0]
	for _, nid := range s.touched {
		s.ranked = append(s.ranked, ranked{nid, s.slots[nid].acc})
	}
	return selectTop(s.ranked, m)
}

// groupBySubject groups ranked names by subject, subjects in order of their
// best name; nidsOf(i) lists the names of order[i].
func (s *scratch) groupBySubject(ix *Index, top []ranked) (order []uint32, nidsOf func(i int) []uint32) {
	if s.subjIdx == nil {
		s.subjIdx = map[uint32]int{}
	}
	clear(s.subjIdx)
	s.order = s.order[:0]
	s.start = s.start[:0]
	for _, r := range top {
		si := ix.names[r.nid].subj
		if _, ok := s.subjIdx[si]; !ok {
			s.subjIdx[si] = len(s.order)
			s.order = append(s.order, si)
			s.start = append(s.start, 0)
		}
		s.start[s.subjIdx[si]]++
	}
	// Counts to offsets, then place each name.
	off := 0
	for i, c := range s.start {
		s.start[i] = off
		off += c
	}
	s.start = append(s.start, off)
	s.grouped = slices.Grow(s.grouped[:0], off)[:off]
	fill := slices.Clone(s.start[:len(s.order)])
	for _, r := range top {
		i := s.subjIdx[ix.names[r.nid].subj]
		s.grouped[fill[i]] = r.nid
		fill[i]++
	}
	return s.order, func(i int) []uint32 { return s.grouped[s.start[i]:s.start[i+1]] }
}
