package lists

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
)

const authorityInterpol = "INTERPOL"

// interpolNotice holds the fields Mosaic imports from a Red Notice, in the
// list shape (_embedded.notices[]) or the detail shape of the public API.
//
// Deliberately absent: height, weight, eyes_colors_id, hairs_id and
// distinguishing_marks. They are not needed to identify a person by name
// and date of birth, and physical description is special-category data
// (Law Enforcement Directive Art. 10) that a screening system has no
// business holding; leaving them out of the struct means they are never
// read, not merely never stored.
type interpolNotice struct {
	EntityID         string   `json:"entity_id"`
	Forename         string   `json:"forename"`
	Name             string   `json:"name"`
	DateOfBirth      string   `json:"date_of_birth"`
	Nationalities    []string `json:"nationalities"`
	SexID            string   `json:"sex_id"`
	PlaceOfBirth     string   `json:"place_of_birth"`
	CountryOfBirthID string   `json:"country_of_birth_id"`
	Languages        []string `json:"languages_spoken_ids"`
	ArrestWarrants   []struct {
		Charge            string `json:"charge"`
		ChargeTranslation string `json:"charge_translation"`
		IssuingCountryID  string `json:"issuing_country_id"`
	} `json:"arrest_warrants"`
	Links struct {
		Self struct {
			Href string `json:"href"`
		} `json:"self"`
	} `json:"_links"`
}

type interpolPage struct {
	Embedded *struct {
		Notices []json.RawMessage `json:"notices"`
	} `json:"_embedded"`
}

var (
	reInterpolID = regexp.MustCompile(`^\d{4}/\d+$`)
	reFileDate   = regexp.MustCompile(`(\d{4}-\d{2}-\d{2})`)
)

// LoadInterpol reads a file of INTERPOL Red Notices.
func LoadInterpol(path string) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadInterpol(f, filepath.Base(path))
}

// ReadInterpol reads INTERPOL Red Notice JSON: a page of the list API
// (_embedded.notices[]), one detail object, a JSON array of details, or
// JSON lines of details. The API states no publication date; when the file
// name carries one (red_notices_list_page1_2021-12-11.json) it becomes
// Published.
func ReadInterpol(r io.Reader, file string) (*List, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &ParseError{File: file, Err: err}
	}
	list := &List{Name: DatasetInterpol, Format: FormatInterpol}
	if m := reFileDate.FindString(file); m != "" {
		if t, err := time.Parse("2006-01-02", m); err == nil {
			list.Published = t
		}
	}
	type raw struct {
		msg  json.RawMessage
		line int
		elem string
	}
	var notices []raw
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return nil, errorf(file, 0, "", "empty file")
	}
	lines := &lineCounter{data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	if trimmed[0] == '[' {
		if _, err := dec.Token(); err != nil {
			return nil, jsonError(file, data, 0, "", err)
		}
		for i := 0; dec.More(); i++ {
			start := int(dec.InputOffset())
			var m json.RawMessage
			if err := dec.Decode(&m); err != nil {
				return nil, jsonError(file, data, start, fmt.Sprintf("[%d]", i), err)
			}
			notices = append(notices, raw{m, lines.at(start + skipSep(data[start:])), fmt.Sprintf("[%d]", i)})
		}
		if _, err := dec.Token(); err != nil {
			return nil, jsonError(file, data, int(dec.InputOffset()), "", err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, errorf(file, lines.at(int(dec.InputOffset())), "", "data after the JSON array")
		}
	} else {
		for {
			start := int(dec.InputOffset())
			var m json.RawMessage
			err := dec.Decode(&m)
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, jsonError(file, data, start, "", err)
			}
			line := lines.at(start + skipSep(data[start:]))
			var page interpolPage
			if err := json.Unmarshal(m, &page); err != nil {
				return nil, errorf(file, line, "", "not a JSON object: %v", err)
			}
			if page.Embedded != nil {
				for i, n := range page.Embedded.Notices {
					// Notices are small and few per page: finding each
					// in its page is cheap and gives its line.
					notices = append(notices, raw{n, lines.at(start + offsetIn(data[start:], n)), fmt.Sprintf("_embedded.notices[%d]", i)})
				}
				continue
			}
			notices = append(notices, raw{m, line, ""})
		}
	}
	seen := map[string]int{}
	for _, n := range notices {
		var rec interpolNotice
		if err := json.Unmarshal(n.msg, &rec); err != nil {
			return nil, errorf(file, n.line, n.elem, "%v", err)
		}
		ents, err := interpolEntities(&rec)
		if err != nil {
			return nil, &ParseError{File: file, Line: n.line, Element: n.elem, Err: err}
		}
		if prev, dup := seen[ents[0].ID]; dup {
			return nil, errorf(file, n.line, n.elem, "entity_id %s already at line %d", rec.EntityID, prev)
		}
		seen[ents[0].ID] = n.line
		list.Entities = append(list.Entities, ents...)
	}
	if len(list.Entities) == 0 {
		return nil, errorf(file, 0, "", "no notices")
	}
	return finish(list, file)
}

func interpolEntities(n *interpolNotice) ([]*model.Entity, error) {
	id := strings.TrimSpace(n.EntityID)
	if !reInterpolID.MatchString(id) {
		return nil, fmt.Errorf("entity_id %q is not YEAR/NUMBER", n.EntityID)
	}
	forename, surname := clean(n.Forename), clean(n.Name)
	full := joinNonEmpty(" ", forename, surname)
	if full == "" {
		return nil, errors.New("notice without a name")
	}
	p := model.NewEntity("Person", prefixInterpol+strings.Replace(id, "/", "-", 1))
	p.Add("name", full)
	p.Add("firstName", forename)
	p.Add("lastName", surname)
	p.Add("topics", "wanted", "crime")
	if dob := strings.TrimSpace(n.DateOfBirth); dob != "" {
		d := fdate(dob)
		if d == "" {
			return nil, fmt.Errorf("date_of_birth %q is not a date", dob)
		}
		p.Add("birthDate", d)
	}
	for _, c := range n.Nationalities {
		addCountry(p, "nationality", "Nationality", c)
	}
	// Gender and languages are protected properties: they may help tell
	// two people apart but never feed a score (model.IsProtected).
	p.Add("gender", gender(n.SexID))
	for _, l := range n.Languages {
		if code := languageCode(l); code != "" {
			p.Add("spokenLanguage", code)
		}
	}
	p.Add("birthPlace", clean(n.PlaceOfBirth))
	if c, ok := model.CountryCode(n.CountryOfBirthID); ok {
		p.Add("birthCountry", c)
	}
	p.Add("sourceUrl", strings.TrimSpace(n.Links.Self.Href))

	notice := model.NewEntity("Notice", "")
	notice.Add("entity", p.ID)
	notice.Add("authority", authorityInterpol)
	notice.Add("noticeType", "red")
	notice.Add("noticeId", id)
	notice.Add("sourceUrl", p.First("sourceUrl"))
	for _, w := range n.ArrestWarrants {
		notice.Add("charge", clean(w.Charge))
		if t := clean(w.ChargeTranslation); t != "" && t != clean(w.Charge) {
			notice.Add("charge", t)
		}
		addCountry(notice, "issuingCountry", "Issuing country", w.IssuingCountryID)
	}
	notice.ID = derivedID(p.ID, "notice", id)
	return []*model.Entity{p, notice}, nil
}

// iso639B maps the bibliographic ISO 639-2 codes INTERPOL may use to the
// terminology (639-3) codes FtM uses; the rest are the same in both.
var iso639B = map[string]string{
	"alb": "sqi", "arm": "hye", "baq": "eus", "bur": "mya", "chi": "zho", "cze": "ces",
	"dut": "nld", "fre": "fra", "geo": "kat", "ger": "deu", "gre": "ell", "ice": "isl",
	"mac": "mkd", "mao": "mri", "may": "msa", "per": "fas", "rum": "ron", "slo": "slk",
	"tib": "bod", "wel": "cym",
}

func languageCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) != 3 {
		return ""
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return ""
		}
	}
	if t, ok := iso639B[s]; ok {
		return t
	}
	return s
}

// offsetIn finds where sub (a RawMessage sliced from parent by the JSON
// decoder, or an equal copy) starts inside parent.
func offsetIn(parent, sub []byte) int {
	if len(sub) == 0 {
		return 0
	}
	if i := bytes.Index(parent, sub); i >= 0 {
		return i
	}
	return 0
}

// skipSep counts the separators a decoder offset may still point at.
func skipSep(b []byte) int {
	return len(b) - len(bytes.TrimLeft(b, " \t\r\n,"))
}

// lineCounter turns increasing byte offsets into lines in one pass.
type lineCounter struct {
	data      []byte
	off, line int
}

func (c *lineCounter) at(off int) int {
	if off > len(c.data) {
		off = len(c.data)
	}
	if off < c.off || c.line == 0 {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

// lineAt returns the 1-based line of a byte offset.
func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// jsonError turns a decoder error into a ParseError with a line. A
// json.Decoder reports syntax errors at offsets from the start of the
// stream; base locates everything else.
func jsonError(file string, data []byte, base int, elem string, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return errorf(file, lineAt(data, int(se.Offset)), elem, "%v", err)
	case errors.As(err, &te):
		return errorf(file, lineAt(data, base), joinNonEmpty(".", elem, te.Field), "%v", err)
	case errors.Is(err, io.ErrUnexpectedEOF), err == io.EOF:
		return errorf(file, lineAt(data, len(data)), elem, "unexpected end of file")
	}
	return errorf(file, lineAt(data, base), elem, "%v", err)
}
