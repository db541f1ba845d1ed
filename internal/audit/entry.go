package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Kinds of entry. Kind is free text to the log; these are the ones Mosaic
// writes.
const (
	KindHTTP      = "http"      // an API request
	KindCLI       = "cli"       // a command-line read or change made with a purpose
	KindRetention = "retention" // an erasure because a review date passed
	KindAdmin     = "admin"     // user administration
	KindRecovery  = "recovery"  // the file log removed a torn tail left by a crash
)

// Entry is one consultation or change. Append fills Seq, Prev and Hash (and
// At when zero); the caller fills the rest.
type Entry struct {
	Seq     int64     `json:"seq"`
	At      time.Time `json:"at"` // UTC, microsecond precision (PostgreSQL's)
	User    string    `json:"user"`
	Role    string    `json:"role,omitempty"`
	Purpose string    `json:"purpose,omitempty"` // case id or reason the caller gave
	Kind    string    `json:"kind"`
	Method  string    `json:"method,omitempty"` // HTTP method
	Route   string    `json:"route,omitempty"`  // route pattern, e.g. GET /api/v1/entities/{id}
	// Params are the request's parameters after SanitizeParams: never a
	// token or an Authorization header.
	Params map[string]string `json:"params,omitempty"`
	Status int               `json:"status,omitempty"` // HTTP status; 0 outside HTTP
	// Entities and Records are the canonical entity ids and record ids the
	// request returned or changed.
	Entities []string `json:"entities,omitempty"`
	Records  []string `json:"records,omitempty"`
	Note     string   `json:"note,omitempty"`
	Prev     string   `json:"prev"` // Hash of the previous entry; Genesis for the first
	Hash     string   `json:"hash"` // SHA-256 of the canonical encoding, hex
}

// Genesis is the Prev of the first entry of every log.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// encodingTag starts every canonical encoding, so that a hash of this
// version can never equal a hash of a later encoding of the same fields.
const encodingTag = "mosaic-audit/1\n"

// canonical is the byte string an entry's hash covers: a version tag, then
// every field but Hash in a fixed order, integers as fixed-width big-endian,
// strings and lists length-prefixed (so no two different entries encode
// alike, whatever bytes their strings hold), params sorted by key.
func canonical(e *Entry) []byte {
	b := make([]byte, 0, 256)
	b = append(b, encodingTag...)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Seq))
	b = binary.BigEndian.AppendUint64(b, uint64(e.At.UnixMicro()))
	for _, s := range [...]string{e.User, e.Role, e.Purpose, e.Kind, e.Method, e.Route} {
		b = appendStr(b, s)
	}
	keys := make([]string, 0, len(e.Params))
	for k := range e.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = binary.BigEndian.AppendUint32(b, uint32(len(keys)))
	for _, k := range keys {
		b = appendStr(b, k)
		b = appendStr(b, e.Params[k])
	}
	b = binary.BigEndian.AppendUint64(b, uint64(int64(e.Status)))
	for _, list := range [...][]string{e.Entities, e.Records} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(list)))
		for _, s := range list {
			b = appendStr(b, s)
		}
	}
	b = appendStr(b, e.Note)
	return appendStr(b, e.Prev)
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// ComputeHash returns the hash an entry must carry: SHA-256 over its
// canonical encoding, which includes Prev and so chains it to the entry
// before.
func ComputeHash(e *Entry) string {
	sum := sha256.Sum256(canonical(e))
	return hex.EncodeToString(sum[:])
}

// prepare makes an entry storable: times in UTC at microsecond precision,
// text valid UTF-8 without NUL (PostgreSQL text refuses NUL; JSON would
// rewrite invalid UTF-8 and break the hash), empty lists as nil. It works
// on copies of Params, Entities and Records so the caller's stay untouched.
func prepare(e *Entry, now time.Time) error {
	if strings.TrimSpace(e.Kind) == "" {
		return errors.New("audit: entry without a kind")
	}
	if e.At.IsZero() {
		e.At = now
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if y := e.At.Year(); y < 1970 || y > 9999 {
		return fmt.Errorf("audit: entry time %v out of range", e.At)
	}
	for _, s := range [...]*string{&e.User, &e.Role, &e.Purpose, &e.Kind, &e.Method, &e.Route, &e.Note} {
		*s = clean(*s)
	}
	if len(e.Params) == 0 {
		e.Params = nil
	} else {
		p := make(map[string]string, len(e.Params))
		for k, v := range e.Params {
			p[clean(k)] = clean(v)
		}
		e.Params = p
	}
	e.Entities = cleanList(e.Entities)
	e.Records = cleanList(e.Records)
	return nil
}

func clean(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

func cleanList(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = clean(s)
	}
	return out
}

// marshalLine is the one way an entry is written as JSON (file lines and
// exports): encoding/json over Entry is deterministic (fields in order,
// map keys sorted), which lets parseLine insist on byte equality.
func marshalLine(e *Entry) ([]byte, error) {
	return json.Marshal(e)
}

// parseLine reads one line of a file log (without its newline). Besides
// decoding, it requires the line to be exactly what marshalLine would write
// for the entry it holds: encoding/json ignores unknown keys and matches key
// names without regard to case, so without this check some altered bytes
// (a renamed key, a key in another case, extra spaces) would decode to the
// same entry and pass the hash check unseen.
func parseLine(line []byte) (Entry, error) {
	var e Entry
	if err := json.Unmarshal(line, &e); err != nil {
		return Entry{}, fmt.Errorf("not a JSON entry: %v", err)
	}
	// The hash covers the instant in microseconds; a zone other than Z or
	// digits below the microsecond would be bytes it does not cover.
	if e.At.Location() != time.UTC || !e.At.Equal(e.At.Truncate(time.Microsecond)) {
		return e, errNotCanonical
	}
	again, err := marshalLine(&e)
	if err != nil {
		return Entry{}, fmt.Errorf("entry cannot be re-encoded: %v", err)
	}
	if !bytes.Equal(again, line) {
		return e, errNotCanonical
	}
	return e, nil
}

var errNotCanonical = errors.New("line differs from the canonical encoding of the entry it holds (bytes altered)")

func validHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
