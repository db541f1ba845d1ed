package ingest

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
)

var t0 = time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)

func openStore(t *testing.T) store.Backend {
	t.Helper()
	s, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// writeFiles creates files in a temp dir and returns the dir.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const policeMapping = `
police:
  label: POLICE
  reliability: B
  credibility: 2
  category: suspect
  region: NL
  review_after: 5y
  queries:
    - csv_url: police.csv
      delimiter: ";"
      label_column: restricted
      entities:
        person:
          schema: Person
          keys: [case_no]
          key_literal: person
          properties:
            name:
              columns: [given, family]
              join: " "
            firstName: {column: given}
            lastName: {column: family}
            birthDate: {column: dob, format: "%d/%m/%Y"}
            phone: {column: phone}
            nationality: {column: nat}
        passport:
          schema: Passport
          keys: [doc]
          properties:
            holder: {entity: person}
            number: {column: doc}
        charge:
          schema: Charge
          keys: [case_no]
          key_literal: charge
          properties:
            defendant: {entity: person}
            offence: {column: offence}
            status: {literal: convicted}
`

const policeCSV = "case_no;given;family;dob;phone;nat;doc;offence;restricted\n" +
	"C1;Ivan;Petrov;02/01/1980;06 1234 5678;Russia;ab-123 456;fraud;\n" +
	"C2;Olga;Ivanova;31/13/1975;;RU;;;NL\n" + // month 13: kept to year precision
	"C3;Jan;Jansen;15/07/1990;;NL;;theft\n" + // wrong column count
	"C4;Piet;de Vries;not a date;;NL;;;\n" + // bad date
	"C5;Anna;Bakker;01/02/1985;;NL;;;A&B|C\n" + // bad label
	"C6;Els;Smits;01/02/1985;;NL;;;\xff\xfe\n" + // invalid UTF-8
	"C7;Joost;Peters;1/2/1970;;NL;;;SECRET\n"

func runMapping(t *testing.T, b store.Backend, dir, mapping string, o Options) *Summary {
	t.Helper()
	path := filepath.Join(dir, "m.yml")
	if err := os.WriteFile(path, []byte(mapping), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadMapping(path)
	if err != nil {
		t.Fatalf("LoadMapping: %v", err)
	}
	sum, err := Run(context.Background(), b, []*Mapping{m}, o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return sum
}

func TestIngestCSVWithRejects(t *testing.T) {
	b := openStore(t)
	dir := writeFiles(t, map[string]string{"police.csv": policeCSV})
	rej := filepath.Join(dir, "rejects.csv")
	sum := runMapping(t, b, dir, policeMapping, Options{RejectsPath: rej})
	if sum.Rows != 7 || sum.Rejects != 4 {
		t.Fatalf("summary = %+v, want 7 rows and 4 rejects", sum)
	}
	// The rejects file names file, line and reason for each bad row.
	f, err := os.Open(rej)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := csv.NewReader(f).ReadAll()
	want := map[string]string{"4": "wrong number of columns", "5": "bad date", "6": "cannot mix", "7": "invalid UTF-8"}
	if len(rows) != 5 {
		t.Fatalf("rejects file rows = %v", rows)
	}
	for _, r := range rows[1:] {
		if !strings.HasSuffix(r[0], "police.csv") || !strings.Contains(r[2], want[r[1]]) {
			t.Errorf("reject %v: want line %s to say %q", r, r[1], want[r[1]])
		}
	}
	// Good rows: C1, C2, C7.
	person := model.RecordID("police", model.EntityKey("police", "person", []string{"C1"}))
	ss, err := b.RecordStatements(context.Background(), person)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]model.Statement{}
	for _, s := range ss {
		got[s.Prop] = s
	}
	checks := map[string]string{"name": "Ivan Petrov", "birthDate": "1980-01-02", "nationality": "ru", "phone": "+31612345678"}
	for prop, v := range checks {
		if got[prop].Value != v {
			t.Errorf("%s = %q, want %q", prop, got[prop].Value, v)
		}
	}
	n := got["name"]
	if n.Label != "POLICE" || n.Reliability != 'B' || n.Credibility != 2 || n.Category != model.CategorySuspect ||
		n.ReviewAt.Year() != n.FirstSeen.Year()+5 || n.Source != "police" {
		t.Errorf("provenance = %+v", n)
	}
	if got["phone"].Original != "06 1234 5678" {
		t.Errorf("original phone = %q", got["phone"].Original)
	}
	// The passport refers to the person's record.
	pass := model.RecordID("police", model.EntityKey("police", "", []string{"ab-123 456"}))
	ps, _ := b.RecordStatements(context.Background(), pass)
	var holder, number string
	for _, s := range ps {
		switch s.Prop {
		case "holder":
			holder = s.Value
		case "number":
			number = s.Value
		}
	}
	if holder != person || number != "AB123456" {
		t.Errorf("passport holder=%q number=%q", holder, number)
	}
	// Month 13 keeps the year; the row label is conjoined with the dataset's.
	olga := model.RecordID("police", model.EntityKey("police", "person", []string{"C2"}))
	os2, _ := b.RecordStatements(context.Background(), olga)
	for _, s := range os2 {
		if s.Prop == "birthDate" && (s.Value != "1975" || s.Original != "31/13/1975") {
			t.Errorf("calendar typo: %+v", s)
		}
		if s.Label != "(NL)&(POLICE)" {
			t.Errorf("row label = %q", s.Label)
		}
	}
	// Only visible to a viewer with both.
	v := store.NewView(b, model.NewViewer("x", model.NewAuths("POLICE")))
	if _, err := v.RecordStatements(context.Background(), olga); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("row-labelled record visible without NL: %v", err)
	}
}

func TestReingestAddsNothing(t *testing.T) {
	b := openStore(t)
	dir := writeFiles(t, map[string]string{"police.csv": policeCSV})
	first := runMapping(t, b, dir, policeMapping, Options{})
	if first.Statements == 0 {
		t.Fatal("nothing written")
	}
	c1, _ := b.Counts(context.Background())
	second := runMapping(t, b, dir, policeMapping, Options{})
	if second.Statements != 0 || second.Records != 0 || second.Skipped != first.Statements {
		t.Errorf("re-ingest = %+v (first wrote %d)", second, first.Statements)
	}
	c2, _ := b.Counts(context.Background())
	if c1 != c2 {
		t.Errorf("counts changed on re-ingest: %+v → %+v", c1, c2)
	}
}

// TestBrokenInputWritesNothing: problems found before reading rows refuse
// the whole run, naming the file, and leave the store untouched.
func TestBrokenInputWritesNothing(t *testing.T) {
	good := "good:\n  queries:\n    - csv_url: a.csv\n      entities:\n        p:\n          schema: Person\n          keys: [id]\n          properties:\n            name: {column: name}\n"
	tests := []struct {
		name, mapping, want string
	}{
		{"unknown schema", strings.Replace(good, "Person", "Persn", 1), `unknown schema "Persn"`},
		{"unknown property", strings.Replace(good, "name: {column", "nam: {column", 1), `no property "nam"`},
		{"typo key", strings.Replace(good, "{column: name}", "{colum: name}", 1), `unknown key "colum"`},
		{"missing column", strings.Replace(good, "{column: name}", "{column: nom}", 1), "missing from the header: nom"},
		{"missing file", strings.Replace(good, "a.csv", "nope.csv", 1), "cannot open"},
		{"bad label", strings.Replace(good, "good:\n", "good:\n  label: 'A&B|C'\n", 1), "cannot mix"},
		{"bad reliability", strings.Replace(good, "good:\n", "good:\n  reliability: Z\n", 1), "reliability"},
		{"not yaml", "good: [", "not valid YAML"},
		{"no keys", strings.Replace(good, "          keys: [id]\n", "", 1), "keys"},
		{"bad format", strings.Replace(good, "{column: name}", "{column: name}\n            birthDate: {column: name, format: '%Q'}", 1), "%Q"},
		{"dangling ref", strings.Replace(good, "{column: name}", "{column: name}\n            addressEntity: {entity: addr}", 1), `unknown entity "addr"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := openStore(t)
			dir := writeFiles(t, map[string]string{"a.csv": "id,name\n1,Ivan\n", "m.yml": tc.mapping})
			path := filepath.Join(dir, "m.yml")
			m, err := LoadMapping(path)
			if err == nil {
				_, err = Run(context.Background(), b, []*Mapping{m}, Options{})
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the file", err)
			}
			c, _ := b.Counts(context.Background())
			if c.Statements != 0 {
				t.Errorf("store not empty after a refused run: %+v", c)
			}
		})
	}
}

// TestOneTransactionAcrossMappings: a broken second mapping refuses the run
// before the first mapping's rows are written.
func TestOneTransactionAcrossMappings(t *testing.T) {
	b := openStore(t)
	dir := writeFiles(t, map[string]string{"police.csv": policeCSV})
	good := filepath.Join(dir, "good.yml")
	os.WriteFile(good, []byte(policeMapping), 0o644)
	bad := filepath.Join(dir, "bad.yml")
	os.WriteFile(bad, []byte(strings.Replace(policeMapping, "police.csv", "absent.csv", 1)), 0o644)
	m1, _ := LoadMapping(good)
	m2, _ := LoadMapping(bad)
	if _, err := Run(context.Background(), b, []*Mapping{m1, m2}, Options{}); err == nil {
		t.Fatal("run with a missing file succeeded")
	}
	c, _ := b.Counts(context.Background())
	if c.Statements != 0 {
		t.Errorf("partial write: %+v", c)
	}
}

func TestJSONSources(t *testing.T) {
	b := openStore(t)
	dir := writeFiles(t, map[string]string{
		"reports.jsonl": `{"id":"R1","when":"2024-03-01","text":"met X","people":[{"name":"Ivan Petrov"},{"name":"Olga"}],"meta":{"unit":"U7"}}` + "\n" +
			"\n" + `{"id":"R2","when":"2024-13-45"}` + "\n" + `not json` + "\n",
		"notices.json": `{"total": 2, "_embedded": {"notices": [
  {"forename": "EDGAR", "name": "PINTOS", "date_of_birth": "1979/01/17", "entity_id": "2021/75051", "nationalities": ["UY", "AR"]},
  {"forename": "ANA", "name": "LOPEZ", "date_of_birth": "1980", "entity_id": "2021/1", "nationalities": []}
]}}`,
	})
	mapping := `
reports:
  queries:
    - jsonl_url: reports.jsonl
      entities:
        r:
          schema: Report
          keys: [id]
          properties:
            date: {column: when}
            bodyText: {column: text}
            mentionedName: {column: people.name}
            author: {column: meta.unit}
notices:
  queries:
    - json_url: notices.json
      json_path: _embedded.notices
      entities:
        p:
          schema: Person
          keys: [entity_id]
          properties:
            firstName: {column: forename}
            lastName: {column: name}
            birthDate: {column: date_of_birth}
            nationality: {column: nationalities}
`
	sum := runMapping(t, b, dir, mapping, Options{})
	if sum.Rows != 5 || sum.Rejects != 1 {
		t.Errorf("summary = %+v, want 5 rows (3 report lines + 2 notices), 1 reject (bad JSON); R2's bad date keeps the year", sum)
	}
	r1 := model.RecordID("reports", model.EntityKey("reports", "", []string{"R1"}))
	ss, _ := b.RecordStatements(context.Background(), r1)
	names := 0
	for _, s := range ss {
		if s.Prop == "mentionedName" {
			names++
		}
		if s.Prop == "author" && s.Value != "U7" {
			t.Errorf("nested column = %q", s.Value)
		}
	}
	if names != 2 {
		t.Errorf("array values gave %d names, want 2", names)
	}
	p := model.RecordID("notices", model.EntityKey("notices", "", []string{"2021/75051"}))
	ps, _ := b.RecordStatements(context.Background(), p)
	nat := 0
	for _, s := range ps {
		if s.Prop == "nationality" {
			nat++
		}
		if s.Prop == "birthDate" && s.Value != "1979-01-17" {
			t.Errorf("notice birth date = %q", s.Value)
		}
	}
	if nat != 2 {
		t.Errorf("nationalities = %d, want 2", nat)
	}
}

func TestLabelOverride(t *testing.T) {
	b := openStore(t)
	dir := writeFiles(t, map[string]string{"police.csv": policeCSV})
	l := "TOP"
	runMapping(t, b, dir, policeMapping, Options{Label: &l})
	b.ScanStatements(context.Background(), func(s *model.Statement) error {
		if s.Label != "TOP" && s.Label != "(NL)&(TOP)" && s.Label != "(SECRET)&(TOP)" {
			t.Fatalf("label %q not overridden", s.Label)
		}
		return nil
	})
}

func TestDateFormats(t *testing.T) {
	tests := []struct {
		format, in, want string
		ok               bool
	}{
		{"%Y%m%d", "19081209", "1908-12-09", true},
		{"%Y%m%d", "19450493", "1945-04", true}, // day 93: a typo, keep year-month
		{"%Y%m%d", "19729518", "1972", true},
		{"%Y%m%d", "1908120", "", false},
		{"%d/%m/%Y", "2/1/1980", "1980-01-02", true},
		{"%d %b %Y", "10 Jan 1960", "1960-01-10", true},
		{"%d %B %Y", "10 january 1960", "1960-01-10", true},
		{"%Y", "1971", "1971", true},
		{"%y-%m-%d", "71-06-24", "1971-06-24", true},
		{"%Y-%m-%d", "0000-01-01", "", false},
		{"", "1979/01/17", "1979-01-17", true},
		{"", "2021-03-04T10:11:12Z", "2021-03-04T10:11:12", true},
		{"", "2023-01-01T13:20", "2023-01-01T13:20:00", true},
		{"%d/%m/%Y %H:%M", "02/01/2023 25:10", "2023-01-02", true},
		{"", "March", "", false},
	}
	for _, tc := range tests {
		var fs []dateFormat
		if tc.format != "" {
			f, err := compileFormat(tc.format)
			if err != nil {
				t.Fatal(err)
			}
			fs = append(fs, f)
		}
		got, err := normalizeDate(tc.in, fs)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("normalizeDate(%q, %q) = %q, %v; want %q ok=%v", tc.in, tc.format, got, err, tc.want, tc.ok)
		}
	}
}

// FuzzParseMapping: any text gives a mapping or an error, never a panic.
func FuzzParseMapping(f *testing.F) {
	f.Add(policeMapping)
	f.Add("a:\n  queries:\n    - csv_url: x\n      entities: {p: {schema: Person, keys: [k]}}\n")
	f.Add("a: [1, {b: c}]")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMapping("/tmp/m.yml", []byte(s))
		if err == nil && len(m.Datasets) == 0 {
			t.Fatal("no error and no datasets")
		}
	})
}

// FuzzMapCSVRow: any CSV body maps to statements or rejects, never a panic,
// and every statement it makes is well formed.
func FuzzMapCSVRow(f *testing.F) {
	f.Add(policeCSV)
	f.Add("case_no;given\n\"unterminated\n")
	f.Fuzz(func(t *testing.T, body string) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "police.csv"), []byte(body), 0o644)
		m, err := ParseMapping(filepath.Join(dir, "m.yml"), []byte(policeMapping))
		if err != nil {
			t.Fatal(err)
		}
		q := m.Datasets[0].Queries[0]
		var n int64
		src, err := openSource(q, &n)
		if err != nil {
			return
		}
		defer src.close()
		cq, _ := compileQuery(q, nil, t0)
		for i := 0; i < 1000; i++ {
			r, err := src.next()
			if err != nil {
				return
			}
			ss, _, _ := cq.mapRow(r, nil)
			for _, s := range ss {
				if s.Record == "" || s.ID == "" || s.Value == "" {
					t.Fatalf("malformed statement %+v", s)
				}
			}
		}
	})
}

// FuzzDateFormat: parsing never panics and accepted dates are ISO.
func FuzzDateFormat(f *testing.F) {
	f.Add("%d/%m/%Y", "02/01/1980")
	f.Add("%Y%m%d", "19450493")
	f.Fuzz(func(t *testing.T, format, in string) {
		df, err := compileFormat(format)
		if err != nil {
			return
		}
		if d, ok := df.parse(in); ok {
			if len(d) != 4 && len(d) != 7 && len(d) != 10 && len(d) != 19 {
				t.Fatalf("parse(%q, %q) = %q: not ISO", format, in, d)
			}
		}
	})
}
