// Package resolve decides which records are the same person or
// organisation: blocking on several keys, Fellegi-Sunter scoring with m and
// u estimated without labels (EM) and term-frequency adjustment, clustering
// that respects analysts' judgements and refuses weak bridges, canonical
// ids that stay stable through merges and splits, and explanations.
package resolve

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/names"
)

// Record is what the resolver knows of one source record: its comparable
// features, parsed once. Records of relation schemata are never resolved;
// identification documents and address entities are folded into the
// record that holds them.
type Record struct {
	ID      string
	Kind    names.Kind
	Schema  string
	Created time.Time

	Names   []names.Name
	nameIDs []int32 // each name's id in the resolver's name table
	// order fixes which record of a pair comes first when comparing, so
	// that a pair scores the same whichever way it is asked; a hash of
	// the id is cheaper to compare than the id.
	order     uint64
	rarest    int32        // 1 + the count of its rarest name part; 0 until rarestPart works it out
	Dates     []date       // birth dates (or incorporation dates)
	IDs       []identifier // normalised document and registry numbers
	Phones    []string     // E.164 or digits
	Emails    []string
	Addresses []address
	Countries []uint16 // nationality, citizenship, jurisdiction, country: ISO-2 codes as two bytes
	Places    []string // birth places, folded

	// Label is the conjunction of the labels of every statement the
	// features rest on: a judgement on two records carries both.
	Label string
}

type identifier struct {
	kind  idKind
	value string
}

// idKind groups identifier properties that number the same kind of thing,
// so that a passport number is never called "different" from a tax id.
type idKind uint8

const (
	idPassport idKind = iota
	idNational
	idTax
	idRegistration
	idOther
)

func idKindOf(prop string) idKind {
	switch prop {
	case "passportNumber", "number", "documentNumber":
		return idPassport
	case "idNumber", "socialSecurityNumber", "personalNumber":
		return idNational
	case "taxNumber", "vatCode", "innCode":
		return idTax
	case "registrationNumber":
		return idRegistration
	}
	return idOther
}

type address struct {
	full  string   // folded, whitespace-collapsed
	grams []uint16 // character bigrams without spaces, sorted (a multiset)
}

// builder assembles Records from statements streamed in record order.
type builder struct {
	names *nameTable
	recs  []*Record
	byID  map[string]*Record
	// Side records folded into their holders after the scan.
	docs    map[string][]identifier // holder record → numbers
	docLbl  map[string][]string     // holder record → labels of those numbers
	addrs   map[string]address      // Address record → its text
	addrLbl map[string]string
	refs    map[string][]string // person record → Address records it points to

	cur      string
	curStmts []model.Statement
}

func newBuilder(nt *nameTable) *builder {
	return &builder{names: nt, byID: map[string]*Record{}, docs: map[string][]identifier{}, docLbl: map[string][]string{},
		addrs: map[string]address{}, addrLbl: map[string]string{}, refs: map[string][]string{}}
}

// add takes statements in record order (as stores scan them).
func (b *builder) add(s *model.Statement) {
	if s.Record != b.cur {
		b.flush()
		b.cur = s.Record
	}
	b.curStmts = append(b.curStmts, *s)
}

func (b *builder) flush() {
	if len(b.curStmts) > 0 {
		b.merge(buildRecord(b.cur, b.curStmts, b.names))
	}
	b.curStmts = b.curStmts[:0]
}

// built is what one source record contributes: a record to resolve, or
// identification numbers for their holders, or an address for the records
// that point to it.
type built struct {
	id  string
	rec *Record
	// An identification document.
	holders   []string
	nums      []identifier
	numLabels []string
	// An address entity.
	isAddr    bool
	addr      address
	addrLabel string
	// Address entities the record points to.
	refs []string
}

// merge takes one record's contribution; records must come in the order
// the store scans them so that every run builds the same records.
func (b *builder) merge(x built) {
	for _, h := range x.holders {
		b.docs[h] = append(b.docs[h], x.nums...)
		b.docLbl[h] = append(b.docLbl[h], x.numLabels...)
	}
	if x.isAddr {
		b.addrs[x.id] = x.addr
		b.addrLbl[x.id] = x.addrLabel
	}
	if len(x.refs) > 0 {
		b.refs[x.id] = append(b.refs[x.id], x.refs...)
	}
	if x.rec != nil {
		b.recs = append(b.recs, x.rec)
		b.byID[x.id] = x.rec
	}
}

// schemaOf picks the most specific schema among a record's statements
// (FtM mappings may state LegalEntity in one query and Person in another).
func schemaOf(ss []model.Statement) *model.Schema {
	var best *model.Schema
	for i := range ss {
		s := model.SchemaByName(ss[i].Schema)
		if s == nil {
			continue
		}
		if best == nil || (s != best && s.IsA(best.Name)) {
			best = s
		}
	}
	return best
}

// buildRecord reads one source record's statements. It only reads nt (and
// adds parsed names to it), so records can be built on several workers.
func buildRecord(id string, ss []model.Statement, nt *nameTable) (out built) {
	out.id = id
	schema := schemaOf(ss)
	if schema == nil {
		return out
	}
	switch {
	case schema.IsA("Identification"):
		var holders []string
		var nums []identifier
		var labels []string
		for _, s := range ss {
			switch s.Prop {
			case "holder":
				holders = append(holders, s.Value)
			case "number", "passportNumber", "personalNumber":
				nums = append(nums, identifier{kind: idKindOf(s.Prop), value: s.Value})
				if schema.Name != "Passport" && s.Prop == "number" {
					nums[len(nums)-1].kind = idNational
				}
				labels = append(labels, s.Label)
			}
		}
		out.holders, out.nums, out.numLabels = holders, nums, labels
		return out
	case schema.Name == "Address":
		var full, parts []string
		var labels []string
		for _, s := range ss {
			switch s.Prop {
			case "full":
				full = append(full, s.Value)
				labels = append(labels, s.Label)
			case "street", "street2", "city", "postalCode", "region", "state":
				parts = append(parts, s.Value)
				labels = append(labels, s.Label)
			}
		}
		text := strings.Join(full, " ")
		if text == "" {
			text = strings.Join(parts, " ")
		}
		if text != "" {
			out.isAddr, out.addr, out.addrLabel = true, newAddress(text), model.Conjoin(labels...)
		}
		return out
	case !schema.IsA("LegalEntity"):
		return out
	}
	r := &Record{ID: id, Schema: schema.Name, Kind: names.Organization}
	if schema.IsA("Person") {
		r.Kind = names.Person
	}
	var labels []string
	var parts names.Parts
	var fulls, aliases []string
	use := func(s *model.Statement) { labels = append(labels, s.Label) }
	for i := range ss {
		s := &ss[i]
		if r.Created.IsZero() || (!s.FirstSeen.IsZero() && s.FirstSeen.Before(r.Created)) {
			r.Created = s.FirstSeen
		}
		switch s.Prop {
		case "name":
			fulls = append(fulls, s.Value)
			use(s)
		case "alias", "previousName":
			aliases = append(aliases, s.Value)
			use(s)
		case "firstName":
			parts.First = joinPart(parts.First, s.Value)
			use(s)
		case "secondName", "middleName":
			parts.Middle = joinPart(parts.Middle, s.Value)
			use(s)
		case "lastName":
			parts.Last = joinPart(parts.Last, s.Value)
			use(s)
		case "fatherName":
			parts.Patronymic = joinPart(parts.Patronymic, s.Value)
			use(s)
		case "birthDate", "incorporationDate":
			if d, ok := parseDate(s.Value); ok {
				r.Dates = append(r.Dates, d)
				use(s)
			}
		case "passportNumber", "idNumber", "socialSecurityNumber", "taxNumber", "registrationNumber",
			"vatCode", "innCode":
			if len(s.Value) >= 3 {
				r.IDs = append(r.IDs, identifier{kind: idKindOf(s.Prop), value: s.Value})
				use(s)
			}
		case "phone":
			if len(s.Value) >= 6 {
				r.Phones = append(r.Phones, s.Value)
				use(s)
			}
		case "email":
			r.Emails = append(r.Emails, normalizeEmail(s.Value))
			use(s)
		case "address":
			r.Addresses = append(r.Addresses, newAddress(s.Value))
			use(s)
		case "addressEntity":
			out.refs = append(out.refs, s.Value)
		case "nationality", "citizenship", "jurisdiction", "country", "birthCountry":
			// Identity attributes help tell records apart; they never feed
			// a lead score (see model.IsProtected and the leads policy).
			if len(s.Value) == 2 {
				r.Countries = append(r.Countries, uint16(s.Value[0])<<8|uint16(s.Value[1]))
				use(s)
			}
		case "birthPlace":
			r.Places = append(r.Places, names.Fold(s.Value))
			use(s)
		}
	}
	addName := func(id int32) {
		if id >= 0 {
			r.Names = append(r.Names, nt.name(id))
			r.nameIDs = append(r.nameIDs, id)
		}
	}
	if parts != (names.Parts{}) {
		addName(nt.parts(parts, r.Kind))
	}
	for _, f := range fulls {
		if len(r.Names) >= maxNames {
			break
		}
		if parts != (names.Parts{}) && sameFold(f, parts) {
			continue
		}
		addName(nt.full(f, r.Kind))
	}
	for _, a := range aliases {
		if len(r.Names) >= maxNames {
			break
		}
		addName(nt.full(a, r.Kind))
	}
	slices.Sort(r.Countries)
	r.Countries = slices.Compact(r.Countries)
	r.order = recordOrder(id)
	r.Phones = uniq(r.Phones)
	r.Emails = uniq(r.Emails)
	r.Label = model.Conjoin(labels...)
	out.rec = r
	return out
}

// maxNames bounds the names kept per record: comparison cost is quadratic
// in it.
const maxNames = 6

func joinPart(a, b string) string {
	if a == "" {
		return b
	}
	if strings.Contains(a, b) {
		return a
	}
	return a + " " + b
}

// sameFold reports whether a full name only restates the parts.
func sameFold(full string, p names.Parts) bool {
	f := strings.Fields(names.Fold(full))
	q := strings.Fields(names.Fold(strings.Join([]string{p.First, p.Middle, p.Patronymic, p.Last}, " ")))
	if len(f) != len(q) {
		return false
	}
	sort.Strings(f)
	sort.Strings(q)
	for i := range f {
		if f[i] != q[i] {
			return false
		}
	}
	return true
}

// finish folds documents and addresses into their holders and returns the
// records sorted by id.
func (b *builder) finish() []*Record {
	b.flush()
	for holder, ids := range b.docs {
		if r := b.byID[holder]; r != nil {
			r.IDs = append(r.IDs, ids...)
			r.Label = model.Conjoin(append([]string{r.Label}, b.docLbl[holder]...)...)
		}
	}
	for rec, refs := range b.refs {
		r := b.byID[rec]
		if r == nil {
			continue
		}
		for _, a := range refs {
			if ad, ok := b.addrs[a]; ok {
				r.Addresses = append(r.Addresses, ad)
				r.Label = model.Conjoin(r.Label, b.addrLbl[a])
			}
		}
	}
	for _, r := range b.recs {
		r.IDs = uniqIDs(r.IDs)
	}
	sort.Slice(b.recs, func(i, j int) bool { return b.recs[i].ID < b.recs[j].ID })
	return b.recs
}

func uniq(xs []string) []string {
	if len(xs) < 2 {
		return xs
	}
	sort.Strings(xs)
	out := xs[:1]
	for _, x := range xs[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

func uniqIDs(xs []identifier) []identifier {
	seen := map[identifier]bool{}
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// recordOrder is FNV-1a of a record id.
func recordOrder(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	return h
}

func newAddress(s string) address {
	f := names.Fold(s)
	full := strings.Join(strings.FieldsFunc(f, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '-' || r == '/' }), " ")
	compact := strings.ReplaceAll(full, " ", "")
	var grams []uint16
	for i := 0; i+1 < len(compact); i++ {
		grams = append(grams, uint16(compact[i])<<8|uint16(compact[i+1]))
	}
	slices.Sort(grams)
	return address{full: full, grams: grams}
}

func normalizeEmail(e string) string {
	e = strings.ToLower(strings.TrimSpace(e))
	local, domain, ok := strings.Cut(e, "@")
	if !ok {
		return e
	}
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = local[:i]
	}
	if domain == "gmail.com" || domain == "googlemail.com" {
		local = strings.ReplaceAll(local, ".", "")
		domain = "gmail.com"
	}
	return local + "@" + domain
}
