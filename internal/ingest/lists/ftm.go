package lists

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mosaichq/mosaic/internal/model"
)

// FtMOptions adjusts StreamFtM.
type FtMOptions struct {
	// DropUnknown skips properties the model does not define instead of
	// refusing the file; each dropped schema.property is counted in
	// Dropped. Unknown schemata are refused either way.
	DropUnknown bool
	Dropped     map[string]int
}

// ftmLine is one line of an FtM entity file, or of a delta file
// ({"op": "ADD", "entity": {...}}).
type ftmLine struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Caption    string              `json:"caption"`
	Properties map[string][]string `json:"properties"`
	Referents  []string            `json:"referents"`
	Datasets   []string            `json:"datasets"`
	FirstSeen  string              `json:"first_seen"`
	LastSeen   string              `json:"last_seen"`
	Op         string              `json:"op"`
	Entity     *ftmLine            `json:"entity"`
}

// LoadFtM reads an FtM JSON lines file; the list is named after the file.
func LoadFtM(path string) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	name := filepath.Base(path)
	for _, ext := range [...]string{".json", ".jsonl", ".ijson", ".ftm", ".delta"} {
		name = strings.TrimSuffix(name, ext)
	}
	l, err := ReadFtM(f, name)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.File = filepath.Base(path)
		}
	}
	return l, err
}

// ReadFtM reads FtM entities as JSON lines (OpenSanctions / yente style)
// into a list called name. An unknown schema or property, a line that is
// not an entity, or a repeated id refuses the whole file with an error
// naming the line.
func ReadFtM(r io.Reader, name string) (*List, error) {
	list := &List{Name: name, Format: FormatFtM}
	seen := map[string]bool{}
	err := StreamFtM(r, name, FtMOptions{}, func(e *model.Entity) error {
		if seen[e.ID] {
			return fmt.Errorf("entity %s appears twice", e.ID)
		}
		seen[e.ID] = true
		list.Entities = append(list.Entities, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return finish(list, name)
}

// StreamFtM calls fn for each entity of an FtM JSON lines stream, in order,
// without holding the file: what `mosaic ingest --ftm` uses for files too
// big to keep. Blank lines are skipped. An error from fn stops the stream
// and is returned with the line. A caller that must not half-apply a file
// collects the entities first (ReadFtM does).
func StreamFtM(r io.Reader, file string, opts FtMOptions, fn func(*model.Entity) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	for lineNo := 1; ; lineNo++ {
		raw, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return &ParseError{File: file, Line: lineNo, Err: err}
		}
		if t := bytes.TrimSpace(raw); len(t) > 0 {
			e, perr := decodeFtM(t, opts)
			if perr != nil {
				return &ParseError{File: file, Line: lineNo, Element: perr.elem, Err: perr.err}
			}
			if ferr := fn(e); ferr != nil {
				return &ParseError{File: file, Line: lineNo, Err: ferr}
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

type ftmErr struct {
	elem string
	err  error
}

func decodeFtM(b []byte, opts FtMOptions) (*model.Entity, *ftmErr) {
	var l ftmLine
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, &ftmErr{"", err}
	}
	if l.Entity != nil {
		switch strings.ToUpper(l.Op) {
		case "ADD", "MOD", "":
			l = *l.Entity
		default:
			return nil, &ftmErr{"op", fmt.Errorf("delta operation %q: only ADD and MOD lines describe entities", l.Op)}
		}
	}
	if strings.TrimSpace(l.ID) == "" {
		return nil, &ftmErr{"id", errors.New("entity without an id")}
	}
	s := model.SchemaByName(l.Schema)
	if s == nil {
		return nil, &ftmErr{"schema", fmt.Errorf("unknown schema %q", l.Schema)}
	}
	e := &model.Entity{ID: l.ID, Schema: l.Schema, Caption: l.Caption, Properties: map[string][]string{},
		Referents: l.Referents, Datasets: l.Datasets, FirstSeen: l.FirstSeen, LastSeen: l.LastSeen}
	props := make([]string, 0, len(l.Properties))
	for p := range l.Properties {
		props = append(props, p)
	}
	sort.Strings(props) // the first unknown property named is always the same
	for _, p := range props {
		if s.Prop(p) == nil {
			if opts.DropUnknown {
				if opts.Dropped != nil {
					opts.Dropped[l.Schema+"."+p]++
				}
				continue
			}
			return nil, &ftmErr{"properties." + p, fmt.Errorf("schema %s has no property %q", l.Schema, p)}
		}
		for _, v := range l.Properties[p] {
			if v = strings.TrimSpace(v); v != "" {
				e.Add(p, v)
			}
		}
	}
	return e, nil
}
