package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// row is one source record: a CSV line or a JSON object, with the line it
// starts on. get returns the values of a column (JSON arrays give several).
type row struct {
	line   int
	fields []string       // CSV: values by column index
	obj    map[string]any // JSON: the decoded object
	cols   map[string]int // CSV: column index by name
	bad    string         // non-empty: the row is malformed, with why
	flat   map[string][]string
}

func (r *row) get(col string) []string {
	if r.cols != nil {
		i, ok := r.cols[col]
		if !ok || i >= len(r.fields) {
			return nil
		}
		v := strings.TrimSpace(r.fields[i])
		if v == "" {
			return nil
		}
		return []string{v}
	}
	if r.flat == nil {
		r.flat = map[string][]string{}
	}
	if v, ok := r.flat[col]; ok {
		return v
	}
	v := jsonValues(lookupPath(r.obj, col))
	r.flat[col] = v
	return v
}

// one returns the first value of a column, without the slice get builds
// (mapping asks for single CSV values millions of times).
func (r *row) one(col string) (string, bool) {
	if r.cols != nil {
		i, ok := r.cols[col]
		if !ok || i >= len(r.fields) {
			return "", false
		}
		v := strings.TrimSpace(r.fields[i])
		return v, v != ""
	}
	if v := r.get(col); len(v) > 0 {
		return v[0], true
	}
	return "", false
}

// joined returns a column's values joined by sep ("" when it has none).
func (r *row) joined(col, sep string) string {
	if r.cols != nil {
		v, _ := r.one(col)
		return v
	}
	return strings.Join(r.get(col), sep)
}

// lookupPath follows a dotted path through nested objects; a path segment
// applied to an array maps over its elements.
func lookupPath(v any, path string) any {
	if m, ok := v.(map[string]any); ok {
		if x, ok := m[path]; ok {
			return x
		}
	}
	head, rest, more := strings.Cut(path, ".")
	switch x := v.(type) {
	case map[string]any:
		child, ok := x[head]
		if !ok {
			return nil
		}
		if !more {
			return child
		}
		return lookupPath(child, rest)
	case []any:
		var out []any
		for _, el := range x {
			if r := lookupPath(el, path); r != nil {
				out = append(out, r)
			}
		}
		return out
	}
	return nil
}

func jsonValues(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		x = strings.TrimSpace(x)
		if x == "" {
			return nil
		}
		return []string{x}
	case json.Number:
		return []string{x.String()}
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case bool:
		return []string{strconv.FormatBool(x)}
	case []any:
		var out []string
		for _, el := range x {
			out = append(out, jsonValues(el)...)
		}
		return out
	}
	// Objects are not values: mapping them is a mapping mistake, not data.
	return nil
}

// source reads the rows of one query's file.
type source interface {
	// next returns the next row, or io.EOF.
	next() (*row, error)
	// header lists the columns available (CSV: the header; JSON: keys seen
	// in the first records, for validation only).
	header() []string
	close() error
}

// countingReader counts bytes for progress.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

func openSource(q *Query, read *int64) (source, error) {
	f, err := os.Open(q.Path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot open: %w", q.Path, err)
	}
	var r io.Reader = countingReader{r: f, n: read}
	if q.Latin1 {
		r = charmap.ISO8859_1.NewDecoder().Reader(r)
	}
	br := bufio.NewReaderSize(r, 1<<20)
	var s source
	switch q.Kind {
	case SourceCSV:
		s, err = newCSVSource(f, br, q)
	case SourceJSONL:
		s, err = newJSONLSource(f, br, q)
	case SourceJSON:
		s, err = newJSONSource(f, br, q)
	default:
		err = fmt.Errorf("unknown source kind %q", q.Kind)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

type csvSource struct {
	f    *os.File
	r    *csv.Reader
	cols map[string]int
	hdr  []string
	path string
}

func newCSVSource(f *os.File, br *bufio.Reader, q *Query) (*csvSource, error) {
	// A UTF-8 byte order mark would stick to the first column's name.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.Comma = q.Comma
	r.ReuseRecord = true
	hdr, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file (no header row)", q.Path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", q.Path, err)
	}
	s := &csvSource{f: f, r: r, cols: map[string]int{}, path: q.Path}
	for i, h := range hdr {
		h = strings.TrimSpace(h)
		if !utf8.ValidString(h) {
			return nil, fmt.Errorf("%s:1: header column %d is not valid UTF-8 (set encoding: latin-1?)", q.Path, i+1)
		}
		s.hdr = append(s.hdr, h)
		if _, dup := s.cols[h]; !dup {
			s.cols[h] = i
		}
	}
	// Every record must have the header's width.
	r.FieldsPerRecord = len(hdr)
	return s, nil
}

func (s *csvSource) header() []string { return s.hdr }
func (s *csvSource) close() error     { return s.f.Close() }

func (s *csvSource) next() (*row, error) {
	rec, err := s.r.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	rw := &row{cols: s.cols}
	if len(rec) > 0 {
		rw.line, _ = s.r.FieldPos(0)
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rw.line = pe.StartLine
			if errors.Is(err, csv.ErrFieldCount) {
				rw.bad = fmt.Sprintf("wrong number of columns: %d, header has %d", len(rec), len(s.hdr))
			} else {
				rw.bad = fmt.Sprintf("malformed CSV: %v", pe.Err)
			}
			return rw, nil
		}
		return nil, fmt.Errorf("%s: %w", s.path, err)
	}
	rw.fields = make([]string, len(rec))
	for i, v := range rec {
		if !utf8.ValidString(v) {
			rw.bad = fmt.Sprintf("column %s: invalid UTF-8 (wrong encoding?)", s.hdr[i])
			return rw, nil
		}
		rw.fields[i] = v
	}
	return rw, nil
}

type jsonlSource struct {
	f    *os.File
	sc   *bufio.Scanner
	line int
	hdr  []string
	peek []*row
	path string
}

func newJSONLSource(f *os.File, br *bufio.Reader, q *Query) (*jsonlSource, error) {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	s := &jsonlSource{f: f, sc: sc, path: q.Path}
	// Peek at the first records to learn the available keys for validation.
	keys := map[string]bool{}
	for len(s.peek) < 50 {
		r, err := s.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		s.peek = append(s.peek, r)
		collectKeys(r.obj, "", keys)
	}
	for k := range keys {
		s.hdr = append(s.hdr, k)
	}
	sort.Strings(s.hdr)
	return s, nil
}

// collectKeys lists top-level and dotted nested keys of an object.
func collectKeys(v any, prefix string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			out[prefix+k] = true
			collectKeys(c, prefix+k+".", out)
		}
	case []any:
		for _, el := range x {
			collectKeys(el, prefix, out)
		}
	}
}

func (s *jsonlSource) read() (*row, error) {
	for s.sc.Scan() {
		s.line++
		b := bytes.TrimSpace(s.sc.Bytes())
		if len(b) == 0 {
			continue
		}
		rw := &row{line: s.line}
		if !utf8.Valid(b) {
			rw.bad = "invalid UTF-8 (wrong encoding?)"
			return rw, nil
		}
		var obj map[string]any
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		if err := d.Decode(&obj); err != nil {
			rw.bad = fmt.Sprintf("not a JSON object: %v", err)
			return rw, nil
		}
		rw.obj = obj
		return rw, nil
	}
	if err := s.sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", s.path, s.line+1, err)
	}
	return nil, io.EOF
}

func (s *jsonlSource) next() (*row, error) {
	if len(s.peek) > 0 {
		r := s.peek[0]
		s.peek = s.peek[1:]
		return r, nil
	}
	return s.read()
}
func (s *jsonlSource) header() []string { return s.hdr }
func (s *jsonlSource) close() error     { return s.f.Close() }

// jsonSource reads the array at json_path of one JSON document, e.g. the
// INTERPOL notices list (_embedded.notices).
type jsonSource struct {
	rows []*row
	hdr  []string
	i    int
	f    *os.File
}

func newJSONSource(f *os.File, br *bufio.Reader, q *Query) (*jsonSource, error) {
	data, err := io.ReadAll(br)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q.Path, err)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not valid UTF-8", q.Path)
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	// Walk tokens to the array at json_path so each element's line is known.
	path := []string{}
	if q.JSONPath != "" {
		path = strings.Split(q.JSONPath, ".")
	}
	if err := seekPath(d, path); err != nil {
		line := lineAt(data, d.InputOffset())
		return nil, fmt.Errorf("%s:%d: json_path %q: %v", q.Path, line, q.JSONPath, err)
	}
	s := &jsonSource{f: f}
	keys := map[string]bool{}
	for d.More() {
		off := d.InputOffset()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", q.Path, lineAt(data, off), err)
		}
		rw := &row{line: lineAt(data, off+int64(leadingSpace(data[off:])))}
		obj, ok := v.(map[string]any)
		if !ok {
			rw.bad = "array element is not an object"
		} else {
			rw.obj = obj
			collectKeys(obj, "", keys)
		}
		s.rows = append(s.rows, rw)
	}
	for k := range keys {
		s.hdr = append(s.hdr, k)
	}
	sort.Strings(s.hdr)
	return s, nil
}

func leadingSpace(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\n' || b[n] == '\r' || b[n] == '\t' || b[n] == ',') {
		n++
	}
	return n
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// seekPath advances the decoder into the array found at path.
func seekPath(d *json.Decoder, path []string) error {
	tok, err := d.Token()
	if err != nil {
		return err
	}
	if len(path) == 0 {
		if delim, ok := tok.(json.Delim); ok && delim == '[' {
			return nil
		}
		return errors.New("document is not an array (set json_path)")
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return fmt.Errorf("expected an object holding %q", path[0])
	}
	for d.More() {
		kt, err := d.Token()
		if err != nil {
			return err
		}
		if k, _ := kt.(string); k == path[0] {
			return seekPath(d, path[1:])
		}
		var skip json.RawMessage
		if err := d.Decode(&skip); err != nil {
			return err
		}
	}
	return fmt.Errorf("key %q not found", path[0])
}

func (s *jsonSource) next() (*row, error) {
	if s.i >= len(s.rows) {
		return nil, io.EOF
	}
	s.i++
	return s.rows[s.i-1], nil
}
func (s *jsonSource) header() []string { return s.hdr }
func (s *jsonSource) close() error     { return s.f.Close() }
