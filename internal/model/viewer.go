package model

import (
	"sort"
	"strings"
	"sync"
)

// A Viewer is whoever reads: a user with authorisations. Every read path
// takes one, and asks it whether a label may be seen. Evaluations are cached
// per label string because a store holds few distinct labels and many facts.
type Viewer struct {
	Name  string
	Auths Auths

	mu    sync.RWMutex
	cache map[string]bool
}

// NewViewer returns a viewer holding auths.
func NewViewer(name string, auths Auths) *Viewer {
	return &Viewer{Name: name, Auths: auths, cache: map[string]bool{}}
}

// Everyone is the local single user of an embedded store: sees every label.
func Everyone() *Viewer { return NewViewer("local", AllAuths()) }

// CanSee reports whether label (an expression string) is satisfied. A label
// that does not parse is treated as unsatisfiable: data with a broken label
// is never shown (ingestion refuses such labels, so this is a backstop).
func (v *Viewer) CanSee(label string) bool {
	if label == "" || v.Auths.all {
		return true
	}
	v.mu.RLock()
	ok, hit := v.cache[label]
	v.mu.RUnlock()
	if hit {
		return ok
	}
	l, err := ParseLabel(label)
	ok = err == nil && l.Satisfied(v.Auths)
	v.mu.Lock()
	if v.cache == nil {
		v.cache = map[string]bool{}
	}
	v.cache[label] = ok
	v.mu.Unlock()
	return ok
}

// Conjoin returns the label of something derived from evidence carrying each
// of labels: visible only to a viewer who may see all of them. Empty labels
// add nothing; duplicates are removed; the result is canonical (sorted) so
// equal sets give equal strings.
func Conjoin(labels ...string) string {
	var parts []string
	seen := map[string]bool{}
	for _, l := range labels {
		for _, p := range splitConjunction(l) {
			if p != "" && !seen[p] {
				seen[p] = true
				parts = append(parts, p)
			}
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	sort.Strings(parts)
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteByte('(')
		b.WriteString(p)
		b.WriteByte(')')
	}
	return b.String()
}

// splitConjunction undoes Conjoin so that conjoining twice stays flat.
func splitConjunction(l string) []string {
	l = strings.TrimSpace(l)
	if !strings.HasPrefix(l, "(") || !strings.HasSuffix(l, ")") {
		return []string{l}
	}
	var parts []string
	depth, start := 0, 0
	inQuote := false
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			if depth == 0 {
				start = i + 1
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				parts = append(parts, l[start:i])
				if i+1 < len(l) && l[i+1] != '&' {
					return []string{l}
				}
				if i+1 < len(l) {
					i++ // skip '&'
					if i+1 >= len(l) || l[i+1] != '(' {
						return []string{l}
					}
				}
			}
		case depth == 0:
			return []string{l}
		}
	}
	if depth != 0 {
		return []string{l}
	}
	return parts
}
