package embedded

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/objstorage/objstorageprovider"
	"github.com/cockroachdb/pebble/v2/sstable"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// The loader makes a bulk write atomic without holding it all in memory.
// Statements are buffered in sorted runs; full runs are spilled to files.
// Commit merges the runs in key order, drops what the store already has,
// and then either commits one batch (small loads) or writes sorted,
// non-overlapping SSTables and hands them to Pebble's Ingest, which adds
// them atomically. A crash before Ingest leaves only temporary files, which
// the next Open removes.
const (
	runBytes      = 96 << 20  // arena size before a run is spilled
	batchMaxBytes = 48 << 20  // loads up to this size commit as one batch
	sstTargetSize = 256 << 20 // SSTables are rolled at about this size
)

type entry struct {
	off        uint32
	klen, vlen uint32
}

type run struct {
	arena []byte
	ents  []entry
}

func (r *run) key(i int) []byte {
	e := r.ents[i]
	return r.arena[e.off : e.off+e.klen]
}

func (r *run) val(i int) []byte {
	e := r.ents[i]
	return r.arena[e.off+e.klen : e.off+e.klen+e.vlen]
}

func (r *run) sort() {
	slices.SortStableFunc(r.ents, func(a, b entry) int {
		return bytes.Compare(r.arena[a.off:a.off+a.klen], r.arena[b.off:b.off+b.klen])
	})
}

type loader struct {
	s       *Store
	ctx     context.Context
	tmp     string
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
	return &loader{s: s, ctx: ctx, tmp: tmp, cur: &run{}, sources: map[string]bool{},
		spilled: make(chan error, 1), now: time.Now().UTC(), runLimit: runBytes, batchLimit: batchMaxBytes}, nil
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
	id, err := decodeID(st.ID)
	if err != nil {
		return err
	}
	if st.Record != l.lastRec {
		l.lastRec = st.Record
		l.put(recordKey(st.Record), encodeRecordInfo(st.Schema, st.Source, l.now))
		l.put(append([]byte{pBirth}, store.EntityID(st.Record)...), []byte(st.Record))
		l.sources[st.Source] = true
	}
	l.scratch = stmtKey(l.scratch[:0], st.Record, id)
	klen := len(l.scratch)
	l.scratch = encodeStatement(l.scratch, st)
	l.put(l.scratch[:klen], l.scratch[klen:])
	if int64(len(l.cur.arena)) >= l.runLimit {
		return l.spill()
	}
	return nil
}

func (l *loader) put(k, v []byte) {
	r := l.cur
	off := len(r.arena)
	r.arena = append(r.arena, k...)
	r.arena = append(r.arena, v...)
	r.ents = append(r.ents, entry{off: uint32(off), klen: uint32(len(k)), vlen: uint32(len(v))})
	l.total += int64(len(k) + len(v))
}

// spill sorts and writes the current run in the background while Add goes
// on filling a new one; at most one spill is in flight.
func (l *loader) spill() error {
	if err := l.waitSpill(); err != nil {
		return err
	}
	r := l.cur
	l.cur = &run{arena: make([]byte, 0, l.runLimit+(1<<20)), ents: make([]entry, 0, len(r.ents))}
	path := filepath.Join(l.tmp, fmt.Sprintf("run-%04d", len(l.spills)))
	l.spills = append(l.spills, path)
	l.busy = true
	go func() { l.spilled <- writeRun(path, r) }()
	return nil
}

func (l *loader) waitSpill() error {
	if !l.busy {
		return nil
	}
	l.busy = false
	return <-l.spilled
}

func writeRun(path string, r *run) error {
	r.sort()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var hdr [2 * binary.MaxVarintLen32]byte
	for i := range r.ents {
		n := binary.PutUvarint(hdr[:], uint64(r.ents[i].klen))
		n += binary.PutUvarint(hdr[n:], uint64(r.ents[i].vlen))
		w.Write(hdr[:n])
		w.Write(r.key(i))
		if _, err := w.Write(r.val(i)); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (l *loader) Abort() error {
	if l.done {
		return nil
	}
	l.done = true
	l.waitSpill()
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
	l.cur.sort()
	var sources []iterator
	sources = append(sources, &memIter{r: l.cur, i: -1})
	for _, p := range l.spills {
		fi, err := openFileIter(p)
		if err != nil {
			return store.WriteStats{}, err
		}
		defer fi.close()
		sources = append(sources, fi)
	}
	s := l.s
	s.wmu.Lock()
	defer s.wmu.Unlock()

	var sk sink
	if len(l.spills) == 0 && l.total <= l.batchLimit {
		sk = &batchSink{s: s, b: s.db.NewBatch()}
	} else {
		sk = &sstSink{s: s, dir: l.tmp}
	}
	st, err := l.merge(sources, sk)
	if err != nil {
		sk.abort()
		return store.WriteStats{}, err
	}
	if st.Statements == 0 && st.Records == 0 {
		sk.abort()
		return st, nil
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
	return st, nil
}

// merge walks every run in key order and sends new keys to the sink.
func (l *loader) merge(sources []iterator, sk sink) (store.WriteStats, error) {
	var st store.WriteStats
	h := &iterHeap{}
	for _, it := range sources {
		ok, err := it.next()
		if err != nil {
			return st, err
		}
		if ok {
			heap.Push(h, it)
		}
	}
	var prev []byte
	existing := map[string]bool{} // records already in the store
	n := 0
	for h.Len() > 0 {
		it := (*h)[0]
		k, v := it.key(), it.val()
		if n++; n&8191 == 0 {
			if err := l.ctx.Err(); err != nil {
				return st, err
			}
		}
		if !bytes.Equal(k, prev) {
			prev = append(prev[:0], k...)
			switch k[0] {
			case pRecord:
				ok, err := l.s.has(k)
				if err != nil {
					return st, err
				}
				if ok {
					existing[string(k[1:])] = true
				} else {
					if err := sk.set(k, v); err != nil {
						return st, err
					}
					st.Records++
				}
			case pBirth:
				// Written with its record; harmless to rewrite.
				if err := sk.set(k, v); err != nil {
					return st, err
				}
			case pStatement:
				rec := string(k[1 : len(k)-17])
				isNew := true
				if existing[rec] {
					ok, err := l.s.has(k)
					if err != nil {
						return st, err
					}
					isNew = !ok
				}
				if isNew {
					if err := sk.set(k, v); err != nil {
						return st, err
					}
					st.Statements++
				} else {
					st.Skipped++
				}
			}
		} else if k[0] == pStatement {
			st.Skipped++
		}
		ok, err := it.next()
		if err != nil {
			return st, err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return st, nil
}

// ---- run iterators ----

type iterator interface {
	next() (bool, error)
	key() []byte
	val() []byte
}

type memIter struct {
	r *run
	i int
}

func (m *memIter) next() (bool, error) { m.i++; return m.i < len(m.r.ents), nil }
func (m *memIter) key() []byte         { return m.r.key(m.i) }
func (m *memIter) val() []byte         { return m.r.val(m.i) }

type fileIter struct {
	f    *os.File
	r    *bufio.Reader
	k, v []byte
}

func openFileIter(path string) (*fileIter, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &fileIter{f: f, r: bufio.NewReaderSize(f, 1<<20)}, nil
}

func (fi *fileIter) next() (bool, error) {
	kl, err := binary.ReadUvarint(fi.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	vl, err := binary.ReadUvarint(fi.r)
	if err != nil {
		return false, err
	}
	fi.k = append(fi.k[:0], make([]byte, kl)...)
	if _, err := io.ReadFull(fi.r, fi.k); err != nil {
		return false, err
	}
	fi.v = append(fi.v[:0], make([]byte, vl)...)
	if _, err := io.ReadFull(fi.r, fi.v); err != nil {
		return false, err
	}
	return true, nil
}
func (fi *fileIter) key() []byte { return fi.k }
func (fi *fileIter) val() []byte { return fi.v }
func (fi *fileIter) close()      { fi.f.Close() }

type iterHeap []iterator

func (h iterHeap) Len() int           { return len(h) }
func (h iterHeap) Less(i, j int) bool { return bytes.Compare(h[i].key(), h[j].key()) < 0 }
func (h iterHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *iterHeap) Push(x any)        { *h = append(*h, x.(iterator)) }
func (h *iterHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

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

type sstSink struct {
	s     *Store
	dir   string
	w     *sstable.Writer
	f     vfs.File
	size  int64
	paths []string
}

func (t *sstSink) set(k, v []byte) error {
	if t.w == nil || t.size >= sstTargetSize {
		if err := t.finish(); err != nil {
			return err
		}
		path := filepath.Join(t.dir, fmt.Sprintf("ingest-%04d.sst", len(t.paths)))
		f, err := vfs.Default.Create(path, vfs.WriteCategoryUnspecified)
		if err != nil {
			return err
		}
		t.f = f
		opts := t.s.db.FormatMajorVersion().MaxTableFormat()
		t.w = sstable.NewWriter(objstorageprovider.NewFileWritable(f), t.s.opts.MakeWriterOptions(6, opts))
		t.paths = append(t.paths, path)
		t.size = 0
	}
	t.size += int64(len(k) + len(v))
	return t.w.Set(k, v)
}

func (t *sstSink) finish() error {
	if t.w == nil {
		return nil
	}
	err := t.w.Close() // syncs and closes the file
	t.w = nil
	return err
}

func (t *sstSink) abort() {
	if t.w != nil {
		t.w.Close()
		t.w = nil
	}
}

func (t *sstSink) commit(c counts) error {
	if err := t.finish(); err != nil {
		return err
	}
	s := t.s
	if err := s.db.Set(dirtyKey, nil, pebble.Sync); err != nil {
		return err
	}
	if err := s.db.Ingest(context.Background(), t.paths); err != nil {
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
