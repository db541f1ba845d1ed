package lists

import (
	"sort"

	"github.com/mosaichq/mosaic/internal/model"
)

// Change is one entity present in both versions whose schema or property
// values differ.
type Change struct {
	ID         string
	OldSchema  string // set only when the schema changed
	NewSchema  string
	PropsAdded map[string][]string // values in the new version only
	PropsGone  map[string][]string // values in the old version only
}

// Changes is what a new version of a list does to the old one: entity ids
// added and removed, and entities changed. Ids are sorted.
type Changes struct {
	Added   []string
	Removed []string
	Changed []Change
}

// Empty reports whether the two versions hold the same entities.
func (c Changes) Empty() bool {
	return len(c.Added) == 0 && len(c.Removed) == 0 && len(c.Changed) == 0
}

// Diff compares two versions of a list by entity id and property values
// (order of values ignored). Derived entities carry a hash of their content
// in their id, so an edited passport shows as one removed and one added
// Passport, while the holder shows as changed (its passportNumber moved).
func Diff(old, new *List) Changes {
	index := func(l *List) map[string]*model.Entity {
		m := map[string]*model.Entity{}
		if l != nil {
			for _, e := range l.Entities {
				m[e.ID] = e
			}
		}
		return m
	}
	a, b := index(old), index(new)
	var c Changes
	for id, ne := range b {
		oe, ok := a[id]
		if !ok {
			c.Added = append(c.Added, id)
			continue
		}
		if ch, diff := compareEntities(oe, ne); diff {
			c.Changed = append(c.Changed, ch)
		}
	}
	for id := range a {
		if _, ok := b[id]; !ok {
			c.Removed = append(c.Removed, id)
		}
	}
	sort.Strings(c.Added)
	sort.Strings(c.Removed)
	sort.Slice(c.Changed, func(i, j int) bool { return c.Changed[i].ID < c.Changed[j].ID })
	return c
}

func compareEntities(o, n *model.Entity) (Change, bool) {
	ch := Change{ID: n.ID}
	diff := false
	if o.Schema != n.Schema {
		ch.OldSchema, ch.NewSchema, diff = o.Schema, n.Schema, true
	}
	props := map[string]bool{}
	for p := range o.Properties {
		props[p] = true
	}
	for p := range n.Properties {
		props[p] = true
	}
	for p := range props {
		added, gone := setDiff(o.Properties[p], n.Properties[p])
		if len(added) > 0 {
			if ch.PropsAdded == nil {
				ch.PropsAdded = map[string][]string{}
			}
			ch.PropsAdded[p] = added
			diff = true
		}
		if len(gone) > 0 {
			if ch.PropsGone == nil {
				ch.PropsGone = map[string][]string{}
			}
			ch.PropsGone[p] = gone
			diff = true
		}
	}
	return ch, diff
}

// setDiff returns the values only in b (added) and only in a (gone).
func setDiff(a, b []string) (added, gone []string) {
	in := func(s []string, v string) bool {
		for _, x := range s {
			if x == v {
				return true
			}
		}
		return false
	}
	for _, v := range b {
		if !in(a, v) && !in(added, v) {
			added = append(added, v)
		}
	}
	for _, v := range a {
		if !in(b, v) && !in(gone, v) {
			gone = append(gone, v)
		}
	}
	sort.Strings(added)
	sort.Strings(gone)
	return added, gone
}
