package lists

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/mosaichq/mosaic/internal/model"
)

const authorityOFAC = "Office of Foreign Assets Control"

// OFACFiles are the four files of an OFAC legacy CSV list. Only Main is
// required. Each reader gets its file name for error messages.
type OFACFiles struct {
	Dataset  string // DatasetOFACSDN or DatasetOFACCons
	Main     io.Reader
	MainName string
	Add      io.Reader // addresses
	AddName  string
	Alt      io.Reader // alternative names
	AltName  string
	Comments io.Reader // overflow of the remarks column
	CommName string
}

// ofacLayouts are the file names of the SDN list and the consolidated
// non-SDN list, which share one layout.
var ofacLayouts = []struct {
	dataset                  string
	main, add, alt, comments string
}{
	{DatasetOFACSDN, "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"},
	{DatasetOFACCons, "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"},
}

// LoadOFAC reads an OFAC list from a directory holding sdn.csv (with
// add.csv, alt.csv, sdn_comments.csv when present) or cons_prim.csv (with
// cons_add.csv, cons_alt.csv, cons_comments.csv); path may also be the
// main file itself.
func LoadOFAC(path string) (*List, error) {
	dir, base := path, ""
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.IsDir() {
		dir, base = filepath.Dir(path), filepath.Base(path)
	}
	for _, lay := range ofacLayouts {
		if base != "" && !strings.EqualFold(base, lay.main) {
			continue
		}
		main, err := os.Open(filepath.Join(dir, lay.main))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		defer main.Close()
		in := OFACFiles{Dataset: lay.dataset, Main: main, MainName: lay.main}
		for _, opt := range []struct {
			name string
			r    *io.Reader
			n    *string
		}{{lay.add, &in.Add, &in.AddName}, {lay.alt, &in.Alt, &in.AltName}, {lay.comments, &in.Comments, &in.CommName}} {
			f, err := os.Open(filepath.Join(dir, opt.name))
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			defer f.Close()
			*opt.r, *opt.n = f, opt.name
		}
		return ReadOFAC(in)
	}
	return nil, fmt.Errorf("%s: no sdn.csv or cons_prim.csv", path)
}

type ofacEntry struct {
	line    int
	fields  []string
	remarks string
	addrs   [][]string
	alts    [][]string
}

// ReadOFAC reads an OFAC legacy CSV list: no header, "-0-" for empty,
// Windows-1252 text (a superset of Latin-1, as the files are produced on
// Windows), an end-of-file ^Z byte tolerated. A syntax error or a record
// with the wrong number of fields refuses the list. An address, name or
// comment row for an entry the main file lacks is skipped with a warning:
// OFAC publishes the four files separately and they are seen out of step
// (the shared samples have comments from a later release).
func ReadOFAC(in OFACFiles) (*List, error) {
	if in.Main == nil {
		return nil, errors.New("ofac: no main file")
	}
	if in.Dataset == "" {
		in.Dataset = DatasetOFACSDN
	}
	list := &List{Name: in.Dataset, Format: FormatOFAC}
	entries := map[string]*ofacEntry{}
	var order []string
	err := readOFACFile(in.Main, in.MainName, 12, func(line int, rec []string) error {
		id := strings.TrimSpace(rec[0])
		if leadingDigits(id) != id {
			return fmt.Errorf("ent_num %q is not a number", rec[0])
		}
		if prev, dup := entries[id]; dup {
			return fmt.Errorf("ent_num %s already at line %d", id, prev.line)
		}
		if clean(rec[1]) == "" {
			return fmt.Errorf("ent_num %s has no name", id)
		}
		entries[id] = &ofacEntry{line: line, fields: append([]string(nil), rec...), remarks: ofacValue(rec[11])}
		order = append(order, id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	attach := func(r io.Reader, name string, n int, add func(*ofacEntry, []string)) error {
		if r == nil {
			return nil
		}
		return readOFACFile(r, name, n, func(line int, rec []string) error {
			e := entries[strings.TrimSpace(rec[0])]
			if e == nil {
				list.Warnings = append(list.Warnings, fmt.Sprintf("%s:%d: ent_num %s is not in %s", name, line, strings.TrimSpace(rec[0]), in.MainName))
				return nil
			}
			add(e, append([]string(nil), rec...))
			return nil
		})
	}
	if err := attach(in.Add, in.AddName, 6, func(e *ofacEntry, rec []string) { e.addrs = append(e.addrs, rec) }); err != nil {
		return nil, err
	}
	if err := attach(in.Alt, in.AltName, 5, func(e *ofacEntry, rec []string) { e.alts = append(e.alts, rec) }); err != nil {
		return nil, err
	}
	if in.Comments != nil {
		err := readOFACFile(in.Comments, in.CommName, 2, func(line int, rec []string) error {
			id := strings.TrimSpace(rec[0])
			e := entries[id]
			if e == nil {
				list.Warnings = append(list.Warnings, fmt.Sprintf("%s:%d: comment for ent_num %s, which %s does not list", in.CommName, line, id, in.MainName))
				return nil
			}
			// The comments file carries the remarks cut off at the column
			// limit, mid-word: the two halves join without a separator.
			e.remarks += ofacValue(rec[1])
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, id := range order {
		list.Entities = append(list.Entities, ofacEntities(id, entries[id])...)
	}
	return finish(list, in.MainName)
}

// readOFACFile reads one CSV file, checking the field count of each record.
func readOFACFile(r io.Reader, name string, fields int, fn func(line int, rec []string) error) error {
	cr := csv.NewReader(charmap.Windows1252.NewDecoder().Reader(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &ParseError{File: name, Line: pe.Line, Err: pe.Err}
			}
			return &ParseError{File: name, Err: err}
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.Trim(rec[0], "\x1a \t") == "" {
			continue // the ^Z end-of-file marker, or a blank line
		}
		if len(rec) != fields {
			return errorf(name, line, "", "%d fields, want %d", len(rec), fields)
		}
		if err := fn(line, rec); err != nil {
			return &ParseError{File: name, Line: line, Err: err}
		}
	}
}

// ofacValue maps the "-0-" null to "" and trims.
func ofacValue(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" || s == "-0" {
		return ""
	}
	return s
}

// ofacPersonName turns "LAST, First Middle" into its parts.
func ofacPersonName(s string) (full, first, last string) {
	s = clean(s)
	last, first, ok := strings.Cut(s, ",")
	if !ok {
		return s, "", ""
	}
	last, first = strings.TrimSpace(last), strings.TrimSpace(first)
	if first == "" {
		return last, "", last
	}
	return first + " " + last, first, last
}

func ofacEntities(id string, en *ofacEntry) []*model.Entity {
	f := en.fields
	typ := strings.ToLower(ofacValue(f[2]))
	var schema string
	switch typ {
	case "individual":
		schema = "Person"
	case "vessel":
		schema = schemaOr("Vessel", "Thing")
	case "aircraft":
		schema = schemaOr("Airplane", "Thing")
	default:
		schema = "Organization"
	}
	person := schema == "Person"
	e := model.NewEntity(schema, prefixOFAC+id)
	e.Add("topics", "sanction")
	if person {
		full, first, last := ofacPersonName(f[1])
		e.Add("name", full)
		e.Add("firstName", first)
		e.Add("lastName", last)
	} else {
		e.Add("name", clean(f[1]))
	}
	if t := ofacValue(f[4]); t != "" {
		if person {
			e.Add("position", clean(t))
		} else {
			e.Add("notes", "Title: "+clean(t))
		}
	}
	addIf(e, "callSign", "Call sign", ofacValue(f[5]))
	addIf(e, "type", "Vessel type", ofacValue(f[6]))
	addIf(e, "tonnage", "Tonnage", ofacValue(f[7]))
	addIf(e, "grossRegisteredTonnage", "Gross registered tonnage", ofacValue(f[8]))
	if flag := ofacValue(f[9]); flag != "" {
		if code, ok := model.CountryCode(flag); ok && model.SchemaByName(schema).Prop("flag") != nil {
			e.Add("flag", code)
		} else {
			e.Add("notes", "Flag: "+clean(flag))
		}
	}
	if owner := ofacValue(f[10]); owner != "" {
		e.Add("notes", "Owner: "+clean(owner))
	}
	for _, a := range en.alts {
		name := clean(ofacValue(a[3]))
		if name == "" {
			continue
		}
		if person {
			name, _, _ = ofacPersonName(name)
		}
		switch strings.ToLower(ofacValue(a[2])) {
		case "fka":
			e.Add("previousName", name)
		default: // aka, nka
			e.Add("alias", name)
		}
		if r := ofacValue(a[4]); r != "" {
			e.Add("notes", "Alias "+name+": "+clean(r))
		}
	}
	for _, a := range en.addrs {
		e.Add("address", joinNonEmpty(", ", ofacValue(a[2]), ofacValue(a[3]), ofacValue(a[4])))
		addCountry(e, "country", "Address country", ofacValue(a[4]))
		if r := ofacValue(a[5]); r != "" {
			e.Add("notes", "Address: "+clean(r))
		}
	}

	s := model.NewEntity("Sanction", "")
	s.Add("entity", e.ID)
	s.Add("authority", authorityOFAC)
	s.Add("authorityId", id)
	s.Add("country", "us")
	s.Add("program", ofacPrograms(f[3])...)
	out := []*model.Entity{e, s}
	out = append(out, parseOFACRemarks(e, s, en.remarks)...)
	s.ID = derivedID(e.ID, "sanction", s.Get("program")...)
	return uniq(out)
}

// ofacPrograms splits "[SDGT] [IFSR]" (the non-SDN file also writes bare
// "NS-PLC").
func ofacPrograms(s string) []string {
	s = ofacValue(s)
	if !strings.Contains(s, "[") {
		if s = clean(s); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '[' || r == ']' }) {
		if p = clean(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
