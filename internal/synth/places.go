package synth

// Countries, cities, streets, airports: compact tables the world is built
// from. Every value here is a public place name or a made-up street; nothing
// identifies a real person.

type country struct {
	iso2, iso3 string
	name       string // English short name, as model.CountryCode reads it
	demonym    string // how a clerk writes the nationality ("Moroccan")
	cities     []*namePart
	cityW      weights
	mobile     []string // mobile prefixes of the national significant number
	nsnLen     int      // digits of a mobile number after the country code
	cc         string   // calling code; "" means residents use Dutch numbers
	docPattern string   // L letter, A alphanumeric, D digit, others literal
	eu         bool     // EU/EEA: carries an identity card as travel document
}

// countryTable lists every country the world uses. The order is the index
// stored in a person; appending keeps existing worlds stable.
var countryTable = []struct {
	iso2, iso3, name, demonym string
	cities                    string
	cc                        string
	nsnLen                    int
	mobile                    string
	doc                       string
	eu                        bool
}{
	{"NL", "NLD", "Netherlands", "Dutch", "Amsterdam;Rotterdam;Den Haag|'s-Gravenhage|The Hague;Utrecht;Eindhoven;Tilburg;Groningen;Almere;Breda;Nijmegen;Arnhem;Haarlem;Enschede;Maastricht;Leiden;Zwolle;Dordrecht;Zoetermeer;Delft;Alkmaar", "31", 9, "61 62 63 64 65 68", "LLAAAAAAD", true},
	{"BE", "BEL", "Belgium", "Belgian", "Antwerpen|Antwerp|Anvers;Brussel|Brussels|Bruxelles;Gent|Ghent|Gand;Liège|Luik|Liege;Brugge|Bruges;Leuven|Louvain;Charleroi", "32", 9, "46 47 48 49", "LLDDDDDD", true},
	{"DE", "DEU", "Germany", "German", "Berlin;Hamburg;München|Munich|Muenchen;Köln|Cologne|Koeln;Düsseldorf|Duesseldorf;Essen;Duisburg", "49", 11, "151 152 157 160 162 170 171 172 173 174 175 176 177 178 179", "CAAAAAAAA", true},
	{"FR", "FRA", "France", "French", "Paris;Marseille|Marseilles;Lyon|Lyons;Lille;Toulouse;Nice;Strasbourg", "33", 9, "60 61 62 64 65 66 67 68 73 75 76 77 78", "DDLLDDDDD", true},
	{"GB", "GBR", "United Kingdom", "British", "London;Manchester;Birmingham;Glasgow;Liverpool;Leeds;Bradford", "44", 10, "74 75 77 78 79", "DDDDDDDDD", false},
	{"IE", "IRL", "Ireland", "Irish", "Dublin;Cork;Limerick;Galway", "353", 9, "83 85 86 87 89", "LLDDDDDDD", true},
	{"US", "USA", "United States", "American", "New York;Chicago;Boston;Houston;Philadelphia", "", 0, "", "DDDDDDDDD", false},
	{"CA", "CAN", "Canada", "Canadian", "Toronto;Montréal|Montreal;Vancouver", "", 0, "", "LLDDDDDD", false},
	{"CH", "CHE", "Switzerland", "Swiss", "Genève|Geneva|Genf;Lausanne;Zürich|Zurich", "", 0, "", "LDDDDDDD", false},
	{"ES", "ESP", "Spain", "Spanish", "Madrid;Barcelona;Valencia;Sevilla|Seville;Málaga|Malaga;Bilbao", "34", 9, "6", "LLLDDDDDD", true},
	{"PL", "POL", "Poland", "Polish", "Warszawa|Warsaw|Warschau;Kraków|Krakow|Cracow;Łódź|Lodz;Wrocław|Wroclaw|Breslau;Poznań|Poznan;Gdańsk|Gdansk|Danzig", "48", 9, "50 51 53 57 60 66 69 72 73 78 79 88", "LLDDDDDDD", true},
	{"TR", "TUR", "Turkey", "Turkish", "İstanbul|Istanbul;Ankara;İzmir|Izmir;Konya;Kayseri;Afyonkarahisar|Afyon;Gaziantep|Antep;Trabzon", "90", 10, "50 53 54 55", "UDDDDDDDD", false},
	{"MA", "MAR", "Morocco", "Moroccan", "الدار البيضاء=Casablanca|Dar el Beida;الرباط=Rabat;طنجة=Tanger|Tangier|Tangiers|Tanja;الناظور=Nador;الحسيمة=Al Hoceima|Alhucemas|El Hoceima;فاس=Fès|Fez|Fes;مراكش=Marrakech|Marrakesh;وجدة=Oujda|Oudjda;تطوان=Tétouan|Tetouan|Tetuan", "212", 9, "61 62 63 64 65 66 67 69 70 76 77", "LLDDDDDDD", false},
	{"DZ", "DZA", "Algeria", "Algerian", "الجزائر=Alger|Algiers;وهران=Oran|Wahran;قسنطينة=Constantine|Qusantina", "213", 9, "55 66 77 79", "DDDDDDDDD", false},
	{"TN", "TUN", "Tunisia", "Tunisian", "تونس=Tunis;صفاقس=Sfax|Safaqis;سوسة=Sousse|Susa", "216", 8, "2 5 9", "LDDDDDDD", false},
	{"EG", "EGY", "Egypt", "Egyptian", "القاهرة=Cairo|Le Caire|Al-Qahira;الإسكندرية=Alexandria|Alexandrie|Iskandariya;الجيزة=Giza|Gizeh", "20", 10, "10 11 12 15", "LDDDDDDDD", false},
	{"SY", "SYR", "Syria", "Syrian", "دمشق=Damascus|Damas|Dimashq;حلب=Aleppo|Halab|Alep;حمص=Homs|Hims", "963", 9, "93 94 95 98 99", "DDDDDDDDD", false},
	{"IQ", "IRQ", "Iraq", "Iraqi", "بغداد=Baghdad|Bagdad;البصرة=Basra|Basrah|Al-Basrah;الموصل=Mosul|Mossoul|Al-Mawsil;أربيل=Erbil|Arbil|Hewler", "964", 10, "750 770 780 790", "LDDDDDDDD", false},
	{"SA", "SAU", "Saudi Arabia", "Saudi", "الرياض=Riyadh|Ar-Riyad;جدة=Jeddah|Jiddah|Jedda", "", 0, "", "LDDDDDDDD", false},
	{"IR", "IRN", "Iran", "Iranian", "تهران=Tehran|Teheran;مشهد=Mashhad|Meshed;اصفهان=Isfahan|Esfahan;شیراز=Shiraz;تبریز=Tabriz", "98", 10, "912 935 919 901", "LDDDDDDDD", false},
	{"AF", "AFG", "Afghanistan", "Afghan", "کابل=Kabul|Kaboel;هرات=Herat;مزار شریف=Mazar-i-Sharif|Mazar-e Sharif;قندهار=Kandahar|Qandahar", "", 0, "", "LDDDDDDDD", false},
	{"RU", "RUS", "Russia", "Russian", "Москва=Moscow;Санкт-Петербург=Saint Petersburg|St. Petersburg;Новосибирск;Екатеринбург;Казань=Kazan;Ростов-на-Дону=Rostov-on-Don", "7", 10, "91 92 96", "DDDDDDDDD", false},
	{"UA", "UKR", "Ukraine", "Ukrainian", "Київ/Киев=Kyiv|Kiev;Харків/Харьков=Kharkiv|Kharkov;Одеса/Одесса=Odesa|Odessa;Дніпро/Днепр=Dnipro|Dnepr;Львів/Львов=Lviv|Lvov|Lemberg", "380", 9, "50 63 66 67 68 73 93 95 96 97 98 99", "LLDDDDDD", false},
	{"BY", "BLR", "Belarus", "Belarusian", "Минск=Minsk;Гомель=Gomel|Homel", "", 0, "", "LLDDDDDDD", false},
	{"NG", "NGA", "Nigeria", "Nigerian", "Lagos;Ibadan;Abuja;Kano;Kaduna;Abeokuta;Ogbomosho", "234", 10, "803 806 813 816 703 706 903 805 807 808", "LDDDDDDDD", false},
	{"NE", "NER", "Niger", "Nigerien", "Niamey;Zinder;Maradi", "", 0, "", "LDDDDDDD", false},
	{"GH", "GHA", "Ghana", "Ghanaian", "Accra;Kumasi;Tamale;Cape Coast", "233", 9, "24 54 55 20 50 26 27 57", "LDDDDDDD", false},
	{"IN", "IND", "India", "Indian", "Mumbai|Bombay;Delhi|New Delhi;Kolkata|Calcutta;Chennai|Madras;Bengaluru|Bangalore;Hyderabad;Ahmedabad;Amritsar", "91", 10, "98 97 99 94 70 80 90 63", "LDDDDDDD", false},
	{"PK", "PAK", "Pakistan", "Pakistani", "Karachi;Lahore;Islamabad;Rawalpindi;Faisalabad", "92", 10, "300 301 321 333 345", "LLDDDDDDD", false},
	{"BD", "BGD", "Bangladesh", "Bangladeshi", "Dhaka|Dacca;Chittagong|Chattogram;Sylhet", "880", 10, "17 18 19 15 16 13", "LLDDDDDDD", false},
	{"CO", "COL", "Colombia", "Colombian", "Bogotá|Bogota;Medellín|Medellin;Cali;Barranquilla", "", 0, "", "LLDDDDDD", false},
	{"MX", "MEX", "Mexico", "Mexican", "Ciudad de México|Mexico City;Guadalajara;Monterrey", "", 0, "", "LDDDDDDDD", false},
	{"AR", "ARG", "Argentina", "Argentine", "Buenos Aires;Córdoba|Cordoba;Rosario", "", 0, "", "LLLDDDDDD", false},
	{"VE", "VEN", "Venezuela", "Venezuelan", "Caracas;Maracaibo;Valencia", "", 0, "", "DDDDDDDDD", false},
	{"PE", "PER", "Peru", "Peruvian", "Lima;Arequipa;Trujillo", "", 0, "", "DDDDDDDDD", false},
}

var countries []*country

// countryIndex maps ISO-2 codes to their index in countries.
var countryIndex = map[string]int{}

func mustCountry(iso2 string) int {
	i, ok := countryIndex[iso2]
	if !ok {
		panic("synth: unknown country " + iso2)
	}
	return i
}

// residence is a Dutch town: people live there, with the area code their
// landlines use and the range of their postcodes.
type residence struct {
	name       string
	area       string // two-digit area code after +31
	pcLo, pcHi int
	weight     float64
}

var residences = []residence{
	{"Amsterdam", "20", 1011, 1109, 10}, {"Rotterdam", "10", 3011, 3089, 8},
	{"Den Haag", "70", 2491, 2599, 6}, {"Utrecht", "30", 3511, 3585, 4},
	{"Eindhoven", "40", 5611, 5658, 3}, {"Tilburg", "13", 5011, 5049, 2.5},
	{"Groningen", "50", 9711, 9747, 2.5}, {"Almere", "36", 1311, 1363, 2.5},
	{"Breda", "76", 4811, 4839, 2}, {"Nijmegen", "24", 6511, 6546, 2},
	{"Arnhem", "26", 6811, 6846, 2}, {"Haarlem", "23", 2011, 2037, 2},
	{"Enschede", "53", 7511, 7548, 2}, {"Maastricht", "43", 6211, 6229, 1.5},
	{"Leiden", "71", 2311, 2334, 1.5}, {"Zwolle", "38", 8011, 8043, 1.5},
	{"Dordrecht", "78", 3311, 3329, 1.5}, {"Zoetermeer", "79", 2711, 2729, 1.5},
	{"Delft", "15", 2611, 2629, 1.2}, {"Alkmaar", "72", 1811, 1827, 1.2},
	{"Amersfoort", "33", 3811, 3829, 2}, {"Apeldoorn", "55", 7311, 7339, 2},
	{"'s-Hertogenbosch", "73", 5211, 5249, 2}, {"Leeuwarden", "58", 8911, 8939, 1.2},
	{"Zaandam", "75", 1501, 1509, 1.2}, {"Venlo", "77", 5911, 5929, 1},
	{"Hilversum", "35", 1211, 1223, 1}, {"Schiedam", "10", 3111, 3125, 1},
	{"Heerlen", "45", 6411, 6422, 1}, {"Vlaardingen", "10", 3131, 3138, 1},
}

var residenceW weights

var streets = []string{
	"Kerkstraat", "Dorpsstraat", "Hoofdstraat", "Stationsweg", "Molenweg", "Schoolstraat",
	"Julianastraat", "Beatrixstraat", "Wilhelminastraat", "Nieuwstraat", "Marktstraat",
	"Parallelweg", "Industrieweg", "Lindelaan", "Eikenlaan", "Prinses Irenestraat",
	"Oranjestraat", "Van Goghstraat", "Rembrandtlaan", "Vondelstraat", "Spoorstraat",
	"Havenstraat", "Dijkstraat", "Kanaalweg", "Burgemeester de Withstraat", "Sportlaan",
	"Tulpstraat", "Rozenstraat", "Kastanjelaan", "Beukenlaan", "Esdoornstraat", "Parkweg",
	"Zuiderstraat", "Noorderweg", "Westsingel", "Oostsingel", "Vijverlaan", "Berkenweg",
	"Populierenlaan", "Merelstraat", "Lijsterstraat", "Zwaluwstraat", "Mozartlaan",
	"Chopinstraat", "Beethovenstraat", "Ambachtsweg", "Handelsweg", "Koningsweg",
	"Emmastraat", "Frederik Hendrikstraat", "Johan de Wittlaan", "Plataanweg",
	"Anjerstraat", "Lelystraat", "Azaleastraat", "Resedastraat", "Meidoornweg",
	"Hazelaarstraat", "Korenbloemstraat", "Klaverweg",
}

// streetAbbrev is how a hurried clerk shortens street types.
var streetAbbrev = [][2]string{{"straat", "str."}, {"laan", "ln."}, {"weg", "wg."}, {"singel", "sngl."}}

// genericAddresses are places many unrelated people give as their address:
// a hotel, a shelter, a postal address for people without a home, a business
// centre, a student complex. A resolver must not treat them as evidence.
var genericAddresses = []struct {
	kind, line, postcode, city string
}{
	{"hotel", "Hotel Centraal, Stationsplein 12", "1012 AB", "Amsterdam"},
	{"hotel", "Airport Hotel Gateway, Kruisweg 495", "2132 NA", "Hoofddorp"},
	{"shelter", "Opvang De Haven, Havenstraat 3", "3011 AB", "Rotterdam"},
	{"postal", "Postadres Stichting Onderdak, Spoorstraat 10", "2511 AB", "Den Haag"},
	{"business", "Business Centre Zuidas, Strawinskylaan 100", "1077 XW", "Amsterdam"},
	{"student", "Campus Residence, Universiteitsweg 1", "3584 CS", "Utrecht"},
}

// airport is a destination served from Amsterdam Schiphol (AMS).
type airport struct {
	iata     string
	country  string
	carriers []string
	schengen bool
	weight   float64
}

var airports = []airport{
	{"IST", "TR", []string{"TK", "KL"}, false, 6}, {"SAW", "TR", []string{"PC"}, false, 3},
	{"ESB", "TR", []string{"TK"}, false, 1.5}, {"CMN", "MA", []string{"AT", "KL"}, false, 4},
	{"NDR", "MA", []string{"AT", "HV"}, false, 3}, {"TNG", "MA", []string{"AT", "HV"}, false, 2},
	{"RAK", "MA", []string{"HV"}, false, 2}, {"ALG", "DZ", []string{"AH"}, false, 1},
	{"TUN", "TN", []string{"TU"}, false, 1}, {"CAI", "EG", []string{"MS", "KL"}, false, 2},
	{"DXB", "AE", []string{"EK", "KL"}, false, 4}, {"DOH", "QA", []string{"QR"}, false, 3},
	{"AMM", "JO", []string{"RJ"}, false, 1}, {"BEY", "LB", []string{"ME"}, false, 1},
	{"EBL", "IQ", []string{"TK"}, false, 0.5}, {"IKA", "IR", []string{"IR"}, false, 0.7},
	{"LOS", "NG", []string{"KL"}, false, 1.5}, {"ABV", "NG", []string{"KL"}, false, 0.7},
	{"ACC", "GH", []string{"KL"}, false, 1.2}, {"DEL", "IN", []string{"KL", "AI"}, false, 1.5},
	{"BOM", "IN", []string{"KL"}, false, 1}, {"KHI", "PK", []string{"TK"}, false, 0.5},
	{"LHE", "PK", []string{"TK"}, false, 0.5}, {"DAC", "BD", []string{"EK"}, false, 0.3},
	{"BOG", "CO", []string{"KL"}, false, 0.8}, {"MEX", "MX", []string{"KL"}, false, 0.8},
	{"EZE", "AR", []string{"KL"}, false, 0.5}, {"LHR", "GB", []string{"KL", "BA"}, false, 6},
	{"MAN", "GB", []string{"KL"}, false, 2}, {"DUB", "IE", []string{"KL", "EI"}, false, 2},
	{"JFK", "US", []string{"KL", "DL"}, false, 3}, {"YYZ", "CA", []string{"KL"}, false, 1},
	{"MAD", "ES", []string{"KL", "IB"}, true, 4}, {"BCN", "ES", []string{"KL", "VY"}, true, 4},
	{"AGP", "ES", []string{"HV"}, true, 3}, {"CDG", "FR", []string{"KL", "AF"}, true, 5},
	{"NCE", "FR", []string{"KL"}, true, 1.5}, {"WAW", "PL", []string{"KL", "LO"}, true, 2.5},
	{"KRK", "PL", []string{"KL"}, true, 1}, {"FRA", "DE", []string{"KL", "LH"}, true, 2},
	{"RIX", "LV", []string{"BT"}, true, 0.8}, {"GVA", "CH", []string{"KL"}, true, 1.5},
	{"BRU", "BE", []string{"KL"}, true, 0.5},
}

var airportW weights

// crossingPoints are border crossing points of the Dutch border police.
var crossingPoints = []struct {
	code, name string
	weight     float64
	land       bool
}{
	{"SPL", "Schiphol", 0, false}, // Schiphol crossings come from flights
	{"RTM", "Rotterdam The Hague Airport", 2, false},
	{"EIN", "Eindhoven Airport", 3, false},
	{"HVH", "Hoek van Holland (ferry)", 2, true},
	{"IJM", "IJmuiden (ferry)", 1.5, true},
	{"HAZ", "Hazeldonk A16 (MTV)", 2.5, true},
}

var crossingW weights

func initPlaces() {
	for i, c := range countryTable {
		co := &country{iso2: c.iso2, iso3: c.iso3, name: c.name, demonym: c.demonym,
			cc: c.cc, nsnLen: c.nsnLen, docPattern: c.doc, eu: c.eu}
		script := scriptLatin
		switch c.iso2 {
		case "MA", "DZ", "TN", "EG", "SY", "IQ", "SA", "IR", "AF":
			script = scriptArabic
		case "RU", "BY":
			script = scriptCyrillicRU
		case "UA":
			script = scriptCyrillicUA
		}
		for _, e := range splitNonEmpty(c.cities, ';') {
			co.cities = append(co.cities, parsePart(e, script))
		}
		co.cityW = zipf(len(co.cities), 0.7)
		if c.mobile != "" {
			co.mobile = splitNonEmpty(c.mobile, ' ')
		}
		countries = append(countries, co)
		countryIndex[c.iso2] = i
	}
	ws := make([]float64, len(residences))
	for i, r := range residences {
		ws[i] = r.weight
	}
	residenceW = newWeights(ws...)
	ws = make([]float64, len(airports))
	for i, a := range airports {
		ws[i] = a.weight
	}
	airportW = newWeights(ws...)
	ws = make([]float64, len(crossingPoints))
	for i, c := range crossingPoints {
		ws[i] = c.weight
	}
	crossingW = newWeights(ws...)
}

func splitNonEmpty(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == sep {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}
