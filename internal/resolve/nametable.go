package resolve

import (
	"sync"

	"github.com/mosaichq/mosaic/internal/names"
)

// nameTable parses each distinct name once and numbers it. Many records
// carry the same name as written; they share one parsed name, and two
// records with the same name need no name comparison (see comparer).
//
// Invariant: an id always denotes the same parsed name.
type nameTable struct {
	mu    sync.RWMutex
	ids   map[string]int32
	names segList[names.Name]
	// selves holds each name compared with itself.
	selves segList[nameResult]
}

// segList is a list that grows by whole segments: a million parsed names
// copied over at every doubling cost seconds of a batch run.
type segList[T any] struct {
	segs [][]T
	n    int
}

const segSize = 4096

func (l *segList[T]) add(v T) {
	if l.n%segSize == 0 {
		l.segs = append(l.segs, make([]T, 0, segSize))
	}
	l.segs[len(l.segs)-1] = append(l.segs[len(l.segs)-1], v)
	l.n++
}

func (l *segList[T]) at(i int32) T { return l.segs[i/segSize][i%segSize] }

func newNameTable() *nameTable { return &nameTable{ids: map[string]int32{}} }

// full returns the id of a name written in one piece, or -1 for a name
// with no parts.
func (t *nameTable) full(raw string, kind names.Kind) int32 {
	var a [96]byte // keys are built here: most names are looked up, not added
	key := append(append(a[:0], byte('0'+kind), 'f'), raw...)
	return t.intern(key, func() names.Name { return names.Parse(raw, kind) })
}

// parts returns the id of a name given in parts, or -1.
func (t *nameTable) parts(p names.Parts, kind names.Kind) int32 {
	var a [96]byte
	key := append(a[:0], byte('0'+kind), 'p')
	for i, s := range []string{p.First, p.Middle, p.Patronymic, p.Last} {
		if i > 0 {
			key = append(key, 0)
		}
		key = append(key, s...)
	}
	return t.intern(key, func() names.Name { return names.ParseParts(p, kind) })
}

func (t *nameTable) intern(key []byte, parse func() names.Name) int32 {
	t.mu.RLock()
	id, ok := t.ids[string(key)]
	t.mu.RUnlock()
	if ok {
		return id
	}
	// Parse outside the lock; two workers may parse the same name at
	// once, and the first to insert wins.
	n := parse()
	self := compareNamePair(&n, &n)
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids[string(key)]; ok {
		return id
	}
	id = -1
	if len(n.Tokens) > 0 {
		id = int32(t.names.n)
		t.names.add(n)
		t.selves.add(self)
	}
	t.ids[string(key)] = id
	return id
}

// self is a name's comparison with itself.
func (t *nameTable) self(id int32) nameResult {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.selves.at(id)
}

func (t *nameTable) name(id int32) names.Name {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.names.at(id)
}
