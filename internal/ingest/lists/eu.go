package lists

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
)

const authorityEU = "European Union"

// LoadEU reads an EU Financial Sanctions File export.
func LoadEU(path string) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadEU(f, filepath.Base(path))
}

// ReadEU reads the EU Financial Sanctions Files XML "export" format
// (namespace http://eu.europa.ec/fpi/fsd/export, default or prefixed): an
// export root with sanctionEntity children carrying regulation, subjectType,
// nameAlias, citizenship, birthdate, identification, address and remark.
// Values sit in attributes. It streams one sanctionEntity at a time.
func ReadEU(r io.Reader, file string) (*List, error) {
	x := newXMLReader(r, file)
	list := &List{Name: DatasetEU, Format: FormatEU}
	tok, err := x.next()
	if err == io.EOF {
		return nil, errorf(file, 0, "", "empty file")
	}
	if err != nil {
		return nil, err
	}
	root, ok := tok.(xml.StartElement)
	if !ok || root.Name.Local != "export" {
		return nil, errorf(file, x.line(), x.where(), "root element is not export")
	}
	for _, a := range root.Attr {
		if a.Name.Local == "generationDate" {
			v := strings.TrimSpace(a.Value)
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				if t, err = time.Parse("2006-01-02", v); err != nil {
					return nil, errorf(file, x.line(), "export@generationDate", "%v", err)
				}
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
		if _, ok := tok.(xml.EndElement); ok {
			break // the only end tag at this depth is the root's
		}
		start := tok.(xml.StartElement)
		where := x.where()
		n, err := x.readNode(start)
		if err != nil {
			return nil, err
		}
		if start.Name.Local != "sanctionEntity" {
			list.Warnings = append(list.Warnings, fmt.Sprintf("%s:%d: skipped %s", file, n.line, where))
			continue
		}
		ents, err := euRecord(n)
		if err != nil {
			return nil, &ParseError{File: file, Line: n.line, Element: where, Err: err}
		}
		if prev, dup := seen[ents[0].ID]; dup {
			return nil, errorf(file, n.line, where, "logicalId %s already listed at line %d", ListID(ents[0]), prev)
		}
		seen[ents[0].ID] = n.line
		list.Entities = append(list.Entities, ents...)
	}
	if err := x.drain(); err != nil {
		return nil, err
	}
	return finish(list, file)
}

// euCountry reads countryIso2Code, falling back to countryDescription; the
// EU writes "00"/"UNKNOWN" for an unknown country.
func euCountry(n *node) (code, text string) {
	iso, desc := n.attr("countryIso2Code"), clean(n.attr("countryDescription"))
	if strings.EqualFold(desc, "unknown") || iso == "00" {
		return "", ""
	}
	if c, ok := model.CountryCode(iso); ok && iso != "" {
		return c, desc
	}
	if c, ok := model.CountryCode(desc); ok {
		return c, desc
	}
	return "", joinNonEmpty(" ", iso, desc)
}

func euRecord(n *node) ([]*model.Entity, error) {
	logicalID := n.attr("logicalId")
	if logicalID == "" || leadingDigits(logicalID) != logicalID {
		return nil, errors.New("missing or non-numeric logicalId")
	}
	st := n.child("subjectType")
	if st == nil {
		return nil, errors.New("no subjectType")
	}
	var schema string
	switch strings.ToLower(st.attr("code")) {
	case "person":
		schema = "Person"
	case "enterprise":
		schema = "Organization"
	default:
		return nil, fmt.Errorf("subjectType code %q is neither person nor enterprise", st.attr("code"))
	}
	person := schema == "Person"
	e := model.NewEntity(schema, prefixEU+logicalID)
	e.Add("topics", "sanction")
	for _, r := range n.all("remark") {
		e.Add("notes", clean(r.text.String()))
	}

	for _, a := range n.all("nameAlias") {
		whole := clean(a.attr("wholeName"))
		if whole == "" {
			whole = joinNonEmpty(" ", a.attr("firstName"), a.attr("middleName"), a.attr("lastName"))
		}
		if whole == "" {
			continue
		}
		weak := strings.EqualFold(a.attr("strong"), "false")
		for _, r := range a.all("remark") {
			rm := strings.ToLower(clean(r.text.String()))
			if strings.Contains(rm, "low quality") {
				weak = true
			} else if rm != "" && !strings.Contains(rm, "quality") {
				e.Add("notes", clean(r.text.String()))
			}
		}
		switch {
		case weak:
			e.Add("weakAlias", whole)
		case len(e.Get("name")) == 0:
			e.Add("name", whole)
		default:
			e.Add("alias", whole)
		}
		if person && !weak {
			e.Add("firstName", clean(a.attr("firstName")))
			e.Add("middleName", clean(a.attr("middleName")))
			e.Add("lastName", clean(a.attr("lastName")))
		}
		if person {
			e.Add("gender", gender(a.attr("gender")))
			e.Add("title", clean(a.attr("title")))
			e.Add("position", clean(a.attr("function")))
		} else if fn := clean(a.attr("function")); fn != "" {
			e.Add("notes", fn)
		}
	}
	if len(e.Get("name")) == 0 {
		// Only weak names: the strongest available still names the entry.
		if w := e.Get("weakAlias"); len(w) > 0 {
			e.Add("name", w[0])
		} else {
			return nil, errors.New("no nameAlias with a name")
		}
	}

	for _, c := range n.all("citizenship") {
		if !person {
			break
		}
		code, text := euCountry(c)
		if code != "" {
			e.Add("nationality", code)
		} else if text != "" {
			e.Add("notes", "Citizenship: "+text)
		}
	}
	for _, b := range n.all("birthdate") {
		if !person {
			break
		}
		d := fdate(b.attr("birthdate"))
		if d == "" {
			d = fdate(joinNonEmpty("-", b.attr("year"), b.attr("monthOfYear"), b.attr("dayOfMonth")))
		}
		e.Add("birthDate", d)
		if from, to := b.attr("yearRangeFrom"), b.attr("yearRangeTo"); d == "" && from != "" && to != "" {
			e.Add("birthDate", yearRange(from, to)...)
		}
		code, text := euCountry(b)
		e.Add("birthPlace", joinNonEmpty(", ", b.attr("place"), b.attr("city"), b.attr("region"), text))
		e.Add("birthCountry", code)
	}
	var docs []*model.Entity
	for _, id := range n.all("identification") {
		if doc := euIdentification(e, id); doc != nil {
			docs = append(docs, doc)
		}
	}
	for _, a := range n.all("address") {
		code, text := euCountry(a)
		e.Add("address", joinNonEmpty(", ", a.attr("street"), a.attr("poBox"), a.attr("place"), a.attr("city"), a.attr("zipCode"), a.attr("region"), text))
		e.Add("country", code)
		for _, ci := range a.all("contactInfo") {
			v := clean(ci.attr("value"))
			switch strings.ToUpper(ci.attr("key")) {
			case "PHONE", "FAX":
				e.Add("phone", v)
			case "EMAIL":
				e.Add("email", v)
			case "WEB":
				e.Add("website", v)
			}
		}
		for _, r := range a.all("remark") {
			if t := clean(r.text.String()); t != "" {
				e.Add("notes", "Address: "+t)
			}
		}
	}

	out := []*model.Entity{e}
	regs := n.all("regulation")
	if len(regs) == 0 {
		regs = []*node{{name: "regulation"}}
	}
	for _, reg := range regs {
		s := model.NewEntity("Sanction", "")
		s.Add("entity", e.ID)
		s.Add("authority", authorityEU)
		s.Add("country", "eu")
		s.Add("authorityId", clean(n.attr("euReferenceNumber")))
		s.Add("unscId", clean(n.attr("unitedNationId")))
		s.Add("program", clean(reg.attr("programme")))
		s.Add("reason", clean(reg.attr("numberTitle")))
		s.Add("reason", clean(n.attr("designationDetails")))
		s.Add("listingDate", fdate(reg.attr("publicationDate")))
		start := fdate(n.attr("designationDate"))
		if f := fdate(reg.attr("entryIntoForceDate")); f != "" && (start == "" || f < start) {
			start = f
		}
		s.Add("startDate", start)
		s.Add("sourceUrl", reg.value("publicationUrl"))
		s.ID = derivedID(e.ID, "sanction", reg.attr("logicalId"), s.First("program"), s.First("reason"), s.First("listingDate"))
		out = append(out, s)
	}
	return uniq(append(out, docs...)), nil
}

func euIdentification(e *model.Entity, n *node) *model.Entity {
	number := clean(n.attr("number"))
	latin := clean(n.attr("latinNumber"))
	if number == "" {
		number = latin
	}
	if number == "" {
		return nil
	}
	typ := strings.ToLower(n.attr("identificationTypeCode"))
	desc := clean(n.attr("identificationTypeDescription"))
	code, text := euCountry(n)
	schema, prop := "Identification", "idNumber"
	switch typ {
	case "passport":
		schema, prop = "Passport", "passportNumber"
	case "regnumber":
		prop = "registrationNumber"
	case "fiscalcode":
		prop = "taxNumber"
	case "imo":
		addIf(e, "imoNumber", "IMO number", number)
		return nil
	case "swiftbic":
		e.Add("notes", "SWIFT/BIC: "+number)
		return nil
	}
	if model.SchemaByName(e.Schema).Prop(prop) != nil {
		e.Add(prop, number)
		if latin != number {
			e.Add(prop, latin)
		}
	}
	doc := model.NewEntity(schema, "")
	doc.Add("holder", e.ID)
	doc.Add("number", number)
	doc.Add("number", latin)
	doc.Add("type", joinNonEmpty(": ", typ, desc))
	doc.Add("country", code)
	if code == "" && text != "" {
		doc.Add("description", "Country: "+text)
	}
	doc.Add("authority", clean(n.attr("issuedBy")))
	doc.Add("startDate", fdate(n.attr("issueDate")))
	for _, r := range n.all("remark") {
		doc.Add("description", clean(r.text.String()))
	}
	doc.ID = derivedID(e.ID, strings.ToLower(schema), schema, typ, number, code)
	return doc
}
