package screen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// Synthetic watchlists and queries, for the benchmark and for fitting and
// checking the score model. Every name here is made up: given names and
// family names are drawn from small per-culture pools with a Zipf-like skew
// (so some parts are very common, as on real lists), and a long tail of
// family names is built from syllables, so a million names stay diverse.

type culture struct {
	name      string
	given     []string
	family    []string
	syllables []string // for long-tail family names
	suffixes  []string
	script    string // "", "cyrillic" or "arabic": the script some lists write it in
	country   []string
	patronym  bool // Slavic middle names from the father's given name
	nasab     bool // Arabic "bin" chains
	twoFamily bool // Hispanic paternal + maternal family names
}

var cultures = []culture{
	{name: "arabic", script: "arabic", nasab: true, country: []string{"sa", "iq", "sy", "eg", "jo", "ye", "ly", "lb", "ae", "sd"},
		given:     []string{"Mohammed", "Ahmed", "Ali", "Omar", "Khalid", "Yusuf", "Ibrahim", "Hassan", "Hussein", "Abdullah", "Mustafa", "Tariq", "Walid", "Karim", "Said", "Nasser", "Faisal", "Hamza", "Bilal", "Samir", "Jamal", "Adel", "Fatima", "Aisha", "Mariam", "Layla", "Zainab", "Huda", "Salma", "Amina", "Rami", "Fadi", "Marwan", "Ziad", "Hisham", "Osama", "Anwar", "Majid", "Sultan", "Nabil"},
		family:    []string{"Rashid", "Haddad", "Khoury", "Nasr", "Mansour", "Saleh", "Hamdan", "Qasim", "Darwish", "Obeid", "Zahran", "Farouk", "Shami", "Masri", "Tamimi", "Harbi", "Otaibi", "Ghamdi", "Qahtani", "Shehri", "Dosari", "Mutairi", "Jaber", "Sabbagh", "Khatib", "Barakat", "Aziz", "Hakim", "Nouri", "Sharif"},
		syllables: []string{"ka", "ra", "ha", "ma", "sa", "za", "fa", "na", "ba", "ja", "da", "ta", "qa", "la", "wa", "mi", "ri", "di", "si", "hu", "mu", "nu", "ku"},
		suffixes:  []string{"i", "awi", "an", "ani", "ir", "oud"}},
	{name: "slavic", script: "cyrillic", patronym: true, country: []string{"ru", "ua", "by", "kz", "rs", "bg"},
		given:     []string{"Ivan", "Sergei", "Dmitri", "Alexei", "Andrei", "Vladimir", "Nikolai", "Mikhail", "Yuri", "Oleg", "Pavel", "Igor", "Viktor", "Anna", "Olga", "Elena", "Natalia", "Irina", "Tatiana", "Svetlana", "Boris", "Roman", "Maxim", "Artem", "Denis", "Gennady", "Yevgeny", "Stanislav", "Lyudmila", "Galina"},
		family:    []string{"Ivanov", "Petrov", "Smirnov", "Kuznetsov", "Popov", "Volkov", "Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov", "Pavlov", "Orlov", "Zaitsev", "Sorokin", "Belov", "Medvedev", "Egorov", "Karpov", "Titov", "Fedorov", "Mironov", "Gusev", "Vinogradov", "Bogdanov"},
		syllables: []string{"bor", "vol", "kra", "mir", "sto", "gra", "pol", "dob", "ryb", "sok", "zel", "lis", "mel", "tver", "glu", "cher", "kha", "pro", "shu", "bel"},
		suffixes:  []string{"ov", "ev", "in", "enko", "sky", "ovich", "ets"}},
	{name: "chinese", country: []string{"cn", "tw", "sg", "hk"},
		given:     []string{"Wei", "Ming", "Jun", "Hua", "Lei", "Yan", "Jing", "Li", "Hong", "Qiang", "Xiaoming", "Jianguo", "Zhiwei", "Haitao", "Xiuying", "Guiying", "Yulan", "Jianhua", "Dong", "Bo"},
		family:    []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo"},
		syllables: []string{"zhen", "tao", "feng", "qing", "yong", "hai", "xin", "kai", "long", "ping", "rui", "shan", "wen", "yu", "zi", "an", "chun", "de"},
		suffixes:  []string{""}},
	{name: "hispanic", twoFamily: true, country: []string{"mx", "co", "ve", "es", "ar", "pe", "gt", "hn"},
		given:     []string{"José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Pedro", "María", "Ana", "Carmen", "Rosa", "Sofía", "Diego", "Alejandro", "Fernando", "Ricardo", "Javier", "Manuel", "Lucía", "Isabel", "Raúl", "Andrés", "Héctor", "Guadalupe", "Joaquín"},
		family:    []string{"García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Vargas", "Castillo", "Mendoza", "Aguilar", "Herrera"},
		syllables: []string{"ba", "ca", "ro", "mo", "la", "ve", "te", "go", "rra", "lle", "que", "ran", "dal", "cas", "vi", "se", "na"},
		suffixes:  []string{"ez", "es", "o", "a", "ana", "era"}},
	{name: "anglo", country: []string{"us", "gb", "ca", "au", "ie", "nz"},
		given:     []string{"John", "James", "Michael", "David", "Robert", "William", "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Thomas", "Richard", "Charles", "Daniel", "Sarah", "Karen", "Nancy", "Joseph", "Christopher", "Matthew", "Anthony", "Mark", "Paul", "Steven"},
		family:    []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green"},
		syllables: []string{"ash", "brook", "wood", "ford", "ham", "ley", "ton", "well", "field", "mor", "ber", "win", "hart", "stan", "bur", "craw", "mid"},
		suffixes:  []string{"", "s", "er", "by", "ton"}},
	{name: "westafrican", country: []string{"ng", "gh", "sn", "ml", "gn", "ci", "bf"},
		given:     []string{"Abdoulaye", "Mamadou", "Ousmane", "Ibrahima", "Moussa", "Amadou", "Fatoumata", "Aminata", "Kwame", "Kofi", "Chukwuemeka", "Oluwaseun", "Ngozi", "Emeka", "Adebayo", "Seydou", "Boubacar", "Mariama", "Yaw", "Akosua"},
		family:    []string{"Diallo", "Traoré", "Keita", "Coulibaly", "Camara", "Touré", "Sow", "Diop", "Ndiaye", "Mensah", "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Osei", "Sangaré", "Konaté", "Owusu", "Boateng", "Eze"},
		syllables: []string{"ko", "na", "ba", "du", "fo", "la", "sa", "ma", "ke", "ye", "tu", "o", "ade", "olu", "chi", "nwa", "se"},
		suffixes:  []string{"", "ra", "ko", "ba", "ye", "mi"}},
	{name: "southasian", country: []string{"pk", "in", "bd", "af", "lk"},
		given:     []string{"Mohammad", "Rahul", "Amit", "Sanjay", "Priya", "Anjali", "Imran", "Asif", "Raj", "Vikram", "Sunil", "Arjun", "Deepak", "Kavita", "Farhan", "Tariq", "Nadeem", "Shahid", "Ayesha", "Sana"},
		family:    []string{"Khan", "Sharma", "Patel", "Singh", "Gupta", "Kumar", "Shah", "Chaudhry", "Malik", "Qureshi", "Hussain", "Iqbal", "Butt", "Reddy", "Rao", "Mehta", "Joshi", "Siddiqui", "Ansari", "Mirza"},
		syllables: []string{"ra", "ja", "pa", "ka", "va", "sha", "ma", "na", "de", "ti", "bh", "an", "kar", "war", "dha", "gar"},
		suffixes:  []string{"i", "a", "ani", "wala", "kar"}},
	{name: "irano-turkic", country: []string{"ir", "tr", "az", "tj", "uz"},
		given:     []string{"Reza", "Mehdi", "Hossein", "Ali", "Mohammad", "Mehmet", "Mustafa", "Ahmet", "Emre", "Murat", "Zahra", "Maryam", "Ayse", "Fatma", "Elif", "Hasan", "Kemal", "Ozan", "Dariush", "Babak"},
		family:    []string{"Hosseini", "Mousavi", "Rahimi", "Karimi", "Ahmadi", "Jafari", "Rezaei", "Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Yildiz", "Aydin", "Ozturk", "Arslan", "Dogan", "Sadeghi", "Moradi", "Kazemi"},
		syllables: []string{"ka", "ra", "za", "de", "mir", "gol", "bah", "sor", "tas", "kar", "han", "dem", "yil", "ay", "ser", "nur"},
		suffixes:  []string{"i", "zadeh", "oglu", "pour", "er", "li"}},
	{name: "korean", country: []string{"kr", "kp"},
		given:     []string{"Min Jun", "Ji Hoon", "Seo Yeon", "Hyun Woo", "Ji Woo", "Jong Un", "Young Ho", "Sung Min", "Eun Ji", "Dong Hyun", "Su Bin", "Tae Yang", "Yong Su", "Chol", "Myong Hak"},
		family:    []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Ri", "Pak", "Ryu", "Song"},
		syllables: []string{"seo", "ha", "jin", "hwan", "gyu"},
		suffixes:  []string{""}},
	{name: "european", country: []string{"de", "fr", "at", "be", "ch", "nl", "it"},
		given:     []string{"Hans", "Peter", "Klaus", "Jürgen", "Pierre", "Jean", "Michel", "François", "Anne", "Claire", "Marco", "Giovanni", "Luca", "Stefan", "Wolfgang", "Sabine", "Monika", "Isabelle", "Dirk", "Matthias"},
		family:    []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Martin", "Bernard", "Dubois", "Moreau", "Lefebvre", "Rossi", "Russo", "Ferrari", "Bianchi", "Wagner", "Becker", "Hoffmann", "Janssen", "De Vries", "Laurent"},
		syllables: []string{"berg", "stein", "mann", "bach", "hof", "feld", "lin", "ger", "ver", "mon", "tel", "ric", "lan", "bru", "cor"},
		suffixes:  []string{"", "er", "i", "ier", "mann", "ini"}},
}

// orgWords are distinctive words for synthetic organisation names.
var orgWords = []string{"Golden", "Falcon", "Crescent", "Silk", "Road", "Eagle", "Meridian", "Zenith", "Nova", "Cedar", "Delta", "Orion", "Atlas", "Phoenix", "Sapphire", "Horizon", "Pioneer", "Summit", "Vanguard", "Oasis", "Baltic", "Caspian", "Aurora", "Polar", "Granite", "Emerald", "Titan", "Stellar", "Harbor", "Nile"}
var orgTrades = []string{"Trading", "Shipping", "Logistics", "Petroleum", "Mining", "Holdings", "Industries", "Investment", "Construction", "Import Export", "Bank", "Exchange", "Electronics", "Chemicals", "Maritime", "General Trading", "Technologies", "Group"}
var orgForms = []string{"LLC", "Ltd", "JSC", "GmbH", "S.A.", "Inc", "FZE", "Co.", "LLP", ""}

// zipf picks an index in [0,n) with probability falling as 1/(i+1)^0.9, so
// the first names of a pool are common and the last rare.
func zipf(r *rand.Rand, n int) int {
	// Inverse transform on the continuous approximation.
	u := r.Float64()
	const s = 0.9
	hn := (math.Pow(float64(n)+1, 1-s) - 1) / (1 - s)
	x := math.Pow(u*hn*(1-s)+1, 1/(1-s)) - 1
	i := int(x)
	if i >= n {
		i = n - 1
	}
	return i
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

func (c *culture) longTailFamily(r *rand.Rand) string {
	n := 2 + r.IntN(2)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(pick(r, c.syllables))
	}
	b.WriteString(pick(r, c.suffixes))
	return capitalise(b.String())
}

func (c *culture) pickFamily(r *rand.Rand) string {
	if r.Float64() < 0.55 {
		return c.family[zipf(r, len(c.family))]
	}
	return c.longTailFamily(r)
}

func (c *culture) pickGiven(r *rand.Rand) string {
	if r.Float64() < 0.9 {
		return c.given[zipf(r, len(c.given))]
	}
	// Rare given names: a syllable compound.
	return capitalise(pick(r, c.syllables) + pick(r, c.syllables) + pick(r, c.suffixes))
}

// synthPerson is a made-up person with the facts lists record.
type synthPerson struct {
	cult                 *culture
	given, middle, fam   string
	full                 string
	dob                  string // full date
	nat                  string
	passport             string
	aliases, weakAliases []string
}

func (c *culture) person(r *rand.Rand) synthPerson {
	p := synthPerson{cult: c, given: c.pickGiven(r), fam: c.pickFamily(r)}
	switch {
	case c.patronym && r.Float64() < 0.7:
		p.middle = patronymic(c.given[zipf(r, len(c.given))])
	case c.nasab && r.Float64() < 0.3:
		p.middle = "bin " + c.given[zipf(r, len(c.given))]
	case c.twoFamily:
		p.middle = ""
		p.fam = p.fam + " " + c.pickFamily(r)
	case r.Float64() < 0.25:
		p.middle = c.pickGiven(r)
	}
	p.full = strings.Join(nonEmpty(p.given, p.middle, p.fam), " ")
	if c.name == "chinese" || c.name == "korean" {
		p.full = p.fam + " " + p.given
	}
	y := 1940 + r.IntN(66)
	p.dob = fmt.Sprintf("%04d-%02d-%02d", y, 1+r.IntN(12), 1+r.IntN(28))
	p.nat = pick(r, c.country)
	if r.Float64() < 0.3 {
		p.passport = fmt.Sprintf("%c%c%07d", 'A'+r.IntN(26), 'A'+r.IntN(26), r.IntN(10_000_000))
	}
	return p
}

func patronymic(given string) string {
	g := strings.TrimSuffix(strings.TrimSuffix(given, "i"), "y")
	if strings.HasSuffix(g, "a") || strings.HasSuffix(g, "e") {
		return g[:len(g)-1] + "ovich"
	}
	return g + "ovich"
}

func nonEmpty(xs ...string) []string {
	out := xs[:0:0]
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// listRecord turns a synthetic person into a list record the way lists
// write them: partial dates, missing fields, aliases in other spellings
// and scripts.
func (p *synthPerson) listRecord(r *rand.Rand, id int, list string) Record {
	rec := Record{ID: fmt.Sprintf("%s-%d", list, id), List: list, ListID: fmt.Sprint(id), Schema: "Person", Caption: p.full}
	rec.Names = []string{p.full}
	if r.Float64() < 0.35 {
		rec.Names = append(rec.Names, alterName(r, p.full, 1))
	}
	if p.cult.script != "" && r.Float64() < 0.3 {
		rec.Names = append(rec.Names, toScript(p.full, p.cult.script))
	}
	if r.Float64() < 0.15 {
		rec.WeakNames = append(rec.WeakNames, p.cult.pickGiven(r)+" "+p.cult.pickFamily(r))
	}
	switch u := r.Float64(); {
	case u < 0.5:
		rec.BirthDates = []string{p.dob}
	case u < 0.8:
		rec.BirthDates = []string{p.dob[:4]}
	case u < 0.85:
		y := atoi(p.dob[:4])
		rec.BirthDates = []string{fmt.Sprint(y - 1), p.dob[:4], fmt.Sprint(y + 1)}
	case u < 0.9:
		rec.BirthDates = []string{p.dob[:7]}
	}
	if r.Float64() < 0.75 {
		rec.Countries = []string{p.nat}
	}
	if r.Float64() < 0.4 {
		// Residence: often elsewhere than the nationality.
		if r.Float64() < 0.5 {
			rec.OtherPlaces = []string{p.nat}
		} else {
			rec.OtherPlaces = []string{pick(r, cultures[r.IntN(len(cultures))].country)}
		}
	}
	if p.passport != "" {
		rec.Identifiers = []string{p.passport}
	}
	return rec
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func orgName(r *rand.Rand) string {
	w := pick(r, orgWords)
	if r.Float64() < 0.5 {
		w += " " + pick(r, orgWords)
	}
	if r.Float64() < 0.5 {
		c := &cultures[r.IntN(len(cultures))]
		w = c.longTailFamily(r) + " " + w
	}
	parts := nonEmpty(w, pick(r, orgTrades), pick(r, orgForms))
	return strings.Join(parts, " ")
}

// SyntheticList makes a watchlist of about n names (names and aliases)
// of made-up people (90%) and organisations (10%) from many cultures.
func SyntheticList(n int, seed uint64) []Record {
	r := rand.New(rand.NewPCG(seed, 0x5c12ee))
	out := make([]Record, 0, n*3/4)
	count := 0
	for id := 1; count < n; id++ {
		var rec Record
		if r.Float64() < 0.1 {
			name := orgName(r)
			rec = Record{ID: fmt.Sprintf("synth-%d", id), List: "synthetic", ListID: fmt.Sprint(id), Schema: "Organization", Caption: name, Names: []string{name}}
			if r.Float64() < 0.3 {
				rec.Names = append(rec.Names, alterName(r, name, 1))
			}
			if r.Float64() < 0.5 {
				rec.Countries = []string{pick(r, cultures[r.IntN(len(cultures))].country)}
			}
		} else {
			c := &cultures[zipf(r, len(cultures))]
			p := c.person(r)
			rec = p.listRecord(r, id, "synthetic")
			rec.ID = fmt.Sprintf("synth-%d", id)
		}
		count += len(rec.Names) + len(rec.WeakNames)
		out = append(out, rec)
	}
	return out
}

// LabelledQuery is a synthetic query with the id of the record it was made
// from ("" for a person who is not listed).
type LabelledQuery struct {
	Query
	Want string
}

// SyntheticQueries makes q queries against recs: listedShare of them are
// listed subjects seen through typical data-entry noise (typos, dropped
// letters, reordered or missing name parts, other scripts, partial or
// mistyped dates); the rest are made-up people drawn from the same name
// pools, so namesakes of listed people occur as they do in life.
func SyntheticQueries(recs []Record, q int, listedShare float64, seed uint64) []LabelledQuery {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b9))
	out := make([]LabelledQuery, 0, q)
	for len(out) < q {
		if r.Float64() < listedShare {
			rec := &recs[r.IntN(len(recs))]
			out = append(out, LabelledQuery{Query: noisyQuery(r, rec), Want: rec.ID})
			continue
		}
		if r.Float64() < 0.08 {
			lq := LabelledQuery{Query: Query{Schema: "Organization", Names: []string{orgName(r)}}}
			if r.Float64() < 0.5 {
				lq.Countries = []string{pick(r, cultures[r.IntN(len(cultures))].country)}
			}
			out = append(out, lq)
			continue
		}
		c := &cultures[zipf(r, len(cultures))]
		p := c.person(r)
		lq := LabelledQuery{Query: Query{Names: []string{p.full}}}
		if r.Float64() < 0.85 {
			lq.BirthDates = []string{p.dob}
		}
		if r.Float64() < 0.7 {
			lq.Countries = []string{p.nat}
		}
		if p.passport != "" && r.Float64() < 0.5 {
			lq.Identifiers = []string{p.passport}
		}
		out = append(out, lq)
	}
	return out
}

// noisyQuery is how another agency might record a listed subject.
func noisyQuery(r *rand.Rand, rec *Record) Query {
	q := Query{Schema: rec.Schema}
	name := rec.Names[r.IntN(len(rec.Names))]
	if r.Float64() < 0.7 {
		name = rec.Names[0]
	}
	if len(rec.WeakNames) > 0 && r.Float64() < 0.15 {
		name = rec.WeakNames[0]
	}
	switch u := r.Float64(); {
	case u < 0.3:
	case u < 0.85:
		name = alterName(r, name, 1+r.IntN(2))
	default:
		name = alterName(r, name, 3)
	}
	q.Names = []string{name}
	if len(rec.BirthDates) > 0 && r.Float64() < 0.85 {
		d := rec.BirthDates[r.IntN(len(rec.BirthDates))]
		if len(d) == 4 {
			// The list knows only the year; the query has a full date.
			d = fmt.Sprintf("%s-%02d-%02d", d, 1+r.IntN(12), 1+r.IntN(28))
		}
		if r.Float64() < 0.12 {
			d = AlterDate(r, d)
		}
		q.BirthDates = []string{d}
	}
	if len(rec.Countries) == 0 && len(rec.OtherPlaces) > 0 && r.Float64() < 0.5 {
		q.Countries = []string{rec.OtherPlaces[0]}
	}
	if len(rec.Countries) > 0 && r.Float64() < 0.7 {
		q.Countries = []string{rec.Countries[0]}
		if r.Float64() < 0.05 {
			q.Countries = []string{pick(r, cultures[r.IntN(len(cultures))].country)}
		}
	}
	if len(rec.Identifiers) > 0 && r.Float64() < 0.4 {
		id := rec.Identifiers[0]
		if r.Float64() < 0.1 {
			id = typo(r, id)
		}
		q.Identifiers = []string{id}
	}
	return q
}

// AlterName applies n random alterations of the kinds data entry makes:
// a typo, a dropped letter, two letters swapped, the parts reordered, a
// middle part dropped, a part reduced to its initial.
func AlterName(r *rand.Rand, name string, n int) string { return alterName(r, name, n) }

func alterName(r *rand.Rand, name string, n int) string {
	for i := 0; i < n; i++ {
		parts := strings.Fields(name)
		if len(parts) == 0 {
			return name
		}
		switch u := r.Float64(); {
		case u < 0.3:
			j := r.IntN(len(parts))
			parts[j] = typo(r, parts[j])
		case u < 0.5:
			j := r.IntN(len(parts))
			parts[j] = dropChar(r, parts[j])
		case u < 0.62:
			j := r.IntN(len(parts))
			parts[j] = swapChars(r, parts[j])
		case u < 0.8:
			if len(parts) > 1 {
				// The family name first, as many registers write it.
				last := parts[len(parts)-1]
				copy(parts[1:], parts[:len(parts)-1])
				parts[0] = last
			}
		case u < 0.9:
			if len(parts) > 2 {
				j := 1 + r.IntN(len(parts)-2)
				parts = append(parts[:j], parts[j+1:]...)
			}
		default:
			if len(parts) > 2 {
				j := r.IntN(len(parts) - 1)
				rr, _ := utf8.DecodeRuneInString(parts[j])
				parts[j] = string(rr) + "."
			}
		}
		name = strings.Join(parts, " ")
	}
	return name
}

const letters = "abcdefghijklmnopqrstuvwxyz"

func typo(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 3 {
		return s
	}
	j := 1 + r.IntN(len(rs)-1)
	c := rune(letters[r.IntN(len(letters))])
	if rs[j] >= '0' && rs[j] <= '9' {
		c = rune('0' + r.IntN(10))
	}
	if r.Float64() < 0.5 {
		rs[j] = c
	} else {
		rs = append(rs[:j], append([]rune{c}, rs[j:]...)...)
	}
	return string(rs)
}

func dropChar(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 4 {
		return s
	}
	j := 1 + r.IntN(len(rs)-1)
	return string(append(rs[:j], rs[j+1:]...))
}

func swapChars(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 4 {
		return s
	}
	j := 1 + r.IntN(len(rs)-2)
	rs[j], rs[j+1] = rs[j+1], rs[j]
	return string(rs)
}

// AlterDate changes a date the way records get it wrong: a digit typo,
// day and month swapped, the year off by one, or only the year kept.
func AlterDate(r *rand.Rand, d string) string {
	if len(d) != 10 {
		return d
	}
	y, m, day := d[:4], d[5:7], d[8:10]
	switch u := r.Float64(); {
	case u < 0.3:
		if atoi(day) <= 12 {
			return y + "-" + day + "-" + m
		}
		return y + "-" + m + "-" + fmt.Sprintf("%02d", 1+(atoi(day)+1)%28)
	case u < 0.55:
		return fmt.Sprintf("%s-%s-%02d", y, m, 1+(atoi(day)+9)%28)
	case u < 0.8:
		return fmt.Sprintf("%04d-%s-%s", atoi(y)+1-2*r.IntN(2), m, day)
	default:
		return y
	}
}

// toScript writes a Latin name in Cyrillic or Arabic letters, roughly as
// a clerk transliterating by ear would.
func toScript(name, script string) string {
	s := strings.ToLower(name)
	var b strings.Builder
	switch script {
	case "cyrillic":
		for i := 0; i < len(s); {
			matched := false
			for _, m := range cyrMap {
				if strings.HasPrefix(s[i:], m[0]) {
					b.WriteString(m[1])
					i += len(m[0])
					matched = true
					break
				}
			}
			if !matched {
				_, n := utf8.DecodeRuneInString(s[i:])
				b.WriteString(s[i : i+n])
				i += n
			}
		}
	case "arabic":
		wordStart := true
		for i := 0; i < len(s); {
			c := s[i]
			if c == ' ' {
				b.WriteByte(' ')
				wordStart = true
				i++
				continue
			}
			matched := false
			for _, m := range arMap {
				if strings.HasPrefix(s[i:], m[0]) {
					switch {
					case m[1] == "" && wordStart:
						b.WriteString("ا")
					default:
						b.WriteString(m[1])
					}
					i += len(m[0])
					matched = true
					break
				}
			}
			if !matched {
				_, n := utf8.DecodeRuneInString(s[i:])
				i += n
			}
			wordStart = false
		}
	default:
		return name
	}
	return b.String()
}

var cyrMap = [][2]string{
	{"shch", "щ"}, {"kh", "х"}, {"zh", "ж"}, {"ts", "ц"}, {"ch", "ч"}, {"sh", "ш"}, {"yu", "ю"}, {"ya", "я"}, {"yo", "ё"},
	{"a", "а"}, {"b", "б"}, {"v", "в"}, {"g", "г"}, {"d", "д"}, {"e", "е"}, {"z", "з"}, {"i", "и"}, {"y", "й"},
	{"k", "к"}, {"l", "л"}, {"m", "м"}, {"n", "н"}, {"o", "о"}, {"p", "п"}, {"r", "р"}, {"s", "с"}, {"t", "т"},
	{"u", "у"}, {"f", "ф"}, {"h", "х"}, {"c", "к"}, {"w", "в"}, {"x", "кс"}, {"j", "дж"}, {"q", "к"},
}

// arMap writes consonants and long vowels; short vowels vanish inside a
// word ("" entries) and become alif at its start.
var arMap = [][2]string{
	{"kh", "خ"}, {"sh", "ش"}, {"th", "ث"}, {"dh", "ذ"}, {"gh", "غ"}, {"ou", "و"}, {"ee", "ي"}, {"oo", "و"},
	{"b", "ب"}, {"t", "ت"}, {"j", "ج"}, {"h", "ح"}, {"d", "د"}, {"r", "ر"}, {"z", "ز"}, {"s", "س"},
	{"f", "ف"}, {"q", "ق"}, {"k", "ك"}, {"l", "ل"}, {"m", "م"}, {"n", "ن"}, {"w", "و"}, {"y", "ي"},
	{"g", "ج"}, {"p", "ب"}, {"v", "ف"}, {"c", "ك"}, {"x", "كس"},
	{"i", "ي"}, {"u", "و"}, {"o", "و"}, {"a", ""}, {"e", ""},
}
