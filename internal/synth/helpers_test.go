package synth

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/mosaichq/mosaic/internal/model"
)

// Worlds shared between tests live under one temporary root.
var (
	tmpOnce sync.Once
	tmpRoot string
)

func sharedTmp(t testing.TB) string {
	t.Helper()
	tmpOnce.Do(func() {
		var err error
		if tmpRoot, err = os.MkdirTemp("", "synth-test-"); err != nil {
			t.Fatal(err)
		}
	})
	return tmpRoot
}

// A shared small world: most tests only read it.
var (
	sharedOnce sync.Once
	sharedDir  string
	sharedSum  *Summary
	sharedErr  error
)

const sharedPeople = 3000

func sharedWorld(t testing.TB) (string, *Summary) {
	t.Helper()
	sharedOnce.Do(func() {
		sharedDir = filepath.Join(sharedTmp(t), "shared")
		sharedSum, sharedErr = Generate(context.Background(), Options{Out: sharedDir, People: sharedPeople, Seed: 7})
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedDir, sharedSum
}

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

func recordID(dataset, keyLiteral string, vals []string) string {
	return model.RecordID(dataset, model.EntityKey(dataset, keyLiteral, vals))
}

// ---- a mapping reader written for the tests, independent of ingest ------

type tProp struct {
	Column  string   `yaml:"column"`
	Columns []string `yaml:"columns"`
	Join    string   `yaml:"join"`
	Literal string   `yaml:"literal"`
	Entity  string   `yaml:"entity"`
	Format  string   `yaml:"format"`
}

type tEntity struct {
	Schema     string           `yaml:"schema"`
	Keys       []string         `yaml:"keys"`
	KeyLiteral string           `yaml:"key_literal"`
	Properties map[string]tProp `yaml:"properties"`
}

type tQuery struct {
	CSVURL    string             `yaml:"csv_url"`
	JSONLURL  string             `yaml:"jsonl_url"`
	JSONURL   string             `yaml:"json_url"`
	JSONPath  string             `yaml:"json_path"`
	Delimiter string             `yaml:"delimiter"`
	Entities  map[string]tEntity `yaml:"entities"`
}

type tDataset struct {
	Label       string   `yaml:"label"`
	Reliability string   `yaml:"reliability"`
	Credibility string   `yaml:"credibility"`
	Category    string   `yaml:"category"`
	Region      string   `yaml:"region"`
	Queries     []tQuery `yaml:"queries"`
}

// readMapping parses a mapping strictly: an unknown key is an error.
func readMapping(t testing.TB, path string) map[string]tDataset {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var m map[string]tDataset
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// tRow gives a record's values by column or dotted JSON path.
type tRow func(col string) []string

// readRows returns a query's header (CSV) or observed keys (JSON) and rows.
func readRows(t testing.TB, dir string, q tQuery) (header map[string]bool, rows []tRow) {
	t.Helper()
	header = map[string]bool{}
	switch {
	case q.CSVURL != "":
		f, err := os.Open(filepath.Join(dir, q.CSVURL))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cr := csv.NewReader(f)
		if q.Delimiter != "" {
			cr.Comma = []rune(q.Delimiter)[0]
		}
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", q.CSVURL, err)
		}
		idx := map[string]int{}
		for i, h := range recs[0] {
			header[h] = true
			idx[h] = i
		}
		for _, rec := range recs[1:] {
			rec := rec
			rows = append(rows, func(col string) []string {
				i, ok := idx[col]
				if !ok {
					return nil
				}
				v := strings.TrimSpace(rec[i])
				if v == "" {
					return nil
				}
				return []string{v}
			})
		}
	case q.JSONLURL != "":
		data, err := os.ReadFile(filepath.Join(dir, q.JSONLURL))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(bytes.TrimSpace(data), []byte{'\n'}) {
			var obj map[string]any
			if err := json.Unmarshal(line, &obj); err != nil {
				t.Fatalf("%s: %v", q.JSONLURL, err)
			}
			collect(obj, "", header)
			rows = append(rows, objRow(obj))
		}
	case q.JSONURL != "":
		data, err := os.ReadFile(filepath.Join(dir, q.JSONURL))
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		arr, ok := lookup(doc, q.JSONPath).([]any)
		if !ok {
			t.Fatalf("%s: %s is not an array", q.JSONURL, q.JSONPath)
		}
		for _, el := range arr {
			obj := el.(map[string]any)
			collect(obj, "", header)
			rows = append(rows, objRow(obj))
		}
	default:
		t.Fatal("query without a source")
	}
	return header, rows
}

func collect(v any, prefix string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			out[prefix+k] = true
			collect(c, prefix+k+".", out)
		}
	case []any:
		for _, el := range x {
			collect(el, prefix, out)
		}
	}
}

func lookup(v any, path string) any {
	if path == "" {
		return v
	}
	head, rest, more := strings.Cut(path, ".")
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if !more {
		return m[head]
	}
	return lookup(m[head], rest)
}

func objRow(obj map[string]any) tRow {
	return func(col string) []string {
		var out []string
		var add func(v any)
		add = func(v any) {
			switch x := v.(type) {
			case string:
				if s := strings.TrimSpace(x); s != "" {
					out = append(out, s)
				}
			case []any:
				for _, e := range x {
					add(e)
				}
			case nil:
			default:
				b, _ := json.Marshal(x)
				out = append(out, string(b))
			}
		}
		add(lookup(obj, col))
		return out
	}
}

// readCSV reads a whole small CSV file.
func readCSV(t testing.TB, path string, comma rune) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

func mappingFiles(t testing.TB, dir string) []string {
	t.Helper()
	ms, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ms)
	return ms
}

// repoRoot walks up from the test's directory to go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}
