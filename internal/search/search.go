// Package search finds records by name (in any script) and by identifier
// (passport and id numbers, phones, emails), for analysts typing into a
// search box. Every indexed value keeps the label of the statement it came
// from, and a hit counts only through values the viewer may see: a hidden
// alias never finds a record, even one the viewer may otherwise see.
package search

import (
	"bytes"
	"cmp"
	"context"
	"hash/maphash"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/names"
	"github.com/mosaichq/mosaic/internal/store"
)

// posting is one indexed value of one record, with what a search checks
// of every candidate — its label and its parsed name — so that the checks
// read the posting lists in order instead of the large values table at
// random (a search looks at thousands of postings; at a million records
// each random read is a cache miss, and they were most of a search's time).
type posting struct {
	rec   int32
	value int32 // index into values
	name  int32 // index into names; -1 for an identifier
	label int32 // index into labels
}

// value is one indexed statement value; its text is texts' string of the
// same number. It holds no pointers (see strtab.go).
type value struct {
	rec   int32
	label int32  // in Index.labels
	prop  uint16 // in Index.props
}

// Index is an in-memory search index over a store's statements. It is safe
// for concurrent searches; Add may run alongside them.
type Index struct {
	mu      sync.RWMutex
	records strtab   // record ids, numbered as first indexed
	schemas []uint16 // by record, in Index.schemaNames
	// inOrder is how many leading records are in ascending order of id,
	// as a build from the store's scan adds them: ties in a ranking
	// compare those by index instead of by id, with the same result.
	inOrder int32
	values  []value
	texts   arena // values' texts, as stored
	// names are the distinct parsed names, shared by the values that hold
	// them, each with its search keys (numbers in keys) and the first
	// value that held it.
	names      []names.Name
	nameKeyEnd []int // name i's keys are nameKeys[nameKeyEnd[i-1]:nameKeyEnd[i]]
	nameKeys   []int32
	nameFirst  []int32
	// parsed finds a value's parsed name by a hash of its kind and text;
	// parsedSpill holds the rare one whose hash another took first.
	parsed      map[uint64]int32
	parsedSpill map[parsedKey]int32
	parseSeed   maphash.Seed
	packer      names.Packer // the names' strings and tokens in shared blocks
	// keys numbers the search keys; postings[k] are key k's, in value
	// order (values are only appended), which lets a search merge them
	// instead of hashing every posting.
	keys     strtab
	postings [][]posting
	// labels are the distinct labels of indexed values: a search decides
	// each once for its viewer.
	labels      table
	props       table
	schemaNames table
}

// table numbers the few distinct strings of a kind (labels, schemas,
// properties).
type table struct {
	list []string
	idx  map[string]int32
}

func (t *table) id(s string) int32 {
	if i, ok := t.idx[s]; ok {
		return i
	}
	if t.idx == nil {
		t.idx = map[string]int32{}
	}
	i := int32(len(t.list))
	t.list = append(t.list, s)
	t.idx[s] = i
	return i
}

type parsedKey struct {
	kind names.Kind
	text string
}

// New returns an empty index.
func New() *Index {
	return &Index{records: newStrtab(), keys: newStrtab(), parsed: map[uint64]int32{},
		parsedSpill: map[parsedKey]int32{}, parseSeed: maphash.MakeSeed()}
}

// Build indexes every statement in the store.
func Build(ctx context.Context, b store.Backend) (*Index, error) {
	ix := New()
	err := b.ScanStatements(ctx, func(s *model.Statement) error {
		ix.Add(s)
		return nil
	})
	return ix, err
}

// nameProps are the properties searched as names.
var nameProps = map[string]bool{"name": true, "alias": true, "previousName": true, "weakAlias": true,
	"firstName": true, "lastName": true, "middleName": true, "fatherName": true}

// Add indexes one statement if it is searchable.
func (ix *Index) Add(s *model.Statement) {
	sch := model.SchemaByName(s.Schema)
	if sch == nil {
		return
	}
	isName := nameProps[s.Prop]
	p := sch.Prop(s.Prop)
	if p == nil {
		return
	}
	switch {
	case isName && p.Type == model.TypeName:
	case p.Type == model.TypeIdentifier || p.Type == model.TypePhone || p.Type == model.TypeEmail:
	default:
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	known := ix.records.len()
	ri := ix.records.intern(s.Record)
	if int(ri) == known {
		// A new record. The schema's name from the schema table rather than the
		// statement's copy.
		ix.schemas = append(ix.schemas, uint16(ix.schemaNames.id(sch.Name)))
		if ri == ix.inOrder && (ri == 0 || string(ix.records.at(ri-1)) < s.Record) {
			ix.inOrder++
		}
	}
	li := ix.labels.id(s.Label)
	vi := int32(len(ix.values))
	ix.values = append(ix.values, value{rec: ri, prop: uint16(ix.props.id(p.Name)), label: li})
	ix.texts.push(s.Value)
	if p.Type != model.TypeName {
		ix.post(ix.keys.intern("id:"+normalizeID(s.Value)), posting{rec: ri, value: vi, name: -1, label: li})
		return
	}
	kind := names.Person
	if !sch.IsA("Person") {
		kind = names.Organization
	}
	// One parse per distinct name: the same name recurs in a person's
	// many records and among namesakes, and a search then aligns it with
	// the query once.
	nameID := ix.parsedName(kind, s.Value, vi)
	lo := 0
	if nameID > 0 {
		lo = ix.nameKeyEnd[nameID-1]
	}
	for _, k := range ix.nameKeys[lo:ix.nameKeyEnd[nameID]] {
		ix.post(k, posting{rec: ri, value: vi, name: nameID, label: li})
	}
}

// post appends a posting to key k's list.
func (ix *Index) post(k int32, p posting) {
	if int(k) == len(ix.postings) {
		ix.postings = append(ix.postings, nil)
	}
	ix.postings[k] = append(ix.postings[k], p)
}

// parsedName returns the number of the parsed name of text, parsing it
// if it is new (value vi is the first to hold it).
func (ix *Index) parsedName(kind names.Kind, text string, vi int32) int32 {
	pk := parsedKey{kind: kind, text: text}
	h := maphash.Comparable(ix.parseSeed, pk)
	id, ok := ix.parsed[h]
	if ok {
		if ix.names[id].Kind == kind && string(ix.texts.at(ix.nameFirst[id])) == text {
			return id
		}
		if id, ok := ix.parsedSpill[pk]; ok {
			return id
		}
	}
	n := names.Parse(text, kind)
	ix.packer.Pack(&n)
	id = int32(len(ix.names))
	ix.names = append(ix.names, n)
	ix.nameFirst = append(ix.nameFirst, vi)
	for _, k := range names.Keys(&n) {
		ix.nameKeys = append(ix.nameKeys, ix.keys.intern(k))
	}
	ix.nameKeyEnd = append(ix.nameKeyEnd, len(ix.nameKeys))
	if ok {
		ix.parsedSpill[pk] = id
	} else {
		ix.parsed[h] = id
	}
	return id
}

func normalizeID(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Hit is a record found, with why.
type Hit struct {
	Record string
	Schema string
	Score  float64
	Label  string // label of the statement that matched

	// What Why needs: the matched value (read from the index when asked:
	// a caller explains only the hits it keeps, and each read of the
	// index's large text table is a cache miss), its property and parsed
	// name, and the query's.
	ix          *Index
	value       int32
	prop        string
	name, query *names.Name
	exact       bool
}

// Value returns the matched value as stored.
func (h *Hit) Value() string {
	h.ix.mu.RLock()
	defer h.ix.mu.RUnlock()
	return h.ix.texts.str(h.value)
}

// Why says which value matched and how. It is worked out when asked: a
// caller shows it for the few hits it keeps (the best per entity), and
// aligning the names again to explain them costs as much as the search.
func (h *Hit) Why() string {
	if h.exact || h.name == nil {
		return h.prop + " " + h.Value() + " (exact)"
	}
	c := names.Compare(h.query, h.name)
	return h.prop + " " + h.Value() + ": " + c.Explain(h.query, h.name)
}

// Options filter a search.
type Options struct {
	Limit   int
	Schema  string // only records of this schema (or extending it)
	Sources []string
}

// maxPostings caps how many records one key may contribute: a key shared
// by very many records (a common given name) cannot rank anything alone.
const maxPostings = 5000

// maxCompared is how many candidate names a search aligns with the query,
// those sharing the most keys with it first.
const maxCompared = 400

// Search finds the records best matching q that the viewer may see through
// visible values only.
func (ix *Index) Search(q string, v *model.Viewer, o Options) []Hit {
	if o.Limit <= 0 {
		o.Limit = 20
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	qn := names.Parse(q, names.Person)
	keys := names.Keys(&qn)
	idKey := "id:" + normalizeID(q)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	// admit applies the viewer's labels and the filters; everything after
	// it sees only what this viewer could have indexed alone, so a hidden
	// value can neither show nor crowd out a visible one.
	labelOK := make([]int8, len(ix.labels.list)) // 0: not decided yet, 1: visible, -1: hidden
	admit := func(p posting) bool {
		li := p.label
		if labelOK[li] == 0 {
			labelOK[li] = -1
			if v.CanSee(ix.labels.list[li]) {
				labelOK[li] = 1
			}
		}
		if labelOK[li] < 0 {
			return false
		}
		if o.Schema != "" {
			if s := model.SchemaByName(ix.schemaNames.list[ix.schemas[p.rec]]); s == nil || !s.IsA(o.Schema) {
				return false
			}
		}
		if len(o.Sources) > 0 {
			rec := ix.records.at(p.rec)
			src := rec[:max(0, bytes.IndexByte(rec, ':'))] // as model.SplitRecordID
			found := false
			for _, want := range o.Sources {
				found = found || want == string(src)
			}
			if !found {
				return false
			}
		}
		return true
	}
	work := scratchPool.Get().(*scratch)
	defer work.release()
	best := work.best
	consider := func(sc scored) {
		if b, ok := best[sc.p.rec]; !ok || sc.score > b.score || (sc.score == b.score && sc.p.value < b.p.value) {
			best[sc.p.rec] = sc
		}
	}
	if len(normalizeID(q)) >= 4 {
		for _, p := range ix.postingsOf(idKey) {
			if admit(p) {
				consider(scored{p: p, score: 1, exact: true})
			}
		}
	}
	// Candidates are the visible name values sharing the most keys with
	// the query; only the best of them are aligned with the query, which
	// is the expensive step (a common surname has thousands of holders in
	// a store of millions).
	var lists [][]posting
	for _, k := range keys {
		if ps := ix.postingsOf(k); len(ps) > 0 && len(ps) <= maxPostings {
			lists = append(lists, ps)
		}
	}
	// Counting needs only the posting lists, read in order; the values
	// themselves (labels, parsed names: random reads over a large table)
	// are looked at only for the best candidates, until the budget is full.
	for len(work.buckets) < len(lists)+1 {
		work.buckets = append(work.buckets, nil)
	}
	byShared := work.buckets[:len(lists)+1] // values by how many query keys they hold
	for i := range byShared {
		byShared[i] = byShared[i][:0]
	}
	mergePostings(lists, func(p posting, shared int) {
		byShared[shared] = append(byShared[shared], p)
	})
	budget := max(maxCompared, 10*o.Limit)
	cands := work.cands[:0]
	defer func() { work.cands = cands[:0] }()
	for shared := len(byShared) - 1; shared > 0 && len(cands) < budget; shared-- {
		// Each bucket is in value order, as the merge yields them.
		for _, p := range byShared[shared] {
			if len(cands) == budget {
				break
			}
			if p.name >= 0 && admit(p) {
				cands = append(cands, p)
			}
		}
	}
	// Touching the candidates' names first overlaps the cache misses of
	// reading them (random reads over a large heap), which the alignment
	// would otherwise take one at a time.
	touched := 0
	for _, p := range cands {
		touched += names.Touch(&ix.names[p.name])
	}
	runtime.KeepAlive(touched) // so that touching is not optimised away
	aligned := work.aligned
	for _, p := range cands {
		score, ok := aligned[p.name]
		if !ok {
			score = names.Compare(&qn, &ix.names[p.name]).Score
			aligned[p.name] = score
		}
		if score < 0.5 {
			continue
		}
		consider(scored{p: p, score: score})
	}
	ranked := work.ranked[:0]
	for _, sc := range best {
		ranked = append(ranked, sc)
	}
	defer func() { work.ranked = ranked[:0] }()
	if len(ranked) > o.Limit {
		// Only the best Limit are returned: drop the rest before the sort,
		// keeping every hit that ties with the last one kept.
		scores := work.scores[:0]
		for _, sc := range ranked {
			scores = append(scores, sc.score)
		}
		work.scores = scores[:0]
		slices.Sort(scores)
		cut := scores[len(scores)-o.Limit]
		ranked = slices.DeleteFunc(ranked, func(sc scored) bool { return sc.score < cut })
	}
	slices.SortFunc(ranked, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if a.p.rec < ix.inOrder && b.p.rec < ix.inOrder {
			return cmp.Compare(a.p.rec, b.p.rec)
		}
		return bytes.Compare(ix.records.at(a.p.rec), ix.records.at(b.p.rec))
	})
	if len(ranked) > o.Limit {
		ranked = ranked[:o.Limit]
	}
	// Explanations only for what is asked (Hit.Why).
	out := make([]Hit, 0, len(ranked))
	for _, sc := range ranked {
		val := ix.values[sc.p.value]
		h := Hit{Record: ix.records.str(sc.p.rec), Schema: ix.schemaNames.list[ix.schemas[sc.p.rec]], Score: sc.score,
			ix: ix, value: sc.p.value, Label: ix.labels.list[val.label], prop: ix.props.list[val.prop], query: &qn, exact: sc.exact}
		if sc.p.name >= 0 {
			// Names are never changed once parsed: the pointer stays
			// valid even if a later Add moves the slab.
			h.name = &ix.names[sc.p.name]
		}
		out = append(out, h)
	}
	return out
}

type scored struct {
	p     posting
	score float64
	exact bool // an identifier, explained as such
}

// scratch is a search's working memory, kept for the next search: each
// would otherwise grow tens of thousands of postings' worth of slices and
// two maps of hundreds of entries anew, and the collector's work under
// load grows with what requests allocate.
type scratch struct {
	buckets [][]posting
	cands   []posting
	ranked  []scored
	scores  []float64
	best    map[int32]scored // the best match per record
	aligned map[int32]float64
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{best: map[int32]scored{}, aligned: map[int32]float64{}}
}}

func (w *scratch) release() {
	clear(w.best)
	clear(w.aligned)
	scratchPool.Put(w)
}

// mergePostings walks posting lists, each in value order, as one list in
// value order, calling fn once per value with the number of lists that
// hold it. The lists are few (a query's keys), so the next value is found
// by a scan of their heads.
func mergePostings(lists [][]posting, fn func(p posting, shared int)) {
	heads := make([]int, len(lists))
	for {
		next, at := int32(-1), posting{}
		for i, l := range lists {
			if h := heads[i]; h < len(l) && (next < 0 || l[h].value < next) {
				next, at = l[h].value, l[h]
			}
		}
		if next < 0 {
			return
		}
		shared := 0
		for i, l := range lists {
			// A list may hold a value more than once (a key a name yields
			// twice): it counts once.
			if h := heads[i]; h < len(l) && l[h].value == next {
				shared++
				for heads[i] < len(l) && l[heads[i]].value == next {
					heads[i]++
				}
			}
		}
		fn(at, shared)
	}
}

// postingsOf returns key k's postings.
func (ix *Index) postingsOf(k string) []posting {
	if id, ok := ix.keys.find(k); ok {
		return ix.postings[id]
	}
	return nil
}

// Len is the number of indexed values.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.values)
}
