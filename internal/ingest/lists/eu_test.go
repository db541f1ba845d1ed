package lists

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestReadEUFixture(t *testing.T) {
	l, err := LoadEU("testdata/eu_fsf_sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	checkList(t, l)
	if l.Name != DatasetEU || l.Published.Format("2006-01-02T15:04") != "2024-03-15T09:20" {
		t.Errorf("list %q published %v", l.Name, l.Published)
	}
	c := l.Counts()
	if c["Person"] != 2 || c["Organization"] != 1 || c["Sanction"] != 4 || c["Passport"] != 1 || c["Identification"] != 3 {
		t.Errorf("counts %v", c)
	}
	p := byID(l, "eu-fsf-900101")
	wantProp(t, p, "name", "Tomas Ardel Veskari")
	wantProp(t, p, "alias", "Томас Вескари")
	wantProp(t, p, "weakAlias", "Abu Tomo")
	wantProp(t, p, "firstName", "Tomas")
	wantProp(t, p, "middleName", "Ardel")
	wantProp(t, p, "lastName", "Veskari")
	wantProp(t, p, "gender", "male")
	wantProp(t, p, "title", "Dr.")
	wantProp(t, p, "position", "Treasurer of the Example Front")
	wantProp(t, p, "nationality", "ir")
	wantProp(t, p, "birthDate", "1971-02-03", "1972-06")
	wantProp(t, p, "birthPlace", "Exampleton, IRAN (ISLAMIC REPUBLIC OF)")
	wantProp(t, p, "birthCountry", "ir")
	wantProp(t, p, "passportNumber", "X1234567")
	wantProp(t, p, "idNumber", "ID-0042-77")
	wantProp(t, p, "phone", "+98 000 0000 000")
	wantProp(t, p, "country", "ir")
	if !strings.Contains(strings.Join(p.Get("notes"), "|"), "Citizenship: XX ATLANTIS") {
		t.Errorf("unknown citizenship not kept: %q", p.Get("notes"))
	}
	if ListID(p) != "900101" {
		t.Errorf("ListID %q", ListID(p))
	}
	s := related(l, "Sanction", p.ID)
	if len(s) != 1 {
		t.Fatalf("%d sanctions", len(s))
	}
	wantProp(t, s[0], "authorityId", "EU.9001.01")
	wantProp(t, s[0], "unscId", "QDi.999")
	wantProp(t, s[0], "program", "TAQA")
	wantProp(t, s[0], "listingDate", "2019-04-02")
	wantProp(t, s[0], "startDate", "2019-04-01")
	wantProp(t, s[0], "sourceUrl", "https://example.invalid/regulation/2019-9999")
	pass := related(l, "Passport", p.ID)
	if len(pass) != 1 {
		t.Fatalf("%d passports", len(pass))
	}
	wantProp(t, pass[0], "authority", "Ministry of Examples")
	wantProp(t, pass[0], "startDate", "2010-05-06")
	wantProp(t, pass[0], "description", "Expired.")

	o := byID(l, "eu-fsf-900102")
	wantProp(t, o, "name", "Example Trading House LLC")
	wantProp(t, o, "alias", "ООО Пример Торговый Дом")
	wantProp(t, o, "registrationNumber", "1027700000001")
	wantProp(t, o, "taxNumber", "7700000001")
	wantProp(t, o, "email", "info@example.invalid")
	wantProp(t, o, "website", "https://example.invalid")
	wantProp(t, o, "country", "ru")
	if n := len(related(l, "Sanction", o.ID)); n != 2 {
		t.Errorf("two regulations gave %d sanctions", n)
	}
	m := byID(l, "eu-fsf-900103")
	wantProp(t, m, "birthDate", "1960", "1961", "1962")
	wantProp(t, m, "nationality", "sy")
	wantProp(t, m, "gender", "female")
}

// The published file uses a default namespace; a prefixed one, or none,
// must read the same.
func TestReadEUNamespaces(t *testing.T) {
	good, err := os.ReadFile("testdata/eu_fsf_sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	base, err := ReadEU(bytes.NewReader(good), "a.xml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(good)
	prefixed := strings.NewReplacer(`xmlns="`, `xmlns:fsd="`, "<export", "<fsd:export", "</export", "</fsd:export",
		"<sanctionEntity", "<fsd:sanctionEntity", "</sanctionEntity", "</fsd:sanctionEntity",
		"<nameAlias", "<fsd:nameAlias", "</nameAlias", "</fsd:nameAlias", "<subjectType", "<fsd:subjectType").Replace(s)
	plain := strings.Replace(s, ` xmlns="http://eu.europa.ec/fpi/fsd/export"`, "", 1)
	for name, doc := range map[string]string{"prefixed": prefixed, "plain": plain} {
		l, err := ReadEU(strings.NewReader(doc), "b.xml")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := Diff(base, l); !d.Empty() {
			t.Errorf("%s namespace reads differently: %+v", name, d)
		}
	}
}

func TestEUMalformed(t *testing.T) {
	good, err := os.ReadFile("testdata/eu_fsf_sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(good)
	cases := []struct {
		name, data string
		line       int
		contains   string
	}{
		{"truncated", s[:len(s)*2/3], 0, "unexpected EOF"},
		{"unclosed attribute", strings.Replace(s, `wholeName="Abu Tomo"`, `wholeName="Abu Tomo`, 1), 15, "export/sanctionEntity"},
		{"unknown subject type", strings.Replace(s, `code="enterprise"`, `code="vessel"`, 1), 0, "subjectType"},
		{"no subject type", strings.Replace(s, `<subjectType code="person" classificationCode="P"/>`, "", 1), 5, "no subjectType"},
		{"duplicate logicalId", strings.Replace(s, `logicalId="900103"`, `logicalId="900101"`, 1), 0, "already listed"},
		{"wrong root", `<exports></exports>`, 1, "root element"},
		{"bad generation date", strings.Replace(s, "2024-03-15T10:20:30.123+01:00", "soon", 1), 0, "generationDate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := ReadEU(strings.NewReader(c.data), "eu.xml")
			if l != nil {
				t.Error("partial list returned")
			}
			wantParseError(t, err, "eu.xml", c.line, c.contains)
		})
	}
}

func FuzzReadEU(f *testing.F) {
	good, err := os.ReadFile("testdata/eu_fsf_sample.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`<export><sanctionEntity logicalId="1"><subjectType code="person"/><nameAlias wholeName="A"/><birthdate yearRangeFrom="1" yearRangeTo="9999"/></sanctionEntity></export>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadEU(bytes.NewReader(data), "fuzz.xml")
		if (l == nil) == (err == nil) {
			t.Fatalf("list %v with error %v", l != nil, err)
		}
		if l != nil {
			for _, e := range l.Entities {
				if err := e.Validate(); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
