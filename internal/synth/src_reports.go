package synth

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
)

// Intelligence reports: short free text by analysts and informant handlers,
// naming people (often misspelt, by nickname or surname only), phone numbers
// and places. Some reports carry the analyst's tags.
const (
	repTagged  = 0.6
	repTypo    = 0.2
	repPartial = 0.15 // surname or given name only
	repNative  = 0.03 // a name quoted in its own script from a seized document
	repPhone   = 0.6  // a network member's number is quoted
)

var reportStyle = style{alt: 0.4, informal: 0.3, middle: 0.1, father: 0.2, initials: 0.2}

var crimeGoods = map[uint8]string{
	8: "cocaine", 9: "cash", 10: "migrants", 11: "weapons", 4: "forged invoices",
	12: "false passports", 5: "stolen goods",
}

var networkTemplates = []string{
	"{A} was seen meeting {B} at {L}. {A} used phone {P}.",
	"Source reports that {A} and {B} are moving {G} through {L}. Contact number {P}.",
	"Observation: {A} collected a package from {B} near {L}. A third person drove the car.",
	"{A} is said to organise the {G} business around {L}; {B} handles the money. Phone {P}.",
	"Phone {P}, attributed to {A}, was repeatedly in contact with {B}.",
	"Informant states that {A} keeps {G} at {L} and is assisted by {B}.",
}

var groupTemplates = []string{
	"{A} and {B} were seen together at {L} several times; no offences observed.",
	"{A} organised a trip for a group including {B}; information only.",
}

var ordinaryTemplates = []string{
	"{A} reported a burglary at {L}.",
	"Witness statement by {A} concerning a traffic accident at {L}.",
	"{A} and {B} were checked during a routine traffic stop near {L}; nothing found.",
	"{A} complained about noise from neighbours at {L}.",
	"{A} lost a wallet at {L}; found property registered.",
}

type reportTags struct {
	Persons []string `json:"persons"`
	Phones  []string `json:"phones,omitempty"`
	Places  []string `json:"places,omitempty"`
}

type reportLine struct {
	Ref     string      `json:"ref"`
	Date    string      `json:"date"`
	Unit    string      `json:"unit"`
	Grading string      `json:"grading"`
	Subject string      `json:"subject"`
	Text    string      `json:"text"`
	Tags    *reportTags `json:"tags,omitempty"`
}

func (w *world) mentionName(pi int32, r *rng) string {
	p := &w.people[pi]
	c := cultures[p.culture]
	st := reportStyle
	if c.script != scriptLatin && r.chance(repNative) {
		st.native = true
	}
	n := renderName(p, &st, r)
	s := n.full()
	if r.chance(repPartial) {
		if r.chance(0.7) {
			s = n.family
		} else {
			s = n.given
		}
	}
	if r.chance(repTypo) {
		s = typo(s, r)
	}
	if r.chance(0.2) {
		s = strings.ToUpper(s)
	}
	return s
}

func (w *world) reportPlace(rep *report, r *rng) string {
	if rep.network >= 0 {
		for _, m := range rep.mentions {
			if sh, ok := w.plan.safeOf[m]; ok && r.chance(0.5) {
				a := decodeAddress(w.plan.safeHouses[sh])
				return a.street + " " + a.number + ", " + a.city
			}
		}
	}
	city := residences[residenceW.pick(r)].name
	switch r.intn(6) {
	case 0:
		return "Schiphol"
	case 1:
		return "the port of Rotterdam"
	case 2:
		return "a car wash in " + city
	case 3:
		return "a parking garage on the " + pick(r, streets) + " in " + city
	case 4:
		return pick(r, streets) + ", " + city
	}
	return city
}

func (w *world) writeReports(e *emitter) error {
	f, err := os.Create(e.path("intel_reports.jsonl"))
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	r := e.r
	for i := range w.plan.reports {
		rep := &w.plan.reports[i]
		y, _, _ := civilFromDays(rep.day)
		ref := "IR-" + itoa(y) + "-" + pad(i+1, 6)
		names := make([]string, len(rep.mentions))
		for k, m := range rep.mentions {
			names[k] = w.mentionName(m, r)
		}
		var phones []string
		phone := ""
		if rep.network >= 0 {
			for _, m := range rep.mentions {
				if ph, ok := w.plan.netPhone[m]; ok && r.chance(repPhone) {
					phone = fmtPhone(ph, r.intn(phoneStyles))
					phones = append(phones, phone)
					break
				}
			}
		}
		place := w.reportPlace(rep, r)
		var tmpl string
		switch {
		case rep.network >= 0:
			tmpl = pick(r, networkTemplates)
		case len(rep.mentions) > 1 && w.isGroupReport(rep):
			tmpl = pick(r, groupTemplates)
		default:
			tmpl = pick(r, ordinaryTemplates)
		}
		if phone == "" && strings.Contains(tmpl, "{P}") {
			tmpl = strings.Replace(tmpl, " Phone {P}.", "", 1)
			tmpl = strings.Replace(tmpl, " Contact number {P}.", "", 1)
			tmpl = strings.Replace(tmpl, " {A} used phone {P}.", "", 1)
			tmpl = strings.Replace(tmpl, "Phone {P}, attributed to {A}, was", "{A} was", 1)
		}
		b := "someone unknown"
		used := 1
		if strings.Contains(tmpl, "{B}") && len(names) > 1 {
			b = names[1]
			used = 2
		}
		text := strings.NewReplacer("{A}", names[0], "{B}", b, "{L}", place, "{P}", phone,
			"{G}", crimeGoods[rep.offence]).Replace(tmpl)
		// Every person the report is about is named in its text.
		if len(names) > used {
			text += " Also mentioned: " + strings.Join(names[used:], ", ") + "."
		}
		subject := "Information report"
		if rep.network >= 0 {
			subject = "Criminal intelligence: " + offences[rep.offence].en
		}
		line := reportLine{Ref: ref, Date: fmtDay(rep.day, dateISO), Unit: reportUnits[rep.unit],
			Grading: pick(r, []string{"B2", "C3", "C3", "B3", "D4"}), Subject: subject, Text: text}
		if r.chance(repTagged) {
			line.Tags = &reportTags{Persons: names, Phones: phones, Places: []string{place}}
		}
		if err := enc.Encode(&line); err != nil {
			f.Close()
			return err
		}
		for _, m := range rep.mentions {
			e.mention("intel-report", m, ref)
		}
		if err := e.row(); err != nil {
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (w *world) isGroupReport(rep *report) bool {
	g, ok := w.plan.groupOf[rep.mentions[0]]
	if !ok {
		return false
	}
	g2, ok := w.plan.groupOf[rep.mentions[1]]
	return ok && g == g2
}

const reportsMapping = `# Intelligence reports (criminal intelligence units, informant handlers),
# one JSON object per line: ref, date, unit, grading (Admiralty code the
# author gave), subject and free text that names people (often misspelt, by
# nickname or surname only, now and then in Arabic or Cyrillic script), phone
# numbers and places. About 60% carry the analyst's tags (tags.persons,
# tags.phones, tags.places); the rest are free text only.
intel_reports:
  label: SECRET&NL
  reliability: C
  credibility: "3"
  category: other
  region: NL
  queries:
    - jsonl_url: intel_reports.jsonl
      entities:
        report:
          schema: Report
          key_literal: intel-report
          keys: [ref]
          properties:
            reference: {column: ref}
            date: {column: date}
            author: {column: unit}
            title: {column: subject}
            bodyText: {column: text}
            mentionedName: {column: tags.persons}
            mentionedPhone: {column: tags.phones}
            mentionedPlace: {column: tags.places}
`
