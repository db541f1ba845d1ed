package synth

import "strings"

// Telecom operator data under a lawful request: subscribers (who holds which
// number, at which address) and call detail records (which number called
// which, when, how long). CDRs name numbers, never people.
const (
	telTypo        = 0.04
	telInverted    = 0.25 // "Family, Given"
	telUpperFamily = 0.15 // "FAMILY Given"
	telTitle       = 0.1
	telDOBMissing  = 0.2
	telDOBSwap     = 0.03
	telIDPresent   = 0.6
	telPCMissing   = 0.1
	telMail        = 0.3
	telLower       = 0.03
	telGerman      = 0.1 // Turkish names with German umlaut spelling
)

var telStyle = style{alt: 0.2, informal: 0.25, middle: 0.2, father: 0.1, initials: 0.3}

func (w *world) writeTelecom(e *emitter) error {
	if err := w.writeSubscribers(e); err != nil {
		return err
	}
	return w.writeCDR(e)
}

func (w *world) writeSubscribers(e *emitter) error {
	t, err := createTable(e.path("telecom_subscribers.csv"), ',',
		"msisdn", "account_id", "subscriber_name", "street", "house_no", "postcode", "city",
		"activation_date", "id_type", "id_number", "birth_date", "email")
	if err != nil {
		return err
	}
	r := e.r
	for i, s := range w.plan.subs {
		p := &w.people[s.person]
		c := cultures[p.culture]
		msisdn := fmtPhone(s.phone, pick(r, []int{phoneNational, phoneNational, phoneNational, phoneNational, phoneE164, phoneNatDash}))
		account := "ACC" + pad(int(permute(uint64(i), w.seed, 1_000_000_000)), 9)
		n := renderName(p, &telStyle, r)
		given, family := join3(n.given, n.father, ""), n.family
		if r.chance(telTypo) {
			if r.chance(0.5) {
				family = typo(family, r)
			} else {
				given = typo(given, r)
			}
		}
		var name string
		switch x := r.float(); {
		case x < telInverted:
			name = family + ", " + given
		case x < telInverted+telUpperFamily:
			name = nameCase(family, 1, c.code == "tr", r) + " " + given
		default:
			name = given + " " + family
		}
		if r.chance(telTitle) {
			name = withTitle(name, c, p.gender, r, "Dhr.", "Mevr.")
		}
		if c.code == "tr" && r.chance(telGerman) {
			name = foldGerman(name) // Öztürk → Oeztuerk, as German systems write it
		}
		if r.chance(telLower) {
			name = strings.ToLower(name) // typed into a web form
		}
		a := decodeAddress(w.households[p.hh].addr)
		switch {
		case s.safe >= 0:
			a = decodeAddress(w.plan.safeHouses[s.safe])
		case p.generic > 0 && r.chance(0.6):
			a = genericAddress(int(p.generic) - 1)
		}
		pc := a.postcode
		if r.chance(telPCMissing) {
			pc = ""
		} else if r.chance(0.3) {
			pc = strings.ReplaceAll(pc, " ", "")
		}
		street := a.street
		if r.chance(0.1) {
			street = strings.ToUpper(street)
		}
		act := daysFromCivil(2005, 1, 1) + int32(mix64(uint64(i)^w.seed)%uint64(18*365))
		idType, idNo := "", ""
		if r.chance(telIDPresent) {
			switch {
			case p.doc == docPassport && r.chance(0.8):
				idType, idNo = "passport", docNumber(int(p.nat), int(s.person), w.seed)
			case p.doc == docIDCard && r.chance(0.8):
				idType, idNo = "id card", docNumber(int(p.nat), int(s.person), w.seed)
			default:
				// A driving licence: a number that appears in no other source.
				idType, idNo = "driving licence", pad(int(permute(uint64(s.person), w.seed^0xd1, 10_000_000_000)), 10)
			}
			idNo = fmtDoc(idNo, 0.1, r)
		}
		dob := ""
		if !r.chance(telDOBMissing) {
			dob = noisyDate(p.dob, dateDash, telDOBSwap, 0.01, r)
		}
		mail := ""
		if r.chance(telMail) {
			mail = w.email(s.person)
		}
		for _, f := range []string{msisdn, account, name, street, a.number, pc, a.city,
			fmtDay(act, dateISO), idType, idNo, dob, mail} {
			t.field(f)
		}
		t.end()
		e.person("telecom-subscriber", s.person, account, msisdn)
		if err := e.row(); err != nil {
			t.close()
			return err
		}
	}
	return t.close()
}

func (w *world) writeCDR(e *emitter) error {
	t, err := createTable(e.path("telecom_cdr.csv"), ',',
		"call_id", "a_number", "b_number", "start_time", "duration_s", "cell_id")
	if err != nil {
		return err
	}
	for i, c := range w.plan.calls {
		t.field("CDR" + pad(i+1, 10))
		t.field(fmtPhone(c.a, phoneE164))
		t.field(fmtPhone(c.b, phoneE164))
		t.field(secondTime(c.t))
		t.field(itoa(int(c.dur)))
		t.field("NL-" + pad(int(mix64(c.a^uint64(c.t/86400))%20000), 5))
		t.end()
		if err := e.row(); err != nil {
			t.close()
			return err
		}
	}
	return t.close()
}

const telecomMapping = `# Telecom operator data provided under a lawful request.
# telecom_subscribers.csv: who holds which number. msisdn is in Dutch national
# format (0612345678, 06-12345678, 0201234567) or E.164; subscriber_name is
# free text ("Given Family", "Family, Given", "FAMILY Given", with titles such
# as Dhr./Mevr.); birth_date is DD-MM-YYYY; id_number is a passport, identity
# card or driving licence number (id_type). Hotels, shelters and business
# centres appear as the address of many unrelated subscribers.
# telecom_cdr.csv: call detail records between numbers in E.164 (+31612345678);
# they name numbers, never people. duration_s 0 = not answered.
telecom:
  label: TELECOM|POLICE
  reliability: A
  credibility: "2"
  category: other
  region: NL
  queries:
    - csv_url: telecom_subscribers.csv
      entities:
        subscriber:
          schema: Person
          key_literal: telecom-subscriber
          keys: [account_id, msisdn]
          properties:
            name: {column: subscriber_name}
            phone: {column: msisdn}
            address: {columns: [street, house_no, postcode, city], join: " "}
            birthDate: {column: birth_date, format: "%d-%m-%Y"}
            idNumber: {column: id_number}
            email: {column: email}
    - csv_url: telecom_cdr.csv
      entities:
        call:
          schema: Call
          key_literal: telecom-call
          keys: [call_id]
          properties:
            callerNumber: {column: a_number}
            receiverNumber: {column: b_number}
            date: {column: start_time}
            duration: {column: duration_s}
            recordId: {column: call_id}
`
