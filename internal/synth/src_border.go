package synth

// Border police (Koninklijke Marechaussee): one row per crossing of the
// Schengen external border. Names come from the document's machine-readable
// zone (upper-case ASCII, "SURNAME, GIVEN NAMES"); now and then the reader
// fails and an officer types the document in by hand.
const (
	borderManual   = 0.08 // rows typed by hand instead of read from the chip/MRZ
	borderTypo     = 0.4  // of manual rows: a keying error in the name
	borderNoComma  = 0.1  // "SURNAME GIVEN" without the comma
	borderDocNoise = 0.5  // of manual rows: number typed with a space or dash
	borderSwap     = 0.1  // of manual rows: day and month swapped
)

var borderStyle = style{alt: 0, informal: 0, middle: 1, father: 0, fatherAsGiven: true}

func (w *world) writeBorder(e *emitter) error {
	t, err := createTable(e.path("border_crossings.csv"), '|',
		"crossing_id", "bcp", "direction", "crossed_at", "traveller", "doc_type", "doc_number",
		"doc_country", "nationality", "sex", "dob")
	if err != nil {
		return err
	}
	r := e.r
	for i, c := range w.plan.crossings {
		p := &w.people[c.person]
		id := "KM-" + pad(2023, 4) + "-" + pad(i+1, 8)
		manual := r.chance(borderManual)
		n := renderName(p, &borderStyle, r)
		family, given := mrz(n.family), mrz(n.given)
		if manual && r.chance(borderTypo) {
			if r.chance(0.6) {
				family = typo(family, r)
			} else {
				given = typo(given, r)
			}
		}
		traveller := family + ", " + given
		if r.chance(borderNoComma) {
			traveller = family + " " + given
		}
		docType, docNo, docCountry := "", "", ""
		if p.doc != docNone {
			docType = "P"
			if p.doc == docIDCard {
				docType = "I"
			}
			docNo = docNumber(int(p.nat), int(c.person), w.seed)
			if manual {
				docNo = fmtDoc(docNo, borderDocNoise, r)
			}
			docCountry = countries[p.nat].iso3
		}
		dob := fmtDay(p.dob, dateCompact)
		if manual {
			dob = noisyDate(p.dob, dateCompact, borderSwap, 0.05, r)
		}
		t.field(id)
		t.field(crossingPoints[c.bcp].code)
		t.field([...]string{"OUT", "IN"}[c.dir])
		t.field(minuteTime(c.t, true, int(mix64(uint64(i))%60)))
		t.field(traveller)
		t.field(docType)
		t.field(docNo)
		t.field(docCountry)
		t.field(countries[p.nat].iso3)
		t.field([...]string{"M", "F"}[p.gender])
		t.field(dob)
		t.end()
		e.person("border-traveller", c.person, id)
		if err := e.row(); err != nil {
			t.close()
			return err
		}
	}
	return t.close()
}

const borderMapping = `# Border police (Koninklijke Marechaussee): crossings of the Schengen external
# border at airports, ferry ports and mobile checks (MTV) on the Belgian border.
# One row per crossing; the traveller's name as decoded from the document's
# machine-readable zone ("SURNAME, GIVEN NAMES", upper-case ASCII; Arab
# passports print the father's name as a second given name). About 8% of rows
# were typed by hand (typos, spaced document numbers, swapped day/month).
# Delimiter '|'. dob is YYYYMMDD. doc_number is a passport (doc_type P) or an
# identity card (I). bcp is the crossing point; direction IN/OUT.
border_police:
  label: BORDER
  reliability: A
  credibility: "2"
  category: other
  region: NL
  queries:
    - csv_url: border_crossings.csv
      delimiter: "|"
      entities:
        traveller:
          schema: Person
          key_literal: border-traveller
          keys: [crossing_id]
          properties:
            name: {column: traveller}
            passportNumber: {column: doc_number}
            nationality: {column: nationality}
            gender: {column: sex}
            birthDate: {column: dob, format: "%Y%m%d"}
        crossing:
          schema: Trip
          key_literal: border-crossing
          keys: [crossing_id]
          properties:
            traveller: {entity: traveller}
            mode: {literal: border crossing}
            departurePlace: {column: bcp}
            departureTime: {column: crossed_at}
            documentNumber: {column: doc_number}
            description: {column: direction}
            recordId: {column: crossing_id}
`
