package embedded

import (
	"encoding/binary"
	"slices"
	"sync"
)

// fresh keeps, for records that recent small loads created, their
// statements exactly as written (keys and encoded values). Incremental
// resolution reads a load's new records right after it commits, and each
// read from the tree costs a seek that lands in a bottom-level block: the
// records are new, but without a prefix filter the tree cannot know that,
// so every seek read and decompressed a 32 KiB block (three quarters of a
// millisecond of CPU per ten records at a million records).
//
// Invariant: an entry holds every statement the store holds for its
// record. It is made only from a load in which the record was new, after
// the load committed; any later write to the record's statements drops the
// entry before that write is applied (under wmu, which every writer holds),
// so a reader sees either the entry or the tree, never a stale entry.
type fresh struct {
	mu    sync.RWMutex
	recs  map[string][]byte // record → its entries: uvarint klen, key, uvarint vlen, value
	queue []string          // records in the order they came, for eviction
	bytes int
}

const (
	// freshMaxBytes bounds the statements kept.
	freshMaxBytes = 64 << 20
	// freshMaxLoad is the largest load whose new records are kept: a bulk
	// load would only churn the cache, and its records are read by a scan.
	freshMaxLoad = 16 << 20
)

func newFresh() *fresh { return &fresh{recs: map[string][]byte{}} }

// get returns a record's entries, or false when it is not kept.
func (f *fresh) get(rec string) ([]byte, bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	b, ok := f.recs[rec]
	return b, ok
}

// drop forgets records; writers call it before they change them.
func (f *fresh) drop(recs []string) {
	if len(recs) == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range recs {
		if b, ok := f.recs[r]; ok {
			f.bytes -= len(b)
			delete(f.recs, r)
		}
	}
}

// clear forgets every record.
func (f *fresh) clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.recs)
	f.queue, f.bytes = nil, 0
}

// put keeps the new records of a committed load, evicting the oldest.
func (f *fresh) put(recs map[string][]byte) {
	if len(recs) == 0 {
		return
	}
	keys := make([]string, 0, len(recs))
	for r := range recs {
		keys = append(keys, r)
	}
	slices.Sort(keys)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range keys {
		b := recs[r]
		if old, ok := f.recs[r]; ok {
			f.bytes -= len(old)
		} else {
			f.queue = append(f.queue, r)
		}
		f.recs[r] = b
		f.bytes += len(b)
	}
	for f.bytes > freshMaxBytes && len(f.queue) > 0 {
		r := f.queue[0]
		f.queue = f.queue[1:]
		if b, ok := f.recs[r]; ok {
			f.bytes -= len(b)
			delete(f.recs, r)
		}
	}
	// Dropped records leave their names in the queue; compact it when it
	// holds mostly those.
	if len(f.queue) > 2*len(f.recs)+1024 {
		q := f.queue[:0]
		for _, r := range f.queue {
			if _, ok := f.recs[r]; ok {
				q = append(q, r)
			}
		}
		f.queue = slices.Clip(q)
	}
}

// each calls fn with every entry of a record's kept statements.
func eachFresh(b []byte, fn func(k, v []byte) error) error {
	for len(b) > 0 {
		kl, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < kl {
			return errCorrupt
		}
		k := b[n : n+int(kl)]
		b = b[n+int(kl):]
		vl, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < vl {
			return errCorrupt
		}
		v := b[n : n+int(vl)]
		b = b[n+int(vl):]
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// freshLoad gathers, during a load's merge, the statements of the records
// it creates and the existing records whose statements it touches.
type freshLoad struct {
	created map[string][]byte // new record → its entries so far
	touched map[string]bool   // existing records written to
}

func newFreshLoad() *freshLoad {
	return &freshLoad{created: map[string][]byte{}, touched: map[string]bool{}}
}

// record notes a record the load creates (its record key is new; record
// keys sort before statement keys, so this comes before its statements).
func (fl *freshLoad) record(rec []byte) {
	if fl != nil {
		fl.created[string(rec)] = nil
	}
}

// statement notes a statement key the load meets, written or not.
func (fl *freshLoad) statement(k, v []byte, written bool) {
	if fl == nil || len(k) < 18 {
		return
	}
	rec := k[1 : len(k)-17]
	b, ok := fl.created[string(rec)]
	if !ok || !written {
		fl.touched[string(rec)] = true
		return
	}
	b = binary.AppendUvarint(b, uint64(len(k)))
	b = append(b, k...)
	b = binary.AppendUvarint(b, uint64(len(v)))
	fl.created[string(rec)] = append(b, v...)
}

// touchedRecords are the records to drop before the load commits.
func (fl *freshLoad) touchedRecords() []string {
	out := make([]string, 0, len(fl.touched))
	for r := range fl.touched {
		out = append(out, r)
	}
	return out
}

// kept is what to keep once the load has committed: new records that met
// a statement the load did not write are left out (the store held some of
// their statements already, which a consistent store never does).
func (fl *freshLoad) kept() map[string][]byte {
	for r := range fl.touched {
		delete(fl.created, r)
	}
	for r, b := range fl.created {
		if len(b) == 0 {
			delete(fl.created, r)
		}
	}
	return fl.created
}
