package screen

import (
	"strings"
	"unicode"

	"github.com/mosaichq/mosaic/internal/compare"
	"github.com/mosaichq/mosaic/internal/names"
)

// Query describes the person or organisation to screen. Any field may be
// empty. Gender is accepted by the readers but never stored here: it is
// protected data and plays no part in the score.
type Query struct {
	Schema      string      // FtM schema; "" means Person
	Names       []string    // full names in any script
	Parts       names.Parts // structured name, used beside Names
	BirthDates  []string    // full or partial dates, any common format
	Countries   []string    // nationality or citizenship: ISO codes or names
	Identifiers []string    // passport, national id, registration numbers
}

// Empty reports whether the query has no name to screen.
func (q *Query) Empty() bool {
	if q.Parts.First != "" || q.Parts.Last != "" || q.Parts.Middle != "" || q.Parts.Full != "" {
		return false
	}
	for _, n := range q.Names {
		if strings.TrimSpace(n) != "" {
			return false
		}
	}
	return true
}

// pquery is a query after parsing, ready to compare.
type pquery struct {
	class kindClass
	names []names.Name
	// perm[i] is the index of an earlier name that has the same parts as
	// names[i] in another order, or -1. Compare aligns parts in any order,
	// so such a name only needs comparing where the order mattered: where
	// the earlier one's family names disagreed.
	perm      []int
	dates     []compare.Date
	countries []string
	ids       []string
}

// clean replaces control characters (NUL among them, which the name
// parser uses internally as a part separator) with spaces.
func clean(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

func cleanParts(p names.Parts) names.Parts {
	return names.Parts{Full: clean(p.Full), First: clean(p.First), Middle: clean(p.Middle), Last: clean(p.Last), Patronymic: clean(p.Patronymic)}
}

func parseQuery(q *Query) pquery {
	class := schemaClass(q.Schema)
	kind := class.nameKind()
	p := pquery{class: class}
	seen := map[string]bool{}
	add := func(n names.Name) {
		if len(n.Tokens) == 0 {
			return
		}
		sig := tokenSignature(&n)
		if seen[sig] || len(p.names) >= 8 {
			return
		}
		seen[sig] = true
		perm := -1
		for i := range p.names {
			if samePartsAnyOrder(&p.names[i], &n) {
				perm = i
				break
			}
		}
		p.names = append(p.names, n)
		p.perm = append(p.perm, perm)
	}
	qnames := make([]string, 0, len(q.Names))
	for _, raw := range q.Names {
		if raw = clean(raw); strings.TrimSpace(raw) != "" {
			n := names.Parse(raw, kind)
			// The order of a nasab chain is its meaning: it is not
			// rotated unless it was cut in the wrong place (it begins or
			// ends with bin, al …).
			if f := strings.Fields(raw); !n.Chained() || (len(f) > 0 && (names.Connector(f[0]) || names.Connector(f[len(f)-1]))) {
				qnames = append(qnames, raw)
			}
			add(n)
			if len(n.Titles) > 0 {
				add(names.ParseKeepTitles(raw, kind))
			}
		}
	}
	// Registers often move the family name to the front (or back); the
	// name parser reads compounds (Abd al-, Abu, bin) by position, so the
	// rotated orders are parsed too.
	if class&classPerson != 0 {
		for _, raw := range qnames {
			f := strings.Fields(raw)
			if len(f) < 2 || len(f) > 5 {
				continue
			}
			// A rotation that starts or ends with a connector (bin, al,
			// Abu) cuts a chain or compound in the wrong place.
			if !names.Connector(f[1]) && !names.Connector(f[0]) {
				add(names.Parse(strings.Join(append(append([]string{}, f[1:]...), f[0]), " "), kind))
			}
			if !names.Connector(f[len(f)-1]) && !names.Connector(f[len(f)-2]) {
				add(names.Parse(strings.Join(append([]string{f[len(f)-1]}, f[:len(f)-1]...), " "), kind))
			}
		}
	}
	pt := cleanParts(q.Parts)
	if pt.First != "" || pt.Last != "" || pt.Middle != "" || pt.Patronymic != "" {
		add(names.ParseParts(pt, kind))
	} else if pt.Full != "" {
		add(names.Parse(pt.Full, kind))
	}
	for _, d := range q.BirthDates {
		if dt, err := compare.ParseDate(strings.TrimSpace(d)); err == nil {
			p.dates = appendDate(p.dates, dt)
		}
	}
	for _, c := range q.Countries {
		if cc := normCountry(c); cc != "" && !contains(p.countries, cc) {
			p.countries = append(p.countries, cc)
		}
	}
	for _, id := range q.Identifiers {
		if n := normIdentifier(id); n != "" && !contains(p.ids, n) {
			p.ids = append(p.ids, n)
		}
	}
	return p
}

// samePartsAnyOrder reports whether two parses have the same parts (same
// spelling and compound prefix) in some order, neither with a nasab chain.
func samePartsAnyOrder(a, b *names.Name) bool {
	if len(a.Tokens) != len(b.Tokens) || a.Chained() || b.Chained() || len(a.Tokens) > names.MaxTokens {
		return false
	}
	var used uint16
	for i := range a.Tokens {
		found := false
		for j := range b.Tokens {
			if used&(1<<j) == 0 && a.Tokens[i].Text == b.Tokens[j].Text && a.Tokens[i].Prefix == b.Tokens[j].Prefix {
				used |= 1 << j
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
