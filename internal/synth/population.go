package synth

// Household sizes 1..6 (Dutch households are small; large families exist).
var hhSizeW = newWeights(35, 30, 14, 12, 6, 3)

// Adult age bands with rough population shares.
var ageBands = [...]struct {
	lo, hi int
	w      float64
}{{16, 24, 13}, {25, 34, 16}, {35, 44, 15}, {45, 54, 17}, {55, 64, 16}, {65, 74, 13}, {75, 90, 10}}

var ageBandW weights

func init() {
	ws := make([]float64, len(ageBands))
	for i, b := range ageBands {
		ws[i] = b.w
	}
	ageBandW = newWeights(ws...)
}

// adoptSurname: how often a woman is recorded under her husband's surname.
// Arab, Persian and Spanish naming keeps the woman's own.
var adoptSurname = map[string]float64{
	"nl": 0.3, "en": 0.7, "tr": 0.8, "pl": 0.8, "ru": 0.8, "uk": 0.8, "fr": 0.5,
	"yo": 0.7, "ak": 0.5, "in": 0.6, "ha": 0.3, "pk": 0.3,
}

func adultAge(r *rng, min int) int {
	for {
		b := ageBands[ageBandW.pick(r)]
		a := r.between(b.lo, b.hi)
		if a >= min {
			return a
		}
	}
}

func dobForAge(age int, r *rng) int32 {
	return refDay - int32(age*365+age/4) - int32(r.intn(365)) - 1
}

// ageAt is the age in whole years on refDay.
func ageAt(dob int32) int {
	y1, m1, d1 := civilFromDays(dob)
	y2, m2, d2 := civilFromDays(refDay)
	a := y2 - y1
	if m2 < m1 || (m2 == m1 && d2 < d1) {
		a--
	}
	return a
}

// buildPeople draws the population household by household. It uses only the
// "people" stream, so the attributes are independent of everything that is
// drawn later (networks, activity, noise).
func (w *world) buildPeople() {
	r := newRNG(w.seed^w.attrSalt, "people")
	w.people = make([]person, 0, w.n)
	w.households = make([]household, 0, w.n/2+1)
	nCodes := len(residences) * len(streets) * addrNumbers * addrSuffixes
	w.addrUsed = make([]uint64, nCodes/64+1)
	nl := mustCountry("NL")
	for len(w.people) < w.n {
		size := hhSizeW.pick(r) + 1
		if rem := w.n - len(w.people); size > rem {
			size = rem
		}
		hid := int32(len(w.households))
		h := household{first: int32(len(w.people)), size: uint8(size), addr: w.allocAddress(r)}
		if r.chance(0.18) {
			city, _, _, _ := addrDecode(h.addr)
			h.land = landline(city, uint64(hid), w.seed)
		}
		w.households = append(w.households, h)
		if size > 1 && r.chance(0.2) {
			// Flatmates: unrelated people at one address.
			for i := 0; i < size; i++ {
				w.addPerson(r, hid, cultureW.pick(r), r.intn(2), r.between(18, 40), nl)
			}
			continue
		}
		head := w.addPerson(r, hid, cultureW.pick(r), r.intn(2), adultAge(r, 18), nl)
		if size == 1 {
			continue
		}
		hp := w.people[head]
		// Partner.
		pc := int(hp.culture)
		if r.chance(0.15) {
			pc = cultureW.pick(r)
		}
		pg := 1 - int(hp.gender)
		if r.chance(0.05) {
			pg = int(hp.gender)
		}
		headAge := ageAt(hp.dob)
		pa := headAge + r.between(-6, 6)
		if pa < 18 {
			pa = 18
		}
		partner := w.addPerson(r, hid, pc, pg, pa, nl)
		w.distinctGiven(r, &h, partner)
		pp := &w.people[partner]
		hp2 := &w.people[head]
		var father, mother *person
		if hp2.gender == 0 && pp.gender == 1 {
			father, mother = hp2, pp
		} else if hp2.gender == 1 && pp.gender == 0 {
			father, mother = pp, hp2
		}
		if father != nil && father.culture == mother.culture {
			if r.chance(adoptSurname[cultures[father.culture].code]) {
				mother.family = father.family
				mother.family2 = father.family2
			}
		}
		// Children or, for young couples, the head's siblings.
		youngest := headAge
		if pa < youngest {
			youngest = pa
		}
		usedAge := map[int]bool{headAge: true, pa: true}
		for len(w.people) < int(h.first)+size {
			twin := -1
			var idx int
			if youngest-18 >= 16 {
				// Siblings are born in different years, twins apart.
				age := r.between(16, min(youngest-18, 45))
				for try := 0; try < 10 && usedAge[age]; try++ {
					age = r.between(16, min(youngest-18, 45))
				}
				usedAge[age] = true
				idx = w.addChild(r, hid, father, mother, hp2, age, nl)
			} else {
				idx = w.addSibling(r, hid, head, usedAge, nl)
			}
			w.distinctGiven(r, &h, idx)
			if len(w.people) < int(h.first)+size && r.chance(0.02) {
				twin = idx
			}
			if twin >= 0 {
				t := w.people[twin] // copy: the twin shares all but name, sex and prefs
				t.gender = uint8(r.intn(2))
				t.given = w.otherGiven(r, &t, w.people[twin].given, w.people[twin].gender)
				t.middle = noName
				t.prefs = uint32(r.u64())
				idx2 := len(w.people)
				w.fillContact(r, &t, idx2, nl)
				w.people = append(w.people, t)
				w.distinctGiven(r, &h, idx2)
			}
			// Pointers into w.people may have moved with append.
			hp2 = &w.people[head]
			pp = &w.people[partner]
			father, mother = nil, nil
			if hp2.gender == 0 && pp.gender == 1 {
				father, mother = hp2, pp
			} else if hp2.gender == 1 && pp.gender == 0 {
				father, mother = pp, hp2
			}
		}
	}
}

// distinctGiven re-draws person idx's given name while another member of
// the household of the same sex has it: parents do not give two daughters
// the same first name.
func (w *world) distinctGiven(r *rng, h *household, idx int) {
	p := &w.people[idx]
	c := cultures[p.culture]
	gw := c.maleW
	if p.gender == 1 {
		gw = c.femaleW
	}
	for try := 0; try < 20; try++ {
		clash := false
		for j := int(h.first); j < idx; j++ {
			q := &w.people[j]
			if q.culture == p.culture && q.gender == p.gender && q.given == p.given {
				clash = true
				break
			}
		}
		if !clash {
			return
		}
		p.given = uint16(gw.pick(r))
		if p.middle == p.given {
			p.middle = noName
		}
	}
}

func (w *world) otherGiven(r *rng, p *person, not uint16, notGender uint8) uint16 {
	c := cultures[p.culture]
	pool, pw := c.male, c.maleW
	if p.gender == 1 {
		pool, pw = c.female, c.femaleW
	}
	_ = pool
	for i := 0; i < 8; i++ {
		g := uint16(pw.pick(r))
		if g != not || p.gender != notGender {
			return g
		}
	}
	return uint16((int(not) + 1) % len(pool))
}

// addPerson draws a person of the given culture, sex and age.
func (w *world) addPerson(r *rng, hid int32, cult, gender, age int, nl int) int {
	c := cultures[cult]
	p := person{culture: uint8(cult), gender: uint8(gender), hh: hid,
		middle: noName, family2: noName, father: noName}
	gw := c.maleW
	if gender == 1 {
		gw = c.femaleW
	}
	p.given = uint16(gw.pick(r))
	if c.middle > 0 && r.chance(c.middle) {
		if m := uint16(gw.pick(r)); m != p.given {
			p.middle = m
		}
	}
	p.family = uint16(c.famW.pick(r))
	if c.twoSurnames {
		p.family2 = uint16(c.famW.pick(r))
	}
	if c.father != fatherNone {
		p.father = uint16(c.maleW.pick(r))
	}
	p.nat = uint8(c.natIdx[c.natW.pick(r)])
	switch {
	case int(p.nat) == nl && c.code == "nl":
		p.birthCountry = uint8(nl)
	case int(p.nat) == nl:
		if r.chance(0.55) {
			p.birthCountry = uint8(nl)
		} else {
			p.birthCountry = uint8(c.homeIdx)
		}
	default:
		if r.chance(0.9) {
			p.birthCountry = p.nat
		} else {
			p.birthCountry = uint8(c.homeIdx)
		}
	}
	p.birthCity = uint8(countries[p.birthCountry].cityW.pick(r))
	p.dob = dobForAge(age, r)
	p.prefs = uint32(r.u64())
	idx := len(w.people)
	w.fillContact(r, &p, idx, nl)
	w.people = append(w.people, p)
	return idx
}

// fillContact draws phones, documents, e-mail and generic-address use.
func (w *world) fillContact(r *rng, p *person, idx int, nl int) {
	p.phones = [2]uint64{}
	pPhone := 0.92
	if ageAt(p.dob) >= 70 {
		pPhone = 0.65
	}
	for slot := 0; slot < 2; slot++ {
		if slot == 0 && !r.chance(pPhone) || slot == 1 && !r.chance(0.1) {
			break
		}
		ci := nl
		if r.chance(0.1) && countries[p.nat].cc != "" {
			ci = int(p.nat)
		}
		p.phones[slot] = mobileNumber(ci, uint64(2*idx+slot), w.seed)
	}
	p.doc = docNone
	if r.chance(0.88) {
		p.doc = docPassport
		if countries[p.nat].eu && r.chance(0.45) {
			p.doc = docIDCard
		}
	}
	p.email = r.chance(0.45)
	p.generic = 0
	if r.chance(0.015) {
		p.generic = uint8(1 + r.intn(len(genericAddresses)))
	}
}

// addChild adds a grown-up child of the household's parents.
func (w *world) addChild(r *rng, hid int32, father, mother, head *person, age int, nl int) int {
	var cult int
	switch {
	case father != nil:
		cult = int(father.culture)
	default:
		cult = int(head.culture)
	}
	idx := w.addPerson(r, hid, cult, r.intn(2), age, nl)
	c := &w.people[idx]
	c.hh = hid
	switch {
	case father != nil:
		c.family = father.family
		c.family2 = noName
		if cultures[cult].twoSurnames {
			if mother != nil && mother.culture == father.culture {
				c.family2 = mother.family
			} else {
				c.family2 = uint16(cultures[cult].famW.pick(r))
			}
		}
		if cultures[cult].father != fatherNone {
			c.father = father.given
		}
		if r.chance(0.6) {
			c.nat = father.nat
		} else {
			c.nat = uint8(nl)
		}
	default:
		c.family = head.family
		c.family2 = head.family2
		c.nat = head.nat
	}
	if int(c.nat) == nl && r.chance(0.7) {
		c.birthCountry = uint8(nl)
		c.birthCity = uint8(countries[nl].cityW.pick(r))
	}
	return idx
}

// addSibling adds a brother or sister of the head: same parents, same names.
func (w *world) addSibling(r *rng, hid int32, head int, usedAge map[int]bool, nl int) int {
	h := w.people[head]
	age := 0
	for try := 0; try < 10 && (try == 0 || usedAge[age]); try++ {
		age = ageAt(h.dob) + r.between(-8, 8)
		if age < 16 {
			age = 16 + r.intn(3)
		}
	}
	usedAge[age] = true
	idx := w.addPerson(r, hid, int(h.culture), r.intn(2), age, nl)
	s := &w.people[idx]
	s.family, s.family2, s.father = h.family, h.family2, h.father
	s.nat, s.birthCountry, s.birthCity = h.nat, h.birthCountry, h.birthCity
	return idx
}
