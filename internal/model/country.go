package model

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// CountryCode maps a country as lists write it (ISO alpha-2 or alpha-3, an
// English short or official name, a common variant, or a demonym used as a
// nationality) to FtM's lowercase code: ISO 3166-1 alpha-2, plus the codes
// FtM uses for places ISO lacks or has retired (xk Kosovo, eu, zz global,
// suhh Soviet Union, yucs Yugoslavia, cshh Czechoslovakia, csxx Serbia and
// Montenegro, ddde East Germany, an Netherlands Antilles). Matching ignores
// case, diacritics and punctuation. It returns ok=false rather than guess:
// callers keep unknown text elsewhere instead of inventing a country.
func CountryCode(s string) (code string, ok bool) {
	k := countryKey(s)
	if k == "" {
		return "", false
	}
	if c, ok := countryIndex[k]; ok {
		return c, true
	}
	// "Korea, North" and "Man, Isle of": lists invert names around a comma.
	if i := strings.LastIndexByte(s, ','); i > 0 && !strings.ContainsAny(s, "()") {
		if c, ok := countryIndex[countryKey(s[i+1:]+" "+s[:i])]; ok {
			return c, true
		}
	}
	// "Region: Gaza" and the like.
	if i := strings.IndexByte(s, ':'); i > 0 && strings.EqualFold(strings.TrimSpace(s[:i]), "region") {
		return CountryCode(s[i+1:])
	}
	// "Iran (Islamic Republic of)": the part in brackets may only qualify the
	// name. Words such as "Democratic" or "North" would change the country
	// (Congo, Korea), so only a harmless qualifier or a bracket naming the
	// same country lets the bare name stand.
	if open := strings.IndexByte(s, '('); open > 0 {
		end := strings.IndexByte(s[open:], ')')
		if end > 0 {
			base, inner := s[:open], s[open+1:open+end]
			if b, ok := countryIndex[countryKey(base)]; ok {
				if in, ok := countryIndex[countryKey(inner)]; ok && in == b {
					return b, true
				}
				if onlyQualifiers(countryKey(inner)) {
					return b, true
				}
			}
		}
	}
	return "", false
}

// CountryName returns the English short name of a code from CountryCode, or
// "" for a code it does not know.
func CountryName(code string) string { return countryNames[strings.ToLower(code)] }

// CountryCodes lists every code the table knows, in table order.
func CountryCodes() []string { return append([]string(nil), countryOrder...) }

var countryQualifiers = map[string]bool{
	"the": true, "of": true, "republic": true, "islamic": true, "state": true,
	"states": true, "plurinational": true, "bolivarian": true, "federation": true,
	"federal": true, "kingdom": true, "arab": true, "united": true, "union": true,
}

func onlyQualifiers(key string) bool {
	if key == "" {
		return false
	}
	for _, w := range strings.Fields(key) {
		if !countryQualifiers[w] {
			return false
		}
	}
	return true
}

// countryKey folds case, strips diacritics, drops dots and apostrophes
// (U.S.A., People's) and turns other punctuation into spaces.
func countryKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '.' || r == '\'' || r == '\u2019' || r == '`' || r == '\u00b4':
		case r == '&':
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			space = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	k := strings.TrimSuffix(b.String(), " ")
	return strings.TrimPrefix(k, "the ")
}

var (
	countryIndex = map[string]string{}
	countryNames = map[string]string{}
	countryOrder []string
)

func init() {
	if err := loadCountries(countryTable); err != nil {
		panic(err)
	}
}

// loadCountries reads the table below; a name claimed by two codes is an
// error, because a silent winner would put people in the wrong country.
func loadCountries(table string) error {
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		f := strings.Split(line, "|")
		if len(f) < 3 {
			return fmt.Errorf("country table: short line %q", line)
		}
		code := f[0]
		countryNames[code] = f[2]
		countryOrder = append(countryOrder, code)
		keys := append([]string{code}, f[1:]...)
		for _, v := range keys {
			k := countryKey(v)
			if k == "" {
				continue
			}
			if have, ok := countryIndex[k]; ok && have != code {
				return fmt.Errorf("country table: %q is both %s and %s", v, have, code)
			}
			countryIndex[k] = code
		}
	}
	return nil
}

// countryTable: code|alpha-3|English short name|variants and demonyms...
// Demonyms shared by two countries (Congolese, Korean, Dominican) are left
// out on purpose.
const countryTable = `
ad|and|Andorra|Andorran
ae|are|United Arab Emirates|UAE|U.A.E.|Emirati|Emirates
af|afg|Afghanistan|Afghan|Islamic Republic of Afghanistan|Islamic Emirate of Afghanistan
ag|atg|Antigua and Barbuda|Antigua|Antiguan
ai|aia|Anguilla
al|alb|Albania|Albanian|Republic of Albania
am|arm|Armenia|Armenian|Republic of Armenia
an||Netherlands Antilles
ao|ago|Angola|Angolan
aq|ata|Antarctica
ar|arg|Argentina|Argentine|Argentinian|Argentine Republic
as|asm|American Samoa
at|aut|Austria|Austrian|Republic of Austria
au|aus|Australia|Australian|Commonwealth of Australia
aw|abw|Aruba|Aruban
ax|ala|Aland Islands
az|aze|Azerbaijan|Azerbaijani|Azeri|Republic of Azerbaijan
ba|bih|Bosnia and Herzegovina|Bosnia|Bosnia Herzegovina|Bosina Herzegovina|Bosnian|Bosnia & Herzegovina
bb|brb|Barbados|Barbadian
bd|bgd|Bangladesh|Bangladeshi|People's Republic of Bangladesh
be|bel|Belgium|Belgian|Kingdom of Belgium
bf|bfa|Burkina Faso|Burkinabe
bg|bgr|Bulgaria|Bulgarian|Republic of Bulgaria
bh|bhr|Bahrain|Bahraini|Kingdom of Bahrain
bi|bdi|Burundi|Burundian|Republic of Burundi
bj|ben|Benin|Beninese|Republic of Benin
bl|blm|Saint Barthelemy|St. Barthelemy
bm|bmu|Bermuda
bn|brn|Brunei|Brunei Darussalam|Bruneian
bo|bol|Bolivia|Bolivia (Plurinational State of)|Plurinational State of Bolivia|Bolivian
bq|bes|Bonaire, Sint Eustatius and Saba|Caribbean Netherlands
br|bra|Brazil|Brazilian|Federative Republic of Brazil
bs|bhs|Bahamas|Bahamian|Commonwealth of the Bahamas
bt|btn|Bhutan|Bhutanese
bv|bvt|Bouvet Island
bw|bwa|Botswana|Motswana|Batswana
by|blr|Belarus|Belarusian|Belarussian|Byelorussia|Republic of Belarus
bz|blz|Belize|Belizean
ca|can|Canada|Canadian
cc|cck|Cocos (Keeling) Islands|Cocos Islands
cd|cod|Democratic Republic of the Congo|DR Congo|DRC|Congo, Democratic Republic of the|Congo (Democratic Republic of the)|Congo-Kinshasa|Congo Kinshasa|Zaire|Congo (Kinshasa)
cf|caf|Central African Republic|Central African|CAR
cg|cog|Congo|Republic of the Congo|Congo, Republic of the|Congo-Brazzaville|Congo Brazzaville|Congo (Brazzaville)
ch|che|Switzerland|Swiss|Swiss Confederation
ci|civ|Cote d'Ivoire|Cote d Ivoire|Ivory Coast|Ivorian|Republic of Cote d'Ivoire
ck|cok|Cook Islands
cl|chl|Chile|Chilean|Republic of Chile
cm|cmr|Cameroon|Cameroonian|Republic of Cameroon
cn|chn|China|Chinese|People's Republic of China|PRC|China, People's Republic of|Mainland China
co|col|Colombia|Colombian|Republic of Colombia
cr|cri|Costa Rica|Costa Rican
cu|cub|Cuba|Cuban|Republic of Cuba
cv|cpv|Cabo Verde|Cape Verde|Cape Verdean|Cabo Verdean
cw|cuw|Curacao
cx|cxr|Christmas Island
cy|cyp|Cyprus|Cypriot|Republic of Cyprus
cz|cze|Czechia|Czech Republic|Czech
de|deu|Germany|German|Federal Republic of Germany|West Germany
dj|dji|Djibouti|Djiboutian
dk|dnk|Denmark|Danish|Dane|Kingdom of Denmark
dm|dma|Dominica|Commonwealth of Dominica
do|dom|Dominican Republic
dz|dza|Algeria|Algerian|People's Democratic Republic of Algeria
ec|ecu|Ecuador|Ecuadorian|Ecuadorean
ee|est|Estonia|Estonian
eg|egy|Egypt|Egyptian|Arab Republic of Egypt
eh|esh|Western Sahara|Sahrawi|Sahrawi Arab Democratic Republic
er|eri|Eritrea|Eritrean|State of Eritrea
es|esp|Spain|Spanish|Kingdom of Spain
et|eth|Ethiopia|Ethiopian|Federal Democratic Republic of Ethiopia
fi|fin|Finland|Finnish|Republic of Finland
fj|fji|Fiji|Fijian
fk|flk|Falkland Islands|Falkland Islands (Malvinas)|Malvinas
fm|fsm|Micronesia|Federated States of Micronesia|Micronesia (Federated States of)|Micronesian
fo|fro|Faroe Islands|Faroes
fr|fra|France|French|French Republic
ga|gab|Gabon|Gabonese|Gabonese Republic
gb|gbr|United Kingdom|United Kingdom of Great Britain and Northern Ireland|UK|U.K.|Great Britain|Britain|British|England|Scotland|Wales|Northern Ireland|English|Scottish|Welsh
gd|grd|Grenada|Grenadian
ge|geo|Georgia|Georgian
gf|guf|French Guiana
gg|ggy|Guernsey
gh|gha|Ghana|Ghanaian
gi|gib|Gibraltar
gl|grl|Greenland
gm|gmb|Gambia|The Gambia|Gambian|Republic of the Gambia
gn|gin|Guinea|Guinean|Republic of Guinea|Guinea-Conakry
gp|glp|Guadeloupe
gq|gnq|Equatorial Guinea|Equatoguinean
gr|grc|Greece|Greek|Hellenic Republic
gs|sgs|South Georgia and the South Sandwich Islands
gt|gtm|Guatemala|Guatemalan
gu|gum|Guam
gw|gnb|Guinea-Bissau|Guinea Bissau|Bissau-Guinean
gy|guy|Guyana|Guyanese
hk|hkg|Hong Kong|China, Hong Kong Special Administrative Region|Hong Kong SAR|Hong Kong, China|Hong Kong SAR China
hm|hmd|Heard Island and McDonald Islands
hn|hnd|Honduras|Honduran
hr|hrv|Croatia|Croatian|Republic of Croatia
ht|hti|Haiti|Haitian
hu|hun|Hungary|Hungarian
id|idn|Indonesia|Indonesian|Republic of Indonesia
ie|irl|Ireland|Irish|Republic of Ireland
il|isr|Israel|Israeli|State of Israel
im|imn|Isle of Man|Man, Isle of|Manx
in|ind|India|Indian|Republic of India
io|iot|British Indian Ocean Territory
iq|irq|Iraq|Iraqi|Republic of Iraq
ir|irn|Iran|Iran (Islamic Republic of)|Islamic Republic of Iran|Iran, Islamic Republic of|Iranian|Persia
is|isl|Iceland|Icelandic|Icelander
it|ita|Italy|Italian|Italian Republic
je|jey|Jersey
jm|jam|Jamaica|Jamaican
jo|jor|Jordan|Jordanian|Hashemite Kingdom of Jordan
jp|jpn|Japan|Japanese
ke|ken|Kenya|Kenyan|Republic of Kenya
kg|kgz|Kyrgyzstan|Kyrgyz|Kyrgyz Republic|Kirghizia|Kirgizstan
kh|khm|Cambodia|Cambodian|Kingdom of Cambodia|Kampuchea
ki|kir|Kiribati
km|com|Comoros|Comorian|Comoros Islands|Union of the Comoros
kn|kna|Saint Kitts and Nevis|St. Kitts and Nevis|St Kitts and Nevis|St. Kitts & Nevis|Saint Kitts & Nevis|Kittitian
kp|prk|North Korea|Korea, North|Democratic People's Republic of Korea|Korea, Democratic People's Republic of|Korea (Democratic People's Republic of)|DPRK|D.P.R.K.|North Korean|Korea DPR
kr|kor|South Korea|Korea, South|Republic of Korea|Korea, Republic of|Korea (Republic of)|South Korean|ROK
kw|kwt|Kuwait|Kuwaiti|State of Kuwait
ky|cym|Cayman Islands|Caymanian
kz|kaz|Kazakhstan|Kazakh|Kazakhstani|Republic of Kazakhstan
la|lao|Laos|Lao People's Democratic Republic|Lao|Laotian|Lao PDR
lb|lbn|Lebanon|Lebanese|Lebanese Republic
lc|lca|Saint Lucia|St. Lucia|St Lucia|Saint Lucian
li|lie|Liechtenstein|Principality of Liechtenstein
lk|lka|Sri Lanka|Sri Lankan|Ceylon
lr|lbr|Liberia|Liberian|Republic of Liberia
ls|lso|Lesotho|Basotho|Mosotho
lt|ltu|Lithuania|Lithuanian|Republic of Lithuania
lu|lux|Luxembourg|Luxembourgish|Luxembourger
lv|lva|Latvia|Latvian|Republic of Latvia
ly|lby|Libya|Libyan|State of Libya|Libyan Arab Jamahiriya
ma|mar|Morocco|Moroccan|Kingdom of Morocco
mc|mco|Monaco|Monegasque
md|mda|Moldova|Republic of Moldova|Moldova, Republic of|Moldovan
me|mne|Montenegro|Montenegrin
mf|maf|Saint Martin (French part)|Saint Martin|St. Martin
mg|mdg|Madagascar|Malagasy
mh|mhl|Marshall Islands|Marshallese|Republic of the Marshall Islands
mk|mkd|North Macedonia|Macedonia|The former Yugoslav Republic of Macedonia|Macedonia, The Former Yugoslav Republic of|Republic of North Macedonia|Macedonian|FYROM
ml|mli|Mali|Malian|Republic of Mali
mm|mmr|Myanmar|Burma|Burmese|Republic of the Union of Myanmar
mn|mng|Mongolia|Mongolian
mo|mac|Macao|Macau|China, Macao Special Administrative Region|Macao SAR|Macau SAR China
mp|mnp|Northern Mariana Islands
mq|mtq|Martinique
mr|mrt|Mauritania|Mauritanian|Islamic Republic of Mauritania
ms|msr|Montserrat
mt|mlt|Malta|Maltese|Republic of Malta
mu|mus|Mauritius|Mauritian
mv|mdv|Maldives|Maldivian
mw|mwi|Malawi|Malawian
mx|mex|Mexico|Mexican|United Mexican States
my|mys|Malaysia|Malaysian
mz|moz|Mozambique|Mozambican
na|nam|Namibia|Namibian
nc|ncl|New Caledonia
ne|ner|Niger|Nigerien|Republic of the Niger
nf|nfk|Norfolk Island
ng|nga|Nigeria|Nigerian|Federal Republic of Nigeria
ni|nic|Nicaragua|Nicaraguan
nl|nld|Netherlands|Dutch|Holland|Kingdom of the Netherlands|Netherlands (Kingdom of the)
no|nor|Norway|Norwegian|Kingdom of Norway
np|npl|Nepal|Nepali|Nepalese
nr|nru|Nauru|Nauruan
nu|niu|Niue
nz|nzl|New Zealand|New Zealander
om|omn|Oman|Omani|Sultanate of Oman
pa|pan|Panama|Panamanian|Republic of Panama
pe|per|Peru|Peruvian|Republic of Peru
pf|pyf|French Polynesia
pg|png|Papua New Guinea|Papua New Guinean
ph|phl|Philippines|Philippine|Filipino|Phillipines|Republic of the Philippines|The Philippines
pk|pak|Pakistan|Pakistani|Islamic Republic of Pakistan
pl|pol|Poland|Polish|Republic of Poland
pm|spm|Saint Pierre and Miquelon
pn|pcn|Pitcairn|Pitcairn Islands
pr|pri|Puerto Rico|Puerto Rican
ps|pse|Palestine|State of Palestine|Palestinian|Palestinian Territories|Palestinian Territory|Occupied Palestinian Territory|Palestinian Authority|West Bank|Gaza|Gaza Strip|Palestine, State of|Region: Gaza|Region: West Bank
pt|prt|Portugal|Portuguese|Portuguese Republic
pw|plw|Palau|Palauan
py|pry|Paraguay|Paraguayan
qa|qat|Qatar|Qatari|State of Qatar
re|reu|Reunion
ro|rou|Romania|Romanian
rs|srb|Serbia|Serbian|Republic of Serbia
ru|rus|Russia|Russian Federation|Russian|Russia (Federation)
rw|rwa|Rwanda|Rwandan|Republic of Rwanda
sa|sau|Saudi Arabia|Saudi|Saudi Arabian|Kingdom of Saudi Arabia
sb|slb|Solomon Islands|Solomon Islander
sc|syc|Seychelles|Seychellois
sd|sdn|Sudan|Sudanese|Republic of the Sudan|The Sudan
se|swe|Sweden|Swedish|Swede|Kingdom of Sweden
sg|sgp|Singapore|Singaporean|Republic of Singapore
sh|shn|Saint Helena, Ascension and Tristan da Cunha|Saint Helena
si|svn|Slovenia|Slovenian|Slovene|Republic of Slovenia
sj|sjm|Svalbard and Jan Mayen
sk|svk|Slovakia|Slovak|Slovak Republic
sl|sle|Sierra Leone|Sierra Leonean
sm|smr|San Marino|Sammarinese
sn|sen|Senegal|Senegalese|Republic of Senegal
so|som|Somalia|Somali|Federal Republic of Somalia
sr|sur|Suriname|Surinamese|Surinam
ss|ssd|South Sudan|South Sudanese|Republic of South Sudan
st|stp|Sao Tome and Principe|Sao Tomean
sv|slv|El Salvador|Salvadoran|Salvadorean
sx|sxm|Sint Maarten (Dutch part)|Sint Maarten
sy|syr|Syria|Syrian Arab Republic|Syrian|Syrian Arab Rep.
sz|swz|Eswatini|Swaziland|Swazi|Kingdom of Eswatini
tc|tca|Turks and Caicos Islands
td|tcd|Chad|Chadian|Republic of Chad
tf|atf|French Southern Territories
tg|tgo|Togo|Togolese|Togolese Republic
th|tha|Thailand|Thai|Kingdom of Thailand
tj|tjk|Tajikistan|Tajik|Tajikistani|Republic of Tajikistan
tk|tkl|Tokelau
tl|tls|Timor-Leste|East Timor|Timorese|Democratic Republic of Timor-Leste
tm|tkm|Turkmenistan|Turkmen
tn|tun|Tunisia|Tunisian|Republic of Tunisia
to|ton|Tonga|Tongan
tr|tur|Turkey|Turkiye|Turkish|Republic of Turkey|Republic of Turkiye
tt|tto|Trinidad and Tobago|Trinidadian|Trinidad & Tobago
tv|tuv|Tuvalu|Tuvaluan
tw|twn|Taiwan|Taiwanese|Taiwan, Province of China|Republic of China|Chinese Taipei|Taiwan (Province of China)
tz|tza|Tanzania|United Republic of Tanzania|Tanzania, United Republic of|Tanzanian
ua|ukr|Ukraine|Ukrainian
ug|uga|Uganda|Ugandan|Republic of Uganda
um|umi|United States Minor Outlying Islands
us|usa|United States|United States of America|USA|U.S.A.|U.S.|US|America|American
uy|ury|Uruguay|Uruguayan|Oriental Republic of Uruguay
uz|uzb|Uzbekistan|Uzbek|Uzbekistani|Republic of Uzbekistan
va|vat|Holy See|Vatican|Vatican City|Holy See (Vatican City State)
vc|vct|Saint Vincent and the Grenadines|St. Vincent and the Grenadines|St Vincent and the Grenadines|Vincentian
ve|ven|Venezuela|Venezuela (Bolivarian Republic of)|Bolivarian Republic of Venezuela|Venezuelan
vg|vgb|British Virgin Islands|Virgin Islands, British|Virgin Islands (British)
vi|vir|United States Virgin Islands|Virgin Islands, U.S.|Virgin Islands (U.S.)|US Virgin Islands
vn|vnm|Viet Nam|Vietnam|Vietnamese|Socialist Republic of Viet Nam
vu|vut|Vanuatu|Ni-Vanuatu
wf|wlf|Wallis and Futuna
ws|wsm|Samoa|Samoan|Independent State of Samoa|Western Samoa
ye|yem|Yemen|Yemeni|Republic of Yemen
yt|myt|Mayotte
za|zaf|South Africa|South African|Republic of South Africa
zm|zmb|Zambia|Zambian|Republic of Zambia
zw|zwe|Zimbabwe|Zimbabwean|Republic of Zimbabwe
xk|xkx|Kosovo|Kosovar|Republic of Kosovo
eu||European Union|EU
zz||Global
suhh|sun|Soviet Union|USSR|U.S.S.R.|Union of Soviet Socialist Republics|Former Soviet Union|Soviet
yucs|yug|Yugoslavia|Federal Republic of Yugoslavia|Socialist Federal Republic of Yugoslavia|Former Yugoslavia|Yugoslav
cshh|csk|Czechoslovakia|Czechoslovak|Czechoslovak Socialist Republic
csxx|scg|Serbia and Montenegro|State Union of Serbia and Montenegro
ddde|ddr|East Germany|German Democratic Republic|GDR
`
