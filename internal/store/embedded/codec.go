package embedded

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
)

// Key layout. One byte of prefix per table keeps scans of one table cheap;
// record ids never contain 0x00, so it separates parts of a key.
//
//	s <record> 0x00 <id:16>     statement
//	r <record>                  record info
//	b <entity id>               record whose birth id this is
//	j <a> 0x00 <b>              judgement (a < b)
//	J <b> 0x00 <a>              reverse index of judgements
//	c <record>                  record → entity
//	e <entity> 0x00 <record>    entity → records
//	h <entity> 0x00 <seq:8>     entity history
//	d <kind> 0x00 <id>          documents
//	m <name>                    metadata (counts)
const (
	pStatement = 's'
	pRecord    = 'r'
	pBirth     = 'b'
	pJudgement = 'j'
	pJudgeRev  = 'J'
	pCluster   = 'c'
	pEntity    = 'e'
	pHistory   = 'h'
	pDoc       = 'd'
	pMeta      = 'm'
)

func stmtKey(dst []byte, record string, id []byte) []byte {
	dst = append(dst, pStatement)
	dst = append(dst, record...)
	dst = append(dst, 0)
	return append(dst, id...)
}

func stmtPrefix(record string) []byte {
	k := make([]byte, 0, len(record)+2)
	k = append(k, pStatement)
	k = append(k, record...)
	return append(k, 0)
}

func recordKey(record string) []byte {
	return append([]byte{pRecord}, record...)
}

func pairKey(prefix byte, a, b string) []byte {
	return appendPairKey(make([]byte, 0, len(a)+len(b)+2), prefix, a, b)
}

func appendPairKey(k []byte, prefix byte, a, b string) []byte {
	k = append(k, prefix)
	k = append(k, a...)
	k = append(k, 0)
	return append(k, b...)
}

func prefixOf(p byte, s string) []byte {
	k := make([]byte, 0, len(s)+2)
	k = append(k, p)
	k = append(k, s...)
	return append(k, 0)
}

// upperBound returns the smallest key greater than every key with prefix p.
func upperBound(p []byte) []byte {
	u := append([]byte(nil), p...)
	for i := len(u) - 1; i >= 0; i-- {
		if u[i] < 0xff {
			u[i]++
			return u[:i+1]
		}
	}
	return nil
}

// decodeID turns a hex statement id into its 16 raw bytes.
func decodeID(id string) ([]byte, error) {
	b, err := hex.DecodeString(id)
	if err != nil || len(b) != 16 {
		return nil, fmt.Errorf("bad statement id %q", id)
	}
	return b, nil
}

// Statement values: length-prefixed strings and varints. The record and id
// live in the key.
func encodeStatement(dst []byte, s *model.Statement) []byte {
	dst = appendStr(dst, s.Schema)
	dst = appendStr(dst, s.Prop)
	dst = appendStr(dst, s.Value)
	dst = appendStr(dst, s.Original)
	dst = appendStr(dst, s.Source)
	dst = appendStr(dst, s.Label)
	dst = append(dst, byte(s.Reliability), byte(s.Credibility), byte(s.Category), byte(s.Kind))
	dst = appendTime(dst, s.FirstSeen)
	dst = appendTime(dst, s.LastSeen)
	dst = appendTime(dst, s.ReviewAt)
	return dst
}

// appendRecordInfo appends a record-info value (schema, source, created),
// the same bytes as encodeRecordInfo without allocating.
func appendRecordInfo(dst []byte, schema, source string, created time.Time) []byte {
	dst = appendStr(dst, schema)
	dst = appendStr(dst, source)
	return appendTime(dst, created)
}

var errCorrupt = errors.New("corrupt statement value")

// decodeStatement fills s from a key and value. Strings are copied, so s
// does not alias Pebble's buffers.
func decodeStatement(s *model.Statement, key, val []byte) error {
	return decodeStatementAs(s, key, val, false)
}

// decodeStatementAs decodes a statement; a lean one leaves out its id and
// original text, two allocations per statement a full scan does not need.
func decodeStatementAs(s *model.Statement, key, val []byte, lean bool) error {
	if len(key) < 18 || key[0] != pStatement || key[len(key)-17] != 0 {
		return errCorrupt
	}
	// A scan decodes a record's statements one after another into the
	// same s: they share its record id.
	if rec := key[1 : len(key)-17]; s.Record != string(rec) {
		s.Record = string(rec)
	}
	if !lean {
		s.ID = hex.EncodeToString(key[len(key)-16:])
	}
	var ok bool
	d := decoder{b: val, ok: true}
	s.Schema = d.common()
	s.Prop = d.common()
	s.Value = d.str()
	if lean {
		d.bytes()
	} else {
		s.Original = d.str()
	}
	s.Source = d.common()
	s.Label = d.common()
	if len(d.b) < 4 {
		return errCorrupt
	}
	s.Reliability = model.Reliability(d.b[0])
	s.Credibility = model.Credibility(d.b[1])
	s.Category = model.Category(d.b[2])
	s.Kind = model.Kind(d.b[3])
	d.b = d.b[4:]
	s.FirstSeen = d.time()
	s.LastSeen = d.time()
	s.ReviewAt = d.time()
	ok = d.ok
	if !ok {
		return errCorrupt
	}
	return nil
}

func appendStr(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// Times are stored as Unix seconds (0 = zero time): provenance needs no more.
func appendTime(dst []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(dst, 0)
	}
	return binary.AppendVarint(dst, t.Unix())
}

type decoder struct {
	b  []byte
	ok bool
}

func (d *decoder) str() string { return string(d.bytes()) }

// common decodes a string of the few that recur in every statement
// (schemas, properties, sources, labels) as a shared copy: ten million
// statements read into memory hold a handful of these, not ten million.
func (d *decoder) common() string { return commonStrings.get(d.bytes()) }

// bytes decodes a length-prefixed byte string, aliasing d's buffer.
func (d *decoder) bytes() []byte {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || uint64(len(d.b)-k) < n {
		d.ok = false
		d.b = nil
		return nil
	}
	b := d.b[k : k+int(n)]
	d.b = d.b[k+int(n):]
	return b
}

// interner shares copies of recurring strings. Readers look up a published
// map without locking; a new string copies the map, which is rare once the
// store's schemas, properties, sources and labels have all been seen. It
// holds at most maxCommon strings and returns fresh copies beyond that.
type interner struct {
	m  atomic.Pointer[map[string]string]
	mu sync.Mutex
}

const maxCommon = 4096

var commonStrings interner

func (in *interner) get(b []byte) string {
	if m := in.m.Load(); m != nil {
		if s, ok := (*m)[string(b)]; ok {
			return s
		}
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	var old map[string]string
	if m := in.m.Load(); m != nil {
		old = *m
		if s, ok := old[string(b)]; ok {
			return s
		}
	}
	s := string(b)
	if len(old) >= maxCommon {
		return s
	}
	next := make(map[string]string, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	next[s] = s
	in.m.Store(&next)
	return s
}

func (d *decoder) time() time.Time {
	v, k := binary.Varint(d.b)
	if k <= 0 {
		d.ok = false
		return time.Time{}
	}
	d.b = d.b[k:]
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}
