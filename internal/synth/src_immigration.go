package synth

// Immigration register: foreign nationals and naturalised Dutch born abroad.
// Names are recorded in the script of the person's own documents (Arabic,
// Persian, Cyrillic) with the passport's Latin transliteration beside them
// when it was captured. Unknown birth dates are registered as 1 January.
const (
	immLatinCaptured = 0.7  // non-Latin scripts: the passport's Latin form is also recorded
	immFatherName    = 0.8  // father's name / patronymic recorded where the culture has one
	immUnknownDOB    = 0.06 // registered as 01.01.YYYY
	immNativePlace   = 0.6
	immDoc           = 0.9
	immTypo          = 0.01
)

var (
	immNativeStyle = style{native: true, alt: 0, middle: 1, father: 1}
	immLatinStyle  = style{alt: 0, middle: 1, father: 0, fatherAsGiven: true}
)

func (w *world) writeImmigration(e *emitter) error {
	t, err := createTable(e.path("immigration_register.csv"), ',',
		"v_number", "surname", "given_names", "father_name", "surname_latin", "given_names_latin",
		"birth_date", "birth_place", "birth_country", "nationality", "sex", "address", "document_no")
	if err != nil {
		return err
	}
	r := e.r
	for i, pi := range w.plan.immigrants {
		p := &w.people[pi]
		c := cultures[p.culture]
		vnum := pad(int(permute(uint64(i), w.seed, 10_000_000_000)), 10)
		var surname, given, father, surLat, givLat string
		if c.script != scriptLatin {
			st := immNativeStyle
			if !r.chance(immFatherName) {
				st.father = 0
			}
			n := renderName(p, &st, r)
			surname, given, father = n.family, n.given, n.father
			if c.father == fatherArabic && len(father) > len("بن ") && father[:len("بن ")] == "بن " {
				father = father[len("بن "):]
			}
			if r.chance(immLatinCaptured) {
				l := renderName(p, &immLatinStyle, r)
				surLat, givLat = mrz(l.family), mrz(l.given)
			}
		} else {
			st := immLatinStyle
			st.fatherAsGiven = false
			n := renderName(p, &st, r)
			surname, given = n.family, n.given
			if r.chance(immTypo) {
				surname = typo(surname, r)
			}
		}
		dob := fmtDay(p.dob, dateDot)
		if r.chance(immUnknownDOB) {
			y, _, _ := civilFromDays(p.dob)
			dob = fmtYMD(y, 1, 1, dateDot)
		}
		bc := countries[p.birthCountry]
		city := bc.cities[p.birthCity]
		place := placeLatin(city, 0, r)
		if city.native != "" && r.chance(immNativePlace) {
			place = city.native
		}
		a := decodeAddress(w.households[p.hh].addr)
		if p.generic > 0 && genericAddresses[p.generic-1].kind == "postal" {
			a = genericAddress(int(p.generic) - 1)
		}
		doc := ""
		if p.doc != docNone && r.chance(immDoc) {
			doc = docNumber(int(p.nat), int(pi), w.seed)
		}
		for _, f := range []string{vnum, surname, given, father, surLat, givLat, dob, place, bc.iso3,
			countries[p.nat].iso3, [...]string{"M", "F"}[p.gender], fmtAddress(a, r, 0), doc} {
			t.field(f)
		}
		t.end()
		e.person("immigration-person", pi, vnum)
		if err := e.row(); err != nil {
			t.close()
			return err
		}
	}
	return t.close()
}

const immigrationMapping = `# Immigration register (residence permits and naturalisations). Names are
# recorded as in the person's own documents: Arabic or Persian script,
# Cyrillic (Russian, Ukrainian, Belarusian), or Latin with diacritics
# (Turkish, Polish, Spanish, ...). father_name holds the father's name or the
# patronymic. surname_latin / given_names_latin hold the passport's Latin
# transliteration where it was captured. birth_date is DD.MM.YYYY; an unknown
# date is registered as 01.01.YYYY. birth_country and nationality are ISO
# 3166-1 alpha-3. v_number is the register's own person number.
immigration:
  label: IMMIGRATION
  reliability: A
  credibility: "2"
  category: other
  region: NL
  queries:
    - csv_url: immigration_register.csv
      entities:
        resident:
          schema: Person
          key_literal: immigration-person
          keys: [v_number]
          properties:
            firstName: {column: given_names}
            lastName: {column: surname}
            fatherName: {column: father_name}
            name: {columns: [given_names, surname], join: " "}
            alias: {columns: [given_names_latin, surname_latin], join: " "}
            birthDate: {column: birth_date, format: "%d.%m.%Y"}
            birthPlace: {column: birth_place}
            birthCountry: {column: birth_country}
            nationality: {column: nationality}
            gender: {column: sex}
            address: {column: address}
            passportNumber: {column: document_no}
`
