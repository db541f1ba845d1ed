// Package embedded is Mosaic's default store: one directory, no server,
// built on Pebble (an LSM key-value store).
//
// Pebble was chosen by benchmark over SQLite (modernc.org/sqlite, pure Go)
// and bbolt for the write pattern that dominates: millions of statements
// keyed by content hash. Writing 1M statements with an existence check took
// 1.9 s in Pebble, 3.5 s in bbolt and 38 s in SQLite on the 2-core machine
// (see bench_test.go and docs/storage.md).
package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// Store is the embedded Backend.
type Store struct {
	db   *pebble.DB
	opts *pebble.Options
	dir  string
	sync *pebble.WriteOptions

	// wmu serialises writers: counts are read-modify-write and the loader's
	// existence checks must not race another writer.
	wmu sync.Mutex

	fresh *fresh // statements of records recent small loads created
}

var _ store.Backend = (*Store)(nil)

// Options tune the engine; the zero value is right for most uses.
type Options struct {
	// CacheBytes is the block cache size (default 256 MiB).
	CacheBytes int64
	// NoSync skips fsync on commit (tests and benchmarks only).
	NoSync bool
}

// Open opens or creates the store in dir.
func Open(dir string, o Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	cache := o.CacheBytes
	if cache == 0 {
		cache = 256 << 20
	}
	c := pebble.NewCache(cache)
	defer c.Unref()
	opts := &pebble.Options{
		Cache:                       c,
		MemTableSize:                64 << 20,
		MemTableStopWritesThreshold: 4,
		L0CompactionThreshold:       4,
		L0StopWritesThreshold:       24,
		CompactionConcurrencyRange:  func() (int, int) { return 1, 2 },
		Logger:                      quietLogger{},
	}
	opts.EnsureDefaults()
	for i := range opts.Levels {
		opts.Levels[i].BlockSize = 32 << 10
		opts.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
	}
	db, err := pebble.Open(filepath.Join(dir, "pebble"), opts)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	// Leftovers of a loader that crashed before Ingest: never part of the store.
	os.RemoveAll(filepath.Join(dir, "tmp"))
	s := &Store{db: db, opts: opts, dir: dir, sync: pebble.Sync, fresh: newFresh()}
	if o.NoSync {
		s.sync = pebble.NoSync
	}
	if err := s.repairCounts(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close flushes and closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

func (s *Store) has(key []byte) (bool, error) {
	_, closer, err := s.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	closer.Close()
	return true, nil
}

func (s *Store) get(key []byte) ([]byte, error) {
	v, closer, err := s.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	out := append([]byte(nil), v...)
	closer.Close()
	return out, nil
}

// scan iterates keys with prefix p.
func (s *Store) scan(ctx context.Context, p []byte, fn func(k, v []byte) error) error {
	it, err := s.db.NewIterWithContext(ctx, &pebble.IterOptions{LowerBound: p, UpperBound: upperBound(p)})
	if err != nil {
		return err
	}
	err = visit(ctx, it, p, fn)
	if cerr := it.Close(); err == nil {
		err = cerr
	}
	return err
}

// visit calls fn for the keys with prefix p, seeking it there.
func visit(ctx context.Context, it *pebble.Iterator, p []byte, fn func(k, v []byte) error) error {
	n := 0
	for ok := it.SeekGE(p); ok && bytes.HasPrefix(it.Key(), p); ok = it.Next() {
		if n++; n&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		v, err := it.ValueAndErr()
		if err != nil {
			return err
		}
		if err := fn(it.Key(), v); err != nil {
			return err
		}
	}
	return it.Error()
}

// ---- statements: reads ----

// ScanStatements implements store.Backend.
func (s *Store) ScanStatements(ctx context.Context, fn func(*model.Statement) error) error {
	var st model.Statement
	return s.scan(ctx, []byte{pStatement}, func(k, v []byte) error {
		if err := decodeStatement(&st, k, v); err != nil {
			return fmt.Errorf("statement %q: %w", k, err)
		}
		return fn(&st)
	})
}

// ScanStatementsLean implements store.LeanScanner.
func (s *Store) ScanStatementsLean(ctx context.Context, fn func(*model.Statement) error) error {
	var st model.Statement
	return s.scan(ctx, []byte{pStatement}, func(k, v []byte) error {
		if err := decodeStatementAs(&st, k, v, true); err != nil {
			return fmt.Errorf("statement %q: %w", k, err)
		}
		return fn(&st)
	})
}

// RecordStatements implements store.Backend.
func (s *Store) RecordStatements(ctx context.Context, record string) ([]model.Statement, error) {
	return s.StatementsOf(ctx, []string{record})
}

// StatementsOf implements store.Backend with one iterator for all the
// records: an entity's members are read together, and an iterator costs
// more to open than a seek within it.
func (s *Store) StatementsOf(ctx context.Context, records []string) ([]model.Statement, error) {
	sorted := sortedSet(records)
	// Records a recent load created come from what it wrote (see fresh).
	var kept [][]byte
	rest := sorted[:0] // filtered in place
	for _, r := range sorted {
		if b, ok := s.fresh.get(r); ok {
			kept = append(kept, b)
		} else {
			rest = append(rest, r)
		}
	}
	read, err := s.readStatements(ctx, rest)
	if err != nil || len(kept) == 0 {
		return read, err
	}
	var fromFresh []model.Statement
	for _, b := range kept {
		if err := eachFresh(b, appendDecoded(&fromFresh)); err != nil {
			return nil, err
		}
	}
	return mergeByRecord(read, fromFresh), nil
}

// mergeByRecord merges two lists of statements, each ordered by record,
// with no record in both.
func mergeByRecord(a, b []model.Statement) []model.Statement {
	out := make([]model.Statement, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		ra := a[0].Record
		if ra < b[0].Record {
			for len(a) > 0 && a[0].Record == ra {
				out, a = append(out, a[0]), a[1:]
			}
		} else {
			rb := b[0].Record
			for len(b) > 0 && b[0].Record == rb {
				out, b = append(out, b[0]), b[1:]
			}
		}
	}
	return append(append(out, a...), b...)
}

// readStatements reads sorted records' statements from the tree.
func (s *Store) readStatements(ctx context.Context, sorted []string) ([]model.Statement, error) {
	// Many records (an incremental run's batch) are read in parts on every
	// core: each seek lands in a block of its own, to be read and
	// decompressed, and one goroutine left the other cores idle.
	parts := min(runtime.GOMAXPROCS(0), len(sorted)/recordsPerReader)
	if parts <= 1 {
		return s.statementsOf(ctx, sorted)
	}
	outs := make([][]model.Statement, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = s.statementsOf(ctx, sorted[i*len(sorted)/parts:(i+1)*len(sorted)/parts])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.Concat(outs...), nil
}

// recordsPerReader is the fewest records StatementsOf gives a goroutine
// of its own: below it, starting one costs more than it saves. A
// server's request (an entity's members, a page of hits) rarely reaches
// it, so requests keep to the goroutine the admission queue counted.
const recordsPerReader = 128

func (s *Store) statementsOf(ctx context.Context, records []string) ([]model.Statement, error) {
	var out []model.Statement
	err := s.seekSorted(ctx, pStatement, records, appendDecoded(&out))
	return out, err
}

// appendDecoded decodes each statement it is given onto out.
func appendDecoded(out *[]model.Statement) func(k, v []byte) error {
	return func(k, v []byte) error {
		var st model.Statement
		if err := decodeStatement(&st, k, v); err != nil {
			return err
		}
		*out = append(*out, st)
		return nil
	}
}

// seekEach visits, for each of ids in sorted order, the keys under the
// prefix p+id+0, with one iterator.
func (s *Store) seekEach(ctx context.Context, p byte, ids []string, fn func(k, v []byte) error) error {
	return s.seekSorted(ctx, p, sortedSet(ids), fn)
}

// seekSorted is seekEach for ids sorted and without repeats.
func (s *Store) seekSorted(ctx context.Context, p byte, sorted []string, fn func(k, v []byte) error) error {
	if len(sorted) == 0 {
		return nil
	}
	it, err := s.db.NewIterWithContext(ctx, &pebble.IterOptions{
		LowerBound: prefixOf(p, sorted[0]), UpperBound: upperBound(prefixOf(p, sorted[len(sorted)-1]))})
	if err != nil {
		return err
	}
	for _, id := range sorted {
		if err = visit(ctx, it, prefixOf(p, id), fn); err != nil {
			break
		}
	}
	if cerr := it.Close(); err == nil {
		err = cerr
	}
	return err
}

// sortedSet is ids sorted, without repeats, in a copy.
func sortedSet(ids []string) []string {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	return slices.Compact(sorted)
}

// recordInfo values: schema, source, created (unix seconds).
func encodeRecordInfo(schema, source string, created time.Time) []byte {
	b := appendStr(nil, schema)
	b = appendStr(b, source)
	return appendTime(b, created)
}

func decodeRecordInfo(id string, v []byte) store.RecordInfo {
	d := decoder{b: v, ok: true}
	ri := store.RecordInfo{ID: id, Schema: d.str(), Source: d.str()}
	ri.Created = d.time()
	return ri
}

// Record implements store.Backend.
func (s *Store) Record(ctx context.Context, record string) (store.RecordInfo, error) {
	v, err := s.get(recordKey(record))
	if err != nil {
		return store.RecordInfo{}, err
	}
	return decodeRecordInfo(record, v), nil
}

// RecordByEntityID implements store.Backend.
func (s *Store) RecordByEntityID(ctx context.Context, id string) (string, error) {
	v, err := s.get(append([]byte{pBirth}, id...))
	if err != nil {
		return "", err
	}
	return string(v), nil
}

// ScanRecords implements store.Backend.
func (s *Store) ScanRecords(ctx context.Context, fn func(store.RecordInfo) error) error {
	return s.scan(ctx, []byte{pRecord}, func(k, v []byte) error {
		return fn(decodeRecordInfo(string(k[1:]), v))
	})
}

// ---- statements: writes ----

// WriteStatements implements store.Backend.
func (s *Store) WriteStatements(ctx context.Context, stmts []model.Statement) (store.WriteStats, error) {
	l, err := s.NewLoader(ctx)
	if err != nil {
		return store.WriteStats{}, err
	}
	for i := range stmts {
		if err := l.Add(&stmts[i]); err != nil {
			l.Abort()
			return store.WriteStats{}, err
		}
	}
	return l.Commit()
}

// DeleteStatements implements store.Backend. A record whose last statement
// goes is removed too.
func (s *Store) DeleteStatements(ctx context.Context, keys []store.StatementKey) (int, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	b := s.db.NewBatch()
	defer b.Close()
	n := 0
	touched := map[string]bool{}
	deleted := map[string]bool{}
	recs := make([]string, len(keys))
	for i, k := range keys {
		recs[i] = k.Record
	}
	s.fresh.drop(recs)
	for _, k := range keys {
		id, err := decodeID(k.ID)
		if err != nil {
			return 0, err
		}
		key := stmtKey(nil, k.Record, id)
		ok, err := s.has(key)
		if err != nil {
			return 0, err
		}
		if !ok {
			continue
		}
		if err := b.Delete(key, nil); err != nil {
			return 0, err
		}
		touched[k.Record] = true
		deleted[string(key)] = true
		n++
	}
	removedRecords := 0
	for rec := range touched {
		left := false
		err := s.scan(ctx, stmtPrefix(rec), func(k, v []byte) error {
			if !deleted[string(k)] {
				left = true
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return 0, err
		}
		if !left {
			if err := b.Delete(recordKey(rec), nil); err != nil {
				return 0, err
			}
			b.Delete(append([]byte{pBirth}, store.EntityID(rec)...), nil)
			removedRecords++
		}
	}
	c, err := s.loadCounts()
	if err != nil {
		return 0, err
	}
	c.Statements -= int64(n)
	c.Records -= int64(removedRecords)
	if err := s.putCounts(b, c); err != nil {
		return 0, err
	}
	return n, b.Commit(s.sync)
}

var errStop = errors.New("stop")

// ---- counts ----

type counts struct {
	Statements int64    `json:"statements"`
	Records    int64    `json:"records"`
	Sources    []string `json:"sources"`
}

var (
	countsKey = []byte{pMeta, 'c', 'o', 'u', 'n', 't', 's'}
	dirtyKey  = []byte{pMeta, 'd', 'i', 'r', 't', 'y'}
)

func (s *Store) loadCounts() (counts, error) {
	var c counts
	v, err := s.get(countsKey)
	if errors.Is(err, store.ErrNotFound) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	return c, json.Unmarshal(v, &c)
}

func (s *Store) putCounts(b *pebble.Batch, c counts) error {
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return b.Set(countsKey, v, nil)
}

// repairCounts recounts after a crash between a bulk ingest and its counts
// update (the dirty marker is set before ingest and cleared with the counts).
func (s *Store) repairCounts() error {
	dirty, err := s.has(dirtyKey)
	if err != nil || !dirty {
		return err
	}
	var c counts
	srcs := map[string]bool{}
	ctx := context.Background()
	if err := s.scan(ctx, []byte{pStatement}, func(k, v []byte) error {
		c.Statements++
		return nil
	}); err != nil {
		return err
	}
	if err := s.ScanRecords(ctx, func(ri store.RecordInfo) error {
		c.Records++
		srcs[ri.Source] = true
		return nil
	}); err != nil {
		return err
	}
	for src := range srcs {
		c.Sources = append(c.Sources, src)
	}
	b := s.db.NewBatch()
	defer b.Close()
	if err := s.putCounts(b, c); err != nil {
		return err
	}
	if err := b.Delete(dirtyKey, nil); err != nil {
		return err
	}
	return b.Commit(s.sync)
}

// Counts implements store.Backend.
func (s *Store) Counts(ctx context.Context) (store.Counts, error) {
	c, err := s.loadCounts()
	if err != nil {
		return store.Counts{}, err
	}
	out := store.Counts{Statements: c.Statements, Records: c.Records, Sources: int64(len(c.Sources))}
	// Entities: distinct assigned entities plus records not yet resolved.
	var assigned, entities int64
	var last []byte
	err = s.scan(ctx, []byte{pEntity}, func(k, v []byte) error {
		assigned++
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			return nil
		}
		if !bytes.Equal(k[:i], last) {
			entities++
			last = append(last[:0], k[:i]...)
		}
		return nil
	})
	if err != nil {
		return store.Counts{}, err
	}
	out.Entities = entities + max(0, c.Records-assigned)
	return out, nil
}

// ---- judgements ----

func encodeJudgement(j *store.Judgement) []byte { return appendJudgement(nil, j) }

func appendJudgement(b []byte, j *store.Judgement) []byte {
	b = append(b, byte(j.Verdict))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(j.Score))
	b = appendStr(b, string(j.Features))
	b = appendStr(b, j.Label)
	b = appendStr(b, j.By)
	b = appendStr(b, j.Reason)
	return appendTime(b, j.At)
}

func decodeJudgement(j *store.Judgement, k, v []byte) error {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(v) < 9 {
		return errors.New("corrupt judgement")
	}
	j.A, j.B = string(k[1:i]), string(k[i+1:])
	j.Verdict = store.Verdict(v[0])
	j.Score = math.Float64frombits(binary.LittleEndian.Uint64(v[1:9]))
	d := decoder{b: v[9:], ok: true}
	j.Features = []byte(d.str())
	j.Label = d.str()
	j.By = d.str()
	j.Reason = d.str()
	j.At = d.time()
	if !d.ok {
		return errors.New("corrupt judgement")
	}
	return nil
}

// analystJudged reports whether the stored judgement v (under key) is an
// analyst's, which no machine judgement may replace or delete.
func analystJudged(key, v []byte) bool {
	var j store.Judgement
	return decodeJudgement(&j, key, v) == nil && j.IsAnalyst()
}

// batchBytesPerItem sizes a write batch up front: about what one
// judgement or one assignment (two or three keys) takes in it.
const batchBytesPerItem = 192

// pointLookups is the most keys a write checks one by one rather than
// with one iterator moving forward (see lookups).
const pointLookups = 8192

// lookups returns a reader of the stored values of n keys that will be
// asked in increasing order; the value is valid until the next call, and
// done releases the reader. Many keys (a batch run's) are read by one
// iterator moving forward. A few (an incremental run's) land all over the
// key space and are mostly absent: each is a prefix seek that the bloom
// filters answer (see probe).
func (s *Store) lookups(n int) (get func(key []byte) ([]byte, bool, error), done func(), err error) {
	if n <= pointLookups {
		p, err := s.newProbe()
		if err != nil {
			return nil, nil, err
		}
		return p.get, p.close, nil
	}
	ex, err := s.newExistence()
	if err != nil {
		return nil, nil, err
	}
	return func(key []byte) ([]byte, bool, error) {
		found, err := ex.has(key)
		if !found || err != nil {
			return nil, false, err
		}
		v, err := ex.value()
		return v, err == nil, err
	}, ex.close, nil
}

// probe reads single keys that are usually absent (a new record's
// cluster, a new pair's judgement). Pebble's Get skips the bloom filters
// of the bottom level, where nearly all data lives after a load or a
// batch run, so every absent key cost a data block read and decompressed;
// a prefix seek asked to use them answers from the filter. The default
// comparer's prefix is the whole key, so the filters hold whole keys.
type probe struct{ it *pebble.Iterator }

func (s *Store) newProbe() (*probe, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{UseL6Filters: true})
	if err != nil {
		return nil, err
	}
	return &probe{it: it}, nil
}

// get returns key's value, valid until the next call.
func (p *probe) get(key []byte) ([]byte, bool, error) {
	if !p.it.SeekPrefixGE(key) || !bytes.Equal(p.it.Key(), key) {
		return nil, false, p.it.Error()
	}
	v, err := p.it.ValueAndErr()
	return v, err == nil, err
}

func (p *probe) close() { p.it.Close() }

// PutJudgements implements store.Backend.
func (s *Store) PutJudgements(ctx context.Context, js []store.Judgement) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	// Keys are visited in order so that one iterator answers "is an
	// analyst's judgement stored for this pair?" for all of them (a batch
	// run writes millions); the sort is stable so that, for one pair, the
	// caller's order still decides.
	keys := make([][]byte, len(js))
	order := make([]int, len(js))
	for i := range js {
		a, b := store.OrderPair(js[i].A, js[i].B)
		keys[i] = pairKey(pJudgement, a, b)
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return bytes.Compare(keys[x], keys[y]) })
	stored, done, err := s.lookups(len(js))
	if err != nil {
		return err
	}
	defer done()
	b := s.db.NewBatchWithSize(len(js) * batchBytesPerItem) // grown by doubling, a large batch was copied over and over
	defer b.Close()
	analyst := map[[2]string]bool{} // analyst judgements earlier in this call
	for _, i := range order {
		j := js[i]
		j.A, j.B = store.OrderPair(j.A, j.B)
		key := keys[i]
		if j.IsAnalyst() {
			analyst[[2]string{j.A, j.B}] = true
		} else {
			// An analyst's decision survives every machine re-run, including
			// one written earlier in the same call.
			if analyst[[2]string{j.A, j.B}] {
				continue
			}
			old, found, err := stored(key)
			if err != nil {
				return err
			}
			if found && analystJudged(key, old) {
				continue
			}
		}
		if err := b.Set(key, encodeJudgement(&j), nil); err != nil {
			return err
		}
		if err := b.Set(pairKey(pJudgeRev, j.B, j.A), nil, nil); err != nil {
			return err
		}
	}
	return b.Commit(s.sync)
}

// PutSortedJudgements implements store.SortedJudgementWriter: the
// judgements go into tables of their own, ingested in one step (see
// tables), and the reverse index is sorted apart and ingested with them.
func (s *Store) PutSortedJudgements(ctx context.Context, seq iter.Seq[*store.Judgement]) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	t, err := s.newTables(2)
	if err != nil {
		return err
	}
	defer t.abort()
	fwd, rev := t.sinks[0], t.sinks[1]
	// One iterator moving forward answers "is an analyst's judgement
	// stored for this pair?": the pairs come in key order.
	ex, err := s.newExistence()
	if err != nil {
		return err
	}
	defer ex.close()
	var revs keyList
	var key, last, val, rkey []byte
	n := 0
	for j := range seq {
		if j.A >= j.B {
			return fmt.Errorf("judgement %s/%s: the pair is not ordered", j.A, j.B)
		}
		key = appendPairKey(key[:0], pJudgement, j.A, j.B)
		if n > 0 && bytes.Compare(key, last) <= 0 {
			return fmt.Errorf("judgement %s/%s: out of key order", j.A, j.B)
		}
		last = append(last[:0], key...)
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if !j.IsAnalyst() {
			found, err := ex.has(key)
			if err != nil {
				return err
			}
			if found {
				old, err := ex.value()
				if err != nil {
					return err
				}
				if analystJudged(key, old) {
					continue
				}
			}
		}
		val = appendJudgement(val[:0], j)
		if err := fwd.set(key, val); err != nil {
			return err
		}
		rkey = appendPairKey(rkey[:0], pJudgeRev, j.B, j.A)
		if err := revs.add(kindSet, rkey, nil); err != nil {
			return err
		}
	}
	if err := revs.writeTo(rev); err != nil {
		return err
	}
	return t.ingest(ctx)
}

// DeleteJudgements implements store.Backend; analyst judgements are kept.
func (s *Store) DeleteJudgements(ctx context.Context, pairs [][2]string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	b := s.db.NewBatch()
	defer b.Close()
	for _, p := range pairs {
		a, bb := store.OrderPair(p[0], p[1])
		key := pairKey(pJudgement, a, bb)
		old, err := s.get(key)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if analystJudged(key, old) {
			continue
		}
		b.Delete(key, nil)
		b.Delete(pairKey(pJudgeRev, bb, a), nil)
	}
	return b.Commit(s.sync)
}

// ScanJudgements implements store.Backend.
func (s *Store) ScanJudgements(ctx context.Context, fn func(*store.Judgement) error) error {
	var j store.Judgement
	return s.scan(ctx, []byte{pJudgement}, func(k, v []byte) error {
		if err := decodeJudgement(&j, k, v); err != nil {
			return err
		}
		return fn(&j)
	})
}

// RecordJudgements implements store.Backend.
func (s *Store) RecordJudgements(ctx context.Context, record string) ([]store.Judgement, error) {
	var out []store.Judgement
	err := s.scan(ctx, prefixOf(pJudgement, record), func(k, v []byte) error {
		var j store.Judgement
		if err := decodeJudgement(&j, k, v); err != nil {
			return err
		}
		out = append(out, j)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var others []string
	err = s.scan(ctx, prefixOf(pJudgeRev, record), func(k, v []byte) error {
		others = append(others, string(k[len(record)+2:]))
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, a := range others {
		key := pairKey(pJudgement, a, record)
		v, err := s.get(key)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var j store.Judgement
		if err := decodeJudgement(&j, key, v); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}

// JudgementsAmong implements store.Backend. A pair is stored under its
// first record, so the forward keys of the members hold every pair among
// them: no reverse index is needed.
func (s *Store) JudgementsAmong(ctx context.Context, records []string) ([]store.Judgement, error) {
	in := make(map[string]bool, len(records))
	for _, r := range records {
		in[r] = true
	}
	var out []store.Judgement
	err := s.seekEach(ctx, pJudgement, records, func(k, v []byte) error {
		i := bytes.IndexByte(k, 0)
		if i < 0 || !in[string(k[i+1:])] {
			return nil
		}
		var j store.Judgement
		if err := decodeJudgement(&j, k, v); err != nil {
			return err
		}
		out = append(out, j)
		return nil
	})
	return out, err
}

// ---- clusters ----

var seqKey = []byte{pMeta, 's', 'e', 'q'}

// ApplyClusters implements store.Backend.
func (s *Store) ApplyClusters(ctx context.Context, assign []store.Assignment, events []store.HistoryEvent) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	assign = slices.Clone(lastAssignments(assign))
	// In key order, so one iterator reads every record's current entity.
	slices.SortFunc(assign, func(x, y store.Assignment) int { return strings.Compare(x.Record, y.Record) })
	if len(assign) > pointLookups {
		return s.applyClustersTables(ctx, assign, events)
	}
	// A few records (an incremental run's): one batch, and a probe per
	// record, which the bloom filters answer for records never assigned.
	p, err := s.newProbe()
	if err != nil {
		return err
	}
	defer p.close()
	b := s.db.NewBatchWithSize(len(assign) * batchBytesPerItem)
	defer b.Close()
	for _, a := range assign {
		ck := append([]byte{pCluster}, a.Record...)
		old, _, err := p.get(ck)
		if err != nil {
			return err
		}
		if string(old) == a.Entity {
			continue
		}
		if old != nil {
			b.Delete(pairKey(pEntity, string(old), a.Record), nil)
		}
		b.Set(ck, []byte(a.Entity), nil)
		b.Set(pairKey(pEntity, a.Entity, a.Record), nil, nil)
	}
	if err := s.appendHistory(b, events); err != nil {
		return err
	}
	return b.Commit(s.sync)
}

// applyClustersTables is ApplyClusters for many assignments (a batch
// run's), sorted by record: the record → entity keys, the entity index
// (new entries and tombstones of the old), the history and its sequence
// number go into tables ingested in one step (see tables).
func (s *Store) applyClustersTables(ctx context.Context, assign []store.Assignment, events []store.HistoryEvent) error {
	t, err := s.newTables(4)
	if err != nil {
		return err
	}
	defer t.abort()
	sinks := t.sinks // records, entity index, history, sequence number
	ex, err := s.newExistence()
	if err != nil {
		return err
	}
	defer ex.close()
	var index keyList
	var ck, ek []byte
	for i, a := range assign {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		ck = append(append(ck[:0], pCluster), a.Record...)
		found, err := ex.has(ck)
		if err != nil {
			return err
		}
		if found {
			old, err := ex.value()
			if err != nil {
				return err
			}
			if string(old) == a.Entity {
				continue
			}
			ek = appendPairKey(ek[:0], pEntity, string(old), a.Record)
			if err := index.add(kindDel, ek, nil); err != nil {
				return err
			}
		}
		ek = appendPairKey(ek[:0], pEntity, a.Entity, a.Record)
		if err := index.add(kindSet, ek, nil); err != nil {
			return err
		}
		if err := sinks[0].set(ck, []byte(a.Entity)); err != nil {
			return err
		}
	}
	if err := index.writeTo(sinks[1]); err != nil {
		return err
	}
	if len(events) > 0 {
		var history keyList
		seq, err := s.numberHistory(events, func(k, v []byte) error { return history.add(kindSet, k, v) })
		if err != nil {
			return err
		}
		if err := history.writeTo(sinks[2]); err != nil {
			return err
		}
		if err := sinks[3].set(seqKey, binary.BigEndian.AppendUint64(nil, uint64(seq))); err != nil {
			return err
		}
	}
	return t.ingest(ctx)
}

// lastAssignments keeps, for each record, only its last assignment: a
// caller may move a record twice in one call (an incremental run that
// reclusters a component more than once), and the final place must win.
func lastAssignments(assign []store.Assignment) []store.Assignment {
	last := make(map[string]int, len(assign))
	for i, a := range assign {
		last[a.Record] = i
	}
	if len(last) == len(assign) {
		return assign
	}
	out := make([]store.Assignment, 0, len(last))
	for i, a := range assign {
		if last[a.Record] == i {
			out = append(out, a)
		}
	}
	return out
}

func (s *Store) appendHistory(b *pebble.Batch, events []store.HistoryEvent) error {
	if len(events) == 0 {
		return nil
	}
	seq, err := s.numberHistory(events, func(k, v []byte) error { return b.Set(k, v, nil) })
	if err != nil {
		return err
	}
	return b.Set(seqKey, binary.BigEndian.AppendUint64(nil, uint64(seq)), nil)
}

// numberHistory numbers events on from the last stored one, passes each
// one's key and body to put in order, and returns the last number, which
// the caller stores under seqKey with them.
func (s *Store) numberHistory(events []store.HistoryEvent, put func(k, v []byte) error) (int64, error) {
	var seq int64
	if v, err := s.get(seqKey); err == nil && len(v) == 8 {
		seq = int64(binary.BigEndian.Uint64(v))
	}
	var k []byte
	for _, ev := range events {
		seq++
		ev.Seq = seq
		if ev.At.IsZero() {
			ev.At = time.Now().UTC()
		}
		body, err := json.Marshal(ev)
		if err != nil {
			return 0, err
		}
		k = binary.BigEndian.AppendUint64(appendPairKey(k[:0], pHistory, ev.Entity, ""), uint64(seq))
		if err := put(k, body); err != nil {
			return 0, err
		}
	}
	return seq, nil
}

// EntityOf implements store.Backend.
func (s *Store) EntityOf(ctx context.Context, record string) (string, error) {
	v, err := s.get(append([]byte{pCluster}, record...))
	if err != nil {
		return "", err
	}
	return string(v), nil
}

// Members implements store.Backend.
func (s *Store) Members(ctx context.Context, entity string) ([]string, error) {
	var out []string
	p := prefixOf(pEntity, entity)
	err := s.scan(ctx, p, func(k, v []byte) error {
		out = append(out, string(k[len(p):]))
		return nil
	})
	if err == nil && len(out) == 0 {
		return nil, store.ErrNotFound
	}
	return out, err
}

// ScanAssignments implements store.Backend.
func (s *Store) ScanAssignments(ctx context.Context, fn func(store.Assignment) error) error {
	return s.scan(ctx, []byte{pCluster}, func(k, v []byte) error {
		return fn(store.Assignment{Record: string(k[1:]), Entity: string(v)})
	})
}

// History implements store.Backend.
func (s *Store) History(ctx context.Context, entity string) ([]store.HistoryEvent, error) {
	var out []store.HistoryEvent
	err := s.scan(ctx, prefixOf(pHistory, entity), func(k, v []byte) error {
		var ev store.HistoryEvent
		if err := json.Unmarshal(v, &ev); err != nil {
			return err
		}
		out = append(out, ev)
		return nil
	})
	return out, err
}

// ---- documents ----

// PutDoc implements store.Backend.
func (s *Store) PutDoc(ctx context.Context, kind, id string, body []byte) error {
	return s.db.Set(pairKey(pDoc, kind, id), body, s.sync)
}

// GetDoc implements store.Backend.
func (s *Store) GetDoc(ctx context.Context, kind, id string) ([]byte, error) {
	return s.get(pairKey(pDoc, kind, id))
}

// DeleteDoc implements store.Backend.
func (s *Store) DeleteDoc(ctx context.Context, kind, id string) error {
	return s.db.Delete(pairKey(pDoc, kind, id), s.sync)
}

// ScanDocs implements store.Backend.
func (s *Store) ScanDocs(ctx context.Context, kind, prefix string, fn func(id string, body []byte) error) error {
	p := pairKey(pDoc, kind, prefix)
	base := len(kind) + 2
	return s.scan(ctx, p, func(k, v []byte) error {
		return fn(string(k[base:]), append([]byte(nil), v...))
	})
}

// PurgeRecords forgets what still names records that no longer exist:
// every judgement involving them (analysts' too: a decision about a record
// that was erased must go with it) and their cluster assignments. Retention
// calls it after erasing records entirely.
func (s *Store) PurgeRecords(ctx context.Context, records []string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.fresh.drop(records)
	b := s.db.NewBatch()
	defer b.Close()
	for _, rec := range records {
		if ok, err := s.has(recordKey(rec)); err != nil {
			return err
		} else if ok {
			return fmt.Errorf("purge %s: the record still exists", rec)
		}
		var pairs [][2]string
		if err := s.scan(ctx, prefixOf(pJudgement, rec), func(k, v []byte) error {
			pairs = append(pairs, [2]string{rec, string(k[len(rec)+2:])})
			return nil
		}); err != nil {
			return err
		}
		if err := s.scan(ctx, prefixOf(pJudgeRev, rec), func(k, v []byte) error {
			pairs = append(pairs, [2]string{string(k[len(rec)+2:]), rec})
			return nil
		}); err != nil {
			return err
		}
		for _, p := range pairs {
			b.Delete(pairKey(pJudgement, p[0], p[1]), nil)
			b.Delete(pairKey(pJudgeRev, p[1], p[0]), nil)
		}
		ck := append([]byte{pCluster}, rec...)
		if ent, err := s.get(ck); err == nil {
			b.Delete(ck, nil)
			b.Delete(pairKey(pEntity, string(ent), rec), nil)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return b.Commit(s.sync)
}
