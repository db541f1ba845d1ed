package lists

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
)

func TestReadFtMSample(t *testing.T) {
	l, err := LoadFtM("testdata/ftm_sample.ftm.json")
	if err != nil {
		t.Fatal(err)
	}
	checkList(t, l)
	if l.Name != "ftm_sample" || l.Format != FormatFtM {
		t.Errorf("list %q %q", l.Name, l.Format)
	}
	if c := l.Counts(); c["Person"] != 2 || c["Organization"] != 1 || c["Sanction"] != 1 {
		t.Errorf("counts %v", c)
	}
	p := byID(l, "syn-p1")
	if strings.Join(p.Referents, ",") != "src-a-1,src-b-9" || p.Datasets[0] != "synthetic" || p.FirstSeen != "2023-01-01T00:00:00" || p.Caption != "Ilse Vantroe" {
		t.Errorf("metadata lost: %+v", p)
	}
	wantProp(t, p, "nationality", "be")
	if ListID(p) != "syn-p1" {
		t.Errorf("ListID %q", ListID(p))
	}
	wantProp(t, byID(l, "syn-p2"), "name", "Joris Example") // from a delta line
	if got := byID(l, "syn-o1").Datasets; len(got) != 1 || got[0] != "ftm_sample" {
		t.Errorf("entity without datasets got %v", got)
	}
}

func TestStreamFtM(t *testing.T) {
	f, err := os.Open("testdata/ftm_sample.ftm.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ids []string
	err = StreamFtM(f, "s.json", FtMOptions{}, func(e *model.Entity) error {
		ids = append(ids, e.ID)
		if e.ID == "syn-s1" {
			return errors.New("stop here")
		}
		return nil
	})
	if strings.Join(ids, ",") != "syn-p1,syn-o1,syn-s1" {
		t.Errorf("streamed %v", ids)
	}
	wantParseError(t, err, "s.json", 4, "stop here") // line 3 is blank
}

func TestFtMMalformed(t *testing.T) {
	ok := `{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}`
	cases := []struct {
		name, data string
		line       int
		contains   string
	}{
		{"unknown schema", ok + "\n" + `{"id": "b", "schema": "Spaceship", "properties": {}}`, 2, "unknown schema"},
		{"unknown property", ok + "\n\n" + `{"id": "b", "schema": "Person", "properties": {"warpDrive": ["x"]}}`, 3, "warpDrive"},
		{"not JSON", ok + "\nid,schema\n", 2, "invalid character"},
		{"no id", `{"schema": "Person", "properties": {}}`, 1, "without an id"},
		{"values not strings", `{"id": "a", "schema": "Person", "properties": {"name": [1]}}`, 1, "cannot unmarshal"},
		{"duplicate", ok + "\n" + ok, 2, "appears twice"},
		{"delta delete", `{"op": "DEL", "entity": {"id": "a", "schema": "Person", "properties": {}}}`, 1, "only ADD and MOD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := ReadFtM(strings.NewReader(c.data), "f.json")
			if l != nil {
				t.Error("partial list returned")
			}
			wantParseError(t, err, "f.json", c.line, c.contains)
		})
	}
}

// The shared OpenSanctions files use FtM properties the model does not
// define yet; strict reading names the first, lenient reading counts them.
func TestLoadFtMShared(t *testing.T) {
	dir := sharedData(t, "ftm")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	more, _ := filepath.Glob(filepath.Join(dir, "*.ijson"))
	for _, path := range append(files, more...) {
		l, err := Load(path)
		if err == nil {
			checkList(t, l)
			t.Logf("%s: %v", filepath.Base(path), l.Counts())
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line == 0 || !strings.Contains(pe.Element, "properties.") {
			t.Errorf("%s: error %v does not locate an unknown property", filepath.Base(path), err)
		}
		f, ferr := os.Open(path)
		if ferr != nil {
			t.Fatal(ferr)
		}
		opts := FtMOptions{DropUnknown: true, Dropped: map[string]int{}}
		counts := map[string]int{}
		serr := StreamFtM(f, filepath.Base(path), opts, func(e *model.Entity) error {
			counts[e.Schema]++
			return e.Validate()
		})
		f.Close()
		if serr != nil {
			t.Errorf("%s: lenient read failed: %v", filepath.Base(path), serr)
		}
		t.Logf("%s: strict: %v; lenient: %v, dropped %v", filepath.Base(path), err, counts, opts.Dropped)
	}
	l, err := LoadFtM(filepath.Join(dir, "t1_entities.ftm.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range l.Entities {
		if len(e.Referents) == 0 {
			t.Errorf("%s lost its referents", e.ID)
		}
	}
}

func FuzzReadFtM(f *testing.F) {
	good, _ := os.ReadFile("testdata/ftm_sample.ftm.json")
	f.Add(good)
	f.Add([]byte(`{"op":"MOD","entity":{"id":"x","schema":"Person","properties":{"name":[" "]}}}`))
	f.Add([]byte(`{"id":"x","schema":"Person","properties":null,"entity":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadFtM(bytes.NewReader(data), "fuzz")
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
