package lists

import (
	"regexp"
	"strings"

	"github.com/mosaichq/mosaic/internal/model"
)

// ofacIDTypes are the identifier labels of OFAC remarks, longest first
// where one is a prefix of another. prop is the subject's property that
// also receives the number ("" keeps it on the document only).
var ofacIDTypes = []struct {
	label, prop string
}{
	{"National ID No.", "idNumber"},
	{"National Identification Number", "idNumber"},
	{"Cedula No.", "idNumber"},
	{"Identification Number", "idNumber"},
	{"Personal ID Card", "idNumber"},
	{"Personal Identification Number", "idNumber"},
	{"D.N.I.", "idNumber"},
	{"C.U.R.P. #", "idNumber"},
	{"C.U.R.P.", "idNumber"},
	{"C.U.I.P.", "idNumber"},
	{"R.F.C. #", "taxNumber"},
	{"R.F.C.", "taxNumber"},
	{"RFC", "taxNumber"},
	{"SSN", "socialSecurityNumber"},
	{"Tax ID No.", "taxNumber"},
	{"V.A.T. Number", "vatCode"},
	{"C.U.I.T.", "taxNumber"},
	{"NIT #", "taxNumber"},
	{"RUC #", "taxNumber"},
	{"RTN", "taxNumber"},
	{"US FEIN", "taxNumber"},
	{"Italian Fiscal Code", "taxNumber"},
	{"Registration ID", "registrationNumber"},
	{"Registration Number", "registrationNumber"},
	{"UK Company Number", "registrationNumber"},
	{"Company Number", "registrationNumber"},
	{"Commercial Registry Number", "registrationNumber"},
	{"Matricula Mercantil No", "registrationNumber"},
	{"Folio Mercantil No.", "registrationNumber"},
	{"Business Registration Document #", "registrationNumber"},
	{"Business Registration Number", "registrationNumber"},
	{"Chamber of Commerce Number", "registrationNumber"},
	{"Certificate of Incorporation Number", "registrationNumber"},
	{"Legal Entity Number", "registrationNumber"},
	{"Government Gazette Number", "registrationNumber"},
	{"Trade License No.", "registrationNumber"},
	{"C.R. No.", "registrationNumber"},
	{"United Social Credit Code Certificate (USCCC)", "registrationNumber"},
	{"Unified Social Credit Code (USCC)", "registrationNumber"},
	{"Branch Unit Number", "registrationNumber"},
	{"D-U-N-S Number", ""},
	{"Driver's License No.", "idNumber"},
	{"Birth Certificate Number", "idNumber"},
	{"Residency Number", "idNumber"},
	{"Electoral Registry No.", "idNumber"},
	{"Credencial electoral", "idNumber"},
	{"Turkish Identification Number", "idNumber"},
	{"Citizen's Card Number", "idNumber"},
	{"Cartilla de Servicio Militar Nacional", "idNumber"},
	{"I.F.E.", "idNumber"},
	{"Numero de Identidad", "idNumber"},
	{"LE Number", "idNumber"},
	{"Public Security and Immigration No.", "idNumber"},
	{"Stateless Person ID Card", "idNumber"},
	{"Refugee ID Card", "idNumber"},
	{"Kenyan ID No.", "idNumber"},
	{"Pakistani ID No.", "idNumber"},
}

// Remarks that describe the sanction rather than the person.
var ofacProvisionPrefixes = []string{
	"Additional Sanctions Information", "Secondary sanctions risk", "Transactions Prohibited",
	"Executive Order", "CAATSA", "Listing Date", "Effective Date", "Target Type",
	"IFCA Determination", "Effective Date (EO",
}

var (
	reIssued  = regexp.MustCompile(`(?i)\bissued\s+(.+?)(?:\s+expires\b|$)`)
	reExpires = regexp.MustCompile(`(?i)\bexpires\s+(.+)$`)
	reCountry = regexp.MustCompile(`\(([^()]+)\)`)
)

// parseOFACRemarks reads the ';'-separated remarks of one entry into the
// subject (e) and its sanction (s), returning the documents it found.
// Segments it does not understand are kept in notes, so nothing is lost.
func parseOFACRemarks(e, s *model.Entity, remarks string) []*model.Entity {
	var docs []*model.Entity
	var rest []string
	schema := model.SchemaByName(e.Schema)
	has := func(p string) bool { return schema.Prop(p) != nil }
	remarks = strings.TrimSuffix(strings.TrimSpace(remarks), ".")
	for _, seg := range strings.Split(remarks, ";") {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		body := seg
		for _, p := range [...]string{"alt. ", "Alt. "} {
			body = strings.TrimPrefix(body, p)
		}
		switch {
		case cutWord(body, "DOB") != "" && has("birthDate"):
			if dates := ofacDOB(cutWord(body, "DOB")); dates != nil {
				e.Add("birthDate", dates...)
				continue
			}
		case cutWord(body, "POB") != "" && has("birthPlace"):
			v := strings.TrimLeft(cutWord(body, "POB"), ": ")
			e.Add("birthPlace", clean(v))
			parts := strings.Split(v, ",")
			if c, ok := model.CountryCode(parts[len(parts)-1]); ok {
				e.Add("birthCountry", c)
			}
			continue
		case cutWord(body, "nationality") != "" && has("nationality"):
			addCountry(e, "nationality", "Nationality", cutWord(body, "nationality"))
			continue
		case cutWord(body, "citizen") != "" && has("citizenship"):
			addCountry(e, "citizenship", "Citizenship", cutWord(body, "citizen"))
			continue
		case cutWord(body, "Gender") != "" && has("gender"):
			if g := gender(cutWord(body, "Gender")); g != "" {
				e.Add("gender", g)
				continue
			}
		case strings.HasPrefix(body, "a.k.a. ") || strings.HasPrefix(body, "n.k.a. "):
			e.Add("alias", unquote(body[7:]))
			continue
		case strings.HasPrefix(body, "f.k.a. "):
			e.Add("previousName", unquote(body[7:]))
			continue
		case passportLabel(body) != "":
			label := passportLabel(body)
			if doc := ofacDocument(e, "Passport", label, "passportNumber", strings.TrimSpace(body[len(label):])); doc != nil {
				docs = append(docs, doc)
				continue
			}
		case hasAnyPrefix(body, ofacProvisionPrefixes):
			s.Add("provisions", seg)
			continue
		case hasAnyPrefix(body, []string{"Email Address", "Email"}) && has("email"):
			e.Add("email", strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(body, "Email Address"), "Email"), ": "))
			continue
		case strings.HasPrefix(body, "Website") && has("website"):
			e.Add("website", strings.TrimSpace(strings.TrimPrefix(body, "Website")))
			continue
		case hasAnyPrefix(body, []string{"Telephone", "Phone", "Fax"}) && has("phone"):
			v := body[strings.IndexByte(body, ' ')+1:]
			for _, p := range [...]string{"No.", "Number", "No", ":"} {
				v = strings.TrimSpace(strings.TrimPrefix(v, p))
			}
			e.Add("phone", v)
			continue
		case strings.HasPrefix(body, "Organization Established Date") && has("incorporationDate"):
			if d := fdate(strings.TrimSpace(strings.TrimPrefix(body, "Organization Established Date"))); d != "" {
				e.Add("incorporationDate", d)
				continue
			}
		case strings.HasPrefix(body, "Vessel Registration Identification"):
			v := strings.TrimSpace(strings.TrimPrefix(body, "Vessel Registration Identification"))
			addIf(e, "imoNumber", "IMO number", strings.TrimSpace(strings.TrimPrefix(v, "IMO")))
			continue
		case strings.HasPrefix(body, "MMSI "):
			addIf(e, "mmsi", "MMSI", body[5:])
			continue
		default:
			if t, v := ofacIDType(body); t != nil {
				if doc := ofacDocument(e, "Identification", t.label, t.prop, v); doc != nil {
					docs = append(docs, doc)
					continue
				}
			}
		}
		rest = append(rest, seg)
	}
	if len(rest) > 0 {
		e.Add("notes", strings.Join(rest, "; "))
	}
	return docs
}

// ofacDOB reads "10 Jan 1960", "circa 1951", "1955 to 1958" and "01 Jan
// 1960 to 31 Dec 1962"; a span of whole years becomes those years.
func ofacDOB(v string) []string {
	v = strings.TrimSpace(strings.TrimPrefix(v, "circa "))
	from, to, isRange := strings.Cut(v, " to ")
	if !isRange {
		if d := fdate(v); d != "" {
			return []string{d}
		}
		return nil
	}
	a, b := fdate(from), fdate(to)
	if a == "" || b == "" {
		return nil
	}
	wholeYears := (len(a) == 4 || strings.HasSuffix(a, "-01-01")) && (len(b) == 4 || strings.HasSuffix(b, "-12-31"))
	if wholeYears {
		if years := yearRange(a[:4], b[:4]); years != nil {
			return years
		}
	}
	return []string{a, b}
}

// cutWord returns what follows "word " at the start of s.
func cutWord(s, word string) string {
	if len(s) > len(word)+1 && strings.HasPrefix(s, word) && s[len(word)] == ' ' {
		return strings.TrimSpace(s[len(word)+1:])
	}
	return ""
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func passportLabel(s string) string {
	for _, p := range [...]string{"Diplomatic Passport", "Official Passport", "Service Passport", "Passport No.", "Passport"} {
		if strings.HasPrefix(s, p+" ") {
			return p
		}
	}
	return ""
}

func ofacIDType(s string) (*struct{ label, prop string }, string) {
	for i := range ofacIDTypes {
		t := &ofacIDTypes[i]
		if strings.HasPrefix(s, t.label+" ") {
			return t, strings.TrimSpace(s[len(t.label)+1:])
		}
	}
	return nil, ""
}

// unquote strips the single quotes OFAC puts around a.k.a. names.
func unquote(s string) string {
	return clean(strings.Trim(strings.TrimSpace(s), "'\""))
}

// ofacDocument reads "A123456 (Iraq) issued 10 Jan 2000 expires 09 Jan
// 2010" into a Passport or Identification entity and puts the number on the
// subject.
func ofacDocument(e *model.Entity, schema, label, prop, v string) *model.Entity {
	number := v
	if i := strings.IndexAny(number, "("); i >= 0 {
		number = number[:i]
	}
	for _, w := range [...]string{" issued ", " expires "} {
		if i := strings.Index(strings.ToLower(number), w); i >= 0 {
			number = number[:i]
		}
	}
	number = clean(strings.TrimLeft(number, "#:. "))
	if number == "" {
		return nil
	}
	doc := model.NewEntity(schema, "")
	doc.Add("holder", e.ID)
	doc.Add("number", number)
	doc.Add("type", label)
	if m := reCountry.FindStringSubmatch(v); m != nil {
		addCountry(doc, "country", "Country", m[1])
	}
	if m := reIssued.FindStringSubmatch(v); m != nil {
		if d := fdate(m[1]); d != "" {
			doc.Add("startDate", d)
		}
	}
	if m := reExpires.FindStringSubmatch(v); m != nil {
		if d := fdate(m[1]); d != "" {
			doc.Add("endDate", d)
		}
	}
	if prop != "" {
		if p := model.SchemaByName(e.Schema).Prop(prop); p != nil {
			e.Add(prop, number)
		} else {
			e.Add("notes", label+" "+number)
		}
	}
	doc.ID = derivedID(e.ID, strings.ToLower(schema), schema, label, number, doc.First("country"))
	return doc
}
