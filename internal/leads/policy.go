// Package leads ranks people for a human's attention, lawfully: every point
// of a score comes from an objective, verifiable fact linked to criminal
// activity — a listing, a notice, a charge or conviction — or from a
// documented relation to a person who carries such a fact, damped by
// distance and age. Nothing about who a person is (religion, ethnicity,
// nationality, language, name origin, gender …) can enter: the policy
// loader refuses it, and scoring reads only facts and link evidence. No
// score rests on network position alone, and a score never decides
// anything: it orders a queue that analysts review with a stated reason.
package leads

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mosaichq/mosaic/internal/graph"
	"github.com/mosaichq/mosaic/internal/model"
)

// Policy is a versioned set of evidence rules.
type Policy struct {
	Version     int           `yaml:"version"`
	Name        string        `yaml:"name"`
	Description string        `yaml:"description"`
	Threshold   float64       `yaml:"threshold"`     // score at or above which a person is a lead
	Scale       float64       `yaml:"scale"`         // points for a score of 1-1/e
	HalfLife    string        `yaml:"age_half_life"` // evidence loses half its weight every …
	Rules       []Rule        `yaml:"rules"`
	halfLife    time.Duration `yaml:"-"`
}

// Rule gives points for a fact, or for a relation to a person with a fact.
type Rule struct {
	ID   string `yaml:"id"`
	Kind string `yaml:"kind"` // fact | relation
	// Fact kinds the rule applies to (for relation rules: the facts the
	// related person must carry).
	Facts  []string `yaml:"facts"`
	Points float64  `yaml:"points"`
	// Relation rules only.
	Links       []string `yaml:"links"`        // link types that count as documented relations
	MaxDistance int      `yaml:"max_distance"` // hops, 1 or 2
	Decay       float64  `yaml:"decay"`        // per extra hop
	// Property, when set, conditions the rule on a property of the fact's
	// record. Only properties describing the criminal-activity fact itself
	// are allowed (see allowedProperties).
	Property string `yaml:"property"`
	Equals   string `yaml:"equals"`
	// Matches: the rule applies when the property's text contains any of
	// these terms (case-insensitive), e.g. a list of serious offences in
	// the languages the sources are written in.
	Matches []string `yaml:"matches"`
}

// The fact kinds and link types a rule may use. Every one is an objective,
// recorded fact about criminal activity, or a documented relation.
var (
	factKinds = map[string]bool{"listed": true, "notice": true, "convicted": true, "charged": true}
	linkKinds = map[string]bool{"call": true, "family": true, "associate": true, "membership": true, "ownership": true,
		"directorship": true, "payment": true, "link": true, "travel": true, "phone": true, "email": true,
		"address": true, "document": true, "mention": true, "booking": true}
	// allowedProperties may condition a rule: they describe the offence,
	// the listing or the proceeding, not the person.
	allowedProperties = map[string]bool{"offence": true, "status": true, "program": true, "authority": true,
		"noticeType": true, "charge": true, "reason": true, "topics": true}
	// forbidden are refused by name even where a schema lacks them, so a
	// typo or a new property cannot slip past.
	forbidden = []string{"religion", "ethnic", "nationality", "citizenship", "language", "gender", "sex", "origin",
		"race", "political", "birthplace", "birthcountry", "country", "name", "appearance", "height", "weight",
		"eye", "hair", "education", "centrality", "pagerank", "degree", "betweenness"}
)

// PolicyError says which rule breaks which principle.
type PolicyError struct {
	File, Rule, Msg string
}

func (e *PolicyError) Error() string {
	where := e.File
	if e.Rule != "" {
		where += ": rule " + e.Rule
	}
	return where + ": " + e.Msg
}

// LoadPolicy reads and validates a policy file.
func LoadPolicy(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParsePolicy(path, data)
}

// ParsePolicy parses and validates policy text; name is used in errors.
func ParsePolicy(name string, data []byte) (*Policy, error) {
	var p Policy
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // an unknown key is refused, not ignored
	if err := dec.Decode(&p); err != nil {
		return nil, &PolicyError{File: name, Msg: fmt.Sprintf("not a valid policy: %v", err)}
	}
	if err := p.validate(name); err != nil {
		return nil, err
	}
	return &p, nil
}

func (p *Policy) validate(file string) error {
	fail := func(rule, format string, args ...any) error {
		return &PolicyError{File: file, Rule: rule, Msg: fmt.Sprintf(format, args...)}
	}
	if p.Version <= 0 {
		return fail("", "version must be a positive number (policies are versioned)")
	}
	if p.Threshold <= 0 || p.Threshold >= 1 {
		return fail("", "threshold must be between 0 and 1")
	}
	if p.Scale <= 0 {
		p.Scale = 100
	}
	p.halfLife = 3 * 365 * 24 * time.Hour
	if p.HalfLife != "" {
		d, err := parseYears(p.HalfLife)
		if err != nil {
			return fail("", "age_half_life: %v", err)
		}
		p.halfLife = d
	}
	if len(p.Rules) == 0 {
		return fail("", "no rules")
	}
	ids := map[string]bool{}
	hasFactRule := false
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.ID == "" {
			return fail(fmt.Sprint(i+1), "every rule needs an id")
		}
		if ids[r.ID] {
			return fail(r.ID, "duplicate rule id")
		}
		ids[r.ID] = true
		for _, field := range append([]string{r.Property, r.Kind, r.ID}, append(r.Facts, r.Links...)...) {
			low := strings.ToLower(field)
			for _, f := range forbidden {
				if f != "name" && strings.Contains(low, f) || low == f {
					return fail(r.ID, "uses %q: scores may rest only on facts linked to criminal activity, never on who a person is or where they sit in a network", field)
				}
			}
		}
		if r.Property != "" {
			if model.IsProtected(r.Property) || !allowedProperties[r.Property] {
				return fail(r.ID, "property %q is not a fact about criminal activity (allowed: %s)", r.Property, keys(allowedProperties))
			}
		}
		if (r.Equals != "" || len(r.Matches) > 0) && r.Property == "" {
			return fail(r.ID, "equals and matches need the property they look at")
		}
		for _, m := range r.Matches {
			if strings.TrimSpace(m) == "" {
				return fail(r.ID, "an empty term in matches would match every fact")
			}
		}
		// Terms are read in the offence or listing text, never in what is
		// known about the person; still, a term naming a protected trait is
		// refused, so that an offence text cannot smuggle one in.
		for _, term := range append([]string{r.Equals}, r.Matches...) {
			low := strings.ToLower(term)
			for _, f := range forbidden {
				if f != "name" && strings.Contains(low, f) {
					return fail(r.ID, "term %q names a trait of a person, not an offence", term)
				}
			}
			if model.IsProtected(term) {
				return fail(r.ID, "term %q names a trait of a person, not an offence", term)
			}
		}
		if r.Points <= 0 {
			return fail(r.ID, "points must be positive")
		}
		if len(r.Facts) == 0 {
			return fail(r.ID, "name the facts it rests on (%s)", keys(factKinds))
		}
		for _, f := range r.Facts {
			if !factKinds[f] {
				return fail(r.ID, "unknown fact %q (allowed: %s)", f, keys(factKinds))
			}
		}
		switch r.Kind {
		case "fact":
			hasFactRule = true
			if len(r.Links) > 0 || r.MaxDistance != 0 {
				return fail(r.ID, "a fact rule takes no links or distance")
			}
		case "relation":
			// A relation counts only to a person who carries a fact: no
			// score rests on network position alone.
			if len(r.Links) == 0 {
				return fail(r.ID, "name the documented relations that count (%s)", keys(linkKinds))
			}
			for _, l := range r.Links {
				if !linkKinds[l] {
					return fail(r.ID, "unknown relation %q (allowed: %s)", l, keys(linkKinds))
				}
			}
			if r.MaxDistance < 1 || r.MaxDistance > 3 {
				return fail(r.ID, "max_distance must be 1, 2 or 3")
			}
			if r.Decay <= 0 || r.Decay > 1 {
				r.Decay = 0.5
			}
		default:
			return fail(r.ID, "kind must be fact or relation")
		}
	}
	if !hasFactRule {
		return fail("", "a policy needs at least one fact rule: relations alone would score network position")
	}
	return nil
}

func parseYears(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var n float64
	var unit string
	if _, err := fmt.Sscanf(s, "%g%s", &n, &unit); err != nil || n <= 0 {
		return 0, fmt.Errorf("%q: want e.g. 3y or 18m", s)
	}
	switch unit {
	case "y":
		return time.Duration(n * 365 * 24 * float64(time.Hour)), nil
	case "m":
		return time.Duration(n * 30 * 24 * float64(time.Hour)), nil
	case "d":
		return time.Duration(n * 24 * float64(time.Hour)), nil
	}
	return 0, fmt.Errorf("%q: unit must be y, m or d", s)
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func (r *Rule) linkTypes() []graph.LinkType {
	var out []graph.LinkType
	for _, l := range r.Links {
		if t, ok := graph.ParseLinkType(l); ok {
			out = append(out, t)
		}
	}
	return out
}

// DefaultPolicyYAML is the policy shipped with Mosaic (docs/leads.md
// explains each rule).
const DefaultPolicyYAML = `version: 3
name: default
description: >
  Listings, notices and criminal proceedings, and documented relations to
  people who carry them. Nothing else. A relation to a listed or wanted
  person counts more than an old charge: a charge is not a conviction, and
  contacts are what an analyst must check.
threshold: 0.5
scale: 60
age_half_life: 5y
rules:
  - id: listed
    kind: fact
    facts: [listed]
    points: 70
  - id: red-notice
    kind: fact
    facts: [notice]
    points: 70
  - id: convicted
    kind: fact
    facts: [convicted]
    points: 30
  - id: charged
    kind: fact
    facts: [charged]
    points: 12
  # Serious and organised crime, after the offences for which the EU PNR
  # Directive (2016/681, Annex II) allows passenger data to be used, in the
  # languages of the sources (English, Dutch, German, French). A proceeding
  # for such an offence counts on top of the charge or conviction itself,
  # and so does a relation to a person it concerns: an analyst looks at an
  # accomplice of a trafficker before a shoplifter's neighbour.
  - id: serious-offence
    kind: fact
    facts: [convicted, charged]
    property: offence
    matches: &serious [criminal organi, criminele organisatie, kriminelle vereinigung, organisation criminelle,
      terror, human trafficking, trafficking in human, mensenhandel, menschenhandel, traite des,
      traffick, drugshandel, handel in harddrugs, handel in softdrugs, rauschgifthandel, stupéfiants,
      arms traffic, trafic, weapon, firearm, wapen, waffen, explosive, corruption, bribery, omkoping, bestechung,
      fraud, oplichting, betrug, escroquerie, laundering, witwassen, geldwäsche, blanchiment,
      counterfeit, valsemunterij, namaak, cybercrime, computervredebreuk, environmental crime, milieudelict,
      smuggling, mensensmokkel, schleus, murder, moord, doodslag, manslaughter, zware mishandeling,
      grievous bodily, kidnap, ontvoering, gijzeling, hostage, armed robbery, overval, forgery, forged,
      valsheid in geschrift, urkundenfälschung, stolen vehicle, rape, verkrachting, hijack, sabotage]
    points: 20
  - id: contact-of-listed
    kind: relation
    facts: [listed, notice]
    links: [call, family, associate, membership, ownership, directorship, payment, booking, travel, phone, email, address, document, mention]
    max_distance: 3
    decay: 0.5
    points: 80
  - id: contact-of-accused
    kind: relation
    facts: [convicted, charged]
    links: [call, family, associate, membership, ownership, directorship, payment, booking, travel, phone, email, address, document, mention]
    max_distance: 2
    decay: 0.5
    points: 30
  - id: contact-of-serious-accused
    kind: relation
    facts: [convicted, charged]
    property: offence
    matches: *serious
    links: [call, family, associate, membership, ownership, directorship, payment, booking, travel, phone, email, address, document, mention]
    max_distance: 2
    decay: 0.5
    points: 20
`

// DefaultPolicy returns the shipped policy.
func DefaultPolicy() *Policy {
	p, err := ParsePolicy("default policy", []byte(DefaultPolicyYAML))
	if err != nil {
		panic(err)
	}
	return p
}
