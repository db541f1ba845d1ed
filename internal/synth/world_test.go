package synth

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// A larger world for checks that need enough networks and rare phenomena.
var (
	bigOnce sync.Once
	bigDir  string
	bigSum  *Summary
	bigErr  error
)

var (
	bigIxOnce sync.Once
	bigIx     *fileIndex
)

// bigIndex is the big world's files joined with its truth, built once.
func bigIndex(t *testing.T) *fileIndex {
	t.Helper()
	dir, _ := bigWorld(t)
	bigIxOnce.Do(func() { bigIx = indexFiles(t, dir) })
	if bigIx == nil {
		t.Fatal("index failed")
	}
	return bigIx
}

func bigWorld(t *testing.T) (string, *Summary) {
	t.Helper()
	bigOnce.Do(func() {
		bigDir = filepath.Join(sharedTmp(t), "big")
		bigSum, bigErr = Generate(context.Background(), Options{Out: bigDir, People: 15_000, Seed: 5})
	})
	if bigErr != nil {
		t.Fatal(bigErr)
	}
	return bigDir, bigSum
}

// fileIndex joins the written files with truth.csv: which person each
// Person record is, and each record's values by column.
type fileIndex struct {
	person  map[string]string   // record → person
	records map[string][]string // person → records
	values  map[string]tRow     // record → its row
	rows    map[string][]tRow   // dataset → rows (all entities' source rows)
	dataset map[string]string   // record → dataset
	netOf   map[string]string   // person → network
	role    map[string]string
	groupOf map[string]string
}

func indexFiles(t *testing.T, dir string) *fileIndex {
	t.Helper()
	ix := &fileIndex{person: map[string]string{}, records: map[string][]string{}, values: map[string]tRow{},
		rows: map[string][]tRow{}, dataset: map[string]string{}, netOf: map[string]string{}, role: map[string]string{},
		groupOf: map[string]string{}}
	for _, row := range readCSV(t, filepath.Join(dir, "truth.csv"), ',')[1:] {
		ix.person[row[0]] = row[1]
		ix.records[row[1]] = append(ix.records[row[1]], row[0])
	}
	for _, row := range readCSV(t, filepath.Join(dir, "networks.csv"), ',')[1:] {
		ix.netOf[row[0]], ix.role[row[0]] = row[1], row[2]
	}
	for _, row := range readCSV(t, filepath.Join(dir, "groups.csv"), ',')[1:] {
		ix.groupOf[row[0]] = row[1]
	}
	for _, mf := range mappingFiles(t, dir) {
		for ds, d := range readMapping(t, mf) {
			for _, q := range d.Queries {
				_, rows := readRows(t, dir, q)
				ix.rows[ds] = append(ix.rows[ds], rows...)
				for _, e := range q.Entities {
					if e.Schema != "Person" {
						continue
					}
					for _, row := range rows {
						vals := make([]string, len(e.Keys))
						for i, k := range e.Keys {
							vals[i] = strings.Join(row(k), " ")
						}
						rec := recordID(ds, e.KeyLiteral, vals)
						ix.values[rec] = row
						ix.dataset[rec] = ds
					}
				}
			}
		}
	}
	return ix
}

func e164(s string) string {
	n, err := phonenumbers.Parse(s, "NL")
	if err != nil {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

type unionFind map[string]string

func (u unionFind) find(x string) string {
	for u[x] != "" && u[x] != x {
		x = u[x]
	}
	return x
}

func (u unionFind) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u[ra] = rb
	}
	if u[rb] == "" {
		u[rb] = rb
	}
}

// relations finds, from the files alone, the links an analyst could draw:
// calls between numbers that person records attribute to people, people on
// the same flight, and people giving the same address.
func relations(t *testing.T, ix *fileIndex) (linked func(set map[string]bool) (withLink, largest int)) {
	phoneOwners := map[string]map[string]bool{}
	addrOwners := map[string]map[string]bool{}
	add := func(m map[string]map[string]bool, k, p string) {
		if k == "" {
			return
		}
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][p] = true
	}
	norm := regexp.MustCompile(`[^A-Z0-9]`)
	for rec, row := range ix.values {
		p := ix.person[rec]
		for _, col := range []string{"msisdn", "telefoon", "contact_phone"} {
			for _, v := range row(col) {
				add(phoneOwners, e164(v), p)
			}
		}
		if a := row("adres"); len(a) > 0 {
			add(addrOwners, norm.ReplaceAllString(strings.ToUpper(strings.SplitN(a[0], ",", 2)[0]), ""), p)
		}
		if s := row("street"); len(s) > 0 {
			add(addrOwners, norm.ReplaceAllString(strings.ToUpper(s[0]+strings.Join(row("house_no"), "")), ""), p)
		}
	}
	edges := map[string][]string{}
	link := func(a, b string) {
		if a != b {
			edges[a] = append(edges[a], b)
			edges[b] = append(edges[b], a)
		}
	}
	for _, row := range ix.rows["telecom"] {
		a, b := row("a_number"), row("b_number")
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		for pa := range phoneOwners[e164(a[0])] {
			for pb := range phoneOwners[e164(b[0])] {
				link(pa, pb)
			}
		}
	}
	flights := map[string][]string{}
	for rec, row := range ix.values {
		if ix.dataset[rec] == "airline_api" {
			k := strings.Join(row("flight_no"), "") + strings.Join(row("dep_time"), "")
			flights[k] = append(flights[k], ix.person[rec])
		}
	}
	for _, ps := range flights {
		if len(ps) > 40 {
			continue // a crowded flight says little
		}
		for i := range ps {
			for j := i + 1; j < len(ps); j++ {
				link(ps[i], ps[j])
			}
		}
	}
	for _, owners := range addrOwners {
		if len(owners) > 8 {
			continue // a hotel or shelter
		}
		var ps []string
		for p := range owners {
			ps = append(ps, p)
		}
		for i := range ps {
			for j := i + 1; j < len(ps); j++ {
				link(ps[i], ps[j])
			}
		}
	}
	return func(set map[string]bool) (int, int) {
		u := unionFind{}
		with := 0
		for p := range set {
			u[p] = p
			has := false
			for _, q := range edges[p] {
				if set[q] {
					has = true
					u.union(p, q)
				}
			}
			if has {
				with++
			}
		}
		size := map[string]int{}
		best := 0
		for p := range set {
			r := u.find(p)
			size[r]++
			if size[r] > best {
				best = size[r]
			}
		}
		return with, best
	}
}

// TestPlantedNetworksAreVisible checks, from the files alone, that planted
// networks can be found the lawful way: each has a listed member whose
// listing is in the watchlist or notices, and members are tied to each
// other by calls, shared flights and addresses — as are ordinary groups,
// while random sets of people are not.
func TestPlantedNetworksAreVisible(t *testing.T) {
	_, sum := bigWorld(t)
	ix := bigIndex(t)
	linked := relations(t, ix)
	nets := map[string]map[string]bool{}
	for p, n := range ix.netOf {
		if nets[n] == nil {
			nets[n] = map[string]bool{}
		}
		nets[n][p] = true
	}
	if len(nets) != sum.Networks || len(nets) < 8 {
		t.Fatalf("%d networks in networks.csv, summary says %d", len(nets), sum.Networks)
	}
	var members, withLink, inLargest int
	for n, set := range nets {
		listed := false
		for p := range set {
			if ix.role[p] != "listed" {
				continue
			}
			for _, rec := range ix.records[p] {
				if ds := ix.dataset[rec]; ds == "nl_watchlist" || ds == "interpol_red_notices" {
					listed = true
				}
			}
		}
		if !listed {
			t.Errorf("network %s has no member in the watchlist or notices", n)
		}
		w, l := linked(set)
		members += len(set)
		withLink += w
		inLargest += l
	}
	share := float64(withLink) / float64(members)
	largest := float64(inLargest) / float64(members)
	t.Logf("network members linked to another member: %.2f; in their network's largest component: %.2f", share, largest)
	if share < 0.8 || largest < 0.6 {
		t.Errorf("planted networks are not visible enough in the data: linked %.2f, largest component %.2f", share, largest)
	}
	// Ordinary groups look the same structurally.
	groups := map[string]map[string]bool{}
	for p, g := range ix.groupOf {
		if groups[g] == nil {
			groups[g] = map[string]bool{}
		}
		groups[g][p] = true
	}
	gm, gw := 0, 0
	for _, set := range groups {
		w, _ := linked(set)
		gm += len(set)
		gw += w
	}
	gshare := float64(gw) / float64(gm)
	t.Logf("ordinary group members linked to another member: %.2f", gshare)
	if gshare < share-0.2 {
		t.Errorf("ordinary groups (%.2f) are much less connected than networks (%.2f): structure would give networks away", gshare, share)
	}
	// Random sets of the same sizes are not.
	r := newRNG(9, "random-sets")
	rm, rw := 0, 0
	for _, set := range nets {
		rs := map[string]bool{}
		for len(rs) < len(set) {
			rs[personID(int32(r.intn(sum.People)))] = true
		}
		w, _ := linked(rs)
		rm += len(rs)
		rw += w
	}
	rshare := float64(rw) / float64(rm)
	t.Logf("random people linked to another in their set: %.2f", rshare)
	if rshare > 0.2 {
		t.Errorf("random sets are linked as often as %.2f: the relations are noise", rshare)
	}
}

// TestPopulationHasTheHardCases checks the population has what makes
// resolution hard: different people with the same common name, twins and
// relatives sharing surname and address, generic addresses.
func TestPopulationHasTheHardCases(t *testing.T) {
	w := &world{seed: 31, n: 100_000}
	w.buildPeople()
	type key struct {
		culture string
		given   string
		family  string
	}
	count := map[key]map[int32]bool{}
	for i := range w.people {
		p := &w.people[i]
		c := cultures[p.culture]
		g := c.male
		if p.gender == 1 {
			g = c.female
		}
		name := func(np *namePart) string {
			if np.native != "" {
				return np.native
			}
			return np.latin[0].s
		}
		k := key{c.code, name(g[p.given]), name(c.family[p.family])}
		if count[k] == nil {
			count[k] = map[int32]bool{}
		}
		count[k][p.dob] = true
	}
	for _, k := range []key{{"ar", "محمد", "علي"}, {"en", "John", "Smith"}, {"ru", "Иван", "Петров"}} {
		if n := len(count[k]); n < 3 {
			t.Errorf("only %d people named %s %s (with different birth dates)", n, k.given, k.family)
		}
	}
	twins, sameSurnameAddr, flatmates := 0, 0, 0
	for _, h := range w.households {
		for i := h.first; i < h.first+int32(h.size); i++ {
			for j := i + 1; j < h.first+int32(h.size); j++ {
				a, b := &w.people[i], &w.people[j]
				if a.dob == b.dob && a.family == b.family && a.culture == b.culture {
					twins++
					if a.given == b.given && a.gender == b.gender {
						t.Errorf("twins %d and %d have the same name", i, j)
					}
				}
				if a.family == b.family && a.culture == b.culture {
					sameSurnameAddr++
				} else {
					flatmates++
				}
			}
		}
	}
	generic := 0
	for i := range w.people {
		if w.people[i].generic > 0 {
			generic++
		}
	}
	t.Logf("twin pairs %d, relatives sharing surname and address %d, other co-residents %d, generic-address users %d",
		twins, sameSurnameAddr, flatmates, generic)
	if twins < 50 || sameSurnameAddr < 10_000 || flatmates < 5_000 || generic < 1000 {
		t.Error("too few hard cases")
	}
}

// TestSourcesCarryTheNoise checks, in the files, the conventions and noise
// the sources promise: scripts, romanisations, formats.
func TestSourcesCarryTheNoise(t *testing.T) {
	dir, _ := bigWorld(t)
	text := func(name string) string {
		rows := readCSV(t, filepath.Join(dir, name), csvComma(name))
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t"))
			b.WriteByte('\n')
		}
		return b.String()
	}
	imm := text("immigration_register.csv")
	police := text("police_records.csv")
	tel := text("telecom_subscribers.csv")
	air := text("api_pnr.csv")
	all := imm + police + tel + air + text("border_crossings.csv") + text("national_watchlist.csv")
	for _, c := range []struct {
		what, text string
		re         string
	}{
		{"Arabic script", imm, `\p{Arabic}{3,}`},
		{"Persian letters", imm, `[پچژگکی]`},
		{"Russian Cyrillic", imm, `[ыэъё]`},
		{"Ukrainian Cyrillic", imm, `[іїєґ]`},
		{"a patronymic", imm + police, `(?i)(ovich|evich|ovna|evna|ович|евич|івна|овна)`},
		{"Turkish letters", all, `[şğıİ]`},
		{"Polish letters", all, `[łąęśźż]`},
		{"an Arabic article", all, `(?i)\b(al-|el-|al |el )\w`},
		{"bin/ibn", all, `(?i)\b(bin|ibn) \w`},
		{"a Dutch particle", police, `\t(van der|van den|de|van)\t`},
		{"an inverted name", tel, `\t"?\p{L}+, \p{L}`},
		{"a title", tel + air, `(Dhr\.|Mevr\.|Mr |Dr | MR\b|Sheikh|Haji)`},
		{"a year-only birth date", police, `\t\d{4}\t`},
		{"an unknown date registered as 1 January", imm, `\t01\.01\.\d{4}\t`},
		{"a hotel address", tel, `Stationsplein`},
		{"a German-style Turkish spelling", tel, `(?i)(oezt|oezd|oezk|hueseyin|guenes|buesra|oezlem|oemer|sueleyman|huelya)`},
		{"a lower-case name", tel, `\t[a-z]+ [a-z]+\t`},
		{"a national mobile", tel, `\b06\d{8}\b`},
		{"a dashed national mobile", all, `\b06-\d{8}\b`},
		{"an international spaced mobile", all, `\+31 6 \d{4} \d{4}`},
		{"a 0031 mobile", all, `\b0031-?6`},
		{"a spaced document number", all, `\b[A-Z0-9]{2,} [A-Z0-9]{3,}\b`},
	} {
		if !regexp.MustCompile(c.re).MatchString(c.text) {
			t.Errorf("no %s in the files (%s)", c.what, c.re)
		}
	}
	for _, v := range []string{"Mohammed", "Muhammad", "Mohamed", "Mohamad"} {
		if !strings.Contains(strings.ToUpper(all), strings.ToUpper(v)) {
			t.Errorf("the romanisation %s never appears", v)
		}
	}
}

func csvComma(name string) rune {
	switch name {
	case "border_crossings.csv":
		return '|'
	case "police_records.csv":
		return ';'
	}
	return ','
}

// TestSpellingsDifferAcrossSources checks that the same person is written
// differently by different agencies, but recognisably: most of a person's
// records share the family name once folded, and many differ in spelling.
func TestSpellingsDifferAcrossSources(t *testing.T) {
	ix := bigIndex(t)
	nameOf := func(rec string) string {
		row := ix.values[rec]
		for _, cols := range [][]string{{"traveller"}, {"first_name", "last_name"}, {"voornamen", "voorvoegsel", "achternaam"},
			{"subscriber_name"}, {"full_name"}, {"forename", "name"}, {"given_names_latin", "surname_latin"}} {
			var parts []string
			for _, c := range cols {
				parts = append(parts, row(c)...)
			}
			if len(parts) > 0 {
				return strings.Join(parts, " ")
			}
		}
		return ""
	}
	clean := regexp.MustCompile(`[^A-Z ]`)
	persons, differ := 0, 0
	for _, recs := range ix.records {
		var names []string
		for _, r := range recs {
			if n := nameOf(r); n != "" {
				names = append(names, strings.Join(strings.Fields(clean.ReplaceAllString(strings.ToUpper(fold(n)), " ")), " "))
			}
		}
		if len(names) < 2 {
			continue
		}
		persons++
		for _, n := range names[1:] {
			if !sameTokens(n, names[0]) {
				differ++
				break
			}
		}
	}
	share := float64(differ) / float64(persons)
	t.Logf("%d people with several Latin-script names; spelt differently somewhere: %.2f", persons, share)
	if share < 0.25 || share > 0.9 {
		t.Errorf("share of people whose records disagree on the name: %.2f, want 0.25–0.9", share)
	}
}

func sameTokens(a, b string) bool {
	ta, tb := strings.Fields(a), strings.Fields(b)
	if len(ta) != len(tb) {
		return false
	}
	seen := map[string]int{}
	for _, x := range ta {
		seen[x]++
	}
	for _, x := range tb {
		seen[x]--
		if seen[x] < 0 {
			return false
		}
	}
	return true
}

// strongKeys are the values that tie two records of one person together
// beyond the name: birth date (either day/month order), document number,
// phone, e-mail, street and house number.
func strongKeys(row tRow) map[string]bool {
	keys := map[string]bool{}
	digits := regexp.MustCompile(`\D`)
	alnum := regexp.MustCompile(`[^A-Z0-9]`)
	for _, c := range []string{"dob", "date_of_birth", "geboortedatum", "birth_date"} {
		for _, v := range row(c) {
			d := digits.ReplaceAllString(v, "")
			if len(d) != 8 {
				continue
			}
			y, m, dd := d[:4], d[4:6], d[6:]
			if !strings.HasPrefix(v, "19") && !strings.HasPrefix(v, "20") {
				dd, m, y = d[:2], d[2:4], d[4:]
			}
			keys["d"+y+m+dd] = true
			keys["d"+y+dd+m] = true
		}
	}
	for _, c := range []string{"doc_number", "travel_doc_no", "id_nummer", "id_number", "document_no"} {
		for _, v := range row(c) {
			keys["i"+alnum.ReplaceAllString(strings.ToUpper(v), "")] = true
		}
	}
	for _, c := range []string{"msisdn", "telefoon", "contact_phone"} {
		for _, v := range row(c) {
			keys["p"+e164(v)] = true
		}
	}
	for _, c := range []string{"email", "contact_email"} {
		for _, v := range row(c) {
			keys["e"+v] = true
		}
	}
	street := regexp.MustCompile(`^(.*?)\s+(\d+\s?[A-Z]?(-\d)?)`)
	addr := func(line string) {
		u := strings.NewReplacer("STR.", "STRAAT", "LN.", "LAAN", "WG.", "WEG", "SNGL.", "SINGEL").Replace(strings.ToUpper(line))
		if m := street.FindStringSubmatch(u); m != nil {
			keys["a"+alnum.ReplaceAllString(m[1]+m[2], "")] = true
		}
	}
	for _, c := range []string{"adres", "address"} {
		for _, v := range row(c) {
			addr(v)
		}
	}
	if s := row("street"); len(s) > 0 {
		addr(s[0] + " " + strings.Join(row("house_no"), ""))
	}
	return keys
}

// TestWorldIsResolvable guards the resolution benchmark: the noise must
// leave most of a person's records tied together by something beyond the
// name (directly or through another record of theirs), or an F1 of 0.97
// would be out of reach for any resolver. Name-only pairs remain, as in
// real data, but stay a small share.
func TestWorldIsResolvable(t *testing.T) {
	ix := bigIndex(t)
	pairs, direct, tied := 0, 0, 0
	for _, recs := range ix.records {
		keys := make([]map[string]bool, len(recs))
		for i, r := range recs {
			keys[i] = strongKeys(ix.values[r])
		}
		parent := make([]int, len(recs))
		for i := range parent {
			parent[i] = i
		}
		find := func(x int) int {
			for parent[x] != x {
				x = parent[x]
			}
			return x
		}
		share := func(a, b map[string]bool) bool {
			for k := range a {
				if len(k) > 1 && b[k] {
					return true
				}
			}
			return false
		}
		for i := range recs {
			for j := i + 1; j < len(recs); j++ {
				pairs++
				if share(keys[i], keys[j]) {
					direct++
					parent[find(i)] = find(j)
				}
			}
		}
		for i := range recs {
			for j := i + 1; j < len(recs); j++ {
				if find(i) == find(j) {
					tied++
				}
			}
		}
	}
	d, ti := float64(direct)/float64(pairs), float64(tied)/float64(pairs)
	t.Logf("%d true pairs: %.3f share a strong key, %.3f are tied through the person's records", pairs, d, ti)
	if ti < 0.96 {
		t.Errorf("only %.3f of true pairs are tied by more than the name", ti)
	}
	if d > 0.99 {
		t.Errorf("%.3f of true pairs share a strong key: the world is too easy to measure a resolver on", d)
	}
}

// TestGenericValuesAreShared: a hotel's address and a shelter's switchboard
// number appear in the records of many unrelated people — the generic
// values a resolver must not take as evidence.
func TestGenericValuesAreShared(t *testing.T) {
	ix := bigIndex(t)
	phones := map[string]map[string]bool{}
	hotel := map[string]bool{}
	for rec, row := range ix.values {
		p := ix.person[rec]
		for _, col := range []string{"msisdn", "telefoon", "contact_phone"} {
			for _, v := range row(col) {
				n := e164(v)
				if phones[n] == nil {
					phones[n] = map[string]bool{}
				}
				phones[n][p] = true
			}
		}
		for _, col := range []string{"street", "adres", "address"} {
			for _, v := range row(col) {
				if strings.Contains(strings.ToUpper(v), "STATIONSPLEIN") {
					hotel[p] = true
				}
			}
		}
	}
	shared := 0
	for n, ps := range phones {
		if strings.HasPrefix(n, "+3188") && len(ps) >= 5 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no switchboard number is shared by five or more people")
	}
	if len(hotel) < 10 {
		t.Errorf("only %d people give the hotel's address", len(hotel))
	}
}
