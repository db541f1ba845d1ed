package resolve

import (
	"strings"
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
	names []names.Name
	// selves holds each name compared with itself.
	selves []nameResult
}

func newNameTable() *nameTable { return &nameTable{ids: map[string]int32{}} }

// full returns the id of a name written in one piece, or -1 for a name
// with no parts.
func (t *nameTable) full(raw string, kind names.Kind) int32 {
	key := string(rune('0'+kind)) + "f" + raw
	return t.intern(key, func() names.Name { return names.Parse(raw, kind) })
}

// parts returns the id of a name given in parts, or -1.
func (t *nameTable) parts(p names.Parts, kind names.Kind) int32 {
	key := string(rune('0'+kind)) + "p" + strings.Join([]string{p.First, p.Middle, p.Patronymic, p.Last}, "\x00")
	return t.intern(key, func() names.Name { return names.ParseParts(p, kind) })
}

func (t *nameTable) intern(key string, parse func() names.Name) int32 {
	t.mu.RLock()
	id, ok := t.ids[key]
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
	if id, ok := t.ids[key]; ok {
		return id
	}
	id = -1
	if len(n.Tokens) > 0 {
		id = int32(len(t.names))
		t.names = append(t.names, n)
		t.selves = append(t.selves, self)
	}
	t.ids[key] = id
	return id
}

// self is a name's comparison with itself.
func (t *nameTable) self(id int32) nameResult {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.selves[id]
}

func (t *nameTable) name(id int32) names.Name {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.names[id]
}
