package model

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Entity is an FtM-shaped view: an id, a schema and property values. It is
// how entities travel in and out of Mosaic (FtM JSON lines, watchlist
// importers, API responses); inside, they are always rebuilt from statements.
type Entity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Caption    string              `json:"caption,omitempty"`
	Properties map[string][]string `json:"properties"`
	// Referents are the source record ids a resolved entity was built from.
	Referents []string `json:"referents,omitempty"`
	Datasets  []string `json:"datasets,omitempty"`
	FirstSeen string   `json:"first_seen,omitempty"`
	LastSeen  string   `json:"last_seen,omitempty"`
}

// NewEntity returns an empty entity of a schema.
func NewEntity(schema, id string) *Entity {
	return &Entity{ID: id, Schema: schema, Properties: map[string][]string{}}
}

// Add appends a value to a property, skipping empties and duplicates.
func (e *Entity) Add(prop string, values ...string) {
	if e.Properties == nil {
		e.Properties = map[string][]string{}
	}
	for _, v := range values {
		if v == "" {
			continue
		}
		dup := false
		for _, have := range e.Properties[prop] {
			if have == v {
				dup = true
				break
			}
		}
		if !dup {
			e.Properties[prop] = append(e.Properties[prop], v)
		}
	}
}

// Get returns the values of a property.
func (e *Entity) Get(prop string) []string { return e.Properties[prop] }

// First returns the first value of a property, or "".
func (e *Entity) First(prop string) string {
	if v := e.Properties[prop]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// PickCaption chooses a display name the way FtM does: the schema's caption
// properties in order of preference.
func (e *Entity) PickCaption() string {
	for _, p := range [...]string{"name", "full", "lastName", "title", "number", "noticeId", "fileName", "bodyText"} {
		vals := e.Properties[p]
		if len(vals) == 0 {
			continue
		}
		if p == "lastName" {
			first := e.First("firstName")
			if first != "" {
				return first + " " + vals[0]
			}
		}
		// The shortest of several names is usually the plainest spelling.
		best := vals[0]
		if p == "name" {
			for _, v := range vals[1:] {
				if len([]rune(v)) < len([]rune(best)) {
					best = v
				}
			}
		}
		return best
	}
	return e.Schema + " " + e.ID
}

// Validate checks the schema and property names against the model.
func (e *Entity) Validate() error {
	s := SchemaByName(e.Schema)
	if s == nil {
		return fmt.Errorf("entity %s: unknown schema %q", e.ID, e.Schema)
	}
	for prop := range e.Properties {
		if s.Prop(prop) == nil {
			return fmt.Errorf("entity %s: schema %s has no property %q", e.ID, e.Schema, prop)
		}
	}
	return nil
}

// PropNames lists the entity's properties sorted.
func (e *Entity) PropNames() []string {
	out := make([]string, 0, len(e.Properties))
	for k := range e.Properties {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MarshalJSON writes the entity with properties in a stable order.
func (e *Entity) MarshalJSON() ([]byte, error) {
	type plain Entity
	if e.Caption == "" {
		c := *e
		c.Caption = e.PickCaption()
		return json.Marshal((*plain)(&c))
	}
	return json.Marshal((*plain)(e))
}
