package graph

import (
	"context"
	"iter"
	"math/bits"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/compare"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/strarena"
)

// The link graph is built in two steps. Links are extracted once, globally,
// between source records: each link is one piece of evidence (a call, a
// family relation, two travellers on one flight, a shared phone number, a
// co-mention in a report) and carries the conjunction of the labels of the
// statements it rests on. A viewer's entity graph (entitygraph.go) is then
// made by keeping the links the viewer may see and collapsing records into
// the viewer's own entities.

// LinkType is the kind of evidence a link is.
type LinkType uint8

const (
	LinkCall LinkType = iota + 1
	LinkFamily
	LinkAssociate
	LinkMembership
	LinkOwnership
	LinkDirectorship
	LinkPayment
	LinkUnknown // FtM UnknownLink
	LinkTravel  // same flight or crossing within the window
	LinkPhone   // shared phone number
	LinkEmail
	LinkAddress
	LinkDocument // shared passport or identity document number
	LinkMention  // named together in one report
	LinkHub      // a record attached to a hub node (a generic value)
	LinkBooking  // travelling on one booking (PNR)
)

var linkTypeNames = [...]string{"", "call", "family", "associate", "membership", "ownership", "directorship",
	"payment", "link", "travel", "phone", "email", "address", "document", "mention", "hub", "booking"}

func (t LinkType) String() string {
	if int(t) < len(linkTypeNames) {
		return linkTypeNames[t]
	}
	return "unknown"
}

// LinkTypes is a set of link types.
type LinkTypes uint32

// With returns the set with t added.
func (s LinkTypes) With(t LinkType) LinkTypes { return s | 1<<t }

// Has reports whether t is in the set.
func (s LinkTypes) Has(t LinkType) bool { return s&(1<<t) != 0 }

// All yields the types in the set in ascending order.
func (s LinkTypes) All() iter.Seq[LinkType] {
	return func(yield func(LinkType) bool) {
		for t := LinkType(0); t < 32; t++ {
			if s.Has(t) && !yield(t) {
				return
			}
		}
	}
}

// Len is the number of types in the set.
func (s LinkTypes) Len() int { return bits.OnesCount32(uint32(s)) }

// String lists the types' names, comma-separated, in ascending order.
func (s LinkTypes) String() string {
	var parts []string
	for t := range s.All() {
		parts = append(parts, t.String())
	}
	return strings.Join(parts, ",")
}

// ParseLinkType reads a link type name.
func ParseLinkType(s string) (LinkType, bool) {
	for i, n := range linkTypeNames {
		if n == s && i > 0 {
			return LinkType(i), true
		}
	}
	return 0, false
}

// baseStrength is how much one piece of evidence of a type says about a
// relation between two people, before source grading. A documented family
// tie says more than sharing an address with a household; being on one
// booking says much more than being on one flight or crossing a border in
// the same quarter of an hour, which strangers do every day. Repeated
// evidence adds up (noisy-or), so many calls say more than one.
var baseStrength = map[LinkType]float32{
	LinkFamily: 1, LinkAssociate: 0.9, LinkMembership: 0.8, LinkOwnership: 0.8, LinkDirectorship: 0.8,
	LinkPayment: 0.6, LinkUnknown: 0.5, LinkCall: 0.35, LinkTravel: 0.15, LinkPhone: 0.6, LinkEmail: 0.6,
	LinkAddress: 0.3, LinkDocument: 1, LinkMention: 0.3, LinkHub: 0.05, LinkBooking: 0.8,
}

// Link is one piece of evidence between two nodes.
type Link struct {
	A, B     int32 // node indices (records or hubs)
	Type     LinkType
	Label    int32   // index into Links.labels
	Time     int64   // unix seconds of the evidence, 0 if unknown
	Strength float32 // baseStrength × source grading
	Evidence int32   // index into Links.evidence
}

// Evidence names what a link rests on: the record that documents it (a
// Call, a Family, a Trip, a Report) and, for shared values, the value.
type Evidence struct {
	Record string // documenting record, "" for a shared value
	Detail string // e.g. "phone +31612345678", "flight HV1272 2023-01-02"
}

// Links is the global record-level link table. Evidence whose shape depends
// on how many records share something — a value held by many (a hub), a
// number held by several, travellers within a time window — is kept as
// groups and resolved per viewer from the members that viewer may see, so
// that nothing about hidden records (not even their number) shows.
type Links struct {
	// nodes are the records that links, groups or calls refer to, then
	// every other person or organisation record: built once and shared
	// by every viewer's entity graph, which refers to records by index.
	nodes    []string         // record ids
	index    map[string]int32 // node name → index
	links    []Link
	labels   []string
	labelIdx map[string]int32
	evidence []Evidence

	groups    []valueGroup    // shared values, flights
	crossings []crossingGroup // border crossings by point and direction
	calls     []callGroup     // calls and report mentions through numbers
	threshold int
	window    int64
	// Facts that are not relations: listings, notices, charges, by record.
	Facts map[string][]Fact
	Built time.Time
}

// Fact is a statement about one record that leads and timelines use: a
// sanction listing, a notice, a charge or conviction, a trip, a sighting.
type Fact struct {
	Kind     string // listed, notice, charged, convicted, acquitted, trip, sighting, report
	Record   string // the record documenting it (Sanction, Notice, Charge, Trip …)
	Subject  string // the record it is about
	Date     string
	Summary  string
	Place    string
	Source   string
	Label    string
	Reliab   model.Reliability
	Credib   model.Credibility
	Category model.Category
}

// Mention is a record a name in a report resolved to.
type Mention struct {
	Record string
	Label  string
}

// LinkOptions tune extraction.
type LinkOptions struct {
	// HubThreshold: a value shared by more distinct records than this becomes
	// a hub node instead of pairwise links (default 12).
	HubThreshold int
	// TravelWindow: border crossings at one point in one direction within
	// this window count as travelling together (default 15 minutes).
	TravelWindow time.Duration
	// MentionMatch resolves a name mentioned in a report to records: it
	// returns the records it clearly names (none if ambiguous), each with
	// the label of the statement that matched.
	MentionMatch func(name string) []Mention
}

func (o *LinkOptions) defaults() {
	if o.HubThreshold == 0 {
		o.HubThreshold = 12
	}
	if o.TravelWindow == 0 {
		o.TravelWindow = 15 * time.Minute
	}
}

// NumLinks is the number of record-level links.
func (l *Links) NumLinks() int { return len(l.links) }

func (l *Links) node(name string, _ bool) int32 {
	if i, ok := l.index[name]; ok {
		return i
	}
	i := int32(len(l.nodes))
	l.nodes = append(l.nodes, name)
	l.index[name] = i
	return i
}

func (l *Links) label(s string) int32 {
	if i, ok := l.labelIdx[s]; ok {
		return i
	}
	i := int32(len(l.labels))
	l.labels = append(l.labels, s)
	l.labelIdx[s] = i
	return i
}

func (l *Links) add(a, b string, t LinkType, label string, when int64, strength float32, ev Evidence) {
	if a == b {
		return
	}
	ai, bi := l.node(a, false), l.node(b, false)
	l.evidence = append(l.evidence, ev)
	l.links = append(l.links, Link{A: ai, B: bi, Type: t, Label: l.label(label), Time: when, Strength: strength,
		Evidence: int32(len(l.evidence) - 1)})
}

// holder is a record holding a value, with the label of that statement.
type holder struct {
	record string
	label  string
	grade  float32
}

// member is one record of a group, with the label of what puts it there.
type member struct {
	node  int32
	label int32
	grade float32
	time  int64
}

// valueGroup is the records sharing a value (or travelling on one flight).
type valueGroup struct {
	kind    LinkType
	detail  string // "phone +31…", "flight KL1160 2023-09-04"
	hubKey  string
	time    int64
	members []member
}

// crossingGroup is the crossings at one point in one direction, by time.
type crossingGroup struct {
	place   string
	members []member // sorted by time
}

// callGroup is a call (or a report) whose ends are partly phone numbers:
// each end's number holders count only if few of them are visible.
type callGroup struct {
	kind     LinkType
	label    int32 // of the call or report record
	grade    float32
	time     int64
	evidence int32
	ends     [2][]end // call: caller side, receiver side; mention: one side
}

// end is one way to reach a record from a call or report.
type end struct {
	node   int32
	label  int32 // of the statement tying the record to the call
	number string
}

// relation is a relation record waiting for its ends to be known.
type relation struct {
	record     string
	typ        LinkType
	src, dst   []string // record refs
	srcNum     []string // phone numbers (calls)
	dstNum     []string
	when       int64
	label      string
	grade      float32
	detail     string
	place      string
	carrier    string
	number     string
	booking    string // a booking (PNR record locator) shared by travellers
	travellers []string
	mentionsN  []string
	mentionsP  []string
}

var linkTypeOfSchema = map[string]LinkType{
	"Call": LinkCall, "Family": LinkFamily, "Associate": LinkAssociate, "Membership": LinkMembership,
	"Ownership": LinkOwnership, "Directorship": LinkDirectorship, "Payment": LinkPayment, "UnknownLink": LinkUnknown,
}

var phonePattern = regexp.MustCompile(`\+?\d[\d \-().]{6,16}\d`)

// ExtractLinks scans every statement once and builds the record-level link
// table with hubs. It reads all statements regardless of labels: each link
// carries its own label and viewers are filtered later.
func ExtractLinks(ctx context.Context, b store.Backend, o LinkOptions) (*Links, error) {
	o.defaults()
	l := &Links{index: map[string]int32{}, labelIdx: map[string]int32{}, Facts: map[string][]Fact{}, Built: time.Now(),
		threshold: o.HubThreshold, window: int64(o.TravelWindow.Seconds())}
	phones := map[string][]holder{}
	emails := map[string][]holder{}
	addrText := map[string]holder{}     // Address record → its text
	addrRefs := map[string][]holder{}   // Address record → referring records
	addrValues := map[string][]holder{} // address text → holders
	docs := map[string][]holder{}       // document number → holders
	// Every person or organisation record becomes a node, linked or not,
	// so that a viewer's entity graph can name its members by node index
	// (pointer-free arrays) instead of holding their ids in strings and
	// maps of its own: at 1M records those per-viewer objects are what
	// the garbage collector spends its marking on. They are added after
	// the links, so that linked records keep the indices (and viewers'
	// graphs the node and edge order) they had before.
	var legal []string
	var rels []*relation

	var cur string
	var ss []model.Statement
	flush := func() {
		if len(ss) == 0 {
			return
		}
		rec := ss[0].Record
		var schema, last *model.Schema
		isLegal := false
		for i := range ss {
			s := model.SchemaByName(ss[i].Schema)
			if s != nil && (schema == nil || s.IsA(schema.Name)) {
				schema = s
			}
			// A record is a person or organisation when any of its
			// statements says so: the same test ForView applies to the
			// statements a viewer sees.
			if s != nil && s != last {
				last = s
				isLegal = isLegal || s.IsA("LegalEntity")
			}
		}
		if isLegal {
			legal = append(legal, rec)
		}
		ss2 := ss
		ss = ss[:0]
		if schema == nil {
			return
		}
		grade := func(s *model.Statement) float32 {
			return float32(s.Reliability.Weight() * s.Credibility.Weight())
		}
		switch {
		case schema.IsA("LegalEntity"):
			for i := range ss2 {
				s := &ss2[i]
				h := holder{record: rec, label: s.Label, grade: grade(s)}
				switch s.Prop {
				case "phone":
					if len(s.Value) >= 6 {
						phones[s.Value] = append(phones[s.Value], h)
						if len(s.Value) >= 9 {
							phones[suffixKey(s.Value)] = append(phones[suffixKey(s.Value)], h)
						}
					}
				case "email":
					emails[strings.ToLower(s.Value)] = append(emails[strings.ToLower(s.Value)], h)
				case "address":
					k := normalizeAddress(s.Value)
					if k != "" {
						addrValues[k] = append(addrValues[k], h)
					}
				case "addressEntity":
					addrRefs[s.Value] = append(addrRefs[s.Value], h)
				case "passportNumber", "idNumber":
					if len(s.Value) >= 5 {
						docs[s.Value] = append(docs[s.Value], h)
					}
				case "topics":
					switch s.Value {
					case "sanction", "crime", "crime.terror", "crime.fin", "crime.traffick", "crime.war", "wanted":
						l.Facts[rec] = append(l.Facts[rec], Fact{Kind: "listed", Record: rec, Subject: rec, Summary: "topic " + s.Value,
							Source: s.Source, Label: s.Label, Reliab: s.Reliability, Credib: s.Credibility, Category: s.Category})
					}
				}
			}
		case schema.Name == "Address":
			var parts, labels []string
			var g float32 = 1
			for i := range ss2 {
				s := &ss2[i]
				switch s.Prop {
				case "full", "street", "city", "postalCode":
					parts = append(parts, s.Value)
					labels = append(labels, s.Label)
					g = min(g, grade(s))
				}
			}
			if k := normalizeAddress(strings.Join(parts, " ")); k != "" {
				addrText[rec] = holder{record: k, label: model.Conjoin(labels...), grade: g}
			}
		case schema.IsA("Identification"):
			var holders, nums, labels []string
			var g float32 = 1
			for i := range ss2 {
				s := &ss2[i]
				switch s.Prop {
				case "holder":
					holders = append(holders, s.Value)
				case "number", "passportNumber":
					nums = append(nums, s.Value)
				default:
					continue
				}
				labels = append(labels, s.Label)
				g = min(g, grade(s))
			}
			for _, hd := range holders {
				for _, n := range nums {
					if len(n) >= 5 {
						docs[n] = append(docs[n], holder{record: hd, label: model.Conjoin(labels...), grade: g})
					}
				}
			}
		default:
			if r := relationOf(schema, ss2, l); r != nil {
				rels = append(rels, r)
			}
		}
	}
	err := b.ScanStatements(ctx, func(s *model.Statement) error {
		if s.Record != cur {
			flush()
			cur = s.Record
		}
		ss = append(ss, *s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	flush()

	// Addresses held through Address entities.
	for addrRec, refs := range addrRefs {
		at, ok := addrText[addrRec]
		if !ok {
			continue
		}
		for _, h := range refs {
			addrValues[at.record] = append(addrValues[at.record], holder{record: h.record,
				label: model.Conjoin(h.label, at.label), grade: min(h.grade, at.grade)})
		}
	}
	shared := func(values map[string][]holder, t LinkType, prefix string) {
		keys := make([]string, 0, len(values))
		for k := range values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, v := range keys {
			l.linkHolders(values[v], t, prefix+" "+v, prefix+":"+v, o.HubThreshold, 0)
		}
	}
	exact := map[string][]holder{}
	for k, v := range phones {
		if !strings.HasPrefix(k, "~") {
			exact[k] = v
		}
	}
	shared(exact, LinkPhone, "phone")
	shared(emails, LinkEmail, "email")
	shared(addrValues, LinkAddress, "address")
	shared(docs, LinkDocument, "document")

	// Relations, calls, travel and mentions.
	trips := map[string][]holder{}
	tripTimes := map[string]int64{}
	bookings := map[string][]holder{}
	crossings := map[string][]crossing{}
	for _, r := range rels {
		switch {
		case r.typ == LinkTravel:
			for _, t := range r.travellers {
				h := holder{record: t, label: r.label, grade: r.grade}
				if r.booking != "" {
					bookings[r.booking] = append(bookings[r.booking], h)
				}
				if r.number != "" && r.when != 0 {
					key := strings.TrimSpace(r.carrier+" "+r.number) + " " + time.Unix(r.when, 0).UTC().Format("2006-01-02")
					trips[key] = append(trips[key], h)
					tripTimes[key] = r.when
				} else if r.place != "" && r.when != 0 {
					crossings[r.place+"|"+r.detail] = append(crossings[r.place+"|"+r.detail], crossing{h: h, when: r.when, trip: r.record})
				}
			}
		case r.typ == LinkCall:
			cg := callGroup{kind: LinkCall, label: l.label(r.label), grade: r.grade, time: r.when}
			l.evidence = append(l.evidence, Evidence{Record: r.record, Detail: r.detail})
			cg.evidence = int32(len(l.evidence) - 1)
			for _, rec := range r.src {
				cg.ends[0] = append(cg.ends[0], end{node: l.node(rec, false), label: cg.label})
			}
			for _, rec := range r.dst {
				cg.ends[1] = append(cg.ends[1], end{node: l.node(rec, false), label: cg.label})
			}
			cg.ends[0] = append(cg.ends[0], l.endsOf(phones, r.srcNum)...)
			cg.ends[1] = append(cg.ends[1], l.endsOf(phones, r.dstNum)...)
			l.calls = append(l.calls, cg)
		case r.typ == LinkMention:
			cg := callGroup{kind: LinkMention, label: l.label(r.label), grade: r.grade, time: r.when}
			l.evidence = append(l.evidence, Evidence{Record: r.record, Detail: r.detail})
			cg.evidence = int32(len(l.evidence) - 1)
			for _, rec := range r.src {
				cg.ends[0] = append(cg.ends[0], end{node: l.node(rec, false), label: cg.label})
			}
			for _, n := range r.mentionsN {
				if o.MentionMatch != nil {
					for _, m := range o.MentionMatch(n) {
						cg.ends[0] = append(cg.ends[0], end{node: l.node(m.Record, false), label: l.label(m.Label)})
					}
				}
			}
			cg.ends[0] = append(cg.ends[0], l.endsOf(phones, r.mentionsP)...)
			for _, e := range cg.ends[0] {
				rec := l.nodes[e.node]
				l.Facts[rec] = append(l.Facts[rec], Fact{Kind: "report", Record: r.record, Subject: rec,
					Date: dateOf(r.when), Summary: r.detail, Label: model.Conjoin(r.label, l.labels[e.label])})
			}
			l.calls = append(l.calls, cg)
		default:
			for _, a := range r.src {
				for _, c := range r.dst {
					l.add(a, c, r.typ, r.label, r.when, baseStrength[r.typ]*r.grade, Evidence{Record: r.record, Detail: r.detail})
				}
			}
		}
	}
	tkeys := make([]string, 0, len(trips))
	for k := range trips {
		tkeys = append(tkeys, k)
	}
	sort.Strings(tkeys)
	for _, k := range tkeys {
		l.linkHolders(trips[k], LinkTravel, "flight "+k, "flight:"+k, o.HubThreshold, tripTimes[k])
	}
	// Travellers on one booking planned the trip together: stronger than
	// sharing a flight with its other passengers.
	bkeys := make([]string, 0, len(bookings))
	for k := range bookings {
		bkeys = append(bkeys, k)
	}
	sort.Strings(bkeys)
	for _, k := range bkeys {
		l.linkHolders(bookings[k], LinkBooking, "booking "+k, "booking:"+k, o.HubThreshold, 0)
	}
	l.linkCrossings(crossings, o)
	for _, rec := range legal {
		l.node(rec, false)
	}
	l.compact()
	return l, nil
}

// compact copies the table's strings into shared blocks (strarena). The
// table lives as long as its data generation, and its strings — record
// ids, facts, evidence — were decoded one object each: at a million
// records, millions of objects for the collector to mark in every cycle
// while the server answers requests. A string that is a record id becomes
// the record table's copy.
func (l *Links) compact() {
	var a strarena.Arena
	index := make(map[string]int32, len(l.index))
	for i, rec := range l.nodes {
		l.nodes[i] = a.Copy(rec)
		index[l.nodes[i]] = int32(i)
	}
	l.index = index
	keep := func(s string) string {
		if i, ok := l.index[s]; ok {
			return l.nodes[i]
		}
		return a.Copy(s)
	}
	for i := range l.evidence {
		ev := &l.evidence[i]
		ev.Record, ev.Detail = keep(ev.Record), a.Copy(ev.Detail)
	}
	for i := range l.groups {
		g := &l.groups[i]
		g.detail, g.hubKey = a.Copy(g.detail), a.Copy(g.hubKey)
	}
	for i := range l.crossings {
		l.crossings[i].place = a.Copy(l.crossings[i].place)
	}
	for i := range l.calls {
		for _, ends := range l.calls[i].ends {
			for j := range ends {
				ends[j].number = a.Copy(ends[j].number)
			}
		}
	}
	// Sources and labels are few: one copy each. (The embedded store
	// decodes them shared already; rows read from PostgreSQL are not.)
	few := map[string]string{}
	one := func(s string) string {
		if c, ok := few[s]; ok {
			return c
		}
		few[s] = s
		return s
	}
	facts := make(map[string][]Fact, len(l.Facts))
	for rec, fs := range l.Facts {
		for i := range fs {
			f := &fs[i]
			f.Record, f.Subject, f.Date = keep(f.Record), keep(f.Subject), a.Copy(f.Date)
			f.Summary, f.Place = a.Copy(f.Summary), a.Copy(f.Place)
			f.Source, f.Label = one(f.Source), one(f.Label)
		}
		facts[keep(rec)] = fs
	}
	l.Facts = facts
}

type crossing struct {
	h    holder
	when int64
	trip string
}

// linkCrossings keeps crossings by point and direction; who crossed
// together is decided per viewer, from the crossings that viewer may see.
func (l *Links) linkCrossings(groups map[string][]crossing, o LinkOptions) {
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cs := groups[k]
		sort.Slice(cs, func(i, j int) bool { return cs[i].when < cs[j].when })
		g := crossingGroup{place: strings.SplitN(k, "|", 2)[0]}
		for _, c := range cs {
			g.members = append(g.members, member{node: l.node(c.h.record, false), label: l.label(c.h.label), grade: c.h.grade, time: c.when})
		}
		l.crossings = append(l.crossings, g)
	}
}

// linkHolders records a group of records sharing a value. Whether it
// becomes pairwise links or a hub is decided per viewer (ForView).
func (l *Links) linkHolders(hs []holder, t LinkType, detail, hubKey string, threshold int, when int64) {
	if len(hs) < 2 {
		return
	}
	g := valueGroup{kind: t, detail: detail, hubKey: hubKey, time: when}
	for _, h := range hs {
		g.members = append(g.members, member{node: l.node(h.record, false), label: l.label(h.label), grade: h.grade, time: when})
	}
	l.groups = append(l.groups, g)
}

// endsOf lists the records holding each number, with the labels of the
// phone statements. Numbers found in free text may lack the country code:
// then the last nine digits decide.
func (l *Links) endsOf(phones map[string][]holder, nums []string) []end {
	var out []end
	for _, n := range nums {
		hs := phones[n]
		if len(hs) == 0 && len(n) >= 9 && !strings.HasPrefix(n, "+") {
			hs = phones[suffixKey(n)]
		}
		for _, h := range hs {
			out = append(out, end{node: l.node(h.record, false), label: l.label(h.label), number: n})
		}
	}
	return out
}

// relationOf reads a relation, trip, report, charge, sanction or notice
// record. Facts are added to l directly; relations are returned.
func relationOf(schema *model.Schema, ss []model.Statement, l *Links) *relation {
	rec := ss[0].Record
	r := &relation{record: rec, grade: 1}
	var labels []string
	get := func(prop string) []string {
		var out []string
		for i := range ss {
			if ss[i].Prop == prop {
				out = append(out, ss[i].Value)
			}
		}
		return out
	}
	first := func(props ...string) string {
		for _, p := range props {
			if v := get(p); len(v) > 0 {
				return v[0]
			}
		}
		return ""
	}
	for i := range ss {
		labels = append(labels, ss[i].Label)
		r.grade = min(r.grade, float32(ss[i].Reliability.Weight()*ss[i].Credibility.Weight()))
	}
	r.label = model.Conjoin(labels...)
	r.when = unixOf(first("date", "startDate", "departureTime", "listingDate", "arrivalTime"))
	src, source := ss[0].Source, ss[0].Source
	_ = src
	fact := func(kind string, subjects []string, summary string) {
		for _, s := range subjects {
			l.Facts[s] = append(l.Facts[s], Fact{Kind: kind, Record: rec, Subject: s, Date: dateOf(r.when), Summary: summary,
				Source: source, Label: r.label, Reliab: ss[0].Reliability, Credib: ss[0].Credibility, Category: ss[0].Category,
				Place: first("location", "departurePlace", "issuingCountry")})
		}
	}
	switch {
	case schema.Name == "Trip":
		r.typ = LinkTravel
		r.travellers = get("traveller")
		if b := first("recordId"); b != "" {
			r.booking = ss[0].Source + ":" + b
		}
		r.carrier = first("carrier")
		r.number = first("number")
		r.place = first("departurePlace")
		r.detail = first("description", "mode")
		fact("trip", r.travellers, strings.TrimSpace(first("mode")+" "+r.carrier+r.number+" "+first("departurePlace")+" → "+first("arrivalPlace")))
		return r
	case schema.Name == "Report":
		r.typ = LinkMention
		r.src = get("mentions")
		r.mentionsN = get("mentionedName")
		r.mentionsP = get("mentionedPhone")
		for _, body := range get("bodyText") {
			for _, m := range phonePattern.FindAllString(body, -1) {
				if e, ok := compare.NormalizePhone(m, "ZZ"); ok {
					r.mentionsP = append(r.mentionsP, e)
				} else {
					r.mentionsP = append(r.mentionsP, normalizePhoneLoose(m))
				}
			}
		}
		r.detail = first("title", "reference")
		return r
	case schema.Name == "Charge":
		status := strings.ToLower(first("status"))
		kind := "charged"
		if strings.Contains(status, "convict") {
			kind = "convicted"
		} else if strings.Contains(status, "acquit") || strings.Contains(status, "dismiss") {
			kind = "acquitted"
		}
		fact(kind, get("defendant"), first("offence"))
		return nil
	case schema.Name == "Sanction":
		fact("listed", get("entity"), strings.TrimSpace(first("authority")+" "+first("program")))
		return nil
	case schema.Name == "Notice":
		fact("notice", get("entity"), strings.TrimSpace(first("authority")+" "+first("noticeType")+" notice "+first("charge")))
		return nil
	case schema.Name == "Sighting":
		fact("sighting", get("subject"), first("location"))
		return nil
	}
	t, ok := linkTypeOfSchema[schema.Name]
	if !ok || schema.Edge == nil {
		return nil
	}
	r.typ = t
	r.src = get(schema.Edge.Source)
	if schema.Edge.Target != "" {
		r.dst = get(schema.Edge.Target)
	}
	if t == LinkCall {
		r.srcNum = get("callerNumber")
		r.dstNum = get("receiverNumber")
		r.detail = "call"
		if d := first("duration"); d != "" {
			r.detail = "call, " + d + " s"
		}
	} else {
		r.detail = first("relationship", "role")
	}
	return r
}

// suffixKey indexes a phone number by its last nine digits.
func suffixKey(n string) string {
	d := normalizePhoneLoose(n)
	d = strings.TrimPrefix(d, "+")
	if len(d) > 9 {
		d = d[len(d)-9:]
	}
	return "~" + d
}

func unixOf(s string) int64 {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01", "2006"} {
		if len(s) >= len(layout) {
			if t, err := time.Parse(layout, s[:len(layout)]); err == nil {
				return t.Unix()
			}
		}
	}
	return 0
}

func dateOf(unix int64) string {
	if unix == 0 {
		return ""
	}
	return time.Unix(unix, 0).UTC().Format("2006-01-02T15:04")
}

func normalizeAddress(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.NewReplacer(",", " ", ".", " ").Replace(s))), " ")
}

// normalizePhoneLoose keeps a leading + and digits: numbers found in free
// text are compared with stored E.164 numbers as written.
func normalizePhoneLoose(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func uniqStrings(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
