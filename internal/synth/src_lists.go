package synth

import (
	"encoding/json"
	"os"
)

// The national watchlist and the international (INTERPOL-style) red notices.
// Both list people planted as network members (one or two per network) and
// a few unrelated people listed for their own reasons.
const (
	watchAlias    = 0.35 // an alias: the same name in another romanisation
	watchInverted = 0.2  // "FAMILY, Given"
	watchTypo     = 0.03
	watchYearOnly = 0.2
	watchPlace    = 0.5
	watchNat      = 0.85
	noticeTypo    = 0.02
	noticeDualNat = 0.1
)

var (
	watchStyle  = style{alt: 0.35, informal: 0.02, middle: 0.5, father: 0.5, initials: 0.1}
	aliasStyle  = style{alt: 0.9, informal: 0.3, middle: 0.3, father: 0.3}
	noticeStyle = style{alt: 0.1, informal: 0, middle: 1, father: 0, fatherAsGiven: true}
)

var watchReasons = map[uint8]string{
	8:  "Suspected of large-scale trafficking in hard drugs",
	9:  "Subject of a money laundering investigation",
	10: "Suspected of organising human smuggling",
	11: "Suspected of trafficking in firearms",
	4:  "Suspected of organised fraud",
	12: "Suspected of producing false documents",
	5:  "Suspected member of an organised burglary ring",
}

func (w *world) writeWatchlist(e *emitter) error {
	t, err := createTable(e.path("national_watchlist.csv"), ',',
		"list_id", "full_name", "alias", "date_of_birth", "place_of_birth", "nationality", "reason",
		"listed_on", "programme")
	if err != nil {
		return err
	}
	r := e.r
	for i, l := range w.plan.watch {
		p := &w.people[l.person]
		c := cultures[p.culture]
		id := "NL-WL-" + pad(int(permute(uint64(i), w.seed, 1_000_000)), 6)
		n := renderName(p, &watchStyle, r)
		name := n.full()
		if r.chance(watchInverted) {
			name = nameCase(n.family, 1, c.code == "tr", r) + ", " + join3(n.given, n.father, "")
		}
		if r.chance(watchTypo) {
			name = typo(name, r)
		}
		alias := ""
		if r.chance(watchAlias) {
			a := renderName(p, &aliasStyle, r)
			if s := a.full(); s != n.full() {
				alias = s
			}
		}
		place := ""
		if r.chance(watchPlace) {
			place = placeLatin(countries[p.birthCountry].cities[p.birthCity], 0.3, r)
		}
		nat := ""
		if r.chance(watchNat) {
			nat = countries[p.nat].iso2
		}
		for _, f := range []string{id, name, alias, partialISO(p.dob, watchYearOnly, 0, r), place, nat,
			watchReasons[l.reason], fmtDay(l.day, dateISO), "NL-OC"} {
			t.field(f)
		}
		t.end()
		e.person("watchlist-person", l.person, id)
		if err := e.row(); err != nil {
			t.close()
			return err
		}
	}
	return t.close()
}

// The INTERPOL list shape, field for field (see the shared sample).
type noticeLinks struct {
	Self      href  `json:"self"`
	Images    href  `json:"images"`
	Thumbnail *href `json:"thumbnail,omitempty"`
}

type href struct {
	Href string `json:"href"`
}

type notice struct {
	Forename      string      `json:"forename"`
	DateOfBirth   string      `json:"date_of_birth"`
	EntityID      string      `json:"entity_id"`
	Nationalities []string    `json:"nationalities"`
	Name          string      `json:"name"`
	Links         noticeLinks `json:"_links"`
}

type noticeList struct {
	Total int `json:"total"`
	Query struct {
		Page          int `json:"page"`
		ResultPerPage int `json:"resultPerPage"`
	} `json:"query"`
	Embedded struct {
		Notices []notice `json:"notices"`
	} `json:"_embedded"`
	Links struct {
		Self  href `json:"self"`
		First href `json:"first"`
		Last  href `json:"last"`
	} `json:"_links"`
}

const noticeBase = "https://ws-public.interpol.int/notices/v1/red"

func (w *world) writeNotices(e *emitter) error {
	r := e.r
	var out noticeList
	out.Embedded.Notices = []notice{}
	for i, l := range w.plan.notices {
		p := &w.people[l.person]
		y, _, _ := civilFromDays(l.day)
		num := pad(int(permute(uint64(i), w.seed, 100_000)), 5)
		id := itoa(y) + "/" + num
		n := renderName(p, &noticeStyle, r)
		fore, name := mrz(n.given), mrz(n.family)
		if r.chance(noticeTypo) {
			name = typo(name, r)
		}
		nats := []string{countries[p.nat].iso2}
		if nats[0] != "NL" && r.chance(noticeDualNat) {
			nats = append(nats, "NL")
		}
		self := noticeBase + "/" + itoa(y) + "-" + num
		nt := notice{Forename: fore, DateOfBirth: fmtDay(p.dob, dateYMDSl), EntityID: id,
			Nationalities: nats, Name: name,
			Links: noticeLinks{Self: href{self}, Images: href{self + "/images"}}}
		if r.chance(0.95) {
			nt.Links.Thumbnail = &href{self + "/images/" + pad(int(mix64(uint64(i)^w.seed)%100_000_000), 8)}
		}
		out.Embedded.Notices = append(out.Embedded.Notices, nt)
		e.person("interpol-person", l.person, id)
		if err := e.row(); err != nil {
			return err
		}
	}
	out.Total = len(out.Embedded.Notices)
	out.Query.Page = 1
	out.Query.ResultPerPage = out.Total
	page := noticeBase + "?&resultPerPage=" + itoa(out.Total) + "&page=1"
	out.Links.Self, out.Links.First, out.Links.Last = href{page}, href{page}, href{page}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	return os.WriteFile(e.path("interpol_red_notices.json"), b, 0o644)
}

const watchlistMapping = `# National watchlist (public part): people listed for suspected involvement
# in organised crime. full_name is as the listing authority writes it (its
# own romanisation; sometimes "FAMILY, Given"); alias is another spelling.
# date_of_birth is ISO 8601, sometimes the year only. nationality ISO 3166-1
# alpha-2.
nl_watchlist:
  label: ""
  reliability: B
  credibility: "2"
  category: suspect
  region: NL
  queries:
    - csv_url: national_watchlist.csv
      entities:
        listed:
          schema: Person
          key_literal: watchlist-person
          keys: [list_id]
          properties:
            name: {column: full_name}
            alias: {column: alias}
            birthDate: {column: date_of_birth}
            birthPlace: {column: place_of_birth}
            nationality: {column: nationality}
        listing:
          schema: Sanction
          key_literal: watchlist-listing
          keys: [list_id]
          properties:
            entity: {entity: listed}
            authority: {literal: National watchlist (NL)}
            authorityId: {column: list_id}
            reason: {column: reason}
            listingDate: {column: listed_on}
            program: {column: programme}
`

const noticesMapping = `# International wanted-person notices in the shape of INTERPOL's public Red
# Notice list API (one page holding every notice): forename and name in upper
# case as on the issuing country's documents, date_of_birth YYYY/MM/DD,
# entity_id YYYY/NNNNN, nationalities a list of ISO 3166-1 alpha-2 codes.
# Synthetic: no notice describes a real person.
interpol_red_notices:
  label: ""
  reliability: B
  credibility: "2"
  category: suspect
  region: NL
  queries:
    - json_url: interpol_red_notices.json
      json_path: _embedded.notices
      entities:
        wanted:
          schema: Person
          key_literal: interpol-person
          keys: [entity_id]
          properties:
            firstName: {column: forename}
            lastName: {column: name}
            name: {columns: [forename, name], join: " "}
            birthDate: {column: date_of_birth, format: "%Y/%m/%d"}
            nationality: {column: nationalities}
        notice:
          schema: Notice
          key_literal: interpol-notice
          keys: [entity_id]
          properties:
            entity: {entity: wanted}
            authority: {literal: INTERPOL}
            noticeType: {literal: red}
            noticeId: {column: entity_id}
            sourceUrl: {column: _links.self.href}
`
