package synth

import (
	"slices"
)

// The plan is what happens in the world during 2023: who holds which
// subscription, who flies and crosses borders, who calls whom, who is
// charged, listed or written about. Sources are views of it.

type flight struct {
	airport uint8
	slot    uint8 // daily departure slot (fixes the flight number and hour)
	dir     uint8 // 0: departs Amsterdam, 1: arrives in Amsterdam
	day     int32
	dep     int64 // minutes since 2023-01-01 00:00
}

type booking struct {
	flight  int32
	first   int32 // into plan.pax
	n       uint8
	booker  int32 // person whose phone/e-mail the airline keeps
	locator uint32
}

type crossing struct {
	person int32
	bcp    uint8
	dir    uint8 // 0 out, 1 in
	t      int64 // minutes since 2023-01-01
}

type call struct {
	a, b uint64
	t    int64 // seconds since 2023-01-01
	dur  int32
}

type charge struct {
	person  int32
	ref     int32 // police person number (one person may have several)
	offence uint8
	status  uint8
	day     int32
	caseNo  int32
}

type subscription struct {
	person   int32
	phone    uint64
	safe     int32 // -1, or index into plan.safeHouses used as the address
	landline bool
}

type listing struct {
	person int32
	day    int32
	reason uint8 // offence index
}

type report struct {
	day      int32
	unit     uint8
	network  int32 // -1 for ordinary reports
	offence  uint8
	mentions []int32
}

type plan struct {
	flights    []flight
	bookings   []booking
	pax        []int32
	crossings  []crossing
	calls      []call
	charges    []charge
	subs       []subscription
	immigrants []int32
	watch      []listing
	notices    []listing
	reports    []report
	safeHouses []uint32
	// netPhone is the number a network member calls from (own or burner).
	netPhone map[int32]uint64
	// safeOf maps a member to the safe house some of their records give.
	safeOf map[int32]int32
	// listedIn records how each listed person is listed (1 watch, 2 notice, 3 both).
	listedIn map[int32]uint8
	netOf    map[int32]int32
	groupOf  map[int32]int32
	netCrime []uint8
	hubs     []uint64
}

var offences = []struct {
	nl, en, code string
	w            float64
}{
	{"diefstal", "theft", "310 Sr", 25},
	{"winkeldiefstal", "shoplifting", "310 Sr", 15},
	{"mishandeling", "assault", "300 Sr", 12},
	{"rijden onder invloed", "drink driving", "8 WVW", 12},
	{"oplichting", "fraud", "326 Sr", 8},
	{"inbraak", "burglary", "311 Sr", 8},
	{"heling", "handling stolen goods", "416 Sr", 5},
	{"bezit harddrugs", "possession of hard drugs", "2C Opiumwet", 6},
	{"handel in harddrugs", "drug trafficking", "2A Opiumwet", 3},
	{"witwassen", "money laundering", "420bis Sr", 2},
	{"mensensmokkel", "human smuggling", "197a Sr", 1},
	{"verboden wapenbezit", "illegal firearms possession", "26 WWM", 2},
	{"valsheid in geschrifte", "forgery", "225 Sr", 2},
}

var offenceW weights

// networkCrimes are the offence indexes organised groups are planted for.
var networkCrimes = []uint8{8, 9, 10, 11, 4, 12, 5}

const (
	statusCharged uint8 = iota
	statusConvicted
	statusAcquitted
)

var statusNames = [...]string{"charged", "convicted", "acquitted"}
var statusW = newWeights(45, 40, 15)

func init() {
	ws := make([]float64, len(offences))
	for i, o := range offences {
		ws[i] = o.w
	}
	offenceW = newWeights(ws...)
}

func (f *flight) number() string {
	a := airports[f.airport]
	carrier := a.carriers[int(f.slot)%len(a.carriers)]
	n := 1000 + int(f.airport)*8 + int(f.slot)*2 + int(f.dir)
	return carrier + itoa(n)
}

// flightHours is the rough block time to a destination.
func flightHours(a *airport) int64 {
	switch {
	case a.schengen:
		return 2
	case a.country == "GB" || a.country == "IE" || a.country == "TR" || a.country == "MA":
		return 4
	case a.country == "US" || a.country == "CA" || a.country == "CO" || a.country == "MX" || a.country == "AR" ||
		a.country == "IN" || a.country == "NG" || a.country == "GH" || a.country == "BD" || a.country == "PK":
		return 9
	}
	return 6
}

// buildPlan draws 2023's events. Networks were chosen before; from here on
// the draws may read people's attributes, but only in the same way for
// members and everyone else (a foreigner is in the immigration register
// whether or not they are in a network).
func (w *world) buildPlan() {
	r := newRNG(w.seed, "activity")
	justice := newRNG(w.seed, "justice")
	roles := newRNG(w.seed, "roles")
	n := w.n
	pl := &plan{netPhone: map[int32]uint64{}, safeOf: map[int32]int32{}, listedIn: map[int32]uint8{},
		netOf: map[int32]int32{}, groupOf: map[int32]int32{}}
	w.plan = pl
	nl := mustCountry("NL")
	records := make([]uint8, n) // person records per person, to guarantee at least one

	// Flights: a schedule of distinct (route, slot, direction, day).
	nFlights := n / 25
	if nFlights < 40 {
		nFlights = 40
	}
	space := len(airports) * 4 * 2 * 365
	if nFlights > space*6/10 {
		nFlights = space * 6 / 10
	}
	used := make([]bool, space)
	for len(pl.flights) < nFlights {
		a := airportW.pick(r)
		k := ((a*4+r.intn(4))*2+r.intn(2))*365 + r.intn(365)
		if used[k] {
			continue
		}
		used[k] = true
		day := k % 365
		rest := k / 365
		dir := rest % 2
		slot := (rest / 2) % 4
		minute := int64(mix64(uint64(a*4+slot)) % 50)
		dep := int64(day)*1440 + int64(7+slot*4)*60 + minute
		pl.flights = append(pl.flights, flight{airport: uint8(a), slot: uint8(slot), dir: uint8(dir), day: eventStart + int32(day), dep: dep})
	}
	slices.SortFunc(pl.flights, func(a, b flight) int {
		if a.dep != b.dep {
			return cmp64(a.dep, b.dep)
		}
		return int(a.airport) - int(b.airport)
	})

	book := func(f int32, people []int32, bookerIdx int) {
		b := booking{flight: f, first: int32(len(pl.pax)), n: uint8(len(people)), booker: people[bookerIdx]}
		pl.pax = append(pl.pax, people...)
		pl.bookings = append(pl.bookings, b)
		fl := &pl.flights[f]
		a := &airports[fl.airport]
		for _, p := range people {
			records[p]++
			if a.schengen || !r.chance(0.7) {
				continue
			}
			var t int64
			if fl.dir == 0 {
				t = fl.dep - int64(r.between(60, 150))
			} else {
				t = fl.dep + flightHours(a)*60 + int64(r.between(20, 60))
			}
			pl.crossings = append(pl.crossings, crossing{person: p, bcp: 0, dir: fl.dir, t: t})
			records[p]++
		}
	}
	landCrossing := func(people []int32, bcp int, t int64, dir uint8) {
		for i, p := range people {
			pl.crossings = append(pl.crossings, crossing{person: p, bcp: uint8(bcp), dir: dir, t: t + int64(i%2)})
			records[p]++
		}
	}
	randomMinute := func() int64 { return int64(r.intn(365*1440 - 1)) }

	// Business numbers many people call: taxi centrals, delivery, help desks.
	nHubs := 5 + n/2000
	for k := 0; k < nHubs; k++ {
		pl.hubs = append(pl.hubs, businessNumber(uint64(k)))
	}
	hubW := zipf(nHubs, 1.1)
	burner := uint64(3 * n) // mobile numbers past every person's own
	newBurner := func() uint64 {
		burner++
		return mobileNumber(nl, burner, w.seed)
	}
	foreignNumber := func(p *person) uint64 {
		ci := int(p.nat)
		if countries[ci].cc == "" || ci == nl {
			ci = mustCountry(pick(r, []string{"MA", "TR", "PL", "GB", "DE", "BE", "ES", "NG"}))
		}
		burner++
		return mobileNumber(ci, burner, w.seed)
	}
	addCall := func(a, b uint64, t int64) {
		d := int32(r.between(8, 300))
		switch x := r.float(); {
		case x < 0.06:
			d = 0 // not answered
		case x < 0.25:
			d = int32(r.between(300, 1500))
		case x < 0.3:
			d = int32(r.between(1500, 3600))
		}
		pl.calls = append(pl.calls, call{a: a, b: b, t: t, dur: d})
	}

	// Everyone's ordinary life.
	for i := 0; i < n; i++ {
		p := &w.people[i]
		pi := int32(i)
		for _, ph := range p.phones {
			if ph != 0 && ph/phoneCCMul == 31 && r.chance(0.8) {
				pl.subs = append(pl.subs, subscription{person: pi, phone: ph, safe: -1})
				records[i]++
			}
		}
		h := &w.households[p.hh]
		if h.land != 0 && int32(i) == h.first && r.chance(0.9) {
			pl.subs = append(pl.subs, subscription{person: pi, phone: h.land, safe: -1, landline: true})
			records[i]++
		}
		if int(p.nat) != nl && r.chance(0.8) || int(p.nat) == nl && int(p.birthCountry) != nl && r.chance(0.3) {
			pl.immigrants = append(pl.immigrants, pi)
			records[i]++
		}
		if p.doc != docNone {
			trips := 0
			switch x := r.float(); {
			case x < 0.55:
			case x < 0.82:
				trips = 1
			case x < 0.93:
				trips = 2
			case x < 0.98:
				trips = 3
			default:
				trips = 4
			}
			for t := 0; t < trips; t++ {
				book(int32(r.intn(len(pl.flights))), []int32{pi}, 0)
			}
		}
		if r.chance(0.07) {
			bcp := 1 + crossingW.pick(r)%(len(crossingPoints)-1)
			landCrossing([]int32{pi}, bcp, randomMinute(), uint8(r.intn(2)))
		}
		// Who is charged or listed is drawn from the person's own stream:
		// it never depends on anyone's attributes.
		jr := justice.derive(uint64(i))
		if jr.chance(0.015) {
			w.addCharges(&jr, pl, pi, int(offenceW.pick(&jr)), 1+boolInt(jr.chance(0.3)), records)
		}
		if jr.chance(0.0005) {
			pl.watch = append(pl.watch, listing{person: pi, day: listingDay(&jr), reason: pick(&jr, networkCrimes)})
			pl.listedIn[pi] |= 1
			records[i]++
		}
		if jr.chance(0.0006) {
			pl.notices = append(pl.notices, listing{person: pi, day: listingDay(&jr), reason: pick(&jr, networkCrimes)})
			pl.listedIn[pi] |= 2
			records[i]++
		}
		// Calls.
		if p.phones[0] != 0 {
			for c := geometric(r, 0.4); c > 0; c-- {
				t := int64(r.intn(365 * 86400))
				var to uint64
				switch x := r.float(); {
				case x < 0.4 && h.size > 1:
					m := &w.people[h.first+int32(r.intn(int(h.size)))]
					to = m.phones[0]
					if m == p {
						to = 0
					}
				case x < 0.75:
					to = w.people[r.intn(n)].phones[0]
				case x < 0.9:
					to = pl.hubs[hubW.pick(r)]
				default:
					to = foreignNumber(p)
				}
				if to != 0 && to != p.phones[0] {
					addCall(p.phones[0], to, t)
				}
			}
		}
	}
	// Families travel together.
	for hi := range w.households {
		h := &w.households[hi]
		if h.size < 2 || !r.chance(0.25) {
			continue
		}
		var who []int32
		for j := int32(0); j < int32(h.size); j++ {
			if w.people[h.first+j].doc != docNone && (len(who) < 2 || r.chance(0.6)) {
				who = append(who, h.first+j)
			}
		}
		if len(who) >= 2 {
			book(int32(r.intn(len(pl.flights))), who, 0)
		}
	}
	// Friends on the same flight, booked separately or together.
	for k := 0; k < n/100; k++ {
		a, b := int32(r.intn(n)), int32(r.intn(n))
		if a == b || w.people[a].doc == docNone || w.people[b].doc == docNone {
			continue
		}
		f := int32(r.intn(len(pl.flights)))
		if r.chance(0.5) {
			book(f, []int32{a, b}, 0)
		} else {
			book(f, []int32{a}, 0)
			book(f, []int32{b}, 0)
		}
	}

	// Ordinary groups: the same structure as networks, no crime.
	for gi, g := range w.groups {
		for _, m := range g {
			pl.groupOf[m] = int32(gi)
		}
		phone := func(m int32) uint64 { return w.people[m].phones[0] }
		w.plantStructure(r, pl, g, phone, book, landCrossing, addCall, records)
		if r.chance(0.3) {
			pl.reports = append(pl.reports, report{day: eventStart + int32(r.intn(365)), unit: uint8(r.intn(len(reportUnits))),
				network: -1, offence: 255, mentions: sample(r, g, r.between(1, min(3, len(g))))})
		}
	}
	// Criminal networks. Roles (crime, who is listed, who is charged) come
	// from the network's own stream, never from members' attributes.
	for ni, g := range w.networks {
		nr := roles.derive(uint64(ni))
		crime := pick(&nr, networkCrimes)
		pl.netCrime = append(pl.netCrime, crime)
		for _, m := range g {
			pl.netOf[m] = int32(ni)
			ph := w.people[m].phones[0]
			if ph == 0 || !r.chance(0.85) {
				ph = newBurner()
			}
			pl.netPhone[m] = ph
		}
		phone := func(m int32) uint64 { return pl.netPhone[m] }
		w.plantStructure(r, pl, g, phone, book, landCrossing, addCall, records)
		// Listed members: one, sometimes two.
		nListed := 1
		if nr.chance(0.3) && len(g) > 3 {
			nListed = 2
		}
		for _, m := range sample(&nr, g, nListed) {
			switch x := nr.float(); {
			case x < 0.65:
				pl.watch = append(pl.watch, listing{person: m, day: listingDay(&nr), reason: crime})
				pl.listedIn[m] |= 1
				records[m]++
			case x < 0.9:
				pl.notices = append(pl.notices, listing{person: m, day: listingDay(&nr), reason: crime})
				pl.listedIn[m] |= 2
				records[m]++
			default:
				pl.watch = append(pl.watch, listing{person: m, day: listingDay(&nr), reason: crime})
				pl.notices = append(pl.notices, listing{person: m, day: listingDay(&nr), reason: crime})
				pl.listedIn[m] |= 3
				records[m] += 2
			}
		}
		for _, m := range g {
			pc := 0.5
			if pl.listedIn[m] != 0 {
				pc = 0.7
			}
			if nr.chance(pc) {
				off := int(crime)
				if nr.chance(0.3) {
					off = int(pick(&nr, networkCrimes))
				}
				w.addCharges(&nr, pl, m, off, 1+boolInt(nr.chance(0.35)), records)
			}
		}
		for k := r.between(2, 5); k > 0; k-- {
			mentions := sample(r, g, r.between(1, min(4, len(g))))
			if r.chance(0.2) {
				mentions = append(mentions, int32(r.intn(n))) // a landlord, a witness
			}
			pl.reports = append(pl.reports, report{day: eventStart + int32(r.intn(365)), unit: uint8(r.intn(len(reportUnits))),
				network: int32(ni), offence: crime, mentions: dedupe(mentions)})
		}
	}
	// Reports about ordinary people: witnesses, victims, complaints.
	for k := 0; k < n*3/1000; k++ {
		m := []int32{int32(r.intn(n))}
		if r.chance(0.4) {
			m = append(m, int32(r.intn(n)))
		}
		pl.reports = append(pl.reports, report{day: eventStart + int32(r.intn(365)), unit: uint8(r.intn(len(reportUnits))),
			network: -1, offence: 255, mentions: dedupe(m)})
	}
	// Nobody is left out of every source.
	for i := 0; i < n; i++ {
		if records[i] > 0 {
			continue
		}
		p := &w.people[i]
		switch {
		case p.phones[0] != 0 && p.phones[0]/phoneCCMul == 31:
			pl.subs = append(pl.subs, subscription{person: int32(i), phone: p.phones[0], safe: -1})
		case int(p.nat) != nl:
			pl.immigrants = append(pl.immigrants, int32(i))
		default:
			// A new contract: the number is theirs but they make no calls here.
			pl.subs = append(pl.subs, subscription{person: int32(i), phone: newBurner(), safe: -1})
		}
		records[i]++
	}
	// Every sort key ends in a unique field, so the order never depends on
	// the sort algorithm.
	slices.SortFunc(pl.crossings, func(a, b crossing) int {
		if c := cmp64(a.t, b.t); c != 0 {
			return c
		}
		if a.person != b.person {
			return int(a.person - b.person)
		}
		return int(a.bcp) - int(b.bcp)
	})
	slices.SortStableFunc(pl.calls, func(a, b call) int { return cmp64(a.t, b.t) })
	slices.SortFunc(pl.bookings, func(a, b booking) int {
		if a.flight != b.flight {
			return int(a.flight - b.flight)
		}
		return int(a.first - b.first)
	})
	slices.SortStableFunc(pl.charges, func(a, b charge) int { return int(a.day - b.day) })
	slices.SortStableFunc(pl.reports, func(a, b report) int { return int(a.day - b.day) })
	// Locators and case numbers follow file order so that they are unique.
	for i := range pl.bookings {
		pl.bookings[i].locator = uint32(permute(uint64(i), w.seed, 1<<30))
	}
	for i := range pl.charges {
		pl.charges[i].caseNo = int32(i)
	}
}

// plantStructure gives a group dense calls, shared flights and border
// crossings, and (sometimes) a shared address: the pattern a network has,
// which ordinary groups share so that structure alone proves nothing.
func (w *world) plantStructure(r *rng, pl *plan, g []int32, phone func(int32) uint64,
	book func(int32, []int32, int), land func([]int32, int, int64, uint8),
	addCall func(a, b uint64, t int64), records []uint8) {
	hub := g[0]
	for _, m := range g {
		a := phone(m)
		if a == 0 {
			continue
		}
		for c := r.between(3, 10); c > 0; c-- {
			to := hub
			if m == hub || r.chance(0.5) {
				to = g[r.intn(len(g))]
			}
			if to == m || phone(to) == 0 {
				continue
			}
			addCall(a, phone(to), int64(r.intn(365*86400)))
		}
	}
	for t := r.between(1, 3); t > 0; t-- {
		var who []int32
		for _, m := range sample(r, g, r.between(2, min(5, len(g)))) {
			if w.people[m].doc != docNone {
				who = append(who, m)
			}
		}
		if len(who) < 2 {
			continue
		}
		f := int32(r.intn(len(pl.flights)))
		if r.chance(0.5) {
			book(f, who, 0)
		} else {
			for _, m := range who {
				book(f, []int32{m}, 0)
			}
		}
	}
	if r.chance(0.3) {
		who := sample(r, g, r.between(2, min(4, len(g))))
		bcp := 1 + crossingW.pick(r)%(len(crossingPoints)-1)
		land(who, bcp, int64(r.intn(365*1440-1)), uint8(r.intn(2)))
	}
	if r.chance(0.4) {
		sh := int32(len(pl.safeHouses))
		pl.safeHouses = append(pl.safeHouses, w.allocAddress(r))
		for _, m := range sample(r, g, r.between(2, min(4, len(g)))) {
			pl.safeOf[m] = sh
			// Someone registered a phone there, or gave it to the police.
			if ph := w.people[m].phones[0]; ph != 0 && ph/phoneCCMul == 31 {
				pl.subs = append(pl.subs, subscription{person: m, phone: ph, safe: sh})
				records[m]++
			}
		}
	}
}

func (w *world) addCharges(r *rng, pl *plan, p int32, off int, count int, records []uint8) {
	ref := int32(-1)
	for c := 0; c < count; c++ {
		if ref < 0 || r.chance(0.25) {
			ref = int32(len(pl.charges)) + 1 // unique: the index of the first charge under it
			records[p]++
		}
		o := off
		if c > 0 && r.chance(0.5) {
			o = offenceW.pick(r)
		}
		day := daysFromCivil(2015, 1, 1) + int32(r.intn(9*365))
		pl.charges = append(pl.charges, charge{person: p, ref: ref, offence: uint8(o), status: uint8(statusW.pick(r)), day: day})
	}
}

func listingDay(r *rng) int32 { return daysFromCivil(2016, 1, 1) + int32(r.intn(8*365)) }

func geometric(r *rng, mean float64) int {
	p := 1 / (1 + mean)
	k := 0
	for !r.chance(p) && k < 50 {
		k++
	}
	return k
}

func sample(r *rng, g []int32, k int) []int32 {
	c := append([]int32(nil), g...)
	shuffle(r, c)
	if k > len(c) {
		k = len(c)
	}
	return c[:k]
}

func dedupe(xs []int32) []int32 {
	out := make([]int32, 0, len(xs))
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

var reportUnits = []string{
	"DLIO Noord-Holland", "DLIO Rotterdam", "DLIO Den Haag", "DLIO Oost-Brabant",
	"Landelijke Eenheid / DLIO", "KMar Recherche", "FIOD liaison", "CIE Midden-Nederland",
}
