package synth

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
)

// recordIDs computes, from the written files and mappings alone, the id of
// every record of every entity the mappings define, the way ingestion does:
// dataset:EntityKey(dataset, key_literal, key column values).
func recordIDs(t *testing.T, dir string) (bySchema map[string][]string) {
	t.Helper()
	bySchema = map[string][]string{}
	for _, mf := range mappingFiles(t, dir) {
		for dsName, ds := range readMapping(t, mf) {
			for _, q := range ds.Queries {
				_, rows := readRows(t, dir, q)
				for _, row := range rows {
					for name, e := range q.Entities {
						vals := make([]string, len(e.Keys))
						for i, k := range e.Keys {
							vals[i] = strings.Join(row(k), " ")
						}
						key := model.EntityKey(dsName, e.KeyLiteral, vals)
						if key == "" {
							t.Fatalf("%s entity %s: a row without key values", dsName, name)
						}
						bySchema[e.Schema] = append(bySchema[e.Schema], model.RecordID(dsName, key))
					}
				}
			}
		}
	}
	return bySchema
}

func TestTruthCoversEveryPersonRecord(t *testing.T) {
	dir, sum := sharedWorld(t)
	ids := recordIDs(t, dir)
	persons := map[string]bool{}
	for _, id := range ids["Person"] {
		persons[id] = true // police rows repeat a registration: one record
	}
	truth := readCSV(t, filepath.Join(dir, "truth.csv"), ',')
	if got := strings.Join(truth[0], ","); got != "record,person" {
		t.Fatalf("truth header %q", got)
	}
	seen := map[string]bool{}
	people := map[string]bool{}
	pid := regexp.MustCompile(`^P\d{7}$`)
	for _, row := range truth[1:] {
		rec, who := row[0], row[1]
		if seen[rec] {
			t.Errorf("record %s twice in truth.csv", rec)
		}
		seen[rec] = true
		if !persons[rec] {
			t.Errorf("truth record %s is not a Person record of any file", rec)
		}
		if !pid.MatchString(who) {
			t.Fatalf("person id %q", who)
		}
		n, _ := strconv.Atoi(who[1:])
		if n < 1 || n > sum.People {
			t.Errorf("person %s outside the population", who)
		}
		people[who] = true
	}
	for rec := range persons {
		if !seen[rec] {
			t.Errorf("Person record %s missing from truth.csv", rec)
		}
	}
	if len(seen) != sum.TruthRecords {
		t.Errorf("summary says %d truth records, file has %d", sum.TruthRecords, len(seen))
	}
	// Everyone appears somewhere, and records per person are a few.
	if len(people) != sum.People {
		t.Errorf("%d of %d people have a record", len(people), sum.People)
	}
	perPerson := float64(len(seen)) / float64(sum.People)
	if perPerson < 1.5 || perPerson > 4 {
		t.Errorf("%.2f person records per person, want 1.5–4", perPerson)
	}
	// Mentions point at report records and real people.
	reports := map[string]bool{}
	for _, id := range ids["Report"] {
		reports[id] = true
	}
	mentions := readCSV(t, filepath.Join(dir, "mentions.csv"), ',')
	if len(mentions) < 2 {
		t.Fatal("no mentions")
	}
	for _, row := range mentions[1:] {
		if !reports[row[0]] {
			t.Errorf("mention of unknown report record %s", row[0])
		}
		if !pid.MatchString(row[1]) {
			t.Errorf("mention person %q", row[1])
		}
	}
}

func TestRecordIDsAreUnique(t *testing.T) {
	dir, _ := sharedWorld(t)
	for schema, ids := range recordIDs(t, dir) {
		if schema == "Person" {
			continue // police person numbers repeat on purpose
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Errorf("%s record %s made by two rows", schema, id)
				break
			}
			seen[id] = true
		}
	}
}

func TestMappingsAreValid(t *testing.T) {
	dir, sum := sharedWorld(t)
	mfs := mappingFiles(t, dir)
	if len(mfs) != len(sum.Sources) || len(mfs) < 6 {
		t.Fatalf("%d mapping files for %d sources", len(mfs), len(sum.Sources))
	}
	for _, mf := range mfs {
		m := readMapping(t, mf)
		if len(m) != 1 {
			t.Fatalf("%s: want one dataset, have %d", mf, len(m))
		}
		for dsName, ds := range m {
			if filepath.Base(mf) != dsName+".yml" {
				t.Errorf("%s holds dataset %s", mf, dsName)
			}
			if _, err := model.ParseLabel(ds.Label); err != nil {
				t.Errorf("%s: label: %v", dsName, err)
			}
			if _, err := model.ParseReliability(ds.Reliability); err != nil || ds.Reliability == "" {
				t.Errorf("%s: reliability %q", dsName, ds.Reliability)
			}
			if _, err := model.ParseCredibility(ds.Credibility); err != nil || ds.Credibility == "" {
				t.Errorf("%s: credibility %q", dsName, ds.Credibility)
			}
			if _, err := model.ParseCategory(ds.Category); err != nil || ds.Category == "" {
				t.Errorf("%s: category %q", dsName, ds.Category)
			}
			if ds.Region != "NL" {
				t.Errorf("%s: region %q", dsName, ds.Region)
			}
			for _, q := range ds.Queries {
				header, rows := readRows(t, dir, q)
				if len(rows) == 0 {
					t.Errorf("%s: an empty source", dsName)
				}
				use := func(what, col string) {
					if !header[col] {
						t.Errorf("%s: %s names column %q, not in the source (have %v)", dsName, what, col, header)
					}
				}
				for name, e := range q.Entities {
					s := model.SchemaByName(e.Schema)
					if s == nil {
						t.Errorf("%s: entity %s: unknown schema %s", dsName, name, e.Schema)
						continue
					}
					if len(e.Keys) == 0 || e.KeyLiteral == "" {
						t.Errorf("%s: entity %s needs keys and a key_literal", dsName, name)
					}
					for _, k := range e.Keys {
						use("key of "+name, k)
					}
					for pn, p := range e.Properties {
						prop := s.Prop(pn)
						if prop == nil {
							t.Errorf("%s: %s has no property %s", dsName, e.Schema, pn)
							continue
						}
						if p.Column != "" {
							use(name+"."+pn, p.Column)
						}
						for _, c := range p.Columns {
							use(name+"."+pn, c)
						}
						if p.Entity != "" {
							if _, ok := q.Entities[p.Entity]; !ok || prop.Type != model.TypeEntity {
								t.Errorf("%s: %s.%s refers to %q", dsName, name, pn, p.Entity)
							}
						}
						if p.Format != "" {
							checkDates(t, dsName+" "+p.Column, p.Format, rows, p.Column)
						}
					}
				}
			}
		}
	}
}

// checkDates makes sure every value of a formatted date column has the
// format's shape and is a real calendar date.
func checkDates(t *testing.T, what, format string, rows []tRow, col string) {
	t.Helper()
	re := strings.NewReplacer("%Y", `(\d{4})`, "%m", `(\d{2})`, "%d", `(\d{2})`, ".", `\.`, "/", "/").Replace(format)
	shape := regexp.MustCompile("^" + re + "$")
	order := []byte{}
	for i := 0; i+1 < len(format); i++ {
		if format[i] == '%' {
			order = append(order, format[i+1])
		}
	}
	bad := 0
	for _, row := range rows {
		for _, v := range row(col) {
			m := shape.FindStringSubmatch(v)
			if m == nil {
				bad++
				continue
			}
			var y, mo, d int
			for i, c := range order {
				n, _ := strconv.Atoi(m[i+1])
				switch c {
				case 'Y':
					y = n
				case 'm':
					mo = n
				case 'd':
					d = n
				}
			}
			if mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2024 {
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d values do not match %s", what, bad, format)
	}
}

// TestIngestsCleanly runs the real ingestion on the world: no row is
// rejected and the stored Person records are exactly truth.csv's.
func TestIngestsCleanly(t *testing.T) {
	dir, sum := sharedWorld(t)
	var maps []*ingest.Mapping
	for _, mf := range mappingFiles(t, dir) {
		m, err := ingest.LoadMapping(mf)
		if err != nil {
			t.Fatal(err)
		}
		maps = append(maps, m)
	}
	st, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	res, err := ingest.Run(ctx, st, maps, ingest.Options{RejectsPath: filepath.Join(t.TempDir(), "rejects.csv")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rejects != 0 {
		t.Fatalf("%d rows rejected (see %s)", res.Rejects, res.RejectsPath)
	}
	if res.Rows != sum.Records() {
		t.Errorf("ingested %d rows, generated %d records", res.Rows, sum.Records())
	}
	truth := map[string]bool{}
	for _, row := range readCSV(t, filepath.Join(dir, "truth.csv"), ',')[1:] {
		truth[row[0]] = true
	}
	stored := 0
	err = st.ScanRecords(ctx, func(ri store.RecordInfo) error {
		if ri.Schema != "Person" {
			return nil
		}
		stored++
		if !truth[ri.ID] {
			t.Errorf("stored Person record %s is not in truth.csv", ri.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stored != len(truth) {
		t.Errorf("%d Person records stored, truth.csv has %d", stored, len(truth))
	}
}
