package lists

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestReadInterpolDetail(t *testing.T) {
	l, err := LoadInterpol("testdata/interpol_detail.json")
	if err != nil {
		t.Fatal(err)
	}
	checkList(t, l)
	p := byID(l, "interpol-red-2020-12345")
	wantProp(t, p, "name", "ARNO BASTIEN QUILLEVERE")
	wantProp(t, p, "firstName", "ARNO BASTIEN")
	wantProp(t, p, "lastName", "QUILLEVERE")
	wantProp(t, p, "birthDate", "1981-07-09")
	wantProp(t, p, "nationality", "fr", "na") // Namibia, not "not available"
	wantProp(t, p, "gender", "male")
	wantProp(t, p, "spokenLanguage", "fra", "eng")
	wantProp(t, p, "birthPlace", "Exampleville")
	wantProp(t, p, "birthCountry", "fr")
	wantProp(t, p, "topics", "wanted", "crime")
	if ListID(p) != "2020/12345" {
		t.Errorf("ListID %q", ListID(p))
	}
	// Physical description is never imported, under any property.
	raw, _ := json.Marshal(l.Entities)
	for _, banned := range []string{"scar", "1.82", "BRO", "BLA", "height", "weight", "eyeColor", "hairColor", "appearance"} {
		if bytes.Contains(raw, []byte(banned)) {
			t.Errorf("imported entities contain %q", banned)
		}
	}
	n := related(l, "Notice", p.ID)
	if len(n) != 1 {
		t.Fatalf("%d notices", len(n))
	}
	wantProp(t, n[0], "authority", "INTERPOL")
	wantProp(t, n[0], "noticeType", "red")
	wantProp(t, n[0], "noticeId", "2020/12345")
	wantProp(t, n[0], "charge", "Fraude en bande organisée", "Organised fraud", "Money laundering")
	wantProp(t, n[0], "issuingCountry", "fr", "be")
	if ListID(n[0]) != "2020/12345" {
		t.Errorf("notice ListID %q", ListID(n[0]))
	}
}

func TestReadInterpolShapes(t *testing.T) {
	detail, _ := os.ReadFile("testdata/interpol_detail.json")
	lines, _ := os.ReadFile("testdata/interpol_details.jsonl")
	array := "[" + string(detail) + "," + strings.Join(strings.Split(strings.TrimSpace(string(lines)), "\n"), ",") + "]"
	page := `{"total": 2, "_embedded": {"notices": [` + strings.Join(strings.Split(strings.TrimSpace(string(lines)), "\n"), ",") + `]}}`
	for name, c := range map[string]struct {
		data   string
		people int
	}{
		"detail": {string(detail), 1}, "json lines": {string(lines), 2}, "array": {array, 3}, "list page": {page, 2},
	} {
		l, err := ReadInterpol(strings.NewReader(c.data), "x.json")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkList(t, l)
		if got := l.Counts()["Person"]; got != c.people {
			t.Errorf("%s: %d people, want %d", name, got, c.people)
		}
	}
	l, err := LoadInterpol("testdata/interpol_details.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	wantProp(t, byID(l, "interpol-red-2019-1"), "birthDate", "1990")
	wantProp(t, byID(l, "interpol-red-2019-1"), "gender", "female")
	solo := byID(l, "interpol-red-2019-2")
	wantProp(t, solo, "name", "SOLO EXAMPLE")
	wantProp(t, solo, "gender") // "U" says nothing
	wantProp(t, solo, "birthDate")
}

func TestLoadInterpolShared(t *testing.T) {
	l, err := Load(sharedData(t, "watchlists/interpol/red_notices_list_page1_2021-12-11.json"))
	if err != nil {
		t.Fatal(err)
	}
	checkList(t, l)
	c := l.Counts()
	t.Logf("INTERPOL: %v", c)
	if c["Person"] != 20 || c["Notice"] != 20 {
		t.Errorf("counts %v", c)
	}
	if l.Published.Format("2006-01-02") != "2021-12-11" {
		t.Errorf("published %v", l.Published)
	}
	p := byID(l, "interpol-red-2021-75051")
	wantProp(t, p, "birthDate", "1979-01-17")
	wantProp(t, p, "nationality", "uy")
	wantProp(t, p, "sourceUrl", "https://ws-public.interpol.int/notices/v1/red/2021-75051")
	if ListID(p) != "2021/75051" {
		t.Errorf("ListID %q", ListID(p))
	}
}

func TestInterpolMalformed(t *testing.T) {
	good := `{"entity_id": "2019/1", "forename": "A", "name": "B", "date_of_birth": "1990/01/02"}`
	cases := []struct {
		name, data string
		line       int
		contains   string
	}{
		{"syntax", good + "\n{\"entity_id\": \"2019/2\",,}\n", 2, "invalid character"},
		{"bad id", "\n\n" + strings.Replace(good, "2019/1", "abc", 1), 3, "YEAR/NUMBER"},
		{"bad date", strings.Replace(good, "1990/01/02", "1990/13/40", 1), 1, "date_of_birth"},
		{"wrong type", strings.Replace(good, `"A"`, `42`, 1), 1, "forename"},
		{"no name", `{"entity_id": "2019/1"}`, 1, "without a name"},
		{"duplicate", good + "\n" + good, 2, "already at line 1"},
		{"truncated array", "[" + good + ",\n" + good, 2, "unexpected"},
		{"array then junk", "[" + good + "]\n{}", 2, "after the JSON array"},
		{"page entry", "{\"_embedded\": {\"notices\": [\n" + good + ",\n{\"entity_id\": 5}]}}", 3, "notices[1]"},
		{"empty", "  \n", 0, "empty"},
		{"not an object", "42", 1, "not a JSON object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := ReadInterpol(strings.NewReader(c.data), "red.json")
			if l != nil {
				t.Error("partial list returned")
			}
			wantParseError(t, err, "red.json", c.line, c.contains)
		})
	}
}

func FuzzReadInterpol(f *testing.F) {
	detail, _ := os.ReadFile("testdata/interpol_detail.json")
	lines, _ := os.ReadFile("testdata/interpol_details.jsonl")
	f.Add(detail)
	f.Add(lines)
	f.Add([]byte(`{"_embedded":{"notices":[{"entity_id":"2021/1","name":"X"}]}}`))
	f.Add([]byte(`[{"entity_id":"2021/1","name":"X","languages_spoken_ids":["ger",""]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadInterpol(bytes.NewReader(data), "fuzz.json")
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
