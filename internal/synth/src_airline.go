package synth

// Airline API/PNR data as the Passenger Information Unit receives it from
// carriers: one row per passenger per flight. On flights leaving or entering
// the Schengen area carriers send API data read from the passport (upper
// case, date of birth, document); within Schengen there is only the PNR:
// what the booker typed, often without date of birth or document.
const (
	airAPIMissing   = 0.05 // non-Schengen passengers whose API data did not arrive
	airTitle        = 0.15 // "JOHN MR" style title suffix on the first name
	airSwap         = 0.03 // first and last name in each other's fields
	airTypo         = 0.03
	airDOBMissing   = 0.01 // API
	airPNRDOB       = 0.75 // PNR-only: date of birth given
	airDOBSwap      = 0.02
	airGenderMiss   = 0.05
	airNatMissing   = 0.1
	airDocPresent   = 0.92 // API
	airPNRDoc       = 0.25 // PNR-only: a document number typed in
	airDocNoise     = 0.05
	airPhonePresent = 0.4 // API bookings: contact phone (the booker's, on every passenger)
	airPNRPhone     = 0.8 // PNR-only bookings
	airMailPresent  = 0.3
	airPNRMail      = 0.6
)

var (
	airAPIStyle = style{alt: 0.02, informal: 0, middle: 0.8, father: 0, fatherAsGiven: true}
	airPNRStyle = style{alt: 0.25, informal: 0.05, middle: 0.3, father: 0.2, initials: 0.2}
)

const locatorAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // 32 symbols: 6 of them hold 30 bits

func locator(v uint32) string {
	b := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		b[i] = locatorAlphabet[v&31]
		v >>= 5
	}
	return string(b)
}

func (w *world) writeAirline(e *emitter) error {
	t, err := createTable(e.path("api_pnr.csv"), ',',
		"record_locator", "pax_seq", "last_name", "first_name", "date_of_birth", "gender", "nationality",
		"travel_doc_no", "travel_doc_type", "carrier", "flight_no", "dep_airport", "arr_airport",
		"dep_time", "contact_phone", "contact_email")
	if err != nil {
		return err
	}
	r := e.r
	pl := w.plan
	for _, b := range pl.bookings {
		f := &pl.flights[b.flight]
		a := &airports[f.airport]
		loc := locator(b.locator)
		num := f.number()
		carrier := num[:2]
		from, to := "AMS", a.iata
		if f.dir == 1 {
			from, to = to, from
		}
		phone, mail := "", ""
		pPhone, pMail := airPhonePresent, airMailPresent
		if a.schengen {
			pPhone, pMail = airPNRPhone, airPNRMail
		}
		if bk := &w.people[b.booker]; bk.generic > 0 && r.chance(0.3) && r.chance(pPhone) {
			phone = fmtPhone(genericPhone(int(bk.generic)-1), r.intn(phoneStyles)) // the hotel's or shelter's desk
		} else if bp := bk.phones[0]; bp != 0 && r.chance(pPhone) {
			phone = fmtPhone(bp, r.intn(phoneStyles))
		}
		if r.chance(pMail) {
			mail = w.email(b.booker)
		}
		for k := 0; k < int(b.n); k++ {
			pi := pl.pax[int(b.first)+k]
			p := &w.people[pi]
			seq := itoa(k + 1)
			api := !a.schengen && !r.chance(airAPIMissing)
			var last, first string
			if api {
				n := renderName(p, &airAPIStyle, r)
				last, first = mrz(n.family), mrz(n.given)
				if len(n.family) > 0 && n.particle != "" && r.chance(0.3) {
					// Some carrier systems drop spaces in surnames: VANDERMEER.
					last = mrz(n.particle + n.base)
					last = removeSpaces(last)
				}
			} else {
				n := renderName(p, &airPNRStyle, r)
				last, first = n.family, join3(n.given, n.father, "")
				if r.chance(0.5) {
					last, first = fold(last), fold(first)
				}
				if r.chance(0.6) {
					last, first = mrz(last), mrz(first)
				}
			}
			if r.chance(airTypo) {
				if r.chance(0.5) {
					last = typo(last, r)
				} else {
					first = typo(first, r)
				}
			}
			if r.chance(airTitle) {
				t := []string{"MRS", "MS"}[r.intn(2)]
				if p.gender == 0 {
					t = "MR"
				}
				first += " " + t
			}
			if r.chance(airSwap) {
				last, first = first, last
			}
			dob := ""
			if api && !r.chance(airDOBMissing) || !api && r.chance(airPNRDOB) {
				dob = noisyDate(p.dob, dateSlash, airDOBSwap, 0.01, r)
			}
			gender := ""
			if !r.chance(airGenderMiss) {
				gender = [...]string{"M", "F"}[p.gender]
			}
			nat := ""
			if !r.chance(airNatMissing) {
				nat = countries[p.nat].iso2
			}
			docNo, docType := "", ""
			if p.doc != docNone && (api && r.chance(airDocPresent) || !api && r.chance(airPNRDoc)) {
				docNo = fmtDoc(docNumber(int(p.nat), int(pi), w.seed), airDocNoise, r)
				docType = "P"
				if p.doc == docIDCard {
					docType = "I"
				}
			}
			t.field(loc)
			t.field(seq)
			t.field(last)
			t.field(first)
			t.field(dob)
			t.field(gender)
			t.field(nat)
			t.field(docNo)
			t.field(docType)
			t.field(carrier)
			t.field(num)
			t.field(from)
			t.field(to)
			t.field(minuteTime(f.dep, false, 0))
			t.field(phone)
			t.field(mail)
			t.end()
			e.person("api-passenger", pi, loc, seq)
			if err := e.row(); err != nil {
				t.close()
				return err
			}
		}
	}
	return t.close()
}

func removeSpaces(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

const airlineMapping = `# Airline passenger data (API/PNR) as the Passenger Information Unit gets it
# from carriers: one row per passenger per flight segment to or from
# Amsterdam Schiphol (AMS). On flights crossing the Schengen border the API
# part is read from the passport (upper-case names without diacritics, date
# of birth, document number); on flights within Schengen there is only the
# PNR: the name as typed at booking (other spellings, nicknames, titles such
# as "JOHN MR"), often without date of birth or document.
# Passengers booked together share record_locator; contact_phone and
# contact_email belong to the booking (the booker) and repeat on every
# passenger of that booking. date_of_birth is DD/MM/YYYY.
airline_api:
  label: PIU|BORDER
  reliability: B
  credibility: "3"
  category: other
  region: NL
  queries:
    - csv_url: api_pnr.csv
      entities:
        passenger:
          schema: Person
          key_literal: api-passenger
          keys: [record_locator, pax_seq]
          properties:
            firstName: {column: first_name}
            lastName: {column: last_name}
            name: {columns: [first_name, last_name], join: " "}
            birthDate: {column: date_of_birth, format: "%d/%m/%Y"}
            gender: {column: gender}
            nationality: {column: nationality}
            passportNumber: {column: travel_doc_no}
            phone: {column: contact_phone}
            email: {column: contact_email}
        segment:
          schema: Trip
          key_literal: api-segment
          keys: [record_locator, pax_seq]
          properties:
            traveller: {entity: passenger}
            mode: {literal: air}
            carrier: {column: carrier}
            number: {column: flight_no}
            departurePlace: {column: dep_airport}
            arrivalPlace: {column: arr_airport}
            departureTime: {column: dep_time}
            documentNumber: {column: travel_doc_no}
            recordId: {column: record_locator}
`
