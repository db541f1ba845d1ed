package model

import (
	"fmt"
	"sort"
)

// PropType says how a property's values are normalised, compared and linked.
// The names follow FollowTheMoney's property types.
type PropType uint8

const (
	TypeString PropType = iota
	TypeName
	TypeDate
	TypeIdentifier
	TypePhone
	TypeEmail
	TypeAddress
	TypeCountry
	TypeEntity
	TypeText
	TypeURL
	TypeNumber
	TypeGender
	TypeTopic
	TypeLanguage
)

var typeNames = [...]string{"string", "name", "date", "identifier", "phone", "email", "address",
	"country", "entity", "text", "url", "number", "gender", "topic", "language"}

func (t PropType) String() string { return typeNames[t] }

// Property describes one property of a schema.
type Property struct {
	Name string
	Type PropType
	// Range is the schema an entity-typed property points at.
	Range string
	// Protected marks special-category and origin data (religion, ethnicity,
	// nationality, language, gender, …). It may describe a person and help
	// tell two records apart, but it must never feed a lead score: the
	// leads policy loader refuses any rule that reads it.
	Protected bool
}

// Schema is an entity type: FtM's where FtM has one, Mosaic's own otherwise.
type Schema struct {
	Name    string
	Extends []string
	// Edge, when set, makes entities of this schema relations between two
	// other entities (FtM's edge schemata: Call, Family, Membership, …).
	Edge *EdgeSpec
	// Matchable schemata take part in entity resolution.
	Matchable bool
	// Mosaic is true for types FtM lacks (documented in docs/schema.md).
	Mosaic bool
	props  map[string]*Property
}

// EdgeSpec names the two entity properties that a relation joins.
type EdgeSpec struct {
	Source, Target string
	Directed       bool
}

// Prop returns the property called name, or nil.
func (s *Schema) Prop(name string) *Property { return s.props[name] }

// Props lists the schema's properties, sorted by name.
func (s *Schema) Props() []*Property {
	out := make([]*Property, 0, len(s.props))
	for _, p := range s.props {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// IsA reports whether s is, or extends, the schema called name.
func (s *Schema) IsA(name string) bool {
	if s.Name == name {
		return true
	}
	for _, e := range s.Extends {
		if p := schemata[e]; p != nil && p.IsA(name) {
			return true
		}
	}
	return false
}

var schemata = map[string]*Schema{}

// SchemaByName returns the named schema or nil.
func SchemaByName(name string) *Schema { return schemata[name] }

// Schemata lists every known schema, sorted by name.
func Schemata() []*Schema {
	out := make([]*Schema, 0, len(schemata))
	for _, s := range schemata {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupProp finds a property of a schema, with an error naming both.
func LookupProp(schema, prop string) (*Schema, *Property, error) {
	s := schemata[schema]
	if s == nil {
		return nil, nil, fmt.Errorf("unknown schema %q", schema)
	}
	p := s.Prop(prop)
	if p == nil {
		return s, nil, fmt.Errorf("schema %s has no property %q", schema, prop)
	}
	return s, p, nil
}

// p is shorthand for declaring a property in the table below.
type p struct {
	name string
	t    PropType
	rng  string
}

func define(name string, extends []string, props []p, opts ...func(*Schema)) {
	s := &Schema{Name: name, Extends: extends, props: map[string]*Property{}}
	for _, e := range extends {
		parent := schemata[e]
		if parent == nil {
			panic("schema " + name + " extends unknown " + e)
		}
		for k, v := range parent.props {
			s.props[k] = v
		}
		s.Matchable = s.Matchable || parent.Matchable
	}
	for _, d := range props {
		s.props[d.name] = &Property{Name: d.name, Type: d.t, Range: d.rng, Protected: protectedProps[d.name]}
	}
	for _, o := range opts {
		o(s)
	}
	schemata[name] = s
}

func edge(src, dst string, directed bool) func(*Schema) {
	return func(s *Schema) { s.Edge = &EdgeSpec{Source: src, Target: dst, Directed: directed} }
}
func matchable(s *Schema)  { s.Matchable = true }
func mosaicOnly(s *Schema) { s.Mosaic = true }

// protectedProps are never evidence of criminal activity. Listing them here,
// once, is what lets the leads policy refuse them wherever they appear.
var protectedProps = map[string]bool{
	"nationality": true, "citizenship": true, "religion": true, "ethnicity": true,
	"gender": true, "spokenLanguage": true, "political": true, "birthCountry": true,
	"language": true, "nameOrigin": true, "appearance": true, "eyeColor": true,
	"hairColor": true, "height": true, "weight": true, "education": true,
}

// IsProtected reports whether a property name (in any schema) is special-category
// or origin data that must never feed a score.
func IsProtected(prop string) bool { return protectedProps[prop] }

func init() {
	define("Thing", nil, []p{
		{"name", TypeName, ""}, {"alias", TypeName, ""}, {"previousName", TypeName, ""},
		{"weakAlias", TypeName, ""}, {"summary", TypeText, ""}, {"description", TypeText, ""},
		{"country", TypeCountry, ""}, {"notes", TypeText, ""}, {"topics", TypeTopic, ""},
		{"address", TypeAddress, ""}, {"addressEntity", TypeEntity, "Address"},
		{"sourceUrl", TypeURL, ""}, {"program", TypeString, ""}, {"keywords", TypeString, ""},
		{"createdAt", TypeDate, ""}, {"modifiedAt", TypeDate, ""}, {"retrievedAt", TypeDate, ""},
		{"wikidataId", TypeIdentifier, ""}, {"publisher", TypeString, ""},
		{"programId", TypeString, ""}, {"uniqueEntityId", TypeIdentifier, ""},
		{"abbreviation", TypeName, ""}, {"permId", TypeIdentifier, ""},
	})
	define("Interval", nil, []p{
		{"date", TypeDate, ""}, {"startDate", TypeDate, ""}, {"endDate", TypeDate, ""},
		{"summary", TypeText, ""}, {"description", TypeText, ""}, {"recordId", TypeIdentifier, ""},
		{"sourceUrl", TypeURL, ""}, {"publisher", TypeString, ""}, {"modifiedAt", TypeDate, ""},
	})
	define("LegalEntity", []string{"Thing"}, []p{
		{"email", TypeEmail, ""}, {"phone", TypePhone, ""}, {"website", TypeURL, ""},
		{"legalForm", TypeString, ""}, {"incorporationDate", TypeDate, ""},
		{"dissolutionDate", TypeDate, ""}, {"taxNumber", TypeIdentifier, ""},
		{"registrationNumber", TypeIdentifier, ""}, {"idNumber", TypeIdentifier, ""},
		{"status", TypeString, ""}, {"sector", TypeString, ""}, {"jurisdiction", TypeCountry, ""},
		{"mainCountry", TypeCountry, ""}, {"innCode", TypeIdentifier, ""},
		{"vatCode", TypeIdentifier, ""}, {"opencorporatesUrl", TypeURL, ""},
	}, matchable)
	define("Person", []string{"LegalEntity"}, []p{
		{"title", TypeString, ""}, {"firstName", TypeName, ""}, {"secondName", TypeName, ""},
		{"middleName", TypeName, ""}, {"fatherName", TypeName, ""}, {"motherName", TypeName, ""},
		{"lastName", TypeName, ""}, {"nameSuffix", TypeName, ""}, {"birthDate", TypeDate, ""},
		{"birthPlace", TypeString, ""}, {"birthCountry", TypeCountry, ""},
		{"deathDate", TypeDate, ""}, {"position", TypeString, ""},
		{"nationality", TypeCountry, ""}, {"citizenship", TypeCountry, ""},
		{"passportNumber", TypeIdentifier, ""}, {"socialSecurityNumber", TypeIdentifier, ""},
		{"gender", TypeGender, ""}, {"ethnicity", TypeString, ""}, {"religion", TypeString, ""},
		{"political", TypeString, ""}, {"education", TypeString, ""},
		{"spokenLanguage", TypeLanguage, ""}, {"height", TypeNumber, ""},
		{"weight", TypeNumber, ""}, {"eyeColor", TypeString, ""}, {"hairColor", TypeString, ""},
		{"appearance", TypeString, ""},
	})
	define("Organization", []string{"LegalEntity"}, []p{})
	define("Company", []string{"Organization"}, []p{{"capital", TypeNumber, ""},
		{"kppCode", TypeIdentifier, ""}, {"ogrnCode", TypeIdentifier, ""}})
	define("PublicBody", []string{"Organization"}, []p{})
	define("Vessel", []string{"Thing"}, []p{
		{"imoNumber", TypeIdentifier, ""}, {"mmsi", TypeIdentifier, ""}, {"callSign", TypeIdentifier, ""},
		{"flag", TypeCountry, ""}, {"type", TypeString, ""}, {"tonnage", TypeNumber, ""},
		{"grossRegisteredTonnage", TypeNumber, ""}, {"owner", TypeEntity, "LegalEntity"},
		{"registrationNumber", TypeIdentifier, ""}, {"buildDate", TypeDate, ""},
	})
	define("Airplane", []string{"Thing"}, []p{
		{"registrationNumber", TypeIdentifier, ""}, {"serialNumber", TypeIdentifier, ""},
		{"model", TypeString, ""}, {"manufacturer", TypeString, ""}, {"type", TypeString, ""},
		{"owner", TypeEntity, "LegalEntity"}, {"buildDate", TypeDate, ""},
	})
	define("Address", []string{"Thing"}, []p{
		{"full", TypeAddress, ""}, {"remarks", TypeString, ""}, {"postOfficeBox", TypeString, ""},
		{"street", TypeString, ""}, {"street2", TypeString, ""}, {"city", TypeString, ""},
		{"postalCode", TypeString, ""}, {"region", TypeString, ""}, {"state", TypeString, ""},
		{"latitude", TypeNumber, ""}, {"longitude", TypeNumber, ""},
	})
	define("Identification", []string{"Interval"}, []p{
		{"holder", TypeEntity, "LegalEntity"}, {"type", TypeString, ""},
		{"number", TypeIdentifier, ""}, {"country", TypeCountry, ""},
		{"authority", TypeString, ""},
	}, edge("holder", "", false))
	define("Passport", []string{"Identification"}, []p{
		{"surname", TypeName, ""}, {"givenName", TypeName, ""}, {"birthDate", TypeDate, ""},
		{"birthPlace", TypeString, ""}, {"gender", TypeGender, ""},
		{"personalNumber", TypeIdentifier, ""}, {"passportNumber", TypeIdentifier, ""},
	}, edge("holder", "", false))
	define("Call", []string{"Interval"}, []p{
		{"caller", TypeEntity, "LegalEntity"}, {"callerNumber", TypePhone, ""},
		{"receiver", TypeEntity, "LegalEntity"}, {"receiverNumber", TypePhone, ""},
		{"duration", TypeNumber, ""},
	}, edge("caller", "receiver", true))
	define("Family", []string{"Interval"}, []p{
		{"person", TypeEntity, "Person"}, {"relative", TypeEntity, "Person"},
		{"relationship", TypeString, ""},
	}, edge("person", "relative", false))
	define("Associate", []string{"Interval"}, []p{
		{"person", TypeEntity, "Person"}, {"associate", TypeEntity, "Person"},
		{"relationship", TypeString, ""},
	}, edge("person", "associate", false))
	define("Membership", []string{"Interval"}, []p{
		{"member", TypeEntity, "LegalEntity"}, {"organization", TypeEntity, "Organization"},
		{"role", TypeString, ""}, {"status", TypeString, ""},
	}, edge("member", "organization", true))
	define("Ownership", []string{"Interval"}, []p{
		{"owner", TypeEntity, "LegalEntity"}, {"asset", TypeEntity, "Thing"},
		{"percentage", TypeString, ""}, {"role", TypeString, ""}, {"sharesCount", TypeNumber, ""},
	}, edge("owner", "asset", true))
	define("Directorship", []string{"Interval"}, []p{
		{"director", TypeEntity, "LegalEntity"}, {"organization", TypeEntity, "Organization"},
		{"role", TypeString, ""},
	}, edge("director", "organization", true))
	define("UnknownLink", []string{"Interval"}, []p{
		{"subject", TypeEntity, "Thing"}, {"object", TypeEntity, "Thing"}, {"role", TypeString, ""},
	}, edge("subject", "object", false))
	define("Payment", []string{"Interval"}, []p{
		{"payer", TypeEntity, "LegalEntity"}, {"beneficiary", TypeEntity, "LegalEntity"},
		{"amount", TypeNumber, ""}, {"amountEur", TypeNumber, ""}, {"currency", TypeString, ""},
		{"purpose", TypeText, ""}, {"namesMentioned", TypeName, ""},
	}, edge("payer", "beneficiary", true))
	define("Sanction", []string{"Interval"}, []p{
		{"entity", TypeEntity, "Thing"}, {"authority", TypeString, ""},
		{"authorityId", TypeIdentifier, ""}, {"unscId", TypeIdentifier, ""},
		{"program", TypeString, ""}, {"programId", TypeString, ""}, {"reason", TypeText, ""},
		{"listingDate", TypeDate, ""}, {"provisions", TypeString, ""}, {"country", TypeCountry, ""},
		{"status", TypeString, ""}, {"programUrl", TypeURL, ""}, {"duration", TypeString, ""},
	}, edge("entity", "", false))
	define("Note", nil, []p{
		{"entity", TypeEntity, "Thing"}, {"description", TypeText, ""}, {"publisher", TypeString, ""},
	}, edge("entity", "", false))
	define("Event", []string{"Interval", "Thing"}, []p{
		{"involved", TypeEntity, "Thing"}, {"location", TypeString, ""},
		{"organizer", TypeEntity, "LegalEntity"},
	})
	// Mosaic's own types, documented in docs/schema.md.
	define("Trip", []string{"Interval"}, []p{
		{"traveller", TypeEntity, "Person"}, {"mode", TypeString, ""},
		{"carrier", TypeString, ""}, {"number", TypeIdentifier, ""},
		{"departurePlace", TypeString, ""}, {"departureCountry", TypeCountry, ""},
		{"arrivalPlace", TypeString, ""}, {"arrivalCountry", TypeCountry, ""},
		{"departureTime", TypeDate, ""}, {"arrivalTime", TypeDate, ""},
		{"seat", TypeString, ""}, {"documentNumber", TypeIdentifier, ""},
	}, edge("traveller", "", false), mosaicOnly)
	define("Report", []string{"Interval"}, []p{
		{"title", TypeString, ""}, {"bodyText", TypeText, ""}, {"author", TypeString, ""},
		{"mentions", TypeEntity, "Thing"}, {"mentionedName", TypeName, ""},
		{"mentionedPhone", TypePhone, ""}, {"mentionedPlace", TypeString, ""},
		{"reference", TypeIdentifier, ""},
	}, mosaicOnly)
	define("Charge", []string{"Interval"}, []p{
		{"defendant", TypeEntity, "LegalEntity"}, {"offence", TypeString, ""},
		{"status", TypeString, ""}, {"authority", TypeString, ""},
		{"caseNumber", TypeIdentifier, ""}, {"sentence", TypeString, ""},
	}, edge("defendant", "", false), mosaicOnly)
	define("Notice", []string{"Interval"}, []p{
		{"entity", TypeEntity, "Thing"}, {"authority", TypeString, ""},
		{"noticeType", TypeString, ""}, {"noticeId", TypeIdentifier, ""},
		{"charge", TypeText, ""}, {"issuingCountry", TypeCountry, ""},
	}, edge("entity", "", false), mosaicOnly)
	define("Sighting", []string{"Interval"}, []p{
		{"subject", TypeEntity, "Person"}, {"location", TypeString, ""},
		{"latitude", TypeNumber, ""}, {"longitude", TypeNumber, ""}, {"camera", TypeString, ""},
		{"confidence", TypeNumber, ""},
	}, edge("subject", "", false), mosaicOnly)
}
