package synth

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/mosaichq/mosaic/internal/model"
)

func TestTransliteration(t *testing.T) {
	for _, c := range []struct {
		in     string
		scheme *cyrScheme
		want   string
	}{
		{"Александр", schemeICAO, "Aleksandr"},
		{"Сергей", schemeICAO, "Sergei"},
		{"Сергей", schemeOldRU, "Sergey"},
		{"Сергей", schemeFR, "Sergueï"},
		{"Юлия", schemeICAO, "Iuliia"},
		{"Юлия", schemeBGN, "Yuliya"},
		{"Елена", schemeBGN, "Yelena"},
		{"Елена", schemeICAO, "Elena"},
		{"Дмитрий", schemeOldRU, "Dmitriy"},
		{"Дмитрий", schemeICAO, "Dmitrii"},
		{"Иванов", schemeDE, "Iwanow"},
		{"Щербаков", schemeDE, "Schtscherbakow"},
		{"Хрущёв", schemeFR, "Khrouchtchiov"},
		{"Олександр", schemeUA, "Oleksandr"},
		{"Шевченко", schemeUADE, "Schewtschenko"},
		{"Шевченко", schemeUAFR, "Chevtchenko"},
		{"Юрій", schemeUA, "Yurii"},
		{"Олійник", schemeUA, "Oliinyk"},
		{"Санкт-Петербург", schemeICAO, "Sankt-Peterburg"},
		{"ИВАНОВ", schemeICAO, "IVANOV"},
	} {
		if got := translit(c.in, c.scheme); got != c.want {
			t.Errorf("translit(%s, %s) = %s, want %s", c.in, c.scheme.name, got, c.want)
		}
	}
}

func TestPatronymicsAndFemaleSurnames(t *testing.T) {
	for _, c := range []struct {
		father    string
		ukrainian bool
		male, fem string
	}{
		{"Сергей", false, "Сергеевич", "Сергеевна"},
		{"Александр", false, "Александрович", "Александровна"},
		{"Михаил", false, "Михайлович", "Михайловна"},
		{"Никита", false, "Никитич", "Никитична"},
		{"Игорь", false, "Игоревич", "Игоревна"},
		{"Илья", false, "Ильич", "Ильинична"},
		{"Микола", true, "Миколайович", "Миколаївна"},
		{"Сергій", true, "Сергійович", "Сергіївна"},
		{"Василь", true, "Васильович", "Василівна"},
		{"Дмитро", true, "Дмитрович", "Дмитрівна"},
		{"Тарас", true, "Тарасович", "Тарасівна"},
	} {
		m, f := patronymic(c.father, c.ukrainian)
		if m != c.male || f != c.fem {
			t.Errorf("patronymic(%s) = %s/%s, want %s/%s", c.father, m, f, c.male, c.fem)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"Иванов", "Иванова"}, {"Соловьёв", "Соловьёва"}, {"Ильин", "Ильина"}, {"Вишневский", "Вишневская"},
		{"Ковальський", "Ковальська"}, {"Шевченко", "Шевченко"}, {"Мельник", "Мельник"},
	} {
		got, _ := femCyr(c.in)
		if got != c.want {
			t.Errorf("femCyr(%s) = %s, want %s", c.in, got, c.want)
		}
	}
	kow := femSurname(parsePart("Kowalski", scriptLatin), scriptLatin)
	if kow.latin[0].s != "Kowalska" {
		t.Errorf("Kowalski → %s", kow.latin[0].s)
	}
}

func TestFoldAndTravelDocumentForms(t *testing.T) {
	for _, c := range []struct{ in, fold, mrz string }{
		{"Şahin", "Sahin", "SAHIN"},
		{"Yılmaz", "Yilmaz", "YILMAZ"},
		{"Łódź", "Lodz", "LODZ"},
		{"Adéyẹmí", "Adeyemi", "ADEYEMI"},
		{"O'Brien", "O'Brien", "OBRIEN"},
		{"Jean-Pierre", "Jean-Pierre", "JEAN PIERRE"},
		{"Müller", "Muller", "MULLER"},
	} {
		if got := fold(c.in); got != c.fold {
			t.Errorf("fold(%s) = %s", c.in, got)
		}
		if got := mrz(c.in); got != c.mrz {
			t.Errorf("mrz(%s) = %s", c.in, got)
		}
	}
	if got := foldGerman("Öztürk"); got != "Oeztuerk" {
		t.Errorf("foldGerman = %s", got)
	}
	if got := upperTR("İbrahim Yılmaz"); got != "İBRAHİM YILMAZ" {
		t.Errorf("upperTR = %s", got)
	}
}

func TestNamePools(t *testing.T) {
	arabic := regexp.MustCompile(`\p{Arabic}`)
	cyr := regexp.MustCompile(`\p{Cyrillic}`)
	seen := map[string]bool{}
	for _, c := range cultures {
		if seen[c.code] {
			t.Errorf("culture %s twice", c.code)
		}
		seen[c.code] = true
		for _, pool := range [][]*namePart{c.male, c.female, c.family} {
			if len(pool) < 8 {
				t.Errorf("%s: a pool of %d names is too small for common-name collisions to be realistic", c.code, len(pool))
			}
			for _, np := range pool {
				switch c.script {
				case scriptArabic:
					if !arabic.MatchString(np.native) || len(np.latin) == 0 {
						t.Errorf("%s: %q lacks Arabic script or romanisation", c.code, np.native)
					}
				case scriptCyrillicRU, scriptCyrillicUA:
					if !cyr.MatchString(np.native) || len(np.cyr) == 0 {
						t.Errorf("%s: %q lacks Cyrillic", c.code, np.native)
					}
					for _, v := range np.cyr {
						if cyr.MatchString(v.s) {
							t.Errorf("%s: transliteration %q of %q kept Cyrillic", c.code, v.s, np.native)
						}
					}
				default:
					for _, v := range np.latin {
						if arabic.MatchString(v.s) || cyr.MatchString(v.s) || strings.ContainsAny(v.s, "=|~/+*") {
							t.Errorf("%s: malformed Latin entry %q", c.code, v.s)
						}
					}
				}
			}
		}
	}
	for _, want := range []string{"nl", "ar", "fa", "tr", "ru", "uk", "en", "fr", "yo", "ha", "ak", "in", "pk", "es"} {
		if !seen[want] {
			t.Errorf("no %s culture", want)
		}
	}
	// The variants the brief names are there.
	mo := cultures[1].male[0]
	for _, v := range []string{"Mohammed", "Muhammad", "Mohamed", "Mohamad"} {
		if !hasVariant(mo, v) {
			t.Errorf("محمد lacks %s", v)
		}
	}
	for _, v := range []string{"Abdulrahman", "Abd al-Rahman", "Abdul Rahman"} {
		if !hasVariant(cultures[1].male[5], v) {
			t.Errorf("عبد الرحمن lacks %s", v)
		}
	}
	if !hasVariant(cultures[1].male[3], "Yusuf") || !hasVariant(cultures[1].male[3], "Youssef") {
		t.Error("يوسف lacks Yusuf/Youssef")
	}
	ua := cultures[5].male[0]
	if ua.cyr[0].s != "Oleksandr" || ua.cyrAlt == nil || ua.cyrAlt[0].s != "Aleksandr" || !hasVariant(ua, "Alexander") {
		t.Errorf("Олександр: %v / %v / %v", ua.cyr, ua.cyrAlt, ua.latin)
	}
}

func hasVariant(np *namePart, s string) bool {
	for _, v := range append(append([]variant{}, np.latin...), np.cyr...) {
		if v.s == s {
			return true
		}
	}
	return false
}

func TestArabicArticleForms(t *testing.T) {
	r := newRNG(1, "t")
	forms := map[string]bool{}
	for i := 0; i < 3000; i++ {
		forms[arabicArticle("Shami", uint32(i), 0.8, r)] = true
	}
	for _, want := range []string{"al-Shami", "Al-Shami", "Al Shami", "el-Shami", "El Shami", "Shami", "ash-Shami", "Alshami"} {
		if !forms[want] {
			t.Errorf("never wrote %s (have %v)", want, forms)
		}
	}
}

func TestTypoIsSmallEdit(t *testing.T) {
	r := newRNG(2, "t")
	for _, s := range []string{"Mohammed", "Шевченко", "Öztürk", "Li", "van der Meer"} {
		changed := 0
		for i := 0; i < 200; i++ {
			out := typo(s, r)
			if !utf8.ValidString(out) || out == "" {
				t.Fatalf("typo(%q) = %q", s, out)
			}
			if d := editDistance(s, out); d > 2 {
				t.Errorf("typo(%q) = %q, %d edits", s, out, d)
			}
			if out != s {
				changed++
			}
			if []rune(out)[0] != []rune(s)[0] {
				t.Errorf("typo(%q) = %q changed the first letter", s, out)
			}
		}
		if len([]rune(s)) > 3 && changed < 150 {
			t.Errorf("typo(%q) changed it only %d/200 times", s, changed)
		}
	}
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev[j-1]) // transposition counts once
			}
		}
		prev = cur
	}
	return prev[len(rb)]
}

func TestPermuteIsABijection(t *testing.T) {
	for _, space := range []uint64{1, 2, 7, 100, 1000, 4097, 65536} {
		seen := make([]bool, space)
		for k := uint64(0); k < space; k++ {
			v := permute(k, 99, space)
			if v >= space || seen[v] {
				t.Fatalf("space %d: permute(%d) = %d repeats or escapes", space, k, v)
			}
			seen[v] = true
		}
	}
	// Consecutive inputs must not give visibly consecutive numbers.
	near := 0
	for k := uint64(0); k < 1000; k++ {
		a, b := permute(k, 5, 1e10), permute(k+1, 5, 1e10)
		if a > b && a-b < 1e6 || b > a && b-a < 1e6 {
			near++
		}
	}
	if near > 5 {
		t.Errorf("%d of 1000 consecutive ids are close together", near)
	}
}

func TestDocumentNumbers(t *testing.T) {
	for ci, co := range countries {
		seen := map[string]bool{}
		re := regexp.MustCompile("^" + strings.NewReplacer("L", "[A-Z]", "A", "[A-Z0-9]", "D", "[0-9]").Replace(co.docPattern) + "$")
		for idx := 0; idx < 3000; idx++ {
			d := docNumber(ci, idx, 17)
			if seen[d] {
				t.Fatalf("%s: document number %s issued twice", co.iso2, d)
			}
			seen[d] = true
			if !re.MatchString(d) {
				t.Fatalf("%s: %s does not match %s", co.iso2, d, co.docPattern)
			}
			if co.iso2 == "NL" && strings.ContainsRune(d, 'O') {
				t.Fatalf("Dutch document number with the letter O: %s", d)
			}
		}
	}
}

// TestPhoneNumbers checks every country's numbers are valid according to
// libphonenumber, unique, and that every written style normalises back to
// the same E.164 number with the Dutch default region the mappings declare.
func TestPhoneNumbers(t *testing.T) {
	check := func(what string, v uint64) {
		t.Helper()
		e164 := fmtPhone(v, phoneE164)
		num, err := phonenumbers.Parse(e164, "NL")
		if err != nil || !phonenumbers.IsValidNumber(num) {
			t.Errorf("%s: %s is not a valid number", what, e164)
			return
		}
		for style := 0; style < phoneStyles; style++ {
			s := fmtPhone(v, style)
			n2, err := phonenumbers.Parse(s, "NL")
			if err != nil || phonenumbers.Format(n2, phonenumbers.E164) != e164 {
				t.Errorf("%s: style %d %q does not read back as %s", what, style, s, e164)
			}
		}
	}
	for ci, co := range countries {
		if co.cc == "" {
			continue
		}
		seen := map[uint64]bool{}
		for k := uint64(0); k < 80; k++ {
			v := mobileNumber(ci, k*7919, 3)
			if seen[v] {
				t.Fatalf("%s: number repeated", co.iso2)
			}
			seen[v] = true
			check(co.iso2+" mobile", v)
		}
	}
	for city := range residences {
		for k := uint64(0); k < 50; k++ {
			check(residences[city].name+" landline", landline(city, k*104729, 3))
		}
	}
	for k := uint64(0); k < 50; k++ {
		check("business", businessNumber(k))
	}
}

// TestCountriesNormalise: every way the sources write a nationality or a
// country is understood by the model's country table.
func TestCountriesNormalise(t *testing.T) {
	for _, co := range countries {
		for _, s := range []string{co.iso2, co.iso3, co.name, co.demonym} {
			code, ok := model.CountryCode(s)
			if !ok || !strings.EqualFold(code, co.iso2) {
				t.Errorf("%q reads as %q, want %s", s, code, co.iso2)
			}
		}
	}
}

func TestGroup3(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"612345678", "612 345 678"}, {"1088293526", "108 829 3526"}, {"15123456789", "151 234 567 89"}, {"12", "12"}, {"1234", "1234"},
	} {
		if got := group3(c.in); got != c.want {
			t.Errorf("group3(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}
