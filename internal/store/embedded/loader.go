package embedded

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/objstorage/objstorageprovider"
	"github.com/cockroachdb/pebble/v2/sstable"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// The loader makes a bulk write atomic without holding it all in memory.
// Statements are buffered in runs; a full run is sorted and spilled to a
// file in the background while the next one fills. Commit merges the runs
// in key order, drops what the store already has, and then either commits
// one batch (small loads) or writes sorted, non-overlapping SSTables and
// hands them to Pebble's Ingest, which adds them atomically. A crash before
// Ingest leaves only temporary files, which the next Open removes.
//
// Runs are compact. Ingestion adds a record's statements together, so a
// run keeps groups (one record id, its statements) and stores the record id
// once per group, not once per statement. The parts of a statement value
// that repeat over a load (schema and property; source, label, gradings and
// dates) are numbered once in the loader's dictionaries, so a statement in
// a run is its id, two numbers and its value and original: about a third of
// its stored size, in memory and in spill files alike.
const (
	runBytes      = 256 << 20 // run size (memory) before it is spilled
	batchMaxBytes = 48 << 20  // loads up to this size commit as one batch
	sstTargetSize = 256 << 20 // SSTables are rolled at about this size
	chunkSize     = 4 << 20   // arena chunk
)

// ---- arena ----

// pos locates a length-prefixed string in an arena: chunk<<32 | offset.
type pos uint64

// arena holds length-prefixed byte strings in fixed chunks, which never
// move once written (no growing copies) and are recycled from run to run.
type arena struct {
	chunks [][]byte
	size   int64
	pool   *chunkPool
}

// put stores one or two strings back to back (each length-prefixed) and
// returns where the first starts.
func (a *arena) put(b1, b2 []byte, two bool) pos {
	need := binary.MaxVarintLen32 + len(b1)
	if two {
		need += binary.MaxVarintLen32 + len(b2)
	}
	last := len(a.chunks) - 1
	if last < 0 || len(a.chunks[last])+need > cap(a.chunks[last]) {
		a.chunks = append(a.chunks, a.pool.get(need))
		last++
	}
	c := a.chunks[last]
	off := len(c)
	c = appendBytes(c, b1)
	if two {
		c = appendBytes(c, b2)
	}
	a.size += int64(len(c) - off)
	a.chunks[last] = c
	return pos(uint64(last)<<32 | uint64(off))
}

func appendBytes(dst, b []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...)
}

// at returns the chunk tail starting at p.
func (a *arena) at(p pos) []byte { return a.chunks[p>>32][uint32(p):] }

// str returns the string stored at p.
func (a *arena) str(p pos) []byte {
	b, _ := readStr(a.at(p))
	return b
}

// readStr reads one length-prefixed string and returns it and what follows.
func readStr(b []byte) (s, rest []byte) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return nil, nil
	}
	return b[k : k+int(n) : k+int(n)], b[k+int(n):]
}

func (a *arena) release() {
	for _, c := range a.chunks {
		a.pool.put(c)
	}
	a.chunks = nil
	a.size = 0
}

// chunkPool recycles arena chunks between runs: a spilled run's memory
// fills the next run instead of fresh pages for every run.
type chunkPool struct {
	mu   sync.Mutex
	free [][]byte
}

func (p *chunkPool) get(min int) []byte {
	if min > chunkSize {
		return make([]byte, 0, min)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		c := p.free[n-1]
		p.free = p.free[:n-1]
		return c[:0]
	}
	return make([]byte, 0, chunkSize)
}

func (p *chunkPool) put(c []byte) {
	if cap(c) != chunkSize {
		return
	}
	p.mu.Lock()
	p.free = append(p.free, c)
	p.mu.Unlock()
}

// segs is an append-only array in fixed segments: appending never copies
// what is there (a growing slice of millions of entries spends its time
// copying itself). The first segment grows as a slice, so small loads stay
// small.
type segs[T any] struct {
	s [][]T
	n int
}

const segShift = 15

func (x *segs[T]) add(v T) {
	switch {
	case x.n < 1<<segShift:
		if x.n == 0 {
			x.s = append(x.s[:0], nil)
		}
		x.s[0] = append(x.s[0], v)
	case x.n&(1<<segShift-1) == 0:
		seg := make([]T, 1, 1<<segShift)
		seg[0] = v
		x.s = append(x.s, seg)
	default:
		last := len(x.s) - 1
		x.s[last] = append(x.s[last], v)
	}
	x.n++
}

func (x *segs[T]) at(i int) *T { return &x.s[i>>segShift][i&(1<<segShift-1)] }

// ---- dictionaries ----

// head and tail are the parts of an encoded statement value around its
// value and original (see encodeStatement).
type headKey struct{ schema, prop string }

type tailKey struct {
	source, label        string
	rel, cred, cat, kind byte
	first, last, review  int64
}

type dict struct {
	heads              map[headKey]uint32
	tails              map[tailKey]uint32
	headBytes, tailBuf [][]byte
	lastHead           headKey
	lastTail           tailKey
	lastH, lastT       uint32
	have               bool
}

func newDict() *dict {
	return &dict{heads: map[headKey]uint32{}, tails: map[tailKey]uint32{}}
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// numbers returns the head and tail numbers of a statement, adding them to
// the dictionaries when new.
func (d *dict) numbers(st *model.Statement) (uint32, uint32) {
	hk := headKey{st.Schema, st.Prop}
	tk := tailKey{st.Source, st.Label, byte(st.Reliability), byte(st.Credibility), byte(st.Category), byte(st.Kind),
		unixOrZero(st.FirstSeen), unixOrZero(st.LastSeen), unixOrZero(st.ReviewAt)}
	if d.have && hk == d.lastHead && tk == d.lastTail {
		return d.lastH, d.lastT
	}
	h, ok := d.heads[hk]
	if !ok {
		h = uint32(len(d.headBytes))
		d.heads[hk] = h
		b := appendStr(nil, st.Schema)
		d.headBytes = append(d.headBytes, appendStr(b, st.Prop))
	}
	t, ok := d.tails[tk]
	if !ok {
		t = uint32(len(d.tailBuf))
		d.tails[tk] = t
		b := appendStr(nil, st.Source)
		b = appendStr(b, st.Label)
		b = append(b, byte(st.Reliability), byte(st.Credibility), byte(st.Category), byte(st.Kind))
		b = appendTime(b, st.FirstSeen)
		b = appendTime(b, st.LastSeen)
		d.tailBuf = append(d.tailBuf, appendTime(b, st.ReviewAt))
	}
	d.lastHead, d.lastTail, d.lastH, d.lastT, d.have = hk, tk, h, t, true
	return h, t
}

// value rebuilds an encoded statement value (encodeStatement's bytes) from
// its numbers and its value-and-original bytes.
func (d *dict) value(dst []byte, h, t uint32, vo []byte) []byte {
	dst = append(dst, d.headBytes[h]...)
	dst = append(dst, vo...)
	return append(dst, d.tailBuf[t]...)
}

// ---- runs ----

type run struct {
	a      arena
	groups segs[group]
	stmts  segs[stmt]
	// bytes of the groups' record ids and record infos, to size the
	// sorted copies up front
	recBytes, infoBytes int
}

type group struct {
	rec, info  pos    // record id; its record-info value
	first, end uint32 // its statements: stmts[first:end]
}

type stmt struct {
	id   [16]byte
	h, t uint32
	vo   pos // value and original, each length-prefixed
}

func (r *run) memBytes() int64 {
	return r.a.size + int64(r.groups.n)*24 + int64(r.stmts.n)*32
}

// eidLen is the length of an entity id (store.EntityID).
var eidLen = len(store.EntityID(""))

type loader struct {
	s       *Store
	ctx     context.Context
	tmp     string
	pool    *chunkPool
	dict    *dict
	cur     *run
	spills  []string
	spilled chan error // result of the spill in flight, if any
	busy    bool
	lastRec string
	sources map[string]bool
	scratch []byte
	now     time.Time
	total   int64
	done    bool
	// runLimit and batchLimit default to runBytes and batchMaxBytes; tests
	// lower them to drive the spill path with little data.
	runLimit, batchLimit int64
}

// NewLoader implements store.Backend.
func (s *Store) NewLoader(ctx context.Context) (store.Loader, error) {
	tmp, err := os.MkdirTemp(s.tmpDir(), "load-")
	if err != nil {
		return nil, fmt.Errorf("loader: %w", err)
	}
	pool := &chunkPool{}
	return &loader{s: s, ctx: ctx, tmp: tmp, pool: pool, dict: newDict(), cur: &run{a: arena{pool: pool}},
		sources: map[string]bool{}, spilled: make(chan error, 1), now: time.Now().UTC(),
		runLimit: runBytes, batchLimit: batchMaxBytes}, nil
}

func (s *Store) tmpDir() string {
	d := filepath.Join(s.dir, "tmp")
	os.MkdirAll(d, 0o750)
	return d
}

func (l *loader) Add(st *model.Statement) error {
	if l.done {
		return errors.New("loader already finished")
	}
	if st.Record == "" || st.Schema == "" || st.Prop == "" || st.Source == "" {
		return fmt.Errorf("statement %s: record, schema, prop and source are required", st.ID)
	}
	if st.ID == "" {
		st.SetID()
	}
	var s stmt
	if len(st.ID) != 32 {
		return fmt.Errorf("bad statement id %q", st.ID)
	}
	if _, err := hex.Decode(s.id[:], []byte(st.ID)); err != nil {
		return fmt.Errorf("bad statement id %q", st.ID)
	}
	r := l.cur
	if st.Record != l.lastRec || r.groups.n == 0 {
		l.lastRec = st.Record
		l.scratch = appendRecordInfo(l.scratch[:0], st.Schema, st.Source, l.now)
		rec := r.a.put([]byte(st.Record), nil, false)
		info := r.a.put(l.scratch, nil, false)
		r.groups.add(group{rec: rec, info: info, first: uint32(r.stmts.n), end: uint32(r.stmts.n)})
		r.recBytes += len(st.Record)
		r.infoBytes += len(l.scratch)
		// The record key and the birth key, as they will be stored.
		l.total += int64(1+len(st.Record)+len(l.scratch)) + int64(1+eidLen+len(st.Record))
		l.sources[st.Source] = true
	}
	s.h, s.t = l.dict.numbers(st)
	s.vo = r.a.put([]byte(st.Value), []byte(st.Original), true)
	r.stmts.add(s)
	r.groups.at(r.groups.n-1).end++
	l.total += int64(2+len(st.Record)+16) + int64(len(l.dict.headBytes[s.h])+len(l.dict.tailBuf[s.t])+len(st.Value)+len(st.Original)+2)
	if r.memBytes() >= l.runLimit {
		return l.spill()
	}
	return nil
}

// spill sorts and writes the current run in the background while Add goes
// on filling a new one; at most one spill is in flight.
func (l *loader) spill() error {
	if err := l.waitSpill(); err != nil {
		return err
	}
	r := l.cur
	l.cur = &run{a: arena{pool: l.pool}}
	l.lastRec = "" // every run starts its own group
	path := filepath.Join(l.tmp, fmt.Sprintf("run-%04d", len(l.spills)))
	l.spills = append(l.spills, path)
	l.busy = true
	go func() {
		err := writeRun(path, r)
		r.a.release()
		l.spilled <- err
	}()
	return nil
}

func (l *loader) waitSpill() error {
	if !l.busy {
		return nil
	}
	l.busy = false
	return <-l.spilled
}

// Spill file entries, in key order:
//
//	uvarint shared   bytes the key shares with the previous key
//	uvarint rest     then the rest of the key
//	statement keys:  uvarint head, uvarint tail, value and original
//	                 (each uvarint length + bytes)
//	other keys:      uvarint length + value
func writeRun(path string, r *run) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	it := r.iter()
	var prev, buf []byte
	for it.next() {
		k := it.k
		shared := commonPrefix(prev, k)
		buf = binary.AppendUvarint(buf[:0], uint64(shared))
		buf = binary.AppendUvarint(buf, uint64(len(k)-shared))
		buf = append(buf, k[shared:]...)
		if it.isStmt {
			buf = binary.AppendUvarint(buf, uint64(it.h))
			buf = binary.AppendUvarint(buf, uint64(it.t))
			buf = append(buf, it.vo...)
		} else {
			buf = appendBytes(buf, it.v)
		}
		if _, err := w.Write(buf); err != nil {
			f.Close()
			return err
		}
		prev = append(prev[:0], k...)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+8 <= n && binary.LittleEndian.Uint64(a[i:]) == binary.LittleEndian.Uint64(b[i:]) {
		i += 8
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// ---- sorting a run ----

// runOrder is a run put in key order: groups of the same record clustered
// (clusters in record order), each cluster's statements sorted by id, and
// the clusters also in the order of their birth keys. Ties keep the order of
// arrival, so the first of equal keys wins. Each cluster's record id and
// record info are copied out once, in order, so that writing the run reads
// them in sequence rather than all over the arena.
type runOrder struct {
	recs    []byte  // record ids of the clusters, back to back
	recEnd  []int32 // end of each cluster's record id in recs
	infos   []byte  // record-info values of the clusters (their first group's)
	infoEnd []int32
	stmts   []int32 // statement indices, cluster after cluster, in key order
	stmtEnd []int32 // end of each cluster's statements in stmts
	births  []int32 // clusters in birth-key order
	eids    []byte  // entity ids of the clusters, eidLen bytes each
}

func span(b []byte, end []int32, c int) []byte {
	start := int32(0)
	if c > 0 {
		start = end[c-1]
	}
	return b[start:end[c]]
}

func (r *run) order() *runOrder {
	n := r.groups.n
	o := &runOrder{recs: make([]byte, 0, r.recBytes), recEnd: make([]int32, 0, n),
		infos: make([]byte, 0, r.infoBytes), infoEnd: make([]int32, 0, n), eids: make([]byte, 0, n*eidLen),
		stmts: make([]int32, 0, r.stmts.n), stmtEnd: make([]int32, 0, n)}
	perm, same := sortByBytes(n, func(i int) []byte { return r.a.str(r.groups.at(i).rec) })
	less := func(a, b int32) int {
		x, y := &r.stmts.at(int(a)).id, &r.stmts.at(int(b)).id
		if c := bytes.Compare(x[:], y[:]); c != 0 {
			return c
		}
		return int(a - b)
	}
	start := 0 // of the current cluster's statements
	endCluster := func() {
		if part := o.stmts[start:]; len(part) > 1 {
			insertionSort(part, less)
		}
		o.stmtEnd = append(o.stmtEnd, int32(len(o.stmts)))
		start = len(o.stmts)
	}
	for i, gi := range perm {
		g := r.groups.at(int(gi))
		if i == 0 || !same[i] {
			if i > 0 {
				endCluster()
			}
			rec := r.a.str(g.rec)
			o.recs = append(o.recs, rec...)
			o.recEnd = append(o.recEnd, int32(len(o.recs)))
			o.infos = append(o.infos, r.a.str(g.info)...)
			o.infoEnd = append(o.infoEnd, int32(len(o.infos)))
			o.eids = appendEntityID(o.eids, rec)
		}
		for s := g.first; s < g.end; s++ {
			o.stmts = append(o.stmts, int32(s))
		}
	}
	if len(perm) > 0 {
		endCluster()
	}
	o.births, _ = sortByBytes(len(o.recEnd), func(i int) []byte { return o.eids[i*eidLen : (i+1)*eidLen] })
	return o
}

// appendEntityID appends store.EntityID(record) without allocating (the
// test checks the two agree).
func appendEntityID(dst, record []byte) []byte {
	h := sha256.Sum256(record)
	dst = append(dst, 'E')
	return hex.AppendEncode(dst, h[:10])
}

// insertionSort suits a record's handful of statements.
func insertionSort(x []int32, cmp func(a, b int32) int) {
	if len(x) > 24 {
		slices.SortFunc(x, cmp)
		return
	}
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && cmp(x[j], x[j-1]) < 0; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// sortByBytes returns the indices 0..n-1 ordered by key(i), ties by index,
// and for each position whether its key equals the previous one. Keys are
// compared by the 24 bytes past their common prefix, packed into integers;
// only keys equal there are compared in full. Record ids of one dataset
// share their "dataset:" prefix, and a plain bytes.Compare spends most of
// its time on bytes that never differ.
func sortByBytes(n int, key func(int) []byte) ([]int32, []bool) {
	out := make([]int32, n)
	same := make([]bool, n)
	if n == 0 {
		return out, same
	}
	first := key(0)
	lcp := len(first)
	for i := 1; i < n && lcp > 0; i++ {
		lcp = min(lcp, commonPrefix(first, key(i)))
	}
	type item struct {
		a [3]uint64
		i int32
	}
	items := make([]item, n)
	for i := range items {
		k := key(i)[lcp:]
		it := item{i: int32(i)}
		for w := 0; w < 3; w++ {
			var buf [8]byte
			copy(buf[:], k)
			k = k[min(8, len(k)):]
			it.a[w] = binary.BigEndian.Uint64(buf[:])
		}
		items[i] = it
	}
	// Padding is 0x00, which keys may contain too: keys equal in their
	// packed bytes are compared in full.
	fullCmp := func(x, y *item) int {
		return bytes.Compare(key(int(x.i)), key(int(y.i)))
	}
	slices.SortFunc(items, func(x, y item) int {
		for w := 0; w < 3; w++ {
			if x.a[w] != y.a[w] {
				if x.a[w] < y.a[w] {
					return -1
				}
				return 1
			}
		}
		if c := fullCmp(&x, &y); c != 0 {
			return c
		}
		return int(x.i - y.i)
	})
	for i := range items {
		out[i] = items[i].i
		if i > 0 {
			p, c := &items[i-1], &items[i]
			same[i] = p.a == c.a && fullCmp(p, c) == 0
		}
	}
	return out, same
}

// ---- iterators ----

// entry is what iterators yield. Statement entries carry their dictionary
// numbers and value-and-original bytes; others their value.
type entry struct {
	k      []byte
	isStmt bool
	h, t   uint32
	vo     []byte // statement: value and original, length-prefixed
	v      []byte // other keys: the value
}

// value returns the stored value of the entry; statement values are built
// in *buf.
func (e *entry) value(d *dict, buf *[]byte) []byte {
	if e.isStmt {
		*buf = d.value((*buf)[:0], e.h, e.t, e.vo)
		return *buf
	}
	return e.v
}

type iterator interface {
	// next moves to the next entry; false at the end.
	next() (bool, error)
	cur() *entry
}

// runIter walks a sorted run: birth keys, record keys, then statements.
type runIter struct {
	entry
	r      *run
	o      *runOrder
	phase  int // 0 births, 1 records, 2 statements, 3 done
	i      int // position in the phase
	c      int // cluster (statements phase)
	prefix int // statements: length of 's' record 0 in k
}

func (r *run) iter() *runIter { return &runIter{r: r, o: r.order(), i: -1} }

func (it *runIter) next() bool {
	o, r := it.o, it.r
	nc := len(o.recEnd)
	for {
		it.i++
		switch it.phase {
		case 0:
			if it.i < nc {
				c := int(o.births[it.i])
				it.k = append(append(it.k[:0], pBirth), o.eids[c*eidLen:(c+1)*eidLen]...)
				it.v = span(o.recs, o.recEnd, c)
				return true
			}
		case 1:
			if it.i < nc {
				it.k = append(append(it.k[:0], pRecord), span(o.recs, o.recEnd, it.i)...)
				it.v = span(o.infos, o.infoEnd, it.i)
				return true
			}
		case 2:
			if it.i < len(o.stmts) {
				if it.i == 0 || int32(it.i) == o.stmtEnd[it.c] {
					if it.i > 0 {
						it.c++
					}
					it.k = append(append(append(it.k[:0], pStatement), span(o.recs, o.recEnd, it.c)...), 0)
					it.prefix = len(it.k)
				}
				s := r.stmts.at(int(o.stmts[it.i]))
				it.k = append(it.k[:it.prefix], s.id[:]...)
				it.isStmt, it.h, it.t = true, s.h, s.t
				b := r.a.at(s.vo)
				_, rest := readStr(b)
				_, rest = readStr(rest)
				it.vo = b[:len(b)-len(rest)]
				return true
			}
		default:
			return false
		}
		it.phase++
		it.i = -1
	}
}

type memIter struct{ *runIter }

func (m memIter) next() (bool, error) { return m.runIter.next(), nil }
func (m memIter) cur() *entry         { return &m.runIter.entry }

type fileIter struct {
	entry
	f    *os.File
	r    *bufio.Reader
	buf  []byte
	name string
}

func openFileIter(path string) (*fileIter, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &fileIter{f: f, r: bufio.NewReaderSize(f, 1<<20), name: path}, nil
}

func (fi *fileIter) cur() *entry { return &fi.entry }

func (fi *fileIter) next() (bool, error) {
	shared, err := binary.ReadUvarint(fi.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	rest, err := binary.ReadUvarint(fi.r)
	if err != nil {
		return false, err
	}
	if shared > uint64(len(fi.k)) || rest > 1<<30 {
		return false, fmt.Errorf("loader: corrupt run file %s", fi.name)
	}
	fi.k = grow(fi.k, int(shared), int(rest))
	if _, err := io.ReadFull(fi.r, fi.k[shared:]); err != nil {
		return false, err
	}
	if fi.isStmt = fi.k[0] == pStatement; fi.isStmt {
		h, err := binary.ReadUvarint(fi.r)
		if err != nil {
			return false, err
		}
		t, err := binary.ReadUvarint(fi.r)
		if err != nil {
			return false, err
		}
		fi.h, fi.t = uint32(h), uint32(t)
		fi.buf = fi.buf[:0]
		for range 2 {
			if fi.buf, err = fi.readStr(fi.buf, true); err != nil {
				return false, err
			}
		}
		fi.vo = fi.buf
		return true, nil
	}
	fi.buf, err = fi.readStr(fi.buf[:0], false)
	fi.v = fi.buf
	return err == nil, err
}

// readStr reads a length-prefixed string, appending it to dst with its
// prefix (withLen) or without.
func (fi *fileIter) readStr(dst []byte, withLen bool) ([]byte, error) {
	n, err := binary.ReadUvarint(fi.r)
	if err != nil {
		return dst, err
	}
	if n > 1<<30 {
		return dst, fmt.Errorf("loader: corrupt run file %s", fi.name)
	}
	if withLen {
		dst = binary.AppendUvarint(dst, n)
	}
	start := len(dst)
	dst = grow(dst, start, int(n))
	_, err = io.ReadFull(fi.r, dst[start:])
	return dst, err
}

func (fi *fileIter) close() { fi.f.Close() }

// grow returns b[:keep+n], keeping its first keep bytes.
func grow(b []byte, keep, n int) []byte {
	if keep+n <= cap(b) {
		return b[:keep+n]
	}
	nb := make([]byte, keep+n, 2*(keep+n))
	copy(nb, b[:keep])
	return nb
}

// ---- commit ----

func (l *loader) Abort() error {
	if l.done {
		return nil
	}
	l.done = true
	l.waitSpill()
	l.cur.a.release()
	return os.RemoveAll(l.tmp)
}

// Commit implements store.Loader.
func (l *loader) Commit() (store.WriteStats, error) {
	if l.done {
		return store.WriteStats{}, errors.New("loader already finished")
	}
	defer l.Abort()
	if err := l.waitSpill(); err != nil {
		return store.WriteStats{}, fmt.Errorf("loader: spill: %w", err)
	}
	var sources []iterator
	for _, p := range l.spills {
		fi, err := openFileIter(p)
		if err != nil {
			return store.WriteStats{}, err
		}
		defer fi.close()
		sources = append(sources, fi)
	}
	// The run still in memory came last: on equal keys the earlier wins.
	sources = append(sources, memIter{l.cur.iter()})
	s := l.s
	s.wmu.Lock()
	defer s.wmu.Unlock()

	var sk sink
	var fl *freshLoad // a small load's new records, kept for the reads that follow it
	if len(l.spills) == 0 && l.total <= l.batchLimit {
		sk = &batchSink{s: s, b: s.db.NewBatch()}
		if l.total <= freshMaxLoad {
			fl = newFreshLoad()
		}
	} else {
		sk = newSSTSink(s, l.tmp)
	}
	st, err := l.merge(sources, sk, fl)
	if err != nil {
		sk.abort()
		return store.WriteStats{}, err
	}
	if st.Statements == 0 && st.Records == 0 {
		sk.abort()
		return st, nil
	}
	// Before the write, so no reader sees a kept record the load changes.
	if fl != nil {
		s.fresh.drop(fl.touchedRecords())
	} else {
		s.fresh.clear() // a bulk load: not worth tracking what it touches
	}
	c, err := s.loadCounts()
	if err != nil {
		sk.abort()
		return store.WriteStats{}, err
	}
	c.Statements += int64(st.Statements)
	c.Records += int64(st.Records)
	have := map[string]bool{}
	for _, src := range c.Sources {
		have[src] = true
	}
	for src := range l.sources {
		if !have[src] {
			c.Sources = append(c.Sources, src)
		}
	}
	sort.Strings(c.Sources)
	if err := sk.commit(c); err != nil {
		return store.WriteStats{}, fmt.Errorf("loader: commit: %w", err)
	}
	if fl != nil {
		s.fresh.put(fl.kept())
	}
	return st, nil
}

// merge walks every run in key order and sends new keys to the sink.
// Whether a key is already stored is read with one iterator moving forward
// alongside the merge: keys past the store's last key (all of them, into a
// fresh store) cost a comparison, not a lookup.
func (l *loader) merge(sources []iterator, sk sink, fl *freshLoad) (store.WriteStats, error) {
	var st store.WriteStats
	h := mergeHeap{}
	for i, it := range sources {
		ok, err := it.next()
		if err != nil {
			return st, err
		}
		if ok {
			h.push(&mergeSrc{it: it, ord: i, e: it.cur()})
		}
	}
	ex, err := l.s.newExistence()
	if err != nil {
		return st, err
	}
	defer ex.close()
	var prev, val []byte
	n := 0
	for len(h) > 0 {
		top := h[0]
		e := top.e
		k := e.k
		if n++; n&8191 == 0 {
			if err := l.ctx.Err(); err != nil {
				return st, err
			}
		}
		if !bytes.Equal(k, prev) {
			prev = append(prev[:0], k...)
			switch k[0] {
			case pRecord, pBirth, pStatement:
				ok, err := ex.has(k)
				if err != nil {
					return st, err
				}
				if ok {
					if k[0] == pStatement {
						st.Skipped++
						fl.statement(k, nil, false)
					}
					break
				}
				v := e.value(l.dict, &val)
				if err := sk.set(k, v); err != nil {
					return st, err
				}
				switch k[0] {
				case pRecord:
					st.Records++
					fl.record(k[1:])
				case pStatement:
					st.Statements++
					fl.statement(k, v, true)
				}
			}
		} else if k[0] == pStatement {
			st.Skipped++
		}
		ok, err := top.it.next()
		if err != nil {
			return st, err
		}
		if ok {
			h.fix0()
		} else {
			h.pop0()
		}
	}
	return st, nil
}

type mergeSrc struct {
	it  iterator
	ord int
	e   *entry
}

func (a *mergeSrc) less(b *mergeSrc) bool {
	if c := bytes.Compare(a.e.k, b.e.k); c != 0 {
		return c < 0
	}
	return a.ord < b.ord
}

// mergeHeap is a binary min-heap of sources by current key.
type mergeHeap []*mergeSrc

func (h *mergeHeap) push(s *mergeSrc) {
	*h = append(*h, s)
	hh := *h
	for i := len(hh) - 1; i > 0; {
		p := (i - 1) / 2
		if !hh[i].less(hh[p]) {
			break
		}
		hh[i], hh[p] = hh[p], hh[i]
		i = p
	}
}

func (h mergeHeap) fix0() {
	i := 0
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r].less(h[l]) {
			m = r
		}
		if !h[m].less(h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

func (h *mergeHeap) pop0() {
	hh := *h
	last := len(hh) - 1
	hh[0] = hh[last]
	hh[last] = nil
	*h = hh[:last]
	h.fix0()
}

// existence answers "is this key stored?" for keys asked in increasing
// order, moving one iterator forward instead of a lookup per key.
type existence struct {
	it    *pebble.Iterator
	valid bool
	begun bool
}

func (s *Store) newExistence() (*existence, error) {
	it, err := s.db.NewIter(nil)
	if err != nil {
		return nil, err
	}
	return &existence{it: it}, nil
}

func (e *existence) has(k []byte) (bool, error) {
	if e.begun {
		if !e.valid {
			return false, nil // past the store's last key
		}
		// Re-ingesting, the next stored key is usually the one asked.
		for tries := 0; ; tries++ {
			c := bytes.Compare(e.it.Key(), k)
			if c >= 0 {
				return c == 0, nil
			}
			if tries == 2 {
				break
			}
			if e.valid = e.it.Next(); !e.valid {
				return false, e.it.Error()
			}
		}
	}
	e.begun = true
	if e.valid = e.it.SeekGE(k); !e.valid {
		return false, e.it.Error()
	}
	return bytes.Equal(e.it.Key(), k), nil
}

// value is the stored value of the key has last found; valid until the
// next call.
func (e *existence) value() ([]byte, error) { return e.it.ValueAndErr() }

func (e *existence) close() { e.it.Close() }

// ---- sinks ----

type sink interface {
	set(k, v []byte) error
	// commit makes everything visible together with the new counts.
	commit(c counts) error
	abort()
}

type batchSink struct {
	s *Store
	b *pebble.Batch
}

func (b *batchSink) set(k, v []byte) error { return b.b.Set(k, v, nil) }
func (b *batchSink) abort()                { b.b.Close() }

// commit writes the counts in the same batch as the data, so the two can
// never disagree.
func (b *batchSink) commit(c counts) error {
	defer b.b.Close()
	if err := b.s.putCounts(b.b, c); err != nil {
		return err
	}
	return b.b.Commit(b.s.sync)
}

// sstSink writes SSTables on a goroutine of its own, fed blocks of entries
// by the merge: building tables (compression, filters, checksums, writes)
// costs about as much as merging, and the two then share the cores.
type sstSink struct {
	s     *Store
	dir   string
	w     *sstable.Writer
	size  int64
	paths []string

	buf    []byte // entries being gathered: kind, uvarint klen, uvarint vlen, key, value
	blocks chan []byte
	free   chan []byte
	done   chan error
	err    error       // the writer's error, once it has stopped
	failed atomic.Bool // the writer has failed: stop feeding it
}

const sinkBlock = 1 << 20

func newSSTSink(s *Store, dir string) *sstSink {
	t := &sstSink{s: s, dir: dir, blocks: make(chan []byte, 4), free: make(chan []byte, 6), done: make(chan error, 1)}
	for range 6 {
		t.free <- make([]byte, 0, sinkBlock+4096)
	}
	t.buf = <-t.free
	blocks := t.blocks
	go func() {
		var err error
		for b := range blocks {
			if err == nil {
				if err = t.writeBlock(b); err != nil {
					t.failed.Store(true)
				}
			}
			t.free <- b[:0]
		}
		if err == nil {
			err = t.finish()
		}
		t.done <- err
	}()
	return t
}

func (t *sstSink) set(k, v []byte) error { return t.add(kindSet, k, v) }

// del writes a tombstone: it hides the key in the tables below those
// ingested.
func (t *sstSink) del(k []byte) error { return t.add(kindDel, k, nil) }

const (
	kindSet byte = iota
	kindDel
)

func (t *sstSink) add(kind byte, k, v []byte) error {
	t.buf = append(t.buf, kind)
	t.buf = binary.AppendUvarint(t.buf, uint64(len(k)))
	t.buf = binary.AppendUvarint(t.buf, uint64(len(v)))
	t.buf = append(t.buf, k...)
	t.buf = append(t.buf, v...)
	if len(t.buf) >= sinkBlock {
		return t.flush()
	}
	return nil
}

func (t *sstSink) flush() error {
	if len(t.buf) == 0 {
		return nil
	}
	if t.failed.Load() {
		return t.wait()
	}
	t.blocks <- t.buf
	t.buf = <-t.free
	return nil
}

func (t *sstSink) writeBlock(b []byte) error {
	for len(b) > 0 {
		kind := b[0]
		b = b[1:]
		kl, n := binary.Uvarint(b)
		b = b[n:]
		vl, n := binary.Uvarint(b)
		b = b[n:]
		k, v := b[:kl], b[kl:kl+vl]
		b = b[kl+vl:]
		if t.w == nil || t.size >= sstTargetSize {
			if err := t.finish(); err != nil {
				return err
			}
			path := filepath.Join(t.dir, fmt.Sprintf("ingest-%04d.sst", len(t.paths)))
			f, err := vfs.Default.Create(path, vfs.WriteCategoryUnspecified)
			if err != nil {
				return err
			}
			opts := t.s.db.FormatMajorVersion().MaxTableFormat()
			t.w = sstable.NewWriter(objstorageprovider.NewFileWritable(f), t.s.opts.MakeWriterOptions(6, opts))
			t.paths = append(t.paths, path)
			t.size = 0
		}
		t.size += int64(len(k) + len(v))
		var err error
		if kind == kindDel {
			err = t.w.Delete(k)
		} else {
			err = t.w.Set(k, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *sstSink) finish() error {
	if t.w == nil {
		return nil
	}
	err := t.w.Close() // syncs and closes the file
	t.w = nil
	return err
}

// wait ends the writer goroutine and returns its error.
func (t *sstSink) wait() error {
	if t.blocks == nil {
		return t.err
	}
	close(t.blocks)
	t.blocks = nil
	t.err = <-t.done
	return t.err
}

func (t *sstSink) abort() {
	t.buf = t.buf[:0]
	t.wait()
	if t.w != nil {
		t.w.Close()
		t.w = nil
	}
}

// close writes what is left and returns the tables written, in key order.
func (t *sstSink) close() ([]string, error) {
	if t.blocks != nil {
		if err := t.flush(); err != nil {
			return nil, err
		}
	}
	if err := t.wait(); err != nil {
		return nil, err
	}
	return t.paths, nil
}

func (t *sstSink) commit(c counts) error {
	paths, err := t.close()
	if err != nil {
		return err
	}
	s := t.s
	if err := s.db.Set(dirtyKey, nil, pebble.Sync); err != nil {
		return err
	}
	if err := s.db.Ingest(context.Background(), paths); err != nil {
		return err
	}
	b := s.db.NewBatch()
	defer b.Close()
	if err := s.putCounts(b, c); err != nil {
		return err
	}
	b.Delete(dirtyKey, nil)
	return b.Commit(s.sync)
}
