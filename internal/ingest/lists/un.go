package lists

import (
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
)

const authorityUN = "United Nations Security Council"

// LoadUN reads the UN Security Council consolidated list file.
func LoadUN(path string) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadUN(f, filepath.Base(path))
}

// ReadUN reads the UN consolidated list XML (CONSOLIDATED_LIST with
// INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY). It streams: one record is
// held at a time. file names the input in errors.
func ReadUN(r io.Reader, file string) (*List, error) {
	x := newXMLReader(r, file)
	list := &List{Name: DatasetUN, Format: FormatUN}
	tok, err := x.next()
	if err == io.EOF {
		return nil, errorf(file, 0, "", "empty file")
	}
	if err != nil {
		return nil, err
	}
	root, ok := tok.(xml.StartElement)
	if !ok || root.Name.Local != "CONSOLIDATED_LIST" {
		return nil, errorf(file, x.line(), x.where(), "root element is not CONSOLIDATED_LIST")
	}
	for _, a := range root.Attr {
		if a.Name.Local == "dateGenerated" {
			t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(a.Value))
			if err != nil {
				return nil, errorf(file, x.line(), "CONSOLIDATED_LIST@dateGenerated", "%v", err)
			}
			list.Published = t.UTC()
		}
	}
	seen := map[string]int{}
	for {
		tok, err := x.next()
		if err != nil {
			return nil, err
		}
		if end, ok := tok.(xml.EndElement); ok {
			if end.Name.Local == "CONSOLIDATED_LIST" {
				break
			}
			continue
		}
		start := tok.(xml.StartElement)
		switch start.Name.Local {
		case "INDIVIDUALS", "ENTITIES":
			continue // containers: their records come next
		case "INDIVIDUAL", "ENTITY":
		default:
			return nil, errorf(file, x.line(), x.where(), "unexpected element")
		}
		where := x.where()
		n, err := x.readNode(start)
		if err != nil {
			return nil, err
		}
		ents, err := unRecord(n)
		if err != nil {
			return nil, &ParseError{File: file, Line: n.line, Element: where, Err: err}
		}
		if prev, dup := seen[ents[0].ID]; dup {
			return nil, errorf(file, n.line, where, "DATAID %s already listed at line %d", ListID(ents[0]), prev)
		}
		seen[ents[0].ID] = n.line
		list.Entities = append(list.Entities, ents...)
	}
	if err := x.drain(); err != nil {
		return nil, err
	}
	return finish(list, file)
}

// unRecord maps one INDIVIDUAL or ENTITY to its subject (first) and the
// entities derived from it.
func unRecord(n *node) ([]*model.Entity, error) {
	dataID := n.value("DATAID")
	if dataID == "" || leadingDigits(dataID) != dataID {
		return nil, errors.New("missing or non-numeric DATAID")
	}
	person := n.name == "INDIVIDUAL"
	schema := "Organization"
	if person {
		schema = "Person"
	}
	e := model.NewEntity(schema, prefixUN+dataID)
	e.Add("topics", "sanction")

	names := []string{n.value("FIRST_NAME"), n.value("SECOND_NAME"), n.value("THIRD_NAME"), n.value("FOURTH_NAME")}
	full := joinNonEmpty(" ", names...)
	if full == "" {
		return nil, errors.New("record without a name")
	}
	e.Add("name", full)
	if person {
		// The UN gives names in order but does not say which is the
		// family name, so only the first two positions are labelled.
		e.Add("firstName", names[0])
		e.Add("secondName", names[1])
		e.Add("middleName", names[2])
		e.Add("gender", gender(n.value("GENDER")))
		e.Add("title", n.values("TITLE", "VALUE")...)
		e.Add("position", n.values("DESIGNATION", "VALUE")...)
		for _, v := range n.values("NATIONALITY", "VALUE") {
			addCountry(e, "nationality", "Nationality", v)
		}
	}
	e.Add("alias", n.value("NAME_ORIGINAL_SCRIPT"))
	for _, a := range append(n.all("INDIVIDUAL_ALIAS"), n.all("ENTITY_ALIAS")...) {
		name := a.value("ALIAS_NAME")
		if name == "" {
			continue
		}
		q := strings.ToLower(a.value("QUALITY"))
		note := strings.ToLower(a.value("NOTE"))
		switch {
		case q == "low":
			e.Add("weakAlias", name)
		case q == "f.k.a." || strings.Contains(note, "formerly"):
			e.Add("previousName", name)
		default: // Good, a.k.a. or unstated
			e.Add("alias", name)
		}
		if person {
			// An alias may carry its own date and place of birth.
			e.Add("birthDate", fdate(a.value("DATE_OF_BIRTH")))
			e.Add("birthPlace", joinNonEmpty(", ", a.value("CITY_OF_BIRTH"), a.value("COUNTRY_OF_BIRTH")))
			if c, ok := model.CountryCode(a.value("COUNTRY_OF_BIRTH")); ok {
				e.Add("birthCountry", c)
			}
		}
	}
	for _, d := range n.all("INDIVIDUAL_DATE_OF_BIRTH") {
		unBirthDate(e, d)
	}
	for _, p := range n.all("INDIVIDUAL_PLACE_OF_BIRTH") {
		e.Add("birthPlace", joinNonEmpty(", ", p.value("STREET"), p.value("CITY"), p.value("STATE_PROVINCE"), p.value("COUNTRY")))
		if c, ok := model.CountryCode(p.value("COUNTRY")); ok {
			e.Add("birthCountry", c)
		}
	}
	for _, a := range append(n.all("INDIVIDUAL_ADDRESS"), n.all("ENTITY_ADDRESS")...) {
		e.Add("address", joinNonEmpty(", ", a.value("STREET"), a.value("CITY"), a.value("STATE_PROVINCE"), a.value("ZIP_CODE"), a.value("COUNTRY")))
		addCountry(e, "country", "Address country", a.value("COUNTRY"))
		if note := a.value("NOTE"); note != "" {
			e.Add("notes", "Address: "+note)
		}
	}
	e.Add("notes", strings.TrimLeft(n.value("COMMENTS1"), ":;,. "))
	var updated string
	for _, v := range n.values("LAST_DAY_UPDATED", "VALUE") {
		if d := fdate(v); d > updated {
			updated = d
		}
	}
	e.Add("modifiedAt", updated)

	out := []*model.Entity{e}
	s := model.NewEntity("Sanction", "")
	s.Add("entity", e.ID)
	s.Add("authority", authorityUN)
	s.Add("authorityId", dataID)
	s.Add("unscId", n.value("REFERENCE_NUMBER"))
	s.Add("program", n.value("UN_LIST_TYPE"))
	s.Add("listingDate", fdate(n.value("LISTED_ON")))
	s.ID = derivedID(e.ID, "sanction", s.First("unscId"), s.First("program"), s.First("listingDate"))
	out = append(out, s)

	for _, d := range n.all("INDIVIDUAL_DOCUMENT") {
		if doc := unDocument(e, d); doc != nil {
			out = append(out, doc)
		}
	}
	return uniq(out), nil
}

func unBirthDate(e *model.Entity, d *node) {
	typ := strings.ToUpper(d.value("TYPE_OF_DATE"))
	switch typ {
	case "BETWEEN":
		years := yearRange(d.value("FROM_YEAR"), d.value("TO_YEAR"))
		e.Add("birthDate", years...)
		if years == nil {
			e.Add("notes", "Born between "+joinNonEmpty(" and ", d.value("FROM_YEAR"), d.value("TO_YEAR")))
		}
	default: // EXACT, APPROXIMATELY or unstated
		e.Add("birthDate", fdate(d.value("DATE")))
		e.Add("birthDate", fdate(d.value("YEAR")))
		if typ == "APPROXIMATELY" {
			if v := joinNonEmpty("", d.value("DATE"), d.value("YEAR")); v != "" {
				e.Add("notes", "Date of birth approximately "+v)
			}
		}
	}
	if note := d.value("NOTE"); note != "" {
		// Notes such as "Nov. 1973" refine an approximate year.
		if fd := fdate(note); len(fd) > 4 {
			e.Add("birthDate", fd)
		}
		e.Add("notes", "Date of birth: "+note)
	}
}

// unDocument turns an INDIVIDUAL_DOCUMENT with a number into a Passport or
// Identification entity and puts the number on the person too, where the
// screening code looks for it.
func unDocument(e *model.Entity, d *node) *model.Entity {
	number := d.value("NUMBER")
	typ := joinNonEmpty(" / ", d.value("TYPE_OF_DOCUMENT"), d.value("TYPE_OF_DOCUMENT2"))
	if number == "" {
		if typ != "" {
			e.Add("notes", "Document: "+joinNonEmpty(", ", typ, d.value("NOTE")))
		}
		return nil
	}
	lt := strings.ToLower(typ)
	schema, prop := "Identification", "idNumber"
	if strings.Contains(lt, "passport") || strings.Contains(lt, "pasaporte") || strings.Contains(lt, "passeport") {
		schema, prop = "Passport", "passportNumber"
	}
	e.Add(prop, number)
	doc := model.NewEntity(schema, "")
	doc.Add("holder", e.ID)
	doc.Add("number", number)
	doc.Add("type", typ)
	country := joinNonEmpty("", d.value("ISSUING_COUNTRY"))
	if country == "" {
		country = d.value("COUNTRY_OF_ISSUE")
	}
	addCountry(doc, "country", "Issuing country", country)
	doc.Add("startDate", fdate(d.value("DATE_OF_ISSUE")))
	doc.Add("description", joinNonEmpty("; ", d.value("CITY_OF_ISSUE"), d.value("NOTE")))
	doc.ID = derivedID(e.ID, strings.ToLower(schema), schema, number, doc.First("country"), typ)
	return doc
}
