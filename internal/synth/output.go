package synth

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/mosaichq/mosaic/internal/model"
)

// table writes one delimited file. Fields are quoted only when they must
// be (delimiter, quote, line break, or surrounding space), in the RFC 4180
// way encoding/csv reads back.
type table struct {
	f     *os.File
	w     *bufio.Writer
	delim byte
	col   int
	rows  int
}

func createTable(path string, delim byte, header ...string) (*table, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	t := newTable(f, delim, header...)
	t.f = f
	return t, nil
}

// newTable writes a table to w (the caller closes w).
func newTable(w io.Writer, delim byte, header ...string) *table {
	t := &table{w: bufio.NewWriterSize(w, 1<<20), delim: delim}
	for _, h := range header {
		t.field(h)
	}
	t.w.WriteByte('\n')
	t.col = 0
	return t
}

func (t *table) field(s string) {
	if t.col > 0 {
		t.w.WriteByte(t.delim)
	}
	t.col++
	if needsQuote(s, t.delim) {
		t.w.WriteByte('"')
		for i := 0; i < len(s); i++ {
			if s[i] == '"' {
				t.w.WriteByte('"')
			}
			t.w.WriteByte(s[i])
		}
		t.w.WriteByte('"')
		return
	}
	t.w.WriteString(s)
}

func needsQuote(s string, delim byte) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '\t' {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case delim, '"', '\n', '\r':
			return true
		}
	}
	return false
}

func (t *table) end() {
	t.w.WriteByte('\n')
	t.col = 0
	t.rows++
}

func (t *table) close() error {
	err := t.w.Flush()
	if t.f != nil {
		if cerr := t.f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// emitter carries what one source needs while it writes: its random stream,
// the shared progress counter, and its share of truth.csv and mentions.csv.
type emitter struct {
	ctx      context.Context
	dir      string
	dataset  string
	r        *rng
	progress *atomic.Int64
	truth    *bufio.Writer // rows of truth.csv, to a part file joined at the end
	truthF   *os.File
	mentions bytes.Buffer
	persons  int
	records  int
	pending  int
}

// person records a Person record for truth.csv: its id as ingestion makes
// it from the dataset, the mapping's key_literal and the key columns' values
// (in the mapping's key order, exactly as written).
func (e *emitter) person(keyLiteral string, who int32, keys ...string) {
	e.truth.WriteString(model.RecordID(e.dataset, model.EntityKey(e.dataset, keyLiteral, keys)))
	e.truth.WriteByte(',')
	e.truth.WriteString(personID(who))
	e.truth.WriteByte('\n')
	e.persons++
}

func (e *emitter) mention(keyLiteral string, who int32, keys ...string) {
	e.mentions.WriteString(model.RecordID(e.dataset, model.EntityKey(e.dataset, keyLiteral, keys)))
	e.mentions.WriteByte(',')
	e.mentions.WriteString(personID(who))
	e.mentions.WriteByte('\n')
}

// row counts one written record and checks for cancellation now and then.
func (e *emitter) row() error {
	e.records++
	e.pending++
	if e.pending >= 4096 {
		e.progress.Add(int64(e.pending))
		e.pending = 0
		if err := e.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (e *emitter) flush() {
	e.progress.Add(int64(e.pending))
	e.pending = 0
}

// openTruth starts the emitter's part of truth.csv.
func (e *emitter) openTruth() error {
	f, err := os.Create(e.path(".truth-" + e.dataset + ".part"))
	if err != nil {
		return err
	}
	e.truthF = f
	e.truth = bufio.NewWriterSize(f, 1<<20)
	return nil
}

// closeTruth flushes the part and rewinds it for joining.
func (e *emitter) closeTruth() error {
	if err := e.truth.Flush(); err != nil {
		return err
	}
	_, err := e.truthF.Seek(0, 0)
	return err
}

func (e *emitter) removeTruth() {
	if e.truthF != nil {
		e.truthF.Close()
		os.Remove(e.truthF.Name())
	}
}

func (e *emitter) path(name string) string { return filepath.Join(e.dir, name) }

// writeFile writes a small file in one go.
func writeFile(path, content string) error {
	return os.WriteFile(path, []byte(content), 0o644)
}

// oneOf returns a with probability p, else b.
func oneOf(r *rng, p float64, a, b string) string {
	if r.chance(p) {
		return a
	}
	return b
}

// withTitle prefixes an honorific the way forms and clerks add them.
func withTitle(name string, c *culture, gender uint8, r *rng, extra ...string) string {
	opts := append(append([]string(nil), c.titleList...), extra...)
	t := opts[r.intn(len(opts))]
	switch t {
	case "Mrs", "Ms", "Mevr.", "Mme", "Mlle", "Sra.", "Doña", "Bayan", "Pani", "Hajiya", "Smt.":
		if gender == 0 {
			t = "Mr"
		}
	case "Mr", "Dhr.", "M.", "Sr.", "Don", "Bay", "Pan", "Shri", "Sir", "Sheikh", "Haji", "Hajji", "Hacı",
		"Alhaji", "Mallam", "Sayyid", "Syed", "Agha", "Chief", "Nana":
		if gender == 1 {
			t = "Ms"
		}
	}
	return t + " " + name
}

// nameCase applies a source's case habit.
func nameCase(s string, upper float64, turkish bool, r *rng) string {
	if !r.chance(upper) {
		return s
	}
	if turkish {
		return upperTR(s)
	}
	return strings.ToUpper(s)
}
