package lists

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestReadOFACSample(t *testing.T) {
	l, err := LoadOFAC("testdata/ofac")
	if err != nil {
		t.Fatal(err)
	}
	checkList(t, l)
	if l.Name != DatasetOFACSDN || l.Format != FormatOFAC {
		t.Errorf("list %q %q", l.Name, l.Format)
	}
	if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "sdn_comments.csv:2") {
		t.Errorf("warnings %q, want the orphan comment on line 2", l.Warnings)
	}
	p := byID(l, "ofac-100")
	wantProp(t, p, "name", "Jose Andres VESTARI")
	wantProp(t, p, "firstName", "Jose Andres")
	wantProp(t, p, "lastName", "VESTARI")
	wantProp(t, p, "alias", "Jose VESTARI ROJAS", "EL EJEMPLO")
	wantProp(t, p, "birthDate", "1960-01-10", "1955", "1956", "1957")
	wantProp(t, p, "birthPlace", "Ciudad Ejemplo, Mexico")
	wantProp(t, p, "birthCountry", "mx")
	wantProp(t, p, "nationality", "mx")
	wantProp(t, p, "citizenship")
	wantProp(t, p, "gender", "male")
	wantProp(t, p, "passportNumber", "A123456")
	wantProp(t, p, "idNumber", "VEXJ600110HDFSRN01")
	wantProp(t, p, "address", "Calle Falsa 123, Ciudad Ejemplo, Mexico")
	wantProp(t, p, "country", "mx")
	notes := strings.Join(p.Get("notes"), "|")
	for _, want := range []string{"Citizenship: Atlantis", "Linked To: EJEMPLO HOLDINGS S.A"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
	s := related(l, "Sanction", p.ID)
	if len(s) != 1 {
		t.Fatalf("%d sanctions", len(s))
	}
	wantProp(t, s[0], "program", "SDNTK", "SDGT")
	wantProp(t, s[0], "authorityId", "100")
	pass := related(l, "Passport", p.ID)
	if len(pass) != 1 {
		t.Fatalf("%d passports", len(pass))
	}
	wantProp(t, pass[0], "country", "mx")
	wantProp(t, pass[0], "startDate", "2005-02-01")
	wantProp(t, pass[0], "endDate", "2015-02-01")

	o := byID(l, "ofac-101")
	if o.Schema != "Organization" {
		t.Errorf("schema %s", o.Schema)
	}
	wantProp(t, o, "previousName", "EJEMPLO TRADING S.A.")
	wantProp(t, o, "incorporationDate", "1999")
	wantProp(t, o, "taxNumber", "900111222-3")
	wantProp(t, o, "registrationNumber", "12345")
	wantProp(t, o, "website", "www.example.invalid")
	wantProp(t, related(l, "Sanction", o.ID)[0], "provisions", "Secondary sanctions risk: Example Regulations")

	v := byID(l, "ofac-102")
	if v.Schema != schemaOr("Vessel", "Thing") {
		t.Errorf("vessel schema %s", v.Schema)
	}
	vn := strings.Join(v.Get("notes"), "|")
	if v.Schema == "Thing" {
		for _, want := range []string{"Call sign: 9XYZ1", "IMO number: 9000001", "Flag: Iran", "Tonnage: 150,000"} {
			if !strings.Contains(vn, want) {
				t.Errorf("vessel notes %q lack %q", vn, want)
			}
		}
	}

	m := byID(l, "ofac-103")
	wantProp(t, m, "name", "Jörg MÜLLER") // Windows-1252 decoded
	wantProp(t, m, "position", "Deputy Minister of Examples")
	wantProp(t, m, "birthDate", "1970", "1971")
	wantProp(t, m, "email", "joerg@example.invalid")
	wantProp(t, m, "website", "www.joerg.example.invalid") // from the comments file
	wantProp(t, m, "passportNumber", "750000001")
	if n := len(related(l, "Passport", m.ID)); n != 1 {
		t.Errorf("repeated passport gave %d entities", n)
	}
}

func TestLoadOFACShared(t *testing.T) {
	for _, c := range []struct {
		dir             string
		entries, people int
		natPercent      int // the non-SDN list rarely states nationality
	}{
		{"watchlists/ofac_sdn_full", 7379, 3500, 40},
		{"watchlists/ofac_sdn_2021", 8976, 4500, 40},
		{"watchlists/ofac_consolidated_nonsdn", 442, 70, 0},
	} {
		t.Run(c.dir, func(t *testing.T) {
			l, err := Load(sharedData(t, c.dir))
			if err != nil {
				t.Fatal(err)
			}
			checkList(t, l)
			counts := l.Counts()
			t.Logf("%s: %v, %d warnings", c.dir, counts, len(l.Warnings))
			if counts["Sanction"] != c.entries || counts["Person"] < c.people {
				t.Errorf("counts %v, want %d entries and at least %d people", counts, c.entries, c.people)
			}
			var people, dob, nat int
			for _, e := range l.Entities {
				if e.Schema == "Person" {
					people++
					if len(e.Get("birthDate")) > 0 {
						dob++
					}
					if len(e.Get("nationality"))+len(e.Get("citizenship")) > 0 {
						nat++
					}
				}
			}
			// Most listed people have a date of birth in the remarks.
			if dob*10 < people*8 || nat*100 < people*c.natPercent {
				t.Errorf("of %d people, %d with birthDate and %d with nationality", people, dob, nat)
			}
		})
	}
	t.Run("small sample with rows for entries it lacks", func(t *testing.T) {
		l, err := LoadOFAC(sharedData(t, "watchlists/ofac_sdn_small"))
		if err != nil {
			t.Fatal(err)
		}
		checkList(t, l)
		if len(l.Warnings) == 0 {
			t.Error("orphan rows of the sample not reported")
		}
	})
}

func ofacFiles(sdn, add string) OFACFiles {
	return OFACFiles{Main: strings.NewReader(sdn), MainName: "sdn.csv", Add: strings.NewReader(add), AddName: "add.csv"}
}

func TestOFACMalformed(t *testing.T) {
	row := `1,"DOE, Jane","individual","[SDGT]",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970"` + "\r\n"
	cases := []struct {
		name, sdn, add, file string
		line                 int
		contains             string
	}{
		{"short record", row + "2,\"X\",\"individual\"\r\n", "", "sdn.csv", 2, "3 fields, want 12"},
		{"bare quote", row + `2,"X"Y,"individual","[SDGT]",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n", "", "sdn.csv", 2, "quote"},
		{"unterminated quote", row + `2,"X,"individual"`, "", "sdn.csv", 2, "quote"},
		{"bad ent_num", strings.Replace(row, "1,", "A1,", 1), "", "sdn.csv", 1, "not a number"},
		{"duplicate", row + row, "", "sdn.csv", 2, "already at line 1"},
		{"nameless", strings.Replace(row, `"DOE, Jane"`, "-0- ", 1), "", "sdn.csv", 1, "no name"},
		{"short address", row, "1,2,\"x\"\r\n", "add.csv", 1, "3 fields, want 6"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := ReadOFAC(ofacFiles(c.sdn, c.add))
			if l != nil {
				t.Error("partial list returned")
			}
			wantParseError(t, err, c.file, c.line, c.contains)
		})
	}
}

func FuzzReadOFAC(f *testing.F) {
	sdn, _ := os.ReadFile("testdata/ofac/sdn.csv")
	add, _ := os.ReadFile("testdata/ofac/add.csv")
	f.Add(sdn, add)
	f.Add([]byte(`1,"A, B","individual","[X]",-0-,-0-,-0-,-0-,-0-,-0-,-0-,"DOB 01 Jan 1960 to 31 Dec 1961; Passport (; a.k.a. '"`), []byte("1,1,-0-,-0-,\"Iran\",-0-"))
	f.Fuzz(func(t *testing.T, sdn, add []byte) {
		l, err := ReadOFAC(OFACFiles{Main: bytes.NewReader(sdn), MainName: "sdn.csv", Add: bytes.NewReader(add), AddName: "add.csv"})
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

// FuzzOFACRemarks drives the remarks parser alone, the part with the most
// hand-written string handling.
func FuzzOFACRemarks(f *testing.F) {
	for _, s := range []string{
		"DOB 10 Jan 1960; POB Baghdad, Iraq; nationality Iraq; Passport A123 (Iraq)",
		"Passport ; Passport (; DOB  to ; alt. ; a.k.a. ; Email; Phone",
		"National ID No. 1 (X) issued expires 1 Jan",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, remarks string) {
		for _, schema := range []string{"Person", "Organization", "Thing"} {
			e := newTestEntity(schema)
			s := newTestEntity("Sanction")
			for _, d := range parseOFACRemarks(e, s, remarks) {
				if err := d.Validate(); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Validate(); err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
