// Package lists imports official watchlists — the UN Security Council
// consolidated list, OFAC's SDN and consolidated non-SDN lists, the EU
// financial sanctions file, INTERPOL Red Notices and FtM entity files — into
// FollowTheMoney-shaped entities (model.Entity).
//
// Every importer is all or nothing: a malformed list is refused with an
// error naming the file and the line or element, and no partial list is
// returned, so the caller never applies half an update.
//
// Entity ids are stable and list-scoped: the subject of a listing keeps the
// list's own id behind a fixed prefix (un-sc-6907993, ofac-306, eu-fsf-13,
// interpol-red-2021-75051), and entities derived from it (Sanction,
// Passport, Identification, Notice) get the subject id, a kind and a hash of
// their content. ListID recovers the list's own id from any of them.
package lists

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
)

// Formats, as Detect reports them.
const (
	FormatUN       = "un"
	FormatOFAC     = "ofac"
	FormatEU       = "eu"
	FormatInterpol = "interpol"
	FormatFtM      = "ftm"
)

// Dataset names, following OpenSanctions where it has one.
const (
	DatasetUN       = "un_sc_sanctions"
	DatasetOFACSDN  = "us_ofac_sdn"
	DatasetOFACCons = "us_ofac_cons"
	DatasetEU       = "eu_fsf"
	DatasetInterpol = "interpol_red_notices"
)

// Id prefixes; ListID depends on them, so they never change.
const (
	prefixUN       = "un-sc-"
	prefixOFAC     = "ofac-"
	prefixEU       = "eu-fsf-"
	prefixInterpol = "interpol-red-"
)

// List is one imported version of a watchlist.
type List struct {
	Name      string    // dataset name, e.g. "un_sc_sanctions"
	Format    string    // one of the Format constants
	Published time.Time // from the file when it says; zero otherwise
	Entities  []*model.Entity
	// Warnings are oddities that do not make the list unusable (an OFAC
	// comment for an entry the list does not have); each names its line.
	Warnings []string
}

// Counts returns the number of entities per schema.
func (l *List) Counts() map[string]int {
	out := map[string]int{}
	for _, e := range l.Entities {
		out[e.Schema]++
	}
	return out
}

// Subjects returns the listed people, organisations and things themselves,
// leaving out the Sanction, Notice and document entities that describe them.
func (l *List) Subjects() []*model.Entity {
	var out []*model.Entity
	for _, e := range l.Entities {
		if s := model.SchemaByName(e.Schema); s != nil && s.Edge == nil {
			out = append(out, e)
		}
	}
	return out
}

// ListID returns the list's own identifier for an imported entity — UN
// DATAID, OFAC ent_num, EU logicalId, INTERPOL entity_id ("2021/75051") — so
// a screening result can cite it. Derived entities (a Sanction, a Passport)
// return the id of the listing they belong to. Entities from FtM files keep
// their own id, which is returned unchanged.
func ListID(e *model.Entity) string {
	if e == nil {
		return ""
	}
	id := e.ID
	for _, p := range [...]string{prefixUN, prefixOFAC, prefixEU} {
		if rest, ok := strings.CutPrefix(id, p); ok {
			if n := leadingDigits(rest); n != "" {
				return n
			}
		}
	}
	if rest, ok := strings.CutPrefix(id, prefixInterpol); ok {
		// entity_id is YEAR/NUMBER; the id spells the slash as a dash.
		year, tail, found := strings.Cut(rest, "-")
		if found && len(year) == 4 && leadingDigits(year) == year {
			if n := leadingDigits(tail); n != "" {
				return year + "/" + n
			}
		}
	}
	return id
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || (i < len(s) && s[i] != '-') {
		return ""
	}
	return s[:i]
}

// derivedID names an entity that exists only because of a listing: the
// subject id, a kind and a hash of the content, so re-importing the same
// list gives the same ids and a changed passport number gives a new one.
func derivedID(subject, kind string, parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return subject + "-" + kind + "-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// uniq drops repeats of a derived entity within one record: lists repeat
// a document ("alt. C.U.R.P. X" twice), and the hash makes repeats equal.
func uniq(ents []*model.Entity) []*model.Entity {
	seen := make(map[string]bool, len(ents))
	out := ents[:0]
	for _, e := range ents {
		if !seen[e.ID] {
			seen[e.ID] = true
			out = append(out, e)
		}
	}
	return out
}

// ParseError locates a problem in a list file.
type ParseError struct {
	File    string // file name as given to the importer
	Line    int    // 1-based; 0 when unknown
	Element string // XML element path, CSV column or JSON field; may be empty
	Err     error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Element != "" {
		b.WriteString(": ")
		b.WriteString(e.Element)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

func errorf(file string, line int, elem, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Element: elem, Err: fmt.Errorf(format, args...)}
}

// finish validates every entity against the model and fills in the
// dataset; an importer that built an invalid entity has a bug, and the list
// is refused rather than half-stored.
func finish(l *List, file string) (*List, error) {
	seen := make(map[string]bool, len(l.Entities))
	for _, e := range l.Entities {
		if err := e.Validate(); err != nil {
			return nil, &ParseError{File: file, Element: ListID(e), Err: err}
		}
		if seen[e.ID] {
			return nil, errorf(file, 0, ListID(e), "duplicate entity id %s", e.ID)
		}
		seen[e.ID] = true
		if len(e.Datasets) == 0 && l.Name != "" {
			e.Datasets = []string{l.Name}
		}
		for k, v := range e.Properties {
			if len(v) == 0 {
				delete(e.Properties, k)
			}
		}
	}
	return l, nil
}

// isNull reports the placeholders lists use for "no value".
func isNull(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 7 {
		return false // longer than any placeholder; skips lowercasing prose
	}
	switch strings.ToLower(s) {
	case "", "-0-", "-0", "na", "n/a", "n.a.", "none", "unknown", "null", "nil", "-":
		return true
	}
	return false
}

// clean trims and collapses whitespace (the UN file wraps long values over
// several indented lines) and maps placeholders to "".
func clean(s string) string {
	if isNull(s) {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

// joinNonEmpty joins the cleaned, non-empty parts.
func joinNonEmpty(sep string, parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = clean(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// addCountry puts a country into prop when it is recognised and otherwise
// keeps the text in notes under a label, never inventing a code.
func addCountry(e *model.Entity, prop, label, text string) {
	// Not clean(): "NA" is Namibia here, not "not available".
	text = strings.Join(strings.Fields(text), " ")
	if text == "" || text == "-0-" {
		return
	}
	if code, ok := model.CountryCode(text); ok {
		e.Add(prop, code)
		return
	}
	e.Add(noteProp(e), label+": "+text)
}

// noteProp is where free text goes: notes on things, description on the
// interval schemata (Sanction, Passport, Notice) that have no notes.
func noteProp(e *model.Entity) string {
	s := model.SchemaByName(e.Schema)
	for _, p := range [...]string{"notes", "description", "summary"} {
		if s != nil && s.Prop(p) != nil {
			return p
		}
	}
	return "notes"
}

// addIf adds a value to prop when the entity's schema has it, and to notes
// under a label otherwise: vessel and aircraft details survive even while
// the model has no Vessel or Airplane schema.
func addIf(e *model.Entity, prop, label, value string) {
	value = clean(value)
	if value == "" {
		return
	}
	if s := model.SchemaByName(e.Schema); s != nil && s.Prop(prop) != nil {
		e.Add(prop, value)
		return
	}
	e.Add(noteProp(e), label+": "+value)
}

// schemaOr returns the first schema the model defines.
func schemaOr(names ...string) string {
	for _, n := range names {
		if model.SchemaByName(n) != nil {
			return n
		}
	}
	return names[len(names)-1]
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// gender maps list spellings to FtM's gender values.
func gender(s string) string {
	switch strings.ToLower(clean(s)) {
	case "m", "male", "man":
		return "male"
	case "f", "female", "woman":
		return "female"
	case "x", "other", "diverse":
		return "other"
	}
	return "" // "U", unknown or unreadable: say nothing rather than guess
}
