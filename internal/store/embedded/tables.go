package embedded

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

// tables writes a large change as sorted SSTables and ingests them in one
// step. Through a write batch, a batch run's millions of judgements and
// assignments went to the WAL and the memtable, were flushed to L0 and then
// compacted again: a quarter of the run. Ingested tables skip all of that,
// and land in the bottom level when nothing stored overlaps them (a first
// run). Ingestion is atomic: every table of the change becomes visible at
// once, or none does.
//
// Each stream holds keys of one prefix in strictly increasing order; the
// streams of one change must not overlap each other (Pebble refuses
// overlapping tables in one ingestion).
type tables struct {
	s     *Store
	dir   string
	sinks []*sstSink
}

// newTables starts a change of n streams, t.sinks[0] to t.sinks[n-1].
func (s *Store) newTables(n int) (*tables, error) {
	dir, err := os.MkdirTemp(s.tmpDir(), "tables-")
	if err != nil {
		return nil, err
	}
	t := &tables{s: s, dir: dir}
	for i := range n {
		d := filepath.Join(dir, strconv.Itoa(i))
		if err := os.Mkdir(d, 0o750); err != nil {
			t.abort()
			return nil, err
		}
		t.sinks = append(t.sinks, newSSTSink(s, d))
	}
	return t, nil
}

// ingest finishes every stream and makes them visible together.
func (t *tables) ingest(ctx context.Context) error {
	var paths []string
	for _, k := range t.sinks {
		p, err := k.close()
		if err != nil {
			return err
		}
		paths = append(paths, p...)
	}
	if len(paths) == 0 {
		return nil
	}
	return t.s.db.Ingest(ctx, paths)
}

// abort stops the writers and removes the files; after ingest it only
// removes what Pebble did not take.
func (t *tables) abort() {
	for _, k := range t.sinks {
		k.abort()
	}
	os.RemoveAll(t.dir)
}

// keyList gathers entries whose keys do not arrive in order, back to back
// in blocks of a megabyte (a million small keys would otherwise be a
// million allocations, and one buffer grown by doubling copied them all
// over again at every step), and writes them to a stream sorted.
type keyList struct {
	blocks [][]byte
	at     []uint64 // entry i: block << 32 | offset; its key, then its value
	klen   []int32
	vlen   []int32
	kind   []byte
}

const keyBlock = 1 << 20

func (l *keyList) add(kind byte, k, v []byte) error {
	n := len(k) + len(v)
	if n > math.MaxInt32 {
		return errors.New("an entry of more than 2 GiB")
	}
	last := len(l.blocks) - 1
	if last < 0 || len(l.blocks[last])+n > cap(l.blocks[last]) {
		l.blocks = append(l.blocks, make([]byte, 0, max(keyBlock, n)))
		last++
	}
	b := l.blocks[last]
	l.at = append(l.at, uint64(last)<<32|uint64(len(b)))
	l.klen = append(l.klen, int32(len(k)))
	l.vlen = append(l.vlen, int32(len(v)))
	l.kind = append(l.kind, kind)
	b = append(b, k...)
	l.blocks[last] = append(b, v...)
	return nil
}

func (l *keyList) len() int { return len(l.at) }

func (l *keyList) entry(i int) []byte {
	return l.blocks[l.at[i]>>32][uint32(l.at[i]):]
}

func (l *keyList) key(i int) []byte { return l.entry(i)[:l.klen[i]] }

func (l *keyList) value(i int) []byte {
	return l.entry(i)[l.klen[i] : l.klen[i]+l.vlen[i]]
}

// writeTo sends the entries to k in key order. Two entries with one key
// are a caller's mistake: a table cannot hold both.
func (l *keyList) writeTo(k *sstSink) error {
	perm, same := sortByBytes(l.len(), l.key)
	for i, e := range perm {
		if same[i] {
			return fmt.Errorf("key %q written twice in one change", l.key(int(e)))
		}
		var err error
		if l.kind[e] == kindDel {
			err = k.del(l.key(int(e)))
		} else {
			err = k.set(l.key(int(e)), l.value(int(e)))
		}
		if err != nil {
			return err
		}
	}
	return nil
}
