package lists

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestReadUNSample(t *testing.T) {
	l, err := LoadUN("testdata/un_sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	checkList(t, l)
	if l.Name != DatasetUN || l.Format != FormatUN || l.Published.Format("2006-01-02T15:04:05") != "2024-01-02T03:04:05" {
		t.Errorf("list header: %q %q %v", l.Name, l.Format, l.Published)
	}
	c := l.Counts()
	if c["Person"] != 2 || c["Organization"] != 1 || c["Sanction"] != 3 || c["Passport"] != 1 || c["Identification"] != 1 {
		t.Errorf("counts %v", c)
	}
	p := byID(l, "un-sc-1000001")
	wantProp(t, p, "name", "KAREM ODALI FESTRAN") // "na" in FOURTH_NAME is a placeholder
	wantProp(t, p, "firstName", "KAREM")
	wantProp(t, p, "secondName", "ODALI")
	wantProp(t, p, "alias", "Karim Odaly", "كريم عودالي")
	wantProp(t, p, "weakAlias", "Abu Festo")
	wantProp(t, p, "birthDate", "1965-05-05", "1963", "1964", "1966-06-06")
	wantProp(t, p, "nationality", "ir")
	wantProp(t, p, "birthCountry", "tr")
	wantProp(t, p, "country", "sy")
	wantProp(t, p, "gender", "male")
	wantProp(t, p, "title", "Mullah")
	wantProp(t, p, "position", "Example commander")
	wantProp(t, p, "passportNumber", "P 000111")
	wantProp(t, p, "idNumber", "ID-99-00")
	wantProp(t, p, "modifiedAt", "2019-03-04")
	wantProp(t, p, "address", "1 Example Road, Exampleton, Syrian Arab Republic")
	if !strings.Contains(strings.Join(p.Get("notes"), "|"), "Nationality: Atlantis") {
		t.Errorf("unknown nationality not kept in notes: %q", p.Get("notes"))
	}
	if ListID(p) != "1000001" {
		t.Errorf("ListID = %q", ListID(p))
	}
	s := related(l, "Sanction", p.ID)
	if len(s) != 1 {
		t.Fatalf("%d sanctions", len(s))
	}
	wantProp(t, s[0], "unscId", "QDi.901")
	wantProp(t, s[0], "program", "Al-Qaida")
	wantProp(t, s[0], "listingDate", "2011-10-04")
	wantProp(t, s[0], "authority", authorityUN)
	pass := related(l, "Passport", p.ID)
	if len(pass) != 1 {
		t.Fatalf("%d passports", len(pass))
	}
	wantProp(t, pass[0], "number", "P 000111")
	wantProp(t, pass[0], "country", "ir")
	wantProp(t, pass[0], "startDate", "2010-01-01")
	id := related(l, "Identification", p.ID)
	if len(id) != 1 {
		t.Fatalf("%d identifications", len(id))
	}
	wantProp(t, id[0], "type", "National Identification Number") // wrapped over two lines in the file
	wantProp(t, id[0], "country")                                // Atlantis is no country

	q := byID(l, "un-sc-1000002")
	wantProp(t, q, "gender", "female")
	wantProp(t, q, "nationality", "kp")
	wantProp(t, q, "birthDate", "1970", "1970-11")
	wantProp(t, q, "alias")

	o := byID(l, "un-sc-1000003")
	wantProp(t, o, "name", "EXAMPLE TRADING GROUP")
	wantProp(t, o, "alias", "ETG")
	wantProp(t, o, "previousName", "Old Example Trading")
	wantProp(t, o, "country", "ru")
}

func TestLoadUNShared(t *testing.T) {
	path := sharedData(t, "watchlists/un/UN_consolidated.xml")
	l, err := LoadUN(path)
	if err != nil {
		t.Fatal(err)
	}
	checkList(t, l)
	c := l.Counts()
	t.Logf("UN: %v, published %v", c, l.Published)
	// The README states 730 individuals and 273 entities.
	if c["Person"] != 730 || c["Organization"] != 273 || c["Sanction"] != 1003 {
		t.Errorf("counts %v, want 730 persons, 273 organisations, 1003 sanctions", c)
	}
	var withDOB, withNat, withAlias int
	for _, e := range l.Entities {
		if e.Schema != "Person" {
			continue
		}
		if len(e.Get("birthDate")) > 0 {
			withDOB++
		}
		if len(e.Get("nationality")) > 0 {
			withNat++
		}
		if len(e.Get("alias"))+len(e.Get("weakAlias")) > 0 {
			withAlias++
		}
	}
	// Floors from the file: 919 date-of-birth and 625 nationality blocks
	// over 730 people.
	if withDOB < 650 || withNat < 550 || withAlias < 450 {
		t.Errorf("persons with birthDate %d, nationality %d, alias %d: below floor", withDOB, withNat, withAlias)
	}
	if c["Passport"]+c["Identification"] < 400 {
		t.Errorf("only %d documents", c["Passport"]+c["Identification"])
	}
}

func TestUNMalformed(t *testing.T) {
	good, err := os.ReadFile("testdata/un_sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		data     string
		line     int
		contains string
	}{
		{"truncated", string(good[:len(good)/2]), 63, "unexpected EOF"},
		{"mismatched tag", strings.Replace(string(good), "</SECOND_NAME>", "</SECOND>", 1), 10, "INDIVIDUAL/SECOND_NAME"},
		{"no DATAID", strings.Replace(string(good), "<DATAID>1000002</DATAID>", "", 1), 0, "DATAID"},
		{"non-numeric DATAID", strings.Replace(string(good), "1000003", "10x3", 1), 0, "DATAID"},
		{"duplicate DATAID", strings.Replace(string(good), "1000003", "1000001", 1), 0, "already listed"},
		{"wrong root", "<?xml version=\"1.0\"?><LIST></LIST>", 1, "CONSOLIDATED_LIST"},
		{"second root", string(good) + "<CONSOLIDATED_LIST/>", 0, "second root"},
		{"text after root", string(good) + "junk", 0, "outside the root"},
		{"empty", "", 0, "empty"},
		{"bad date", strings.Replace(string(good), "2024-01-02T03:04:05.678Z", "yesterday", 1), 0, "dateGenerated"},
		{"unexpected element", strings.Replace(string(good), "<ENTITIES>", "<ENTITIES><OTHER/>", 1), 0, "unexpected element"},
		{"nameless", strings.Replace(string(good), "<FIRST_NAME>EXAMPLE TRADING GROUP</FIRST_NAME>", "", 1), 0, "without a name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := ReadUN(strings.NewReader(c.data), "un.xml")
			if l != nil {
				t.Error("partial list returned")
			}
			wantParseError(t, err, "un.xml", c.line, c.contains)
		})
	}
}

func FuzzReadUN(f *testing.F) {
	good, err := os.ReadFile("testdata/un_sample.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:300])
	f.Add([]byte("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadUN(bytes.NewReader(data), "fuzz.xml")
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
