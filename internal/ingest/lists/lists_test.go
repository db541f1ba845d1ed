package lists

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
)

// sharedData returns ../shared/data beside the repository, or skips.
func sharedData(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s absent: %v", rel, err)
	}
	return p
}

// checkList validates every entity and checks the invariants every
// importer promises: unique ids, references to entities in the list,
// countries that the model knows, FtM dates.
func checkList(t *testing.T, l *List) {
	t.Helper()
	ids := map[string]bool{}
	for _, e := range l.Entities {
		if err := e.Validate(); err != nil {
			t.Fatalf("invalid entity: %v", err)
		}
		if ids[e.ID] {
			t.Fatalf("duplicate id %s", e.ID)
		}
		ids[e.ID] = true
	}
	for _, e := range l.Entities {
		s := model.SchemaByName(e.Schema)
		for prop, vals := range e.Properties {
			p := s.Prop(prop)
			if len(vals) == 0 {
				t.Errorf("%s: empty %s", e.ID, prop)
			}
			for _, v := range vals {
				if v == "" || strings.TrimSpace(v) != v {
					t.Errorf("%s.%s: untrimmed value %q", e.ID, prop, v)
				}
				switch p.Type {
				case model.TypeEntity:
					if l.Format != FormatFtM && !ids[v] {
						t.Errorf("%s.%s points at %s, not in the list", e.ID, prop, v)
					}
				case model.TypeCountry:
					if model.CountryName(v) == "" {
						t.Errorf("%s.%s: %q is no country code", e.ID, prop, v)
					}
				case model.TypeDate:
					if l.Format != FormatFtM && fdate(v) != v {
						t.Errorf("%s.%s: %q is not an FtM date", e.ID, prop, v)
					}
				}
			}
		}
	}
}

func byID(l *List, id string) *model.Entity {
	for _, e := range l.Entities {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// related returns the entities of a schema that point at id.
func related(l *List, schema, id string) []*model.Entity {
	var out []*model.Entity
	for _, e := range l.Entities {
		if e.Schema != schema {
			continue
		}
		for _, p := range [...]string{"entity", "holder"} {
			if e.First(p) == id {
				out = append(out, e)
			}
		}
	}
	return out
}

func wantProp(t *testing.T, e *model.Entity, prop string, want ...string) {
	t.Helper()
	if e == nil {
		t.Fatalf("entity missing (wanted %s)", prop)
	}
	got := e.Get(prop)
	for _, w := range want {
		found := false
		for _, g := range got {
			if g == w {
				found = true
			}
		}
		if !found {
			t.Errorf("%s.%s = %q, want it to contain %q", e.ID, prop, got, w)
		}
	}
	if len(want) == 0 && len(got) > 0 {
		t.Errorf("%s.%s = %q, want none", e.ID, prop, got)
	}
}

// wantParseError checks that err locates the problem.
func wantParseError(t *testing.T, err error, file string, line int, contains string) {
	t.Helper()
	if err == nil {
		t.Fatalf("malformed input accepted (want error containing %q)", contains)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a *ParseError", err)
	}
	if pe.File != file {
		t.Errorf("error names file %q, want %q (%v)", pe.File, file, err)
	}
	if line > 0 && pe.Line != line {
		t.Errorf("error names line %d, want %d (%v)", pe.Line, line, err)
	}
	if !strings.Contains(err.Error(), contains) {
		t.Errorf("error %q does not mention %q", err, contains)
	}
}

func TestListID(t *testing.T) {
	cases := []struct{ id, want string }{
		{"un-sc-6907993", "6907993"},
		{"un-sc-6907993-sanction-0123456789ab", "6907993"},
		{"ofac-306", "306"},
		{"ofac-306-passport-0123456789ab", "306"},
		{"eu-fsf-13", "13"},
		{"interpol-red-2021-75051", "2021/75051"},
		{"interpol-red-2021-75051-notice-0123456789ab", "2021/75051"},
		{"NK-2GdmHtZTeNXjNVrBGEXZNj", "NK-2GdmHtZTeNXjNVrBGEXZNj"},
		{"ofac-abc", "ofac-abc"},
		{"ofac-12x", "ofac-12x"},
		{"interpol-red-21-5", "interpol-red-21-5"},
	}
	for _, c := range cases {
		if got := ListID(&model.Entity{ID: c.id}); got != c.want {
			t.Errorf("ListID(%q) = %q, want %q", c.id, got, c.want)
		}
	}
	if ListID(nil) != "" {
		t.Error("ListID(nil) not empty")
	}
}

func TestFdate(t *testing.T) {
	cases := map[string]string{
		"2012-12-31": "2012-12-31", "2012-12-31T00:00:00": "2012-12-31", "1979/01/17": "1979-01-17",
		"1979": "1979", "10 Jan 1960": "1960-01-10", "Jan 1960": "1960-01", "Nov. 1973": "1973-11",
		"January 10, 1960": "1960-01-10", "17.01.1979": "1979-01-17", "1979-02": "1979-02",
		"1960.": "1960", "2019-02-29": "", "31 Feb 1960": "", "1960-13-01": "", "circa 1951": "",
		"": "", "abc": "", "10 1960": "", "0999": "", "12345": "", "2000-02-29": "2000-02-29",
	}
	for in, want := range cases {
		if got := fdate(in); got != want {
			t.Errorf("fdate(%q) = %q, want %q", in, got, want)
		}
	}
	if got := yearRange("1960", "1962"); strings.Join(got, ",") != "1960,1961,1962" {
		t.Errorf("yearRange = %v", got)
	}
	if yearRange("1900", "1990") != nil || yearRange("1962", "1960") != nil {
		t.Error("yearRange kept a span too wide or reversed")
	}
}

func newTestEntity(schema string) *model.Entity { return model.NewEntity(schema, "ofac-1") }
