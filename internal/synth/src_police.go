package synth

// Police records: one row per charge (a suspect in a case), Dutch headers.
// A person registered under one person number keeps the same details on all
// of its rows; the same human may also have been registered twice under
// different numbers, with details typed afresh.
const (
	policeTypo       = 0.08
	policeSwapCols   = 0.04 // given and family name in each other's columns
	policeUpper      = 0.3
	policeYearOnly   = 0.07
	policeYearMonth  = 0.03
	policeDOBMissing = 0.04
	policeDOBSwap    = 0.03
	policePlaceMiss  = 0.2
	policeNatMissing = 0.1
	policeAddrMiss   = 0.15
	policePhone      = 0.35 // own phone recorded (network members: the phone seized, 0.8)
	policeID         = 0.3
)

var policeStyle = style{alt: 0.3, informal: 0.1, middle: 0.4, father: 0.3, initials: 0.1}

var policeUnits = []struct{ code, name string }{
	{"PL1300", "Eenheid Amsterdam"}, {"PL1700", "Eenheid Rotterdam"}, {"PL1500", "Eenheid Den Haag"},
	{"PL0900", "Eenheid Midden-Nederland"}, {"PL2100", "Eenheid Oost-Brabant"},
	{"PL0600", "Eenheid Oost-Nederland"}, {"PL0100", "Eenheid Noord-Nederland"},
	{"PL2000", "Eenheid Zeeland-West-Brabant"}, {"PL2300", "Eenheid Limburg"}, {"PL2700", "Landelijke Eenheid"},
}

type policePerson struct {
	number                                  string
	given, particle, family                 string
	dob, place, nat, sex, addr, phone, idNo string
}

// placeLatin writes a place the way a Dutch or English-writing clerk would.
func placeLatin(np *namePart, alt float64, r *rng) string {
	if len(np.latin) > 0 && (np.cyr == nil || r.chance(0.7)) {
		if alt > 0 && r.chance(alt) {
			return np.latin[r.intn(len(np.latin))].s
		}
		return np.latin[0].s
	}
	return np.cyr[anySchemeW.pick(r)%len(np.cyr)].s
}

func (w *world) renderPolicePerson(pi int32, ref int32, r *rng) policePerson {
	p := &w.people[pi]
	c := cultures[p.culture]
	pp := policePerson{number: pad(int(permute(uint64(ref), w.seed, 100_000_000)), 8)}
	n := renderName(p, &policeStyle, r)
	given, family := n.given, n.base
	if n.father != "" {
		// "Mohamed bin Ahmed", "Ivan Sergeyevich": the clerk keeps it with the given names.
		given = given + " " + n.father
	}
	if r.chance(policeTypo) {
		if r.chance(0.6) {
			family = typo(family, r)
		} else {
			given = typo(given, r)
		}
	}
	if r.chance(0.02) {
		given = withTitle(given, c, p.gender, r, "Dr")
	}
	if r.chance(policeSwapCols) {
		given, family = family, given
	}
	particle := n.particle
	if r.chance(policeUpper) {
		tr := c.code == "tr"
		given, family = nameCase(given, 1, tr, r), nameCase(family, 1, tr, r)
	}
	pp.given, pp.particle, pp.family = given, particle, family
	if !r.chance(policeDOBMissing) {
		if r.chance(policeDOBSwap) {
			pp.dob = noisyDate(p.dob, dateISO, 1, 0, r)
		} else {
			pp.dob = partialISO(p.dob, policeYearOnly, policeYearMonth, r)
		}
	}
	if !r.chance(policePlaceMiss) {
		pp.place = placeLatin(countries[p.birthCountry].cities[p.birthCity], 0.3, r)
	}
	if !r.chance(policeNatMissing) {
		co := countries[p.nat]
		pp.nat = oneOf(r, 0.85, co.demonym, co.name)
	}
	if r.chance(0.95) {
		pp.sex = [...]string{"man", "vrouw"}[p.gender]
	}
	if !r.chance(policeAddrMiss) {
		a := decodeAddress(w.households[p.hh].addr)
		if sh, ok := w.plan.safeOf[pi]; ok && r.chance(0.7) {
			a = decodeAddress(w.plan.safeHouses[sh])
		} else if p.generic > 0 && r.chance(0.5) {
			a = genericAddress(int(p.generic) - 1)
		}
		pp.addr = fmtAddress(a, r, 0.3)
	}
	if ph, ok := w.plan.netPhone[pi]; ok && r.chance(0.8) {
		pp.phone = fmtPhone(ph, r.intn(phoneStyles))
	} else if p.generic > 0 && r.chance(0.4) {
		pp.phone = fmtPhone(genericPhone(int(p.generic)-1), r.intn(phoneStyles))
	} else if p.phones[0] != 0 && r.chance(policePhone) {
		pp.phone = fmtPhone(p.phones[0], r.intn(phoneStyles))
	}
	if p.doc != docNone && r.chance(policeID) {
		pp.idNo = fmtDoc(docNumber(int(p.nat), int(pi), w.seed), 0.15, r)
	}
	return pp
}

func (w *world) writePolice(e *emitter) error {
	t, err := createTable(e.path("police_records.csv"), ';',
		"zaaknummer", "persoonsnummer", "voornamen", "voorvoegsel", "achternaam", "geboortedatum",
		"geboorteplaats", "nationaliteit", "geslacht", "adres", "telefoon", "id_nummer", "feit",
		"feitcode", "status", "pleegdatum", "eenheid")
	if err != nil {
		return err
	}
	r := e.r
	seen := map[int32]policePerson{}
	for _, ch := range w.plan.charges {
		pp, ok := seen[ch.ref]
		if !ok {
			pp = w.renderPolicePerson(ch.person, ch.ref, r)
			seen[ch.ref] = pp
			e.person("police-person", ch.person, pp.number)
		}
		u := policeUnits[mix64(uint64(ch.caseNo)^w.seed)%uint64(len(policeUnits))]
		y, _, _ := civilFromDays(ch.day)
		caseNo := u.code + "-" + itoa(y) + "-" + pad(int(ch.caseNo)+1, 6)
		o := offences[ch.offence]
		for _, f := range []string{caseNo, pp.number, pp.given, pp.particle, pp.family, pp.dob, pp.place,
			pp.nat, pp.sex, pp.addr, pp.phone, pp.idNo, o.nl, o.code, statusNames[ch.status],
			fmtDay(ch.day, dateISO), u.name} {
			t.field(f)
		}
		t.end()
		if err := e.row(); err != nil {
			t.close()
			return err
		}
	}
	return t.close()
}

const policeMapping = `# Police records (Dutch police, BVH-style extract): one row per suspect per
# case, with Dutch column names. status is charged | convicted | acquitted.
# A person number (persoonsnummer) identifies one registration: its rows repeat
# the same details. The same human is sometimes registered twice. Names are
# split Dutch-style (voornamen, voorvoegsel = particle such as "van der",
# achternaam); clerks also put the patronymic or father's name with the given
# names, swap columns, upper-case everything, and know only part of some birth
# dates (geboortedatum is ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY).
# geslacht is man | vrouw; nationaliteit is an English demonym or country name.
# Delimiter ';'.
police_records:
  label: POLICE
  reliability: B
  credibility: "2"
  category: suspect
  region: NL
  queries:
    - csv_url: police_records.csv
      delimiter: ";"
      entities:
        suspect:
          schema: Person
          key_literal: police-person
          keys: [persoonsnummer]
          properties:
            firstName: {column: voornamen}
            lastName: {columns: [voorvoegsel, achternaam], join: " "}
            name: {columns: [voornamen, voorvoegsel, achternaam], join: " "}
            birthDate: {column: geboortedatum}
            birthPlace: {column: geboorteplaats}
            nationality: {column: nationaliteit}
            gender: {column: geslacht}
            address: {column: adres}
            phone: {column: telefoon}
            idNumber: {column: id_nummer}
        charge:
          schema: Charge
          key_literal: police-charge
          keys: [zaaknummer, persoonsnummer]
          properties:
            defendant: {entity: suspect}
            offence: {column: feit}
            status: {column: status}
            date: {column: pleegdatum}
            caseNumber: {column: zaaknummer}
            authority: {column: eenheid}
            description: {column: feitcode}
`
