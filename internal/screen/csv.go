package screen

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// QueryColumns are the columns of a screening input file. Any may be
// missing or empty, they may come in any order, and other columns are
// ignored. gender is read and dropped: it never reaches the score.
var QueryColumns = []string{"full_name", "first_name", "middle_name", "last_name", "gender", "date_of_birth", "place_of_birth", "nationality"}

// QueryReader reads queries from a CSV file with a header row.
type QueryReader struct {
	r    *csv.Reader
	col  map[string]int
	row  int
	file string
}

// NewQueryReader reads the header and returns a reader of the data rows.
// A file without any name column is refused.
func NewQueryReader(r io.Reader, file string) (*QueryReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file, expected a header with %s", file, strings.Join(QueryColumns, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", file, err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	_, a := col["full_name"]
	_, b := col["first_name"]
	_, c := col["last_name"]
	_, d := col["name"]
	if !a && !b && !c && !d {
		return nil, fmt.Errorf("%s: header has no name column (full_name, first_name or last_name)", file)
	}
	return &QueryReader{r: cr, col: col, file: file}, nil
}

// Next returns the next query and its 1-based data row number; io.EOF at
// the end. A malformed line is an error naming the line.
func (qr *QueryReader) Next() (Query, int, error) {
	rec, err := qr.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return Query{}, 0, io.EOF
		}
		return Query{}, 0, fmt.Errorf("%s: %w", qr.file, err)
	}
	qr.row++
	get := func(name string) string {
		if i, ok := qr.col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	q := Query{Schema: "Person"}
	full := get("full_name")
	if full == "" {
		full = get("name")
	}
	if full != "" {
		q.Names = []string{full}
	}
	q.Parts.First, q.Parts.Middle, q.Parts.Last = get("first_name"), get("middle_name"), get("last_name")
	if d := get("date_of_birth"); d != "" {
		q.BirthDates = []string{d}
	}
	if n := get("nationality"); n != "" {
		for _, part := range strings.Split(n, ";") {
			if part = strings.TrimSpace(part); part != "" {
				q.Countries = append(q.Countries, part)
			}
		}
	}
	for _, c := range []string{"passport_number", "id_number"} {
		if v := get(c); v != "" {
			q.Identifiers = append(q.Identifiers, v)
		}
	}
	if s := get("schema"); s != "" {
		q.Schema = s
	}
	return q, qr.row, nil
}

// Pair is one row of a name-pair file.
type Pair struct {
	Name1, Name2, Schema string
	Row                  []string // the row as read, for writing it back with the score
}

// ReadPairs reads a CSV of name1,name2[,schema] with a header row. Other
// columns are kept in Row.
func ReadPairs(r io.Reader, file string) (header []string, pairs []Pair, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%s: empty file, expected a header name1,name2[,schema]", file)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: header: %w", file, err)
	}
	i1, i2, is := -1, -1, -1
	for i, h := range head {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "name1":
			i1 = i
		case "name2":
			i2 = i
		case "schema":
			is = i
		}
	}
	if i1 < 0 || i2 < 0 {
		return nil, nil, fmt.Errorf("%s: header needs name1 and name2 columns", file)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", file, err)
		}
		p := Pair{Row: rec}
		if i1 < len(rec) {
			p.Name1 = rec[i1]
		}
		if i2 < len(rec) {
			p.Name2 = rec[i2]
		}
		if is >= 0 && is < len(rec) {
			p.Schema = strings.TrimSpace(rec[is])
		}
		pairs = append(pairs, p)
	}
	return head, pairs, nil
}
