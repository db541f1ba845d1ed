package screen

import (
	"strings"

	"github.com/mosaichq/mosaic/internal/compare"
	"github.com/mosaichq/mosaic/internal/ingest/lists"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/names"
)

// Record is what the index keeps of one listed subject. Lists give it as an
// FtM entity (RecordFromEntity); benchmarks and the store may fill it
// directly, which avoids holding a property map per subject.
type Record struct {
	ID      string // entity id, unique within the index
	List    string // dataset name (un_sc_sanctions, us_ofac_sdn …)
	ListID  string // the list's own id (UN DATAID, OFAC ent_num …)
	Schema  string // FtM schema name
	Caption string

	Names     []string      // name, alias, previousName …
	WeakNames []string      // weak aliases ("good quality" vs "low quality" on UN/OFAC lists)
	Parts     []names.Parts // structured names (firstName/middleName/lastName)

	BirthDates  []string // as listed: full, partial (1979, 1979-05) or several
	Countries   []string // nationality and citizenship (ISO-2 or country names)
	OtherPlaces []string // residence, birth country: agree weakly, never conflict
	Identifiers []string // passport, national id, registration numbers

	// Entity is kept for API responses (yente returns the properties);
	// nil for records built without one.
	Entity *model.Entity
}

// Properties read as names, dates, countries and identifiers. Gender,
// religion, ethnicity and the like are deliberately absent: screening must
// not score on protected data other than what identifies (nationality).
var (
	nameProps     = []string{"name", "alias", "previousName"}
	weakNameProps = []string{"weakAlias"}
	dateProps     = []string{"birthDate", "incorporationDate"}
	countryProps  = []string{"nationality", "citizenship", "jurisdiction"}
	placeProps    = []string{"country", "birthCountry", "mainCountry"}
	idProps       = []string{"passportNumber", "idNumber", "taxNumber", "registrationNumber",
		"socialSecurityNumber", "vatCode", "innCode", "ogrnCode", "leiCode", "imoNumber", "swiftBic"}
)

// RecordFromEntity reads a listed subject's screening properties. list is
// the dataset name recorded on results (the entity's first dataset when
// empty).
func RecordFromEntity(list string, e *model.Entity) Record {
	if list == "" && len(e.Datasets) > 0 {
		list = e.Datasets[0]
	}
	r := Record{
		ID: e.ID, List: list, ListID: lists.ListID(e), Schema: e.Schema,
		Caption: e.Caption, Entity: e,
	}
	if r.Caption == "" {
		r.Caption = e.PickCaption()
	}
	for _, p := range nameProps {
		r.Names = append(r.Names, e.Get(p)...)
	}
	for _, p := range weakNameProps {
		r.WeakNames = append(r.WeakNames, e.Get(p)...)
	}
	first, last := e.Get("firstName"), e.Get("lastName")
	second, middle := e.Get("secondName"), e.Get("middleName")
	father := e.Get("fatherName")
	if len(first) > 0 || len(last) > 0 {
		p := names.Parts{}
		if len(first) > 0 {
			p.First = first[0]
		}
		if len(middle) > 0 {
			p.Middle = middle[0]
		}
		if len(father) > 0 {
			p.Patronymic = father[0]
		}
		switch {
		case len(last) > 0:
			p.Last = last[0]
			if len(second) > 0 && p.Middle == "" {
				p.Middle = second[0]
			}
		case len(second) > 0:
			// UN lists number names (first, second, third) without saying
			// which is the family name: keep them unstructured.
			p = names.Parts{Full: strings.Join(append([]string{p.First}, append(second, middle...)...), " ")}
		}
		if p.Full == "" || !contains(r.Names, p.Full) {
			r.Parts = append(r.Parts, p)
		}
	}
	for _, p := range dateProps {
		r.BirthDates = append(r.BirthDates, e.Get(p)...)
	}
	for _, p := range countryProps {
		r.Countries = append(r.Countries, e.Get(p)...)
	}
	for _, p := range placeProps {
		r.OtherPlaces = append(r.OtherPlaces, e.Get(p)...)
	}
	for _, p := range idProps {
		r.Identifiers = append(r.Identifiers, e.Get(p)...)
	}
	return r
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// kindOf maps an FtM schema to how its names are compared and which query
// kinds it may answer.
type kindClass uint8

const (
	classPerson kindClass = 1 << iota
	classOrg
	classThing // vessels, aircraft: named like organisations
)

func schemaClass(schema string) kindClass {
	s := model.SchemaByName(schema)
	switch {
	case schema == "" || schema == "Person":
		return classPerson
	case s != nil && s.IsA("Person"):
		return classPerson
	case s != nil && s.IsA("Organization"):
		return classOrg
	case schema == "LegalEntity":
		return classPerson | classOrg
	case s != nil && s.IsA("LegalEntity"):
		return classOrg
	default:
		return classThing
	}
}

func (c kindClass) nameKind() names.Kind {
	if c&classPerson != 0 && c&^classPerson == 0 {
		return names.Person
	}
	if c&classPerson != 0 {
		return names.Person
	}
	return names.Organization
}

// compatible reports whether a listed subject of class list can answer a
// query of class q. Organisation queries also see things (a vessel owner's
// name is often a vessel's).
func compatible(q, list kindClass) bool {
	if q&classOrg != 0 {
		q |= classThing
	}
	if q&classThing != 0 {
		q |= classOrg
	}
	return q&list != 0
}

// normCountry turns a listed or queried country into a lower-case code, or
// "" when it cannot be read.
func normCountry(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c, ok := model.CountryCode(s); ok {
		return c
	}
	return ""
}

// normIdentifier reduces an identifier to the form compared and indexed.
func normIdentifier(s string) string {
	n := compare.NormalizeIdentifier(s)
	if len(n) < 4 {
		return ""
	}
	return n
}
